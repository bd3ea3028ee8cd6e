//===- ShapeUtils.h - shape arithmetic shared by ops and lowering -*- C++ -*-===//
//
// Pure shape arithmetic (no IR): the output extent of a sliding window and
// NumPy broadcasting. Shape inference and the lowering both use these, so
// the lowering pads and iterates exactly the extents the verifier accepted.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_SHAPEUTILS_H
#define DLC_DIALECT_DLC_SHAPEUTILS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <optional>

namespace mlir::dlc {

/// Output extent of a window of `kernel` taps (dilated by `dilation`) sliding
/// with `stride` over `input` elements padded by `padBegin`/`padEnd`. With
/// `ceilMode` the division rounds up, except that a window may not start in
/// the end padding (PyTorch and ONNX agree on this). Returns a value <= 0
/// when the window does not fit.
int64_t windowOutputSize(int64_t input, int64_t kernel, int64_t stride,
                         int64_t padBegin, int64_t padEnd, int64_t dilation,
                         bool ceilMode);

/// NumPy broadcast of two shapes; std::nullopt if they are incompatible.
std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs);

/// `NxCxHxW`-style rendering of a shape for diagnostics.
std::string shapeToString(llvm::ArrayRef<int64_t> shape);

} // namespace mlir::dlc

#endif // DLC_DIALECT_DLC_SHAPEUTILS_H
