//===- Optimizer.cpp - dlc optimizer steps to linalg ------------------------===//
//
// Each optimizer step is one elementwise linalg.generic over the parameter
// with one result per updated tensor (x_new and the states), so x, g and
// the states are read once. The scalar factors that depend on r and t are
// computed once in front of it, on values extracted from the rank-0 r and
// t, in float64 where ONNX's NumPy reference computes them in float64 (every
// expression involving t), then rounded to f32; the generic's body uses
// them from above. Factors of attributes alone (1 - alpha, ...) are
// compile-time constants, computed in double and rounded the same way.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "dlc/Conversion/DLCToLinalg/DLCToLinalg.h"
#include "dlc/Dialect/DLC/OptimizerOps.h"

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// Builders for the scalar and elementwise arithmetic of the update rules,
/// so that the bodies read like the formulas.
struct Arith {
  OpBuilder &b;
  Location loc;

  Value add(Value x, Value y) const { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) const { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) const { return arith::MulFOp::create(b, loc, x, y); }
  Value div(Value x, Value y) const { return arith::DivFOp::create(b, loc, x, y); }
  Value sqrt(Value x) const { return math::SqrtOp::create(b, loc, x); }
  Value f32(double v) const { return createF32(b, loc, v); }
  Value f64(double v) const {
    return arith::ConstantOp::create(b, loc, b.getF64FloatAttr(v));
  }
  /// An f32 attribute value as the f32 constant it is.
  Value f32(APFloat v) const { return f32(v.convertToFloat()); }
  /// An f32 extended or an i64 converted to f64.
  Value toF64(Value x) const {
    if (isa<IntegerType>(x.getType()))
      return arith::SIToFPOp::create(b, loc, b.getF64Type(), x);
    return arith::ExtFOp::create(b, loc, b.getF64Type(), x);
  }
  Value toF32(Value x) const {
    return arith::TruncFOp::create(b, loc, b.getF32Type(), x);
  }
  /// t > 0 (t is i64).
  Value positive(Value t) const {
    return arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::sgt, t,
        arith::ConstantIntOp::create(b, loc, 0, 64));
  }
  Value select(Value c, Value x, Value y) const {
    return arith::SelectOp::create(b, loc, c, x, y);
  }
  /// g_ = norm_coefficient * x + g.
  Value regularized(Value normCoefficient, Value x, Value g) const {
    return add(mul(normCoefficient, x), g);
  }
};

/// The element of a rank-0 tensor.
Value scalarOf(OpBuilder &b, Location loc, Value tensor) {
  return tensor::ExtractOp::create(b, loc, tensor, ValueRange{});
}

/// float(1 - double(v)): a Python float expression of an f32 attribute,
/// rounded to f32 where it meets the f32 arrays.
double oneMinus(APFloat v) {
  return static_cast<float>(1.0 - static_cast<double>(v.convertToFloat()));
}

/// One generic over x, g and the states with one result per updated
/// tensor, all of x's type; `body` maps (x, g, states...) to the results.
SmallVector<Value> buildStep(OpBuilder &b, Location loc, Value x, ValueRange others,
                             unsigned numResults, ScalarBodiesFn body) {
  auto type = tensorTypeOf(x);
  SmallVector<Value> inputs{x};
  inputs.append(others.begin(), others.end());
  SmallVector<AffineMap> maps(inputs.size(),
                              b.getMultiDimIdentityMap(type.getRank()));
  SmallVector<Type> types(numResults, type);
  return buildElementwise(b, loc, types, inputs, maps, body);
}

/// r_ = float(double(r) / (1 + double(t) * decay_factor)), then
/// g_ = nc * x + g, h_new = h + g_ * g_, x_new = x - r_ * g_ / (sqrt(h_new) + eps).
struct AdagradToLinalg : OpConversionPattern<AdagradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AdagradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Arith a{rewriter, loc};
    Value r = a.toF64(scalarOf(rewriter, loc, adaptor.getR()));
    Value t = a.toF64(scalarOf(rewriter, loc, adaptor.getT()));
    Value decay = a.f64(op.getDecayFactor().convertToFloat());
    Value one = a.f64(1.0);
    Value rate = a.toF32(a.div(r, a.add(one, a.mul(t, decay))));
    APFloat nc = op.getNormCoefficient(), eps = op.getEpsilon();
    auto results = buildStep(
        rewriter, loc, adaptor.getX(), {adaptor.getG(), adaptor.getH()}, 2,
        [&](OpBuilder &b, Location l, ValueRange v) -> SmallVector<Value> {
          Arith e{b, l};
          Value x = v[0], g = v[1], h = v[2];
          Value gReg = e.regularized(e.f32(nc), x, g);
          Value hNew = e.add(h, e.mul(gReg, gReg));
          Value numerator = e.mul(rate, gReg);
          Value denominator = e.add(e.sqrt(hNew), e.f32(eps));
          Value xNew = e.sub(x, e.div(numerator, denominator));
          return {xNew, hNew};
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// beta_ = t > 0 ? beta : 1, then g_ = nc * x + g, v_new = alpha * v +
/// beta_ * g_ and x_new = x - r * v_new (standard) or
/// x - r * (g_ + alpha * v_new) (nesterov), all in f32.
struct MomentumToLinalg : OpConversionPattern<MomentumOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MomentumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Arith a{rewriter, loc};
    Value r = scalarOf(rewriter, loc, adaptor.getR());
    Value later = a.positive(scalarOf(rewriter, loc, adaptor.getT()));
    Value betaAttr = a.f32(op.getBeta());
    Value one = a.f32(1.0);
    Value beta = a.select(later, betaAttr, one);
    APFloat nc = op.getNormCoefficient(), alpha = op.getAlpha();
    bool nesterov = op.getMode() == "nesterov";
    auto results = buildStep(
        rewriter, loc, adaptor.getX(), {adaptor.getG(), adaptor.getV()}, 2,
        [&](OpBuilder &b, Location l, ValueRange v) -> SmallVector<Value> {
          Arith e{b, l};
          Value x = v[0], g = v[1], m = v[2];
          Value gReg = e.regularized(e.f32(nc), x, g);
          Value decayed = e.mul(e.f32(alpha), m);
          Value vNew = e.add(decayed, e.mul(beta, gReg));
          Value direction = vNew;
          if (nesterov)
            direction = e.add(gReg, e.mul(e.f32(alpha), vNew));
          Value xNew = e.sub(x, e.mul(r, direction));
          return {xNew, vNew};
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// r_ = t > 0 ? float(double(r) * sqrt(1 - beta^t) / (1 - alpha^t)) : r
/// (beta^t and alpha^t in double, as C's pow), then elementwise in f32:
/// g_ = nc * x + g, v_new = alpha * v + (1 - alpha) * g_,
/// h_new = beta * h + (1 - beta) * (g_ * g_),
/// x_new = (1 - nc_post) * (x - r_ * (v_new / (sqrt(h_new) + eps))).
struct AdamToLinalg : OpConversionPattern<AdamOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AdamOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Arith a{rewriter, loc};
    Value r = scalarOf(rewriter, loc, adaptor.getR());
    Value t = scalarOf(rewriter, loc, adaptor.getT());
    Value rF64 = a.toF64(r), tF64 = a.toF64(t), one = a.f64(1.0);
    APFloat alpha = op.getAlpha(), beta = op.getBeta();
    auto oneMinusPow = [&](APFloat base) -> Value {
      Value b = a.f64(base.convertToFloat());
      return a.sub(one, math::PowFOp::create(rewriter, loc, b, tF64));
    };
    Value numerator = a.mul(rF64, a.sqrt(oneMinusPow(beta)));
    Value corrected = a.toF32(a.div(numerator, oneMinusPow(alpha)));
    Value rate = a.select(a.positive(t), corrected, r);
    APFloat nc = op.getNormCoefficient(), eps = op.getEpsilon();
    double keepV = oneMinus(alpha), keepH = oneMinus(beta),
           post = oneMinus(op.getNormCoefficientPost());
    auto results = buildStep(
        rewriter, loc, adaptor.getX(),
        {adaptor.getG(), adaptor.getV(), adaptor.getH()}, 3,
        [&](OpBuilder &b, Location l, ValueRange v) -> SmallVector<Value> {
          Arith e{b, l};
          Value x = v[0], g = v[1], m = v[2], h = v[3];
          Value gReg = e.regularized(e.f32(nc), x, g);
          Value mDecayed = e.mul(e.f32(alpha), m);
          Value vNew = e.add(mDecayed, e.mul(e.f32(keepV), gReg));
          Value hDecayed = e.mul(e.f32(beta), h);
          Value gSquared = e.mul(gReg, gReg);
          Value hNew = e.add(hDecayed, e.mul(e.f32(keepH), gSquared));
          Value hSqrt = e.add(e.sqrt(hNew), e.f32(eps));
          Value step = e.mul(rate, e.div(vNew, hSqrt));
          Value xNew = e.sub(x, step);
          return {e.mul(e.f32(post), xNew), vNew, hNew};
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

} // namespace

void mlir::dlc::populateOptimizerToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<AdagradToLinalg, MomentumToLinalg, AdamToLinalg>(
      patterns.getContext());
}
