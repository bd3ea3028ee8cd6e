//===- LowerVectors.cpp - the dlc-lower-vectors pass ------------------------===//
//
// convert-vector-to-llvm maps 1-D vectors onto LLVM vectors but leaves N-D
// ops such as vector.outerproduct or 2-D transfers unconverted (as a partial
// conversion, silently). This pass lowers them first, in stages: each stage
// runs its patterns to a fixpoint before the next one starts, so a pattern
// never sees the half-lowered output of a later stage.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#define DEBUG_TYPE "dlc-lower-vectors"

namespace mlir::dlc {
#define GEN_PASS_DEF_LOWERVECTORS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

/// acc + lhs (x) rhs for a 2-D, unmasked outer product with `add`, one row
/// at a time: broadcast lhs[i], FMA with rhs into acc[i]. (Upstream's
/// lowering handles more cases; this one is all the microkernel needs and
/// produces exactly one vector.fma per row.)
struct OuterProductToFMA : OpRewritePattern<vector::OuterProductOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::OuterProductOp op,
                                PatternRewriter &rewriter) const override {
    auto resultType = dyn_cast<VectorType>(op.getResult().getType());
    if (!resultType || resultType.getRank() != 2 || resultType.isScalable() ||
        op.getKind() != vector::CombiningKind::ADD ||
        !isa<FloatType>(resultType.getElementType()) ||
        op->getParentOfType<vector::MaskOp>())
      return failure();
    Location loc = op.getLoc();
    auto rowType = VectorType::get(resultType.getDimSize(1),
                                   resultType.getElementType());
    Value acc = op.getAcc();
    Value result = acc ? acc
                       : Value(arith::ConstantOp::create(
                             rewriter, loc, rewriter.getZeroAttr(resultType)));
    for (int64_t i = 0, e = resultType.getDimSize(0); i < e; ++i) {
      Value a = vector::ExtractOp::create(rewriter, loc, op.getLhs(), i);
      Value splat = vector::BroadcastOp::create(rewriter, loc, rowType, a);
      Value row = vector::ExtractOp::create(rewriter, loc, result, i);
      Value fma = vector::FMAOp::create(rewriter, loc, splat, op.getRhs(), row);
      result = vector::InsertOp::create(rewriter, loc, fma, result, i);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct LowerVectors : mlir::dlc::impl::LowerVectorsBase<LowerVectors> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    using PopulateFn = std::function<void(RewritePatternSet &)>;
    PopulateFn stages[] = {
        [](RewritePatternSet &p) {
          vector::populateVectorContractLoweringPatterns(
              p, vector::VectorContractLowering::OuterProduct, 1,
              /*disableOuterProductLowering=*/true);
          vector::populateVectorMaskOpLoweringPatterns(p);
          vector::populateVectorMaskLoweringPatternsForSideEffectingOps(p);
        },
        [](RewritePatternSet &p) {
          p.add<OuterProductToFMA>(p.getContext(), /*benefit=*/2);
          vector::populateVectorOuterProductLoweringPatterns(p);
        },
        [](RewritePatternSet &p) {
          vector::populateVectorTransferLoweringPatterns(p, /*maxTransferRank=*/1);
          vector::populateVectorTransferPermutationMapLoweringPatterns(p);
          vector::populateVectorMultiReductionLoweringPatterns(
              p, vector::VectorMultiReductionLowering::InnerParallel);
          vector::populateVectorBroadcastLoweringPatterns(p);
          vector::populateVectorTransposeLoweringPatterns(
              p, vector::VectorTransposeLowering::EltWise);
        },
        [](RewritePatternSet &p) { vector::populateVectorShapeCastLoweringPatterns(p); },
    };
    for (auto &populate : stages) {
      RewritePatternSet patterns(ctx);
      populate(patterns);
      if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
        return signalPassFailure();
    }
  }
};
} // namespace
