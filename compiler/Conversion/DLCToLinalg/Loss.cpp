//===- Loss.cpp - dlc losses to linalg --------------------------------------===//
//
// Every loss is lowered in two steps: a per-sample loss tensor built from
// linalg.generic ops (reductions over the class or feature dim, label-driven
// reads through linalg.index + tensor.extract with the label clamped into
// range), then the `reduction`: none, a sum to a rank-0 tensor, or that sum
// divided by a count (or, for cross-entropy/NLL, by the summed weights of the
// non-ignored targets).
//
// The log-softmax is the stable form x - max - log(sum(exp(x - max))). The
// margin softmaxes build their modified logits [N, C] from x W (a
// linalg.matmul the contraction pipeline tiles) and the squared row/column
// norms, then reuse the cross-entropy path.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "dlc/Conversion/DLCToLinalg/DLCToLinalg.h"
#include "dlc/Dialect/DLC/DLCOps.h"

#include <cmath>
#include <limits>
#include <optional>

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// F.normalize's floor on a norm: v / max(||v||, kNormEps).
constexpr double kNormEps = 1e-12;

enum class Combine { Sum, Max };

/// The map of a rank-`rank` iteration space onto the dims `keep`.
AffineMap projection(MLIRContext *ctx, int64_t rank, ArrayRef<int64_t> keep) {
  SmallVector<AffineExpr> exprs;
  for (int64_t d : keep)
    exprs.push_back(getAffineDimExpr(d, ctx));
  return AffineMap::get(rank, 0, exprs, ctx);
}

/// The dims of a rank-`rank` space except `drop`.
SmallVector<int64_t> allDimsBut(int64_t rank, std::optional<int64_t> drop) {
  SmallVector<int64_t> dims;
  for (int64_t d = 0; d < rank; ++d)
    if (!drop || d != *drop)
      dims.push_back(d);
  return dims;
}

/// Reduces `value` over every dim not in `keep` (sum from 0, max from -inf);
/// `keep` lists the result's dims in order.
Value reduceTo(OpBuilder &b, Location loc, Value value, ArrayRef<int64_t> keep,
               Combine kind) {
  auto type = tensorTypeOf(value);
  int64_t rank = type.getRank();
  SmallVector<int64_t> shape;
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::reduction);
  for (int64_t d : keep) {
    shape.push_back(type.getDimSize(d));
    iterators[d] = utils::IteratorType::parallel;
  }
  auto outType = RankedTensorType::get(shape, b.getF32Type());
  double init = kind == Combine::Sum ? 0.0 : -std::numeric_limits<double>::infinity();
  MLIRContext *ctx = b.getContext();
  return linalg::GenericOp::create(
             b, loc, outType, value, createFilled(b, loc, outType, init),
             ArrayRef<AffineMap>{b.getMultiDimIdentityMap(rank),
                                 projection(ctx, rank, keep)},
             iterators,
             [kind](OpBuilder &nb, Location l, ValueRange x) {
               Value r = kind == Combine::Sum
                             ? Value(arith::AddFOp::create(nb, l, x[0], x[1]))
                             : Value(arith::MaximumFOp::create(nb, l, x[0], x[1]));
               linalg::YieldOp::create(nb, l, r);
             })
      .getResult(0);
}

/// The sum of every element, as a rank-0 tensor.
Value sumAll(OpBuilder &b, Location loc, Value value) {
  return reduceTo(b, loc, value, {}, Combine::Sum);
}

/// Rank-0 `num / den`.
Value divideScalars(OpBuilder &b, Location loc, Value num, Value den) {
  auto scalar = RankedTensorType::get({}, b.getF32Type());
  return buildElementwise(b, loc, scalar, {num, den},
                          [](OpBuilder &nb, Location l, ValueRange x) {
                            return arith::DivFOp::create(nb, l, x[0], x[1]);
                          });
}

/// Rank-0 `value * factor`.
Value scaleScalar(OpBuilder &b, Location loc, Value value, double factor) {
  return buildElementwise(b, loc, tensorTypeOf(value), value,
                          [factor](OpBuilder &nb, Location l, ValueRange x) {
                            return arith::MulFOp::create(nb, l, x[0],
                                                         createF32(nb, l, factor));
                          });
}

/// Applies "none" / "sum" / "mean" (and kl_div's "batchmean") to the
/// per-sample loss: "mean" divides by `count`, "batchmean" by `batch`.
Value reduceLoss(OpBuilder &b, Location loc, Value perSample, StringRef reduction,
                 double count, double batch = 1.0) {
  if (reduction == "none")
    return perSample;
  Value sum = sumAll(b, loc, perSample);
  if (reduction == "sum")
    return sum;
  return scaleScalar(b, loc, sum, 1.0 / (reduction == "batchmean" ? batch : count));
}

/// Stable log-softmax over dim 1 of `x` ([N, C, d...]).
Value logSoftmaxDim1(OpBuilder &b, Location loc, Value x) {
  auto type = tensorTypeOf(x);
  int64_t rank = type.getRank();
  MLIRContext *ctx = b.getContext();
  SmallVector<int64_t> rest = allDimsBut(rank, 1);
  Value max = reduceTo(b, loc, x, rest, Combine::Max);
  auto restType = tensorTypeOf(max);
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  iterators[1] = utils::IteratorType::reduction;
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  AffineMap restMap = projection(ctx, rank, rest);
  Value sumExp =
      linalg::GenericOp::create(
          b, loc, restType, ValueRange{x, max}, createFilled(b, loc, restType, 0.0),
          ArrayRef<AffineMap>{identity, restMap, restMap}, iterators,
          [](OpBuilder &nb, Location l, ValueRange a) {
            Value e = math::ExpOp::create(nb, l, arith::SubFOp::create(nb, l, a[0], a[1]));
            linalg::YieldOp::create(nb, l, Value(arith::AddFOp::create(nb, l, a[2], e)));
          })
          .getResult(0);
  return buildElementwise(b, loc, type, {x, max, sumExp}, {identity, restMap, restMap},
                          [](OpBuilder &nb, Location l, ValueRange a) {
                            Value shifted = arith::SubFOp::create(nb, l, a[0], a[1]);
                            return arith::SubFOp::create(
                                nb, l, shifted, math::LogOp::create(nb, l, a[2]));
                          });
}

/// `label` (i64) clamped into [0, extent) as an index, so that an
/// out-of-range label (undefined behaviour) never reads out of bounds.
Value clampedIndex(OpBuilder &b, Location loc, Value label, int64_t extent) {
  Type i64 = b.getI64Type();
  Value lo = arith::ConstantOp::create(b, loc, b.getIntegerAttr(i64, 0));
  Value hi = arith::ConstantOp::create(b, loc, b.getIntegerAttr(i64, extent - 1));
  Value clamped = arith::MinSIOp::create(b, loc, arith::MaxSIOp::create(b, loc, label, lo), hi);
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), clamped);
}

/// The per-sample NLL of `logProb` ([N, C, d...]) at `labels` ([N, d...]) and
/// the per-sample weights (0 where ignored) whose sum divides "mean":
///   loss_i = ignored ? 0 : -w[y_i] * logProb[n, y_i, d...].
std::pair<Value, Value> gatherNLL(OpBuilder &b, Location loc, Value logProb,
                                  Value labels, Value weight,
                                  std::optional<int64_t> ignoreIndex) {
  auto labelType = tensorTypeOf(labels);
  int64_t rank = labelType.getRank();
  int64_t classes = tensorTypeOf(logProb).getDimSize(1);
  auto outType = RankedTensorType::get(labelType.getShape(), b.getF32Type());
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{outType, outType}, ValueRange{labels},
      ValueRange{createEmpty(b, loc, outType), createEmpty(b, loc, outType)},
      ArrayRef<AffineMap>{identity, identity, identity}, iterators,
      [&](OpBuilder &nb, Location l, ValueRange a) {
        Value label = a[0];
        Value c = clampedIndex(nb, l, label, classes);
        SmallVector<Value> idx{linalg::IndexOp::create(nb, l, 0)};
        idx.push_back(c);
        for (int64_t d = 1; d < rank; ++d)
          idx.push_back(linalg::IndexOp::create(nb, l, d));
        Value lp = tensor::ExtractOp::create(nb, l, logProb, idx);
        Value w = weight ? Value(tensor::ExtractOp::create(nb, l, weight, ValueRange{c}))
                         : createF32(nb, l, 1.0);
        Value loss = arith::NegFOp::create(nb, l, arith::MulFOp::create(nb, l, w, lp));
        if (ignoreIndex) {
          Value ignored = arith::CmpIOp::create(
              nb, l, arith::CmpIPredicate::eq, label,
              arith::ConstantOp::create(nb, l, nb.getI64IntegerAttr(*ignoreIndex)));
          Value zero = createF32(nb, l, 0.0);
          loss = arith::SelectOp::create(nb, l, ignored, zero, loss);
          w = arith::SelectOp::create(nb, l, ignored, zero, w);
        }
        linalg::YieldOp::create(nb, l, ValueRange{loss, w});
      });
  return {generic.getResult(0), generic.getResult(1)};
}

/// The reduced NLL: "mean" divides by the summed weights of the non-ignored
/// targets (NaN when there are none, as in PyTorch).
Value reduceNLL(OpBuilder &b, Location loc, Value logProb, Value labels,
                Value weight, std::optional<int64_t> ignoreIndex,
                StringRef reduction) {
  auto [loss, weights] = gatherNLL(b, loc, logProb, labels, weight, ignoreIndex);
  if (reduction != "mean")
    return reduceLoss(b, loc, loss, reduction, 1.0);
  return divideScalars(b, loc, sumAll(b, loc, loss), sumAll(b, loc, weights));
}

std::optional<int64_t> ignoreIndexOf(std::optional<uint64_t> attr) {
  if (!attr)
    return std::nullopt;
  return static_cast<int64_t>(*attr);
}

//===----------------------------------------------------------------------===//
// Classification losses
//===----------------------------------------------------------------------===//

struct SoftmaxCrossEntropyToLinalg : OpConversionPattern<SoftmaxCrossEntropyOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SoftmaxCrossEntropyOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value logProb = logSoftmaxDim1(rewriter, loc, adaptor.getLogits());
    Value loss = reduceNLL(rewriter, loc, logProb, adaptor.getLabels(),
                           adaptor.getWeight(), ignoreIndexOf(op.getIgnoreIndex()),
                           op.getReduction());
    rewriter.replaceOp(op, {loss, logProb});
    return success();
  }
};

struct NLLLossToLinalg : OpConversionPattern<NLLLossOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(NLLLossOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, reduceNLL(rewriter, op.getLoc(), adaptor.getInput(),
                                     adaptor.getLabels(), adaptor.getWeight(),
                                     ignoreIndexOf(op.getIgnoreIndex()),
                                     op.getReduction()));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Regression and distribution losses
//===----------------------------------------------------------------------===//

struct MSELossToLinalg : OpConversionPattern<MSELossOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MSELossOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = tensorTypeOf(adaptor.getInput());
    Value squared = buildElementwise(
        rewriter, loc, type, {adaptor.getInput(), adaptor.getTarget()},
        [](OpBuilder &b, Location l, ValueRange x) {
          Value d = arith::SubFOp::create(b, l, x[0], x[1]);
          return arith::MulFOp::create(b, l, d, d);
        });
    rewriter.replaceOp(op, reduceLoss(rewriter, loc, squared, op.getReduction(),
                                      static_cast<double>(type.getNumElements())));
    return success();
  }
};

struct KLDivToLinalg : OpConversionPattern<KLDivOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(KLDivOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = tensorTypeOf(adaptor.getInput());
    bool logTarget = op.getLogTarget();
    Value pointwise = buildElementwise(
        rewriter, loc, type, {adaptor.getInput(), adaptor.getTarget()},
        [logTarget](OpBuilder &b, Location l, ValueRange x) -> Value {
          Value input = x[0], target = x[1];
          if (logTarget)
            return arith::MulFOp::create(b, l, math::ExpOp::create(b, l, target),
                                         arith::SubFOp::create(b, l, target, input));
          // xlogy(t, t) - t * input, with xlogy(0, y) = 0.
          Value zero = createF32(b, l, 0.0);
          Value isZero =
              arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ, target, zero);
          Value tLogT = arith::MulFOp::create(b, l, target,
                                              math::LogOp::create(b, l, target));
          Value xlogy = arith::SelectOp::create(b, l, isZero, zero, tLogT);
          return arith::SubFOp::create(b, l, xlogy,
                                       arith::MulFOp::create(b, l, target, input));
        });
    double batch = type.getRank() > 0 ? type.getDimSize(0) : 1;
    rewriter.replaceOp(op, reduceLoss(rewriter, loc, pointwise, op.getReduction(),
                                      static_cast<double>(type.getNumElements()),
                                      batch));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Metric-learning losses
//===----------------------------------------------------------------------===//

/// loss_i = 1/2 sum_d (x[i, d] - centers[clamp(y_i), d])^2 in one generic over
/// [N, D] reducing D.
struct CenterLossToLinalg : OpConversionPattern<CenterLossOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CenterLossOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto xType = tensorTypeOf(adaptor.getFeatures());
    Value centers = adaptor.getCenters();
    int64_t n = xType.getDimSize(0);
    int64_t classes = tensorTypeOf(centers).getDimSize(0);
    auto rowType = RankedTensorType::get({n}, rewriter.getF32Type());
    AffineMap rows = projection(ctx, 2, {0});
    Value perSample =
        linalg::GenericOp::create(
            rewriter, loc, rowType, ValueRange{adaptor.getFeatures(), adaptor.getLabels()},
            createFilled(rewriter, loc, rowType, 0.0),
            ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(2), rows, rows},
            {utils::IteratorType::parallel, utils::IteratorType::reduction},
            [&](OpBuilder &b, Location l, ValueRange a) {
              Value c = clampedIndex(b, l, a[1], classes);
              Value d = linalg::IndexOp::create(b, l, 1);
              Value center = tensor::ExtractOp::create(b, l, centers, ValueRange{c, d});
              Value diff = arith::SubFOp::create(b, l, a[0], center);
              Value half = arith::MulFOp::create(
                  b, l, createF32(b, l, 0.5), arith::MulFOp::create(b, l, diff, diff));
              linalg::YieldOp::create(b, l, Value(arith::AddFOp::create(b, l, a[2], half)));
            })
            .getResult(0);
    rewriter.replaceOp(op, reduceLoss(rewriter, loc, perSample, op.getReduction(),
                                      static_cast<double>(n)));
    return success();
  }
};

/// Squared distances [N] by a reduction over D, then
/// 1/2 (y d^2 + (1 - y) max(0, margin - d)^2) elementwise.
struct ContrastiveLossToLinalg : OpConversionPattern<ContrastiveLossOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ContrastiveLossOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto xType = tensorTypeOf(adaptor.getX1());
    Value diff2 = buildElementwise(
        rewriter, loc, xType, {adaptor.getX1(), adaptor.getX2()},
        [](OpBuilder &b, Location l, ValueRange x) {
          Value d = arith::SubFOp::create(b, l, x[0], x[1]);
          return arith::MulFOp::create(b, l, d, d);
        });
    Value dist2 = reduceTo(rewriter, loc, diff2, {0}, Combine::Sum);
    double margin = op.getMargin().convertToDouble();
    Value perSample = buildElementwise(
        rewriter, loc, tensorTypeOf(dist2), {dist2, adaptor.getLabel()},
        [margin](OpBuilder &b, Location l, ValueRange x) {
          Value d2 = x[0], y = x[1];
          Value d = math::SqrtOp::create(b, l, d2);
          Value gap = arith::MaximumFOp::create(
              b, l, createF32(b, l, 0.0),
              arith::SubFOp::create(b, l, createF32(b, l, margin), d));
          Value similar = arith::MulFOp::create(b, l, y, d2);
          Value dissimilar = arith::MulFOp::create(
              b, l, arith::SubFOp::create(b, l, createF32(b, l, 1.0), y),
              arith::MulFOp::create(b, l, gap, gap));
          return arith::MulFOp::create(b, l, createF32(b, l, 0.5),
                                       arith::AddFOp::create(b, l, similar, dissimilar));
        });
    rewriter.replaceOp(op, reduceLoss(rewriter, loc, perSample, op.getReduction(),
                                      static_cast<double>(xType.getDimSize(0))));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Large-margin softmaxes
//===----------------------------------------------------------------------===//

enum class Margin { L, A, AM };

/// psi(t) = (-1)^k T_m(cos t) - 2k, with k the number of j in 1..m-1 such
/// that cos t <= cos(j pi / m); `c` is cos t, already clamped to [-1, 1].
Value buildPsi(OpBuilder &b, Location loc, Value c, int64_t m) {
  // T_m by the recurrence T_{k+1} = 2 c T_k - T_{k-1}.
  Value prev = createF32(b, loc, 1.0), cur = c;
  Value twoC = arith::MulFOp::create(b, loc, createF32(b, loc, 2.0), c);
  for (int64_t i = 1; i < m; ++i) {
    Value next = arith::SubFOp::create(b, loc, arith::MulFOp::create(b, loc, twoC, cur),
                                       prev);
    prev = cur;
    cur = next;
  }
  Value k = createF32(b, loc, 0.0), sign = createF32(b, loc, 1.0);
  for (int64_t j = 1; j < m; ++j) {
    Value past = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLE, c,
                                       createF32(b, loc, std::cos(j * M_PI / m)));
    k = arith::SelectOp::create(b, loc, past, createF32(b, loc, j), k);
    sign = arith::SelectOp::create(b, loc, past, createF32(b, loc, j % 2 ? -1.0 : 1.0),
                                   sign);
  }
  return arith::SubFOp::create(b, loc, arith::MulFOp::create(b, loc, sign, cur),
                               arith::MulFOp::create(b, loc, createF32(b, loc, 2.0), k));
}

/// The modified logits f [N, C] from dot = x W, ||x||^2 [N], ||W_j||^2 [C].
Value buildMarginLogits(OpBuilder &b, Location loc, Value x, Value w, Value labels,
                        Margin kind, int64_t m, double scale, double amMargin) {
  MLIRContext *ctx = b.getContext();
  auto xType = tensorTypeOf(x), wType = tensorTypeOf(w);
  int64_t n = xType.getDimSize(0), classes = wType.getDimSize(1);
  auto logitsType = RankedTensorType::get({n, classes}, b.getF32Type());
  Value dot = linalg::MatmulOp::create(b, loc, TypeRange{logitsType}, ValueRange{x, w},
                                       ValueRange{createFilled(b, loc, logitsType, 0.0)})
                  .getResult(0);
  auto square = [](OpBuilder &nb, Location l, ValueRange a) {
    return arith::MulFOp::create(nb, l, a[0], a[0]);
  };
  Value xNorm2 = reduceTo(b, loc, buildElementwise(b, loc, xType, x, square), {0},
                          Combine::Sum);
  Value wNorm2 = reduceTo(b, loc, buildElementwise(b, loc, wType, w, square), {1},
                          Combine::Sum);
  AffineMap identity = b.getMultiDimIdentityMap(2);
  AffineMap rows = projection(ctx, 2, {0}), cols = projection(ctx, 2, {1});
  return buildElementwise(
      b, loc, logitsType, {dot, xNorm2, wNorm2, labels}, {identity, rows, cols, rows},
      [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
        Value dotV = a[0];
        Value xNorm = math::SqrtOp::create(nb, l, a[1]);
        Value wNorm = math::SqrtOp::create(nb, l, a[2]);
        Value eps = createF32(nb, l, kNormEps);
        Value cosT = arith::DivFOp::create(
            nb, l, dotV,
            arith::MulFOp::create(nb, l, arith::MaximumFOp::create(nb, l, xNorm, eps),
                                  arith::MaximumFOp::create(nb, l, wNorm, eps)));
        Value j = arith::IndexCastOp::create(nb, l, nb.getI64Type(),
                                             linalg::IndexOp::create(nb, l, 1));
        Value isTarget =
            arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq, j, a[3]);
        Value other, target;
        if (kind == Margin::AM) {
          Value s = createF32(nb, l, scale);
          other = arith::MulFOp::create(nb, l, s, cosT);
          target = arith::MulFOp::create(
              nb, l, s, arith::SubFOp::create(nb, l, cosT, createF32(nb, l, amMargin)));
        } else {
          Value clamped = arith::MinimumFOp::create(
              nb, l, arith::MaximumFOp::create(nb, l, cosT, createF32(nb, l, -1.0)),
              createF32(nb, l, 1.0));
          Value psi = buildPsi(nb, l, clamped, m);
          if (kind == Margin::L) {
            other = dotV;
            target = arith::MulFOp::create(
                nb, l, arith::MulFOp::create(nb, l, wNorm, xNorm), psi);
          } else {
            other = arith::MulFOp::create(nb, l, xNorm, cosT);
            target = arith::MulFOp::create(nb, l, xNorm, psi);
          }
        }
        return arith::SelectOp::create(nb, l, isTarget, target, other);
      });
}

template <typename OpTy, Margin kind>
struct MarginSoftmaxToLinalg : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t m = 1;
    double scale = 1.0, amMargin = 0.0;
    if constexpr (kind == Margin::AM) {
      scale = op.getScale().convertToDouble();
      amMargin = op.getMargin().convertToDouble();
    } else {
      m = op.getMargin();
    }
    Value logits = buildMarginLogits(rewriter, loc, adaptor.getInput(),
                                     adaptor.getWeight(), adaptor.getLabels(), kind,
                                     m, scale, amMargin);
    Value logProb = logSoftmaxDim1(rewriter, loc, logits);
    Value loss = reduceNLL(rewriter, loc, logProb, adaptor.getLabels(), Value(),
                           std::nullopt, op.getReduction());
    rewriter.replaceOp(op, {loss, logits});
    return success();
  }
};

} // namespace

void mlir::dlc::populateLossToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<SoftmaxCrossEntropyToLinalg, NLLLossToLinalg, MSELossToLinalg,
               KLDivToLinalg, CenterLossToLinalg, ContrastiveLossToLinalg,
               MarginSoftmaxToLinalg<LSoftmaxLossOp, Margin::L>,
               MarginSoftmaxToLinalg<ASoftmaxLossOp, Margin::A>,
               MarginSoftmaxToLinalg<AMSoftmaxLossOp, Margin::AM>>(
      patterns.getContext());
}
