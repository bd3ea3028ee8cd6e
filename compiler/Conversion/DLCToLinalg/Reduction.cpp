//===- Reduction.cpp - dlc reductions, log_softmax and maxout to linalg ----===//
//
// Every op here reduces along some dimensions of its input:
//
//   reduce_{sum,mean,max,min,l2}  a linalg.generic with reduction iterators
//                                 into the kept dimensions, then mean's
//                                 division or l2's sqrt elementwise, then an
//                                 expand_shape that re-inserts the unit dims
//                                 when `keepdims` is set;
//   log_softmax                   max along the axis, sum of exp(x - max),
//                                 then x - max - log(sum) elementwise;
//   maxout                        the input expanded to [N, C, k, ...], then
//                                 one linalg.generic over [N, C, ..., k]
//                                 with the max and the first arg-max as its
//                                 two reduction outputs.
//
// The reduced results stay rank-reduced inside (projected-permutation output
// maps), which the elementwise fusion and the loop lowering handle.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "dlc/Conversion/DLCToLinalg/DLCToLinalg.h"
#include "dlc/Dialect/DLC/ActivationOps.h"
#include "dlc/Dialect/DLC/ReductionOps.h"

#include <limits>

using namespace mlir;
using namespace mlir::dlc;

namespace {

using CombineFn = function_ref<Value(OpBuilder &, Location, Value, Value)>;

/// Reduces `input` over the dims flagged in `reduced` into a tensor of the
/// other dims (in order), starting from `init`: acc = combine(x, acc) where
/// `prepare` (if any) maps the element first.
Value reduceDims(OpBuilder &b, Location loc, Value input, ArrayRef<bool> reduced,
                 double init, CombineFn combine,
                 function_ref<Value(OpBuilder &, Location, Value)> prepare = nullptr) {
  auto type = tensorTypeOf(input);
  int64_t rank = type.getRank();
  SmallVector<int64_t> shape;
  SmallVector<AffineExpr> exprs;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t d = 0; d < rank; ++d) {
    iterators.push_back(reduced[d] ? utils::IteratorType::reduction
                                   : utils::IteratorType::parallel);
    if (!reduced[d]) {
      shape.push_back(type.getDimSize(d));
      exprs.push_back(b.getAffineDimExpr(d));
    }
  }
  auto reducedType = RankedTensorType::get(shape, type.getElementType());
  AffineMap outMap = AffineMap::get(rank, 0, exprs, b.getContext());
  return linalg::GenericOp::create(
             b, loc, reducedType, input, createFilled(b, loc, reducedType, init),
             ArrayRef<AffineMap>{b.getMultiDimIdentityMap(rank), outMap}, iterators,
             [&](OpBuilder &nb, Location l, ValueRange x) {
               Value v = prepare ? prepare(nb, l, x[0]) : x[0];
               linalg::YieldOp::create(nb, l, combine(nb, l, v, x[1]));
             })
      .getResult(0);
}

/// The map from the full iteration space to the dims not flagged in `reduced`.
AffineMap keptDimsMap(MLIRContext *ctx, ArrayRef<bool> reduced) {
  SmallVector<AffineExpr> exprs;
  for (auto [d, r] : llvm::enumerate(reduced))
    if (!r)
      exprs.push_back(getAffineDimExpr(d, ctx));
  return AffineMap::get(reduced.size(), 0, exprs, ctx);
}

Value addF(OpBuilder &b, Location l, Value v, Value acc) {
  return arith::AddFOp::create(b, l, v, acc);
}
Value maxF(OpBuilder &b, Location l, Value v, Value acc) {
  return arith::MaximumFOp::create(b, l, v, acc);
}
Value minF(OpBuilder &b, Location l, Value v, Value acc) {
  return arith::MinimumFOp::create(b, l, v, acc);
}

enum class Kind { Sum, Mean, Max, Min, L2 };

template <typename OpTy, Kind kind>
struct ReduceToLinalg : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inType = tensorTypeOf(input);
    int64_t rank = inType.getRank();
    ArrayRef<int64_t> axes = op.getAxes();
    SmallVector<bool> reduced(rank, axes.empty());
    for (int64_t axis : axes)
      reduced[axis < 0 ? axis + rank : axis] = true;
    int64_t count = 1;
    for (int64_t d = 0; d < rank; ++d)
      if (reduced[d])
        count *= inType.getDimSize(d);

    Value result;
    switch (kind) {
    case Kind::Sum:
    case Kind::Mean:
      result = reduceDims(rewriter, loc, input, reduced, 0.0, addF);
      break;
    case Kind::Max:
      result = reduceDims(rewriter, loc, input, reduced,
                          -std::numeric_limits<double>::infinity(), maxF);
      break;
    case Kind::Min:
      result = reduceDims(rewriter, loc, input, reduced,
                          std::numeric_limits<double>::infinity(), minF);
      break;
    case Kind::L2:
      result = reduceDims(rewriter, loc, input, reduced, 0.0, addF,
                          [](OpBuilder &b, Location l, Value x) -> Value {
                            return arith::MulFOp::create(b, l, x, x);
                          });
      break;
    }
    auto reducedType = tensorTypeOf(result);
    if (kind == Kind::Mean)
      result = buildElementwise(rewriter, loc, reducedType, result,
                                [&](OpBuilder &b, Location l, ValueRange x) {
                                  return arith::DivFOp::create(
                                      b, l, x[0], createF32(b, l, double(count)));
                                });
    if (kind == Kind::L2)
      result = buildElementwise(rewriter, loc, reducedType, result,
                                [](OpBuilder &b, Location l, ValueRange x) {
                                  return math::SqrtOp::create(b, l, x[0]);
                                });
    auto outType = cast<RankedTensorType>(op.getType());
    if (outType != reducedType)
      result = reshapeTo(rewriter, loc, result, outType);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// y = x - max - log(sum(exp(x - max))) along the axis.
struct LogSoftmaxToLinalg : OpConversionPattern<LogSoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LogSoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    SmallVector<bool> reduced(rank, false);
    reduced[axis] = true;
    Value x = adaptor.getInput();
    Value max = reduceDims(rewriter, loc, x, reduced,
                           -std::numeric_limits<double>::infinity(), maxF);
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap kept = keptDimsMap(rewriter.getContext(), reduced);
    // exp(x - max) is computed inside the sum's body, never materialized.
    auto sumType = tensorTypeOf(max);
    SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
    iterators[axis] = utils::IteratorType::reduction;
    Value sum =
        linalg::GenericOp::create(
            rewriter, loc, sumType, ValueRange{x, max},
            ValueRange{createFilled(rewriter, loc, sumType, 0.0)},
            ArrayRef<AffineMap>{identity, kept, kept}, iterators,
            [](OpBuilder &b, Location l, ValueRange v) {
              Value e =
                  math::ExpOp::create(b, l, arith::SubFOp::create(b, l, v[0], v[1]));
              linalg::YieldOp::create(b, l, ValueRange{addF(b, l, e, v[2])});
            })
            .getResult(0);
    Value logSum = buildElementwise(rewriter, loc, sumType, sum,
                                    [](OpBuilder &b, Location l, ValueRange v) {
                                      return math::LogOp::create(b, l, v[0]);
                                    });
    Value result = buildElementwise(
        rewriter, loc, type, {x, max, logSum}, {identity, kept, kept},
        [](OpBuilder &b, Location l, ValueRange v) {
          return arith::SubFOp::create(b, l, arith::SubFOp::create(b, l, v[0], v[1]),
                                       v[2]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Iterates [N, C, rest..., k] (k innermost, a reduction) and reads input
/// channel c*k + j through the [N, C, k, rest...] view. The running
/// (max, index) pair is replaced when the new element is greater, or is the
/// first NaN of the group: ties keep the lowest j and a NaN wins and stays,
/// like torch.max.
struct MaxoutToLinalg : OpConversionPattern<MaxoutOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxoutOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto outType = cast<RankedTensorType>(op.getOutput().getType());
    auto indexType = cast<RankedTensorType>(op.getIndices().getType());
    int64_t rank = outType.getRank();
    int64_t pieces = static_cast<int64_t>(op.getPieces());
    // View the input as [N, C, k, rest...] (channel c*k + j is (c, j)): the
    // loops-to-shapes map of a linalg op must be invertible, which the
    // direct read of channel c*k + j is not.
    SmallVector<int64_t> grouped(outType.getShape());
    grouped.insert(grouped.begin() + 2, pieces);
    SmallVector<ReassociationIndices> reassociation = {{0}, {1, 2}};
    for (int64_t d = 2; d < rank; ++d)
      reassociation.push_back({d + 1});
    Value input = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get(grouped, outType.getElementType()),
        adaptor.getInput(), reassociation);
    SmallVector<AffineExpr> inExprs, outExprs;
    for (int64_t d = 0; d < rank; ++d) {
      outExprs.push_back(getAffineDimExpr(d, ctx));
      inExprs.push_back(getAffineDimExpr(d, ctx));
    }
    inExprs.insert(inExprs.begin() + 2, getAffineDimExpr(rank, ctx));
    AffineMap inMap = AffineMap::get(rank + 1, 0, inExprs, ctx);
    AffineMap outMap = AffineMap::get(rank + 1, 0, outExprs, ctx);
    SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    Value initMax = createFilled(rewriter, loc, outType,
                                 -std::numeric_limits<double>::infinity());
    Value initIndex = linalg::FillOp::create(
                          rewriter, loc,
                          ValueRange{arith::ConstantIntOp::create(rewriter, loc, 0, 64)},
                          ValueRange{createEmpty(rewriter, loc, indexType)})
                          .getResult(0);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{outType, indexType}, ValueRange{input},
        ValueRange{initMax, initIndex}, ArrayRef<AffineMap>{inMap, outMap, outMap},
        iterators, [&](OpBuilder &b, Location l, ValueRange v) {
          Value j = arith::IndexCastOp::create(b, l, b.getI64Type(),
                                               linalg::IndexOp::create(b, l, rank));
          auto [max, index] = argMaxStep(b, l, v[0], j, v[1], v[2]);
          linalg::YieldOp::create(b, l, ValueRange{max, index});
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

} // namespace

void mlir::dlc::populateReductionToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ReduceToLinalg<ReduceSumOp, Kind::Sum>,
               ReduceToLinalg<ReduceMeanOp, Kind::Mean>,
               ReduceToLinalg<ReduceMaxOp, Kind::Max>,
               ReduceToLinalg<ReduceMinOp, Kind::Min>,
               ReduceToLinalg<ReduceL2Op, Kind::L2>, LogSoftmaxToLinalg,
               MaxoutToLinalg>(patterns.getContext());
}
