//===- ConvToGemm.cpp - the dlc-conv-to-gemm pass ---------------------------===//
//
// Rewrites every NCHW convolution (linalg.conv_2d_nchw_fchw, so groups == 1)
// into a contraction whose vector axis is the output channels, with the
// filter repacked so that its output channels are contiguous:
//
//   stride 1, any kernel  direct convolution, no copy of the input:
//                         out[n,f,oh,ow] += x[n,c,oh+kh*dh,ow+kw*dw]
//                                           * wt[c,kh,kw,f]
//   1x1, stride 1         out[n,f,p] += w[f,c] * x[n,c,p], a GEMM in NCHW as
//                         it is: the pixels on the vector axis when they
//                         are a whole number of vectors (no packing, no
//                         transposed store), else like the direct case
//                         with wt[c,f]; into the next layer's padded
//                         input, row by row when the rows are whole
//                         register tiles, else the direct case itself
//   strided               im2col patches [N, C*KH*KW, OH*OW], a few images
//                         at a time, then out[n,f,p] += p[n,k,p] * wt[k,f]
//
// Output channels are multiples of 8 or 16 in every network of the zoo,
// while the pixel counts of late stages (14x14 = 196, 7x7 = 49) are not: on
// the pixel axis (the im2col GEMM's usual orientation) their register tiles
// were ragged. The output is written with a transposed store, once per
// register tile. A filter that is a constant is repacked at compile time;
// any other (a gradient's flipped filter) by a linalg.transpose.
//
// dlc-tile-and-vectorize then tiles the GEMMs like any contraction and the
// direct convolutions with a loop per kernel tap around the same register
// tile (see its tileAndVectorizeDirectConv).
//
//===----------------------------------------------------------------------===//

#include "WeightPacker.h"
#include "dlc/Transforms/KernelStrategy.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#define DEBUG_TYPE "dlc-conv-to-gemm"

namespace mlir::dlc {
#define GEN_PASS_DEF_CONVTOGEMM
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using mlir::dlc::WeightPacker;

namespace {

/// The block of output channels a filter is packed in: the widest of
/// regN, regN/2, ... (at least 8) that divides `channels`, else all of
/// them (no blocking).
int64_t channelBlock(int64_t channels, int64_t regN) {
  for (int64_t b = regN; b >= 8; b /= 2)
    if (channels % b == 0)
      return b;
  return channels;
}

/// Builds `out += x * w` over `maps` (dims: parallel then `reductions`
/// reduction dims).
Value buildContraction(OpBuilder &b, Location loc, Value x, Value w, Value init,
                       ArrayRef<AffineMap> maps, unsigned reductions) {
  unsigned loops = maps.front().getNumDims();
  SmallVector<utils::IteratorType> iterators(loops - reductions,
                                             utils::IteratorType::parallel);
  iterators.append(reductions, utils::IteratorType::reduction);
  auto op = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{x, w}, ValueRange{init}, maps,
      iterators, [](OpBuilder &nb, Location l, ValueRange args) {
        Value product = arith::MulFOp::create(nb, l, args[0], args[1]);
        Value sum = arith::AddFOp::create(nb, l, args[2], product);
        linalg::YieldOp::create(nb, l, sum);
      });
  return op.getResult(0);
}

/// out[n,fo,fi,oh,ow] += x[n,c,oh*sh+kh*dh,ow*sw+kw*dw] * wt[fo,c,kh,kw,fi]
/// (output channel f = fo*FI + fi), over loops (n, oh, ow, fo, fi, c, kh, kw).
Value buildDirectConv(OpBuilder &b, Location loc, Value x, Value wt, Value init,
                      ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations) {
  MLIRContext *ctx = b.getContext();
  // (The channels innermost among the parallel dims: the vectorizer shapes
  // the accumulator in loop order, and its rows must be channel vectors.)
  AffineExpr n, oh, ow, fo, fi, c, kh, kw;
  bindDims(ctx, n, oh, ow, fo, fi, c, kh, kw);
  SmallVector<AffineMap> maps = {
      AffineMap::get(8, 0,
                     {n, c, oh * strides[0] + kh * dilations[0],
                      ow * strides[1] + kw * dilations[1]},
                     ctx),
      AffineMap::get(8, 0, {fo, c, kh, kw, fi}, ctx),
      AffineMap::get(8, 0, {n, fo, fi, oh, ow}, ctx)};
  return buildContraction(b, loc, x, wt, init, maps, 3);
}

/// out[n,fo,fi,p] += cols[n,k,p] * wt[fo,k,fi], on [N, FO, FI, P] views of
/// the output, over loops (n, p, fo, fi, k).
Value buildGemm(OpBuilder &b, Location loc, Value cols, Value wt, Value init) {
  MLIRContext *ctx = b.getContext();
  AffineExpr n, p, fo, fi, k;
  bindDims(ctx, n, p, fo, fi, k);
  SmallVector<AffineMap> maps = {AffineMap::get(5, 0, {n, k, p}, ctx),
                                 AffineMap::get(5, 0, {fo, k, fi}, ctx),
                                 AffineMap::get(5, 0, {n, fo, fi, p}, ctx)};
  return buildContraction(b, loc, cols, wt, init, maps, 1);
}

/// The GEMM of `cols` ([N, K, OH*OW]) and the filter ([F, C, KH, KW], K =
/// C*KH*KW) into the convolution's output `init` ([N, F, OH, OW]), the
/// filter packed as [F/FI, K, FI]; returns the [N, F, OH, OW] result.
Value buildConvGemm(RewriterBase &rewriter, Location loc, Value cols, Value filter,
                    Value init, WeightPacker &packer, int64_t regN) {
  auto outType = cast<RankedTensorType>(init.getType());
  auto colsType = cast<RankedTensorType>(cols.getType());
  auto filterType = cast<RankedTensorType>(filter.getType());
  int64_t n = outType.getDimSize(0), f = outType.getDimSize(1),
          k = colsType.getDimSize(1), p = colsType.getDimSize(2);
  int64_t kh = filterType.getDimSize(2), kw = filterType.getDimSize(3);
  int64_t fi = channelBlock(f, regN);
  // [fo, k, fi] -> filter[fo*FI + fi, k / (KH*KW), k / KW % KH, k % KW].
  MLIRContext *ctx = rewriter.getContext();
  AffineExpr dfo, dk, dfi;
  bindDims(ctx, dfo, dk, dfi);
  AffineMap toFilter = AffineMap::get(
      3, 0, {dfo * fi + dfi, dk.floorDiv(kh * kw), dk.floorDiv(kw) % kh, dk % kw}, ctx);
  Value wt = packer.pack(rewriter, loc, filter, {f / fi, fi, k}, {0, 2, 1}, toFilter);
  Type f32 = outType.getElementType();
  SmallVector<ReassociationIndices> pixels = {{0}, {1}, {2, 3}}, channels = {{0}, {1, 2}, {3}};
  Value out = tensor::CollapseShapeOp::create(rewriter, loc, init, pixels);
  out = tensor::ExpandShapeOp::create(
      rewriter, loc, RankedTensorType::get({n, f / fi, fi, p}, f32), out, channels);
  Value gemm = buildGemm(rewriter, loc, cols, wt, out);
  gemm = tensor::CollapseShapeOp::create(rewriter, loc, gemm, channels);
  return tensor::ExpandShapeOp::create(rewriter, loc, outType, gemm, pixels);
}

/// A 1x1, stride-1 convolution as the GEMM it is in NCHW: out[n,f,p] +=
/// w[f,c] * x[n,c,p] over loops (n, f, p, c) on [F, C], [N, C, H*W] and
/// [N, F, H*W] views of its operands: the pixels (contiguous in the input
/// and the output) on the vector axis, the filter's values broadcast.
Value buildPixelGemm(OpBuilder &b, Location loc, Value x, Value filter, Value init) {
  MLIRContext *ctx = b.getContext();
  auto outType = cast<RankedTensorType>(init.getType());
  SmallVector<ReassociationIndices> pixels = {{0}, {1}, {2, 3}}, channels = {{0}, {1, 2, 3}};
  Value x3 = tensor::CollapseShapeOp::create(b, loc, x, pixels);
  Value w2 = tensor::CollapseShapeOp::create(b, loc, filter, channels);
  Value out = tensor::CollapseShapeOp::create(b, loc, init, pixels);
  AffineExpr n, f, p, c;
  bindDims(ctx, n, f, p, c);
  // (The filter first: linalg's contraction dims take the first operand's
  // own dims as M, the broadcast rows of the register tile.)
  SmallVector<AffineMap> maps = {AffineMap::get(4, 0, {f, c}, ctx),
                                 AffineMap::get(4, 0, {n, c, p}, ctx),
                                 AffineMap::get(4, 0, {n, f, p}, ctx)};
  Value gemm = buildContraction(b, loc, w2, x3, out, maps, 1);
  return tensor::ExpandShapeOp::create(b, loc, outType, gemm, pixels);
}

/// buildPixelGemm without flattening the pixels: out[n,f,h,w] += w[f,c] *
/// x[n,c,h,w] over loops (n, f, h, w, c), the rows' pixels on the vector
/// axis.
Value buildRowPixelGemm(OpBuilder &b, Location loc, Value x, Value filter, Value init) {
  MLIRContext *ctx = b.getContext();
  Value w2 = tensor::CollapseShapeOp::create(
      b, loc, filter, ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}});
  AffineExpr n, f, h, w, c;
  bindDims(ctx, n, f, h, w, c);
  SmallVector<AffineMap> maps = {AffineMap::get(5, 0, {f, c}, ctx),
                                 AffineMap::get(5, 0, {n, c, h, w}, ctx),
                                 AffineMap::get(5, 0, {n, f, h, w}, ctx)};
  return buildContraction(b, loc, w2, x, init, maps, 1);
}

/// Whether `conv`'s result goes only to an elementwise op that writes into
/// a slice of a larger tensor (dlc-pad-in-place: the activation writing the
/// next convolution's zero-padded input).
bool feedsPaddedInterior(linalg::Conv2DNchwFchwOp conv) {
  Value result = conv->getResult(0);
  if (!result.hasOneUse())
    return false;
  auto consumer = dyn_cast<linalg::GenericOp>(*result.getUsers().begin());
  return consumer && consumer.getNumDpsInits() == 1 &&
         consumer.getNumReductionLoops() == 0 &&
         consumer.getDpsInits()[0].getDefiningOp<tensor::ExtractSliceOp>();
}

/// The im2col patches of `x` for a convolution: cols[n, c, kh, kw, oh, ow] =
/// x[n, c, oh*sh + kh*dh, ow*sw + kw*dw] (affine, no divisions), viewed as
/// [N, C*KH*KW, OH*OW].
Value buildPatches(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> filterShape,
                   ArrayRef<int64_t> outShape, ArrayRef<int64_t> strides,
                   ArrayRef<int64_t> dilations) {
  MLIRContext *ctx = b.getContext();
  auto xType = cast<RankedTensorType>(x.getType());
  int64_t n = xType.getDimSize(0), c = xType.getDimSize(1);
  int64_t kh = filterShape[2], kw = filterShape[3], oh = outShape[2], ow = outShape[3];
  AffineExpr dn, dc, dkh, dkw, doh, dow;
  bindDims(ctx, dn, dc, dkh, dkw, doh, dow);
  SmallVector<AffineMap> maps = {
      AffineMap::get(6, 0,
                     {dn, dc, doh * strides[0] + dkh * dilations[0],
                      dow * strides[1] + dkw * dilations[1]},
                     ctx),
      AffineMap::getMultiDimIdentityMap(6, ctx)};
  Value init = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{n, c, kh, kw, oh, ow},
                                       xType.getElementType());
  auto copy = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{x}, ValueRange{init}, maps,
      SmallVector<utils::IteratorType>(6, utils::IteratorType::parallel),
      [](OpBuilder &nb, Location l, ValueRange args) {
        linalg::YieldOp::create(nb, l, args[0]);
      });
  return tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({n, c * kh * kw, oh * ow}, xType.getElementType()),
      copy.getResult(0), ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}, {4, 5}});
}

/// The convolution of as many images at a time as keep its patches within
/// strategy.im2colBytes: `conv` itself, or the body of an scf.for over the batch.
/// The patches of a whole batch would be the largest temporary of a
/// network (a 3x3 convolution of 64 channels at 56x56: 7 MB per image),
/// and the batch's are never needed at once.
linalg::Conv2DNchwFchwOp chunkBatch(RewriterBase &rewriter, linalg::Conv2DNchwFchwOp conv,
                                    const mlir::dlc::KernelStrategy &strategy) {
  auto outType = cast<RankedTensorType>(conv.getResultTypes()[0]);
  auto filterType = cast<RankedTensorType>(conv.getInputs()[1].getType());
  int64_t images = outType.getDimSize(0);
  int64_t perImage = filterType.getDimSize(1) * filterType.getDimSize(2) *
                     filterType.getDimSize(3) * outType.getDimSize(2) *
                     outType.getDimSize(3) * 4;
  int64_t chunk = strategy.imagesPerChunk(images, perImage);
  if (chunk >= images)
    return conv;
  // (Iteration dims: n, f, oh, ow, c, kh, kw.)
  SmallVector<OpFoldResult> sizes(conv.getNumLoops(), rewriter.getIndexAttr(0));
  sizes[0] = rewriter.getIndexAttr(chunk);
  scf::SCFTilingOptions options;
  options.setTileSizes(sizes);
  rewriter.setInsertionPoint(conv);
  auto tiled = scf::tileUsingSCF(rewriter, cast<TilingInterface>(conv.getOperation()),
                                 options);
  if (failed(tiled))
    return conv;
  rewriter.replaceOp(conv, tiled->replacements);
  return cast<linalg::Conv2DNchwFchwOp>(tiled->tiledOps.front());
}

/// Rewrites one convolution; false if it is left as it is (dynamic shapes).
bool rewriteConv(RewriterBase &rewriter, linalg::Conv2DNchwFchwOp conv,
                 WeightPacker &packer, const mlir::dlc::KernelStrategy &strategy,
                 bool useIm2Col) {
  auto inType = dyn_cast<RankedTensorType>(conv.getInputs()[0].getType());
  auto filterType = dyn_cast<RankedTensorType>(conv.getInputs()[1].getType());
  auto outType = dyn_cast<RankedTensorType>(conv.getResultTypes()[0]);
  if (!conv.hasPureTensorSemantics() || !inType || !filterType || !outType ||
      !inType.hasStaticShape() || !filterType.hasStaticShape() ||
      !outType.hasStaticShape() || !filterType.getElementType().isF32())
    return false;
  SmallVector<int64_t> strides(conv.getStrides().getValues<int64_t>());
  SmallVector<int64_t> dilations(conv.getDilations().getValues<int64_t>());
  bool unitStride = strides[0] == 1 && strides[1] == 1;
  bool pointwise = filterType.getDimSize(2) == 1 && filterType.getDimSize(3) == 1;
  Location loc = conv.getLoc();
  Value init = conv.getOutputs()[0];

  int64_t pixels = outType.getDimSize(2) * outType.getDimSize(3);
  bool padded = feedsPaddedInterior(conv);
  if (unitStride && pointwise && pixels % strategy.lanes() == 0 &&
      outType.getDimSize(3) % strategy.regN == 0 &&
      filterType.getDimSize(1) <= strategy.blockK && padded) {
    // The same GEMM row by row, the rows' pixels on the vector axis, when
    // its activation writes the next layer's padded input: then so can the
    // GEMM (the activation its epilogue, one K block), a strided interior
    // having no flat pixel dim. Only rows of whole register tiles: a row
    // of 56 or 112 ran as 32 + 16 + 8-lane pieces, 15-19% slower than the
    // direct case below (channels on the vector axis), which also writes
    // the interior.
    rewriter.setInsertionPoint(conv);
    rewriter.replaceOp(conv, buildRowPixelGemm(rewriter, loc, conv.getInputs()[0],
                                               conv.getInputs()[1], init));
    return true;
  }
  if (unitStride && pointwise && pixels % strategy.lanes() == 0 && !padded) {
    // Pixels a whole number of vectors: the GEMM out[n] = W x[n] as it is
    // in NCHW, the pixels on the vector axis, no copy, no packing and no
    // transposed store.
    rewriter.setInsertionPoint(conv);
    rewriter.replaceOp(conv, buildPixelGemm(rewriter, loc, conv.getInputs()[0],
                                            conv.getInputs()[1], init));
    return true;
  }
  if (unitStride && pointwise && !padded) {
    // The input is the GEMM's [N, C, H*W] operand as it is.
    rewriter.setInsertionPoint(conv);
    Value x = tensor::CollapseShapeOp::create(rewriter, loc, conv.getInputs()[0],
                                              ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
    rewriter.replaceOp(conv, buildConvGemm(rewriter, loc, x, conv.getInputs()[1], init,
                                           packer, strategy.regN));
    return true;
  }
  if (unitStride || !useIm2Col) {
    rewriter.setInsertionPoint(conv);
    int64_t f = filterType.getDimSize(0), c = filterType.getDimSize(1),
            kh = filterType.getDimSize(2), kw = filterType.getDimSize(3);
    int64_t fi = channelBlock(f, strategy.regN);
    // [fo, c, kh, kw, fi] -> filter[fo*FI + fi, c, kh, kw].
    AffineExpr dfo, dc, dkh, dkw, dfi;
    bindDims(rewriter.getContext(), dfo, dc, dkh, dkw, dfi);
    AffineMap toFilter =
        AffineMap::get(5, 0, {dfo * fi + dfi, dc, dkh, dkw}, rewriter.getContext());
    Value wt = packer.pack(rewriter, loc, conv.getInputs()[1], {f / fi, fi, c, kh, kw},
                           {0, 2, 3, 4, 1}, toFilter);
    SmallVector<ReassociationIndices> channels = {{0}, {1, 2}, {3}, {4}};
    Value out = tensor::ExpandShapeOp::create(
        rewriter, loc,
        RankedTensorType::get({outType.getDimSize(0), f / fi, fi, outType.getDimSize(2),
                               outType.getDimSize(3)},
                              outType.getElementType()),
        init, channels);
    Value direct =
        buildDirectConv(rewriter, loc, conv.getInputs()[0], wt, out, strides, dilations);
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(conv, outType, direct, channels);
    return true;
  }

  // Strided: im2col patches, a few images at a time.
  linalg::Conv2DNchwFchwOp chunk = chunkBatch(rewriter, conv, strategy);
  rewriter.setInsertionPoint(chunk);
  loc = chunk.getLoc();
  auto chunkOut = cast<RankedTensorType>(chunk.getResultTypes()[0]);
  Value cols = buildPatches(rewriter, loc, chunk.getInputs()[0], filterType.getShape(),
                            chunkOut.getShape(), strides, dilations);
  rewriter.replaceOp(chunk, buildConvGemm(rewriter, loc, cols, chunk.getInputs()[1],
                                          chunk.getOutputs()[0], packer, strategy.regN));
  return true;
}

struct ConvToGemm : mlir::dlc::impl::ConvToGemmBase<ConvToGemm> {
  using ConvToGemmBase::ConvToGemmBase;

  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    WeightPacker packer;
    auto strategy = mlir::dlc::KernelStrategy::forOption(vectorBits);
    if (regN)
      strategy.regN = regN;
    if (im2colBytes)
      strategy.im2colBytes = im2colBytes;
    SmallVector<linalg::Conv2DNchwFchwOp> convs;
    getOperation().walk([&](linalg::Conv2DNchwFchwOp op) { convs.push_back(op); });
    for (linalg::Conv2DNchwFchwOp conv : convs)
      (void)rewriteConv(rewriter, conv, packer, strategy, im2col);
  }
};

} // namespace
