//===- Normalization.cpp - dlc batch_norm_train and lrn to linalg -===//
//
// batch_norm_train reduces the input to per-channel sums twice (the mean,
// then the squared deviations from it: the two-pass form keeps the variance
// accurate when the mean is large), then normalizes elementwise; the
// running statistics are [C]-sized elementwise updates. lrn squares the
// input, zero-pads the channel dimension by the window's reach on each side
// and sums the window with a reduction loop whose input map is `c + k`, so
// no index arithmetic or bounds checks are needed. (The inference
// batch_norm is lowered with the elementwise ops, in Elementwise.cpp.)
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "dlc/Conversion/DLCToLinalg/DLCToLinalg.h"
#include "dlc/Dialect/DLC/DLCOps.h"

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// Per-channel sum over every dim but 1 of `body(x, channel operands...)`,
/// where the channel operands are [C] tensors read at the channel index.
Value channelSum(OpBuilder &b, Location loc, Value input, ValueRange perChannel,
                 llvm::function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  auto type = tensorTypeOf(input);
  int64_t rank = type.getRank();
  MLIRContext *ctx = b.getContext();
  auto channelType = RankedTensorType::get({type.getDimSize(1)}, b.getF32Type());
  AffineMap channel = AffineMap::get(rank, 0, getAffineDimExpr(1, ctx));
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank)};
  maps.append(perChannel.size() + 1, channel);
  SmallVector<Value> inputs = {input};
  inputs.append(perChannel.begin(), perChannel.end());
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::reduction);
  iterators[1] = utils::IteratorType::parallel;
  return linalg::GenericOp::create(
             b, loc, channelType, inputs, createFilled(b, loc, channelType, 0.0), maps,
             iterators,
             [&](OpBuilder &nb, Location l, ValueRange args) {
               Value term = body(nb, l, args.drop_back());
               linalg::YieldOp::create(
                   nb, l, Value(arith::AddFOp::create(nb, l, args.back(), term)));
             })
      .getResult(0);
}

struct BatchNormTrainToLinalg : OpConversionPattern<BatchNormTrainOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BatchNormTrainOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value x = adaptor.getInput();
    auto type = tensorTypeOf(x);
    auto channelType = tensorTypeOf(adaptor.getScale());
    int64_t rank = type.getRank();
    double count = static_cast<double>(type.getNumElements()) / type.getDimSize(1);
    double eps = op.getEpsilon().convertToFloat();
    double momentum = op.getMomentum().convertToFloat();
    // The running variance takes the unbiased estimate var * M / (M - 1).
    double varScale = op.getUnbiasedRunningVar() ? count / (count - 1) : 1.0;

    auto scaleBy = [&](Value v, double factor) {
      return buildElementwise(rewriter, loc, channelType, v,
                              [&](OpBuilder &b, Location l, ValueRange a) {
                                return arith::MulFOp::create(b, l, a[0],
                                                             createF32(b, l, factor));
                              });
    };
    Value sum = channelSum(rewriter, loc, x, {},
                           [](OpBuilder &, Location, ValueRange a) { return a[0]; });
    Value mean = scaleBy(sum, 1.0 / count);
    Value squares =
        channelSum(rewriter, loc, x, {mean}, [](OpBuilder &b, Location l, ValueRange a) {
          Value dev = arith::SubFOp::create(b, l, a[0], a[1]);
          return arith::MulFOp::create(b, l, dev, dev);
        });
    Value var = scaleBy(squares, 1.0 / count);
    // a[c] = scale[c] / sqrt(var[c] + eps); output = (x - mean[c]) * a[c] + bias[c].
    Value factor = buildElementwise(
        rewriter, loc, channelType, {adaptor.getScale(), var},
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value v = arith::AddFOp::create(b, l, a[1], createF32(b, l, eps));
          return arith::DivFOp::create(b, l, a[0], math::SqrtOp::create(b, l, v));
        });
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap channel = AffineMap::get(rank, 0, getAffineDimExpr(1, ctx));
    Value output = buildElementwise(
        rewriter, loc, type, {x, mean, factor, adaptor.getBias()},
        {identity, channel, channel, channel},
        [](OpBuilder &b, Location l, ValueRange a) {
          Value centered = arith::SubFOp::create(b, l, a[0], a[1]);
          return arith::AddFOp::create(b, l, arith::MulFOp::create(b, l, centered, a[2]),
                                       a[3]);
        });
    // new = (1 - momentum) * old + momentum * scale * batch.
    auto update = [&](Value old, Value batch, double batchScale) {
      return buildElementwise(
          rewriter, loc, channelType, {old, batch},
          [&](OpBuilder &b, Location l, ValueRange a) {
            Value kept = arith::MulFOp::create(b, l, a[0], createF32(b, l, 1.0 - momentum));
            Value added = arith::MulFOp::create(b, l, a[1],
                                                createF32(b, l, momentum * batchScale));
            return arith::AddFOp::create(b, l, kept, added);
          });
    };
    Value runningMean = update(adaptor.getRunningMean(), mean, 1.0);
    Value runningVar = update(adaptor.getRunningVar(), var, varScale);
    rewriter.replaceOp(op, {output, runningMean, runningVar, mean, var});
    return success();
  }
};

struct LRNToLinalg : OpConversionPattern<LRNOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LRNOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value x = adaptor.getInput();
    auto type = tensorTypeOf(x);
    int64_t rank = type.getRank(), size = op.getSize();
    // The window [c - floor((size-1)/2), c + ceil((size-1)/2)].
    int64_t before = (size - 1) / 2, after = size - 1 - before;
    Value squares = buildElementwise(rewriter, loc, type, x,
                                     [](OpBuilder &b, Location l, ValueRange a) {
                                       return arith::MulFOp::create(b, l, a[0], a[0]);
                                     });
    SmallVector<OpFoldResult> lo(rank, rewriter.getIndexAttr(0)),
        hi(rank, rewriter.getIndexAttr(0));
    lo[1] = rewriter.getIndexAttr(before);
    hi[1] = rewriter.getIndexAttr(after);
    SmallVector<int64_t> paddedShape(type.getShape());
    paddedShape[1] += size - 1;
    Value padded = tensor::PadOp::create(
        rewriter, loc, RankedTensorType::get(paddedShape, type.getElementType()),
        squares, lo, hi, createF32(rewriter, loc, 0.0));
    // Loops (d0, ..., d_{rank-1}, k): sum[d] += padded[d0, d1 + k, d2, ...].
    SmallVector<AffineExpr> readExprs, outExprs;
    for (int64_t d = 0; d < rank; ++d) {
      AffineExpr e = getAffineDimExpr(d, ctx);
      outExprs.push_back(e);
      readExprs.push_back(d == 1 ? e + getAffineDimExpr(rank, ctx) : e);
    }
    Value taps = tensor::EmptyOp::create(rewriter, loc, ArrayRef<int64_t>{size},
                                         rewriter.getF32Type());
    SmallVector<AffineMap> maps = {AffineMap::get(rank + 1, 0, readExprs, ctx),
                                   AffineMap::get(rank + 1, 0, getAffineDimExpr(rank, ctx)),
                                   AffineMap::get(rank + 1, 0, outExprs, ctx)};
    SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    Value sum = linalg::GenericOp::create(
                    rewriter, loc, type, ValueRange{padded, taps},
                    ValueRange{createFilled(rewriter, loc, type, 0.0)}, maps, iterators,
                    [](OpBuilder &b, Location l, ValueRange a) {
                      linalg::YieldOp::create(
                          b, l, Value(arith::AddFOp::create(b, l, a[2], a[0])));
                    })
                    .getResult(0);
    double alphaOverSize = op.getAlpha().convertToFloat() / static_cast<double>(size);
    double beta = op.getBeta().convertToFloat(), bias = op.getBias().convertToFloat();
    Value result = buildElementwise(
        rewriter, loc, type, {x, sum}, [&](OpBuilder &b, Location l, ValueRange a) {
          Value base = arith::AddFOp::create(
              b, l, createF32(b, l, bias),
              arith::MulFOp::create(b, l, a[1], createF32(b, l, alphaOverSize)));
          Value denom = math::PowFOp::create(b, l, base, createF32(b, l, beta));
          return arith::DivFOp::create(b, l, a[0], denom);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::dlc::populateNormalizationToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<BatchNormTrainToLinalg, LRNToLinalg>(patterns.getContext());
}
