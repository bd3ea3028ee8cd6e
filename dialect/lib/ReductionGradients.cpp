//===- ReductionGradients.cpp - adjoint rules of the reductions -------------===//
//
// sum: the adjoint broadcast back over the reduced axes; mean: the same
// over the count; max/min: to the elements equal to the extremum, split
// evenly among ties (torch.amax/amin); L2 norm: g * x / y, 0 where y = 0.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/DataMovementOps.h"
#include "dlc/Dialect/DLC/GradientUtils.h"
#include "dlc/Dialect/DLC/ReductionOps.h"

using namespace mlir;
using namespace mlir::dlc;
using grad::Emitter;

namespace {

/// The reduced axes of `op` (normalized; every axis when empty).
SmallVector<int64_t> reducedAxes(ArrayRef<int64_t> axes, int64_t rank) {
  SmallVector<int64_t> out;
  if (axes.empty())
    for (int64_t d = 0; d < rank; ++d)
      out.push_back(d);
  for (int64_t a : axes)
    out.push_back(a < 0 ? a + rank : a);
  return out;
}

/// The rule shared by the reductions: `g` and the output brought back to
/// the input's rank (reduced axes as 1s), then `fn(e, g, y)` at the input's
/// shape (broadcasting does the rest).
template <typename OpTy, typename Fn>
LogicalResult reduction(OpTy op, OpBuilder &b, ArrayRef<Value> resultAdjoints,
                        ArrayRef<bool> needed, SmallVectorImpl<Value> &operandAdjoints,
                        Fn fn) {
  grad::initAdjoints(op, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g || !needed[0])
    return success();
  Emitter e(b, op.getLoc());
  auto inShape = cast<RankedTensorType>(op.getInput().getType()).getShape();
  SmallVector<int64_t> kept(inShape);
  SmallVector<int64_t> axes = reducedAxes(op.getAxes(), inShape.size());
  int64_t count = 1;
  for (int64_t a : axes) {
    count *= kept[a];
    kept[a] = 1;
  }
  // The output at the input's rank, for the rules that read it.
  auto yKept = [&] { return e.reshape(op.getOutput(), kept); };
  Value d = fn(e, e.reshape(g, kept), yKept, axes, static_cast<double>(count));
  // Broadcast to the input's shape when `fn` left it reduced.
  if (cast<RankedTensorType>(d.getType()).getShape() != inShape)
    d = ExpandOp::create(b, op.getLoc(), d, inShape);
  operandAdjoints[0] = d;
  return success();
}

/// max/min: g to the elements equal to the result, over their count.
template <typename OpTy>
LogicalResult extremum(OpTy op, OpBuilder &b, ArrayRef<Value> resultAdjoints,
                       ArrayRef<bool> needed, SmallVectorImpl<Value> &operandAdjoints) {
  return reduction(op, b, resultAdjoints, needed, operandAdjoints,
                   [&](Emitter &e, Value g, auto y, ArrayRef<int64_t> axes, double) {
                     Value hit = e.compare(op.getInput(), y(), "eq");
                     return e.mul(hit, e.div(g, e.sumKeep(hit, axes)));
                   });
}

} // namespace

DLC_ADJOINTS(ReduceSumOp) {
  return reduction(*this, b, resultAdjoints, needed, operandAdjoints,
                   [](Emitter &, Value g, auto, ArrayRef<int64_t>, double) { return g; });
}

DLC_ADJOINTS(ReduceMeanOp) {
  return reduction(*this, b, resultAdjoints, needed, operandAdjoints,
                   [](Emitter &e, Value g, auto, ArrayRef<int64_t>, double count) {
                     return e.mul(g, e.scalar(1.0 / count));
                   });
}

DLC_ADJOINTS(ReduceMaxOp) {
  return extremum(*this, b, resultAdjoints, needed, operandAdjoints);
}

DLC_ADJOINTS(ReduceMinOp) {
  return extremum(*this, b, resultAdjoints, needed, operandAdjoints);
}

DLC_ADJOINTS(ReduceL2Op) {
  return reduction(*this, b, resultAdjoints, needed, operandAdjoints,
                   [&](Emitter &e, Value g, auto yKept, ArrayRef<int64_t>, double) {
                     Value zero = e.scalar(0), y = yKept();
                     Value d = e.div(e.mul(g, getInput()), y);
                     return e.select(e.compare(y, zero, "eq"), zero, d);
                   });
}
