//===- ActivationOps.cpp - dlc activation ops: shape inference, verifiers -===//
//
// The activations, softmax, dropout and elementwise arithmetic with NumPy broadcasting.
// Diagnostics follow OpUtils.h: lowercase, naming the operand, stating
// the expected and the actual value.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/ActivationOps.h"
#include "OpUtils.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

LogicalResult ClipOp::verify() {
  float lo = getMin().convertToFloat(), hi = getMax().convertToFloat();
  if (!(lo <= hi))
    return emitOpError("min (") << lo << ") must not exceed max (" << hi << ")";
  return success();
}

//===----------------------------------------------------------------------===//
// Broadcasting binary ops
//===----------------------------------------------------------------------===//

static LogicalResult inferBroadcast(MLIRContext *ctx, std::optional<Location> loc,
                                    StringRef op, Value lhs, Value rhs,
                                    SmallVectorImpl<Type> &types) {
  auto shape = broadcastShapes(shapeOf(lhs), shapeOf(rhs));
  if (!shape)
    return fail(loc, op, "operand shapes ", str(shapeOf(lhs)), " and ",
                str(shapeOf(rhs)), " are not broadcast-compatible");
  types.push_back(f32Tensor(ctx, *shape));
  return success();
}

#define DLC_BROADCAST_INFER(OP, NAME)                                          \
  LogicalResult OP::inferReturnTypes(MLIRContext *ctx,                         \
                                     std::optional<Location> loc,              \
                                     Adaptor adaptor,                          \
                                     SmallVectorImpl<Type> &types) {           \
    return inferBroadcast(ctx, loc, NAME, adaptor.getLhs(), adaptor.getRhs(),  \
                          types);                                              \
  }
DLC_BROADCAST_INFER(AddOp, "add")
DLC_BROADCAST_INFER(SubOp, "sub")
DLC_BROADCAST_INFER(MulOp, "mul")
#undef DLC_BROADCAST_INFER


LogicalResult SoftmaxOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  int64_t rank = shapeOf(adaptor.getInput()).size();
  if (failed(normalizeAxis(loc, "softmax", static_cast<int64_t>(adaptor.getAxis()),
                           rank)))
    return failure();
  types.push_back(adaptor.getInput().getType());
  return success();
}


#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/ActivationOps.cpp.inc"
