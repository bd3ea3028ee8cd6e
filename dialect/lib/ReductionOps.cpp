//===- ReductionOps.cpp - dlc reduction ops: shape inference, verifiers -===//
//
// The reductions over axes: sum, mean, max, min, L2 norm.
// Diagnostics follow OpUtils.h: lowercase, naming the operand, stating
// the expected and the actual value.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/ReductionOps.h"
#include "OpUtils.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

/// The shape of reducing `input` over `axes` (normalized, duplicates and
/// out-of-range axes rejected; empty means all).
static LogicalResult inferReduce(MLIRContext *ctx, std::optional<Location> loc,
                                 StringRef op, Value input, ArrayRef<int64_t> axes,
                                 bool keepdims, SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> shape = shapeOf(input);
  int64_t rank = shape.size();
  SmallVector<bool> reduced(rank, axes.empty());
  for (int64_t axis : axes) {
    FailureOr<int64_t> d = normalizeAxis(loc, op, axis, rank);
    if (failed(d))
      return failure();
    if (reduced[*d])
      return fail(loc, op, "axes [", llvm::make_range(axes.begin(), axes.end()),
                  "] name dimension ", *d, " more than once");
    reduced[*d] = true;
  }
  SmallVector<int64_t> result;
  for (int64_t d = 0; d < rank; ++d)
    if (!reduced[d])
      result.push_back(shape[d]);
    else if (keepdims)
      result.push_back(1);
  types.push_back(f32Tensor(ctx, result));
  return success();
}

#define DLC_REDUCE_INFER(OP, NAME)                                             \
  LogicalResult OP::inferReturnTypes(MLIRContext *ctx,                         \
                                     std::optional<Location> loc,              \
                                     Adaptor adaptor,                          \
                                     SmallVectorImpl<Type> &types) {           \
    return inferReduce(ctx, loc, NAME, adaptor.getInput(), adaptor.getAxes(),  \
                       adaptor.getKeepdims(), types);                          \
  }
DLC_REDUCE_INFER(ReduceSumOp, "reduce_sum")
DLC_REDUCE_INFER(ReduceMeanOp, "reduce_mean")
DLC_REDUCE_INFER(ReduceMaxOp, "reduce_max")
DLC_REDUCE_INFER(ReduceMinOp, "reduce_min")
DLC_REDUCE_INFER(ReduceL2Op, "reduce_l2")
#undef DLC_REDUCE_INFER



#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/ReductionOps.cpp.inc"
