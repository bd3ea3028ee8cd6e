//===- VectorizeElementwise.cpp - the dlc-vectorize-elementwise pass --------===//
//
// Makes every elementwise linalg.generic (all loops parallel, operands read
// through projected permutations: activations, BatchNorm at inference,
// residual adds, bias broadcasts, their fused chains) a parallel, vectorized
// loop:
//
//   0. an output that starts empty is written into an input that dies
//      with the op (in place after bufferization);
//   1. adjacent loops that every operand reads contiguously (or not at all)
//      are collapsed, so that [1, 64, 56, 56] with per-channel parameters
//      becomes [64, 3136], and an identity map a single loop;
//   2. the innermost extent is split into whole vectors of `lanes` and a
//      remainder (in powers of two), so that no vector is masked;
//   3. an scf.forall runs blocks of the outer loops and of the innermost
//      one (at least `min-parallel` iterations each) on the threads, inside
//      it an scf.for over vectors;
//   4. each vector tile is vectorized (linalg::vectorize), and exp, tanh,
//      erf and log1p on vectors become polynomial approximations instead
//      of one libm call per lane.
//
// Before this pass such ops ran as scalar loops on one thread: a ReLU6 over
// MobileNet v2's 96x112x112 expansion took 1.7 ms (2.8 GB/s).
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/KernelStrategy.h"
#include "dlc/Transforms/Passes.h"
#include "TilingUtils.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Approximation.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#define DEBUG_TYPE "dlc-vectorize-elementwise"

namespace mlir::dlc {
#define GEN_PASS_DEF_VECTORIZEELEMENTWISE
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// Whether `op` is elementwise with static shapes and a body the vectorizer
/// takes as it is (no gathers, no indices).
bool isVectorizableElementwise(linalg::GenericOp op) {
  if (!op.hasPureTensorSemantics() || op.getNumDpsInits() == 0 ||
      op.getNumParallelLoops() != op.getNumLoops() || op.getNumLoops() == 0 ||
      !hasVectorizableBody(op))
    return false;
  // Already inside a parallel region (a tile of another kernel).
  return !op->getParentOfType<scf::ForallOp>();
}

/// Makes `op` write its results into inputs that die with it: an output
/// that starts as a tensor.empty (its value unused by the body) takes an
/// input of the same type read through the same map whose only use is
/// `op`, so that bufferization updates that buffer in place (a ReLU
/// overwrites the convolution output it reads) instead of writing a fresh
/// one: half the memory traffic, and no page faults on a new mapping.
void writeIntoDeadInputs(linalg::GenericOp op) {
  llvm::SmallPtrSet<Value, 4> taken;
  for (OpOperand &init : op.getDpsInitsMutable()) {
    if (!init.get().getDefiningOp<tensor::EmptyOp>() ||
        op.payloadUsesValueFromOperand(&init))
      continue;
    AffineMap initMap = op.getMatchingIndexingMap(&init);
    for (OpOperand *input : op.getDpsInputOperands()) {
      Value value = input->get();
      if (value.getType() != init.get().getType() || !value.hasOneUse() ||
          isa<BlockArgument>(value) || taken.contains(value) ||
          op.getMatchingIndexingMap(input) != initMap)
        continue;
      taken.insert(value);
      init.set(value);
      break;
    }
  }
}

/// Whether a slice `slice` of `a` and the same slice of `b` hold the same
/// values: `a` and `b` are equal, or one is the other with other slices
/// inserted (the parts of a split op written into one tensor) that are
/// disjoint from `slice`.
bool sameBase(Value a, Value b, tensor::ExtractSliceOp slice) {
  auto disjoint = [&](tensor::InsertSliceOp insert) {
    for (auto [o1, s1, o2, s2] :
         llvm::zip(insert.getStaticOffsets(), insert.getStaticSizes(),
                   slice.getStaticOffsets(), slice.getStaticSizes())) {
      if (ShapedType::isDynamic(o1) || ShapedType::isDynamic(s1) ||
          ShapedType::isDynamic(o2) || ShapedType::isDynamic(s2))
        continue;
      if (o1 + s1 <= o2 || o2 + s2 <= o1)
        return true;
    }
    return false;
  };
  auto strip = [&](Value v) {
    while (auto insert = v.getDefiningOp<tensor::InsertSliceOp>()) {
      if (!disjoint(insert))
        break;
      v = insert.getDest();
    }
    return v;
  };
  return strip(a) == strip(b);
}

/// Whether `a` and `b` are the same view of the same value: equal, or the
/// same slice or reshape of it.
bool sameView(Value a, Value b) {
  if (a == b)
    return true;
  if (a.getType() != b.getType())
    return false;
  auto sa = a.getDefiningOp<tensor::ExtractSliceOp>();
  auto sb = b.getDefiningOp<tensor::ExtractSliceOp>();
  if (sa && sb)
    return sa.getMixedOffsets() == sb.getMixedOffsets() &&
           sa.getMixedSizes() == sb.getMixedSizes() &&
           sa.getMixedStrides() == sb.getMixedStrides() &&
           sameBase(sa.getSource(), sb.getSource(), sa);
  auto ca = a.getDefiningOp<tensor::CollapseShapeOp>();
  auto cb = b.getDefiningOp<tensor::CollapseShapeOp>();
  if (ca && cb)
    return ca.getSrc() == cb.getSrc() &&
           ca.getReassociationIndices() == cb.getReassociationIndices();
  auto ea = a.getDefiningOp<tensor::ExpandShapeOp>();
  auto eb = b.getDefiningOp<tensor::ExpandShapeOp>();
  return ea && eb && ea.getSrc() == eb.getSrc() &&
         ea.getReassociationIndices() == eb.getReassociationIndices();
}

/// An op that writes into one of its inputs reads the very value it
/// writes, so that bufferization sees one buffer updated in place.
void unifyInPlaceOperands(linalg::LinalgOp op) {
  for (OpOperand *input : op.getDpsInputOperands())
    for (OpOperand &init : op.getDpsInitsMutable())
      if (input->get() != init.get() && sameView(input->get(), init.get()) &&
          op.getMatchingIndexingMap(input) == op.getMatchingIndexingMap(&init)) {
        Operation *view = input->get().getDefiningOp();
        input->set(init.get());
        if (view && view->use_empty() && isPure(view))
          view->erase();
        break;
      }
}

/// After tiling an op that writes into one of its inputs (see
/// writeIntoDeadInputs): inside the loops between `tiled` and `stop`, the
/// input is read through the loops' carried values rather than the value
/// from above, which bufferization would otherwise copy (a read of the
/// original across the loop's writes), and the tile reads the very slice
/// value it writes. Each tile reads only the slice it writes, before
/// writing it, so the values read are the same.
void readThroughLoops(linalg::LinalgOp tiled, Operation *stop) {
  // Outermost first: each loop's carried value then reaches the next.
  SmallVector<Operation *> loops;
  for (Operation *loop = tiled->getParentOp(); loop && loop != stop;
       loop = loop->getParentOp())
    loops.push_back(loop);
  for (Operation *loop : llvm::reverse(loops)) {
    ValueRange inits;
    Block::BlockArgListType carried;
    if (auto forall = dyn_cast<scf::ForallOp>(loop)) {
      inits = forall.getOutputs();
      carried = forall.getRegionIterArgs();
    } else if (auto forOp = dyn_cast<scf::ForOp>(loop)) {
      inits = forOp.getInitArgs();
      carried = forOp.getRegionIterArgs();
    } else {
      continue;
    }
    for (auto [init, arg] : llvm::zip(inits, carried))
      init.replaceUsesWithIf(arg, [&](OpOperand &use) {
        return loop->isProperAncestor(use.getOwner());
      });
  }
  unifyInPlaceOperands(tiled);
}

/// Parallelizes and vectorizes one elementwise op whose innermost extent is
/// a multiple of `vector` lanes or a power of two below it.
LogicalResult tileAndVectorize(RewriterBase &rewriter, linalg::LinalgOp op, int64_t vector,
                               int64_t minParallel, bool parallel) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  unsigned inner = ranges.size() - 1;
  int64_t width = std::min(vector, ranges[inner]);
  int64_t total = 1;
  for (int64_t r : ranges)
    total *= r;

  // Level 1: blocks of at least minParallel iterations on the threads: the
  // outer loops one by one, the innermost in chunks of whole vectors.
  if (parallel && total >= 2 * minParallel) {
    SmallVector<int64_t> l1(ranges.size(), 1);
    int64_t chunk = ranges[inner];
    int64_t outer = total / ranges[inner];
    if (outer < 32 && ranges[inner] > width) {
      // Few rows: split the row too, into chunks of whole vectors.
      int64_t target = std::max<int64_t>(minParallel, ranges[inner] / 32);
      chunk = std::max<int64_t>(width, target - target % width);
      while (ranges[inner] % chunk != 0)
        chunk -= width;
    }
    l1[inner] = chunk;
    Operation *before = op->getParentOp();
    auto t1 = tileLinalgOp(rewriter, op, l1, /*forall=*/true);
    if (failed(t1))
      return failure();
    op = *t1;
    readThroughLoops(op, before);
  }

  // Level 2: one vector at a time.
  SmallVector<int64_t> l2(ranges.size(), 1);
  l2[inner] = width;
  Operation *outer = op->getParentOp();
  auto t2 = tileLinalgOp(rewriter, op, l2, /*forall=*/false);
  if (failed(t2))
    return failure();
  linalg::LinalgOp kernel = *t2;
  readThroughLoops(kernel, outer);
  SmallVector<int64_t> sizes = kernel.getStaticLoopRanges();
  if (llvm::any_of(sizes, ShapedType::isDynamic))
    return failure();
  rewriter.setInsertionPoint(kernel);
  SmallVector<bool> scalable(sizes.size(), false);
  auto vectorized = linalg::vectorize(rewriter, kernel, sizes, scalable);
  if (failed(vectorized))
    return failure();
  rewriter.replaceOp(kernel, vectorized->replacements);
  return success();
}

struct VectorizeElementwise
    : mlir::dlc::impl::VectorizeElementwiseBase<VectorizeElementwise> {
  using VectorizeElementwiseBase::VectorizeElementwiseBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    IRRewriter rewriter(&getContext());
    auto strategy = mlir::dlc::KernelStrategy::forOption(vectorBits);
    // Two registers per operation: a 32-lane vector on AVX-512 is two zmm
    // operations in flight per instruction stream.
    int64_t vector = 2 * strategy.lanes();

    SmallVector<linalg::GenericOp> ops;
    func.walk([&](linalg::GenericOp op) {
      if (isVectorizableElementwise(op))
        ops.push_back(op);
    });
    for (linalg::GenericOp op : ops) {
      writeIntoDeadInputs(op);
      // 1. Collapse contiguous loops.
      linalg::LinalgOp current = op;
      SmallVector<ReassociationIndices> groups = collapsibleLoops(op);
      if (groups.size() < op.getNumLoops()) {
        rewriter.setInsertionPoint(op);
        FailureOr<linalg::CollapseResult> collapsed =
            linalg::collapseOpIterationDims(op, groups, rewriter);
        if (succeeded(collapsed)) {
          rewriter.replaceOp(op, collapsed->results);
          current = collapsed->collapsedOp;
          unifyInPlaceOperands(current);
        }
      }
      // 2. Whole vectors and a remainder in powers of two.
      SmallVector<linalg::LinalgOp> parts =
          splitVectorDim(rewriter, current, current.getNumLoops() - 1, vector);
      for (linalg::LinalgOp part : parts)
        unifyInPlaceOperands(part);
      // 3, 4. Parallel blocks, vector tiles.
      for (linalg::LinalgOp part : parts)
        (void)tileAndVectorize(rewriter, part, vector, minParallel, parallel);
    }

    // Polynomial approximations of the transcendental functions on vectors
    // (scalar ones keep their libm calls). Not log: MLIR's approximation
    // flushes subnormal inputs (log(1e-45) gave -87.3, not -103.3). But
    // log1p's approximation is x * log(u) / (u - 1) with u = 1 + x, which
    // is never subnormal (u >= 2^-24 for f32 x > -1), so the logs it emits
    // are approximated in a second round (softplus).
    eraseReductionLoopMarks(func);
    auto vectorMath = [&](ArrayRef<StringRef> names, const DenseSet<Operation *> &skip) {
      SmallVector<Operation *> ops;
      func.walk([&](Operation *op) {
        if (isa<math::MathDialect>(op->getDialect()) && op->getNumResults() == 1 &&
            isa<VectorType>(op->getResult(0).getType()) &&
            llvm::is_contained(names, op->getName().getStringRef()) && !skip.contains(op))
          ops.push_back(op);
      });
      return ops;
    };
    auto approximate = [&](ArrayRef<Operation *> ops, ArrayRef<StringRef> names) {
      RewritePatternSet patterns(&getContext());
      populateMathPolynomialApproximationPatterns(
          patterns, [&](StringRef name) { return llvm::is_contained(names, name); });
      return ops.empty() ? success()
                         : applyOpPatternsGreedily(ops, FrozenRewritePatternSet(
                                                            std::move(patterns)));
    };
    StringRef log = math::LogOp::getOperationName();
    SmallVector<StringRef> first = {
        math::ExpOp::getOperationName(), math::TanhOp::getOperationName(),
        math::ErfOp::getOperationName(), math::Log1pOp::getOperationName()};
    SmallVector<Operation *> logsBefore = vectorMath({log}, {});
    DenseSet<Operation *> userLogs(logsBefore.begin(), logsBefore.end());
    if (failed(approximate(vectorMath(first, {}), first)) ||
        failed(approximate(vectorMath({log}, userLogs), {log})))
      return signalPassFailure();
  }
};

} // namespace
