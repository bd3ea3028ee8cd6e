//===- NormalizationGradients.cpp - adjoint rules of the normalizations -----===//
//
// batch_norm (inference) is an affine map per channel: dx = g * scale *
// istd, dscale = sum(g * xhat), dbias = sum(g), with istd = 1/sqrt(var +
// eps) and xhat = (x - mean) * istd; the running mean and variance are
// buffers and get no adjoint. batch_norm_train normalizes with the batch's
// own statistics, so its input adjoint also flows through them (PyTorch's
// BatchNorm backward):
//
//   dx = scale * istd * (g - mean(g) - xhat * mean(g * xhat)),
//
// means over the M elements of each channel; adjoints reaching the saved
// batch_mean / batch_var results add 1/M and 2 (x - mean) / M; the new
// running statistics are buffer updates and pass nothing back. lrn's
// adjoint needs the channel window's transpose: with s = bias + alpha/size
// * sum_window(x^2) and y = x * s^-beta,
//
//   dx = g * s^-beta - 2 alpha beta / size * x * sum_window^T(g * y / s),
//
// both window sums being average poolings over the channel axis (a window
// of [size, 1] over [N, 1, C, rest], zero padding counted), the transpose
// with the padding mirrored.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/ActivationOps.h"
#include "dlc/Dialect/DLC/DataMovementOps.h"
#include "dlc/Dialect/DLC/GradientUtils.h"
#include "dlc/Dialect/DLC/NormalizationOps.h"
#include "dlc/Dialect/DLC/PoolingOps.h"

using namespace mlir;
using namespace mlir::dlc;
using grad::Emitter;

namespace {

ArrayRef<int64_t> shapeOf(Value v) { return cast<RankedTensorType>(v.getType()).getShape(); }

/// The per-channel view of an [N, C, ...] input: [1, C, 1, ...], the axes
/// reduced per channel, and the element count M per channel.
struct Channels {
  explicit Channels(Value input) {
    ArrayRef<int64_t> in = shapeOf(input);
    shape.assign(in.size(), 1);
    shape[1] = in[1];
    count = in[0];
    axes.push_back(0);
    for (int64_t d = 2; d < static_cast<int64_t>(in.size()); ++d) {
      axes.push_back(d);
      count *= in[d];
    }
  }
  SmallVector<int64_t> shape, axes;
  int64_t count;
};

/// 1 / sqrt(variance + epsilon), at the channels' broadcast shape.
Value inverseStd(Emitter &e, Value variance, APFloat epsilon, const Channels &ch) {
  Value shifted = e.add(e.reshape(variance, ch.shape), e.scalar(epsilon.convertToDouble()));
  return ReciprocalOp::create(e.b, e.loc, SqrtOp::create(e.b, e.loc, shifted));
}

/// A per-channel sum ([1, C, 1, ...]) as a [C] adjoint.
Value asChannelVector(Emitter &e, Value v) {
  return e.reshape(v, {shapeOf(v)[1]});
}

/// The channel window sums of lrn as average poolings: `v` ([N, C, ...])
/// seen as [N, 1, C, rest], averaged over windows of `size` channels
/// starting `before` channels back (zero padding counted), returned at
/// `v`'s shape. The sum is `size` times the result.
Value channelWindowMean(Emitter &e, Value v, int64_t size, int64_t before) {
  ArrayRef<int64_t> in = shapeOf(v);
  int64_t rest = 1;
  for (int64_t extent : in.drop_front(2))
    rest *= extent;
  Value planes = e.reshape(v, {in[0], 1, in[1], rest});
  Value mean = AvgPool2DOp::create(e.b, e.loc, planes, ArrayRef<int64_t>{size, 1},
                                   ArrayRef<int64_t>{1, 1},
                                   ArrayRef<int64_t>{before, 0, size - 1 - before, 0},
                                   /*ceil_mode=*/false, /*count_include_pad=*/true);
  return e.reshape(mean, in);
}

} // namespace

DLC_ADJOINTS(BatchNormOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g)
    return success();
  Emitter e(b, getLoc());
  Channels ch(getInput());
  Value istd = inverseStd(e, getVariance(), getEpsilon(), ch);
  if (needed[0])
    operandAdjoints[0] = e.mul(g, e.mul(e.reshape(getScale(), ch.shape), istd));
  if (needed[1]) {
    Value xhat = e.mul(e.sub(getInput(), e.reshape(getMean(), ch.shape)), istd);
    operandAdjoints[1] = asChannelVector(e, e.sumKeep(e.mul(g, xhat), ch.axes));
  }
  if (needed[2])
    operandAdjoints[2] = asChannelVector(e, e.sumKeep(g, ch.axes));
  return success();
}

DLC_ADJOINTS(BatchNormTrainOp) {
  grad::initAdjoints(*this, operandAdjoints);
  // The running statistics (results 1, 2) pass nothing back.
  Value g = resultAdjoints[0], gMean = resultAdjoints[3], gVar = resultAdjoints[4];
  if (!g && !gMean && !gVar)
    return success();
  Emitter e(b, getLoc());
  Value x = getInput();
  Channels ch(x);
  Value perElement = e.scalar(1.0 / static_cast<double>(ch.count));
  Value centered = e.sub(x, e.reshape(getBatchMean(), ch.shape));
  Value dx;
  if (g) {
    Value istd = inverseStd(e, getBatchVar(), getEpsilon(), ch);
    Value xhat = e.mul(centered, istd);
    Value sumG = e.sumKeep(g, ch.axes);
    Value sumGX = e.sumKeep(e.mul(g, xhat), ch.axes);
    if (needed[0]) {
      Value inner = e.sub(e.sub(g, e.mul(sumG, perElement)),
                          e.mul(xhat, e.mul(sumGX, perElement)));
      dx = e.mul(e.mul(e.reshape(getScale(), ch.shape), istd), inner);
    }
    if (needed[1])
      operandAdjoints[1] = asChannelVector(e, sumGX);
    if (needed[2])
      operandAdjoints[2] = asChannelVector(e, sumG);
  }
  if (!needed[0])
    return success();
  if (gMean) {
    // batch_mean = sum(x) / M.
    Value d = e.mul(e.reshape(gMean, ch.shape), perElement);
    dx = dx ? e.add(dx, d) : ExpandOp::create(b, getLoc(), d, shapeOf(x)).getResult();
  }
  if (gVar) {
    // batch_var = sum((x - mean)^2) / M; the mean's own derivative sums to 0.
    Value d = e.mul(centered, e.mul(e.reshape(gVar, ch.shape), e.mul(perElement, e.scalar(2))));
    dx = dx ? e.add(dx, d) : d;
  }
  operandAdjoints[0] = dx;
  return success();
}

DLC_ADJOINTS(LRNOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g || !needed[0])
    return success();
  Emitter e(b, getLoc());
  Value x = getInput();
  int64_t size = getSize();
  // ONNX's window [c - floor((size-1)/2), c + ceil((size-1)/2)]; its
  // transpose runs over the channels whose window holds c.
  int64_t before = (size - 1) / 2, after = size - 1 - before;
  double alpha = getAlpha().convertToDouble(), beta = getBeta().convertToDouble();
  Value s = e.add(e.scalar(getBias().convertToDouble()),
                  e.mul(e.scalar(alpha), channelWindowMean(e, e.mul(x, x), size, before)));
  Value scaled = e.mul(g, PowOp::create(b, getLoc(), s, e.scalar(-beta)));
  Value spread = channelWindowMean(e, e.div(e.mul(g, getOutput()), s), size, after);
  operandAdjoints[0] =
      e.sub(scaled, e.mul(e.scalar(2 * alpha * beta), e.mul(x, spread)));
  return success();
}
