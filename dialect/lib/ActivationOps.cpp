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

LogicalResult HardSigmoidOp::verify() {
  for (auto [name, value] : {std::pair{"alpha", getAlpha()}, std::pair{"beta", getBeta()}})
    if (!value.isFinite())
      return emitOpError(name) << " must be finite, got "
                               << (value.isNaN() ? "nan" : value.isNegative() ? "-inf" : "inf");
  return success();
}

LogicalResult GeluOp::verify() {
  if (getApproximate() != "none" && getApproximate() != "tanh")
    return emitOpError("approximate must be 'none' or 'tanh', got '")
           << getApproximate() << "'";
  return success();
}

/// Per channel (PyTorch nn.PReLU(C)) when `slope` is [input dim 1], else
/// ONNX unidirectional broadcasting into the input's shape.
LogicalResult PReluOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> slope = shapeOf(adaptor.getSlope());
  bool perChannel = slope.size() == 1 && in.size() >= 2 && slope[0] == in[1];
  if (!perChannel) {
    auto shape = broadcastShapes(in, slope);
    if (slope.size() > in.size() || !shape || ArrayRef<int64_t>(*shape) != in)
      return fail(loc, "prelu", "slope shape ", str(slope),
                  " must be [C] with C = input dim 1 or broadcast to the input "
                  "shape ",
                  str(in));
  }
  types.push_back(adaptor.getInput().getType());
  return success();
}

LogicalResult MaxoutOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  Value input = adaptor.getInput();
  int64_t pieces = static_cast<int64_t>(adaptor.getPieces());
  if (shapeOf(input).size() < 2)
    return fail(loc, "maxout",
                "input must have rank >= 2 ([N, C*pieces, ...]), got rank ",
                shapeOf(input).size(), " (", str(shapeOf(input)), ")");
  if (pieces < 1)
    return fail(loc, "maxout", "pieces must be positive, got ", pieces);
  SmallVector<int64_t> shape(shapeOf(input));
  if (shape[1] % pieces != 0)
    return fail(loc, "maxout", "input dim 1 (", shape[1],
                ") must be a multiple of pieces (", pieces, ")");
  shape[1] /= pieces;
  types.push_back(f32Tensor(ctx, shape));
  types.push_back(RankedTensorType::get(shape, IntegerType::get(ctx, 64)));
  return success();
}

LogicalResult DropoutOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  float ratio = adaptor.getRatio().convertToFloat();
  if (!(ratio >= 0.0f && ratio < 1.0f))
    return fail(loc, "dropout", "ratio must be in [0, 1), got ", ratio);
  types.push_back(adaptor.getInput().getType());
  types.push_back(adaptor.getInput().getType());
  return success();
}

/// At inference, and with ratio 0, dropout keeps every element: the output
/// is the input and the mask is all ones.
LogicalResult DropoutOp::fold(FoldAdaptor, SmallVectorImpl<OpFoldResult> &results) {
  if (getTraining() && getRatio().convertToFloat() != 0.0f)
    return failure();
  auto type = cast<RankedTensorType>(getMask().getType());
  results.push_back(getInput());
  results.push_back(DenseElementsAttr::get(type, 1.0f));
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
DLC_BROADCAST_INFER(DivOp, "div")
DLC_BROADCAST_INFER(MaxOp, "max")
DLC_BROADCAST_INFER(MinOp, "min")
DLC_BROADCAST_INFER(PowOp, "pow")
#undef DLC_BROADCAST_INFER

LogicalResult CompareOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  StringRef predicate = adaptor.getPredicate();
  if (!llvm::is_contained({"eq", "ne", "lt", "le", "gt", "ge"}, predicate))
    return fail(loc, "compare", "predicate must be one of eq, ne, lt, le, gt, ge, got '",
                predicate, "'");
  return inferBroadcast(ctx, loc, "compare", adaptor.getLhs(), adaptor.getRhs(), types);
}

LogicalResult SelectOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> c = shapeOf(adaptor.getCondition()), t = shapeOf(adaptor.getOnTrue()),
                    f = shapeOf(adaptor.getOnFalse());
  auto shape = broadcastShapes(c, t);
  if (shape)
    shape = broadcastShapes(*shape, f);
  if (!shape)
    return fail(loc, "select", "operand shapes ", str(c), ", ", str(t), " and ", str(f),
                " are not broadcast-compatible");
  types.push_back(f32Tensor(ctx, *shape));
  return success();
}


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

LogicalResult LogSoftmaxOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &types) {
  int64_t rank = shapeOf(adaptor.getInput()).size();
  if (failed(normalizeAxis(loc, "log_softmax",
                           static_cast<int64_t>(adaptor.getAxis()), rank)))
    return failure();
  types.push_back(adaptor.getInput().getType());
  return success();
}

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/ActivationOps.cpp.inc"
