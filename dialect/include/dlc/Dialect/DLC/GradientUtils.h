//===- GradientUtils.h - helpers of the ops' adjoint rules --------*- C++ -*-===//
//
// What the gradient rules of several families share: constants, zero
// adjoints for results that do not reach the loss, and the reduction of a
// broadcast result's adjoint back to an operand's shape (NumPy
// broadcasting's adjoint: sum over the dimensions it added or stretched).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_GRADIENTUTILS_H
#define DLC_DIALECT_DLC_GRADIENTUTILS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringRef.h"

namespace mlir::dlc::grad {

/// A dlc.constant of `type` (f32) filled with `value`.
Value filled(OpBuilder &b, Location loc, RankedTensorType type, double value);
/// A rank-0 f32 dlc.constant.
Value scalar(OpBuilder &b, Location loc, double value);
/// An f32 constant of rank `rank`, extent 1 everywhere but along `axis`,
/// where it holds 0, 1, ..., extent - 1 (to compare indices against).
Value iota(OpBuilder &b, Location loc, int64_t extent, int64_t rank, int64_t axis);
/// `adjoint`, or zeros of `like`'s type when it is null.
Value orZeros(OpBuilder &b, Location loc, Value adjoint, Value like);

/// Sums `g` (of a broadcast result's shape) down to `shape`: over the
/// leading dimensions broadcasting added and the unit dimensions it
/// stretched, then reshapes. Returns `g` when the shapes already match.
Value reduceToShape(OpBuilder &b, Location loc, Value g, ArrayRef<int64_t> shape);

/// Fills `operandAdjoints` with one null entry per operand of `op`.
void initAdjoints(Operation *op, SmallVectorImpl<Value> &operandAdjoints);

/// Builds dlc ops at one location so that rules read like their formulas:
/// `e.mul(g, e.sub(e.scalar(1), y))`. Operands broadcast NumPy-style.
class Emitter {
public:
  Emitter(OpBuilder &b, Location loc) : b(b), loc(loc) {}
  Value scalar(double value) { return grad::scalar(b, loc, value); }
  Value add(Value x, Value y);
  Value sub(Value x, Value y);
  Value mul(Value x, Value y);
  Value div(Value x, Value y);
  Value neg(Value x);
  Value max(Value x, Value y);
  Value exp(Value x);
  Value log(Value x);
  Value tanh(Value x);
  Value sigmoid(Value x);
  Value erf(Value x);
  /// 1.0 where `x <predicate> y`, else 0.0 (dlc.compare).
  Value compare(Value x, Value y, StringRef predicate);
  /// `onTrue` where `condition` is nonzero, else `onFalse` (dlc.select).
  Value select(Value condition, Value onTrue, Value onFalse);
  /// Sum over `axes` (negative counts from the end), keeping them as 1s.
  Value sumKeep(Value x, ArrayRef<int64_t> axes);
  Value reshape(Value x, ArrayRef<int64_t> shape);
  Value transpose(Value x, ArrayRef<int64_t> perm);
  /// `x[..., start : start + size, ...]` along `axis`.
  Value slice(Value x, int64_t axis, int64_t start, int64_t size);
  /// `values` joined along `axis` (the value itself when there is one).
  Value concat(ArrayRef<Value> values, int64_t axis);
  /// `g` summed down to `like`'s shape (broadcasting's adjoint).
  Value reduceLike(Value g, Value like) {
    return reduceToShape(b, loc, g, cast<RankedTensorType>(like.getType()).getShape());
  }

  OpBuilder &b;
  Location loc;
};

} // namespace mlir::dlc::grad

/// The signature of an op's gradient rule (DifferentiableOpInterface's
/// buildAdjoints), for the definitions in dialect/lib/<Family>Gradients.cpp:
/// `DLC_ADJOINTS(ReluOp) { ... }`.
#define DLC_ADJOINTS(OP)                                                         \
  LogicalResult OP::buildAdjoints(OpBuilder &b, ArrayRef<Value> resultAdjoints,  \
                                  ArrayRef<bool> needed,                         \
                                  SmallVectorImpl<Value> &operandAdjoints)

#endif // DLC_DIALECT_DLC_GRADIENTUTILS_H
