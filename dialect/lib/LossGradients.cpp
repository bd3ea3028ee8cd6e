//===- LossGradients.cpp - adjoint rules of the losses ----------------------===//
//
// The reverse-mode rules of the loss family. Every loss reduces a per-sample
// term, so each rule first turns the adjoint g of the reduced loss into the
// adjoint of every per-sample term (g itself for "none" and "sum", g over
// the divisor for "mean" and "batchmean"), then applies the term's
// derivative:
//
//   nll_loss       d input = -a_i w_i at the label, 0 elsewhere
//   softmax_cross_entropy  that NLL adjoint of log_prob plus log_prob's own
//                  adjoint, through log-softmax's rule g - exp(lp) sum g
//   mse_loss       2 a (x - t), and its negation for the target
//   kl_div         -a t and a (log t + 1 - x)  (log_target: -a e^t and
//                  a e^t (t - x + 1))
//   center_loss    a_i (x_i - c_y), scattered back negated onto the centers
//   contrastive    a_i (y - (1 - y) max(0, m - d) / d) (x1 - x2)
//   margin softmaxes  the cross-entropy part to the modified logits f, then
//                  f's derivative through x W, the norms and psi(cos)
//
// Class labels become a one-hot mask: the labels cast to f32 (exact below
// 2^24) and clamped into [0, C) as the forward reads them, compared with an
// iota over the classes. Where a derivative is a choice the rules follow
// PyTorch: nothing flows to ignored samples (even when "mean" divides by a
// zero total weight), norms have gradient 0 at 0, clamps pass the gradient
// on their bounds. The class-weight operand of nll_loss and
// softmax_cross_entropy, which PyTorch does not differentiate, gets its
// exact adjoint too.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/ActivationOps.h"
#include "dlc/Dialect/DLC/DataMovementOps.h"
#include "dlc/Dialect/DLC/GradientUtils.h"
#include "dlc/Dialect/DLC/LinearOps.h"
#include "dlc/Dialect/DLC/LossOps.h"
#include "dlc/Dialect/DLC/ReductionOps.h"

#include <cmath>
#include <optional>

using namespace mlir;
using namespace mlir::dlc;
using grad::Emitter;

namespace {

/// F.normalize's floor on a norm, as in the forward: v / max(||v||, eps).
constexpr double kNormEps = 1e-12;

ArrayRef<int64_t> shapeOf(Value v) { return cast<RankedTensorType>(v.getType()).getShape(); }

/// The adjoint of each per-sample term from the adjoint `g` of the reduced
/// loss: g reshaped to `view` (the per-sample shape with unit dims where
/// the terms broadcast) for "none", g for "sum", g / `divisor` otherwise.
Value perSampleAdjoint(Emitter &e, Value g, StringRef reduction, ArrayRef<int64_t> view,
                       Value divisor) {
  if (reduction == "none")
    return e.reshape(g, view);
  if (reduction == "sum")
    return g;
  return e.div(g, divisor);
}

/// `divisor` of perSampleAdjoint for "mean" (and "batchmean"), a count.
Value countOr(Emitter &e, StringRef reduction, double mean, double batchmean = 1.0) {
  if (reduction == "mean")
    return e.scalar(mean);
  if (reduction == "batchmean")
    return e.scalar(batchmean);
  return Value();
}

/// Class labels [N, d...] as a one-hot f32 mask [N, C, d...]: 1 at the
/// label (clamped into [0, C) like the forward's read), 0 elsewhere and for
/// the whole of a sample whose label is `ignoreIndex`.
Value oneHot(Emitter &e, Value labels, int64_t classes, std::optional<int64_t> ignoreIndex) {
  ArrayRef<int64_t> l = shapeOf(labels);
  SmallVector<int64_t> view(l);
  view.insert(view.begin() + 1, 1);
  Value asF32 = CastOp::create(e.b, e.loc, RankedTensorType::get(l, e.b.getF32Type()), labels);
  Value label = e.reshape(asF32, view);
  Value clamped =
      ClipOp::create(e.b, e.loc, label, APFloat(0.0f), APFloat(static_cast<float>(classes - 1)));
  Value hot = e.compare(clamped, grad::iota(e.b, e.loc, classes, view.size(), 1), "eq");
  if (ignoreIndex)
    hot = e.mul(hot, e.compare(label, e.scalar(static_cast<double>(*ignoreIndex)), "ne"));
  return hot;
}

/// The shared part of the class losses: sum_i -w_i logProb[n, y_i, d...]
/// reduced by `reduction`, "mean" dividing by sum_i w_i.
struct ClassLoss {
  Value logProb; ///< [N, C, d...]
  Value oneHot;  ///< [N, C, d...], all 0 for an ignored sample
  Value weight;  ///< [C], or null for weight 1
  bool ignores;  ///< whether an ignore_index is set
  StringRef reduction;
  Value loss; ///< the op's reduced loss (the weight adjoint of "mean" reads it)
};

/// The adjoint of `c` w.r.t. logProb from the loss adjoint `g` and, when
/// `dWeight` is given, w.r.t. the class weights:
///   d logProb[n, c, d...] = -a_i w_i [c == y_i]
///   d weight[c] = sum over i with y_i == c of a_i (-logProb_i - [mean] L)
/// with a_i the per-sample adjoint (g / sum w for "mean").
Value classLossAdjoint(Emitter &e, const ClassLoss &c, Value g, Value *dWeight) {
  ArrayRef<int64_t> s = shapeOf(c.logProb);
  int64_t rank = s.size(), classes = s[1];
  Value zero = e.scalar(0);
  // Per-sample weights w_i [N, 1, d...] (0 when ignored); null: all 1.
  Value w;
  if (c.weight) {
    SmallVector<int64_t> classView(rank, 1);
    classView[1] = classes;
    w = e.sumKeep(e.mul(c.oneHot, e.reshape(c.weight, classView)), {1});
  } else if (c.ignores) {
    w = e.sumKeep(c.oneHot, {1});
  }
  SmallVector<int64_t> view(s);
  view[1] = 1;
  Value divisor;
  if (c.reduction == "mean")
    divisor = w ? ReduceSumOp::create(e.b, e.loc, w, ArrayRef<int64_t>{}, false).getResult()
                : e.scalar(static_cast<double>(
                      RankedTensorType::get(view, e.b.getF32Type()).getNumElements()));
  Value a = perSampleAdjoint(e, g, c.reduction, view, divisor);
  // Selected by the mask, so that an ignored sample gets 0 even when "mean"
  // divided by a zero total weight (PyTorch's nll_loss backward skips it).
  Value dLogProb = e.select(c.oneHot, e.neg(w ? e.mul(a, w) : a), zero);
  if (dWeight) {
    Value atLabel = e.sumKeep(e.select(c.oneHot, c.logProb, zero), {1});
    Value r = e.neg(atLabel);
    if (c.reduction == "mean")
      r = e.sub(r, c.loss);
    Value contribution = e.select(c.oneHot, e.mul(a, r), zero);
    SmallVector<int64_t> samples;
    for (int64_t d = 0; d < rank; ++d)
      if (d != 1)
        samples.push_back(d);
    *dWeight = ReduceSumOp::create(e.b, e.loc, contribution, samples, false);
  }
  return dLogProb;
}

/// log-softmax's rule along dim 1: g - exp(lp) * sum_c g.
Value logSoftmaxAdjoint(Emitter &e, Value g, Value logProb) {
  return e.sub(g, e.mul(e.exp(logProb), e.sumKeep(g, {1})));
}

std::optional<int64_t> ignoreIndexOf(std::optional<uint64_t> attr) {
  if (!attr)
    return std::nullopt;
  return static_cast<int64_t>(*attr);
}

/// The rule of nll_loss (`logProb` is its input) and of
/// softmax_cross_entropy (`logProb` its second result, whose own adjoint is
/// `gLogProb`, and `logits` the operand the adjoint goes to).
template <typename OpTy>
LogicalResult classAdjoints(OpTy op, Value logProb, Value gLoss, Value gLogProb,
                            bool throughLogSoftmax, OpBuilder &b, ArrayRef<bool> needed,
                            SmallVectorImpl<Value> &operandAdjoints) {
  grad::initAdjoints(op, operandAdjoints);
  Value weight = op.getWeight();
  bool wantWeight = weight && needed[2] && gLoss;
  if (!needed[0] && !wantWeight)
    return success();
  Emitter e(b, op.getLoc());
  Value dLogProb = gLogProb, dWeight;
  if (gLoss) {
    std::optional<int64_t> ignore = ignoreIndexOf(op.getIgnoreIndex());
    ClassLoss c{logProb,
                oneHot(e, op.getLabels(), shapeOf(logProb)[1], ignore),
                weight,
                ignore.has_value(),
                op.getReduction(),
                op.getLoss()};
    Value d = classLossAdjoint(e, c, gLoss, wantWeight ? &dWeight : nullptr);
    dLogProb = dLogProb ? e.add(dLogProb, d) : d;
  }
  if (needed[0] && dLogProb)
    operandAdjoints[0] = throughLogSoftmax ? logSoftmaxAdjoint(e, dLogProb, logProb) : dLogProb;
  if (wantWeight)
    operandAdjoints[2] = dWeight;
  return success();
}

//===----------------------------------------------------------------------===//
// Large-margin softmaxes
//===----------------------------------------------------------------------===//

enum class Margin { L, A, AM };

/// psi(c) = (-1)^k T_m(c) - 2k of l_softmax_loss and its slope
/// (-1)^k m U_{m-1}(c) (T_m' = m U_{m-1}, U the Chebyshev polynomials of
/// the second kind), with k as the forward counts it: the j in 1..m-1 with
/// c <= cos(j pi / m). `c` is the clamped cosine.
std::pair<Value, Value> psiAndSlope(Emitter &e, Value c, int64_t m) {
  Value one = e.scalar(1), twoC = e.mul(e.scalar(2), c);
  // T and U share the recurrence X_{i+1} = 2c X_i - X_{i-1}; T_0 = U_0 = 1,
  // T_1 = c, U_1 = 2c.
  Value tPrev = one, t = c;
  for (int64_t i = 1; i < m; ++i)
    std::tie(tPrev, t) = std::pair(t, e.sub(e.mul(twoC, t), tPrev));
  Value uPrev = one, u = one;
  if (m > 1)
    u = twoC;
  for (int64_t i = 2; i < m; ++i)
    std::tie(uPrev, u) = std::pair(u, e.sub(e.mul(twoC, u), uPrev));
  Value k = e.scalar(0), sign = one;
  for (int64_t j = 1; j < m; ++j) {
    Value past = e.compare(c, e.scalar(std::cos(j * M_PI / m)), "le");
    k = e.select(past, e.scalar(static_cast<double>(j)), k);
    sign = e.select(past, e.scalar(j % 2 ? -1.0 : 1.0), sign);
  }
  Value psi = e.sub(e.mul(sign, t), e.mul(e.scalar(2), k));
  Value slope = e.mul(e.mul(sign, e.scalar(static_cast<double>(m))), u);
  return {psi, slope};
}

/// The rule of the three margin softmaxes. With dot = x W, n_x = ||x_i||,
/// n_w = ||W_j||, e_v = max(n_v, eps) and cos = dot / (e_x e_w), each f_ij
/// is a function of dot, cos, n_x and n_w; the rule gathers
///   gd = dL/d dot (direct), gc = dL/d cos, bx = dL/d n_x, bw = dL/d n_w
/// and then, through cos = dot / (e_x e_w):
///   G  = gd + gc / (e_x e_w)
///   dx = G W^T + x (bx - [n_x >= eps] sum_j gc cos / e_x) / n_x
///   dW = x^T G + W (bw - [n_w >= eps] sum_i gc cos / e_w) / n_w
/// (the second terms 0 where a norm is 0, like torch's norm backward).
/// `m` is the integer margin of L- and A-Softmax, `scale` AM-Softmax's s.
template <typename OpTy>
LogicalResult marginAdjoints(OpTy op, Margin kind, int64_t m, double scale, OpBuilder &b,
                             ArrayRef<Value> resultAdjoints, ArrayRef<bool> needed,
                             SmallVectorImpl<Value> &operandAdjoints) {
  grad::initAdjoints(op, operandAdjoints);
  Value gLoss = resultAdjoints[0], gLogits = resultAdjoints[1];
  if ((!gLoss && !gLogits) || (!needed[0] && !needed[1]))
    return success();
  Location loc = op.getLoc();
  Emitter e(b, loc);
  Value x = op.getInput(), w = op.getWeight(), zero = e.scalar(0), eps = e.scalar(kNormEps);
  Value hot = oneHot(e, op.getLabels(), shapeOf(w)[1], std::nullopt);
  // g = dL/df: the cross-entropy over f through log-softmax, plus f's own.
  Value g = gLogits;
  if (gLoss) {
    Value logProb = LogSoftmaxOp::create(b, loc, op.getLogits(), uint64_t{1});
    ClassLoss c{logProb, hot, Value(), false, op.getReduction(), op.getLoss()};
    Value d = logSoftmaxAdjoint(e, classLossAdjoint(e, c, gLoss, nullptr), logProb);
    g = g ? e.add(g, d) : d;
  }
  Value nx = ReduceL2Op::create(b, loc, x, ArrayRef<int64_t>{1}, true); // [N, 1]
  Value nw = ReduceL2Op::create(b, loc, w, ArrayRef<int64_t>{0}, true); // [1, C]
  Value ex = e.max(nx, eps), ew = e.max(nw, eps);
  Value cos = e.div(MatMulOp::create(b, loc, x, w), e.mul(ex, ew));
  Value gd, gc, bx, bw;
  if (kind == Margin::AM) {
    // f = s (cos - m [j == y]).
    gc = e.mul(g, e.scalar(scale));
  } else {
    // psi and its slope at each sample's target cosine [N, 1]; the clamp
    // into [-1, 1] passes the gradient on its bounds (torch.clamp).
    Value target = e.sumKeep(e.select(hot, cos, zero), {1});
    Value clamped = ClipOp::create(b, loc, target, APFloat(-1.0f), APFloat(1.0f));
    Value inside =
        e.mul(e.compare(target, e.scalar(-1), "ge"), e.compare(target, e.scalar(1), "le"));
    auto [psi, slope] = psiAndSlope(e, clamped, m);
    slope = e.mul(slope, inside);
    if (kind == Margin::L) {
      // f = dot off the target, n_w n_x psi(cos) on it.
      Value p = e.select(hot, g, zero);
      gd = e.sub(g, p);
      gc = e.mul(e.mul(p, nw), e.mul(nx, slope));
      bx = e.mul(e.sumKeep(e.mul(p, nw), {1}), psi);
      bw = e.sumKeep(e.mul(p, e.mul(nx, psi)), {0});
    } else {
      // f = n_x h with h = cos off the target, psi(cos) on it.
      Value h = e.select(hot, psi, cos);
      gc = e.mul(g, e.mul(nx, e.select(hot, slope, e.scalar(1))));
      bx = e.sumKeep(e.mul(g, h), {1});
    }
  }
  Value gDot = e.div(gc, e.mul(ex, ew));
  if (gd)
    gDot = e.add(gDot, gd);
  Value gcCos = e.mul(gc, cos);
  // (direct + [n >= eps] * through-the-floor) / n, 0 where n = 0.
  auto normScale = [&](Value direct, Value viaFloor, Value n, Value floored) {
    Value total = e.neg(e.div(e.mul(viaFloor, e.compare(n, eps, "ge")), floored));
    if (direct)
      total = e.add(total, direct);
    return e.select(e.compare(n, zero, "eq"), zero, e.div(total, n));
  };
  auto gemm = [&](Value lhs, Value rhs, bool transLhs, bool transRhs) -> Value {
    return GemmOp::create(b, loc, lhs, rhs, Value(), b.getBoolAttr(transLhs),
                          b.getBoolAttr(transRhs), b.getF32FloatAttr(1.0f),
                          b.getF32FloatAttr(0.0f));
  };
  if (needed[0])
    operandAdjoints[0] =
        e.add(gemm(gDot, w, false, true), e.mul(x, normScale(bx, e.sumKeep(gcCos, {1}), nx, ex)));
  if (needed[1])
    operandAdjoints[1] =
        e.add(gemm(x, gDot, true, false), e.mul(w, normScale(bw, e.sumKeep(gcCos, {0}), nw, ew)));
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// Classification losses
//===----------------------------------------------------------------------===//

DLC_ADJOINTS(SoftmaxCrossEntropyOp) {
  return classAdjoints(*this, getLogProb(), resultAdjoints[0], resultAdjoints[1],
                       /*throughLogSoftmax=*/true, b, needed, operandAdjoints);
}

DLC_ADJOINTS(NLLLossOp) {
  return classAdjoints(*this, getInput(), resultAdjoints[0], Value(),
                       /*throughLogSoftmax=*/false, b, needed, operandAdjoints);
}

//===----------------------------------------------------------------------===//
// Regression and distribution losses
//===----------------------------------------------------------------------===//

DLC_ADJOINTS(MSELossOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g)
    return success();
  Emitter e(b, getLoc());
  Value x = getInput();
  auto type = cast<RankedTensorType>(x.getType());
  StringRef reduction = getReduction();
  Value a = perSampleAdjoint(e, g, reduction, type.getShape(),
                             countOr(e, reduction, type.getNumElements()));
  Value d = e.mul(e.mul(e.scalar(2), a), e.sub(x, getTarget()));
  if (needed[0])
    operandAdjoints[0] = d;
  if (needed[1])
    operandAdjoints[1] = e.neg(d);
  return success();
}

DLC_ADJOINTS(KLDivOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g)
    return success();
  Emitter e(b, getLoc());
  Value x = getInput(), t = getTarget(), zero = e.scalar(0);
  auto type = cast<RankedTensorType>(x.getType());
  StringRef reduction = getReduction();
  double batch = type.getRank() > 0 ? type.getDimSize(0) : 1;
  Value a = perSampleAdjoint(e, g, reduction, type.getShape(),
                             countOr(e, reduction, type.getNumElements(), batch));
  if (getLogTarget()) {
    // loss = e^t (t - x)
    Value expT = e.exp(t);
    if (needed[0])
      operandAdjoints[0] = e.neg(e.mul(a, expT));
    if (needed[1])
      operandAdjoints[1] = e.mul(e.mul(a, expT), e.add(e.sub(t, x), e.scalar(1)));
    return success();
  }
  // loss = xlogy(t, t) - t x
  if (needed[0])
    operandAdjoints[0] = e.neg(e.mul(a, t));
  if (needed[1]) {
    // d/dt = log t + 1 - x, -inf as t -> 0+. At t = 0 the rule gives 0, as
    // PyTorch's kl_div target backward did up to 1.12 (1.13's composite
    // gives 0/0 = NaN): a zero target contributes nothing, forward or back.
    Value d = e.mul(a, e.sub(e.add(e.log(t), e.scalar(1)), x));
    operandAdjoints[1] = e.select(e.compare(t, zero, "eq"), zero, d);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Metric-learning losses
//===----------------------------------------------------------------------===//

DLC_ADJOINTS(CenterLossOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g || (!needed[0] && !needed[2]))
    return success();
  Emitter e(b, getLoc());
  Value x = getFeatures(), centers = getCenters(), labels = getLabels();
  int64_t n = shapeOf(x)[0], classes = shapeOf(centers)[0];
  StringRef reduction = getReduction();
  Value a = perSampleAdjoint(e, g, reduction, {n, 1}, countOr(e, reduction, n));
  // a_i (x_i - c_{y_i}); the centers get it negated, summed per class. A
  // label outside [0, C) is undefined behaviour; gather and scatter_add
  // keep it in bounds as the forward does.
  Value d = e.mul(a, e.sub(x, GatherOp::create(b, getLoc(), centers, labels, uint64_t{0})));
  if (needed[0])
    operandAdjoints[0] = d;
  if (needed[2])
    operandAdjoints[2] = e.neg(
        ScatterAddOp::create(b, getLoc(), d, labels, uint64_t{0}, static_cast<uint64_t>(classes)));
  return success();
}

DLC_ADJOINTS(ContrastiveLossOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g)
    return success();
  Emitter e(b, getLoc());
  Value x1 = getX1(), x2 = getX2(), zero = e.scalar(0), one = e.scalar(1);
  int64_t n = shapeOf(x1)[0];
  StringRef reduction = getReduction();
  Value a = perSampleAdjoint(e, g, reduction, {n, 1}, countOr(e, reduction, n));
  Value diff = e.sub(x1, x2);
  Value dist = ReduceL2Op::create(b, getLoc(), diff, ArrayRef<int64_t>{1}, true); // [N, 1]
  Value y = e.reshape(getLabel(), {n, 1});
  Value gap = e.max(e.sub(e.scalar(getMargin().convertToDouble()), dist), zero);
  // d loss_i / d x1_i = (y - (1 - y) gap / d) (x1 - x2). The dissimilar
  // pull is 0 at d = 0, where the norm's gradient is 0 (as torch's).
  Value pull = e.select(e.compare(dist, zero, "eq"), zero, e.div(e.mul(e.sub(one, y), gap), dist));
  Value d = e.mul(e.mul(a, e.sub(y, pull)), diff);
  if (needed[0])
    operandAdjoints[0] = d;
  if (needed[1])
    operandAdjoints[1] = e.neg(d);
  if (needed[2]) {
    // The loss is linear in a (soft) label: 1/2 (d^2 - gap^2).
    Value slope = e.mul(e.scalar(0.5), e.sub(e.mul(dist, dist), e.mul(gap, gap)));
    operandAdjoints[2] = e.reshape(e.mul(a, slope), {n});
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Large-margin softmaxes
//===----------------------------------------------------------------------===//

// I64Attr's accessor is unsigned: the margins are read back as signed.

DLC_ADJOINTS(LSoftmaxLossOp) {
  return marginAdjoints(*this, Margin::L, static_cast<int64_t>(getMargin()), 1.0, b, resultAdjoints,
                        needed, operandAdjoints);
}

DLC_ADJOINTS(ASoftmaxLossOp) {
  return marginAdjoints(*this, Margin::A, static_cast<int64_t>(getMargin()), 1.0, b, resultAdjoints,
                        needed, operandAdjoints);
}

DLC_ADJOINTS(AMSoftmaxLossOp) {
  return marginAdjoints(*this, Margin::AM, 1, getScale().convertToDouble(), b, resultAdjoints,
                        needed, operandAdjoints);
}
