//===- Pooling.cpp - dlc pooling to linalg ----------------------------------===//
//
// max/avg pooling pad the input explicitly (with -inf for max, 0 for avg),
// including the extra end rows/columns that ceil_mode windows reach, then use
// linalg's NCHW pooling ops. Average pooling multiplies by a per-position
// reciprocal divisor computed at compile time from PyTorch's counting rule,
// which covers count_include_pad both ways and ceil_mode in one mechanism.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "dlc/Conversion/DLCToLinalg/DLCToLinalg.h"
#include "dlc/Dialect/DLC/DLCOps.h"

#include <limits>

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// Padding at the end of each spatial dim so that every output window lies
/// inside the padded input: at least the declared padding... but only as much
/// as the windows actually reach (ceil_mode may need more, a large declared
/// end padding may need less).
SmallVector<int64_t> effectiveEndPad(RankedTensorType in, RankedTensorType out,
                                     ArrayRef<int64_t> kernel,
                                     ArrayRef<int64_t> strides,
                                     ArrayRef<int64_t> padding,
                                     ArrayRef<int64_t> dilations) {
  SmallVector<int64_t> end(2);
  for (int i = 0; i < 2; ++i) {
    int64_t reach = (out.getDimSize(2 + i) - 1) * strides[i] +
                    dilations[i] * (kernel[i] - 1) + 1;
    end[i] = std::max<int64_t>(0, reach - in.getDimSize(2 + i) - padding[i]);
  }
  return end;
}

/// Pads `input` with `padValue` (explicit padding at the start, as much as
/// the windows reach at the end) and applies the NCHW pooling op `PoolOp`
/// whose accumulator starts at `padValue`.
template <typename PoolOp>
Value buildPool(OpBuilder &b, Location loc, Value input, RankedTensorType outType,
                ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                ArrayRef<int64_t> padding, ArrayRef<int64_t> dilations,
                double padValue) {
  auto end = effectiveEndPad(tensorTypeOf(input), outType, kernel, strides, padding,
                             dilations);
  Value padded =
      padSpatial(b, loc, input, {padding[0], padding[1]}, end, padValue);
  Value window = tensor::EmptyOp::create(b, loc, kernel, b.getF32Type());
  Value init = createFilled(b, loc, outType, padValue);
  return PoolOp::create(b, loc, TypeRange{outType}, ValueRange{padded, window},
                        ValueRange{init}, b.getI64VectorAttr(strides),
                        b.getI64VectorAttr(dilations))
      .getResult(0);
}

struct MaxPool2DToLinalg : OpConversionPattern<MaxPool2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outType = cast<RankedTensorType>(op.getType());
    Value pool = buildPool<linalg::PoolingNchwMaxOp>(
        rewriter, op.getLoc(), adaptor.getInput(), outType, op.getKernelShape(),
        op.getStrides(), op.getPadding(), op.getDilations(),
        -std::numeric_limits<double>::infinity());
    rewriter.replaceOp(op, pool);
    return success();
  }
};

struct AvgPool2DToLinalg : OpConversionPattern<AvgPool2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AvgPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inType = tensorTypeOf(adaptor.getInput());
    auto outType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> pad = op.getPadding(), k = op.getKernelShape(),
                      s = op.getStrides();
    int64_t ones[] = {1, 1};
    Value sum = buildPool<linalg::PoolingNchwSumOp>(rewriter, loc, adaptor.getInput(),
                                                    outType, k, s, pad, ones, 0.0);
    // PyTorch's divisor: the window clipped to the padded input counts when
    // count_include_pad, the window clipped to the real input otherwise.
    int64_t oh = outType.getDimSize(2), ow = outType.getDimSize(3);
    int64_t h = inType.getDimSize(2), w = inType.getDimSize(3);
    SmallVector<float> reciprocal;
    for (int64_t y = 0; y < oh; ++y) {
      for (int64_t x = 0; x < ow; ++x) {
        int64_t y0 = y * s[0] - pad[0], x0 = x * s[1] - pad[1];
        int64_t y1 = std::min(y0 + k[0], h + pad[2]), x1 = std::min(x0 + k[1], w + pad[3]);
        int64_t count = (y1 - y0) * (x1 - x0);
        if (!op.getCountIncludePad())
          count = (std::min(y1, h) - std::max<int64_t>(y0, 0)) *
                  (std::min(x1, w) - std::max<int64_t>(x0, 0));
        reciprocal.push_back(count > 0 ? 1.0f / count : 0.0f);
      }
    }
    auto divType = RankedTensorType::get({oh, ow}, rewriter.getF32Type());
    Value divisor = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(divType, ArrayRef<float>(reciprocal)));
    MLIRContext *ctx = rewriter.getContext();
    AffineMap spatial = AffineMap::get(4, 0, {getAffineDimExpr(2, ctx),
                                              getAffineDimExpr(3, ctx)}, ctx);
    Value result = buildElementwise(
        rewriter, loc, outType, {sum, divisor},
        {rewriter.getMultiDimIdentityMap(4), spatial},
        [](OpBuilder &b, Location l, ValueRange x) {
          return arith::MulFOp::create(b, l, x[0], x[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Sum over the spatial dims into [N, C], scale, and expand to [N, C, 1, ...].
struct GlobalAvgPoolToLinalg : OpConversionPattern<GlobalAvgPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GlobalAvgPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inType = tensorTypeOf(adaptor.getInput());
    int64_t rank = inType.getRank();
    auto reducedType = RankedTensorType::get(
        {inType.getDimSize(0), inType.getDimSize(1)}, rewriter.getF32Type());
    SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::reduction);
    iterators[0] = iterators[1] = utils::IteratorType::parallel;
    MLIRContext *ctx = rewriter.getContext();
    AffineMap outMap = AffineMap::get(rank, 0, {getAffineDimExpr(0, ctx),
                                                getAffineDimExpr(1, ctx)}, ctx);
    Value sum = linalg::GenericOp::create(
                    rewriter, loc, reducedType, adaptor.getInput(),
                    createFilled(rewriter, loc, reducedType, 0.0),
                    ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(rank), outMap},
                    iterators,
                    [](OpBuilder &b, Location l, ValueRange x) {
                      linalg::YieldOp::create(
                          b, l, Value(arith::AddFOp::create(b, l, x[0], x[1])));
                    })
                    .getResult(0);
    double count = static_cast<double>(inType.getNumElements()) /
                   (inType.getDimSize(0) * inType.getDimSize(1));
    Value mean = buildElementwise(rewriter, loc, reducedType, sum,
                                  [&](OpBuilder &b, Location l, ValueRange x) {
                                    return arith::MulFOp::create(
                                        b, l, x[0], createF32(b, l, 1.0 / count));
                                  });
    rewriter.replaceOp(op, reshapeTo(rewriter, loc, mean,
                                     cast<RankedTensorType>(op.getType())));
    return success();
  }
};

} // namespace

void mlir::dlc::populatePoolingToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<MaxPool2DToLinalg, AvgPool2DToLinalg, GlobalAvgPoolToLinalg>(
      patterns.getContext());
}
