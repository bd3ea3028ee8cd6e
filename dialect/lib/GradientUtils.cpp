//===- GradientUtils.cpp - helpers of the ops' adjoint rules ----------------===//
//
// See GradientUtils.h. Also instantiates the DifferentiableOpInterface.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/GradientUtils.h"
#include "dlc/Dialect/DLC/ActivationOps.h"
#include "dlc/Dialect/DLC/DataMovementOps.h"
#include "dlc/Dialect/DLC/DifferentiableOpInterface.h"
#include "dlc/Dialect/DLC/ReductionOps.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace mlir::dlc;

#include "dlc/Dialect/DLC/DifferentiableOpInterface.cpp.inc"

Value grad::filled(OpBuilder &b, Location loc, RankedTensorType type, double value) {
  auto attr = DenseElementsAttr::get(type, b.getFloatAttr(b.getF32Type(), value));
  return ConstantOp::create(b, loc, cast<ElementsAttr>(attr));
}

Value grad::scalar(OpBuilder &b, Location loc, double value) {
  return filled(b, loc, RankedTensorType::get({}, b.getF32Type()), value);
}

Value grad::iota(OpBuilder &b, Location loc, int64_t extent, int64_t rank, int64_t axis) {
  SmallVector<int64_t> shape(rank, 1);
  shape[axis] = extent;
  SmallVector<float> values;
  for (int64_t i = 0; i < extent; ++i)
    values.push_back(static_cast<float>(i));
  auto type = RankedTensorType::get(shape, b.getF32Type());
  return ConstantOp::create(
      b, loc, cast<ElementsAttr>(DenseElementsAttr::get(type, ArrayRef<float>(values))));
}

Value grad::orZeros(OpBuilder &b, Location loc, Value adjoint, Value like) {
  if (adjoint)
    return adjoint;
  return filled(b, loc, cast<RankedTensorType>(like.getType()), 0.0);
}

Value grad::reduceToShape(OpBuilder &b, Location loc, Value g, ArrayRef<int64_t> shape) {
  ArrayRef<int64_t> from = cast<RankedTensorType>(g.getType()).getShape();
  if (from == shape)
    return g;
  int64_t lead = static_cast<int64_t>(from.size() - shape.size());
  SmallVector<int64_t> axes;
  for (int64_t d = 0; d < static_cast<int64_t>(from.size()); ++d)
    if (d < lead || (shape[d - lead] == 1 && from[d] != 1))
      axes.push_back(d);
  Value summed = axes.empty() ? g : ReduceSumOp::create(b, loc, g, axes, true);
  if (cast<RankedTensorType>(summed.getType()).getShape() == shape)
    return summed;
  return ReshapeOp::create(b, loc, summed, shape);
}

void grad::initAdjoints(Operation *op, SmallVectorImpl<Value> &operandAdjoints) {
  operandAdjoints.assign(op->getNumOperands(), Value());
}

Value grad::Emitter::add(Value x, Value y) { return AddOp::create(b, loc, x, y); }
Value grad::Emitter::sub(Value x, Value y) { return SubOp::create(b, loc, x, y); }
Value grad::Emitter::mul(Value x, Value y) { return MulOp::create(b, loc, x, y); }
Value grad::Emitter::div(Value x, Value y) { return DivOp::create(b, loc, x, y); }
Value grad::Emitter::neg(Value x) { return NegOp::create(b, loc, x); }
Value grad::Emitter::max(Value x, Value y) { return MaxOp::create(b, loc, x, y); }
Value grad::Emitter::exp(Value x) { return ExpOp::create(b, loc, x); }
Value grad::Emitter::log(Value x) { return LogOp::create(b, loc, x); }
Value grad::Emitter::tanh(Value x) { return TanhOp::create(b, loc, x); }
Value grad::Emitter::sigmoid(Value x) { return SigmoidOp::create(b, loc, x); }
Value grad::Emitter::erf(Value x) { return ErfOp::create(b, loc, x); }

Value grad::Emitter::compare(Value x, Value y, StringRef predicate) {
  return CompareOp::create(b, loc, x, y, predicate);
}

Value grad::Emitter::select(Value condition, Value onTrue, Value onFalse) {
  return SelectOp::create(b, loc, condition, onTrue, onFalse);
}

Value grad::Emitter::sumKeep(Value x, ArrayRef<int64_t> axes) {
  return ReduceSumOp::create(b, loc, x, axes, true);
}

Value grad::Emitter::reshape(Value x, ArrayRef<int64_t> shape) {
  if (cast<RankedTensorType>(x.getType()).getShape() == shape)
    return x;
  return ReshapeOp::create(b, loc, x, shape);
}

Value grad::Emitter::transpose(Value x, ArrayRef<int64_t> perm) {
  return TransposeOp::create(b, loc, x, perm);
}

Value grad::Emitter::slice(Value x, int64_t axis, int64_t start, int64_t size) {
  return SliceOp::create(b, loc, x, ArrayRef<int64_t>{start}, ArrayRef<int64_t>{start + size},
                         b.getDenseI64ArrayAttr({axis}), b.getDenseI64ArrayAttr({1}));
}

Value grad::Emitter::concat(ArrayRef<Value> values, int64_t axis) {
  if (values.size() == 1)
    return values.front();
  return ConcatOp::create(b, loc, values, static_cast<uint64_t>(axis));
}
