//===- Pooling.cpp - dlc pooling to linalg ----------------------------------===//
//
// max/avg pooling pad the input explicitly (with -inf for max, 0 for avg),
// including the extra end rows/columns that ceil_mode windows reach, then use
// linalg's NCHW pooling ops; max pooling with indices pads the same way and
// is one generic carrying the running maximum and its flat input index.
// Average pooling multiplies by a per-position reciprocal divisor computed
// at compile time from PyTorch's counting rule, which covers
// count_include_pad both ways and ceil_mode in one mechanism.
// Global max pooling is one reduction generic. Adaptive pooling and ROI
// pooling are separable (a rectangle's max or sum is the max or sum over
// its rows of the per-row results), so each is two masked reductions:
// first along the width into [.., H, OW], then along the height.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "PoolingUtils.h"
#include "dlc/Conversion/DLCToLinalg/DLCToLinalg.h"
#include "dlc/Dialect/DLC/DLCOps.h"
#include "dlc/Dialect/DLC/ShapeUtils.h"

#include <limits>

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// Padding at the end of each spatial dim so that every output window lies
/// inside the padded input: at least the declared padding... but only as much
/// as the windows actually reach (ceil_mode may need more, a large declared
/// end padding may need less).
SmallVector<int64_t> effectiveEndPad(RankedTensorType in, RankedTensorType out,
                                     ArrayRef<int64_t> kernel,
                                     ArrayRef<int64_t> strides,
                                     ArrayRef<int64_t> padding,
                                     ArrayRef<int64_t> dilations) {
  SmallVector<int64_t> end(2);
  for (int i = 0; i < 2; ++i) {
    int64_t reach = (out.getDimSize(2 + i) - 1) * strides[i] +
                    dilations[i] * (kernel[i] - 1) + 1;
    end[i] = std::max<int64_t>(0, reach - in.getDimSize(2 + i) - padding[i]);
  }
  return end;
}

/// Pads `input` with `padValue`: the explicit padding at the start, as much
/// as the windows of `outType` reach at the end.
Value padForWindows(OpBuilder &b, Location loc, Value input,
                    RankedTensorType outType, ArrayRef<int64_t> kernel,
                    ArrayRef<int64_t> strides, ArrayRef<int64_t> padding,
                    ArrayRef<int64_t> dilations, double padValue) {
  auto end = effectiveEndPad(tensorTypeOf(input), outType, kernel, strides, padding,
                             dilations);
  return padSpatial(b, loc, input, {padding[0], padding[1]}, end, padValue);
}

/// Pads `input` with `padValue` (padForWindows) and applies the NCHW pooling
/// op `PoolOp` whose accumulator starts at `padValue`.
template <typename PoolOp>
Value buildPool(OpBuilder &b, Location loc, Value input, RankedTensorType outType,
                ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                ArrayRef<int64_t> padding, ArrayRef<int64_t> dilations,
                double padValue) {
  Value padded = padForWindows(b, loc, input, outType, kernel, strides, padding,
                               dilations, padValue);
  Value window = tensor::EmptyOp::create(b, loc, kernel, b.getF32Type());
  Value init = createFilled(b, loc, outType, padValue);
  return PoolOp::create(b, loc, TypeRange{outType}, ValueRange{padded, window},
                        ValueRange{init}, b.getI64VectorAttr(strides),
                        b.getI64VectorAttr(dilations))
      .getResult(0);
}

struct MaxPool2DToLinalg : OpConversionPattern<MaxPool2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outType = cast<RankedTensorType>(op.getType());
    Value pool = buildPool<linalg::PoolingNchwMaxOp>(
        rewriter, op.getLoc(), adaptor.getInput(), outType, op.getKernelShape(),
        op.getStrides(), op.getPadding(), op.getDilations(),
        -std::numeric_limits<double>::infinity());
    rewriter.replaceOp(op, pool);
    return success();
  }
};

/// max_pool2d_with_indices: the input padded with -inf as for max_pool2d,
/// then one generic over (n, c, oh, ow, kh, kw) (the window taps are
/// reductions, kw innermost: scan order) reading padded[n, c, oh * s0 +
/// kh * d0, ow * s1 + kw * d1] and carrying the running (max, flat index)
/// pair. As in maxout's arg-max (argMaxStep), the pair is replaced when the
/// tap is greater or the first NaN; it is also replaced at the first tap
/// inside the input while the index is still -1, so that an all -inf window
/// points at an input element. -inf padding is never greater, so padding never
/// wins. An unread [KH, KW] operand gives the tap loops their extents, as
/// in linalg's pooling ops.
struct MaxPool2DWithIndicesToLinalg : OpConversionPattern<MaxPool2DWithIndicesOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPool2DWithIndicesOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto inType = tensorTypeOf(adaptor.getInput());
    auto outType = cast<RankedTensorType>(op.getOutput().getType());
    auto indexType = cast<RankedTensorType>(op.getIndices().getType());
    ArrayRef<int64_t> kernel = op.getKernelShape(), strides = op.getStrides(),
                      padding = op.getPadding(), dilations = op.getDilations();
    double negInf = -std::numeric_limits<double>::infinity();
    Value padded = padForWindows(rewriter, loc, adaptor.getInput(), outType, kernel,
                                 strides, padding, dilations, negInf);
    Value window = tensor::EmptyOp::create(rewriter, loc, kernel, rewriter.getF32Type());
    Value initMax = createFilled(rewriter, loc, outType, negInf);
    Value initIndex =
        linalg::FillOp::create(
            rewriter, loc,
            ValueRange{arith::ConstantIntOp::create(rewriter, loc, -1, 64)},
            ValueRange{createEmpty(rewriter, loc, indexType)})
            .getResult(0);
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    AffineMap inMap = AffineMap::get(
        6, 0,
        {d(0), d(1), d(2) * strides[0] + d(4) * dilations[0],
         d(3) * strides[1] + d(5) * dilations[1]},
        ctx);
    AffineMap windowMap = AffineMap::get(6, 0, {d(4), d(5)}, ctx);
    AffineMap outMap = AffineMap::get(6, 0, {d(0), d(1), d(2), d(3)}, ctx);
    SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
    iterators.append(2, utils::IteratorType::reduction);
    int64_t channels = inType.getDimSize(1), h = inType.getDimSize(2),
            w = inType.getDimSize(3);
    bool columnMajor = op.getStorageOrder() == 1;
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{outType, indexType}, ValueRange{padded, window},
        ValueRange{initMax, initIndex},
        ArrayRef<AffineMap>{inMap, windowMap, outMap, outMap}, iterators,
        [&](OpBuilder &b, Location l, ValueRange v) {
          Value x = v[0], best = v[2], bestIndex = v[3];
          // i64 arithmetic, sequenced so that the ops come in the order of
          // the formulas whatever the order the compiler evaluates call
          // arguments in.
          auto index = [&](unsigned i) -> Value {
            Value loop = linalg::IndexOp::create(b, l, i);
            return arith::IndexCastOp::create(b, l, b.getI64Type(), loop);
          };
          auto constant = [&](int64_t c) -> Value {
            return arith::ConstantIntOp::create(b, l, c, 64);
          };
          auto add = [&](Value a, Value c) -> Value {
            return arith::AddIOp::create(b, l, a, c);
          };
          auto mul = [&](Value a, int64_t c) -> Value {
            Value factor = constant(c);
            return arith::MulIOp::create(b, l, a, factor);
          };
          auto cmp = [&](arith::CmpIPredicate p, Value a, int64_t c) -> Value {
            Value bound = constant(c);
            return arith::CmpIOp::create(b, l, p, a, bound);
          };
          auto both = [&](Value p, Value q) -> Value {
            return arith::AndIOp::create(b, l, p, q);
          };
          // The input coordinates of this tap and whether it is inside.
          auto coordinate = [&](unsigned out, unsigned tap, int dim) {
            Value start = mul(index(out), strides[dim]);
            Value offset = mul(index(tap), dilations[dim]);
            Value inPadded = add(start, offset);
            return add(inPadded, constant(-padding[dim]));
          };
          Value y = coordinate(2, 4, 0);
          Value xPos = coordinate(3, 5, 1);
          auto within = [&](Value pos, int64_t extent) {
            Value low = cmp(arith::CmpIPredicate::sge, pos, 0);
            Value high = cmp(arith::CmpIPredicate::slt, pos, extent);
            return both(low, high);
          };
          Value rowInside = within(y, h);
          Value colInside = within(xPos, w);
          Value inside = both(rowInside, colInside);
          // (n * C + c), then the offset within the plane.
          Value batch = index(0);
          Value channel = index(1);
          Value plane = add(mul(batch, channels), channel);
          Value flat;
          if (columnMajor) {
            Value planeStart = mul(plane, h * w);
            flat = add(planeStart, add(mul(xPos, h), y));
          } else {
            Value row = add(mul(plane, h), y);
            flat = add(mul(row, w), xPos);
          }
          Value unset = both(inside, cmp(arith::CmpIPredicate::slt, bestIndex, 0));
          auto [newMax, newIndex] = argMaxStep(b, l, x, flat, best, bestIndex, unset);
          linalg::YieldOp::create(b, l, ValueRange{newMax, newIndex});
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

struct AvgPool2DToLinalg : OpConversionPattern<AvgPool2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AvgPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inType = tensorTypeOf(adaptor.getInput());
    auto outType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> pad = op.getPadding(), k = op.getKernelShape(),
                      s = op.getStrides();
    int64_t ones[] = {1, 1};
    Value sum = buildPool<linalg::PoolingNchwSumOp>(rewriter, loc, adaptor.getInput(),
                                                    outType, k, s, pad, ones, 0.0);
    // PyTorch's divisor: the window clipped to the padded input counts when
    // count_include_pad, the window clipped to the real input otherwise.
    int64_t oh = outType.getDimSize(2), ow = outType.getDimSize(3);
    int64_t h = inType.getDimSize(2), w = inType.getDimSize(3);
    bool includePad = op.getCountIncludePad();
    SmallVector<float> reciprocal;
    for (int64_t y = 0; y < oh; ++y) {
      for (int64_t x = 0; x < ow; ++x) {
        int64_t count = avgPoolDivisor(y, h, k[0], s[0], pad[0], pad[2], includePad) *
                        avgPoolDivisor(x, w, k[1], s[1], pad[1], pad[3], includePad);
        reciprocal.push_back(count > 0 ? 1.0f / count : 0.0f);
      }
    }
    auto divType = RankedTensorType::get({oh, ow}, rewriter.getF32Type());
    Value divisor = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(divType, ArrayRef<float>(reciprocal)));
    MLIRContext *ctx = rewriter.getContext();
    AffineMap spatial = AffineMap::get(4, 0, {getAffineDimExpr(2, ctx),
                                              getAffineDimExpr(3, ctx)}, ctx);
    Value result = buildElementwise(
        rewriter, loc, outType, {sum, divisor},
        {rewriter.getMultiDimIdentityMap(4), spatial},
        [](OpBuilder &b, Location l, ValueRange x) {
          return arith::MulFOp::create(b, l, x[0], x[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Reduces an [N, C, spatial...] tensor over its spatial dims into [N, C],
/// starting from `init` and folding elements in with `combine`.
Value reduceSpatial(OpBuilder &b, Location loc, Value input, double init,
                    function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
  auto inType = tensorTypeOf(input);
  int64_t rank = inType.getRank();
  auto reducedType = RankedTensorType::get(
      {inType.getDimSize(0), inType.getDimSize(1)}, b.getF32Type());
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::reduction);
  iterators[0] = iterators[1] = utils::IteratorType::parallel;
  MLIRContext *ctx = b.getContext();
  AffineMap outMap = AffineMap::get(rank, 0, {getAffineDimExpr(0, ctx),
                                              getAffineDimExpr(1, ctx)}, ctx);
  return linalg::GenericOp::create(
             b, loc, reducedType, input, createFilled(b, loc, reducedType, init),
             ArrayRef<AffineMap>{b.getMultiDimIdentityMap(rank), outMap}, iterators,
             [&](OpBuilder &nb, Location l, ValueRange x) {
               linalg::YieldOp::create(nb, l, combine(nb, l, x[0], x[1]));
             })
      .getResult(0);
}

/// Sum over the spatial dims into [N, C], scale, and expand to [N, C, 1, ...].
struct GlobalAvgPoolToLinalg : OpConversionPattern<GlobalAvgPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GlobalAvgPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value sum = reduceSpatial(rewriter, loc, adaptor.getInput(), 0.0,
                              [](OpBuilder &b, Location l, Value x, Value acc) {
                                return arith::AddFOp::create(b, l, x, acc).getResult();
                              });
    auto inType = tensorTypeOf(adaptor.getInput());
    double count = static_cast<double>(inType.getNumElements()) /
                   (inType.getDimSize(0) * inType.getDimSize(1));
    Value mean = buildElementwise(rewriter, loc, tensorTypeOf(sum), sum,
                                  [&](OpBuilder &b, Location l, ValueRange x) {
                                    return arith::MulFOp::create(
                                        b, l, x[0], createF32(b, l, 1.0 / count));
                                  });
    rewriter.replaceOp(op, reshapeTo(rewriter, loc, mean,
                                     cast<RankedTensorType>(op.getType())));
    return success();
  }
};

/// Max over the spatial dims into [N, C] (NaN propagates), expanded to
/// [N, C, 1, ...].
struct GlobalMaxPoolToLinalg : OpConversionPattern<GlobalMaxPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GlobalMaxPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value max = reduceSpatial(rewriter, loc, adaptor.getInput(),
                              -std::numeric_limits<double>::infinity(),
                              [](OpBuilder &b, Location l, Value x, Value acc) {
                                return arith::MaximumFOp::create(b, l, x, acc).getResult();
                              });
    rewriter.replaceOp(op, reshapeTo(rewriter, loc, max,
                                     cast<RankedTensorType>(op.getType())));
    return success();
  }
};

} // namespace

//===----------------------------------------------------------------------===//
// Adaptive pooling
//===----------------------------------------------------------------------===//

static Value indexConst(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

Value mlir::dlc::pooling::inAdaptiveBin(OpBuilder &b, Location loc, Value o, Value i,
                                        int64_t inSize, int64_t outSize) {
  Value in = indexConst(b, loc, inSize), out = indexConst(b, loc, outSize);
  Value lo = arith::DivUIOp::create(b, loc, arith::MulIOp::create(b, loc, o, in), out);
  Value next = arith::AddIOp::create(b, loc, o, indexConst(b, loc, 1));
  Value hi = arith::DivUIOp::create(
      b, loc,
      arith::AddIOp::create(b, loc, arith::MulIOp::create(b, loc, next, in),
                            indexConst(b, loc, outSize - 1)),
      out);
  return arith::AndIOp::create(
      b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ule, lo, i),
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, i, hi));
}

namespace {

/// One separable stage of adaptive pooling: a generic over the 5 loops
/// (d0, d1, d2, d3, r) whose output is `outType` at (d0, d1, d2, d3); `r` is
/// the reduced input position, kept when it lies in the adaptive bin of
/// output loop `binLoop` (`inSize` positions into `outSize` bins).
Value adaptiveStage(OpBuilder &b, Location loc, Value input, AffineMap inputMap,
                    RankedTensorType outType, int64_t binLoop, int64_t inSize,
                    int64_t outSize, double init, bool isMax) {
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  AffineMap outMap = AffineMap::getMultiDimIdentityMap(5, b.getContext())
                         .getSubMap({0, 1, 2, 3});
  return linalg::GenericOp::create(
             b, loc, outType, input, createFilled(b, loc, outType, init),
             ArrayRef<AffineMap>{inputMap, outMap}, iterators,
             [&](OpBuilder &nb, Location l, ValueRange x) {
               Value inside = pooling::inAdaptiveBin(
                   nb, l, linalg::IndexOp::create(nb, l, binLoop),
                   linalg::IndexOp::create(nb, l, 4), inSize, outSize);
               Value combined =
                   isMax ? Value(arith::MaximumFOp::create(nb, l, x[0], x[1]))
                         : Value(arith::AddFOp::create(nb, l, x[0], x[1]));
               linalg::YieldOp::create(
                   nb, l, Value(arith::SelectOp::create(nb, l, inside, combined, x[1])));
             })
      .getResult(0);
}

/// Adaptive pooling is separable: reduce each row over the column bins
/// ([N, C, H, W] -> [N, C, H, OW]), then each column over the row bins
/// (-> [N, C, OH, OW]). Average pooling then scales by the reciprocal bin
/// area, a compile-time constant per output position.
template <typename OpTy, bool IsMax>
struct AdaptivePool2DToLinalg : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto inType = tensorTypeOf(adaptor.getInput());
    auto outType = cast<RankedTensorType>(op.getType());
    int64_t n = inType.getDimSize(0), c = inType.getDimSize(1);
    int64_t h = inType.getDimSize(2), w = inType.getDimSize(3);
    int64_t oh = outType.getDimSize(2), ow = outType.getDimSize(3);
    double init = IsMax ? -std::numeric_limits<double>::infinity() : 0.0;
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    // Loops (n, c, h, ow, w): x[n, c, h, w].
    auto rowsType = RankedTensorType::get({n, c, h, ow}, rewriter.getF32Type());
    Value rows = adaptiveStage(rewriter, loc, adaptor.getInput(),
                               AffineMap::get(5, 0, {d(0), d(1), d(2), d(4)}, ctx),
                               rowsType, 3, w, ow, init, IsMax);
    // Loops (n, c, oh, ow, h): rows[n, c, h, ow].
    Value result = adaptiveStage(rewriter, loc, rows,
                                 AffineMap::get(5, 0, {d(0), d(1), d(4), d(3)}, ctx),
                                 outType, 2, h, oh, init, IsMax);
    if (!IsMax) {
      SmallVector<float> reciprocal;
      auto binSize = [](int64_t o, int64_t in, int64_t out) {
        return ((o + 1) * in + out - 1) / out - (o * in) / out;
      };
      for (int64_t y = 0; y < oh; ++y)
        for (int64_t x = 0; x < ow; ++x)
          reciprocal.push_back(1.0f / float(binSize(y, h, oh) * binSize(x, w, ow)));
      auto divType = RankedTensorType::get({oh, ow}, rewriter.getF32Type());
      Value divisor = arith::ConstantOp::create(
          rewriter, loc, DenseElementsAttr::get(divType, ArrayRef<float>(reciprocal)));
      result = buildElementwise(
          rewriter, loc, outType, {result, divisor},
          {rewriter.getMultiDimIdentityMap(4), AffineMap::get(4, 0, {d(2), d(3)}, ctx)},
          [](OpBuilder &b, Location l, ValueRange x) {
            return arith::MulFOp::create(b, l, x[0], x[1]);
          });
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

//===----------------------------------------------------------------------===//
// ROI pooling
//===----------------------------------------------------------------------===//

static Value f32Const(OpBuilder &b, Location loc, float v) {
  return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v));
}

static Value i64Const(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v));
}

static Value clampI64(OpBuilder &b, Location loc, Value v, int64_t lo, int64_t hi) {
  return arith::MinSIOp::create(
      b, loc, arith::MaxSIOp::create(b, loc, v, i64Const(b, loc, lo)),
      i64Const(b, loc, hi));
}

std::pair<Value, Value> mlir::dlc::pooling::roiBinBounds(OpBuilder &b, Location loc,
                                                         Value rois, int64_t loCol,
                                                         int64_t hiCol, int64_t pooled,
                                                         int64_t extent, float scale) {
  MLIRContext *ctx = b.getContext();
  int64_t k = tensorTypeOf(rois).getDimSize(0);
  auto type = RankedTensorType::get({k, pooled}, b.getI64Type());
  Value init = tensor::EmptyOp::create(b, loc, type.getShape(), b.getI64Type());
  auto column = [&](int64_t col) {
    return AffineMap::get(2, 0, {getAffineDimExpr(0, ctx), getAffineConstantExpr(col, ctx)},
                          ctx);
  };
  AffineMap identity = b.getMultiDimIdentityMap(2);
  SmallVector<utils::IteratorType> iterators(2, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{type, type}, ValueRange{rois, rois}, ValueRange{init, init},
      ArrayRef<AffineMap>{column(loCol), column(hiCol), identity, identity},
      iterators, [&](OpBuilder &nb, Location l, ValueRange x) {
        Type i64 = nb.getI64Type(), f32 = nb.getF32Type();
        // Rounded coordinates, kept within +-2^30 (also NaN) so that the
        // conversion to an integer is defined; torchvision's int conversion
        // overflows long before that matters.
        auto rounded = [&](Value coord) {
          Value r = math::RoundOp::create(
              nb, l, arith::MulFOp::create(nb, l, coord, f32Const(nb, l, scale)));
          r = arith::MaxNumFOp::create(
              nb, l, arith::MinNumFOp::create(nb, l, r, f32Const(nb, l, 0x1p30f)),
              f32Const(nb, l, -0x1p30f));
          return Value(arith::FPToSIOp::create(nb, l, i64, r));
        };
        Value lo = rounded(x[0]), hi = rounded(x[1]);
        Value size = arith::MaxSIOp::create(
            nb, l,
            arith::AddIOp::create(nb, l, arith::SubIOp::create(nb, l, hi, lo),
                                  i64Const(nb, l, 1)),
            i64Const(nb, l, 1));
        Value bin = arith::DivFOp::create(nb, l, arith::SIToFPOp::create(nb, l, f32, size),
                                          f32Const(nb, l, float(pooled)));
        Value p = arith::IndexCastOp::create(nb, l, i64, linalg::IndexOp::create(nb, l, 1));
        Value pNext = arith::AddIOp::create(nb, l, p, i64Const(nb, l, 1));
        auto scaled = [&](Value idx) {
          return arith::MulFOp::create(nb, l, arith::SIToFPOp::create(nb, l, f32, idx),
                                       bin);
        };
        Value start = arith::FPToSIOp::create(
            nb, l, i64, math::FloorOp::create(nb, l, scaled(p)));
        Value end = arith::FPToSIOp::create(
            nb, l, i64, math::CeilOp::create(nb, l, scaled(pNext)));
        start = clampI64(nb, l, arith::AddIOp::create(nb, l, start, lo), 0, extent);
        end = clampI64(nb, l, arith::AddIOp::create(nb, l, end, lo), 0, extent);
        linalg::YieldOp::create(nb, l, ValueRange{start, end});
      });
  return {generic.getResult(0), generic.getResult(1)};
}

Value mlir::dlc::pooling::roiBatchIndices(OpBuilder &b, Location loc, Value rois,
                                          int64_t batch) {
  MLIRContext *ctx = b.getContext();
  auto type = RankedTensorType::get({tensorTypeOf(rois).getDimSize(0)}, b.getIndexType());
  AffineMap first = AffineMap::get(
      1, 0, {getAffineDimExpr(0, ctx), getAffineConstantExpr(0, ctx)}, ctx);
  return linalg::GenericOp::create(
             b, loc, type, rois,
             Value(tensor::EmptyOp::create(b, loc, type.getShape(), b.getIndexType())),
             ArrayRef<AffineMap>{first, b.getMultiDimIdentityMap(1)},
             ArrayRef<utils::IteratorType>{utils::IteratorType::parallel},
             [&](OpBuilder &nb, Location l, ValueRange x) {
               Value v = arith::MaxNumFOp::create(
                   nb, l,
                   arith::MinNumFOp::create(nb, l, x[0], f32Const(nb, l, float(batch - 1))),
                   f32Const(nb, l, 0.0f));
               Value i = arith::FPToSIOp::create(nb, l, nb.getI64Type(), v);
               linalg::YieldOp::create(
                   nb, l, Value(arith::IndexCastOp::create(nb, l, nb.getIndexType(), i)));
             })
      .getResult(0);
}

namespace {

/// ROI max pooling, separable like the adaptive pools but with bin bounds
/// computed at run time from the ROIs:
///   bounds   per ROI and bin: [K, PH] row and [K, PW] column start/end;
///   batch    per ROI: int(rois[k, 0]) clamped to [0, N - 1];
///   stage 1  [K, C, PH, W]: max over the rows of bin ph, read from the
///            ROI's image with tensor.extract (every index is in bounds);
///   stage 2  [K, C, PH, PW]: max of stage 1 over the columns of bin pw;
///   empty bins (end <= start on either axis) become 0.
/// The accumulators start at -FLT_MAX and use maxnumf, as torchvision's
/// `if (v > max)` loop does (NaN never wins, an all -inf bin gives -FLT_MAX).
struct RoiPoolToLinalg : OpConversionPattern<RoiPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RoiPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    OpBuilder &b = rewriter;
    Value input = adaptor.getInput(), rois = adaptor.getRois();
    auto inType = tensorTypeOf(input);
    auto outType = cast<RankedTensorType>(op.getType());
    int64_t n = inType.getDimSize(0), h = inType.getDimSize(2),
            w = inType.getDimSize(3);
    int64_t k = outType.getDimSize(0), c = outType.getDimSize(1),
            ph = outType.getDimSize(2), pw = outType.getDimSize(3);
    float scale = op.getSpatialScale().convertToFloat();
    auto [hStart, hEnd] = pooling::roiBinBounds(b, loc, rois, 2, 4, ph, h, scale);
    auto [wStart, wEnd] = pooling::roiBinBounds(b, loc, rois, 1, 3, pw, w, scale);
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };

    Value batch = pooling::roiBatchIndices(b, loc, rois, n);

    double lowest = -std::numeric_limits<float>::max();
    SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    AffineMap out4 = AffineMap::get(5, 0, {d(0), d(1), d(2), d(3)}, ctx);
    auto inBin = [](OpBuilder &nb, Location l, Value pos, Value start, Value end) {
      Value i = arith::IndexCastOp::create(nb, l, nb.getI64Type(), pos);
      return arith::AndIOp::create(
          nb, l, arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sle, start, i),
          arith::CmpIOp::create(nb, l, arith::CmpIPredicate::slt, i, end));
    };

    // Stage 1, loops (k, c, ph, w, h). The input is read with tensor.extract,
    // so an unread [H] operand (like the window of linalg's pooling ops)
    // gives the h loop its extent.
    auto rowsType = RankedTensorType::get({k, c, ph, w}, b.getF32Type());
    Value window = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{h}, b.getF32Type());
    Value rows =
        linalg::GenericOp::create(
            b, loc, rowsType, ValueRange{batch, hStart, hEnd, window},
            createFilled(b, loc, rowsType, lowest),
            ArrayRef<AffineMap>{AffineMap::get(5, 0, {d(0)}, ctx),
                                AffineMap::get(5, 0, {d(0), d(2)}, ctx),
                                AffineMap::get(5, 0, {d(0), d(2)}, ctx),
                                AffineMap::get(5, 0, {d(4)}, ctx), out4},
            iterators,
            [&](OpBuilder &nb, Location l, ValueRange x) {
              Value row = linalg::IndexOp::create(nb, l, 4);
              Value v = tensor::ExtractOp::create(
                  nb, l, input,
                  ValueRange{x[0], linalg::IndexOp::create(nb, l, 1), row,
                             linalg::IndexOp::create(nb, l, 3)});
              Value max = arith::MaxNumFOp::create(nb, l, v, x[4]);
              linalg::YieldOp::create(
                  nb, l,
                  Value(arith::SelectOp::create(nb, l, inBin(nb, l, row, x[1], x[2]),
                                                max, x[4])));
            })
            .getResult(0);

    // Stage 2, loops (k, c, ph, pw, w).
    Value pooled =
        linalg::GenericOp::create(
            b, loc, outType, ValueRange{rows, wStart, wEnd},
            createFilled(b, loc, outType, lowest),
            ArrayRef<AffineMap>{AffineMap::get(5, 0, {d(0), d(1), d(2), d(4)}, ctx),
                                AffineMap::get(5, 0, {d(0), d(3)}, ctx),
                                AffineMap::get(5, 0, {d(0), d(3)}, ctx), out4},
            iterators,
            [&](OpBuilder &nb, Location l, ValueRange x) {
              Value col = linalg::IndexOp::create(nb, l, 4);
              Value max = arith::MaxNumFOp::create(nb, l, x[0], x[3]);
              linalg::YieldOp::create(
                  nb, l,
                  Value(arith::SelectOp::create(nb, l, inBin(nb, l, col, x[1], x[2]),
                                                max, x[3])));
            })
            .getResult(0);

    // Empty bins give 0.
    AffineMap rowBin = AffineMap::get(4, 0, {d(0), d(2)}, ctx);
    AffineMap colBin = AffineMap::get(4, 0, {d(0), d(3)}, ctx);
    Value result = buildElementwise(
        b, loc, outType, {pooled, hStart, hEnd, wStart, wEnd},
        {b.getMultiDimIdentityMap(4), rowBin, rowBin, colBin, colBin},
        [](OpBuilder &nb, Location l, ValueRange x) {
          Value empty = arith::OrIOp::create(
              nb, l, arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sle, x[2], x[1]),
              arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sle, x[4], x[3]));
          return arith::SelectOp::create(nb, l, empty, f32Const(nb, l, 0.0f), x[0]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::dlc::populatePoolingToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<MaxPool2DToLinalg, MaxPool2DWithIndicesToLinalg, AvgPool2DToLinalg,
               GlobalAvgPoolToLinalg, GlobalMaxPoolToLinalg,
               AdaptivePool2DToLinalg<AdaptiveAvgPool2DOp, /*IsMax=*/false>,
               AdaptivePool2DToLinalg<AdaptiveMaxPool2DOp, /*IsMax=*/true>,
               RoiPoolToLinalg>(patterns.getContext());
}
