//===- TileAndVectorize.cpp - the dlc-tile-and-vectorize pass ---------------===//
//
// Turns every contraction (matmul, batched matmul, gemm, and NCHW convolution
// after an im2col rewrite) into a register-blocked, vectorized microkernel:
//
//   level 1  scf.forall over [blockM x blockN] output blocks (threads),
//   level 2  scf.for over K in chunks of blockK (keeps panels in cache),
//   level 3  scf.for over [regM x regN] register tiles and K step 1,
//            vectorized to a vector.contract that lowers to outer products
//            (one broadcast of A, vector loads of B, FMAs into C).
//
// All of it runs on tensors so that the accumulator's transfer_read/write
// can be hoisted out of the K loop (it cannot be hoisted from memref
// subviews), leaving the C tile in vector registers for the whole K loop.
// Extents that are not multiples of the register tile are split first into
// whole tiles and a smaller remainder, so that every tile is static and no
// masks are needed. The sizes come from KernelStrategy (the target's vector
// width). A tile written once starts from its initial value computed in
// registers from the writer's inputs: the bias, bias + residual, zeros
// (InitialValueWriters, InitialValues.cpp); else, when its accumulator
// would be read transposed, from zero, adding the output's initial value
// when it is written (addInitialValuesLast). The short loops over kernel
// taps around a tile are unrolled (unrollTapLoops).
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"
#include "dlc/Transforms/KernelStrategy.h"
#include "TilingUtils.h"
#include "WeightPacker.h"

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
#include "mlir/IR/Dominance.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/RegionUtils.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/MathExtras.h"

#define DEBUG_TYPE "dlc-tile-and-vectorize"

namespace mlir::dlc {
#define GEN_PASS_DEF_TILEANDVECTORIZE
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

using mlir::dlc::KernelStrategy;
using namespace mlir::dlc;



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
/// most strategy.im2colBytes of them, instead of the whole batch's.
LogicalResult chunkBatchReduction(RewriterBase &rewriter, linalg::GenericOp op,
                                  const KernelStrategy &strategy) {
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
    int64_t chunk = strategy.imagesPerChunk(images, perImage);
    if (chunk >= images)
      return failure();
    unsigned operandNumber = input->getOperandNumber();
    SmallVector<int64_t> sizes(op.getNumLoops(), 0);
    sizes[0] = chunk;
    FailureOr<linalg::LinalgOp> tiled = tileLinalgOp(rewriter, op, sizes, /*forall=*/false);
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

/// The largest block of at most `target` whole register tiles of `reg`
/// that divides `extent` (a multiple of `reg`, or smaller), so that every
/// block, and every tile in it, is static.
int64_t wholeTileBlock(int64_t extent, int64_t target, int64_t reg) {
  if (extent <= target)
    return extent;
  for (int64_t b = std::max(target - target % reg, reg); b > reg; b -= reg)
    if (extent % b == 0)
      return b;
  return reg;
}

/// Vectorizes a register tile `out[m,n] += lhs[.] * rhs[.]` whose K extent
/// is 1 (lhs indexed by m and k, rhs by k and n, out by m and n in either
/// order) as one vector.outerproduct of a vector<M> and a vector<N> into a
/// vector<MxN> accumulator. The accumulator is always read as [M][N], a
/// transposed output (an NCHW convolution's [channels][pixels]) through a
/// permutation map, so that after hoisting its rows stay channel vectors in
/// registers and only the reads and writes around the K loops transpose
/// (linalg::vectorize shapes vectors in loop order and, with the
/// permutation folded into the contraction, produced column updates).
/// Fails if `op` has another form.
LogicalResult vectorizeOuterProduct(RewriterBase &rewriter, linalg::GenericOp op,
                                    unsigned m, unsigned n, unsigned k) {
  if (op.getNumLoops() != 3 || op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      !op.hasPureTensorSemantics())
    return failure();
  // The body: out + lhs * rhs (either order of each).
  Block &body = op.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  auto add = yield.getOperand(0).getDefiningOp<arith::AddFOp>();
  if (!add || body.getOperations().size() != 3)
    return failure();
  Value out = body.getArgument(2);
  Value productValue = add.getLhs() == out ? add.getRhs() : add.getLhs();
  auto mul = productValue.getDefiningOp<arith::MulFOp>();
  if (!mul || (add.getLhs() != out && add.getRhs() != out) ||
      !llvm::is_contained(ValueRange{mul.getLhs(), mul.getRhs()}, body.getArgument(0)) ||
      !llvm::is_contained(ValueRange{mul.getLhs(), mul.getRhs()}, body.getArgument(1)))
    return failure();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  if (ranges[k] != 1 || llvm::any_of(ranges, ShapedType::isDynamic) ||
      iterators[m] != utils::IteratorType::parallel ||
      iterators[n] != utils::IteratorType::parallel)
    return failure();

  MLIRContext *ctx = op.getContext();
  Location loc = op.getLoc();
  // The result of `map` that is `loop * stride` (stride 1: the dim itself).
  auto findDim = [&](AffineMap map, unsigned loop,
                     int64_t &stride) -> std::optional<unsigned> {
    for (auto [pos, expr] : llvm::enumerate(map.getResults())) {
      stride = 1;
      if (expr == getAffineDimExpr(loop, ctx))
        return pos;
      auto mulExpr = dyn_cast<AffineBinaryOpExpr>(expr);
      if (mulExpr && mulExpr.getKind() == AffineExprKind::Mul &&
          mulExpr.getLHS() == getAffineDimExpr(loop, ctx))
        if (auto c = dyn_cast<AffineConstantExpr>(mulExpr.getRHS())) {
          stride = c.getValue();
          return pos;
        }
    }
    return std::nullopt;
  };
  // Every operand is indexed by its two roles only (others are constants,
  // the K dim of extent 1 included).
  auto indexedBy = [&](OpOperand *operand, ArrayRef<unsigned> dims) {
    AffineMap map = op.getMatchingIndexingMap(operand);
    for (unsigned d = 0; d < 3; ++d)
      if (!llvm::is_contained(dims, d) && map.isFunctionOfDim(d) && d != k)
        return false;
    return true;
  };
  if (!indexedBy(op.getDpsInputOperand(0), {m, k}) ||
      !indexedBy(op.getDpsInputOperand(1), {k, n}) ||
      !indexedBy(op.getDpsInitOperand(0), {m, n}))
    return failure();

  rewriter.setInsertionPoint(op);
  Type f32 = rewriter.getF32Type();
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  Value padding = arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(f32));
  // A transfer of `operand` whose vector dims are the loops `loopDims`
  // (each indexing one dim of the operand with stride 1).
  auto transferMap = [&](OpOperand *operand, ArrayRef<unsigned> loopDims) -> AffineMap {
    AffineMap map = op.getMatchingIndexingMap(operand);
    SmallVector<AffineExpr> exprs;
    for (unsigned d : loopDims) {
      int64_t stride;
      std::optional<unsigned> pos = findDim(map, d, stride);
      if (!pos || stride != 1)
        return AffineMap();
      exprs.push_back(getAffineDimExpr(*pos, ctx));
    }
    return AffineMap::get(map.getNumResults(), 0, exprs, ctx);
  };
  auto read = [&](OpOperand *operand, ArrayRef<unsigned> loopDims) -> Value {
    AffineMap map = transferMap(operand, loopDims);
    if (!map)
      return nullptr;
    SmallVector<int64_t> shape;
    for (unsigned d : loopDims)
      shape.push_back(ranges[d]);
    auto type = cast<RankedTensorType>(operand->get().getType());
    SmallVector<Value> indices(type.getRank(), zero);
    SmallVector<bool> inBounds(shape.size(), true);
    return vector::TransferReadOp::create(rewriter, loc, VectorType::get(shape, f32),
                                          operand->get(), indices, padding, map, inBounds);
  };
  // The broadcast operand (a row of input pixels, ow * stride apart; a
  // column of A): its elements one by one, each of which LLVM broadcasts
  // straight from memory. (Read as one vector, the rows of neighbouring
  // kernel taps overlap and LLVM shares their loads, then broadcasts
  // lanes with shuffles on the port of the second FMA pipe: 14 of them per
  // 42 FMAs in ResNet's 7x7 convolutions.)
  auto readElements = [&](OpOperand *operand, unsigned loop) -> Value {
    AffineMap map = op.getMatchingIndexingMap(operand);
    int64_t stride;
    std::optional<unsigned> pos = findDim(map, loop, stride);
    if (!pos)
      return nullptr;
    auto type = cast<RankedTensorType>(operand->get().getType());
    SmallVector<Value> elements;
    for (int64_t i = 0; i < ranges[loop]; ++i) {
      SmallVector<Value> indices(type.getRank(), zero);
      indices[*pos] = arith::ConstantIndexOp::create(rewriter, loc, i * stride);
      elements.push_back(tensor::ExtractOp::create(rewriter, loc, operand->get(), indices));
    }
    return vector::FromElementsOp::create(
        rewriter, loc, VectorType::get({ranges[loop]}, f32), elements);
  };
  Value lhs = readElements(op.getDpsInputOperand(0), m);
  Value rhs = read(op.getDpsInputOperand(1), {n});
  Value acc = read(op.getDpsInitOperand(0), {m, n});
  if (!lhs || !rhs || !acc)
    return failure();
  if (Attribute init = op->getAttr(kInitialValueAttr))
    acc.getDefiningOp()->setAttr(kInitialValueAttr, init);
  Value product = vector::OuterProductOp::create(rewriter, loc, acc.getType(), lhs, rhs,
                                                 acc, vector::CombiningKind::ADD);
  OpOperand *init = op.getDpsInitOperand(0);
  auto initType = cast<RankedTensorType>(init->get().getType());
  SmallVector<Value> indices(initType.getRank(), zero);
  auto write = vector::TransferWriteOp::create(
      rewriter, loc, product, init->get(), indices, transferMap(init, {m, n}),
      SmallVector<bool>{true, true});
  if (Attribute epilogue = op->getAttr(kEpilogueAttr))
    write->setAttr(kEpilogueAttr, epilogue);
  rewriter.replaceOp(op, write.getResult());
  return success();
}

/// Vectorizes a register tile: drops its unit loops (batch and outer dims
/// tiled by 1) but keeps its M, N and unit K dims `m`, `n`, `k` (even when
/// M or N is 1: a row times a vector is still one outer product), so that
/// the microkernel is a plain [M, N, K=1] contraction on 2-D vectors
/// (leading unit dims would otherwise survive into the loop-carried
/// accumulators), then vectorizes it with its static sizes.
LogicalResult vectorizeRegisterTile(RewriterBase &rewriter, linalg::LinalgOp kernel,
                                    unsigned m, unsigned n, unsigned k) {
  if (!isa<linalg::GenericOp>(kernel.getOperation())) {
    rewriter.setInsertionPoint(kernel);
    linalg::LinalgOp named = kernel;
    auto generic = linalg::generalizeNamedOp(rewriter, kernel);
    if (succeeded(generic)) {
      copyMarks(named, *generic);
      kernel = *generic;
    }
  }
  if (auto generic = dyn_cast<linalg::GenericOp>(kernel.getOperation())) {
    linalg::ControlDropUnitDims control;
    // Rank-reducing slices (not reshapes) keep the accumulator hoistable.
    control.rankReductionStrategy =
        linalg::ControlDropUnitDims::RankReductionStrategy::ExtractInsertSlice;
    control.controlFn = [m, n, k](Operation *op) {
      SmallVector<unsigned> candidates;
      for (unsigned d = 0, e = cast<linalg::LinalgOp>(op).getNumLoops(); d < e; ++d)
        if (d != m && d != n && d != k)
          candidates.push_back(d);
      return candidates;
    };
    rewriter.setInsertionPoint(generic);
    auto dropped = linalg::dropUnitDims(rewriter, generic, control);
    if (succeeded(dropped)) {
      copyMarks(generic, dropped->resultOp);
      rewriter.replaceOp(generic, dropped->replacements);
      kernel = cast<linalg::LinalgOp>(dropped->resultOp.getOperation());
    }
  }

  // Every extent of the register tile is static now (the K chunk's extent
  // may not be, but K is tiled by 1).
  SmallVector<int64_t> vectorSizes = kernel.getStaticLoopRanges();
  if (llvm::any_of(vectorSizes, ShapedType::isDynamic))
    return failure();
  // (The unit loops other than m, n and k are gone; these three keep their
  // order.)
  if (auto generic = dyn_cast<linalg::GenericOp>(kernel.getOperation());
      generic && generic.getNumLoops() == 3) {
    unsigned km = (m > n) + (m > k), kn = (n > m) + (n > k), kk = (k > m) + (k > n);
    if (succeeded(vectorizeOuterProduct(rewriter, generic, km, kn, kk)))
      return success();
  }
  rewriter.setInsertionPoint(kernel);
  // The scalable-dims list must be as long as the sizes (an empty one is
  // read out of bounds and yields random scalable vector types).
  SmallVector<bool> scalable(vectorSizes.size(), false);
  auto vectorized = linalg::vectorize(rewriter, kernel, vectorSizes, scalable);
  if (failed(vectorized))
    return failure();
  // (Its writes are candidates for an epilogue like the outer products';
  // anything else that makes its result rules the epilogue out.)
  // (Nor does it read the initial value once per tile: marked, its
  // writes rule the initial value's start in registers out.)
  for (Value replacement : vectorized->replacements)
    if (Operation *def = replacement.getDefiningOp())
      copyMarks(kernel, def);
  rewriter.replaceOp(kernel, vectorized->replacements);
  return success();
}


/// Tiles one contraction whose innermost M and N extents are whole register
/// tiles (or smaller than one) through the three levels and vectorizes the
/// register tile. Dims other than the innermost M, N and K are tiled by 1.
LogicalResult tileAndVectorizeWholeTiles(RewriterBase &rewriter, linalg::LinalgOp op,
                                         const KernelStrategy &strategy, bool parallel,
                                         bool level1 = true) {
  FailureOr<linalg::ContractionDimensions> dims = linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.empty() || dims->n.empty() || dims->k.empty())
    return failure();
  unsigned m = dims->m.back(), n = dims->n.back(), k = dims->k.back();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (llvm::any_of(ranges, ShapedType::isDynamic))
    return failure();
  auto clamp = [&](unsigned dim, int64_t size) { return std::min(size, ranges[dim]); };
  int64_t regM = clamp(m, strategy.regM), regN = clamp(n, strategy.regN);
  auto block = [&](unsigned dim, int64_t target, int64_t reg) {
    return wholeTileBlock(ranges[dim], target, reg);
  };

  // Level 1: parallel blocks of the output (batch and outer M/N dims by 1).
  SmallVector<int64_t> l1(ranges.size(), 0);
  for (unsigned d : llvm::concat<unsigned>(dims->batch, dims->m, dims->n))
    l1[d] = 1;
  l1[m] = block(m, strategy.blockM, regM);
  l1[n] = block(n, strategy.blockN, regN);
  FailureOr<linalg::LinalgOp> t1 = op;
  if (level1)
    t1 = tileLinalgOp(rewriter, op, l1, parallel);
  if (failed(t1))
    return failure();

  // Level 2: K blocks (outer K dims by 1).
  SmallVector<int64_t> l2(ranges.size(), 0);
  for (unsigned d : dims->k)
    l2[d] = 1;
  l2[k] = clamp(k, strategy.blockK);
  auto t2 = tileLinalgOp(rewriter, *t1, l2, /*forall=*/false);
  if (failed(t2))
    return failure();

  // Level 3: register tile; K by 1 so the vector.contract is an outer product.
  SmallVector<int64_t> l3(ranges.size(), 0);
  l3[m] = regM;
  l3[n] = regN;
  l3[k] = 1;
  auto t3 = tileLinalgOp(rewriter, *t2, l3, /*forall=*/false);
  if (failed(t3))
    return failure();

  return vectorizeRegisterTile(rewriter, *t3, m, n, k);
}

/// A contraction whose vector operand (the one its innermost N dim indexes)
/// holds N in another than its innermost dim (x W^T of a linear or
/// recurrent layer: W is [N, K]) reads it packed with N innermost: at
/// compile time when it is a constant, else by one copy (hoisted out of
/// loops it does not depend on, as a recurrent layer's time loop). Each
/// vector of B was gathered lane by lane.
linalg::LinalgOp packVectorOperand(RewriterBase &rewriter, linalg::LinalgOp op,
                                   WeightPacker &packer) {
  FailureOr<linalg::ContractionDimensions> dims = linalg::inferContractionDims(op);
  if (failed(dims) || dims->n.empty())
    return op;
  MLIRContext *ctx = op.getContext();
  AffineExpr n = getAffineDimExpr(dims->n.back(), ctx);
  for (OpOperand *operand : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(operand);
    std::optional<unsigned> pos = map.getResultPosition(n);
    auto type = dyn_cast<RankedTensorType>(operand->get().getType());
    if (!pos || *pos + 1 == map.getNumResults() || !type || !type.hasStaticShape() ||
        !map.isProjectedPermutation())
      continue;
    // Move that dim last.
    SmallVector<int64_t> perm;
    for (unsigned d = 0; d < map.getNumResults(); ++d)
      if (d != *pos)
        perm.push_back(d);
    perm.push_back(*pos);
    SmallVector<AffineExpr> toSource(perm.size()), results;
    for (auto [i, p] : llvm::enumerate(perm)) {
      toSource[p] = getAffineDimExpr(i, ctx);
      results.push_back(map.getResult(p));
    }
    rewriter.setInsertionPoint(op);
    Value packed = packer.pack(rewriter, op.getLoc(), operand->get(), type.getShape(), perm,
                               AffineMap::get(perm.size(), 0, toSource, ctx));
    linalg::LinalgOp generic = op;
    if (!isa<linalg::GenericOp>(op.getOperation())) {
      FailureOr<linalg::GenericOp> g = linalg::generalizeNamedOp(rewriter, op);
      if (failed(g))
        return op;
      copyMarks(op, *g);
      generic = *g;
    }
    unsigned index = operand->getOperandNumber();
    SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
    maps[index] = AffineMap::get(map.getNumDims(), 0, results, ctx);
    generic->setOperand(index, packed);
    cast<linalg::GenericOp>(generic.getOperation())
        .setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
    return generic;
  }
  return op;
}

/// The block of a ragged extent (not a whole number of `reg`, at most
/// `target`: all of it) or of N (N need not be whole tiles) for level 1: the
/// largest divisor within `target` (a multiple of `reg` if one divides it),
/// so that blocks are static.
int64_t raggedBlock(int64_t extent, int64_t target, int64_t reg) {
  if (extent <= target)
    return extent;
  for (int64_t b = target - target % reg; b >= reg; b -= reg)
    if (extent % b == 0)
      return b;
  for (int64_t b = target; b > 1; --b)
    if (extent % b == 0)
      return b;
  return 1;
}

/// Tiles and vectorizes one contraction: split into parts whose innermost M
/// and N extents are whole register tiles, then each part on its own. When
/// M is ragged and fits one level-1 block (49 pixels: 48 + 1), the split is
/// made inside each block instead: as a part of its own, the remainder's
/// row (a GEMV) streamed the whole weight matrix a second time (ResNet-50's
/// 7x7 1x1 convolutions: 1.40-1.54 -> 1.17-1.27 ms).
LogicalResult tileAndVectorizeContraction(RewriterBase &rewriter, linalg::LinalgOp op,
                                          const KernelStrategy &strategy, bool parallel) {
  FailureOr<linalg::ContractionDimensions> dims = linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.empty() || dims->n.empty() || dims->k.empty())
    return failure();
  unsigned m = dims->m.back(), n = dims->n.back();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  // (Only when M fits one block: split into blocks of a divisor (196 as 4
  // x 49), each block's remainder would be a one-row GEMV, slower than the
  // one 4-row remainder of the split made first.)
  if (llvm::none_of(ranges, ShapedType::isDynamic) && ranges[m] > strategy.regM &&
      ranges[m] % strategy.regM != 0 && ranges[m] <= strategy.blockM) {
    SmallVector<int64_t> l1(ranges.size(), 0);
    for (unsigned d : llvm::concat<unsigned>(dims->batch, dims->m, dims->n))
      l1[d] = 1;
    l1[m] = raggedBlock(ranges[m], strategy.blockM, strategy.regM);
    l1[n] = ranges[n] % strategy.regN == 0
                ? wholeTileBlock(ranges[n], strategy.blockN, strategy.regN)
                : raggedBlock(ranges[n], strategy.blockN, strategy.regN);
    auto t1 = tileLinalgOp(rewriter, op, l1, parallel);
    if (failed(t1))
      return failure();
    LogicalResult result = success();
    for (linalg::LinalgOp rows : splitRagged(rewriter, *t1, m, strategy.regM))
      for (linalg::LinalgOp part : splitVectorDim(rewriter, rows, n, strategy.regN))
        if (failed(tileAndVectorizeWholeTiles(rewriter, part, strategy, parallel,
                                              /*level1=*/false)))
          result = failure();
    return result;
  }
  LogicalResult result = success();
  for (linalg::LinalgOp rows : splitRagged(rewriter, op, m, strategy.regM))
    for (linalg::LinalgOp part : splitVectorDim(rewriter, rows, n, strategy.regN))
      if (failed(tileAndVectorizeWholeTiles(rewriter, part, strategy, parallel)))
        result = failure();
  return result;
}

/// Whether `op` is a direct convolution from dlc-conv-to-gemm:
/// out[n,fo,fi,oh,ow] += x[n,c,oh*sh+kh*dh,ow*sw+kw*dw] * wt[fo,c,kh,kw,fi], the
/// output channels (their inner block) innermost in the filter: the vector
/// axis.
bool isDirectConv(linalg::LinalgOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1)
    return false;
  FailureOr<linalg::ConvolutionDimensions> dims = linalg::inferConvolutionDims(op);
  if (failed(dims) || dims->outputImage.size() != 2 || dims->outputChannel.empty() ||
      dims->inputChannel.size() != 1 || dims->filterLoop.size() != 2 ||
      dims->batch.size() != 1 || !dims->depth.empty())
    return false;
  AffineMap filter = op.getMatchingIndexingMap(op.getDpsInputOperand(1));
  return filter.getNumResults() > 0 &&
         filter.getResults().back() ==
             getAffineDimExpr(dims->outputChannel.back(), op.getContext());
}

/// Tiles a direct convolution whose output width is a whole number of
/// register tiles (or smaller than one) and vectorizes its register tile:
///
///   level 1  scf.forall over images, blocks of output channels and of rows,
///   level 3  scf.for over rows, [regM pixels x regN channels] tiles of a
///            row, then input channels and kernel taps by 1,
///
/// so that the microkernel is the GEMM's: regM broadcasts of input pixels
/// (contiguous in the row), a vector of regN filter values, FMAs into
/// accumulators that stay in registers over channels and taps.
LogicalResult tileAndVectorizeWholeRowTiles(RewriterBase &rewriter, linalg::LinalgOp op,
                                            const KernelStrategy &strategy,
                                            bool parallel) {
  FailureOr<linalg::ConvolutionDimensions> dims = linalg::inferConvolutionDims(op);
  if (failed(dims))
    return failure();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (llvm::any_of(ranges, ShapedType::isDynamic))
    return failure();
  unsigned n = dims->batch[0], f = dims->outputChannel.back(), c = dims->inputChannel[0];
  unsigned oh = dims->outputImage[0], ow = dims->outputImage[1];
  int64_t regM = std::min(strategy.regM, ranges[ow]);
  int64_t regN = std::min(strategy.regN, ranges[f]);
  int64_t rows = 1;
  for (int64_t r = 1; r <= ranges[oh]; ++r)
    if (ranges[oh] % r == 0 && r * ranges[ow] <= strategy.blockM)
      rows = r;

  SmallVector<int64_t> l1(ranges.size(), 0);
  l1[n] = 1;
  for (unsigned d : dims->outputChannel)
    l1[d] = 1;
  l1[f] = wholeTileBlock(ranges[f], strategy.blockN, regN);
  l1[oh] = rows;
  auto t1 = tileLinalgOp(rewriter, op, l1, parallel);
  if (failed(t1))
    return failure();

  // Channel tiles outermost: each one's filter panel (C*KH*KW x regN) is
  // then read from cache for every row of the block, not from memory.
  SmallVector<int64_t> l3(ranges.size(), 1);
  l3[n] = 0;
  for (unsigned d : dims->outputChannel)
    l3[d] = 0;
  l3[f] = regN;
  l3[ow] = regM;
  SmallVector<int64_t> order = {f};
  for (unsigned d = 0; d < ranges.size(); ++d)
    if (d != f)
      order.push_back(d);
  auto t3 = tileLinalgOp(rewriter, *t1, l3, /*forall=*/false, order);
  if (failed(t3))
    return failure();
  return vectorizeRegisterTile(rewriter, *t3, ow, f, c);
}

/// Tiles and vectorizes a direct convolution: split its output width into
/// whole register tiles and a smaller remainder, then each part on its own.
LogicalResult tileAndVectorizeDirectConv(RewriterBase &rewriter, linalg::LinalgOp op,
                                         const KernelStrategy &strategy, bool parallel) {
  FailureOr<linalg::ConvolutionDimensions> dims = linalg::inferConvolutionDims(op);
  if (failed(dims))
    return failure();
  LogicalResult result = success();
  unsigned f = dims->outputChannel.back();
  for (linalg::LinalgOp cols :
       splitRagged(rewriter, op, dims->outputImage[1], strategy.regM))
    for (linalg::LinalgOp part : splitVectorDim(rewriter, cols, f, strategy.regN))
      if (failed(tileAndVectorizeWholeRowTiles(rewriter, part, strategy, parallel)))
        result = failure();
  return result;
}


/// Whether `map` transposes a 2-D vector into a 2-D tensor.
bool isTranspose2D(AffineMap map) {
  return map.getNumDims() == 2 && map.getNumResults() == 2 && map.isPermutation() &&
         !map.isIdentity();
}

/// A register tile whose accumulator is read transposed (an NCHW
/// convolution's [channels][pixels] output held as pixel rows of channel
/// vectors) and written once (no K block around it) starts from zero
/// instead; its initial value (the bias, a residual) is added after the K
/// loop, read in the output's own order and added to the transposed
/// result:
///
///   acc = transpose(read(T))            acc = 0
///   acc = loop(acc)               ->    acc = loop(acc)
///   write(T, transpose(acc))            write(T, transpose(acc) + read(T))
///
/// The transposed read cost as many shuffles as the write, per tile; a
/// tile of a small-K convolution (a ResNet stem's 147, MobileNet's 1x1
/// layers) spent a good part of its time on them.
void addInitialValuesLast(RewriterBase &rewriter, func::FuncOp func) {
  SmallVector<vector::TransferWriteOp> writes;
  func.walk([&](vector::TransferWriteOp write) { writes.push_back(write); });
  for (vector::TransferWriteOp write : writes) {
    auto loop = write.getVector().getDefiningOp<scf::ForOp>();
    if (!loop || !isTranspose2D(write.getPermutationMap()) || !write.getVector().hasOneUse() ||
        !isa<RankedTensorType>(write.getBase().getType()))
      continue;
    bool kernel = false;
    loop.getBody()->walk([&](vector::OuterProductOp) { kernel = true; });
    if (!kernel)
      continue;
    // Written once: no loop over K blocks around it.
    if (isInReductionLoop(write))
      continue;
    unsigned index = cast<OpResult>(write.getVector()).getResultNumber();
    auto read = loop.getInitArgs()[index].getDefiningOp<vector::TransferReadOp>();
    if (!read || !read->hasOneUse() || read.getPermutationMap() != write.getPermutationMap() ||
        read.getIndices() != write.getIndices() || read.getMask() || write.getMask())
      continue;
    // The written tensor must hold the tile's initial value: the one the
    // accumulator was read from, carried through the loop unchanged.
    // (Two equal slices of one tensor are the same tile.)
    auto sameTile = [](Value a, Value b) {
      auto sliceA = a.getDefiningOp<tensor::ExtractSliceOp>();
      auto sliceB = b.getDefiningOp<tensor::ExtractSliceOp>();
      return a == b || (sliceA && sliceB &&
                        OperationEquivalence::isEquivalentTo(
                            sliceA, sliceB, OperationEquivalence::exactValueMatch,
                            /*markEquivalent=*/nullptr, OperationEquivalence::IgnoreLocations));
    };
    Value dest = write.getBase();
    auto destResult = dyn_cast<OpResult>(dest);
    if (!sameTile(dest, read.getBase()) &&
        !(destResult && destResult.getOwner() == loop.getOperation() &&
          sameTile(loop.getInitArgs()[destResult.getResultNumber()], read.getBase()) &&
          carriesUnchanged(loop, destResult.getResultNumber())))
      continue;

    Location loc = write.getLoc();
    auto accType = cast<VectorType>(read.getType());
    rewriter.setInsertionPoint(loop);
    Value zero = arith::ConstantOp::create(rewriter, loc, accType,
                                           rewriter.getZeroAttr(accType));
    rewriter.modifyOpInPlace(loop, [&] { loop.getInitArgsMutable()[index].set(zero); });
    Attribute mark = read->getAttr(kInitialValueAttr);
    rewriter.eraseOp(read);

    rewriter.setInsertionPoint(write);
    auto outType = VectorType::get({accType.getDimSize(1), accType.getDimSize(0)},
                                   accType.getElementType());
    Value transposed = vector::TransposeOp::create(rewriter, loc, write.getVector(),
                                                   ArrayRef<int64_t>{1, 0});
    Value padding = arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(
                                                                 accType.getElementType()));
    auto init = vector::TransferReadOp::create(
        rewriter, loc, outType, dest, write.getIndices(), padding,
        rewriter.getMultiDimIdentityMap(2), SmallVector<bool>{true, true});
    if (mark)
      init->setAttr(kInitialValueAttr, mark);
    Value sum = arith::AddFOp::create(rewriter, loc, transposed, init);
    auto plain = vector::TransferWriteOp::create(rewriter, loc, sum, dest, write.getIndices(),
                                                 rewriter.getMultiDimIdentityMap(2),
                                                 SmallVector<bool>{true, true});
    if (Attribute epilogue = write->getAttr(kEpilogueAttr))
      plain->setAttr(kEpilogueAttr, epilogue);
    rewriter.replaceOp(write, plain.getResult());
  }
}

/// Places the epilogues of the tiled contractions: when every register
/// tile of one is written once (outside all its reduction loops), its
/// consumer's body runs on the tile before the write, its initial value is
/// written into the consumer's destination, and the consumer goes. A
/// contraction whose tiles are written per K block keeps its consumer.
void placeEpilogues(RewriterBase &rewriter, func::FuncOp func,
                    ArrayRef<Epilogue> epilogues) {
  // Each contraction's register tiles' writes; another op still marked
  // (a part that was not tiled, a tile made by something else than a
  // write) means some of its output is not written by those.
  SmallVector<SmallVector<vector::TransferWriteOp>> writes(epilogues.size());
  SmallVector<bool> incomplete(epilogues.size(), false);
  func.walk([&](Operation *op) {
    auto id = op->getAttrOfType<IntegerAttr>(kEpilogueAttr);
    if (!id)
      return;
    if (auto write = dyn_cast<vector::TransferWriteOp>(op))
      writes[id.getInt()].push_back(write);
    else
      incomplete[id.getInt()] = true;
    op->removeAttr(kEpilogueAttr);
  });
  for (auto [epilogue, tiles, partial] : llvm::zip(epilogues, writes, incomplete)) {
    bool final = !partial && !tiles.empty() &&
                 llvm::none_of(tiles, [](vector::TransferWriteOp write) {
                   return isInReductionLoop(write);
                 });
    if (!final)
      continue;
    // The initial value goes where the consumer wrote (a padded tensor's
    // interior, the fill around it made by dlc-pad-in-place), else the
    // result would be copied there. Not through a collapse (the pixels of
    // a 1x1 convolution as one dim): a strided interior cannot be one.
    linalg::GenericOp consumer = epilogue.consumer;
    Value destination = consumer.getDpsInits()[0];
    if (!destination.getDefiningOp<tensor::EmptyOp>()) {
      auto writer = dyn_cast_or_null<DestinationStyleOpInterface>(epilogue.initWriter);
      if (!writer || epilogue.initCollapses)
        continue;
      OpOperand &out = writer.getDpsInitsMutable()[0];
      auto expand = out.get().getDefiningOp<tensor::ExpandShapeOp>();
      bool same = out.get().getType() == destination.getType();
      if (!same && !(expand && expand.getSrcType() == destination.getType()))
        continue;
      DominanceInfo dominance(func);
      if (failed(moveValueDefinitions(rewriter, destination, writer, dominance)))
        continue;
      rewriter.setInsertionPoint(writer);
      out.set(same ? destination
                   : tensor::ExpandShapeOp::create(rewriter, expand.getLoc(), expand.getType(),
                                                   destination,
                                                   expand.getReassociationIndices())
                         .getResult());
    }
    for (vector::TransferWriteOp write : tiles)
      write.getValueToStoreMutable().assign(
          applyBody(rewriter, consumer, write.getVector(), write));
    rewriter.replaceOp(consumer, consumer.getDpsInputs()[0]);
  }
}

struct TileAndVectorize
    : mlir::dlc::impl::TileAndVectorizeBase<TileAndVectorize> {
  using TileAndVectorizeBase::TileAndVectorizeBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *ctx = &getContext();
    IRRewriter rewriter(ctx);

    KernelStrategy strategy = KernelStrategy::forOption(vectorBits);
    if (regM)
      strategy.regM = regM;
    if (regN)
      strategy.regN = regN;
    if (tapUnroll >= 0)
      strategy.tapUnroll = tapUnroll;

    SmallVector<linalg::GenericOp> sums;
    func.walk([&](linalg::GenericOp op) { sums.push_back(op); });
    // (A fold erases the contraction, which precedes its sum in `sums`:
    // it was visited already.)
    for (linalg::GenericOp sum : sums)
      if (linalg::GenericOp fused = foldSumOfContraction(rewriter, sum))
        (void)chunkBatchReduction(rewriter, fused, strategy);

    SmallVector<linalg::LinalgOp> contractions, convs;
    func.walk([&](linalg::LinalgOp op) {
      if (!op.hasPureTensorSemantics())
        return;
      if (linalg::isaContractionOpInterface(op))
        contractions.push_back(op);
      else if (isDirectConv(op))
        convs.push_back(op);
    });
    // (Before findEpilogue: its init writer may be remade here.)
    InitialValueWriters initWriters;
    for (linalg::LinalgOp op : llvm::concat<linalg::LinalgOp>(convs, contractions))
      initWriters.mark(rewriter, op);
    SmallVector<Epilogue> epilogues;
    for (linalg::LinalgOp op : llvm::concat<linalg::LinalgOp>(convs, contractions))
      if (std::optional<Epilogue> epilogue = findEpilogue(op)) {
        op->setAttr(kEpilogueAttr, rewriter.getI64IntegerAttr(epilogues.size()));
        epilogues.push_back(*epilogue);
      }
    // (A writer that is another contraction's epilogue goes with it.)
    for (Epilogue &epilogue : epilogues)
      initWriters.forget(epilogue.consumer);
    for (linalg::LinalgOp op : convs)
      (void)tileAndVectorizeDirectConv(rewriter, op, strategy, parallel);
    WeightPacker packer;
    for (linalg::LinalgOp op : contractions)
      (void)tileAndVectorizeContraction(rewriter, packVectorOperand(rewriter, op, packer),
                                        strategy, parallel);

    // Keep the accumulator tiles in registers across the K loops (before the
    // transposed accumulator transfers are lowered: the transposes must
    // leave the loops with them).
    hoistAccumulators(rewriter, func);
    // Accumulators from their initial values' inputs; those read
    // transposed (a residual) once more in the output's order after
    // addInitialValuesLast.
    initWriters.start(rewriter, func, /*retry=*/true);
    addInitialValuesLast(rewriter, func);
    initWriters.start(rewriter, func, /*retry=*/false);
    // (Before the canonical forms below remake the tiles' writes.)
    placeEpilogues(rewriter, func, epilogues);
    // (After placeEpilogues, which may make a writer write elsewhere.)
    initWriters.eraseUnread(rewriter);

    // Canonical vector form: contractions with outer-product lowering,
    // transfers without permutations or leading unit dims.
    {
      RewritePatternSet patterns(ctx);
      vector::populateVectorReductionToContractPatterns(patterns);
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
    // (Again for the accumulators of linalg::vectorize's contractions.)
    hoistAccumulators(rewriter, func);
    eraseReductionLoopMarks(func);
    // One loop body per input channel with every tap's FMAs, instead of a
    // loop of 3 taps whose counter and branch share the FMA ports
    // (ResNet-18's 3x3 layers 3-10% faster).
    unrollTapLoops(func, strategy.tapUnroll,
                   [](Operation *op) { return isa<vector::OuterProductOp>(op); });
  }
};

} // namespace
