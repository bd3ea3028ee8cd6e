//===- Convolution.cpp - dlc conv2d to linalg -------------------------------===//
//
// conv2d becomes an explicit zero pad followed by linalg.conv_2d_nchw_fchw
// (groups == 1) or linalg.conv_2d_ngchw_gfchw (grouped and depthwise, with
// the channel dimension split into [groups, channels per group]). The bias
// is broadcast into the accumulator's initial value, so it costs no extra
// pass over the output.
//
// conv_transpose2d becomes a conv2d (lowered by the same pattern, so it gets
// the im2col GEMM or the grouped convolution): the input is scattered with
// the stride into a zero image that already holds the padding the kernel
// needs (dh*(KH-1) minus the cropped padding, plus output_padding), and the
// filter is transposed per group and flipped spatially.
//
// im2col pads the input and copies it with one linalg.generic whose input
// map is the window arithmetic (affine, so it vectorizes). col2im gathers:
// each output pixel sums, over the kernel taps, the one column entry (if
// any) whose window put that tap on it, read with tensor.extract.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "dlc/Conversion/DLCToLinalg/DLCToLinalg.h"
#include "dlc/Dialect/DLC/DLCOps.h"
#include "dlc/Dialect/DLC/ShapeUtils.h"

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


/// Lowers to dlc.conv2d on a zero-inserted, padded input with the flipped,
/// per-group transposed filter. The new conv2d is legalized by
/// Conv2DToLinalg in the same conversion.
struct ConvTranspose2DToLinalg : OpConversionPattern<ConvTranspose2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConvTranspose2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Type f32 = rewriter.getF32Type();
    Value input = adaptor.getInput(), filter = adaptor.getFilter();
    auto inType = tensorTypeOf(input);
    auto wType = tensorTypeOf(filter);
    ArrayRef<int64_t> s = op.getStrides(), p = op.getPadding(),
                      d = op.getDilations(), extra = op.getOutputPadding();
    int64_t groups = op.getGroups();
    int64_t n = inType.getDimSize(0), c = inType.getDimSize(1);
    int64_t cg = c / groups, fg = wType.getDimSize(1);
    int64_t kh = wType.getDimSize(2), kw = wType.getDimSize(3);
    int64_t k[2] = {kh, kw};

    // filter[g*Cg + c, f, i, j] -> flipped[g*Fg + f, c, KH-1-i, KW-1-j],
    // computed in the grouped 5-D forms [G, Cg, Fg, KH, KW] -> [G, Fg, Cg, KH, KW].
    auto w5Type = RankedTensorType::get({groups, cg, fg, kh, kw}, f32);
    auto flipped5Type = RankedTensorType::get({groups, fg, cg, kh, kw}, f32);
    Value w5 = tensor::ExpandShapeOp::create(rewriter, loc, w5Type, filter,
                                             {{0, 1}, {2}, {3}, {4}});
    AffineExpr g = getAffineDimExpr(0, ctx), f = getAffineDimExpr(1, ctx),
               ch = getAffineDimExpr(2, ctx), i = getAffineDimExpr(3, ctx),
               j = getAffineDimExpr(4, ctx);
    AffineMap read = AffineMap::get(5, 0, {g, ch, f, kh - 1 - i, kw - 1 - j}, ctx);
    Value flipped5 = buildElementwise(
        rewriter, loc, flipped5Type, w5, read,
        [](OpBuilder &, Location, ValueRange x) { return x[0]; });
    Value flipped = tensor::CollapseShapeOp::create(
        rewriter, loc, RankedTensorType::get({groups * fg, cg, kh, kw}, f32),
        flipped5, ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3}, {4}});

    // The conv2d input: input row y lands on row lo + y*sh of an image of
    // `size` rows, where lo = dh*(KH-1) - pt (negative: cropped) and the
    // image ends hi = dh*(KH-1) - pb + output_padding rows after the last
    // input row. Rows landing outside the image are dropped.
    int64_t size[2], lo[2], first[2], count[2];
    for (int a = 0; a < 2; ++a) {
      int64_t in = inType.getDimSize(2 + a), reach = d[a] * (k[a] - 1);
      lo[a] = reach - p[a];
      int64_t hi = reach - p[a + 2] + extra[a];
      size[a] = (in - 1) * s[a] + 1 + lo[a] + hi;
      first[a] = lo[a] >= 0 ? 0 : (-lo[a] + s[a] - 1) / s[a];
      int64_t lastPos = size[a] - 1 - lo[a]; // last landing row, relative
      int64_t last = lastPos < 0 ? -1 : std::min(in - 1, lastPos / s[a]);
      count[a] = std::max<int64_t>(0, last - first[a] + 1);
    }
    auto imageType = RankedTensorType::get({n, c, size[0], size[1]}, f32);
    Value image = input;
    bool identity = s[0] == 1 && s[1] == 1 && lo[0] == 0 && lo[1] == 0 &&
                    size[0] == inType.getDimSize(2) && size[1] == inType.getDimSize(3);
    if (!identity) {
      image = createFilled(rewriter, loc, imageType, 0.0);
      if (count[0] > 0 && count[1] > 0) {
        Value rows = input;
        SmallVector<OpFoldResult> unitStrides(4, rewriter.getIndexAttr(1));
        if (first[0] != 0 || first[1] != 0 || count[0] != inType.getDimSize(2) ||
            count[1] != inType.getDimSize(3))
          rows = tensor::ExtractSliceOp::create(
              rewriter, loc, input,
              ArrayRef<OpFoldResult>{rewriter.getIndexAttr(0), rewriter.getIndexAttr(0),
                                     rewriter.getIndexAttr(first[0]),
                                     rewriter.getIndexAttr(first[1])},
              ArrayRef<OpFoldResult>{rewriter.getIndexAttr(n), rewriter.getIndexAttr(c),
                                     rewriter.getIndexAttr(count[0]),
                                     rewriter.getIndexAttr(count[1])},
              unitStrides);
        image = tensor::InsertSliceOp::create(
            rewriter, loc, rows, image,
            ArrayRef<OpFoldResult>{rewriter.getIndexAttr(0), rewriter.getIndexAttr(0),
                                   rewriter.getIndexAttr(lo[0] + first[0] * s[0]),
                                   rewriter.getIndexAttr(lo[1] + first[1] * s[1])},
            ArrayRef<OpFoldResult>{rewriter.getIndexAttr(n), rewriter.getIndexAttr(c),
                                   rewriter.getIndexAttr(count[0]),
                                   rewriter.getIndexAttr(count[1])},
            ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1), rewriter.getIndexAttr(1),
                                   rewriter.getIndexAttr(s[0]),
                                   rewriter.getIndexAttr(s[1])});
      }
    }
    int64_t unit[2] = {1, 1}, noPad[4] = {0, 0, 0, 0};
    auto conv = Conv2DOp::create(rewriter, loc, image, flipped, adaptor.getBias(),
                                 unit, noPad, d, groups);
    rewriter.replaceOp(op, conv.getResult());
    return success();
  }
};

/// [N, C, H, W] -> pad -> [N, C, KH, KW, OH, OW] by an affine gather ->
/// collapse to [N, C*KH*KW, OH*OW].
struct Im2ColToLinalg : OpConversionPattern<Im2ColOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Im2ColOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto inType = tensorTypeOf(adaptor.getInput());
    auto outType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> k = op.getKernelShape(), s = op.getStrides(),
                      p = op.getPadding(), d = op.getDilations();
    int64_t oh = windowOutputSize(inType.getDimSize(2), k[0], s[0], p[0], p[2], d[0],
                                  false);
    int64_t ow = windowOutputSize(inType.getDimSize(3), k[1], s[1], p[1], p[3], d[1],
                                  false);
    Value padded = padSpatial(rewriter, loc, adaptor.getInput(), {p[0], p[1]},
                              {p[2], p[3]}, 0.0);
    auto patchType = RankedTensorType::get(
        {inType.getDimSize(0), inType.getDimSize(1), k[0], k[1], oh, ow},
        rewriter.getF32Type());
    AffineExpr e[6];
    for (int i = 0; i < 6; ++i)
      e[i] = getAffineDimExpr(i, ctx);
    AffineMap read = AffineMap::get(
        6, 0, {e[0], e[1], e[4] * s[0] + e[2] * d[0], e[5] * s[1] + e[3] * d[1]}, ctx);
    Value patches = buildElementwise(
        rewriter, loc, patchType, padded, read,
        [](OpBuilder &, Location, ValueRange x) { return x[0]; });
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        op, outType, patches, ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}, {4, 5}});
    return success();
  }
};

/// out[n, c, y, x] = sum_{i, j} cols[n, c, i, j, oy, ox] where
/// y + pt - i*dh = oy*sh and x + pl - j*dw = ox*sw land on a window.
struct Col2ImToLinalg : OpConversionPattern<Col2ImOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Col2ImOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Type f32 = rewriter.getF32Type();
    auto outType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> k = op.getKernelShape(), s = op.getStrides(),
                      p = op.getPadding(), d = op.getDilations(),
                      size = op.getOutputSize();
    int64_t windows[2];
    for (int a = 0; a < 2; ++a)
      windows[a] = windowOutputSize(size[a], k[a], s[a], p[a], p[a + 2], d[a], false);
    int64_t n = outType.getDimSize(0), c = outType.getDimSize(1);
    auto colsType =
        RankedTensorType::get({n, c, k[0], k[1], windows[0], windows[1]}, f32);
    Value cols = tensor::ExpandShapeOp::create(rewriter, loc, colsType,
                                               adaptor.getInput(),
                                               {{0}, {1, 2, 3}, {4, 5}});
    // Loops (n, c, y, x, i, j); the [KH, KW] operand only gives i, j their
    // extents (as the window operand of linalg's pooling ops does).
    Value taps = tensor::EmptyOp::create(rewriter, loc, k, f32);
    AffineExpr e[6];
    for (int i = 0; i < 6; ++i)
      e[i] = getAffineDimExpr(i, ctx);
    AffineMap tapMap = AffineMap::get(6, 0, {e[4], e[5]}, ctx);
    AffineMap outMap = AffineMap::get(6, 0, {e[0], e[1], e[2], e[3]}, ctx);
    SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
    iterators.append(2, utils::IteratorType::reduction);
    auto body = [&](OpBuilder &b, Location l, ValueRange args) {
      auto index = [&](int64_t v) -> Value {
        return arith::ConstantIndexOp::create(b, l, v);
      };
      Value zero = index(0);
      Value valid;
      SmallVector<Value> at = {linalg::IndexOp::create(b, l, 0),
                               linalg::IndexOp::create(b, l, 1),
                               linalg::IndexOp::create(b, l, 4),
                               linalg::IndexOp::create(b, l, 5)};
      for (int a = 0; a < 2; ++a) {
        Value pos = linalg::IndexOp::create(b, l, 2 + a);
        Value tap = linalg::IndexOp::create(b, l, 4 + a);
        // t = pos + pad - tap*dilation must be a non-negative multiple of
        // the stride whose quotient is a window index.
        Value t = arith::SubIOp::create(
            b, l, arith::AddIOp::create(b, l, pos, index(p[a])),
            arith::MulIOp::create(b, l, tap, index(d[a])));
        Value window = arith::DivSIOp::create(b, l, t, index(s[a]));
        Value ok = arith::AndIOp::create(
            b, l,
            arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, t, zero),
            arith::AndIOp::create(
                b, l,
                arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq,
                                      arith::RemSIOp::create(b, l, t, index(s[a])),
                                      zero),
                arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, window,
                                      index(windows[a]))));
        valid = a == 0 ? ok : arith::AndIOp::create(b, l, valid, ok).getResult();
        at.push_back(window);
      }
      // Clamp the window indices of invalid taps so the read stays in bounds.
      for (int a = 4; a < 6; ++a)
        at[a] = arith::SelectOp::create(b, l, valid, at[a], zero);
      Value v = tensor::ExtractOp::create(b, l, cols, at);
      Value term = arith::SelectOp::create(b, l, valid, v, createF32(b, l, 0.0));
      linalg::YieldOp::create(b, l,
                              Value(arith::AddFOp::create(b, l, args[1], term)));
    };
    Value result =
        linalg::GenericOp::create(rewriter, loc, outType, ValueRange{taps},
                                  ValueRange{createFilled(rewriter, loc, outType, 0.0)},
                                  ArrayRef<AffineMap>{tapMap, outMap}, iterators, body)
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::dlc::populateConvolutionToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<Conv2DToLinalg, ConvTranspose2DToLinalg, Im2ColToLinalg,
               Col2ImToLinalg>(patterns.getContext());
}
