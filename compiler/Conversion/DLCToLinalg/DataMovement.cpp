//===- DataMovement.cpp - dlc reshapes, transpose, concat, softmax ----------===//
//
// flatten/reshape become tensor collapse/expand (free after bufferization),
// transpose becomes linalg.transpose, concat a chain of insert_slices into
// one destination, and softmax the numerically stable max / exp-sum /
// divide sequence of generics along its axis.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "dlc/Conversion/DLCToLinalg/DLCToLinalg.h"
#include "dlc/Dialect/DLC/DLCOps.h"

#include <limits>

using namespace mlir;
using namespace mlir::dlc;

namespace {

template <typename OpTy>
struct ReshapeLikeToTensor : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, reshapeTo(rewriter, op.getLoc(), adaptor.getInput(),
                                     cast<RankedTensorType>(op.getType())));
    return success();
  }
};

struct TransposeToLinalg : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    Value init = createEmpty(rewriter, op.getLoc(), type);
    rewriter.replaceOp(op, linalg::TransposeOp::create(rewriter, op.getLoc(),
                                                       adaptor.getInput(), init,
                                                       op.getPerm())
                               .getResult()[0]);
    return success();
  }
};

struct ConcatToTensor : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    Value result = createEmpty(rewriter, loc, type);
    int64_t offset = 0;
    for (Value input : adaptor.getInputs()) {
      auto inType = tensorTypeOf(input);
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes, strides(rank, rewriter.getIndexAttr(1));
      for (int64_t d : inType.getShape())
        sizes.push_back(rewriter.getIndexAttr(d));
      offsets[axis] = rewriter.getIndexAttr(offset);
      result = tensor::InsertSliceOp::create(rewriter, loc, input, result, offsets,
                                             sizes, strides);
      offset += inType.getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// softmax(x) = exp(x - max(x)) / sum(exp(x - max(x))) along `axis`.
struct SoftmaxToLinalg : OpConversionPattern<SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;

  /// Reduces `input` along `axis` with `combine`, starting from `init`.
  static Value reduce(OpBuilder &b, Location loc, Value input, int64_t axis,
                      double init,
                      function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
    auto type = tensorTypeOf(input);
    int64_t rank = type.getRank();
    SmallVector<int64_t> shape;
    SmallVector<AffineExpr> exprs;
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis) {
        shape.push_back(type.getDimSize(d));
        exprs.push_back(b.getAffineDimExpr(d));
      }
    auto reducedType = RankedTensorType::get(shape, type.getElementType());
    SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
    iterators[axis] = utils::IteratorType::reduction;
    AffineMap outMap = AffineMap::get(rank, 0, exprs, b.getContext());
    return linalg::GenericOp::create(
               b, loc, reducedType, input, createFilled(b, loc, reducedType, init),
               ArrayRef<AffineMap>{b.getMultiDimIdentityMap(rank), outMap},
               iterators,
               [&](OpBuilder &nb, Location l, ValueRange x) {
                 linalg::YieldOp::create(nb, l, combine(nb, l, x[0], x[1]));
               })
        .getResult(0);
  }

  LogicalResult
  matchAndRewrite(SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    Value x = adaptor.getInput();
    Value max = reduce(rewriter, loc, x, axis,
                       -std::numeric_limits<double>::infinity(),
                       [](OpBuilder &b, Location l, Value v, Value acc) -> Value {
                         return arith::MaximumFOp::create(b, l, v, acc);
                       });
    SmallVector<AffineExpr> exprs;
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis)
        exprs.push_back(rewriter.getAffineDimExpr(d));
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap reduced = AffineMap::get(rank, 0, exprs, rewriter.getContext());
    Value exp = buildElementwise(rewriter, loc, type, {x, max}, {identity, reduced},
                                 [](OpBuilder &b, Location l, ValueRange v) {
                                   return math::ExpOp::create(
                                       b, l, arith::SubFOp::create(b, l, v[0], v[1]));
                                 });
    Value sum = reduce(rewriter, loc, exp, axis, 0.0,
                       [](OpBuilder &b, Location l, Value v, Value acc) -> Value {
                         return arith::AddFOp::create(b, l, v, acc);
                       });
    rewriter.replaceOp(op, buildElementwise(rewriter, loc, type, {exp, sum},
                                            {identity, reduced},
                                            [](OpBuilder &b, Location l, ValueRange v) {
                                              return arith::DivFOp::create(b, l, v[0],
                                                                           v[1]);
                                            }));
    return success();
  }
};

} // namespace

void mlir::dlc::populateDataMovementToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ReshapeLikeToTensor<FlattenOp>, ReshapeLikeToTensor<ReshapeOp>,
               TransposeToLinalg, ConcatToTensor, SoftmaxToLinalg>(
      patterns.getContext());
}
