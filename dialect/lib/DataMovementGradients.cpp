//===- DataMovementGradients.cpp - adjoint rules of data movement -----------===//
//
// reshape/flatten: the adjoint reshaped back; transpose: the inverse
// permutation; concat: slices; split: a concat (zeros for pieces that do not
// reach the loss); expand: the sum over what was broadcast; slice: the
// adjoint scattered back into zeros, axis by axis (a negative step is a
// flip, a step s > 1 interleaves s - 1 zeros, then a pad places it); pad:
// the inverse crop, plus for "edge" and "reflect" the padded border folded
// back onto the elements it copied; channel_shuffle: the shuffle with C/g
// groups; gather and scatter_add: each other (scatter_add is gather's
// transpose, see its ODS description).
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/DataMovementOps.h"
#include "dlc/Dialect/DLC/GradientUtils.h"

#include <limits>

using namespace mlir;
using namespace mlir::dlc;
using grad::Emitter;

namespace {
ArrayRef<int64_t> shapeOf(Value v) { return cast<RankedTensorType>(v.getType()).getShape(); }

/// An I64Attr axis (whose accessor is unsigned) read back signed and
/// normalized against `rank`.
int64_t normalizedAxis(uint64_t axis, int64_t rank) {
  auto signedAxis = static_cast<int64_t>(axis);
  return signedAxis < 0 ? signedAxis + rank : signedAxis;
}

/// `v` padded along `axis` by `before` and `after` (negative: cropped).
Value padAxis(Emitter &e, Value v, int64_t axis, int64_t before, int64_t after) {
  if (before == 0 && after == 0)
    return v;
  int64_t rank = shapeOf(v).size();
  SmallVector<int64_t> pads(2 * rank, 0);
  pads[axis] = before;
  pads[axis + rank] = after;
  return PadOp::create(e.b, e.loc, v, pads);
}

/// `v` reversed along `axis`.
Value flipAxis(Emitter &e, Value v, int64_t axis) {
  return SliceOp::create(e.b, e.loc, v, ArrayRef<int64_t>{-1},
                         ArrayRef<int64_t>{std::numeric_limits<int64_t>::min()},
                         e.b.getDenseI64ArrayAttr({axis}), e.b.getDenseI64ArrayAttr({-1}));
}

/// Sum of `v` over `axis`, kept as an extent of 1.
Value sumAxis(Emitter &e, Value v, int64_t axis) { return e.sumKeep(v, {axis}); }
} // namespace

namespace {
/// The rule of ops whose adjoint is the result adjoint reshaped back.
LogicalResult reshapeBack(Operation *op, OpBuilder &b, ArrayRef<Value> resultAdjoints,
                          ArrayRef<bool> needed, SmallVectorImpl<Value> &operandAdjoints) {
  grad::initAdjoints(op, operandAdjoints);
  if (resultAdjoints[0] && needed[0]) {
    Emitter e(b, op->getLoc());
    operandAdjoints[0] = e.reshape(resultAdjoints[0], shapeOf(op->getOperand(0)));
  }
  return success();
}
} // namespace

DLC_ADJOINTS(ReshapeOp) { return reshapeBack(*this, b, resultAdjoints, needed, operandAdjoints); }
DLC_ADJOINTS(FlattenOp) { return reshapeBack(*this, b, resultAdjoints, needed, operandAdjoints); }

DLC_ADJOINTS(TransposeOp) {
  grad::initAdjoints(*this, operandAdjoints);
  if (!resultAdjoints[0] || !needed[0])
    return success();
  ArrayRef<int64_t> perm = getPerm();
  SmallVector<int64_t> inverse(perm.size());
  for (size_t i = 0; i < perm.size(); ++i)
    inverse[perm[i]] = static_cast<int64_t>(i);
  Emitter e(b, getLoc());
  operandAdjoints[0] = e.transpose(resultAdjoints[0], inverse);
  return success();
}

DLC_ADJOINTS(ExpandOp) {
  grad::initAdjoints(*this, operandAdjoints);
  if (resultAdjoints[0] && needed[0]) {
    Emitter e(b, getLoc());
    operandAdjoints[0] = e.reduceLike(resultAdjoints[0], getInput());
  }
  return success();
}

DLC_ADJOINTS(ConcatOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g)
    return success();
  Emitter e(b, getLoc());
  int64_t axis = normalizedAxis(getAxis(), shapeOf(g).size());
  int64_t offset = 0;
  for (auto [i, input] : llvm::enumerate(getInputs())) {
    int64_t size = shapeOf(input)[axis];
    if (needed[i])
      operandAdjoints[i] = e.slice(g, axis, offset, size);
    offset += size;
  }
  return success();
}

DLC_ADJOINTS(SplitOp) {
  grad::initAdjoints(*this, operandAdjoints);
  if (!needed[0] || llvm::none_of(resultAdjoints, [](Value v) { return bool(v); }))
    return success();
  Emitter e(b, getLoc());
  SmallVector<Value> pieces;
  for (auto [g, r] : llvm::zip(resultAdjoints, getOutputs()))
    if (cast<RankedTensorType>(r.getType()).getNumElements() > 0)
      pieces.push_back(grad::orZeros(b, getLoc(), g, r));
  int64_t axis = normalizedAxis(getAxis(), shapeOf(getInput()).size());
  operandAdjoints[0] = pieces.size() == 1 ? pieces.front()
                                          : ConcatOp::create(b, getLoc(), pieces,
                                                             static_cast<uint64_t>(axis))
                                                .getResult();
  return success();
}

DLC_ADJOINTS(SliceOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g || !needed[0])
    return success();
  ArrayRef<int64_t> in = shapeOf(getInput());
  auto bounds = computeSliceBounds(getLoc(), in, getStarts(), getEnds(), getAxes(),
                                   getSteps());
  if (failed(bounds))
    return failure();
  Emitter e(b, getLoc());
  Value v = g;
  int64_t rank = in.size();
  for (int64_t axis = 0; axis < rank; ++axis) {
    SliceAxisBounds s = (*bounds)[axis];
    if (s.start == 0 && s.step == 1 && s.size == in[axis])
      continue;
    if (s.size == 0) {
      // Nothing was read along this axis: the whole adjoint is zero.
      SmallVector<int64_t> shape(shapeOf(v));
      shape[axis] = in[axis];
      v = grad::filled(b, getLoc(), RankedTensorType::get(shape, b.getF32Type()), 0.0);
      continue;
    }
    int64_t start = s.start, step = s.step;
    if (step < 0) {
      // Read backwards: flip, and start from the lowest index read.
      v = flipAxis(e, v, axis);
      start += (s.size - 1) * step;
      step = -step;
    }
    if (step > 1) {
      // Interleave step - 1 zeros after each element (the last one's are
      // cropped by the pad below).
      SmallVector<int64_t> split(shapeOf(v));
      split.insert(split.begin() + axis + 1, 1);
      v = padAxis(e, e.reshape(v, split), axis + 1, 0, step - 1);
      SmallVector<int64_t> merged(shapeOf(v));
      merged[axis] *= step;
      merged.erase(merged.begin() + axis + 1);
      v = e.reshape(v, merged);
    }
    int64_t extent = shapeOf(v)[axis];
    v = padAxis(e, v, axis, start, in[axis] - start - extent);
  }
  operandAdjoints[0] = v;
  return success();
}

DLC_ADJOINTS(PadOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g || !needed[0])
    return success();
  Emitter e(b, getLoc());
  ArrayRef<int64_t> in = shapeOf(getInput());
  ArrayRef<int64_t> pads = getPads();
  int64_t rank = in.size();
  StringRef mode = getMode();
  Value v = g;
  // Axis by axis: crop the border away and, for edge/reflect, add what the
  // border copied onto the elements it copied from.
  for (int64_t axis = 0; axis < rank; ++axis) {
    int64_t before = pads[axis], after = pads[axis + rank], d = in[axis];
    if (before == 0 && after == 0)
      continue;
    Value center = padAxis(e, v, axis, -before, -after);
    if (mode == "edge" || mode == "reflect") {
      bool edge = mode == "edge";
      if (before > 0) {
        Value border = e.slice(v, axis, 0, before);
        // edge: every border element copies element 0; reflect: border
        // element j copies element before - j.
        Value folded = edge ? padAxis(e, sumAxis(e, border, axis), axis, 0, d - 1)
                            : padAxis(e, flipAxis(e, border, axis), axis, 1,
                                      d - 1 - before);
        center = e.add(center, folded);
      }
      if (after > 0) {
        Value border = e.slice(v, axis, before + d, after);
        Value folded = edge ? padAxis(e, sumAxis(e, border, axis), axis, d - 1, 0)
                            : padAxis(e, flipAxis(e, border, axis), axis,
                                      d - 1 - after, 1);
        center = e.add(center, folded);
      }
    }
    v = center;
  }
  operandAdjoints[0] = v;
  return success();
}

DLC_ADJOINTS(ChannelShuffleOp) {
  grad::initAdjoints(*this, operandAdjoints);
  if (!resultAdjoints[0] || !needed[0])
    return success();
  int64_t channels = shapeOf(getInput())[1];
  operandAdjoints[0] = ChannelShuffleOp::create(b, getLoc(), resultAdjoints[0],
                                                channels / static_cast<int64_t>(getGroups()));
  return success();
}

DLC_ADJOINTS(GatherOp) {
  // Every output slice read data at its index: the adjoint sums them back
  // there, repeated indices accumulating.
  grad::initAdjoints(*this, operandAdjoints);
  if (!resultAdjoints[0] || !needed[0])
    return success();
  ArrayRef<int64_t> data = shapeOf(getData());
  int64_t axis = normalizedAxis(getAxis(), data.size());
  operandAdjoints[0] = ScatterAddOp::create(b, getLoc(), resultAdjoints[0], getIndices(),
                                            getAxis(), static_cast<uint64_t>(data[axis]));
  return success();
}

DLC_ADJOINTS(ScatterAddOp) {
  grad::initAdjoints(*this, operandAdjoints);
  if (!resultAdjoints[0] || !needed[0])
    return success();
  operandAdjoints[0] = GatherOp::create(b, getLoc(), resultAdjoints[0], getIndices(), getAxis());
  return success();
}
