//===- NormalizationOps.cpp - dlc normalization ops: shape inference, verifiers -===//
//
// The normalization: batch_norm (inference, training), lrn.
// Diagnostics follow OpUtils.h: lowercase, naming the operand, stating
// the expected and the actual value.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/NormalizationOps.h"
#include "OpUtils.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

/// Both BatchNorm forms: an input of rank >= 2 (N, C, ...) and four
/// per-channel operands of shape [C].
static LogicalResult
checkPerChannel(std::optional<Location> loc, StringRef op, Value input,
                ArrayRef<std::pair<StringRef, Value>> params) {
  ArrayRef<int64_t> in = shapeOf(input);
  if (in.size() < 2)
    return fail(loc, op, "input must have rank >= 2 (N, C, ...), got rank ",
                in.size());
  for (auto [name, value] : params) {
    ArrayRef<int64_t> s = shapeOf(value);
    if (s.size() != 1 || s[0] != in[1])
      return fail(loc, op, name, " must have shape ", in[1],
                  " (one per channel), got ", str(s));
  }
  return success();
}

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  StringRef op = "batch_norm";
  if (failed(checkPerChannel(loc, op, adaptor.getInput(),
                             {{"scale", adaptor.getScale()},
                              {"bias", adaptor.getBias()},
                              {"mean", adaptor.getMean()},
                              {"variance", adaptor.getVariance()}})))
    return failure();
  if (adaptor.getEpsilon().convertToFloat() < 0)
    return fail(loc, op, "epsilon must be non-negative");
  types.push_back(adaptor.getInput().getType());
  return success();
}

LogicalResult BatchNormTrainOp::inferReturnTypes(MLIRContext *ctx,
                                                 std::optional<Location> loc,
                                                 Adaptor adaptor,
                                                 SmallVectorImpl<Type> &types) {
  StringRef op = "batch_norm_train";
  if (failed(checkPerChannel(loc, op, adaptor.getInput(),
                             {{"scale", adaptor.getScale()},
                              {"bias", adaptor.getBias()},
                              {"running_mean", adaptor.getRunningMean()},
                              {"running_var", adaptor.getRunningVar()}})))
    return failure();
  float epsilon = adaptor.getEpsilon().convertToFloat();
  if (!(epsilon >= 0))
    return fail(loc, op, "epsilon must be non-negative, got ", epsilon);
  float momentum = adaptor.getMomentum().convertToFloat();
  if (!(momentum >= 0 && momentum <= 1))
    return fail(loc, op, "momentum must be in [0, 1], got ", momentum);
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  int64_t perChannel = in[0];
  for (size_t i = 2; i < in.size(); ++i)
    perChannel *= in[i];
  if (adaptor.getUnbiasedRunningVar() && perChannel < 2)
    return fail(loc, op,
                "the unbiased running variance needs more than 1 value per "
                "channel, got ",
                perChannel, " (input ", str(in), ")");
  auto channelType = f32Tensor(ctx, {in[1]});
  types.push_back(adaptor.getInput().getType());
  types.append(4, channelType);
  return success();
}

LogicalResult LRNOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &types) {
  StringRef op = "lrn";
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  if (in.size() < 3)
    return fail(loc, op, "input must have rank >= 3 (N, C, D1, ...), got rank ",
                in.size(), " (", str(in), ")");
  if (adaptor.getSize() < 1)
    return fail(loc, op, "size must be positive, got ", adaptor.getSize());
  // With alpha >= 0 and bias > 0 the base of the power is positive.
  float alpha = adaptor.getAlpha().convertToFloat();
  if (!(alpha >= 0))
    return fail(loc, op, "alpha must be non-negative, got ", alpha);
  float bias = adaptor.getBias().convertToFloat();
  if (!(bias > 0))
    return fail(loc, op, "bias must be positive, got ", bias);
  types.push_back(adaptor.getInput().getType());
  return success();
}

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/NormalizationOps.cpp.inc"
