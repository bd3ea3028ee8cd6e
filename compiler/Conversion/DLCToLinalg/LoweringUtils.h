//===- LoweringUtils.h - helpers shared by the dlc-to-linalg files -*- C++ -*-===//
//
// Small builders every op family needs: empty/filled tensors, NumPy
// broadcast indexing maps, an elementwise linalg.generic and a reshape that
// goes through collapse/expand (which later fusion understands).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CONVERSION_DLCTOLINALG_LOWERINGUTILS_H
#define DLC_CONVERSION_DLCTOLINALG_LOWERINGUTILS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::dlc {

/// Scalar body of an elementwise op: block arguments in, the result out.
using ScalarBodyFn = llvm::function_ref<Value(OpBuilder &, Location, ValueRange)>;
/// Scalar body of an elementwise op with several results.
using ScalarBodiesFn =
    llvm::function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)>;

inline RankedTensorType tensorTypeOf(Value v) {
  return cast<RankedTensorType>(v.getType());
}

/// A tensor.empty of `type`.
Value createEmpty(OpBuilder &b, Location loc, RankedTensorType type);

/// A tensor of `type` filled with `value`.
Value createFilled(OpBuilder &b, Location loc, RankedTensorType type, double value);

/// An f32 constant.
Value createF32(OpBuilder &b, Location loc, double value);

/// The indexing map reading an operand of shape `in` broadcast (NumPy rules,
/// right-aligned) into an iteration space of shape `out`.
AffineMap broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> in, ArrayRef<int64_t> out);

/// `linalg.generic` computing `body` elementwise over `resultType`, each input
/// broadcast into it.
Value buildElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                       ValueRange inputs, ScalarBodyFn body);

/// Elementwise with explicit indexing maps for the inputs (the output uses the
/// identity map).
Value buildElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                       ValueRange inputs, ArrayRef<AffineMap> inputMaps,
                       ScalarBodyFn body);

/// One `linalg.generic` computing several results elementwise (each of its
/// type in `resultTypes`, all of one shape) with explicit input maps.
SmallVector<Value> buildElementwise(OpBuilder &b, Location loc,
                                   TypeRange resultTypes, ValueRange inputs,
                                   ArrayRef<AffineMap> inputMaps,
                                   ScalarBodiesFn body);

/// One step of a running arg-max inside a reduction body, by torch.max's
/// rules: (best, bestIndex) becomes (x, index) when x is greater, or is the
/// first NaN (a NaN wins and stays; ties keep the earlier index), or when
/// the i1 `force` (if given) holds. Returns the new pair.
std::pair<Value, Value> argMaxStep(OpBuilder &b, Location loc, Value x, Value index,
                                   Value best, Value bestIndex,
                                   Value force = nullptr);

/// Inside a loop body, along one axis of a sliding window: the window whose
/// tap `tap` lands on position `pos` (`pos + pad - tap * dilation =
/// window * stride`) and an i1 stating whether there is one (a non-negative
/// multiple of the stride, below `windows`). The window index is 0 when
/// there is none, so that reads with it stay in bounds. `pos` and `tap`
/// are index values. The gathering adjoints (col2im, max pooling's) use it
/// to visit only the windows over an element.
std::pair<Value, Value> windowOfTap(OpBuilder &b, Location loc, Value pos, Value tap,
                                    int64_t stride, int64_t pad, int64_t dilation,
                                    int64_t windows);

/// Reshape `value` to `type` (same element count) by collapsing to 1-D and
/// expanding, or by a single collapse/expand where the shapes allow it.
Value reshapeTo(OpBuilder &b, Location loc, Value value, RankedTensorType type);

/// Pads the two trailing (spatial) dims of an NCHW tensor with `value`.
Value padSpatial(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> low,
                 ArrayRef<int64_t> high, double value);

} // namespace mlir::dlc

#endif // DLC_CONVERSION_DLCTOLINALG_LOWERINGUTILS_H
