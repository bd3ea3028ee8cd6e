//===- FuseElementwise.cpp - the dlc-fuse-elementwise pass ------------------===//
//
// Elementwise producer/consumer fusion restricted to elementwise consumers,
// so contractions keep their multiply-add bodies for tile-and-vectorize
// (ElementwiseFusion.h: dlc-fuse-conv-epilogue runs it too).
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Parameters.h"
#include "dlc/Transforms/Passes.h"
#include "ElementwiseFusion.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#define DEBUG_TYPE "dlc-fuse-elementwise"

namespace mlir::dlc {
#define GEN_PASS_DEF_FUSEELEMENTWISE
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

/// Whether fusing `producer` into a consumer pays: it has no other use, or
/// all its uses fuse it (it is not materialized at all), or it reads
/// nothing whole (a broadcast). Otherwise the consumer would recompute it
/// from its inputs while it is still made for its other users (a ResNet
/// block's output, read by the next convolution's padding and by the next
/// residual add: that add re-read the convolution and the identity it was
/// made from, and the convolution's ReLU could no longer be its epilogue).
bool fusionRemovesOrIsCheap(linalg::LinalgOp producer) {
  if (producer->hasOneUse())
    return true;
  if (llvm::all_of(producer->getUsers(), [](Operation *user) {
        auto linalgUser = dyn_cast<linalg::LinalgOp>(user);
        return linalgUser && linalg::isElementwise(linalgUser);
      }))
    return true;
  return llvm::all_of(producer.getDpsInputOperands(), [&](OpOperand *input) {
    AffineMap map = producer.getMatchingIndexingMap(input);
    return map.getNumResults() < map.getNumDims();
  });
}

/// The bytes of a shaped value.
int64_t bytesOf(Value v) {
  auto type = cast<ShapedType>(v.getType());
  return type.getNumElements() * type.getElementTypeBitWidth() / 8;
}

/// Whether `op`, computed from the parameters alone, moves into the prepare
/// function (dlc-hoist-parameter-computation).
bool isPrepared(linalg::LinalgOp op) {
  int64_t bytesIn = 0;
  for (OpOperand *input : op.getDpsInputOperands())
    if (isa<ShapedType>(input->get().getType()))
      bytesIn += bytesOf(input->get());
  return mlir::dlc::isParameterDerived(op->getResult(0)) &&
         mlir::dlc::worthPreparing(bytesIn, bytesOf(op->getResult(0)));
}

/// Whether fusing `producer` into `consumer` keeps parameter computation
/// apart: a producer that moves into the prepare function fuses only into
/// a consumer that moves with it; not into a broadcast of it, nor into an
/// op on activations (either would recompute it on every run).
bool keepsParametersApart(linalg::LinalgOp producer, linalg::LinalgOp consumer) {
  return !isPrepared(producer) || isPrepared(consumer);
}

struct FuseElementwise : mlir::dlc::impl::FuseElementwiseBase<FuseElementwise> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    mlir::dlc::populateElementwiseFusionPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

/// The most scalar ops a fused elementwise body gets. Each fusion clones
/// both bodies into a new op, so fusing a chain without a bound costs the
/// square of its length: a chain of 4000 ReLUs took 15 s to fuse, one of
/// 100000 did not compile in 5 minutes (19 s with this bound, 31 s with
/// 256). Real networks fuse a few dozen ops at most.
constexpr size_t kMaxFusedBodyOps = 64;

/// The ops in `op`'s body.
size_t bodySize(linalg::LinalgOp op) {
  return op->getRegion(0).front().getOperations().size();
}

} // namespace

void mlir::dlc::populateElementwiseFusionPatterns(RewritePatternSet &patterns) {
  linalg::ControlFusionFn onlyElementwise = [](OpOperand *operand) {
    auto consumer = dyn_cast<linalg::LinalgOp>(operand->getOwner());
    auto producer = operand->get().getDefiningOp<linalg::LinalgOp>();
    return consumer && producer && linalg::isElementwise(consumer) &&
           linalg::isElementwise(producer) &&
           bodySize(producer) + bodySize(consumer) <= kMaxFusedBodyOps &&
           fusionRemovesOrIsCheap(producer) && keepsParametersApart(producer, consumer);
  };
  linalg::populateElementwiseOpsFusionPatterns(patterns, onlyElementwise);
  linalg::populateEraseUnusedOperandsAndResultsPatterns(patterns);
}
