//===- Detection.cpp - dlc box decoding and non-maximum suppression to linalg -===//
//
// box_decode is one elementwise linalg.generic over the [N, A, 4] result:
// each anchor and delta component comes in through its own indexing map
// with a constant last index, and the body picks the coordinate the output
// index asks for, so it fuses like any elementwise op.
//
// nms is inherently sequential (a box survives only if no kept box of
// higher score overlaps it), so it lowers to scf.for loops over tensors with
// tensor.extract/insert: per image and class, K rounds of "take the alive
// box with the highest score (lowest index among ties), then kill every
// alive box overlapping it". That is the sorted greedy algorithm of
// torchvision.ops.nms without the sort, O(K * B) per class.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "dlc/Conversion/DLCToLinalg/DLCToLinalg.h"
#include "dlc/Dialect/DLC/DetectionOps.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

#include <limits>

using namespace mlir;
using namespace mlir::dlc;

namespace {

//===----------------------------------------------------------------------===//
// box_decode
//===----------------------------------------------------------------------===//

struct BoxDecodeToLinalg : OpConversionPattern<BoxDecodeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BoxDecodeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto outType = cast<RankedTensorType>(op.getType());
    AffineExpr n = getAffineDimExpr(0, ctx), a = getAffineDimExpr(1, ctx);
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    // anchors[a, c] for c = 0..3, then deltas[n, a, c].
    for (int64_t c = 0; c < 4; ++c) {
      inputs.push_back(adaptor.getAnchors());
      maps.push_back(AffineMap::get(3, 0, {a, getAffineConstantExpr(c, ctx)}, ctx));
    }
    for (int64_t c = 0; c < 4; ++c) {
      inputs.push_back(adaptor.getDeltas());
      maps.push_back(
          AffineMap::get(3, 0, {n, a, getAffineConstantExpr(c, ctx)}, ctx));
    }
    bool corners = op.getAnchorFormat() == "corners";
    SmallVector<double> v(op.getVariances().begin(), op.getVariances().end());
    std::optional<double> clip;
    if (auto c = op.getClip())
      clip = c->convertToDouble();
    Value result = buildElementwise(
        rewriter, loc, outType, inputs, maps,
        [&](OpBuilder &b, Location l, ValueRange x) -> Value {
          auto f = [&](double c) { return createF32(b, l, c); };
          auto mul = [&](Value p, Value q) { return arith::MulFOp::create(b, l, p, q); };
          auto add = [&](Value p, Value q) { return arith::AddFOp::create(b, l, p, q); };
          auto sub = [&](Value p, Value q) { return arith::SubFOp::create(b, l, p, q); };
          Value cx, cy, w, h;
          if (corners) {
            w = sub(x[2], x[0]);
            h = sub(x[3], x[1]);
            cx = add(x[0], mul(f(0.5), w));
            cy = add(x[1], mul(f(0.5), h));
          } else {
            cx = x[0], cy = x[1], w = x[2], h = x[3];
          }
          // Output coordinate j: x for even j, y for odd; min corner for
          // j < 2, max corner otherwise.
          Value j = linalg::IndexOp::create(b, l, 2);
          Value one = arith::ConstantIndexOp::create(b, l, 1);
          Value two = arith::ConstantIndexOp::create(b, l, 2);
          Value isY = arith::CmpIOp::create(
              b, l, arith::CmpIPredicate::eq, arith::AndIOp::create(b, l, j, one), one);
          Value isMax = arith::CmpIOp::create(b, l, arith::CmpIPredicate::uge, j, two);
          auto pick = [&](Value ifY, Value ifX) {
            return arith::SelectOp::create(b, l, isY, ifY, ifX).getResult();
          };
          Value centre = pick(cy, cx), size = pick(h, w);
          Value shift = mul(pick(x[5], x[4]), pick(f(v[1]), f(v[0])));
          Value scale = mul(pick(x[7], x[6]), pick(f(v[3]), f(v[2])));
          if (clip)
            scale = arith::MinimumFOp::create(b, l, scale, f(*clip));
          Value predCentre = add(mul(shift, size), centre);
          Value halfSize = mul(f(0.5), mul(math::ExpOp::create(b, l, scale), size));
          return arith::SelectOp::create(b, l, isMax, add(predCentre, halfSize),
                                         sub(predCentre, halfSize));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nms
//===----------------------------------------------------------------------===//

/// One box read from boxes[n, i, 0..3], each axis sorted so that either
/// diagonal of the box is accepted (ONNX's rule).
struct Box {
  Value x1, y1, x2, y2, area;
};

Box loadBox(OpBuilder &b, Location loc, Value boxes, Value n, Value i) {
  Value c[4];
  for (int64_t k = 0; k < 4; ++k)
    c[k] = tensor::ExtractOp::create(
        b, loc, boxes, ValueRange{n, i, arith::ConstantIndexOp::create(b, loc, k)});
  Box box;
  box.x1 = arith::MinimumFOp::create(b, loc, c[0], c[2]);
  box.x2 = arith::MaximumFOp::create(b, loc, c[0], c[2]);
  box.y1 = arith::MinimumFOp::create(b, loc, c[1], c[3]);
  box.y2 = arith::MaximumFOp::create(b, loc, c[1], c[3]);
  box.area = arith::MulFOp::create(b, loc,
                                   arith::SubFOp::create(b, loc, box.x2, box.x1),
                                   arith::SubFOp::create(b, loc, box.y2, box.y1));
  return box;
}

/// IoU of two boxes, 0 when their union is empty.
Value intersectionOverUnion(OpBuilder &b, Location loc, const Box &p, const Box &q) {
  Value zero = createF32(b, loc, 0.0);
  auto extent = [&](Value lo1, Value hi1, Value lo2, Value hi2) -> Value {
    Value d = arith::SubFOp::create(b, loc, arith::MinimumFOp::create(b, loc, hi1, hi2),
                                    arith::MaximumFOp::create(b, loc, lo1, lo2));
    return arith::MaximumFOp::create(b, loc, d, zero);
  };
  Value inter = arith::MulFOp::create(b, loc, extent(p.x1, p.x2, q.x1, q.x2),
                                      extent(p.y1, p.y2, q.y1, q.y2));
  Value uni = arith::SubFOp::create(b, loc, arith::AddFOp::create(b, loc, p.area, q.area),
                                    inter);
  Value positive = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, uni, zero);
  return arith::SelectOp::create(b, loc, positive,
                                 arith::DivFOp::create(b, loc, inter, uni), zero);
}

struct NMSToLinalg : OpConversionPattern<NMSOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(NMSOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    // convert-dlc-to-linalg does not declare scf as a dependent dialect
    // (Passes.td); creating scf.for without it loaded would crash, so say so.
    if (!rewriter.getContext()->getLoadedDialect<scf::SCFDialect>())
      return op.emitOpError("lowering needs the scf dialect, which is not loaded "
                            "(add scf::SCFDialect to convert-dlc-to-linalg's "
                            "dependentDialects)");
    OpBuilder &b = rewriter;
    Value boxes = adaptor.getBoxes(), scores = adaptor.getScores();
    auto boxesType = tensorTypeOf(boxes);
    int64_t numBatch = boxesType.getDimSize(0), numBoxes = boxesType.getDimSize(1);
    int64_t maxOutput = op.getMaxOutput();
    // One class ([N, B]) is the multi-class form with C = 1.
    bool singleClass = tensorTypeOf(scores).getRank() == 2;
    if (singleClass)
      scores = reshapeTo(b, loc, scores,
                         RankedTensorType::get({numBatch, 1, numBoxes}, b.getF32Type()));
    int64_t numClasses = tensorTypeOf(scores).getDimSize(1);
    Type i64 = b.getI64Type(), i1 = b.getI1Type();

    auto index = [&](int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); };
    Value c0 = index(0), c1 = index(1);
    Value minusOne = arith::ConstantIntOp::create(b, loc, i64, -1);
    Value negInf = createF32(b, loc, -std::numeric_limits<double>::infinity());
    Value iouThreshold = createF32(b, loc, op.getIouThreshold().convertToDouble());
    std::optional<double> scoreThreshold;
    if (auto t = op.getScoreThreshold())
      scoreThreshold = t->convertToDouble();

    Value outInit = linalg::FillOp::create(
                        b, loc, minusOne,
                        tensor::EmptyOp::create(b, loc,
                                                ArrayRef<int64_t>{numBatch, numClasses,
                                                                  maxOutput},
                                                i64).getResult())
                        .getResult(0);
    // Which boxes are still candidates, reused by every (image, class).
    Value aliveInit =
        tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{numBoxes}, i1);

    auto forLoop = [&](OpBuilder &b, Location l, Value upper, ValueRange init,
                       function_ref<SmallVector<Value>(OpBuilder &, Location, Value,
                                                       ValueRange)>
                           body) {
      auto loop = scf::ForOp::create(
          b, l, c0, upper, c1, init,
          [&](OpBuilder &b, Location l, Value iv, ValueRange args) {
            scf::YieldOp::create(b, l, body(b, l, iv, args));
          });
      return SmallVector<Value>(loop.getResults());
    };

    // The K rounds of one (image n, class c).
    auto suppressClass = [&](OpBuilder &b, Location l, Value n, Value c, Value out,
                             Value alive) -> SmallVector<Value> {
      alive = forLoop(b, l, index(numBoxes), alive,
                      [&](OpBuilder &b, Location l, Value i, ValueRange args) {
                        Value s = tensor::ExtractOp::create(b, l, scores,
                                                            ValueRange{n, c, i});
                        Value candidate =
                            scoreThreshold
                                ? arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT,
                                                        s, createF32(b, l, *scoreThreshold))
                                : arith::CmpFOp::create(b, l, arith::CmpFPredicate::ORD,
                                                        s, s);
                        return SmallVector<Value>{
                            tensor::InsertOp::create(b, l, candidate, args[0], i)};
                      })[0];
      return forLoop(
          b, l, index(maxOutput), ValueRange{out, alive},
          [&](OpBuilder &b, Location l, Value k, ValueRange args) {
            Value alive = args[1];
            // The best alive box; scanning upwards with a strict '>' keeps
            // the lowest index among equal scores.
            SmallVector<Value> best = forLoop(
                b, l, index(numBoxes), ValueRange{minusOne, negInf},
                [&](OpBuilder &b, Location l, Value i, ValueRange acc) {
                  Value isAlive = tensor::ExtractOp::create(b, l, alive, i);
                  Value s = tensor::ExtractOp::create(b, l, scores, ValueRange{n, c, i});
                  Value none = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt,
                                                     acc[0], createI64(b, l, 0));
                  Value greater =
                      arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, s, acc[1]);
                  Value better = arith::AndIOp::create(
                      b, l, isAlive, arith::OrIOp::create(b, l, none, greater));
                  Value i64Index = arith::IndexCastOp::create(b, l, b.getI64Type(), i);
                  return SmallVector<Value>{
                      arith::SelectOp::create(b, l, better, i64Index, acc[0]),
                      arith::SelectOp::create(b, l, better, s, acc[1])};
                });
            Value bestIndex = best[0];
            Value out = tensor::InsertOp::create(b, l, bestIndex, args[0],
                                                 ValueRange{n, c, k});
            Value found = arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge,
                                                bestIndex, createI64(b, l, 0));
            Value bestAt = arith::IndexCastOp::create(
                b, l, b.getIndexType(),
                arith::SelectOp::create(b, l, found, bestIndex, createI64(b, l, 0)));
            Box kept = loadBox(b, l, boxes, n, bestAt);
            Value trueValue = arith::ConstantIntOp::create(b, l, i1, 1);
            alive = forLoop(
                b, l, index(numBoxes), alive,
                [&](OpBuilder &b, Location l, Value i, ValueRange args) {
                  Value isAlive = tensor::ExtractOp::create(b, l, args[0], i);
                  Value iou = intersectionOverUnion(b, l, kept,
                                                    loadBox(b, l, boxes, n, i));
                  Value overlaps = arith::CmpFOp::create(
                      b, l, arith::CmpFPredicate::OGT, iou, iouThreshold);
                  Value isKept =
                      arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, i, bestAt);
                  Value kill = arith::AndIOp::create(
                      b, l, found, arith::OrIOp::create(b, l, overlaps, isKept));
                  Value stays = arith::AndIOp::create(
                      b, l, isAlive, arith::XOrIOp::create(b, l, kill, trueValue));
                  return SmallVector<Value>{
                      tensor::InsertOp::create(b, l, stays, args[0], i)};
                })[0];
            return SmallVector<Value>{out, alive};
          });
    };

    Value result =
        forLoop(b, loc, index(numBatch), ValueRange{outInit, aliveInit},
                [&](OpBuilder &b, Location l, Value n, ValueRange args) {
                  return forLoop(
                      b, l, index(numClasses), args,
                      [&](OpBuilder &b, Location l, Value c, ValueRange args) {
                        return suppressClass(b, l, n, c, args[0], args[1]);
                      });
                })[0];
    if (singleClass)
      result = reshapeTo(b, loc, result, cast<RankedTensorType>(op.getType()));
    rewriter.replaceOp(op, result);
    return success();
  }

  static Value createI64(OpBuilder &b, Location loc, int64_t v) {
    return arith::ConstantIntOp::create(b, loc, b.getI64Type(), v);
  }
};

} // namespace

void mlir::dlc::populateDetectionToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<BoxDecodeToLinalg, NMSToLinalg>(patterns.getContext());
}
