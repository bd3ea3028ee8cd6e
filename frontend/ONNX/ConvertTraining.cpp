//===- ConvertTraining.cpp - ONNX losses and training operators -------------===//
//
// SoftmaxCrossEntropyLoss and NegativeLogLikelihoodLoss map to the dlc loss
// ops one to one. The ai.onnx.preview.training optimizers (Adagrad,
// Momentum, Adam) update any number of tensors in one node: inputs R, T,
// then the tensors X_1..X_n, their gradients G_1..G_n and states; outputs
// X_new_1..n, then each state's new values. Each tensor becomes one dlc op.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "onnx/onnx_pb.h"

using namespace mlir;
using namespace mlir::dlc::onnx_import;

namespace {

/// Labels as an i64 value (known labels become a constant).
FailureOr<Value> labels(NodeContext &ctx, unsigned i) {
  if (const HostTensor *t = ctx.host(i)) {
    if (t->isFloat()) {
      (void)ctx.fail("labels must be integers, got " + dtypeName(t->dtype));
      return failure();
    }
    return ctx.constant(t->cast(kInt64));
  }
  return ctx.value(i);
}

template <bool softmax> LogicalResult convertLoss(NodeContext &ctx) {
  FailureOr<Value> scores = ctx.f32(0), target = labels(ctx, 1);
  if (failed(scores) || failed(target))
    return failure();
  SmallVector<Value> operands = {*scores, *target};
  if (ctx.has(2)) {
    FailureOr<Value> weight = ctx.f32(2);
    if (failed(weight))
      return failure();
    operands.push_back(*weight);
  }
  std::string reduction = ctx.attrString("reduction", "mean");
  SmallVector<NamedAttribute> attrs = {
      ctx.named("reduction", llvm::StringRef(reduction))};
  if (ctx.hasAttr("ignore_index"))
    attrs.push_back(ctx.named("ignore_index", ctx.attrInt("ignore_index", 0)));
  FailureOr<Operation *> op =
      ctx.op(softmax ? "softmax_cross_entropy" : "nll_loss", operands, attrs,
             softmax ? 2 : 1);
  if (failed(op))
    return failure();
  for (unsigned i = 0; i < (*op)->getNumResults(); ++i)
    ctx.set(i, (*op)->getResult(i));
  return success();
}

enum class Optimizer { Adagrad, Momentum, Adam };

template <Optimizer kind> LogicalResult convertOptimizer(NodeContext &ctx) {
  // Tensors per group: X, G and one (Adagrad: H; Momentum: V) or two
  // (Adam: V, H) states.
  unsigned states = kind == Optimizer::Adam ? 2 : 1;
  unsigned perGroup = 2 + states;
  if (ctx.numInputs() < 2 + perGroup || (ctx.numInputs() - 2) % perGroup != 0)
    return ctx.fail("expects R, T and " + llvm::Twine(perGroup) +
                    " tensors per updated tensor, got " + llvm::Twine(ctx.numInputs()) +
                    " inputs");
  unsigned n = (ctx.numInputs() - 2) / perGroup;
  if (ctx.numOutputs() > (1 + states) * n)
    return ctx.fail("has more outputs than the " + llvm::Twine((1 + states) * n) +
                    " new values it computes");
  FailureOr<Value> r = ctx.f32(0), t = ctx.value(1);
  if (failed(r) || failed(t))
    return failure();
  SmallVector<NamedAttribute> attrs;
  const char *name = nullptr;
  switch (kind) {
  case Optimizer::Adagrad:
    name = "adagrad";
    attrs = {ctx.named("decay_factor", ctx.attrFloat("decay_factor", 0.0f)),
             ctx.named("epsilon", ctx.attrFloat("epsilon", 1e-6f)),
             ctx.named("norm_coefficient", ctx.attrFloat("norm_coefficient", 0.0f))};
    break;
  case Optimizer::Momentum:
    name = "momentum";
    for (llvm::StringRef required : {"alpha", "beta", "mode", "norm_coefficient"})
      if (!ctx.hasAttr(required))
        return ctx.fail("the '" + required + "' attribute is required");
    attrs = {ctx.named("alpha", ctx.attrFloat("alpha", 0.0f)),
             ctx.named("beta", ctx.attrFloat("beta", 0.0f)),
             ctx.named("mode", llvm::StringRef(ctx.attrString("mode", "standard"))),
             ctx.named("norm_coefficient", ctx.attrFloat("norm_coefficient", 0.0f))};
    break;
  case Optimizer::Adam:
    name = "adam";
    attrs = {ctx.named("alpha", ctx.attrFloat("alpha", 0.9f)),
             ctx.named("beta", ctx.attrFloat("beta", 0.999f)),
             ctx.named("epsilon", ctx.attrFloat("epsilon", 1e-6f)),
             ctx.named("norm_coefficient", ctx.attrFloat("norm_coefficient", 0.0f)),
             ctx.named("norm_coefficient_post",
                       ctx.attrFloat("norm_coefficient_post", 0.0f))};
    break;
  }
  for (unsigned g = 0; g < n; ++g) {
    SmallVector<Value> operands = {*r, *t};
    for (unsigned k = 0; k < perGroup; ++k) {
      FailureOr<Value> v = ctx.f32(2 + k * n + g);
      if (failed(v))
        return failure();
      operands.push_back(*v);
    }
    FailureOr<Operation *> op = ctx.op(name, operands, attrs, 1 + states);
    if (failed(op))
      return failure();
    for (unsigned k = 0; k <= states; ++k)
      ctx.set(k * n + g, (*op)->getResult(k));
  }
  return success();
}

} // namespace

void mlir::dlc::onnx_import::registerTrainingOps(OpTable &table) {
  table["::SoftmaxCrossEntropyLoss"] = {convertLoss<true>};
  table["::NegativeLogLikelihoodLoss"] = {convertLoss<false>};
  std::string training = kTrainingDomain.str() + "::";
  table[training + "Adagrad"] = {convertOptimizer<Optimizer::Adagrad>};
  table[training + "Momentum"] = {convertOptimizer<Optimizer::Momentum>};
  table[training + "Adam"] = {convertOptimizer<Optimizer::Adam>};
}
