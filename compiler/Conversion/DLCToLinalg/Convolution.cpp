//===- Convolution.cpp - dlc conv2d to linalg -------------------------------===//
//
// conv2d becomes an explicit zero pad followed by linalg.conv_2d_nchw_fchw
// (groups == 1) or linalg.conv_2d_ngchw_gfchw (grouped and depthwise, with
// the channel dimension split into [groups, channels per group]). The bias
// is broadcast into the accumulator's initial value, so it costs no extra
// pass over the output.
//
// conv_transpose2d becomes conv2d ops (lowered by the same pattern, so they
// get the im2col GEMM or the grouped convolution) with the filter
// transposed per group and flipped spatially. With a stride, one conv2d
// per output phase (the rows o = r mod stride), each with the kernel taps
// that reach that phase: no multiplications by inserted zeros, so the
// adjoint of a strided conv2d costs what the conv2d does. With dilation
// (or no stride), one conv2d of the input scattered with the stride into a
// zero image that holds the padding the kernel needs.
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


/// The per-group transposed filter of a transposed convolution, flipped and
/// subsampled for one output phase: from filter [C, F/G, KH, KW] (as the
/// 5-D [G, C/G, F/G, KH, KW] `w5`) to conv2d's [F, C/G, taps0, taps1] with
///
///   out[g*F/G + f, c, j0, j1] = w5[g, c, f, first0 + step0*(taps0-1-j0),
///                                            first1 + step1*(taps1-1-j1)],
///
/// the taps of the phase in reverse order (a correlation reads the kernel
/// the other way round from the transposed convolution's scatter).
Value transposedFilter(OpBuilder &b, Location loc, Value w5, ArrayRef<int64_t> first,
                       ArrayRef<int64_t> step, ArrayRef<int64_t> taps) {
  MLIRContext *ctx = b.getContext();
  auto w5Type = tensorTypeOf(w5);
  int64_t groups = w5Type.getDimSize(0), cg = w5Type.getDimSize(1),
          fg = w5Type.getDimSize(2);
  Type f32 = b.getF32Type();
  auto outType = RankedTensorType::get({groups, fg, cg, taps[0], taps[1]}, f32);
  AffineExpr g = getAffineDimExpr(0, ctx), f = getAffineDimExpr(1, ctx),
             c = getAffineDimExpr(2, ctx), j0 = getAffineDimExpr(3, ctx),
             j1 = getAffineDimExpr(4, ctx);
  AffineMap read = AffineMap::get(
      5, 0,
      {g, c, f, first[0] + step[0] * (taps[0] - 1) - step[0] * j0,
       first[1] + step[1] * (taps[1] - 1) - step[1] * j1},
      ctx);
  if (groups == 1) {
    // One group: the 4-D filter directly (a copy whose map a consumer can
    // compose, as dlc-conv-to-gemm's filter packing does).
    AffineMap read4 = AffineMap::get(
        4, 0,
        {getAffineConstantExpr(0, ctx), getAffineDimExpr(1, ctx), getAffineDimExpr(0, ctx),
         first[0] + step[0] * (taps[0] - 1) - step[0] * getAffineDimExpr(2, ctx),
         first[1] + step[1] * (taps[1] - 1) - step[1] * getAffineDimExpr(3, ctx)},
        ctx);
    return buildElementwise(b, loc, RankedTensorType::get({fg, cg, taps[0], taps[1]}, f32),
                            w5, read4,
                            [](OpBuilder &, Location, ValueRange x) { return x[0]; });
  }
  Value flipped = buildElementwise(b, loc, outType, w5, read,
                                   [](OpBuilder &, Location, ValueRange x) { return x[0]; });
  return tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({groups * fg, cg, taps[0], taps[1]}, f32), flipped,
      ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3}, {4}});
}

/// An image of `size` rows and columns in which input row y lands on row
/// lo + y*stride (likewise columns) and everything else is zero; rows
/// landing outside the image are dropped (`lo` may be negative).
Value placeInput(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> lo,
                 ArrayRef<int64_t> stride, ArrayRef<int64_t> size) {
  auto inType = tensorTypeOf(input);
  int64_t n = inType.getDimSize(0), c = inType.getDimSize(1);
  int64_t first[2], count[2];
  for (int a = 0; a < 2; ++a) {
    int64_t in = inType.getDimSize(2 + a);
    first[a] = lo[a] >= 0 ? 0 : (-lo[a] + stride[a] - 1) / stride[a];
    int64_t lastPos = size[a] - 1 - lo[a]; // last landing row, relative
    int64_t last = lastPos < 0 ? -1 : std::min(in - 1, lastPos / stride[a]);
    count[a] = std::max<int64_t>(0, last - first[a] + 1);
  }
  auto attrs = [&](int64_t x0, int64_t x1, int64_t x2, int64_t x3) {
    return SmallVector<OpFoldResult>{b.getIndexAttr(x0), b.getIndexAttr(x1),
                                     b.getIndexAttr(x2), b.getIndexAttr(x3)};
  };
  auto sliceRows = [&]() -> Value {
    if (first[0] == 0 && first[1] == 0 && count[0] == inType.getDimSize(2) &&
        count[1] == inType.getDimSize(3))
      return input;
    return tensor::ExtractSliceOp::create(b, loc, input, attrs(0, 0, first[0], first[1]),
                                          attrs(n, c, count[0], count[1]),
                                          attrs(1, 1, 1, 1));
  };
  // Input rows that fill the whole image (stride 1) need no zero image.
  if (stride[0] == 1 && stride[1] == 1 && count[0] == size[0] && count[1] == size[1])
    return sliceRows();
  auto imageType = RankedTensorType::get({n, c, size[0], size[1]}, b.getF32Type());
  Value image = createFilled(b, loc, imageType, 0.0);
  if (count[0] == 0 || count[1] == 0)
    return image;
  Value rows = sliceRows();
  return tensor::InsertSliceOp::create(
      b, loc, rows, image,
      attrs(0, 0, lo[0] + first[0] * stride[0], lo[1] + first[1] * stride[1]),
      attrs(n, c, count[0], count[1]), attrs(1, 1, stride[0], stride[1]));
}

/// Lowers to dlc.conv2d ops (legalized by Conv2DToLinalg in the same
/// conversion) with the flipped, per-group transposed filter.
///
/// With a stride and no dilation, by phases: output row o = r + s*t of
/// phase r (r < s) only receives the kernel taps i = a + s*m with
/// a = (r + pt) mod s, from input rows t + q - m, q = (r + pt) div s. So
/// each of the s0*s1 phases is a stride-1 conv2d of the (shifted) input
/// with those taps, written into the output with the stride: the work of
/// the forward convolution, where convolving the zero-inserted input would
/// multiply it by s0*s1. Otherwise (stride 1, or dilation), one conv2d of
/// the input placed with the stride into a zero image that holds the
/// padding the kernel needs.
struct ConvTranspose2DToLinalg : OpConversionPattern<ConvTranspose2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConvTranspose2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type f32 = rewriter.getF32Type();
    Value input = adaptor.getInput(), filter = adaptor.getFilter();
    auto inType = tensorTypeOf(input);
    auto wType = tensorTypeOf(filter);
    auto outType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> s = op.getStrides(), p = op.getPadding(), d = op.getDilations(),
                      extra = op.getOutputPadding();
    int64_t groups = op.getGroups();
    int64_t c = inType.getDimSize(1), cg = c / groups, fg = wType.getDimSize(1);
    int64_t k[2] = {wType.getDimSize(2), wType.getDimSize(3)};
    Value w5 = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get({groups, cg, fg, k[0], k[1]}, f32), filter,
        {{0, 1}, {2}, {3}, {4}});
    int64_t unit[2] = {1, 1}, noPad[4] = {0, 0, 0, 0};

    if ((s[0] == 1 && s[1] == 1) || d[0] != 1 || d[1] != 1) {
      // The conv2d input: input row y lands on row lo + y*sh of the image,
      // lo = dh*(KH-1) - pt (negative: cropped); the image ends
      // dh*(KH-1) - pb + output_padding rows after the last input row.
      int64_t lo[2], size[2];
      for (int a = 0; a < 2; ++a) {
        int64_t reach = d[a] * (k[a] - 1);
        lo[a] = reach - p[a];
        size[a] = (inType.getDimSize(2 + a) - 1) * s[a] + 1 + lo[a] + reach - p[a + 2] +
                  extra[a];
      }
      int64_t zero[2] = {0, 0};
      Value flipped = transposedFilter(rewriter, loc, w5, zero, unit, k);
      auto conv = Conv2DOp::create(rewriter, loc, placeInput(rewriter, loc, input, lo, s, size),
                                   flipped, adaptor.getBias(), unit, noPad, d, groups);
      rewriter.replaceOp(op, conv.getResult());
      return success();
    }

    // By phases. Phases without taps get only the bias.
    Value result = buildInit(rewriter, loc, outType, adaptor.getBias(), {1});
    for (int64_t r0 = 0; r0 < s[0]; ++r0) {
      for (int64_t r1 = 0; r1 < s[1]; ++r1) {
        int64_t r[2] = {r0, r1}, rows[2], first[2], taps[2], lo[2], size[2];
        bool empty = false;
        for (int a = 0; a < 2; ++a) {
          rows[a] = (outType.getDimSize(2 + a) - r[a] + s[a] - 1) / s[a];
          first[a] = (r[a] + p[a]) % s[a];
          taps[a] = first[a] < k[a] ? (k[a] - first[a] + s[a] - 1) / s[a] : 0;
          // The correlation reads input rows t + q - (taps - 1) ... t + q.
          lo[a] = taps[a] - 1 - (r[a] + p[a]) / s[a];
          size[a] = rows[a] + taps[a] - 1;
          empty |= rows[a] <= 0 || taps[a] == 0;
        }
        if (empty)
          continue;
        Value image = placeInput(rewriter, loc, input, lo, unit, size);
        Value phaseFilter = transposedFilter(rewriter, loc, w5, first, s, taps);
        Value phase = Conv2DOp::create(rewriter, loc, image, phaseFilter, adaptor.getBias(),
                                       unit, noPad, unit, groups);
        auto index = [&](int64_t v) -> OpFoldResult { return rewriter.getIndexAttr(v); };
        int64_t n = outType.getDimSize(0), f = outType.getDimSize(1);
        result = tensor::InsertSliceOp::create(
            rewriter, loc, phase, result,
            ArrayRef<OpFoldResult>{index(0), index(0), index(r0), index(r1)},
            ArrayRef<OpFoldResult>{index(n), index(f), index(rows[0]), index(rows[1])},
            ArrayRef<OpFoldResult>{index(1), index(1), index(s[0]), index(s[1])});
      }
    }
    rewriter.replaceOp(op, result);
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
    // Not to be merged by CSE with a convolution's identical padding of the
    // same input: in a gradient function that would keep the forward's
    // padded copy alive until the backward's im2col, next to the input
    // itself; padding again costs one copy.
    if (Operation *pad = padded.getDefiningOp<tensor::PadOp>())
      pad->setAttr("unshared_pad", rewriter.getUnitAttr());
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
      SmallVector<Value> at = {linalg::IndexOp::create(b, l, 0),
                               linalg::IndexOp::create(b, l, 1),
                               linalg::IndexOp::create(b, l, 4),
                               linalg::IndexOp::create(b, l, 5)};
      Value valid;
      for (int a = 0; a < 2; ++a) {
        auto [window, ok] = windowOfTap(b, l, linalg::IndexOp::create(b, l, 2 + a),
                                        linalg::IndexOp::create(b, l, 4 + a), s[a],
                                        p[a], d[a], windows[a]);
        valid = a == 0 ? ok : arith::AndIOp::create(b, l, valid, ok).getResult();
        at.push_back(window);
      }
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
