//===- FuseElementwise.cpp - the dlc-fuse-elementwise pass ------------------===//
//
// Elementwise producer/consumer fusion restricted to elementwise consumers,
// so contractions keep their multiply-add bodies for tile-and-vectorize
// (ElementwiseFusion.h: dlc-fuse-conv-epilogue runs it too).
//
//===----------------------------------------------------------------------===//

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

struct FuseElementwise : mlir::dlc::impl::FuseElementwiseBase<FuseElementwise> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    mlir::dlc::populateElementwiseFusionPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

void mlir::dlc::populateElementwiseFusionPatterns(RewritePatternSet &patterns) {
  linalg::ControlFusionFn onlyElementwise = [](OpOperand *operand) {
    auto consumer = dyn_cast<linalg::LinalgOp>(operand->getOwner());
    auto producer = operand->get().getDefiningOp<linalg::LinalgOp>();
    return consumer && producer && linalg::isElementwise(consumer) &&
           linalg::isElementwise(producer) && fusionRemovesOrIsCheap(producer);
  };
  linalg::populateElementwiseOpsFusionPatterns(patterns, onlyElementwise);
  linalg::populateEraseUnusedOperandsAndResultsPatterns(patterns);
}
