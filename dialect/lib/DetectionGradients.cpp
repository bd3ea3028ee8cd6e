//===- DetectionGradients.cpp - adjoint rules of the detection ops ----------===//
//
// box_decode: through its formula (DetectionOps.td) coordinate by
// coordinate. The result adjoint splits into the centre's and the size's
// (a box is (pc - s/2, pc + s/2)); each delta gets the factor it was
// multiplied by, the size deltas through exp and the clip, which passes the
// gradient where it is not active (dw' <= clip, torch.clamp's rule). The
// anchors, shared by the N images, get the sum over the images, mapped from
// centre and size back to corners when they are corners. nms has no rule:
// its result is indices.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/DataMovementOps.h"
#include "dlc/Dialect/DLC/DetectionOps.h"
#include "dlc/Dialect/DLC/GradientUtils.h"

using namespace mlir;
using namespace mlir::dlc;
using grad::Emitter;

DLC_ADJOINTS(BoxDecodeOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g || (!needed[0] && !needed[1]))
    return success();
  Emitter e(b, getLoc());
  Value anchors = getAnchors(), deltas = getDeltas();
  // Coordinate c of the anchors ([A, 1], broadcast over the images), of the
  // deltas and of the adjoint ([N, A, 1]).
  auto anchor = [&](int64_t c) { return e.slice(anchors, 1, c, 1); };
  auto delta = [&](int64_t c) { return e.slice(deltas, 2, c, 1); };
  auto adjoint = [&](int64_t c) { return e.slice(g, 2, c, 1); };
  bool corners = getAnchorFormat() == "corners";
  Value w = corners ? e.sub(anchor(2), anchor(0)) : anchor(2);
  Value h = corners ? e.sub(anchor(3), anchor(1)) : anchor(3);
  ArrayRef<float> v = getVariances();
  std::optional<APFloat> clip = getClip();
  Value half = e.scalar(0.5);
  // The adjoints of the predicted centre and size.
  Value gcx = e.add(adjoint(0), adjoint(2)), gcy = e.add(adjoint(1), adjoint(3));
  Value gw = e.mul(half, e.sub(adjoint(2), adjoint(0)));
  Value gh = e.mul(half, e.sub(adjoint(3), adjoint(1)));
  // exp(min(d * v, clip)) and where the clip lets the gradient through.
  auto growth = [&](Value d, float variance) -> std::pair<Value, Value> {
    Value scaled = e.mul(d, e.scalar(variance));
    if (!clip)
      return {e.exp(scaled), Value()};
    Value bound = e.scalar(clip->convertToDouble());
    Value passes = e.compare(scaled, bound, "le");
    return {e.exp(e.select(passes, scaled, bound)), passes};
  };
  auto [expW, passW] = growth(delta(2), v[2]);
  auto [expH, passH] = growth(delta(3), v[3]);
  if (needed[1]) {
    // pc = d v w + c, ps = exp(d' v) w.
    auto sizeAdjoint = [&](Value gs, Value grown, Value size, Value passes, float variance) {
      Value d = e.mul(e.mul(gs, e.mul(grown, size)), e.scalar(variance));
      return passes ? e.mul(d, passes) : d;
    };
    SmallVector<Value> parts{
        e.mul(gcx, e.mul(w, e.scalar(v[0]))), e.mul(gcy, e.mul(h, e.scalar(v[1]))),
        sizeAdjoint(gw, expW, w, passW, v[2]), sizeAdjoint(gh, expH, h, passH, v[3])};
    operandAdjoints[1] = ConcatOp::create(b, getLoc(), parts, uint64_t{2});
  }
  if (needed[0]) {
    // Centre and size of the anchor, summed over the images.
    Value one = anchor(0);
    Value dcx = e.reduceLike(gcx, one), dcy = e.reduceLike(gcy, one);
    Value dw =
        e.reduceLike(e.add(e.mul(gcx, e.mul(delta(0), e.scalar(v[0]))), e.mul(gw, expW)), one);
    Value dh =
        e.reduceLike(e.add(e.mul(gcy, e.mul(delta(1), e.scalar(v[1]))), e.mul(gh, expH)), one);
    SmallVector<Value> parts{dcx, dcy, dw, dh};
    if (corners) {
      // c = (x1 + x2) / 2, w = x2 - x1.
      parts = {e.sub(e.mul(half, dcx), dw), e.sub(e.mul(half, dcy), dh),
               e.add(e.mul(half, dcx), dw), e.add(e.mul(half, dcy), dh)};
    }
    operandAdjoints[0] = ConcatOp::create(b, getLoc(), parts, uint64_t{1});
  }
  return success();
}
