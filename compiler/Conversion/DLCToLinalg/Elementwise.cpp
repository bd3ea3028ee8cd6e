//===- Elementwise.cpp - dlc activations and arithmetic to linalg -----------===//
//
// Activations (including PReLU), elementwise math, broadcasting
// add/sub/mul/div/max/min/pow, dropout, inference batch_norm and constants
// become `linalg.generic` ops with parallel iterators; broadcasting is in
// the indexing maps, so nothing is materialized and elementwise fusion can
// merge chains such as batch_norm + relu into one loop nest. Dropout's mask
// is a counter-based hash of (seed, linear index) computed in the loop body.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "dlc/Conversion/DLCToLinalg/DLCToLinalg.h"
#include "dlc/Dialect/DLC/DLCOps.h"

#include "llvm/ADT/StringSwitch.h"

#include <cmath>

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
/// min(max(x, lo), hi): Clip, and the ramps of HardSigmoid and HardSwish.
Value clamp(OpBuilder &b, Location loc, Value x, double lo, double hi) {
  return arith::MinimumFOp::create(
      b, loc, arith::MaximumFOp::create(b, loc, x, createF32(b, loc, lo)),
      createF32(b, loc, hi));
}
Value scalar(ClipOp op, OpBuilder &b, Location loc, ValueRange x) {
  return clamp(b, loc, x[0], op.getMin().convertToFloat(), op.getMax().convertToFloat());
}
Value scalar(HardSigmoidOp op, OpBuilder &b, Location loc, ValueRange x) {
  Value affine = arith::AddFOp::create(
      b, loc,
      arith::MulFOp::create(b, loc, x[0],
                            createF32(b, loc, op.getAlpha().convertToFloat())),
      createF32(b, loc, op.getBeta().convertToFloat()));
  return clamp(b, loc, affine, 0.0, 1.0);
}
// x * relu6(x + 3) / 6, as PyTorch computes it (the division a product).
Value scalar(HardSwishOp, OpBuilder &b, Location loc, ValueRange x) {
  Value shifted = arith::AddFOp::create(b, loc, x[0], createF32(b, loc, 3.0));
  Value relu6 = clamp(b, loc, shifted, 0.0, 6.0);
  return arith::MulFOp::create(b, loc, arith::MulFOp::create(b, loc, x[0], relu6),
                               createF32(b, loc, 1.0 / 6.0));
}
Value scalar(ErfOp, OpBuilder &b, Location loc, ValueRange x) {
  return math::ErfOp::create(b, loc, x[0]);
}
// x / 2 * (1 + erf(x / sqrt 2)) or x / 2 * (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))).
Value scalar(GeluOp op, OpBuilder &b, Location loc, ValueRange x) {
  Value phi2;
  if (op.getApproximate() == "tanh") {
    Value cube = arith::MulFOp::create(b, loc, arith::MulFOp::create(b, loc, x[0], x[0]),
                                       x[0]);
    Value inner = arith::AddFOp::create(
        b, loc, x[0], arith::MulFOp::create(b, loc, cube, createF32(b, loc, 0.044715)));
    phi2 = math::TanhOp::create(
        b, loc,
        arith::MulFOp::create(b, loc, inner, createF32(b, loc, std::sqrt(2.0 / M_PI))));
  } else {
    phi2 = math::ErfOp::create(
        b, loc, arith::MulFOp::create(b, loc, x[0], createF32(b, loc, M_SQRT1_2)));
  }
  Value half = arith::MulFOp::create(b, loc, x[0], createF32(b, loc, 0.5));
  return arith::MulFOp::create(
      b, loc, half, arith::AddFOp::create(b, loc, phi2, createF32(b, loc, 1.0)));
}
// max(x, 0) + log1p(exp(-|x|)): exp never overflows, and log1p keeps the
// small tail for large |x| exact.
Value scalar(SoftplusOp, OpBuilder &b, Location loc, ValueRange x) {
  Value tail = math::Log1pOp::create(
      b, loc,
      math::ExpOp::create(b, loc,
                          arith::NegFOp::create(b, loc, math::AbsFOp::create(b, loc, x[0]))));
  return arith::AddFOp::create(
      b, loc, arith::MaximumFOp::create(b, loc, x[0], createF32(b, loc, 0.0)), tail);
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

Value scalar(DivOp, OpBuilder &b, Location loc, ValueRange x) {
  return arith::DivFOp::create(b, loc, x[0], x[1]);
}
// maximumf/minimumf propagate NaN and order -0 < +0, as torch.maximum does.
Value scalar(MaxOp, OpBuilder &b, Location loc, ValueRange x) {
  return arith::MaximumFOp::create(b, loc, x[0], x[1]);
}
Value scalar(MinOp, OpBuilder &b, Location loc, ValueRange x) {
  return arith::MinimumFOp::create(b, loc, x[0], x[1]);
}
Value scalar(PowOp, OpBuilder &b, Location loc, ValueRange x) {
  return math::PowFOp::create(b, loc, x[0], x[1]);
}
Value scalar(CompareOp op, OpBuilder &b, Location loc, ValueRange x) {
  auto predicate = llvm::StringSwitch<arith::CmpFPredicate>(op.getPredicate())
                       .Case("eq", arith::CmpFPredicate::OEQ)
                       .Case("ne", arith::CmpFPredicate::UNE)
                       .Case("lt", arith::CmpFPredicate::OLT)
                       .Case("le", arith::CmpFPredicate::OLE)
                       .Case("gt", arith::CmpFPredicate::OGT)
                       .Default(arith::CmpFPredicate::OGE);
  Value holds = arith::CmpFOp::create(b, loc, predicate, x[0], x[1]);
  return arith::SelectOp::create(b, loc, holds, createF32(b, loc, 1.0),
                                 createF32(b, loc, 0.0));
}
Value scalar(SelectOp, OpBuilder &b, Location loc, ValueRange x) {
  Value nonzero = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, x[0],
                                        createF32(b, loc, 0.0));
  return arith::SelectOp::create(b, loc, nonzero, x[1], x[2]);
}
Value scalar(ExpOp, OpBuilder &b, Location loc, ValueRange x) {
  return math::ExpOp::create(b, loc, x[0]);
}
Value scalar(LogOp, OpBuilder &b, Location loc, ValueRange x) {
  return math::LogOp::create(b, loc, x[0]);
}
Value scalar(SqrtOp, OpBuilder &b, Location loc, ValueRange x) {
  return math::SqrtOp::create(b, loc, x[0]);
}
Value scalar(NegOp, OpBuilder &b, Location loc, ValueRange x) {
  return arith::NegFOp::create(b, loc, x[0]);
}
Value scalar(AbsOp, OpBuilder &b, Location loc, ValueRange x) {
  return math::AbsFOp::create(b, loc, x[0]);
}
Value scalar(ReciprocalOp, OpBuilder &b, Location loc, ValueRange x) {
  return arith::DivFOp::create(b, loc, createF32(b, loc, 1.0), x[0]);
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

/// y = x if x >= 0 else slope * x; a per-channel slope reads dim 1, any
/// other slope is broadcast NumPy-style (see PReluOp's description).
struct PReluToLinalg : OpConversionPattern<PReluOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PReluOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> slope = tensorTypeOf(adaptor.getSlope()).getShape();
    MLIRContext *ctx = rewriter.getContext();
    int64_t rank = type.getRank();
    bool perChannel = slope.size() == 1 && rank >= 2 && slope[0] == type.getDimSize(1);
    AffineMap slopeMap = perChannel
                             ? AffineMap::get(rank, 0, getAffineDimExpr(1, ctx))
                             : broadcastMap(ctx, slope, type.getShape());
    Value result = buildElementwise(
        rewriter, op.getLoc(), type, {adaptor.getInput(), adaptor.getSlope()},
        {rewriter.getMultiDimIdentityMap(rank), slopeMap},
        [](OpBuilder &b, Location l, ValueRange x) {
          Value nonNegative = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGE,
                                                    x[0], createF32(b, l, 0.0));
          return arith::SelectOp::create(b, l, nonNegative, x[0],
                                         arith::MulFOp::create(b, l, x[0], x[1]));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Dropout: one linalg.generic producing the output and the mask. The body
/// computes the element's row-major linear index from linalg.index, hashes
/// it with the seed (SplitMix64: the i-th draw of a generator seeded with
/// `seed`) and keeps the element when the top 24 bits of the hash reach
/// ceil(ratio * 2^24). At inference (normally folded away before) the
/// output is the input and the mask is all ones.
struct DropoutToLinalg : OpConversionPattern<DropoutOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DropoutOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getOutput().getType());
    double ratio = op.getRatio().convertToFloat();
    if (!op.getTraining() || ratio == 0.0) {
      rewriter.replaceOp(op, {adaptor.getInput(),
                              createFilled(rewriter, loc, type, 1.0)});
      return success();
    }
    constexpr uint64_t kGamma = 0x9E3779B97F4A7C15ull;
    uint64_t base = static_cast<uint64_t>(op.getSeed()) + kGamma;
    auto threshold = static_cast<int64_t>(std::ceil(ratio * double(1 << 24)));
    double scale = 1.0 / (1.0 - ratio);
    int64_t rank = type.getRank();
    ArrayRef<int64_t> shape = type.getShape();
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type, type}, ValueRange{adaptor.getInput()},
        ValueRange{createEmpty(rewriter, loc, type), createEmpty(rewriter, loc, type)},
        ArrayRef<AffineMap>{identity, identity, identity}, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          // Row-major linear index of this element.
          Value linear = arith::ConstantIndexOp::create(b, l, 0);
          for (int64_t d = 0; d < rank; ++d) {
            Value extent = arith::ConstantIndexOp::create(b, l, shape[d]);
            linear = arith::AddIOp::create(
                b, l, arith::MulIOp::create(b, l, linear, extent),
                linalg::IndexOp::create(b, l, d));
          }
          Type i64 = b.getI64Type();
          auto c64 = [&](uint64_t v) -> Value {
            return arith::ConstantIntOp::create(b, l, static_cast<int64_t>(v), 64);
          };
          auto xorShift = [&](Value z, uint64_t shift) -> Value {
            return arith::XOrIOp::create(
                b, l, z, arith::ShRUIOp::create(b, l, z, c64(shift)));
          };
          Value i = arith::IndexCastOp::create(b, l, i64, linear);
          // SplitMix64: z = seed + (i + 1) * gamma, then the finalizer.
          Value z = arith::AddIOp::create(
              b, l, c64(base), arith::MulIOp::create(b, l, i, c64(kGamma)));
          z = arith::MulIOp::create(b, l, xorShift(z, 30), c64(0xBF58476D1CE4E5B9ull));
          z = arith::MulIOp::create(b, l, xorShift(z, 27), c64(0x94D049BB133111EBull));
          z = xorShift(z, 31);
          Value top = arith::ShRUIOp::create(b, l, z, c64(40));
          Value keep = arith::CmpIOp::create(b, l, arith::CmpIPredicate::uge, top,
                                             c64(static_cast<uint64_t>(threshold)));
          Value mask = arith::SelectOp::create(b, l, keep, createF32(b, l, 1.0),
                                               createF32(b, l, 0.0));
          Value y = arith::MulFOp::create(
              b, l, arith::MulFOp::create(b, l, args[0], mask), createF32(b, l, scale));
          linalg::YieldOp::create(b, l, ValueRange{y, mask});
        });
    rewriter.replaceOp(op, generic.getResults());
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
               ElementwiseToLinalg<ClipOp>, ElementwiseToLinalg<HardSigmoidOp>,
               ElementwiseToLinalg<HardSwishOp>, ElementwiseToLinalg<ErfOp>,
               ElementwiseToLinalg<GeluOp>, ElementwiseToLinalg<SoftplusOp>,
               ElementwiseToLinalg<AddOp>,
               ElementwiseToLinalg<SubOp>, ElementwiseToLinalg<MulOp>,
               ElementwiseToLinalg<DivOp>, ElementwiseToLinalg<MaxOp>,
               ElementwiseToLinalg<MinOp>, ElementwiseToLinalg<PowOp>,
               ElementwiseToLinalg<ExpOp>, ElementwiseToLinalg<LogOp>,
               ElementwiseToLinalg<SqrtOp>, ElementwiseToLinalg<NegOp>,
               ElementwiseToLinalg<AbsOp>, ElementwiseToLinalg<ReciprocalOp>,
               ElementwiseToLinalg<CompareOp>, ElementwiseToLinalg<SelectOp>,
               PReluToLinalg, DropoutToLinalg, BatchNormToLinalg,
               ConstantToArith>(patterns.getContext());
}
