//===- WeightPacker.h - weights re-laid out for the microkernels -*- C++ -*-===//
//
// Re-lays out an operand that the kernels read along another dimension than
// it is stored in (a filter's output channels, a matrix product's transposed
// weights): at compile time when it is a constant (a new constant, each
// source once per layout), else by one copy at run time through an affine
// map, reading through a copy that produced the operand (a transposed
// convolution's flipped filter) rather than materializing both.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TRANSFORMS_WEIGHTPACKER_H
#define DLC_TRANSFORMS_WEIGHTPACKER_H

#include "mlir/IR/AffineMap.h"
#include "mlir/IR/PatternMatch.h"

#include <map>
#include <tuple>
#include <vector>

namespace mlir::dlc {

class WeightPacker {
public:
  /// `value` viewed as `shape` (row-major, same element count), then
  /// transposed by `perm` (result dim i is dim perm[i] of the view);
  /// `toSource` maps an index of the result to `value`'s index.
  Value pack(RewriterBase &rewriter, Location loc, Value value, ArrayRef<int64_t> shape,
             ArrayRef<int64_t> perm, AffineMap toSource);

private:
  Attribute packConstant(Attribute value, RankedTensorType packedType,
                         ArrayRef<int64_t> shape, ArrayRef<int64_t> perm);

  std::map<std::tuple<const void *, std::vector<int64_t>, std::vector<int64_t>>, Attribute>
      cache;
};

} // namespace mlir::dlc

#endif // DLC_TRANSFORMS_WEIGHTPACKER_H
