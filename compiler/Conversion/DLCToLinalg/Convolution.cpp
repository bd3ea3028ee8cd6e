//===- Convolution.cpp - dlc conv2d to linalg -------------------------------===//
//
// conv2d becomes an explicit zero pad followed by linalg.conv_2d_nchw_fchw
// (groups == 1) or linalg.conv_2d_ngchw_gfchw (grouped and depthwise, with
// the channel dimension split into [groups, channels per group]). The bias
// is broadcast into the accumulator's initial value, so it costs no extra
// pass over the output.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "dlc/Conversion/DLCToLinalg/DLCToLinalg.h"
#include "dlc/Dialect/DLC/DLCOps.h"

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// The accumulator of shape `type`: bias broadcast along `channelDims`
/// (one dim for NCHW, two for the grouped [N, G, F/G, H, W] form), or zeros.
Value buildInit(OpBuilder &b, Location loc, RankedTensorType type, Value bias,
                ArrayRef<int64_t> channelDims) {
  if (!bias)
    return createFilled(b, loc, type, 0.0);
  SmallVector<AffineExpr> exprs;
  for (int64_t d : channelDims)
    exprs.push_back(b.getAffineDimExpr(d));
  AffineMap map = AffineMap::get(type.getRank(), 0, exprs, b.getContext());
  return buildElementwise(b, loc, type, bias, map,
                          [](OpBuilder &, Location, ValueRange x) { return x[0]; });
}

struct Conv2DToLinalg : OpConversionPattern<Conv2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> pad = op.getPadding();
    Value input = padSpatial(rewriter, loc, adaptor.getInput(), {pad[0], pad[1]},
                             {pad[2], pad[3]}, 0.0);
    auto strides = rewriter.getI64VectorAttr(op.getStrides());
    auto dilations = rewriter.getI64VectorAttr(op.getDilations());
    int64_t groups = op.getGroups();
    if (groups == 1) {
      Value init = buildInit(rewriter, loc, outType, adaptor.getBias(), {1});
      auto conv = linalg::Conv2DNchwFchwOp::create(
          rewriter, loc, TypeRange{outType}, ValueRange{input, adaptor.getFilter()},
          ValueRange{init}, strides, dilations);
      rewriter.replaceOp(op, conv.getResult(0));
      return success();
    }
    // Grouped: [N, C, H, W] -> [N, G, C/G, H, W]; [F, C/G, KH, KW] ->
    // [G, F/G, C/G, KH, KW]; result [N, G, F/G, OH, OW] -> [N, F, OH, OW].
    auto inType = tensorTypeOf(input);
    auto wType = tensorTypeOf(adaptor.getFilter());
    Type f32 = rewriter.getF32Type();
    int64_t n = inType.getDimSize(0), c = inType.getDimSize(1),
            f = wType.getDimSize(0);
    auto groupedIn = RankedTensorType::get(
        {n, groups, c / groups, inType.getDimSize(2), inType.getDimSize(3)}, f32);
    auto groupedW = RankedTensorType::get({groups, f / groups, wType.getDimSize(1),
                                           wType.getDimSize(2), wType.getDimSize(3)},
                                          f32);
    auto groupedOut = RankedTensorType::get({n, groups, f / groups,
                                             outType.getDimSize(2),
                                             outType.getDimSize(3)},
                                            f32);
    Value in5 = tensor::ExpandShapeOp::create(rewriter, loc, groupedIn, input,
                                              {{0}, {1, 2}, {3}, {4}});
    Value w5 = tensor::ExpandShapeOp::create(rewriter, loc, groupedW,
                                             adaptor.getFilter(),
                                             {{0, 1}, {2}, {3}, {4}});
    Value bias = adaptor.getBias();
    if (bias)
      bias = tensor::ExpandShapeOp::create(
          rewriter, loc, RankedTensorType::get({groups, f / groups}, f32), bias,
          {{0, 1}});
    Value init = buildInit(rewriter, loc, groupedOut, bias, {1, 2});
    auto conv = linalg::Conv2DNgchwGfchwOp::create(
        rewriter, loc, TypeRange{groupedOut}, ValueRange{in5, w5}, ValueRange{init},
        strides, dilations);
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        op, outType, conv.getResult(0),
        ArrayRef<ReassociationIndices>{{0}, {1, 2}, {3}, {4}});
    return success();
  }
};

} // namespace

void mlir::dlc::populateConvolutionToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<Conv2DToLinalg>(patterns.getContext());
}
