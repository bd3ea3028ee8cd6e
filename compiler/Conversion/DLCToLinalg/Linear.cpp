//===- Linear.cpp - dlc matmul and gemm to linalg ---------------------------===//
//
// 2-D matmul becomes linalg.matmul; batched (broadcasting) matmul and gemm
// with transposes become contraction `linalg.generic`s whose indexing maps
// carry the transposes and broadcasts. Both forms are recognised as
// contractions by the tile-and-vectorize pass.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "dlc/Conversion/DLCToLinalg/DLCToLinalg.h"
#include "dlc/Dialect/DLC/DLCOps.h"

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// out[..., m, n] += lhs[..., m, k] * rhs[..., k, n] over iteration space
/// (batch..., m, n, k); `lhsMap`/`rhsMap` give the operand indexing.
Value buildContraction(OpBuilder &b, Location loc, Value lhs, Value rhs,
                       AffineMap lhsMap, AffineMap rhsMap, Value init) {
  auto outType = tensorTypeOf(init);
  int64_t rank = outType.getRank();
  SmallVector<AffineExpr> outExprs;
  for (int64_t i = 0; i < rank; ++i)
    outExprs.push_back(b.getAffineDimExpr(i));
  AffineMap outMap = AffineMap::get(rank + 1, 0, outExprs, b.getContext());
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  auto generic = linalg::GenericOp::create(
      b, loc, outType, ValueRange{lhs, rhs}, init,
      ArrayRef<AffineMap>{lhsMap, rhsMap, outMap}, iterators,
      [](OpBuilder &nb, Location nloc, ValueRange args) {
        Value prod = arith::MulFOp::create(nb, nloc, args[0], args[1]);
        linalg::YieldOp::create(nb, nloc,
                                Value(arith::AddFOp::create(nb, nloc, args[2], prod)));
      });
  return generic.getResult(0);
}

struct MatMulToLinalg : OpConversionPattern<MatMulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    Value init = createFilled(rewriter, loc, type, 0.0);
    if (type.getRank() == 2) {
      rewriter.replaceOp(op, linalg::MatmulOp::create(
                                 rewriter, loc, TypeRange{type},
                                 ValueRange{adaptor.getLhs(), adaptor.getRhs()},
                                 ValueRange{init})
                                 .getResult(0));
      return success();
    }
    // Iteration space (batch..., m, n, k); operands broadcast over batch.
    MLIRContext *ctx = rewriter.getContext();
    int64_t rank = type.getRank(), batch = rank - 2;
    auto operandMap = [&](ArrayRef<int64_t> shape, bool isLhs) {
      SmallVector<AffineExpr> exprs;
      int64_t opBatch = shape.size() - 2;
      for (int64_t i = 0; i < opBatch; ++i) {
        int64_t d = batch - opBatch + i;
        exprs.push_back(shape[i] == 1 && type.getDimSize(d) != 1
                            ? getAffineConstantExpr(0, ctx)
                            : getAffineDimExpr(d, ctx));
      }
      AffineExpr m = getAffineDimExpr(batch, ctx), n = getAffineDimExpr(batch + 1, ctx),
                 k = getAffineDimExpr(batch + 2, ctx);
      exprs.push_back(isLhs ? m : k);
      exprs.push_back(isLhs ? k : n);
      return AffineMap::get(rank + 1, 0, exprs, ctx);
    };
    Value result = buildContraction(
        rewriter, loc, adaptor.getLhs(), adaptor.getRhs(),
        operandMap(tensorTypeOf(adaptor.getLhs()).getShape(), true),
        operandMap(tensorTypeOf(adaptor.getRhs()).getShape(), false), init);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// alpha * op(a) op(b) + beta * c. With alpha == 1 the (scaled, broadcast) c
/// is the accumulator's initial value; otherwise the product is scaled after.
struct GemmToLinalg : OpConversionPattern<GemmOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GemmOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto type = cast<RankedTensorType>(op.getType());
    float alpha = op.getAlpha().convertToFloat(), beta = op.getBeta().convertToFloat();
    Value c = adaptor.getC();
    auto scaledC = [&]() {
      return buildElementwise(rewriter, loc, type, {c},
                              [&](OpBuilder &b, Location l, ValueRange x) -> Value {
                                if (beta == 1.0f)
                                  return x[0];
                                return arith::MulFOp::create(b, l, x[0],
                                                             createF32(b, l, beta));
                              });
    };
    bool accumulateC = c && alpha == 1.0f;
    Value init = accumulateC ? scaledC() : createFilled(rewriter, loc, type, 0.0);
    AffineExpr m = getAffineDimExpr(0, ctx), n = getAffineDimExpr(1, ctx),
               k = getAffineDimExpr(2, ctx);
    AffineMap aMap = AffineMap::get(3, 0,
                                    op.getTransA() ? ArrayRef<AffineExpr>{k, m}
                                                   : ArrayRef<AffineExpr>{m, k},
                                    ctx);
    AffineMap bMap = AffineMap::get(3, 0,
                                    op.getTransB() ? ArrayRef<AffineExpr>{n, k}
                                                   : ArrayRef<AffineExpr>{k, n},
                                    ctx);
    Value result = buildContraction(rewriter, loc, adaptor.getA(), adaptor.getB(),
                                    aMap, bMap, init);
    if (!accumulateC && (alpha != 1.0f || c)) {
      SmallVector<Value> inputs{result};
      if (c)
        inputs.push_back(scaledC());
      result = buildElementwise(
          rewriter, loc, type, inputs, [&](OpBuilder &b, Location l, ValueRange x) {
            Value r = arith::MulFOp::create(b, l, x[0], createF32(b, l, alpha));
            return x.size() > 1 ? Value(arith::AddFOp::create(b, l, r, x[1])) : r;
          });
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::dlc::populateLinearToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<MatMulToLinalg, GemmToLinalg>(patterns.getContext());
}
