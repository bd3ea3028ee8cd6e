//===- FoldBatchNorm.cpp - the dlc-fold-batch-norm pass ---------------------===//
//
// Inference BatchNorm after a convolution or a linear layer is an affine map
// per output channel, y = s * (x - mean) + beta with s = gamma /
// sqrt(var + eps): it folds into the layer's weights and bias at compile
// time (W'[f] = s[f] * W[f], b'[f] = s[f] * (b[f] - mean[f]) + beta[f]), so
// the network runs no BatchNorm at all. Only when everything is a constant
// and the layer's result feeds the BatchNorm alone; the training form
// (batch_norm_train) is never touched.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Parameters.h"
#include "dlc/Transforms/Passes.h"
#include "dlc/Dialect/DLC/DLCOps.h"
#include "dlc/Dialect/DLC/GradientUtils.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

#define DEBUG_TYPE "dlc-fold-batch-norm"

namespace mlir::dlc {
#define GEN_PASS_DEF_FOLDBATCHNORM
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// The values of a static f32 dlc.constant (dense or a resource blob).
std::optional<std::vector<float>> constantValues(Value value) {
  auto constant = value.getDefiningOp<ConstantOp>();
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!constant || !type || !type.hasStaticShape() || !type.getElementType().isF32())
    return std::nullopt;
  std::vector<float> values(type.getNumElements());
  if (!copyF32Values(constant.getValue(), values))
    return std::nullopt;
  return values;
}

/// A dlc.constant of `data` shaped `type`: a resource named after the one
/// the constant `like` holds (`<name>.bn_folded`) when it is one, else dense.
Value makeConstant(PatternRewriter &rewriter, Location loc, RankedTensorType type,
                   ArrayRef<float> data, Value like) {
  ElementsAttr attr;
  auto resource = dyn_cast<DenseF32ResourceElementsAttr>(
      like.getDefiningOp<ConstantOp>().getValue());
  if (resource) {
    std::string name = (resource.getRawHandle().getKey() + ".bn_folded").str();
    attr = cast<ElementsAttr>(DenseF32ResourceElementsAttr::get(
        type, name, HeapAsmResourceBlob::allocateAndCopyInferAlign<float>(data)));
  } else {
    attr = cast<ElementsAttr>(DenseElementsAttr::get(type, data));
  }
  return ConstantOp::create(rewriter, loc, attr);
}

/// The BatchNorm's per-channel scale s and shift t (y = s * x + t), in
/// double precision, or nothing if its tensors are not constants of
/// `channels` values.
struct Affine {
  std::vector<double> scale, shift;
};
std::optional<Affine> batchNormAffine(BatchNormOp bn, int64_t channels) {
  auto gamma = constantValues(bn.getScale()), beta = constantValues(bn.getBias());
  auto mean = constantValues(bn.getMean()), var = constantValues(bn.getVariance());
  if (!gamma || !beta || !mean || !var)
    return std::nullopt;
  for (const std::vector<float> *v : {&*gamma, &*beta, &*mean, &*var})
    if (static_cast<int64_t>(v->size()) != channels)
      return std::nullopt;
  Affine affine;
  double eps = bn.getEpsilon().convertToDouble();
  for (int64_t c = 0; c < channels; ++c) {
    double s = (*gamma)[c] / std::sqrt(double((*var)[c]) + eps);
    affine.scale.push_back(s);
    affine.shift.push_back((*beta)[c] - s * (*mean)[c]);
  }
  return affine;
}

/// Whether `value` is bound when the model is loaded: a constant or a
/// parameter argument (dlc-externalize-parameters). Absent operands are.
bool isBound(Value value) {
  return !value || value.getDefiningOp<ConstantOp>() || isParameterArgument(value);
}

/// Whether the BatchNorm's and the layer's tensors are all bound, so that
/// the folded weights are computed once per binding of the parameters
/// (dlc-hoist-parameter-computation moves the ops that compute them).
bool allBound(BatchNormOp bn, ValueRange layerOperands) {
  return llvm::all_of(layerOperands, isBound) && isBound(bn.getScale()) &&
         isBound(bn.getBias()) && isBound(bn.getMean()) && isBound(bn.getVariance());
}

/// The BatchNorm's scale s = gamma / sqrt(var + eps) and shift t = beta -
/// s * mean ([C] each) as ops, for parameters that are not constants.
std::pair<Value, Value> emitAffine(grad::Emitter &e, BatchNormOp bn) {
  Value shifted = e.add(bn.getVariance(), e.scalar(bn.getEpsilon().convertToDouble()));
  Value s = e.mul(bn.getScale(),
                  ReciprocalOp::create(e.b, e.loc, SqrtOp::create(e.b, e.loc, shifted)));
  return {s, e.sub(bn.getBias(), e.mul(s, bn.getMean()))};
}

/// Replaces `bn` and the convolution before it with the convolution by the
/// folded filter `w` and bias `b`.
LogicalResult replaceWithConv(PatternRewriter &rewriter, Location loc, BatchNormOp bn,
                              Conv2DOp conv, Value w, Value b) {
  auto folded = Conv2DOp::create(rewriter, loc, bn.getType(), conv.getInput(), w, b,
                                 conv.getStridesAttr(), conv.getPaddingAttr(),
                                 conv.getDilationsAttr(), conv.getGroupsAttr());
  rewriter.replaceOp(bn, folded.getResult());
  rewriter.eraseOp(conv);
  return success();
}

/// Replaces `bn` and the gemm before it with the gemm by the folded weight
/// `b` and bias `c` (beta folded into it).
LogicalResult replaceWithGemm(PatternRewriter &rewriter, Location loc, BatchNormOp bn,
                              GemmOp gemm, Value b, Value c) {
  auto folded = GemmOp::create(rewriter, loc, bn.getType(), gemm.getA(), b, c,
                               gemm.getTransAAttr(), gemm.getTransBAttr(),
                               gemm.getAlphaAttr(), rewriter.getF32FloatAttr(1.0f));
  rewriter.replaceOp(bn, folded.getResult());
  rewriter.eraseOp(gemm);
  return success();
}

/// batch_norm(conv2d(x, W, b)) -> conv2d(x, s * W, s * b + t).
struct FoldIntoConv : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormOp bn, PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<Conv2DOp>();
    if (!conv || !conv->hasOneUse())
      return rewriter.notifyMatchFailure(bn, "not the only user of a conv2d");
    auto filterType = cast<RankedTensorType>(conv.getFilter().getType());
    int64_t channels = filterType.getDimSize(0);
    std::optional<std::vector<float>> filter = constantValues(conv.getFilter());
    std::optional<std::vector<float>> bias;
    if (conv.getBias() && !(bias = constantValues(conv.getBias())))
      return foldSymbolically(bn, conv, rewriter);
    std::optional<Affine> affine = batchNormAffine(bn, channels);
    if (!filter || !affine)
      return foldSymbolically(bn, conv, rewriter);
    int64_t perChannel = filterType.getNumElements() / channels;
    std::vector<float> newFilter(filter->size()), newBias(channels);
    for (int64_t f = 0; f < channels; ++f) {
      for (int64_t i = 0; i < perChannel; ++i)
        newFilter[f * perChannel + i] = (*filter)[f * perChannel + i] * affine->scale[f];
      newBias[f] = (bias ? (*bias)[f] : 0.0) * affine->scale[f] + affine->shift[f];
    }
    Location loc = rewriter.getFusedLoc({conv.getLoc(), bn.getLoc()});
    rewriter.setInsertionPoint(conv);
    Value w = makeConstant(rewriter, conv.getFilter().getLoc(), filterType, newFilter,
                           conv.getFilter());
    // (Named after the BatchNorm's bias when the convolution has none: a
    // dense zero bias would be one splat that CSE shares between layers.)
    Value biasLike = bias ? conv.getBias() : bn.getBias();
    Value b = makeConstant(rewriter, biasLike.getLoc(),
                           RankedTensorType::get({channels}, rewriter.getF32Type()), newBias,
                           biasLike);
    return replaceWithConv(rewriter, loc, bn, conv, w, b);
  }

  /// The same fold as ops on parameters bound at load time.
  LogicalResult foldSymbolically(BatchNormOp bn, Conv2DOp conv,
                                 PatternRewriter &rewriter) const {
    if (!allBound(bn, conv->getOperands().drop_front()))
      return rewriter.notifyMatchFailure(bn, "weights not bound at load time");
    int64_t channels = cast<RankedTensorType>(conv.getFilter().getType()).getDimSize(0);
    rewriter.setInsertionPoint(conv);
    grad::Emitter e(rewriter, bn.getLoc());
    auto [s, t] = emitAffine(e, bn);
    Value w = e.mul(conv.getFilter(), e.reshape(s, {channels, 1, 1, 1}));
    Value b = conv.getBias() ? e.add(e.mul(conv.getBias(), s), t) : t;
    Location loc = rewriter.getFusedLoc({conv.getLoc(), bn.getLoc()});
    return replaceWithConv(rewriter, loc, bn, conv, w, b);
  }
};

/// batch_norm(gemm(a, b, c)) over the output's columns (BatchNorm1d after a
/// linear layer) -> gemm(a, b scaled per column n of op(b), s * beta * c + t).
struct FoldIntoGemm : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormOp bn, PatternRewriter &rewriter) const override {
    auto gemm = bn.getInput().getDefiningOp<GemmOp>();
    if (!gemm || !gemm->hasOneUse())
      return rewriter.notifyMatchFailure(bn, "not the only user of a gemm");
    auto outType = cast<RankedTensorType>(gemm.getType());
    auto bType = cast<RankedTensorType>(gemm.getB().getType());
    if (outType.getRank() != 2 || !outType.hasStaticShape())
      return failure();
    int64_t n = outType.getDimSize(1);
    std::optional<std::vector<float>> b = constantValues(gemm.getB());
    std::optional<std::vector<float>> c;
    if (Value cValue = gemm.getC()) {
      // Only a bias per column: [N] or [1, N].
      auto cType = cast<RankedTensorType>(cValue.getType());
      if (cType.getNumElements() != n || cType.getDimSize(cType.getRank() - 1) != n ||
          !(c = constantValues(cValue)))
        return foldSymbolically(bn, gemm, rewriter);
    }
    std::optional<Affine> affine = batchNormAffine(bn, n);
    if (!b || !affine)
      return foldSymbolically(bn, gemm, rewriter);
    // op(b) is [K, N]: b is [N, K] when transposed.
    std::vector<float> newB(b->size());
    int64_t rows = bType.getDimSize(0), cols = bType.getDimSize(1);
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j)
        newB[i * cols + j] = (*b)[i * cols + j] * affine->scale[gemm.getTransB() ? i : j];
    double beta = gemm.getBeta().convertToDouble();
    std::vector<float> newC(n);
    for (int64_t j = 0; j < n; ++j)
      newC[j] = (c ? beta * (*c)[j] : 0.0) * affine->scale[j] + affine->shift[j];
    Location loc = rewriter.getFusedLoc({gemm.getLoc(), bn.getLoc()});
    rewriter.setInsertionPoint(gemm);
    Value bNew = makeConstant(rewriter, gemm.getB().getLoc(), bType, newB, gemm.getB());
    Value cLike = c ? gemm.getC() : bn.getBias();
    Value cNew = makeConstant(rewriter, cLike.getLoc(),
                              RankedTensorType::get({n}, rewriter.getF32Type()), newC, cLike);
    return replaceWithGemm(rewriter, loc, bn, gemm, bNew, cNew);
  }

  /// The same fold as ops on parameters bound at load time.
  LogicalResult foldSymbolically(BatchNormOp bn, GemmOp gemm,
                                 PatternRewriter &rewriter) const {
    if (!allBound(bn, gemm->getOperands().drop_front()))
      return rewriter.notifyMatchFailure(bn, "weights not bound at load time");
    auto outType = cast<RankedTensorType>(gemm.getType());
    int64_t n = outType.getDimSize(1);
    if (Value c = gemm.getC()) {
      auto cType = cast<RankedTensorType>(c.getType());
      if (cType.getNumElements() != n || cType.getDimSize(cType.getRank() - 1) != n)
        return rewriter.notifyMatchFailure(bn, "c not a bias per column");
    }
    rewriter.setInsertionPoint(gemm);
    grad::Emitter e(rewriter, bn.getLoc());
    auto [s, t] = emitAffine(e, bn);
    // op(b) is [K, N]: b is [N, K] when transposed.
    SmallVector<int64_t> perColumn = gemm.getTransB() ? SmallVector<int64_t>{n, 1}
                                                      : SmallVector<int64_t>{1, n};
    Value bNew = e.mul(gemm.getB(), e.reshape(s, perColumn));
    Value cNew = t;
    if (Value c = gemm.getC())
      cNew = e.add(e.mul(e.reshape(c, {n}),
                         e.mul(s, e.scalar(gemm.getBeta().convertToDouble()))),
                   t);
    Location loc = rewriter.getFusedLoc({gemm.getLoc(), bn.getLoc()});
    return replaceWithGemm(rewriter, loc, bn, gemm, bNew, cNew);
  }
};

struct FoldBatchNorm : mlir::dlc::impl::FoldBatchNormBase<FoldBatchNorm> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoConv, FoldIntoGemm>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
