//===- FuseConvEpilogue.cpp - the dlc-fuse-conv-epilogue pass ---------------===//
//
// A convolution's (or matrix product's) epilogue is what its output goes
// through before anyone else reads it: the bias, a residual, an
// activation. Ideally it all happens on the accumulators while they are in
// registers. Two parts of dlc do it:
//
//  - this pass moves what is added to the result (a residual: ResNet's
//    `relu(conv(x) + identity)`, MobileNet v2's `conv(x) + x`) into the
//    accumulators' initial value, next to the bias (oneDNN's "sum"
//    post-op): init = bias + residual, one elementwise op that the
//    broadcast of the bias fuses into; the consumer keeps only the
//    activation (or goes, when nothing is left);
//  - dlc-tile-and-vectorize runs that remaining elementwise consumer (ReLU,
//    ReLU6, leaky ReLU, sigmoid, tanh ...) on each register tile before
//    it is stored (see placeEpilogues there).
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"
#include "ElementwiseFusion.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#define DEBUG_TYPE "dlc-fuse-conv-epilogue"

namespace mlir::dlc {
#define GEN_PASS_DEF_FUSECONVEPILOGUE
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

/// Whether `op` accumulates into its init: a convolution or a contraction
/// (out += ...).
bool accumulatesIntoInit(linalg::LinalgOp op) {
  return op.getNumDpsInits() == 1 && op->getNumResults() == 1 &&
         op.hasPureTensorSemantics() &&
         (linalg::isaContractionOpInterface(op) || linalg::isaConvolutionOpInterface(op));
}

/// Rewrites `consumer = g(acc + h(others))`, whose input `acc` is the
/// result of `op` (its only use), as `op` accumulating into
/// `init + h(others)` and `consumer = g(acc)`. Fails if `consumer` has
/// another form.
LogicalResult addIntoInit(RewriterBase &rewriter, linalg::LinalgOp op,
                          linalg::GenericOp consumer, DominanceInfo &dominance) {
  Value result = op->getResult(0);
  OpOperand *input = consumer.getDpsInputOperand(0);
  for (OpOperand *operand : consumer.getDpsInputOperands())
    if (operand->get() == result)
      input = operand;
  if (input->get() != result || consumer.getNumDpsInits() != 1 ||
      !consumer.hasPureTensorSemantics() || consumer.getNumReductionLoops() != 0 ||
      consumer->getResult(0).getType() != result.getType() ||
      !consumer.getMatchingIndexingMap(input).isIdentity() ||
      !consumer.getMatchingIndexingMap(consumer.getDpsInitOperand(0)).isIdentity())
    return failure();
  Block &body = consumer.getRegion().front();
  BlockArgument acc = consumer.getMatchingBlockArgument(input);
  if (!acc.hasOneUse() || !consumer.getMatchingBlockArgument(consumer.getDpsInitOperand(0))
                               .use_empty())
    return failure();
  auto add = dyn_cast<arith::AddFOp>(*acc.getUsers().begin());
  if (!add)
    return failure();
  Value addend = add.getLhs() == acc ? add.getRhs() : add.getLhs();
  if (addend == acc)
    return failure();

  // The ops of the body that the addend needs (it cannot need `acc`: its
  // only use is the add).
  SetVector<Operation *> needed;
  SmallVector<Value> worklist = {addend};
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    Operation *def = value.getDefiningOp();
    if (!def || def->getBlock() != &body || !needed.insert(def))
      continue;
    llvm::append_range(worklist, def->getOperands());
  }
  // What it reads must exist where `op` is (a residual made by a later
  // op, ResNet's downsampling convolution, does not).
  auto availableAtOp = [&](Value value) {
    return value.getParentBlock() == &body || dominance.properlyDominates(value, op);
  };
  for (Operation *inner : needed)
    if (!llvm::all_of(inner->getOperands(), availableAtOp))
      return failure();
  for (OpOperand *operand : consumer.getDpsInputOperands())
    if (operand != input && !dominance.properlyDominates(operand->get(), op))
      return failure();
  // The new initial value reads the old one and the consumer's other
  // inputs (a residual), through their maps, at the result's indices.
  SmallVector<Value> inputs = {op.getDpsInits()[0]};
  SmallVector<AffineMap> maps = {
      rewriter.getMultiDimIdentityMap(consumer.getNumLoops())};
  SmallVector<BlockArgument> args;
  for (OpOperand *operand : consumer.getDpsInputOperands())
    if (operand != input) {
      inputs.push_back(operand->get());
      maps.push_back(consumer.getMatchingIndexingMap(operand));
      args.push_back(consumer.getMatchingBlockArgument(operand));
    }
  maps.push_back(maps.front());
  auto type = cast<RankedTensorType>(result.getType());
  rewriter.setInsertionPoint(op);
  Value empty = tensor::EmptyOp::create(rewriter, op.getLoc(), type.getShape(),
                                        type.getElementType());
  auto init = linalg::GenericOp::create(
      rewriter, consumer.getLoc(), TypeRange{type}, inputs, ValueRange{empty}, maps,
      consumer.getIteratorTypesArray(),
      [&](OpBuilder &b, Location loc, ValueRange blockArgs) {
        IRMapping mapping;
        for (auto [old, now] : llvm::zip(args, blockArgs.drop_front()))
          mapping.map(old, now);
        // (In body order: `needed` was collected uses first.)
        for (Operation &inner : body.without_terminator())
          if (needed.contains(&inner))
            b.clone(inner, mapping);
        // (At the add's own location: its layer, which the convolution's
        // kernel now runs.)
        Value sum = arith::AddFOp::create(b, add.getLoc(), blockArgs.front(),
                                          mapping.lookupOrDefault(addend));
        linalg::YieldOp::create(b, loc, sum);
      });
  rewriter.modifyOpInPlace(op, [&] { op.getDpsInitsMutable()[0].set(init.getResult(0)); });
  rewriter.replaceAllUsesWith(add.getResult(), acc);
  rewriter.eraseOp(add);
  return success();
}

struct FuseConvEpilogue : mlir::dlc::impl::FuseConvEpilogueBase<FuseConvEpilogue> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    IRRewriter rewriter(&getContext());
    SmallVector<std::pair<linalg::LinalgOp, linalg::GenericOp>> candidates;
    func.walk([&](linalg::LinalgOp op) {
      if (!accumulatesIntoInit(op) || !op->getResult(0).hasOneUse())
        return;
      if (auto consumer = dyn_cast<linalg::GenericOp>(*op->getResult(0).getUsers().begin()))
        candidates.push_back({op, consumer});
    });
    bool changed = false;
    DominanceInfo dominance(func);
    for (auto [op, consumer] : candidates)
      changed |= succeeded(addIntoInit(rewriter, op, consumer, dominance));
    if (!changed)
      return;
    // The bias broadcast fuses into the new initial values; the consumers
    // drop the inputs they no longer read (and go when they are a copy).
    RewritePatternSet patterns(&getContext());
    mlir::dlc::populateElementwiseFusionPatterns(patterns);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, &getContext());
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
