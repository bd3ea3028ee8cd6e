//===- LossOps.cpp - dlc loss ops: shape inference, verifiers -===//
//
// The losses: cross-entropy, NLL, MSE, KL divergence, center, contrastive,
// margin softmaxes. Every loss computes a per-sample loss and reduces it by
// its `reduction` attribute: "none" keeps the per-sample shape, "mean" and
// "sum" give a rank-0 tensor. Diagnostics follow OpUtils.h: lowercase,
// naming the operand, stating the expected and the actual value.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/LossOps.h"
#include "OpUtils.h"

#include <cmath>

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

namespace {

/// Checks `reduction` against the allowed values ("batchmean" only for
/// kl_div) and pushes the loss type: the per-sample shape for "none", rank 0
/// otherwise.
LogicalResult pushLossType(MLIRContext *ctx, std::optional<Location> loc,
                           StringRef op, StringRef reduction,
                           ArrayRef<int64_t> perSample,
                           SmallVectorImpl<Type> &types,
                           bool allowBatchmean = false) {
  bool valid = reduction == "mean" || reduction == "sum" || reduction == "none" ||
               (allowBatchmean && reduction == "batchmean");
  if (!valid)
    return fail(loc, op, "reduction must be ",
                allowBatchmean ? "\"mean\", \"sum\", \"none\" or \"batchmean\""
                               : "\"mean\", \"sum\" or \"none\"",
                ", got \"", reduction, "\"");
  types.push_back(
      f32Tensor(ctx, reduction == "none" ? perSample : ArrayRef<int64_t>{}));
  return success();
}

/// Class scores `[N, C, d...]` against labels `[N, d...]` and an optional
/// per-class weight `[C]`; returns the per-sample shape (the labels' shape).
FailureOr<SmallVector<int64_t>> inferClassLoss(std::optional<Location> loc,
                                               StringRef op, StringRef scoresName,
                                               Value scores, Value labels,
                                               Value weight) {
  ArrayRef<int64_t> s = shapeOf(scores), l = shapeOf(labels);
  if (s.size() < 2)
    return fail(loc, op, scoresName,
                " must have rank >= 2 ([N, C] or [N, C, d1, ...]), got rank ",
                s.size(), " (", str(s), ")");
  SmallVector<int64_t> expected{s[0]};
  expected.append(s.begin() + 2, s.end());
  if (l != ArrayRef<int64_t>(expected))
    return fail(loc, op, "labels must have shape ", str(expected), " (", scoresName,
                " ", str(s), " without the class dim), got ", str(l));
  if (weight && shapeOf(weight) != ArrayRef<int64_t>{s[1]})
    return fail(loc, op, "weight must have shape ", str({s[1]}),
                " (one per class), got ", str(shapeOf(weight)));
  return expected;
}

/// Features `[N, D]`, class weights `[D, C]`, labels `[N]` of the margin
/// softmaxes; pushes both result types.
LogicalResult inferMarginSoftmax(MLIRContext *ctx, std::optional<Location> loc,
                                 StringRef op, Value input, Value weight,
                                 Value labels, StringRef reduction,
                                 SmallVectorImpl<Type> &types) {
  if (failed(checkRank(loc, op, "input", input, 2, "N, D")) ||
      failed(checkRank(loc, op, "weight", weight, 2, "D, C")))
    return failure();
  ArrayRef<int64_t> x = shapeOf(input), w = shapeOf(weight);
  if (w[0] != x[1])
    return fail(loc, op, "weight must have ", x[1],
                " rows (the feature size of input ", str(x), "), got ", str(w));
  if (shapeOf(labels) != ArrayRef<int64_t>{x[0]})
    return fail(loc, op, "labels must have shape ", str({x[0]}), ", got ",
                str(shapeOf(labels)));
  if (failed(pushLossType(ctx, loc, op, reduction, {x[0]}, types)))
    return failure();
  types.push_back(f32Tensor(ctx, {x[0], w[1]}));
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// Classification losses
//===----------------------------------------------------------------------===//

LogicalResult SoftmaxCrossEntropyOp::inferReturnTypes(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  StringRef op = "softmax_cross_entropy";
  auto perSample = inferClassLoss(loc, op, "logits", adaptor.getLogits(),
                                  adaptor.getLabels(), adaptor.getWeight());
  if (failed(perSample) ||
      failed(pushLossType(ctx, loc, op, adaptor.getReduction(), *perSample, types)))
    return failure();
  types.push_back(adaptor.getLogits().getType());
  return success();
}

LogicalResult NLLLossOp::inferReturnTypes(MLIRContext *ctx,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  StringRef op = "nll_loss";
  auto perSample = inferClassLoss(loc, op, "input", adaptor.getInput(),
                                  adaptor.getLabels(), adaptor.getWeight());
  if (failed(perSample))
    return failure();
  return pushLossType(ctx, loc, op, adaptor.getReduction(), *perSample, types);
}

//===----------------------------------------------------------------------===//
// Regression and distribution losses
//===----------------------------------------------------------------------===//

LogicalResult MSELossOp::inferReturnTypes(MLIRContext *ctx,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput()), t = shapeOf(adaptor.getTarget());
  if (in != t)
    return fail(loc, "mse_loss", "target must have the shape of input ", str(in),
                ", got ", str(t));
  return pushLossType(ctx, loc, "mse_loss", adaptor.getReduction(), in, types);
}

LogicalResult KLDivOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput()), t = shapeOf(adaptor.getTarget());
  if (in != t)
    return fail(loc, "kl_div", "target must have the shape of input ", str(in),
                ", got ", str(t));
  return pushLossType(ctx, loc, "kl_div", adaptor.getReduction(), in, types,
                      /*allowBatchmean=*/true);
}

//===----------------------------------------------------------------------===//
// Metric-learning losses
//===----------------------------------------------------------------------===//

LogicalResult CenterLossOp::inferReturnTypes(MLIRContext *ctx,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &types) {
  StringRef op = "center_loss";
  if (failed(checkRank(loc, op, "features", adaptor.getFeatures(), 2, "N, D")) ||
      failed(checkRank(loc, op, "centers", adaptor.getCenters(), 2, "C, D")))
    return failure();
  ArrayRef<int64_t> x = shapeOf(adaptor.getFeatures()),
                    c = shapeOf(adaptor.getCenters());
  if (c[1] != x[1])
    return fail(loc, op, "centers must have ", x[1],
                " columns (the feature size of features ", str(x), "), got ", str(c));
  if (shapeOf(adaptor.getLabels()) != ArrayRef<int64_t>{x[0]})
    return fail(loc, op, "labels must have shape ", str({x[0]}), ", got ",
                str(shapeOf(adaptor.getLabels())));
  return pushLossType(ctx, loc, op, adaptor.getReduction(), {x[0]}, types);
}

LogicalResult ContrastiveLossOp::inferReturnTypes(MLIRContext *ctx,
                                                  std::optional<Location> loc,
                                                  Adaptor adaptor,
                                                  SmallVectorImpl<Type> &types) {
  StringRef op = "contrastive_loss";
  if (failed(checkRank(loc, op, "x1", adaptor.getX1(), 2, "N, D")))
    return failure();
  ArrayRef<int64_t> x1 = shapeOf(adaptor.getX1()), x2 = shapeOf(adaptor.getX2());
  if (x2 != x1)
    return fail(loc, op, "x2 must have the shape of x1 ", str(x1), ", got ", str(x2));
  if (shapeOf(adaptor.getLabel()) != ArrayRef<int64_t>{x1[0]})
    return fail(loc, op, "label must have shape ", str({x1[0]}), ", got ",
                str(shapeOf(adaptor.getLabel())));
  double margin = adaptor.getMargin().convertToDouble();
  if (!(margin >= 0.0) || std::isinf(margin))
    return fail(loc, op, "margin must be finite and non-negative, got ", margin);
  return pushLossType(ctx, loc, op, adaptor.getReduction(), {x1[0]}, types);
}

//===----------------------------------------------------------------------===//
// Large-margin softmaxes
//===----------------------------------------------------------------------===//

LogicalResult LSoftmaxLossOp::inferReturnTypes(MLIRContext *ctx,
                                               std::optional<Location> loc,
                                               Adaptor adaptor,
                                               SmallVectorImpl<Type> &types) {
  // I64Attr's accessor is unsigned: read it back as the signed value.
  auto margin = static_cast<int64_t>(adaptor.getMargin());
  if (margin < 1)
    return fail(loc, "l_softmax_loss", "margin must be an integer >= 1, got ", margin);
  return inferMarginSoftmax(ctx, loc, "l_softmax_loss", adaptor.getInput(),
                            adaptor.getWeight(), adaptor.getLabels(),
                            adaptor.getReduction(), types);
}

LogicalResult ASoftmaxLossOp::inferReturnTypes(MLIRContext *ctx,
                                               std::optional<Location> loc,
                                               Adaptor adaptor,
                                               SmallVectorImpl<Type> &types) {
  // I64Attr's accessor is unsigned: read it back as the signed value.
  auto margin = static_cast<int64_t>(adaptor.getMargin());
  if (margin < 1)
    return fail(loc, "a_softmax_loss", "margin must be an integer >= 1, got ", margin);
  return inferMarginSoftmax(ctx, loc, "a_softmax_loss", adaptor.getInput(),
                            adaptor.getWeight(), adaptor.getLabels(),
                            adaptor.getReduction(), types);
}

LogicalResult AMSoftmaxLossOp::inferReturnTypes(MLIRContext *ctx,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  StringRef op = "am_softmax_loss";
  double scale = adaptor.getScale().convertToDouble();
  double margin = adaptor.getMargin().convertToDouble();
  if (!(scale > 0.0) || std::isinf(scale))
    return fail(loc, op, "scale must be finite and positive, got ", scale);
  if (!(margin >= 0.0) || std::isinf(margin))
    return fail(loc, op, "margin must be finite and non-negative, got ", margin);
  return inferMarginSoftmax(ctx, loc, op, adaptor.getInput(), adaptor.getWeight(),
                            adaptor.getLabels(), adaptor.getReduction(), types);
}

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/LossOps.cpp.inc"
