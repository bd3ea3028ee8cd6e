//===- LoweringUtils.cpp - helpers shared by the dlc-to-linalg files --------===//
//
// See LoweringUtils.h.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

using namespace mlir;
using namespace mlir::dlc;

Value mlir::dlc::createEmpty(OpBuilder &b, Location loc, RankedTensorType type) {
  return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
}

Value mlir::dlc::createF32(OpBuilder &b, Location loc, double value) {
  return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(value));
}

Value mlir::dlc::createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                              double value) {
  Value empty = createEmpty(b, loc, type);
  return linalg::FillOp::create(b, loc, createF32(b, loc, value), empty).getResult(0);
}

AffineMap mlir::dlc::broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> in,
                                  ArrayRef<int64_t> out) {
  SmallVector<AffineExpr> exprs;
  size_t offset = out.size() - in.size();
  for (size_t i = 0; i < in.size(); ++i) {
    bool broadcast = in[i] == 1 && out[i + offset] != 1;
    exprs.push_back(broadcast ? getAffineConstantExpr(0, ctx)
                              : getAffineDimExpr(i + offset, ctx));
  }
  return AffineMap::get(out.size(), 0, exprs, ctx);
}

SmallVector<Value> mlir::dlc::buildElementwise(OpBuilder &b, Location loc,
                                               TypeRange resultTypes,
                                               ValueRange inputs,
                                               ArrayRef<AffineMap> inputMaps,
                                               ScalarBodiesFn body) {
  int64_t rank = cast<RankedTensorType>(resultTypes.front()).getRank();
  SmallVector<AffineMap> maps(inputMaps);
  SmallVector<Value> inits;
  for (Type type : resultTypes) {
    maps.push_back(b.getMultiDimIdentityMap(rank));
    inits.push_back(createEmpty(b, loc, cast<RankedTensorType>(type)));
  }
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, resultTypes, inputs, inits, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        linalg::YieldOp::create(nb, nloc,
                                body(nb, nloc, args.drop_back(resultTypes.size())));
      });
  return generic.getResults();
}

Value mlir::dlc::buildElementwise(OpBuilder &b, Location loc,
                                  RankedTensorType resultType, ValueRange inputs,
                                  ArrayRef<AffineMap> inputMaps,
                                  ScalarBodyFn body) {
  return buildElementwise(b, loc, TypeRange{resultType}, inputs, inputMaps,
                          [&](OpBuilder &nb, Location nloc, ValueRange args) {
                            return SmallVector<Value>{body(nb, nloc, args)};
                          })
      .front();
}

Value mlir::dlc::buildElementwise(OpBuilder &b, Location loc,
                                  RankedTensorType resultType, ValueRange inputs,
                                  ScalarBodyFn body) {
  SmallVector<AffineMap> maps;
  for (Value in : inputs)
    maps.push_back(broadcastMap(b.getContext(), tensorTypeOf(in).getShape(),
                                resultType.getShape()));
  return buildElementwise(b, loc, resultType, inputs, maps, body);
}

std::pair<Value, Value> mlir::dlc::argMaxStep(OpBuilder &b, Location loc, Value x,
                                              Value index, Value best,
                                              Value bestIndex, Value force) {
  Value greater = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, best);
  Value xNaN = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
  Value bestOrdered =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ORD, best, best);
  Value firstNaN = arith::AndIOp::create(b, loc, xNaN, bestOrdered);
  Value take = arith::OrIOp::create(b, loc, greater, firstNaN);
  if (force)
    take = arith::OrIOp::create(b, loc, take, force);
  Value newBest = arith::SelectOp::create(b, loc, take, x, best);
  Value newIndex = arith::SelectOp::create(b, loc, take, index, bestIndex);
  return {newBest, newIndex};
}

std::pair<Value, Value> mlir::dlc::windowOfTap(OpBuilder &b, Location loc, Value pos,
                                               Value tap, int64_t stride, int64_t pad,
                                               int64_t dilation, int64_t windows) {
  auto index = [&](int64_t v) -> Value { return arith::ConstantIndexOp::create(b, loc, v); };
  Value zero = index(0);
  Value t = arith::SubIOp::create(b, loc, arith::AddIOp::create(b, loc, pos, index(pad)),
                                  arith::MulIOp::create(b, loc, tap, index(dilation)));
  Value window = arith::DivSIOp::create(b, loc, t, index(stride));
  Value onStride = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::eq, arith::RemSIOp::create(b, loc, t, index(stride)),
      zero);
  Value inRange = arith::AndIOp::create(
      b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, t, zero),
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, window, index(windows)));
  Value valid = arith::AndIOp::create(b, loc, onStride, inRange);
  return {arith::SelectOp::create(b, loc, valid, window, zero), valid};
}

Value mlir::dlc::reshapeTo(OpBuilder &b, Location loc, Value value,
                           RankedTensorType type) {
  auto source = tensorTypeOf(value);
  if (source == type)
    return value;
  if (auto reassociation =
          getReassociationIndicesForReshape(source, type)) {
    if (source.getRank() > type.getRank())
      return tensor::CollapseShapeOp::create(b, loc, type, value, *reassociation);
    return tensor::ExpandShapeOp::create(b, loc, type, value, *reassociation);
  }
  // General case: through a 1-D tensor.
  auto flat = RankedTensorType::get({source.getNumElements()},
                                    source.getElementType());
  Value collapsed = value;
  if (source.getRank() != 1) {
    SmallVector<ReassociationIndices> all(1);
    for (int64_t i = 0; i < source.getRank(); ++i)
      all[0].push_back(i);
    collapsed = tensor::CollapseShapeOp::create(b, loc, flat, value, all);
  }
  if (type.getRank() == 1)
    return collapsed;
  SmallVector<ReassociationIndices> all(1);
  for (int64_t i = 0; i < type.getRank(); ++i)
    all[0].push_back(i);
  return tensor::ExpandShapeOp::create(b, loc, type, collapsed, all);
}

Value mlir::dlc::padSpatial(OpBuilder &b, Location loc, Value input,
                            ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                            double value) {
  auto type = tensorTypeOf(input);
  if (llvm::all_of(low, [](int64_t v) { return v == 0; }) &&
      llvm::all_of(high, [](int64_t v) { return v == 0; }))
    return input;
  int64_t rank = type.getRank();
  SmallVector<OpFoldResult> lo(rank, b.getIndexAttr(0)), hi(rank, b.getIndexAttr(0));
  SmallVector<int64_t> shape(type.getShape());
  for (size_t i = 0; i < low.size(); ++i) {
    int64_t d = rank - low.size() + i;
    lo[d] = b.getIndexAttr(low[i]);
    hi[d] = b.getIndexAttr(high[i]);
    shape[d] += low[i] + high[i];
  }
  auto padded = RankedTensorType::get(shape, type.getElementType());
  return tensor::PadOp::create(b, loc, padded, input, lo, hi,
                               createF32(b, loc, value));
}
