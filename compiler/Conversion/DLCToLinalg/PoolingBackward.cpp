//===- PoolingBackward.cpp - the max pooling adjoints to linalg -------------===//
//
// The backward ops of the max poolings. max_pool2d_backward scatters: an
// scf.forall over (image, channel) planes, in which each window adds its
// gradient at the element its arg-max index names, in window order.
// adaptive_max_pool2d_backward first recomputes the arg-maxes in two
// separable passes (per row and column bin, the row's first maximum; per
// bin, the first of those rows: row-major order, so ties go to the first
// element), then gathers over the few bins that hold each element.
// roi_pool_backward recomputes its arg-maxes the same way, with the bins
// of roi_pool's lowering (PoolingUtils.h), and scatters in sequence: the
// bins of different ROIs overlap arbitrarily, so a gather would visit
// every bin of every ROI for each element.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "PoolingUtils.h"
#include "dlc/Conversion/DLCToLinalg/DLCToLinalg.h"
#include "dlc/Dialect/DLC/DLCOps.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

#include <functional>
#include <limits>

using namespace mlir;
using namespace mlir::dlc;

namespace {

Value indexConst(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

Value toI64(OpBuilder &b, Location loc, Value index) {
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
}

/// An i64 tensor of `shape` filled with `value`.
Value filledI64(OpBuilder &b, Location loc, ArrayRef<int64_t> shape, int64_t value) {
  auto type = RankedTensorType::get(shape, b.getI64Type());
  Value fill = arith::ConstantIntOp::create(b, loc, value, 64);
  return linalg::FillOp::create(b, loc, ValueRange{fill}, ValueRange{createEmpty(b, loc, type)})
      .getResult(0);
}

/// `lo <= x < hi` for i64 values.
Value inRange(OpBuilder &b, Location loc, Value x, Value lo, Value hi) {
  return arith::AndIOp::create(
      b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sle, lo, x),
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x, hi));
}

/// The iterators of a generic with `parallel` parallel loops followed by
/// `reduction` reduction loops.
SmallVector<utils::IteratorType> iterators(int parallel, int reduction) {
  SmallVector<utils::IteratorType> its(parallel, utils::IteratorType::parallel);
  its.append(reduction, utils::IteratorType::reduction);
  return its;
}

/// A gathering generic over the loops (n, c, y, x, r0, r1): `reduction`
/// gives the extents of r0, r1 (it is not read, like the window operand of
/// linalg's pooling ops) and `term` the value each (r0, r1) adds to
/// output[n, c, y, x] (zero-initialized, of `type`).
Value gather(OpBuilder &b, Location loc, RankedTensorType type,
             ArrayRef<int64_t> reduction,
             function_ref<Value(OpBuilder &, Location)> term) {
  MLIRContext *ctx = b.getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  Value extents = tensor::EmptyOp::create(b, loc, reduction, b.getF32Type());
  return linalg::GenericOp::create(
             b, loc, type, ValueRange{extents},
             ValueRange{createFilled(b, loc, type, 0.0)},
             ArrayRef<AffineMap>{AffineMap::get(6, 0, {d(4), d(5)}, ctx),
                                 AffineMap::get(6, 0, {d(0), d(1), d(2), d(3)}, ctx)},
             iterators(4, 2),
             [&](OpBuilder &nb, Location l, ValueRange args) {
               Value sum = arith::AddFOp::create(nb, l, args[1], term(nb, l));
               linalg::YieldOp::create(nb, l, sum);
             })
      .getResult(0);
}

/// `value` where `condition` holds, else 0.0.
Value where(OpBuilder &b, Location loc, Value condition, Value value) {
  return arith::SelectOp::create(b, loc, condition, value, createF32(b, loc, 0.0));
}

//===----------------------------------------------------------------------===//
// max_pool2d_backward
//===----------------------------------------------------------------------===//

struct MaxPool2DBackwardToLinalg : OpConversionPattern<MaxPool2DBackwardOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPool2DBackwardOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outType = cast<RankedTensorType>(op.getType());
    Value grad = adaptor.getGrad(), indices = adaptor.getIndices();
    auto gradType = tensorTypeOf(grad);
    int64_t n = outType.getDimSize(0), c = outType.getDimSize(1), h = outType.getDimSize(2),
            w = outType.getDimSize(3);
    int64_t oh = gradType.getDimSize(2), ow = gradType.getDimSize(3);
    bool columnMajor = op.getStorageOrder() == 1;
    // Scatter, one (image, channel) plane per parallel work item: each
    // window adds its gradient at its arg-max, in window order (a gather
    // over every element and kernel tap did kernel-size times the work and
    // ran on one thread: 133 ms of a ResNet-18 step at batch 8).
    Value zeros = createFilled(rewriter, loc, outType, 0.0);
    auto forall = scf::ForallOp::create(
        rewriter, loc, ArrayRef<OpFoldResult>{rewriter.getIndexAttr(n), rewriter.getIndexAttr(c)},
        ValueRange{zeros}, std::nullopt);
    {
      OpBuilder::InsertionGuard guard(rewriter);
      Block *body = forall.getBody();
      rewriter.setInsertionPointToStart(body);
      Value img = body->getArgument(0), ch = body->getArgument(1);
      Value all = forall.getRegionIterArgs()[0];
      auto attrs = [&](ArrayRef<OpFoldResult> v) { return SmallVector<OpFoldResult>(v); };
      OpFoldResult zero = rewriter.getIndexAttr(0), one = rewriter.getIndexAttr(1);
      auto planeType = RankedTensorType::get({h, w}, outType.getElementType());
      Value plane = tensor::ExtractSliceOp::create(
          rewriter, loc, planeType, all, attrs({img, ch, zero, zero}),
          attrs({one, one, rewriter.getIndexAttr(h), rewriter.getIndexAttr(w)}),
          attrs({one, one, one, one}));
      // The plane's first flat index, by max_pool2d_with_indices' order.
      Value planeIndex = arith::MulIOp::create(
          rewriter, loc,
          arith::AddIOp::create(
              rewriter, loc, arith::MulIOp::create(rewriter, loc, img, indexConst(rewriter, loc, c)),
              ch),
          indexConst(rewriter, loc, h * w));
      Value first = toI64(rewriter, loc, planeIndex);
      Value c0 = indexConst(rewriter, loc, 0), c1 = indexConst(rewriter, loc, 1);
      auto rows = scf::ForOp::create(rewriter, loc, c0, indexConst(rewriter, loc, oh), c1,
                                     ValueRange{plane});
      rewriter.setInsertionPointToStart(rows.getBody());
      Value y = rows.getInductionVar();
      auto cols = scf::ForOp::create(rewriter, loc, c0, indexConst(rewriter, loc, ow), c1,
                                     ValueRange{rows.getRegionIterArgs()[0]});
      rewriter.setInsertionPointToStart(cols.getBody());
      Value x = cols.getInductionVar();
      Value current = cols.getRegionIterArgs()[0];
      SmallVector<Value> at = {img, ch, y, x};
      Value flat = tensor::ExtractOp::create(rewriter, loc, indices, at);
      Value g = tensor::ExtractOp::create(rewriter, loc, grad, at);
      Value local = arith::IndexCastOp::create(
          rewriter, loc, rewriter.getIndexType(), arith::SubIOp::create(rewriter, loc, flat, first));
      // Row-major: y * W + x; column-major: x * H + y.
      Value major = arith::DivUIOp::create(rewriter, loc, local,
                                           indexConst(rewriter, loc, columnMajor ? h : w));
      Value minor = arith::RemUIOp::create(rewriter, loc, local,
                                           indexConst(rewriter, loc, columnMajor ? h : w));
      SmallVector<Value> target = columnMajor ? SmallVector<Value>{minor, major}
                                              : SmallVector<Value>{major, minor};
      Value old = tensor::ExtractOp::create(rewriter, loc, current, target);
      Value sum = arith::AddFOp::create(rewriter, loc, old, g);
      Value updated = tensor::InsertOp::create(rewriter, loc, sum, current, target);
      scf::YieldOp::create(rewriter, loc, updated);
      rewriter.setInsertionPointAfter(cols);
      scf::YieldOp::create(rewriter, loc, cols.getResult(0));
      rewriter.setInsertionPointToStart(forall.getTerminator().getBody());
      tensor::ParallelInsertSliceOp::create(
          rewriter, loc, rows.getResult(0), all, attrs({img, ch, zero, zero}),
          attrs({one, one, rewriter.getIndexAttr(h), rewriter.getIndexAttr(w)}),
          attrs({one, one, one, one}));
    }
    rewriter.replaceOp(op, forall.getResult(0));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// adaptive_max_pool2d_backward
//===----------------------------------------------------------------------===//

/// The most adaptive bins of `bins` over `size` elements that hold one
/// element (the extent of the gather's loop over them).
int64_t maxBinsOver(int64_t size, int64_t bins) {
  int64_t most = 0;
  for (int64_t x = 0; x < size; ++x) {
    int64_t count = 0;
    for (int64_t o = x * bins / size; o < bins && o * size / bins <= x; ++o)
      ++count;
    most = std::max(most, count);
  }
  return most;
}

/// Inside the gather: the `r`-th adaptive bin holding index `pos` (the first
/// is floor(pos * bins / size): the first whose end passes pos) and whether
/// it exists; the bin is 0 when it does not.
std::pair<Value, Value> binOver(OpBuilder &b, Location l, Value pos, Value r, int64_t size,
                                int64_t bins) {
  Value first = arith::DivUIOp::create(
      b, l, arith::MulIOp::create(b, l, pos, indexConst(b, l, bins)), indexConst(b, l, size));
  Value bin = arith::AddIOp::create(b, l, first, r);
  Value start = arith::DivUIOp::create(
      b, l, arith::MulIOp::create(b, l, bin, indexConst(b, l, size)), indexConst(b, l, bins));
  Value valid = arith::AndIOp::create(
      b, l, arith::CmpIOp::create(b, l, arith::CmpIPredicate::ult, bin, indexConst(b, l, bins)),
      arith::CmpIOp::create(b, l, arith::CmpIPredicate::ule, start, pos));
  return {arith::SelectOp::create(b, l, valid, bin, indexConst(b, l, 0)), valid};
}

/// One arg-max pass over loops (d0, d1, d2, d3, r) with r reduced: folds
/// `inputs` (read with `inputMaps`) into the (max, index) pair of shape
/// `shape` at (d0, d1, d2, d3), starting from (`init`, -1). `step` gets the
/// inputs and the running pair and returns the new pair.
std::pair<Value, Value>
argMaxPass(OpBuilder &b, Location loc, ArrayRef<int64_t> shape, double init,
           ValueRange inputs, ArrayRef<AffineMap> inputMaps,
           function_ref<std::pair<Value, Value>(OpBuilder &, Location, ValueRange, Value,
                                                Value)>
               step) {
  MLIRContext *ctx = b.getContext();
  auto f32Type = RankedTensorType::get(shape, b.getF32Type());
  auto i64Type = RankedTensorType::get(shape, b.getI64Type());
  SmallVector<AffineMap> maps(inputMaps);
  AffineMap outMap = AffineMap::getMultiDimIdentityMap(5, ctx).getSubMap({0, 1, 2, 3});
  maps.append(2, outMap);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{f32Type, i64Type}, inputs,
      ValueRange{createFilled(b, loc, f32Type, init), filledI64(b, loc, shape, -1)}, maps,
      iterators(4, 1), [&](OpBuilder &nb, Location l, ValueRange args) {
        size_t n = inputs.size();
        auto [best, index] = step(nb, l, args.take_front(n), args[n], args[n + 1]);
        linalg::YieldOp::create(nb, l, ValueRange{best, index});
      });
  return {generic.getResult(0), generic.getResult(1)};
}

struct AdaptiveMaxPool2DBackwardToLinalg
    : OpConversionPattern<AdaptiveMaxPool2DBackwardOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AdaptiveMaxPool2DBackwardOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value input = adaptor.getInput(), grad = adaptor.getGrad();
    auto outType = cast<RankedTensorType>(op.getType());
    int64_t n = outType.getDimSize(0), c = outType.getDimSize(1),
            h = outType.getDimSize(2), w = outType.getDimSize(3);
    int64_t oh = tensorTypeOf(grad).getDimSize(2), ow = tensorTypeOf(grad).getDimSize(3);
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    double negInf = -std::numeric_limits<double>::infinity();

    // Pass 1, loops (n, c, y, j, x): the first maximum of row y in column
    // bin j and its column. The bin's first element is taken whatever its
    // value (an all -inf bin points at it).
    auto [rowMax, rowArg] = argMaxPass(
        rewriter, loc, {n, c, h, ow}, negInf, input,
        AffineMap::get(5, 0, {d(0), d(1), d(2), d(4)}, ctx),
        [&](OpBuilder &b, Location l, ValueRange in, Value best, Value index) {
          Value col = linalg::IndexOp::create(b, l, 4);
          Value inside =
              pooling::inAdaptiveBin(b, l, linalg::IndexOp::create(b, l, 3), col, w, ow);
          Value unset = arith::AndIOp::create(
              b, l, inside,
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, index,
                                    arith::ConstantIntOp::create(b, l, 0, 64)));
          auto [newBest, newIndex] = argMaxStep(b, l, in[0], toI64(b, l, col), best, index,
                                                unset);
          return std::pair<Value, Value>{
              arith::SelectOp::create(b, l, inside, newBest, best),
              arith::SelectOp::create(b, l, inside, newIndex, index)};
        });

    // Pass 2, loops (n, c, i, j, y): the first of the rows of bin i (the
    // earlier row wins a tie), as the flat index y * W + column.
    AffineMap rowRead = AffineMap::get(5, 0, {d(0), d(1), d(4), d(3)}, ctx);
    Value argMax =
        argMaxPass(
            rewriter, loc, {n, c, oh, ow}, negInf, ValueRange{rowMax, rowArg},
            {rowRead, rowRead},
            [&](OpBuilder &b, Location l, ValueRange in, Value best, Value index) {
              Value row = linalg::IndexOp::create(b, l, 4);
              Value inside =
                  pooling::inAdaptiveBin(b, l, linalg::IndexOp::create(b, l, 2), row, h, oh);
              Value unset = arith::AndIOp::create(
                  b, l, inside,
                  arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, index,
                                        arith::ConstantIntOp::create(b, l, 0, 64)));
              Value flat = arith::AddIOp::create(
                  b, l,
                  arith::MulIOp::create(b, l, toI64(b, l, row),
                                        arith::ConstantIntOp::create(b, l, w, 64)),
                  in[1]);
              auto [newBest, newIndex] = argMaxStep(b, l, in[0], flat, best, index, unset);
              return std::pair<Value, Value>{
                  arith::SelectOp::create(b, l, inside, newBest, best),
                  arith::SelectOp::create(b, l, inside, newIndex, index)};
            })
            .second;

    // Pass 3, loops (n, c, y, x, r0, r1): the bins over (y, x).
    int64_t extents[2] = {maxBinsOver(h, oh), maxBinsOver(w, ow)};
    Value result = gather(rewriter, loc, outType, extents, [&](OpBuilder &b, Location l) {
      Value y = linalg::IndexOp::create(b, l, 2), x = linalg::IndexOp::create(b, l, 3);
      auto [i, rowOk] = binOver(b, l, y, linalg::IndexOp::create(b, l, 4), h, oh);
      auto [j, colOk] = binOver(b, l, x, linalg::IndexOp::create(b, l, 5), w, ow);
      SmallVector<Value> at = {linalg::IndexOp::create(b, l, 0),
                               linalg::IndexOp::create(b, l, 1), i, j};
      Value flat = arith::AddIOp::create(
          b, l, arith::MulIOp::create(b, l, y, indexConst(b, l, w)), x);
      Value hit = arith::AndIOp::create(
          b, l, arith::AndIOp::create(b, l, rowOk, colOk),
          arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq,
                                tensor::ExtractOp::create(b, l, argMax, at),
                                toI64(b, l, flat)));
      return where(b, l, hit, tensor::ExtractOp::create(b, l, grad, at));
    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// roi_pool_backward
//===----------------------------------------------------------------------===//

struct RoiPoolBackwardToLinalg : OpConversionPattern<RoiPoolBackwardOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RoiPoolBackwardOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    OpBuilder &b = rewriter;
    Value input = adaptor.getInput(), rois = adaptor.getRois(), grad = adaptor.getGrad();
    auto outType = cast<RankedTensorType>(op.getType());
    int64_t n = outType.getDimSize(0), c = outType.getDimSize(1),
            h = outType.getDimSize(2), w = outType.getDimSize(3);
    auto gType = tensorTypeOf(grad);
    int64_t k = gType.getDimSize(0), ph = gType.getDimSize(2), pw = gType.getDimSize(3);
    float scale = op.getSpatialScale().convertToFloat();
    auto [hStart, hEnd] = pooling::roiBinBounds(b, loc, rois, 2, 4, ph, h, scale);
    auto [wStart, wEnd] = pooling::roiBinBounds(b, loc, rois, 1, 3, pw, w, scale);
    Value batch = pooling::roiBatchIndices(b, loc, rois, n);
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    // torchvision's scan starts from -FLT_MAX and takes strictly greater
    // elements: NaN never wins, nothing at or below -FLT_MAX does either.
    double lowest = -std::numeric_limits<float>::max();
    auto greaterInside = [](OpBuilder &nb, Location l, Value inside, Value v, Value best,
                            Value index, Value candidate) {
      Value take = arith::AndIOp::create(
          nb, l, inside, arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OGT, v, best));
      return std::pair<Value, Value>{arith::SelectOp::create(nb, l, take, v, best),
                                     arith::SelectOp::create(nb, l, take, candidate, index)};
    };

    // Pass 1, loops (k, c, y, pw, x): per row y of the ROI's image, the first
    // maximum over the columns of bin pw. The image is read with
    // tensor.extract; an unread [W] operand gives x its extent.
    Value columns = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{w}, b.getF32Type());
    AffineMap colBin = AffineMap::get(5, 0, {d(0), d(3)}, ctx);
    auto [rowMax, rowArg] = argMaxPass(
        b, loc, {k, c, h, pw}, lowest, ValueRange{batch, wStart, wEnd, columns},
        {AffineMap::get(5, 0, {d(0)}, ctx), colBin, colBin, AffineMap::get(5, 0, {d(4)}, ctx)},
        [&](OpBuilder &nb, Location l, ValueRange in, Value best, Value index) {
          Value x = linalg::IndexOp::create(nb, l, 4);
          Value v = tensor::ExtractOp::create(
              nb, l, input,
              ValueRange{in[0], linalg::IndexOp::create(nb, l, 1),
                         linalg::IndexOp::create(nb, l, 2), x});
          Value xi = toI64(nb, l, x);
          return greaterInside(nb, l, inRange(nb, l, xi, in[1], in[2]), v, best, index, xi);
        });

    // Pass 2, loops (k, c, ph, pw, y): the first of the rows of bin ph, as
    // the flat index y * W + column within the image plane.
    AffineMap rowRead = AffineMap::get(5, 0, {d(0), d(1), d(4), d(3)}, ctx);
    AffineMap rowBin = AffineMap::get(5, 0, {d(0), d(2)}, ctx);
    Value argMax =
        argMaxPass(b, loc, {k, c, ph, pw}, lowest, ValueRange{rowMax, rowArg, hStart, hEnd},
                   {rowRead, rowRead, rowBin, rowBin},
                   [&](OpBuilder &nb, Location l, ValueRange in, Value best, Value index) {
                     Value y = toI64(nb, l, linalg::IndexOp::create(nb, l, 4));
                     Value flat = arith::AddIOp::create(
                         nb, l,
                         arith::MulIOp::create(nb, l, y,
                                               arith::ConstantIntOp::create(nb, l, w, 64)),
                         in[1]);
                     return greaterInside(nb, l, inRange(nb, l, y, in[2], in[3]), in[0], best,
                                          index, flat);
                   })
            .second;

    // Pass 3: out[batch[k], c, y, x] += grad[k, c, ph, pw] at each arg-max,
    // in sequence (an empty bin adds 0 at the plane's first element).
    Value zero = indexConst(b, loc, 0), one = indexConst(b, loc, 1);
    Value out = createFilled(b, loc, outType, 0.0);
    std::function<Value(OpBuilder &, Location, SmallVector<Value>, Value)> nest =
        [&](OpBuilder &nb, Location l, SmallVector<Value> ivs, Value acc) -> Value {
      const int64_t extents[] = {k, c, ph, pw};
      if (ivs.size() == 4) {
        Value index = tensor::ExtractOp::create(nb, l, argMax, ivs);
        Value found = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sge, index,
                                            arith::ConstantIntOp::create(nb, l, 0, 64));
        Value pos = arith::IndexCastOp::create(
            nb, l, nb.getIndexType(),
            arith::MaxSIOp::create(nb, l, index, arith::ConstantIntOp::create(nb, l, 0, 64)));
        Value image = tensor::ExtractOp::create(nb, l, batch, ValueRange{ivs[0]});
        SmallVector<Value> at = {
            image, ivs[1], arith::DivUIOp::create(nb, l, pos, indexConst(nb, l, w)),
            arith::RemUIOp::create(nb, l, pos, indexConst(nb, l, w))};
        Value g = where(nb, l, found, tensor::ExtractOp::create(nb, l, grad, ivs));
        Value sum = arith::AddFOp::create(nb, l, tensor::ExtractOp::create(nb, l, acc, at), g);
        return tensor::InsertOp::create(nb, l, sum, acc, at);
      }
      auto loop = scf::ForOp::create(
          nb, l, zero, indexConst(nb, l, extents[ivs.size()]), one, ValueRange{acc},
          [&](OpBuilder &lb, Location ll, Value iv, ValueRange args) {
            SmallVector<Value> inner(ivs);
            inner.push_back(iv);
            scf::YieldOp::create(lb, ll, nest(lb, ll, inner, args[0]));
          });
      return loop.getResult(0);
    };
    rewriter.replaceOp(op, nest(b, loc, {}, out));
    return success();
  }
};

} // namespace

void mlir::dlc::populatePoolingBackwardToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<MaxPool2DBackwardToLinalg, AdaptiveMaxPool2DBackwardToLinalg,
               RoiPoolBackwardToLinalg>(patterns.getContext());
}
