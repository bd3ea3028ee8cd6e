//===- FuseElementwise.cpp - the dlc-fuse-elementwise pass ------------------===//
//
// Elementwise producer/consumer fusion restricted to elementwise consumers,
// so contractions keep their multiply-add bodies for tile-and-vectorize.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

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
struct FuseElementwise : mlir::dlc::impl::FuseElementwiseBase<FuseElementwise> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    linalg::ControlFusionFn onlyElementwise = [](OpOperand *operand) {
      auto consumer = dyn_cast<linalg::LinalgOp>(operand->getOwner());
      auto producer = operand->get().getDefiningOp<linalg::LinalgOp>();
      return consumer && producer && linalg::isElementwise(consumer) &&
             linalg::isElementwise(producer);
    };
    linalg::populateElementwiseOpsFusionPatterns(patterns, onlyElementwise);
    linalg::populateEraseUnusedOperandsAndResultsPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
