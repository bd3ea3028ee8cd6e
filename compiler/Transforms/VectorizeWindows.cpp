//===- VectorizeWindows.cpp - the dlc-vectorize-windows pass ----------------===//
//
// Vectorizes the sliding-window ops of NCHW networks along the output row:
// pooling (linalg.pooling_nchw_max / _sum), depthwise and grouped
// convolutions (linalg.conv_2d_ngchw_gfchw) and any linalg op of the same
// shape: every operand indexes the output's innermost loop `ow` only in its
// own innermost dim, as `ow` or `ow * stride` (plus window taps).
//
//   level 1  scf.forall over every other parallel loop (images, channels,
//            rows) one by one: thousands of work items;
//   level 2  scf.for over vectors of `ow` (whole 2-register vectors, then
//            powers of two), and the window's taps (reductions) by 1,
//            fully unrolled where they are short (a 3x3 window);
//
// and the tap loop's body is vectorized along `ow`: a contiguous (stride 1)
// or strided (stride s: a strided slice) vector of the input row, the
// filter tap or pooling window broadcast, the accumulator row in registers
// across the taps. These ops were scalar loops: MobileNet v2's depthwise
// convolutions ran at 2-7 GFLOPS, ResNet-18's 3x3 max pooling took 1.9 ms.
// The accumulator row starts from the initial value's writer's inputs (the
// bias splatted, a pooling's fill value; InitialValueWriters), not
// from a pass of its own over the output.
//
//===----------------------------------------------------------------------===//

#include "TilingUtils.h"
#include "dlc/Transforms/KernelStrategy.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#define DEBUG_TYPE "dlc-vectorize-windows"

namespace mlir::dlc {
#define GEN_PASS_DEF_VECTORIZEWINDOWS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// `expr` with every dim but `m` replaced by 0, as `m * stride`: the stride
/// (1 for `m`), 0 if `expr` does not involve `m`, -1 for any other form.
int64_t strideOf(AffineExpr expr, unsigned m, unsigned numDims) {
  MLIRContext *ctx = expr.getContext();
  SmallVector<AffineExpr> dims;
  for (unsigned d = 0; d < numDims; ++d)
    dims.push_back(d == m ? getAffineDimExpr(d, ctx) : getAffineConstantExpr(0, ctx));
  AffineExpr only = simplifyAffineExpr(expr.replaceDims(dims), numDims, 0);
  if (!expr.isFunctionOfDim(m))
    return 0;
  if (only == getAffineDimExpr(m, ctx))
    return 1;
  auto mul = dyn_cast<AffineBinaryOpExpr>(only);
  if (mul && mul.getKind() == AffineExprKind::Mul &&
      mul.getLHS() == getAffineDimExpr(m, ctx))
    if (auto c = dyn_cast<AffineConstantExpr>(mul.getRHS()))
      return c.getValue() > 0 ? c.getValue() : -1;
  return -1;
}

/// The loop along which `op` is a window op (see the file comment), or
/// nullopt.
std::optional<unsigned> windowLoop(linalg::LinalgOp op) {
  if (!op.hasPureTensorSemantics() || op.getNumDpsInits() == 0 ||
      op.getNumReductionLoops() == 0 || op->getParentOfType<scf::ForallOp>())
    return std::nullopt;
  if (llvm::any_of(op.getStaticLoopRanges(), ShapedType::isDynamic))
    return std::nullopt;
  // (Several results, as a max pooling's value and arg-max index, written
  // alike.)
  AffineMap out = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  for (OpOperand &init : op.getDpsInitsMutable())
    if (op.getMatchingIndexingMap(&init) != out)
      return std::nullopt;
  if (!out.isProjectedPermutation() || out.getNumResults() == 0)
    return std::nullopt;
  auto last = dyn_cast<AffineDimExpr>(out.getResults().back());
  if (!last || op.getIteratorTypesArray()[last.getPosition()] != utils::IteratorType::parallel)
    return std::nullopt;
  unsigned m = last.getPosition();
  for (AffineMap map : op.getIndexingMapsArray())
    for (auto [pos, expr] : llvm::enumerate(map.getResults())) {
      int64_t stride = strideOf(expr, m, op.getNumLoops());
      if (stride < 0 || (stride > 0 && pos + 1 != map.getNumResults()))
        return std::nullopt;
    }
  for (Operation &inner : op->getRegion(0).front().without_terminator())
    if (isa<tensor::ExtractOp>(inner) || inner.getNumRegions() > 0)
      return std::nullopt;
  return m;
}

/// Vectorizes a tile of a window op whose loops are all of extent 1 but
/// `m`: unit loops dropped, a strided operand replaced by its strided
/// slice, then linalg::vectorize.
LogicalResult vectorizeTile(RewriterBase &rewriter, linalg::LinalgOp tile, unsigned m) {
  auto generic = dyn_cast<linalg::GenericOp>(tile.getOperation());
  if (!generic)
    return failure();
  linalg::ControlDropUnitDims control;
  control.rankReductionStrategy =
      linalg::ControlDropUnitDims::RankReductionStrategy::ExtractInsertSlice;
  control.controlFn = [m](Operation *op) {
    SmallVector<unsigned> dims;
    for (unsigned d = 0, e = cast<linalg::LinalgOp>(op).getNumLoops(); d < e; ++d)
      if (d != m)
        dims.push_back(d);
    return dims;
  };
  rewriter.setInsertionPoint(generic);
  FailureOr<linalg::DropUnitDimsResult> dropped =
      linalg::dropUnitDims(rewriter, generic, control);
  if (failed(dropped))
    return failure();
  rewriter.replaceOp(generic, dropped->replacements);
  copyMarks(generic, dropped->resultOp);
  generic = cast<linalg::GenericOp>(dropped->resultOp.getOperation());
  if (generic.getNumLoops() != 1)
    return failure();
  int64_t width = generic.getStaticLoopRanges()[0];

  // A strided operand (a strided pooling or convolution's input row) as
  // its strided slice, read through the identity.
  MLIRContext *ctx = rewriter.getContext();
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  bool changed = false;
  rewriter.setInsertionPoint(generic);
  for (OpOperand *input : generic.getDpsInputOperands()) {
    AffineMap map = maps[input->getOperandNumber()];
    if (map.getNumResults() != 1)
      continue;
    int64_t stride = strideOf(map.getResult(0), 0, 1);
    if (stride <= 1)
      continue;
    auto type = cast<RankedTensorType>(input->get().getType());
    Value slice = tensor::ExtractSliceOp::create(
        rewriter, generic.getLoc(), RankedTensorType::get({width}, type.getElementType()),
        input->get(), ArrayRef<OpFoldResult>{rewriter.getIndexAttr(0)},
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(width)},
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(stride)});
    input->set(slice);
    maps[input->getOperandNumber()] = AffineMap::get(1, 0, getAffineDimExpr(0, ctx));
    changed = true;
  }
  if (changed)
    generic.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
  SmallVector<bool> scalable = {false};
  Value init = generic.getDpsInits()[0];
  Attribute initMark = generic->getAttr(kInitialValueAttr);
  auto vectorized = linalg::vectorize(rewriter, generic, {width}, scalable);
  if (failed(vectorized))
    return failure();
  rewriter.replaceOp(generic, vectorized->replacements);
  // The accumulator's initial value, read once per tile after
  // hoistAccumulators.
  if (initMark)
    for (Operation *user : init.getUsers())
      if (isa<vector::TransferReadOp>(user))
        user->setAttr(kInitialValueAttr, initMark);
  return success();
}

/// A 1-D vector read of a strided slice (a strided window's input row) as
/// one contiguous read of the elements it spans and a shuffle that keeps
/// every stride-th: the transfer lowering reads a strided vector element by
/// element in a loop.
struct StridedReadToShuffle : OpRewritePattern<vector::TransferReadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::TransferReadOp read,
                                PatternRewriter &rewriter) const override {
    auto slice = read.getBase().getDefiningOp<tensor::ExtractSliceOp>();
    VectorType type = read.getVectorType();
    if (!slice || type.getRank() != 1 || slice.getType().getRank() != 1 ||
        slice.getSourceType().getRank() != 1 || !read.getPermutationMap().isIdentity() ||
        read.getMask())
      return failure();
    std::optional<int64_t> stride = getConstantIntValue(slice.getMixedStrides()[0]);
    std::optional<int64_t> index = getConstantIntValue(read.getIndices()[0]);
    int64_t width = type.getDimSize(0);
    if (!stride || *stride <= 1 || !index || *index != 0 ||
        slice.getType().getDimSize(0) != width)
      return failure();
    // The span as `stride` reads of `width` lanes (the last one ending at
    // the span's end, overlapping the one before), not one odd-sized
    // vector (63 lanes) that LLVM legalizes lane by lane; element e of the
    // span is taken from read e / width.
    int64_t s = *stride, span = (width - 1) * s + 1;
    Location loc = read.getLoc();
    Value base = getValueOrCreateConstantIndexOp(rewriter, loc, slice.getMixedOffsets()[0]);
    SmallVector<int64_t> starts;
    SmallVector<Value> parts;
    for (int64_t j = 0; j < s; ++j) {
      starts.push_back(std::min(j * width, span - width));
      Value offset = rewriter.createOrFold<arith::AddIOp>(
          loc, base, arith::ConstantIndexOp::create(rewriter, loc, starts.back()));
      parts.push_back(vector::TransferReadOp::create(rewriter, loc, type, slice.getSource(),
                                                     ValueRange{offset}, read.getPadding(),
                                                     ArrayRef<bool>{true}));
    }
    // Gather read by read: lane i keeps what it has (from an earlier read)
    // or takes element i*s from read j (operand 2 of the shuffle).
    Value gathered = parts[0];
    for (int64_t j = 1; j < s; ++j) {
      SmallVector<int64_t> lanes;
      for (int64_t i = 0; i < width; ++i) {
        int64_t e = i * s;
        lanes.push_back(e / width == j ? width + e - starts[j] : (j == 1 ? e % width : i));
      }
      gathered = vector::ShuffleOp::create(rewriter, loc, gathered, parts[j], lanes);
    }
    rewriter.replaceOp(read, gathered);
    return success();
  }
};

/// `acc + a * b` on vectors as one vector.fma (a convolution tap): arith
/// keeps the multiply and the add apart.
struct MulAddToFma : OpRewritePattern<arith::AddFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::AddFOp add, PatternRewriter &rewriter) const override {
    if (!isa<VectorType>(add.getType()))
      return failure();
    for (auto [product, acc] : {std::pair(add.getRhs(), add.getLhs()),
                                std::pair(add.getLhs(), add.getRhs())}) {
      auto mul = product.getDefiningOp<arith::MulFOp>();
      if (!mul || !mul->hasOneUse())
        continue;
      rewriter.replaceOpWithNewOp<vector::FMAOp>(add, mul.getLhs(), mul.getRhs(), acc);
      return success();
    }
    return failure();
  }
};

/// Tiles a window op: level 1, every parallel loop but `m` by 1 (the
/// forall); inside it, `m` split into whole `width`-lane vectors and a
/// remainder in powers of two, each part vectorized. (Split first, each
/// part had its own forall over every row: a 112-wide row, as 96 + 16,
/// streamed the input twice.) Returns the outermost loop, or null.
Operation *tileAndVectorize(RewriterBase &rewriter, linalg::LinalgOp op, unsigned m,
                            int64_t width, bool parallel) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> l1(ranges.size(), 0);
  for (unsigned d = 0; d < ranges.size(); ++d)
    if (d != m && iterators[d] == utils::IteratorType::parallel)
      l1[d] = 1;
  Block *block = op->getBlock();
  Operation *next = op->getNextNode();
  auto t1 = tileLinalgOp(rewriter, op, l1, parallel);
  if (failed(t1))
    return nullptr;
  // Level 2, per part: vectors of `m`, the taps by 1.
  for (linalg::LinalgOp part : splitVectorDim(rewriter, *t1, m, width)) {
    SmallVector<int64_t> partRanges = part.getStaticLoopRanges();
    SmallVector<int64_t> l2(partRanges.size(), 1);
    l2[m] = std::min(width, partRanges[m]);
    for (unsigned d = 0; d < partRanges.size(); ++d)
      if (d != m && iterators[d] == utils::IteratorType::parallel)
        l2[d] = 0;
    auto t2 = tileLinalgOp(rewriter, part, l2, /*forall=*/false);
    if (failed(t2) || failed(vectorizeTile(rewriter, *t2, m)))
      return nullptr;
  }
  // The loop nest now in the op's place.
  return next ? next->getPrevNode() : &block->back();
}

/// Runs `consumer`'s body on the accumulators of the kernel `nest` before
/// they are stored, and drops `consumer`: when every store of the nest is
/// the final one of its accumulator (after the window's tap loops, which
/// hoistAccumulators moved it out of), else nothing.
void placeEpilogue(RewriterBase &rewriter, Operation *nest, linalg::GenericOp consumer) {
  SmallVector<vector::TransferWriteOp> writes;
  nest->walk([&](vector::TransferWriteOp write) { writes.push_back(write); });
  if (writes.empty() || llvm::any_of(writes, [](vector::TransferWriteOp write) {
        return isInReductionLoop(write);
      }))
    return;
  for (vector::TransferWriteOp write : writes)
    write.getValueToStoreMutable().assign(
        applyBody(rewriter, consumer, write.getVector(), write));
  rewriter.replaceOp(consumer, consumer.getDpsInputs()[0]);
}

struct VectorizeWindows : mlir::dlc::impl::VectorizeWindowsBase<VectorizeWindows> {
  using VectorizeWindowsBase::VectorizeWindowsBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    IRRewriter rewriter(&getContext());
    auto strategy = KernelStrategy::forOption(vectorBits);
    int64_t width = 2 * strategy.lanes();

    SmallVector<linalg::LinalgOp> ops;
    func.walk([&](linalg::LinalgOp op) {
      if (isa<linalg::PoolingNchwMaxOp, linalg::PoolingNchwSumOp,
              linalg::Conv2DNgchwGfchwOp, linalg::GenericOp>(op) &&
          windowLoop(op))
        ops.push_back(op);
    });
    SmallVector<Operation *> windowLoops;
    // Each kernel's epilogue (the ReLU after a depthwise convolution), when
    // it writes a tensor of its own.
    SmallVector<std::pair<Operation *, linalg::GenericOp>> epilogues;
    // Each kernel's initial value's writer (the bias broadcast, a pooling's
    // fill), which its tiles' accumulators start from instead.
    InitialValueWriters initWriters;
    for (linalg::LinalgOp op : ops) {
      std::optional<Epilogue> epilogue = findEpilogue(op);
      if (!isa<linalg::GenericOp>(op)) {
        rewriter.setInsertionPoint(op);
        FailureOr<linalg::GenericOp> generic = linalg::generalizeNamedOp(rewriter, op);
        if (failed(generic))
          continue;
        op = *generic;
      }
      initWriters.mark(rewriter, op);
      unsigned m = *windowLoop(op);
      if (Operation *nest = tileAndVectorize(rewriter, op, m, width, parallel)) {
        windowLoops.push_back(nest);
        if (epilogue &&
            epilogue->consumer.getDpsInits()[0].getDefiningOp<tensor::EmptyOp>())
          epilogues.emplace_back(nest, epilogue->consumer);
      }
    }
    hoistAccumulators(rewriter, func);
    // (A writer that is another kernel's epilogue goes with it.)
    for (auto &[nest, consumer] : epilogues)
      initWriters.forget(consumer);
    initWriters.start(rewriter, func, /*retry=*/false);
    for (auto [nest, consumer] : epilogues)
      placeEpilogue(rewriter, nest, consumer);
    initWriters.eraseUnread(rewriter);
    RewritePatternSet patterns(&getContext());
    patterns.add<StridedReadToShuffle>(&getContext());
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();
    // (Only inside the window kernels: elementwise code keeps its roundings.)
    RewritePatternSet fma(&getContext());
    fma.add<MulAddToFma>(&getContext());
    FrozenRewritePatternSet frozen(std::move(fma));
    for (Operation *loop : windowLoops) {
      SmallVector<Operation *> adds;
      loop->walk([&](arith::AddFOp add) { adds.push_back(add); });
      if (!adds.empty() && failed(applyOpPatternsGreedily(adds, frozen)))
        return signalPassFailure();
      unrollTapLoops(loop, strategy.tapUnroll, [](Operation *op) {
        return isa<vector::FMAOp>(op) ||
               (isa<arith::ArithDialect>(op->getDialect()) && op->getNumResults() == 1 &&
                isa<VectorType>(op->getResult(0).getType()));
      });
    }
    eraseReductionLoopMarks(func);
  }
};

} // namespace
