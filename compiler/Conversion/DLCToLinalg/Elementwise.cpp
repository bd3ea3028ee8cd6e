//===- Elementwise.cpp - dlc activations and arithmetic to linalg -----------===//
//
// Activations, broadcasting add/sub/mul, inference batch_norm and constants
// become `linalg.generic` ops with parallel iterators; broadcasting is in
// the indexing maps, so nothing is materialized and elementwise fusion can
// merge chains such as batch_norm + relu into one loop nest.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "dlc/Conversion/DLCToLinalg/DLCToLinalg.h"
#include "dlc/Dialect/DLC/DLCOps.h"

using namespace mlir;
using namespace mlir::dlc;

namespace {

// Scalar semantics of each op, on one f32 element.
Value scalar(ReluOp, OpBuilder &b, Location loc, ValueRange x) {
  return arith::MaximumFOp::create(b, loc, x[0], createF32(b, loc, 0.0));
}
Value scalar(SigmoidOp, OpBuilder &b, Location loc, ValueRange x) {
  Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x[0]));
  Value one = createF32(b, loc, 1.0);
  return arith::DivFOp::create(b, loc, one, arith::AddFOp::create(b, loc, one, e));
}
Value scalar(TanhOp, OpBuilder &b, Location loc, ValueRange x) {
  return math::TanhOp::create(b, loc, x[0]);
}
Value scalar(LeakyReluOp op, OpBuilder &b, Location loc, ValueRange x) {
  Value scaled = arith::MulFOp::create(
      b, loc, x[0], createF32(b, loc, op.getAlpha().convertToFloat()));
  Value positive = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x[0],
                                         createF32(b, loc, 0.0));
  return arith::SelectOp::create(b, loc, positive, x[0], scaled);
}
Value scalar(ClipOp op, OpBuilder &b, Location loc, ValueRange x) {
  Value lo = createF32(b, loc, op.getMin().convertToFloat());
  Value hi = createF32(b, loc, op.getMax().convertToFloat());
  return arith::MinimumFOp::create(b, loc, arith::MaximumFOp::create(b, loc, x[0], lo),
                                   hi);
}
Value scalar(AddOp, OpBuilder &b, Location loc, ValueRange x) {
  return arith::AddFOp::create(b, loc, x[0], x[1]);
}
Value scalar(SubOp, OpBuilder &b, Location loc, ValueRange x) {
  return arith::SubFOp::create(b, loc, x[0], x[1]);
}
Value scalar(MulOp, OpBuilder &b, Location loc, ValueRange x) {
  return arith::MulFOp::create(b, loc, x[0], x[1]);
}

/// Any op whose lowering is `scalar(op, ...)` applied elementwise to all its
/// operands (broadcast to the result shape).
template <typename OpTy>
struct ElementwiseToLinalg : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    Value result = buildElementwise(
        rewriter, op.getLoc(), type, adaptor.getOperands(),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return scalar(op, b, loc, args);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// y = x * a[c] + b[c] with a = scale / sqrt(var + eps), b = bias - mean * a,
/// where the per-channel a and b are computed once, not per element.
struct BatchNormToLinalg : OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    auto channelType = tensorTypeOf(adaptor.getScale());
    float eps = op.getEpsilon().convertToFloat();
    Value scale = buildElementwise(
        rewriter, loc, channelType, {adaptor.getScale(), adaptor.getVariance()},
        [&](OpBuilder &b, Location l, ValueRange x) {
          Value var = arith::AddFOp::create(b, l, x[1], createF32(b, l, eps));
          return arith::DivFOp::create(b, l, x[0], math::SqrtOp::create(b, l, var));
        });
    Value shift = buildElementwise(
        rewriter, loc, channelType, {adaptor.getBias(), adaptor.getMean(), scale},
        [&](OpBuilder &b, Location l, ValueRange x) {
          return arith::SubFOp::create(b, l, x[0],
                                       arith::MulFOp::create(b, l, x[1], x[2]));
        });
    MLIRContext *ctx = rewriter.getContext();
    AffineMap identity = rewriter.getMultiDimIdentityMap(type.getRank());
    AffineMap channel = AffineMap::get(type.getRank(), 0, getAffineDimExpr(1, ctx));
    Value result = buildElementwise(
        rewriter, loc, type, {adaptor.getInput(), scale, shift},
        {identity, channel, channel}, [&](OpBuilder &b, Location l, ValueRange x) {
          return arith::AddFOp::create(b, l, arith::MulFOp::create(b, l, x[0], x[1]),
                                       x[2]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConstantToArith : OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, cast<TypedAttr>(op.getValue()));
    return success();
  }
};

} // namespace

void mlir::dlc::populateElementwiseToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ElementwiseToLinalg<ReluOp>, ElementwiseToLinalg<SigmoidOp>,
               ElementwiseToLinalg<TanhOp>, ElementwiseToLinalg<LeakyReluOp>,
               ElementwiseToLinalg<ClipOp>, ElementwiseToLinalg<AddOp>,
               ElementwiseToLinalg<SubOp>, ElementwiseToLinalg<MulOp>,
               BatchNormToLinalg, ConstantToArith>(patterns.getContext());
}
