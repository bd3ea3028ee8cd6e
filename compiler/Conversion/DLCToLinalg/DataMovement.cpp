//===- DataMovement.cpp - dlc reshapes, transpose, concat, slices, pad -----===//
//
// flatten/reshape become tensor collapse/expand (free after bufferization),
// transpose becomes linalg.transpose, concat a chain of insert_slices into
// one destination, and softmax the numerically stable max / exp-sum /
// divide sequence of generics along its axis. split and slice are
// extract_slices (a negative step adds a reversing copy), constant padding
// is tensor.pad, channel shuffle is expand / transpose / collapse. The
// data-dependent reads (gather, reflect/edge padding) are generics over the
// output whose bodies clamp their indices and use tensor.extract; gather's
// adjoint scatter_add is a loop nest accumulating with tensor.insert. expand is
// a copy generic with the broadcast indexing map, cast an elementwise
// generic around fptosi/sitofp.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "dlc/Conversion/DLCToLinalg/DLCToLinalg.h"
#include "dlc/Dialect/DLC/DLCOps.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

#include <cstdlib>
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

//===----------------------------------------------------------------------===//
// split, slice
//===----------------------------------------------------------------------===//

SmallVector<OpFoldResult> indexAttrs(OpBuilder &b, ArrayRef<int64_t> values) {
  SmallVector<OpFoldResult> attrs;
  for (int64_t v : values)
    attrs.push_back(b.getIndexAttr(v));
  return attrs;
}

/// One tensor.extract_slice per result, at the running offset along `axis`.
struct SplitToTensor : OpConversionPattern<SplitOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SplitOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto inType = tensorTypeOf(adaptor.getInput());
    int64_t rank = inType.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    SmallVector<Value> results;
    SmallVector<int64_t> offsets(rank, 0), strides(rank, 1);
    for (Value result : op.getResults()) {
      auto type = cast<RankedTensorType>(result.getType());
      results.push_back(tensor::ExtractSliceOp::create(
          rewriter, op.getLoc(), type, adaptor.getInput(),
          indexAttrs(rewriter, offsets), indexAttrs(rewriter, type.getShape()),
          indexAttrs(rewriter, strides)));
      offsets[axis] += type.getDimSize(axis);
    }
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// Copies `input` into `type` with each dim in `reversed` read backwards.
Value reverseDims(OpBuilder &b, Location loc, Value input, ArrayRef<bool> reversed) {
  auto type = tensorTypeOf(input);
  int64_t rank = type.getRank();
  SmallVector<AffineExpr> exprs;
  for (int64_t i = 0; i < rank; ++i) {
    AffineExpr d = b.getAffineDimExpr(i);
    exprs.push_back(reversed[i] ? type.getDimSize(i) - 1 - d : d);
  }
  return buildElementwise(b, loc, type, input,
                          {AffineMap::get(rank, 0, exprs, b.getContext())},
                          [](OpBuilder &, Location, ValueRange x) { return x[0]; });
}

/// A positive-stride tensor.extract_slice covering the selected elements;
/// axes with a negative step start from their last selected element and are
/// reversed afterwards.
struct SliceToTensor : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inType = tensorTypeOf(adaptor.getInput());
    auto bounds = computeSliceBounds(std::nullopt, inType.getShape(), op.getStarts(),
                                     op.getEnds(), op.getAxes(), op.getSteps());
    if (failed(bounds))
      return rewriter.notifyMatchFailure(op, "invalid slice bounds");
    SmallVector<int64_t> offsets, sizes, strides;
    SmallVector<bool> reversed;
    for (const SliceAxisBounds &axis : *bounds) {
      bool backwards = axis.step < 0 && axis.size > 1;
      offsets.push_back(backwards ? axis.start + (axis.size - 1) * axis.step
                                  : axis.start);
      sizes.push_back(axis.size);
      // With two or more elements |step| < extent; a single element needs
      // no stride (and |INT64_MIN| would not fit).
      strides.push_back(axis.size > 1 ? std::abs(axis.step) : 1);
      reversed.push_back(backwards);
    }
    auto type = cast<RankedTensorType>(op.getType());
    Value result = tensor::ExtractSliceOp::create(
        rewriter, loc, type, adaptor.getInput(), indexAttrs(rewriter, offsets),
        indexAttrs(rewriter, sizes), indexAttrs(rewriter, strides));
    if (llvm::is_contained(reversed, true))
      result = reverseDims(rewriter, loc, result, reversed);
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// gather
//===----------------------------------------------------------------------===//

/// The slot an i64 index `idx` selects along an axis of `extent` (as an
/// index): plus `extent` when negative, then clamped to [0, extent - 1].
/// gather reads and scatter_add writes there.
Value wrapAndClamp(OpBuilder &b, Location loc, Value idx, int64_t extent) {
  auto i64 = [&](int64_t v) {
    return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v));
  };
  Value zero = i64(0);
  Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, idx, zero);
  Value wrapped = arith::SelectOp::create(
      b, loc, negative, arith::AddIOp::create(b, loc, idx, i64(extent)), idx);
  Value clamped = arith::MinSIOp::create(
      b, loc, arith::MaxSIOp::create(b, loc, wrapped, zero), i64(extent - 1));
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), clamped);
}

/// A generic over the output reading `indices` through its dims
/// [axis, axis + q) and `data` with tensor.extract at the wrapped, clamped
/// index.
struct GatherToLinalg : OpConversionPattern<GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value data = adaptor.getData();
    auto dataType = tensorTypeOf(data);
    auto indicesType = tensorTypeOf(adaptor.getIndices());
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = dataType.getRank(), q = indicesType.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    int64_t extent = dataType.getDimSize(axis);
    SmallVector<AffineExpr> indexExprs;
    for (int64_t i = 0; i < q; ++i)
      indexExprs.push_back(rewriter.getAffineDimExpr(axis + i));
    AffineMap indicesMap =
        AffineMap::get(type.getRank(), 0, indexExprs, rewriter.getContext());
    Value result = buildElementwise(
        rewriter, loc, type, adaptor.getIndices(), {indicesMap},
        [&](OpBuilder &b, Location l, ValueRange x) {
          Value at = wrapAndClamp(b, l, x[0], extent);
          SmallVector<Value> coords;
          for (int64_t i = 0; i < axis; ++i)
            coords.push_back(linalg::IndexOp::create(b, l, i));
          coords.push_back(at);
          for (int64_t i = axis + 1; i < rank; ++i)
            coords.push_back(linalg::IndexOp::create(b, l, i - 1 + q));
          return tensor::ExtractOp::create(b, l, data, coords);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// A sequential scf.for nest over the index positions, each adding its
/// slice of updates into the row its (wrapped, clamped) index selects.
/// Positions that repeat an index write the same row, so they cannot run in
/// parallel without atomics. The parallel form, a generic over the result
/// whose rows each sum the positions selecting them through a compare, does
/// `size` times the work: quadratic for an embedding table's gradient.
struct ScatterAddToLoops : OpConversionPattern<ScatterAddOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ScatterAddOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    auto type = cast<RankedTensorType>(op.getType());
    auto indicesType = tensorTypeOf(adaptor.getIndices());
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += type.getRank();
    ArrayRef<int64_t> shape = type.getShape();
    int64_t outer = 1, inner = 1, size = shape[axis];
    for (int64_t d = 0; d < axis; ++d)
      outer *= shape[d];
    for (int64_t d = axis + 1; d < type.getRank(); ++d)
      inner *= shape[d];
    int64_t positions = indicesType.getNumElements();
    // [outer, positions, inner] into [outer, size, inner].
    Type f32 = b.getF32Type();
    Value updates = reshapeTo(b, loc, adaptor.getUpdates(),
                              RankedTensorType::get({outer, positions, inner}, f32));
    Value indices = reshapeTo(b, loc, adaptor.getIndices(),
                              RankedTensorType::get({positions}, b.getI64Type()));
    Value init =
        createFilled(b, loc, RankedTensorType::get({outer, size, inner}, f32), 0.0);
    auto cst = [&](int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); };
    Value c0 = cst(0), c1 = cst(1);
    auto forLoop = [&](OpBuilder &b, Location l, int64_t upper, Value acc,
                       function_ref<Value(OpBuilder &, Location, Value, Value)> body) {
      return scf::ForOp::create(b, l, c0, cst(upper), c1, ValueRange{acc},
                                [&](OpBuilder &b, Location l, Value iv, ValueRange args) {
                                  scf::YieldOp::create(b, l, body(b, l, iv, args[0]));
                                })
          .getResult(0);
    };
    Value result = forLoop(b, loc, positions, init, [&](OpBuilder &b, Location l, Value p,
                                                         Value acc) {
      Value row = wrapAndClamp(b, l, tensor::ExtractOp::create(b, l, indices, p), size);
      return forLoop(b, l, outer, acc, [&](OpBuilder &b, Location l, Value o, Value acc) {
        return forLoop(b, l, inner, acc, [&](OpBuilder &b, Location l, Value i, Value acc) {
          Value u = tensor::ExtractOp::create(b, l, updates, ValueRange{o, p, i});
          Value sum = arith::AddFOp::create(
              b, l, tensor::ExtractOp::create(b, l, acc, ValueRange{o, row, i}), u);
          return tensor::InsertOp::create(b, l, sum, acc, ValueRange{o, row, i}).getResult();
        });
      });
    });
    rewriter.replaceOp(op, reshapeTo(b, loc, result, type));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// pad
//===----------------------------------------------------------------------===//

/// "constant": crop the negative pads with extract_slice, then tensor.pad.
/// "reflect"/"edge": a generic over the output whose body maps each output
/// index back into the input and reads it with tensor.extract.
struct PadToTensor : OpConversionPattern<PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inType = tensorTypeOf(input);
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = inType.getRank();
    ArrayRef<int64_t> pads = op.getPads();
    if (op.getMode() == "constant") {
      SmallVector<int64_t> offsets, sizes, strides(rank, 1), low, high;
      for (int64_t i = 0; i < rank; ++i) {
        int64_t begin = pads[i], end = pads[rank + i];
        offsets.push_back(std::max<int64_t>(-begin, 0));
        sizes.push_back(inType.getDimSize(i) + std::min<int64_t>(begin, 0) +
                        std::min<int64_t>(end, 0));
        low.push_back(std::max<int64_t>(begin, 0));
        high.push_back(std::max<int64_t>(end, 0));
      }
      Value cropped = input;
      if (llvm::any_of(pads, [](int64_t p) { return p < 0; }))
        cropped = tensor::ExtractSliceOp::create(
            rewriter, loc, RankedTensorType::get(sizes, rewriter.getF32Type()), input,
            indexAttrs(rewriter, offsets), indexAttrs(rewriter, sizes),
            indexAttrs(rewriter, strides));
      Value result = cropped;
      if (llvm::any_of(pads, [](int64_t p) { return p > 0; }))
        result = tensor::PadOp::create(
            rewriter, loc, type, cropped, indexAttrs(rewriter, low),
            indexAttrs(rewriter, high),
            createF32(rewriter, loc, op.getValue().convertToFloat()));
      rewriter.replaceOp(op, result);
      return success();
    }
    bool reflect = op.getMode() == "reflect";
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, ValueRange{}, createEmpty(rewriter, loc, type),
        ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(rank)},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> coords;
          for (int64_t i = 0; i < rank; ++i) {
            int64_t d = inType.getDimSize(i);
            auto cst = [&](int64_t v) { return arith::ConstantIndexOp::create(b, l, v); };
            // s = o - begin, in signed index arithmetic.
            Value s = arith::SubIOp::create(b, l, linalg::IndexOp::create(b, l, i),
                                            cst(pads[i]));
            Value zero = cst(0), last = cst(d - 1);
            if (reflect) {
              // s < 0 -> -s; s > d - 1 -> 2 (d - 1) - s.
              Value neg = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, s, zero);
              s = arith::SelectOp::create(b, l, neg, arith::SubIOp::create(b, l, zero, s), s);
              Value past = arith::CmpIOp::create(b, l, arith::CmpIPredicate::sgt, s, last);
              s = arith::SelectOp::create(
                  b, l, past, arith::SubIOp::create(b, l, cst(2 * (d - 1)), s), s);
            }
            // Edge: clamp; reflect: a no-op that keeps every read in bounds.
            s = arith::MinSIOp::create(b, l, arith::MaxSIOp::create(b, l, s, zero), last);
            coords.push_back(s);
          }
          linalg::YieldOp::create(b, l, Value(tensor::ExtractOp::create(b, l, input, coords)));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// channel_shuffle
//===----------------------------------------------------------------------===//

/// [N, C, ...] -> [N, g, C/g, ...] -> transpose(1, 2) -> [N, C, ...].
struct ChannelShuffleToLinalg : OpConversionPattern<ChannelShuffleOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ChannelShuffleOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = tensorTypeOf(adaptor.getInput());
    auto groups = static_cast<int64_t>(op.getGroups());
    SmallVector<int64_t> grouped{type.getDimSize(0), groups, type.getDimSize(1) / groups};
    grouped.append(type.getShape().begin() + 2, type.getShape().end());
    SmallVector<int64_t> swapped(grouped), perm;
    std::swap(swapped[1], swapped[2]);
    for (int64_t i = 0; i < static_cast<int64_t>(grouped.size()); ++i)
      perm.push_back(i);
    std::swap(perm[1], perm[2]);
    Value expanded = reshapeTo(rewriter, loc, adaptor.getInput(),
                               RankedTensorType::get(grouped, type.getElementType()));
    auto swappedType = RankedTensorType::get(swapped, type.getElementType());
    Value transposed =
        linalg::TransposeOp::create(rewriter, loc, expanded,
                                    createEmpty(rewriter, loc, swappedType), perm)
            .getResult()[0];
    rewriter.replaceOp(op, reshapeTo(rewriter, loc, transposed, type));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// expand, cast
//===----------------------------------------------------------------------===//

/// A copy generic over the output that reads the input through the NumPy
/// broadcast map (unit input dims read index 0, missing leading dims are
/// not read).
struct ExpandToLinalg : OpConversionPattern<ExpandOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ExpandOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, buildElementwise(
                               rewriter, op.getLoc(),
                               cast<RankedTensorType>(op.getType()),
                               adaptor.getInput(),
                               [](OpBuilder &, Location, ValueRange x) { return x[0]; }));
    return success();
  }
};

/// An elementwise generic around arith.fptosi / arith.sitofp. fptosi is
/// poison outside the i64 range, so such inputs (and NaN) convert a
/// substituted 0 and yield INT64_MIN instead, as x86's cvttss2si does.
struct CastToLinalg : OpConversionPattern<CastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    Value input = adaptor.getInput();
    if (tensorTypeOf(input) == type) {
      rewriter.replaceOp(op, input);
      return success();
    }
    Type element = type.getElementType();
    Value result = buildElementwise(
        rewriter, op.getLoc(), type, input,
        [&](OpBuilder &b, Location l, ValueRange x) -> Value {
          if (isa<FloatType>(element))
            return arith::SIToFPOp::create(b, l, element, x[0]);
          // -2^63 <= x < 2^63, false for NaN.
          Value low = createF32(b, l, -0x1p63), high = createF32(b, l, 0x1p63);
          Value aboveLow =
              arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGE, x[0], low);
          Value belowHigh =
              arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, x[0], high);
          Value inRange = arith::AndIOp::create(b, l, aboveLow, belowHigh);
          Value zero = createF32(b, l, 0.0);
          Value safe = arith::SelectOp::create(b, l, inRange, x[0], zero);
          Value converted = arith::FPToSIOp::create(b, l, element, safe);
          Value invalid = arith::ConstantIntOp::create(
              b, l, std::numeric_limits<int64_t>::min(), 64);
          return arith::SelectOp::create(b, l, inRange, converted, invalid);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::dlc::populateDataMovementToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ReshapeLikeToTensor<FlattenOp>, ReshapeLikeToTensor<ReshapeOp>,
               TransposeToLinalg, ConcatToTensor, SoftmaxToLinalg, SplitToTensor,
               SliceToTensor, GatherToLinalg, ScatterAddToLoops, PadToTensor,
               ChannelShuffleToLinalg, ExpandToLinalg, CastToLinalg>(
      patterns.getContext());
}
