//===- OptimizerOps.cpp - dlc optimizer ops: shape inference, verifiers -===//
//
// The optimizer steps: ONNX's Adagrad, Momentum and Adam on one parameter
// tensor. Every op checks the same things (scalar r and t, one shape for x,
// g and the states), so one helper infers them all.
// Diagnostics follow OpUtils.h: lowercase, naming the operand, stating
// the expected and the actual value.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/OptimizerOps.h"
#include "OpUtils.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

namespace {
/// A tensor operand and the name diagnostics use for it.
struct NamedValue {
  StringRef name;
  Value value;
};

/// Checks that `r` and `t` are rank 0 and every tensor in `same` has the
/// shape of `x`, then returns `numResults` results of x's type.
LogicalResult inferOptimizerStep(std::optional<Location> loc, StringRef op,
                                 Value r, Value t, Value x,
                                 ArrayRef<NamedValue> same, unsigned numResults,
                                 SmallVectorImpl<Type> &types) {
  if (failed(checkRank(loc, op, "r", r, 0, "the learning rate")) ||
      failed(checkRank(loc, op, "t", t, 0, "the update count")))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(x);
  for (const NamedValue &v : same)
    if (shapeOf(v.value) != shape)
      return fail(loc, op, v.name, " must have the shape of x (", str(shape),
                  "), got ", str(shapeOf(v.value)));
  types.append(numResults, x.getType());
  return success();
}
} // namespace

//===----------------------------------------------------------------------===//
// Optimizer steps
//===----------------------------------------------------------------------===//

LogicalResult AdagradOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  return inferOptimizerStep(loc, "adagrad", adaptor.getR(), adaptor.getT(),
                            adaptor.getX(),
                            {{"g", adaptor.getG()}, {"h", adaptor.getH()}}, 2,
                            types);
}

LogicalResult MomentumOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  StringRef mode = adaptor.getMode();
  if (mode != "standard" && mode != "nesterov")
    return fail(loc, "momentum", "mode must be \"standard\" or \"nesterov\", got \"",
                mode, "\"");
  return inferOptimizerStep(loc, "momentum", adaptor.getR(), adaptor.getT(),
                            adaptor.getX(),
                            {{"g", adaptor.getG()}, {"v", adaptor.getV()}}, 2,
                            types);
}

LogicalResult AdamOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  return inferOptimizerStep(
      loc, "adam", adaptor.getR(), adaptor.getT(), adaptor.getX(),
      {{"g", adaptor.getG()}, {"v", adaptor.getV()}, {"h", adaptor.getH()}}, 3,
      types);
}

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/OptimizerOps.cpp.inc"
