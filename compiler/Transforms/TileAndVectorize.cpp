//===- TileAndVectorize.cpp - the dlc-tile-and-vectorize pass ---------------===//
//
// Turns every contraction (matmul, batched matmul, gemm, and NCHW convolution
// after an im2col rewrite) into a register-blocked, vectorized microkernel:
//
//   level 1  scf.forall over [kBlockM x kBlockN] output blocks (threads),
//   level 2  scf.for over K in chunks of kBlockK (keeps panels in cache),
//   level 3  scf.for over [kRegM x kRegN] register tiles and K step 1,
//            vectorized to a vector.contract that lowers to outer products
//            (one broadcast of A, vector loads of B, FMAs into C).
//
// All of it runs on tensors so that the accumulator's transfer_read/write
// can be hoisted out of the K loop (it cannot be hoisted from memref
// subviews), leaving the C tile in vector registers for the whole K loop.
// Partial tiles (sizes that are not multiples of the tile) are vectorized
// with masks, so odd sizes stay correct.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

#define DEBUG_TYPE "dlc-tile-and-vectorize"

namespace mlir::dlc {
#define GEN_PASS_DEF_TILEANDVECTORIZE
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

// Tile sizes for AVX2 (16 ymm registers): a 4x16 C tile is 8 accumulators,
// leaving registers for two B vectors and the A broadcast.
constexpr int64_t kBlockM = 64, kBlockN = 128, kBlockK = 256;
constexpr int64_t kRegM = 4, kRegN = 16;
// The largest im2col buffer a convolution builds (see tileBatchForIm2Col).
constexpr int64_t kIm2ColBytes = 8 << 20;

/// Tiles `op` with `sizes` (0 = untiled) and replaces it; returns the tile op.
FailureOr<linalg::LinalgOp> tile(RewriterBase &rewriter, linalg::LinalgOp op,
                                 ArrayRef<int64_t> sizes, bool forall) {
  if (llvm::all_of(sizes, [](int64_t s) { return s == 0; }))
    return op;
  scf::SCFTilingOptions options;
  options.setTileSizes(getAsIndexOpFoldResult(rewriter.getContext(), sizes));
  options.setLoopType(forall ? scf::SCFTilingOptions::LoopType::ForallOp
                             : scf::SCFTilingOptions::LoopType::ForOp);
  rewriter.setInsertionPoint(op);
  auto tiled = scf::tileUsingSCF(rewriter, cast<TilingInterface>(op.getOperation()),
                                 options);
  if (failed(tiled))
    return failure();
  rewriter.replaceOp(op, tiled->replacements);
  return cast<linalg::LinalgOp>(tiled->tiledOps.front());
}

/// How many of `images` to take at a time so that their patches, of
/// `perImage` bytes each, stay within kIm2ColBytes: a divisor of `images`
/// (every chunk has the same static shape).
int64_t imagesPerChunk(int64_t images, int64_t perImage) {
  int64_t chunk = std::max<int64_t>(1, kIm2ColBytes / std::max<int64_t>(perImage, 1));
  chunk = std::min(chunk, images);
  while (images % chunk != 0)
    --chunk;
  return chunk;
}

/// The convolution of as many images at a time as keep its im2col patches
/// ([images, C*KH*KW, OH*OW]) within kIm2ColBytes: `conv` itself, or the
/// body of an scf.for over the batch. The patches of a whole batch would
/// be the largest temporary of a network (a 3x3 convolution of 64 channels
/// at 56x56: 7 MB per image), and the batch's are never needed at once.
FailureOr<linalg::LinalgOp> tileBatchForIm2Col(RewriterBase &rewriter,
                                               linalg::Conv2DNchwFchwOp conv) {
  auto outType = dyn_cast<RankedTensorType>(conv.getResultTypes()[0]);
  auto filterType = dyn_cast<RankedTensorType>(conv.getInputs()[1].getType());
  if (!conv.hasPureTensorSemantics() || !outType || !filterType ||
      !outType.hasStaticShape() || !filterType.hasStaticShape())
    return cast<linalg::LinalgOp>(conv.getOperation());
  int64_t images = outType.getDimSize(0);
  int64_t perImage = filterType.getDimSize(1) * filterType.getDimSize(2) *
                     filterType.getDimSize(3) * outType.getDimSize(2) *
                     outType.getDimSize(3) * 4;
  int64_t chunk = imagesPerChunk(images, perImage);
  if (chunk >= images)
    return cast<linalg::LinalgOp>(conv.getOperation());
  // (Iteration dims: n, f, oh, ow, c, kh, kw.)
  SmallVector<int64_t> sizes(conv.getNumLoops(), 0);
  sizes[0] = chunk;
  return tile(rewriter, conv, sizes, /*forall=*/false);
}

/// Whether `op`'s body is `yield in + out` (either order).
bool isSumBody(linalg::GenericOp op) {
  Block &body = op.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  auto add = yield.getNumOperands() == 1
                 ? yield.getOperand(0).getDefiningOp<arith::AddFOp>()
                 : arith::AddFOp();
  if (!add || add->getBlock() != &body || body.getOperations().size() != 2)
    return false;
  Value in = body.getArgument(0), out = body.getArgument(1);
  return (add.getLhs() == in && add.getRhs() == out) ||
         (add.getLhs() == out && add.getRhs() == in);
}

/// A sum over some output dims of a contraction with a zero initial value
/// (a batched matmul summed over its batch: a convolution's filter adjoint)
/// becomes one contraction that reduces over those dims as well, so the
/// per-batch products are never materialized. Returns the fused op, or
/// null if `sum` is not such a sum.
linalg::GenericOp foldSumOfContraction(RewriterBase &rewriter, linalg::GenericOp sum) {
  if (sum.getNumDpsInputs() != 1 || sum.getNumDpsInits() != 1 || !isSumBody(sum))
    return nullptr;
  auto contraction = sum.getDpsInputOperand(0)->get().getDefiningOp<linalg::GenericOp>();
  if (!contraction || !contraction->hasOneUse() || contraction.getNumDpsInits() != 1 ||
      !contraction.hasPureTensorSemantics() ||
      !linalg::isaContractionOpInterface(contraction))
    return nullptr;
  // The contraction's result starts at zero.
  auto fill = contraction.getDpsInitOperand(0)->get().getDefiningOp<linalg::FillOp>();
  auto zero = fill ? fill.getInputs()[0].getDefiningOp<arith::ConstantOp>()
                   : arith::ConstantOp();
  auto zeroValue = zero ? dyn_cast<FloatAttr>(zero.getValue()) : FloatAttr();
  if (!zeroValue || !zeroValue.getValue().isZero())
    return nullptr;
  // Its output is indexed by its leading loops, read whole by the sum.
  unsigned rank = sum.getNumLoops();
  AffineMap contractionOut = contraction.getMatchingIndexingMap(contraction.getDpsInitOperand(0));
  if (contractionOut.getNumResults() != rank ||
      !sum.getMatchingIndexingMap(sum.getDpsInputOperand(0)).isIdentity())
    return nullptr;
  for (unsigned d = 0; d < rank; ++d)
    if (contractionOut.getResult(d) != rewriter.getAffineDimExpr(d))
      return nullptr;
  AffineMap sumOut = sum.getMatchingIndexingMap(sum.getDpsInitOperand(0));
  if (!sumOut.isProjectedPermutation())
    return nullptr;
  // Dims 0..rank-1 of the contraction are the sum's dims.
  SmallVector<AffineMap> maps;
  for (OpOperand *input : contraction.getDpsInputOperands())
    maps.push_back(contraction.getMatchingIndexingMap(input));
  maps.push_back(AffineMap::get(contraction.getNumLoops(), 0, sumOut.getResults(),
                                rewriter.getContext()));
  SmallVector<utils::IteratorType> iterators = contraction.getIteratorTypesArray();
  for (unsigned d = 0; d < rank; ++d)
    iterators[d] = sum.getIteratorTypesArray()[d];
  rewriter.setInsertionPoint(sum);
  auto fused = linalg::GenericOp::create(rewriter, sum.getLoc(), sum.getResultTypes(),
                                         contraction.getDpsInputs(), sum.getDpsInits(),
                                         maps, iterators);
  rewriter.cloneRegionBefore(contraction.getRegion(), fused.getRegion(),
                             fused.getRegion().end());
  rewriter.replaceOp(sum, fused.getResults());
  rewriter.eraseOp(contraction);
  return fused;
}

/// A contraction that reduces over a batch (from foldSumOfContraction: a
/// convolution's filter adjoint, sum over images of patches x output
/// adjoint) whose operand is a large per-image tensor made by a
/// linalg.generic (the im2col patches, reshaped) runs as an scf.for over
/// chunks of the batch, each making the patches of its images only: at
/// most kIm2ColBytes of them, instead of the whole batch's.
LogicalResult chunkBatchReduction(RewriterBase &rewriter, linalg::GenericOp op) {
  if (op.getNumLoops() == 0 || op.getIteratorTypesArray()[0] != utils::IteratorType::reduction)
    return failure();
  // The operand indexed by the batch (d0) first, made by a generic through
  // a collapse_shape that keeps the batch dimension alone.
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    auto collapse = input->get().getDefiningOp<tensor::CollapseShapeOp>();
    if (!collapse || map.getNumResults() == 0 ||
        map.getResult(0) != rewriter.getAffineDimExpr(0) ||
        collapse.getReassociationIndices().front().size() != 1 || !collapse->hasOneUse())
      continue;
    auto producer = collapse.getSrc().getDefiningOp<linalg::GenericOp>();
    auto type = cast<RankedTensorType>(collapse.getSrcType());
    if (!producer || !producer->hasOneUse() || !type.hasStaticShape() ||
        producer.getNumDpsInits() != 1 || !producer.hasPureTensorSemantics() ||
        !producer.getMatchingIndexingMap(producer.getDpsInitOperand(0)).isIdentity() ||
        producer.getNumReductionLoops() != 0)
      continue;
    int64_t images = type.getDimSize(0);
    int64_t perImage = type.getNumElements() / images * 4;
    int64_t chunk = imagesPerChunk(images, perImage);
    if (chunk >= images)
      return failure();
    unsigned operandNumber = input->getOperandNumber();
    SmallVector<int64_t> sizes(op.getNumLoops(), 0);
    sizes[0] = chunk;
    FailureOr<linalg::LinalgOp> tiled = tile(rewriter, op, sizes, /*forall=*/false);
    if (failed(tiled))
      return failure();
    // The tiled op reads a slice of the collapsed patches: make that chunk
    // of patches in the loop instead.
    auto slice = tiled->getOperation()
                     ->getOperand(operandNumber)
                     .getDefiningOp<tensor::ExtractSliceOp>();
    if (!slice || slice.getSource() != collapse.getResult())
      return failure();
    rewriter.setInsertionPoint(slice);
    SmallVector<OpFoldResult> offsets(type.getRank(), rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> tileSizes;
    for (int64_t d : type.getShape())
      tileSizes.push_back(rewriter.getIndexAttr(d));
    offsets[0] = slice.getMixedOffsets()[0];
    tileSizes[0] = slice.getMixedSizes()[0];
    FailureOr<TilingResult> patches =
        cast<TilingInterface>(producer.getOperation())
            .generateResultTileValue(rewriter, 0, offsets, tileSizes);
    if (failed(patches))
      return failure();
    // Its destination: a chunk-sized empty tensor, not a slice of the
    // whole batch's (which would still be allocated whole).
    for (Operation *tiledProducer : patches->tiledOps)
      if (auto dps = dyn_cast<DestinationStyleOpInterface>(tiledProducer))
        for (OpOperand &init : dps.getDpsInitsMutable())
          if (auto initSlice = init.get().getDefiningOp<tensor::ExtractSliceOp>())
            if (initSlice.getSource().getDefiningOp<tensor::EmptyOp>()) {
              rewriter.setInsertionPoint(tiledProducer);
              init.set(tensor::EmptyOp::create(rewriter, initSlice.getLoc(),
                                               initSlice.getMixedSizes(),
                                               initSlice.getType().getElementType()));
            }
    rewriter.setInsertionPoint(slice);
    auto collapsed = tensor::CollapseShapeOp::create(
        rewriter, slice.getLoc(), slice.getType(), patches->tiledValues[0],
        collapse.getReassociationIndices());
    rewriter.replaceOp(slice, collapsed.getResult());
    if (collapse->use_empty()) {
      rewriter.eraseOp(collapse);
      rewriter.eraseOp(producer);
    }
    return success();
  }
  return failure();
}

/// Tiles one contraction through the three levels and vectorizes the
/// register tile. Dims other than the innermost M, N and K are tiled by 1.
LogicalResult tileAndVectorizeContraction(RewriterBase &rewriter,
                                          linalg::LinalgOp op, bool parallel) {
  FailureOr<linalg::ContractionDimensions> dims = linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.empty() || dims->n.empty() || dims->k.empty())
    return failure();
  unsigned m = dims->m.back(), n = dims->n.back(), k = dims->k.back();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (llvm::any_of(ranges, ShapedType::isDynamic))
    return failure();
  auto clamp = [&](unsigned dim, int64_t size) { return std::min(size, ranges[dim]); };
  // A block size near `target` that divides the extent in whole register
  // tiles, so only a genuinely ragged extent needs masked partial tiles.
  auto block = [&](unsigned dim, int64_t target, int64_t reg) {
    int64_t extent = ranges[dim];
    if (extent <= target)
      return extent;
    for (int64_t b = target - target % reg; b >= std::max<int64_t>(reg, target / 2); b -= reg)
      if (extent % b == 0)
        return b;
    return target;
  };

  // Level 1: parallel blocks of the output (batch and outer M/N dims by 1).
  SmallVector<int64_t> l1(ranges.size(), 0);
  for (unsigned d : llvm::concat<unsigned>(dims->batch, dims->m, dims->n))
    l1[d] = 1;
  l1[m] = block(m, kBlockM, kRegM);
  l1[n] = block(n, kBlockN, kRegN);
  auto t1 = tile(rewriter, op, l1, parallel);
  if (failed(t1))
    return failure();

  // Level 2: K blocks (outer K dims by 1).
  SmallVector<int64_t> l2(ranges.size(), 0);
  for (unsigned d : dims->k)
    l2[d] = 1;
  l2[k] = clamp(k, kBlockK);
  auto t2 = tile(rewriter, *t1, l2, /*forall=*/false);
  if (failed(t2))
    return failure();

  // Level 3: register tile; K by 1 so the vector.contract is an outer product.
  SmallVector<int64_t> l3(ranges.size(), 0);
  l3[m] = clamp(m, kRegM);
  l3[n] = clamp(n, kRegN);
  l3[k] = 1;
  auto t3 = tile(rewriter, *t2, l3, /*forall=*/false);
  if (failed(t3))
    return failure();

  // Drop the unit loops (batch and outer dims tiled by 1) but keep K, so the
  // microkernel is a plain [M, N, K=1] contraction on 2-D vectors: leading
  // unit dims would otherwise survive into the loop-carried accumulators.
  linalg::LinalgOp kernel = *t3;
  if (!isa<linalg::GenericOp>(kernel.getOperation())) {
    rewriter.setInsertionPoint(kernel);
    auto generic = linalg::generalizeNamedOp(rewriter, kernel);
    if (succeeded(generic))
      kernel = *generic;
  }
  if (auto generic = dyn_cast<linalg::GenericOp>(kernel.getOperation())) {
    linalg::ControlDropUnitDims control;
    // Rank-reducing slices (not reshapes) keep the accumulator hoistable.
    control.rankReductionStrategy =
        linalg::ControlDropUnitDims::RankReductionStrategy::ExtractInsertSlice;
    control.controlFn = [k](Operation *op) {
      SmallVector<unsigned> candidates;
      for (unsigned d = 0, e = cast<linalg::LinalgOp>(op).getNumLoops(); d < e; ++d)
        if (d != k)
          candidates.push_back(d);
      return candidates;
    };
    rewriter.setInsertionPoint(generic);
    auto dropped = linalg::dropUnitDims(rewriter, generic, control);
    if (succeeded(dropped)) {
      rewriter.replaceOp(generic, dropped->replacements);
      kernel = cast<linalg::LinalgOp>(dropped->resultOp.getOperation());
    }
  }

  // Vector sizes: the static extents, and the register tile for the M/N
  // extents of partial tiles (which become masks).
  // (A unit M or N, as in a matrix-vector product, has been dropped.)
  FailureOr<linalg::ContractionDimensions> kdims = linalg::inferContractionDims(kernel);
  SmallVector<int64_t> vectorSizes = kernel.getStaticLoopRanges();
  for (auto [d, size] : llvm::enumerate(vectorSizes)) {
    if (!ShapedType::isDynamic(size))
      continue;
    if (failed(kdims))
      return failure();
    bool isM = !kdims->m.empty() && d == kdims->m.back();
    bool isN = !kdims->n.empty() && d == kdims->n.back();
    if (!isM && !isN)
      return failure();
    size = isM ? kRegM : kRegN;
  }
  rewriter.setInsertionPoint(kernel);
  // The scalable-dims list must be as long as the sizes (an empty one is
  // read out of bounds and yields random scalable vector types).
  SmallVector<bool> scalable(vectorSizes.size(), false);
  auto vectorized = linalg::vectorize(rewriter, kernel, vectorSizes, scalable);
  if (failed(vectorized))
    return failure();
  rewriter.replaceOp(kernel, vectorized->replacements);
  return success();
}

struct TileAndVectorize
    : mlir::dlc::impl::TileAndVectorizeBase<TileAndVectorize> {
  using TileAndVectorizeBase::TileAndVectorizeBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *ctx = &getContext();
    IRRewriter rewriter(ctx);

    // NCHW convolutions become im2col + a GEMM-shaped contraction, a few
    // images at a time when the patches of the whole batch are large.
    SmallVector<linalg::Conv2DNchwFchwOp> convs;
    func.walk([&](linalg::Conv2DNchwFchwOp op) { convs.push_back(op); });
    for (auto conv : convs) {
      // (If the batch cannot be tiled, the whole batch at once.)
      FailureOr<linalg::LinalgOp> chunk = tileBatchForIm2Col(rewriter, conv);
      auto chunkConv = succeeded(chunk)
                           ? cast<linalg::Conv2DNchwFchwOp>(chunk->getOperation())
                           : conv;
      rewriter.setInsertionPoint(chunkConv);
      (void)linalg::rewriteInIm2Col(rewriter, chunkConv);
    }

    SmallVector<linalg::GenericOp> sums;
    func.walk([&](linalg::GenericOp op) { sums.push_back(op); });
    // (A fold erases the contraction, which precedes its sum in `sums`:
    // it was visited already.)
    for (linalg::GenericOp sum : sums)
      if (linalg::GenericOp fused = foldSumOfContraction(rewriter, sum))
        (void)chunkBatchReduction(rewriter, fused);

    SmallVector<linalg::LinalgOp> contractions;
    func.walk([&](linalg::LinalgOp op) {
      if (op.hasPureTensorSemantics() && linalg::isaContractionOpInterface(op))
        contractions.push_back(op);
    });
    for (linalg::LinalgOp op : contractions)
      (void)tileAndVectorizeContraction(rewriter, op, parallel);

    // Canonical vector form: contractions with outer-product lowering,
    // transfers without permutations or leading unit dims.
    {
      RewritePatternSet patterns(ctx);
      vector::populateVectorReductionToContractPatterns(patterns);
      vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
      vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
      vector::TransferReadOp::getCanonicalizationPatterns(patterns, ctx);
      vector::TransferWriteOp::getCanonicalizationPatterns(patterns, ctx);
      tensor::ExtractSliceOp::getCanonicalizationPatterns(patterns, ctx);
      if (failed(applyPatternsGreedily(func, std::move(patterns))))
        return signalPassFailure();
    }
    {
      RewritePatternSet patterns(ctx);
      vector::populateVectorContractLoweringPatterns(
          patterns, vector::VectorContractLowering::OuterProduct,
          /*benefit=*/1, /*disableOuterProductLowering=*/true);
      vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
      if (failed(applyPatternsGreedily(func, std::move(patterns))))
        return signalPassFailure();
    }
    // Masked transfers of partial tiles become transfers with a mask operand
    // here, before bufferization and deallocation insert ops into the masks.
    {
      RewritePatternSet patterns(ctx);
      vector::populateVectorMaskLoweringPatternsForSideEffectingOps(patterns);
      if (failed(applyPatternsGreedily(func, std::move(patterns))))
        return signalPassFailure();
    }
    // Keep the accumulator tiles in registers across the K loops.
    SmallVector<scf::ForOp> loops;
    func.walk([&](scf::ForOp loop) { loops.push_back(loop); });
    for (scf::ForOp loop : loops) {
      moveLoopInvariantCode(cast<LoopLikeOpInterface>(loop.getOperation()));
      hoistLoopInvariantSubsets(rewriter, loop);
    }
  }
};

} // namespace
