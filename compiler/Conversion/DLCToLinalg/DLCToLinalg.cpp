//===- DLCToLinalg.cpp - the convert-dlc-to-linalg pass ---------------------===//
//
// A thin dialect-conversion wrapper around the per-family patterns: every
// dlc op is illegal afterwards, so an op without a lowering is reported at
// its location instead of reaching the backend.
//
//===----------------------------------------------------------------------===//

#include "dlc/Conversion/DLCToLinalg/DLCToLinalg.h"
#include "dlc/Conversion/Passes.h"
#include "dlc/Dialect/DLC/DLCDialect.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_CONVERTDLCTOLINALG
#include "dlc/Conversion/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

void mlir::dlc::populateDLCToLinalgPatterns(RewritePatternSet &patterns) {
  populateElementwiseToLinalgPatterns(patterns);
  populateLinearToLinalgPatterns(patterns);
  populateConvolutionToLinalgPatterns(patterns);
  populatePoolingToLinalgPatterns(patterns);
  populatePoolingBackwardToLinalgPatterns(patterns);
  populateDataMovementToLinalgPatterns(patterns);
  populateNormalizationToLinalgPatterns(patterns);
  populateReductionToLinalgPatterns(patterns);
  populateRecurrentToLinalgPatterns(patterns);
  populateLossToLinalgPatterns(patterns);
  populateDetectionToLinalgPatterns(patterns);
  populateOptimizerToLinalgPatterns(patterns);
}

namespace {
struct ConvertDLCToLinalg
    : mlir::dlc::impl::ConvertDLCToLinalgBase<ConvertDLCToLinalg> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addIllegalDialect<DLCDialect>();
    target.addLegalDialect<linalg::LinalgDialect, tensor::TensorDialect,
                           arith::ArithDialect, math::MathDialect,
                           affine::AffineDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(ctx);
    populateDLCToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
