//===- ActivationGradients.cpp - adjoint rules of the activation family ----===//
//
// The reverse-mode rules (DifferentiableOpInterface) of the activations,
// softmax/log-softmax, dropout and the broadcasting elementwise arithmetic.
// They follow PyTorch's derivatives.yaml where a derivative is a choice:
// relu'(0) = 0, leaky_relu and prelu route by x > 0, clip passes the
// gradient for min <= x <= max, hard_sigmoid only strictly inside its ramp,
// hard_swish takes the ramp's slope at the kinks -3 and 3, abs'(0) = 0, max/min
// split ties evenly.
// An operand's adjoint is always summed down to the operand's own shape.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/ActivationOps.h"
#include "dlc/Dialect/DLC/DataMovementOps.h"
#include "dlc/Dialect/DLC/GradientUtils.h"

#include <cmath>

using namespace mlir;
using namespace mlir::dlc;
using grad::Emitter;

namespace {

/// The rule of a one-operand op whose adjoint is `fn(e, g)`.
template <typename Fn>
LogicalResult unary(Operation *op, OpBuilder &b, ArrayRef<Value> resultAdjoints,
                    ArrayRef<bool> needed, SmallVectorImpl<Value> &operandAdjoints,
                    Fn fn) {
  grad::initAdjoints(op, operandAdjoints);
  if (!needed[0] || !resultAdjoints[0])
    return success();
  Emitter e(b, op->getLoc());
  operandAdjoints[0] = fn(e, resultAdjoints[0]);
  return success();
}

/// The rule of a broadcasting two-operand op: `dlhs(e, g)` and `drhs(e, g)`
/// at the result's shape, then summed down to each operand's shape.
template <typename FnL, typename FnR>
LogicalResult binary(Operation *op, OpBuilder &b, ArrayRef<Value> resultAdjoints,
                     ArrayRef<bool> needed, SmallVectorImpl<Value> &operandAdjoints,
                     FnL dlhs, FnR drhs) {
  grad::initAdjoints(op, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g)
    return success();
  Emitter e(b, op->getLoc());
  if (needed[0])
    operandAdjoints[0] = e.reduceLike(dlhs(e, g), op->getOperand(0));
  if (needed[1])
    operandAdjoints[1] = e.reduceLike(drhs(e, g), op->getOperand(1));
  return success();
}

/// g where `mask` (f32) is nonzero, else 0.
Value where(Emitter &e, Value mask, Value g) { return e.select(mask, g, e.scalar(0)); }

} // namespace

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

DLC_ADJOINTS(ReluOp) {
  return unary(*this, b, resultAdjoints, needed, operandAdjoints, [&](Emitter &e, Value g) {
    return where(e, e.compare(getInput(), e.scalar(0), "gt"), g);
  });
}

DLC_ADJOINTS(SigmoidOp) {
  // g * y * (1 - y)
  return unary(*this, b, resultAdjoints, needed, operandAdjoints, [&](Emitter &e, Value g) {
    Value y = getOutput();
    return e.mul(g, e.mul(y, e.sub(e.scalar(1), y)));
  });
}

DLC_ADJOINTS(TanhOp) {
  // g * (1 - y^2)
  return unary(*this, b, resultAdjoints, needed, operandAdjoints, [&](Emitter &e, Value g) {
    Value y = getOutput();
    return e.mul(g, e.sub(e.scalar(1), e.mul(y, y)));
  });
}

DLC_ADJOINTS(LeakyReluOp) {
  return unary(*this, b, resultAdjoints, needed, operandAdjoints, [&](Emitter &e, Value g) {
    Value scaled = e.mul(g, e.scalar(getAlpha().convertToFloat()));
    return e.select(e.compare(getInput(), e.scalar(0), "gt"), g, scaled);
  });
}

DLC_ADJOINTS(ClipOp) {
  // The gradient passes where min <= x <= max (torch.clamp's rule).
  return unary(*this, b, resultAdjoints, needed, operandAdjoints, [&](Emitter &e, Value g) {
    Value x = getInput();
    Value inside = e.mul(e.compare(x, e.scalar(getMin().convertToFloat()), "ge"),
                         e.compare(x, e.scalar(getMax().convertToFloat()), "le"));
    return where(e, inside, g);
  });
}

DLC_ADJOINTS(HardSigmoidOp) {
  // alpha * g where the output is strictly between its bounds.
  return unary(*this, b, resultAdjoints, needed, operandAdjoints, [&](Emitter &e, Value g) {
    Value y = getOutput();
    Value inside = e.mul(e.compare(y, e.scalar(0), "gt"), e.compare(y, e.scalar(1), "lt"));
    return where(e, inside, e.mul(g, e.scalar(getAlpha().convertToFloat())));
  });
}

DLC_ADJOINTS(HardSwishOp) {
  // 0 below -3, g * (x / 3 + 1/2) up to 3, g above (torch's rule).
  return unary(*this, b, resultAdjoints, needed, operandAdjoints, [&](Emitter &e, Value g) {
    Value x = getInput();
    Value ramp = e.mul(g, e.add(e.mul(x, e.scalar(1.0 / 3.0)), e.scalar(0.5)));
    Value upper = e.select(e.compare(x, e.scalar(3), "le"), ramp, g);
    return e.select(e.compare(x, e.scalar(-3), "lt"), e.scalar(0), upper);
  });
}

DLC_ADJOINTS(ErfOp) {
  // g * 2 / sqrt(pi) * exp(-x^2)
  return unary(*this, b, resultAdjoints, needed, operandAdjoints, [&](Emitter &e, Value g) {
    Value x = getInput();
    return e.mul(g, e.mul(e.scalar(M_2_SQRTPI), e.exp(e.neg(e.mul(x, x)))));
  });
}

DLC_ADJOINTS(GeluOp) {
  return unary(*this, b, resultAdjoints, needed, operandAdjoints, [&](Emitter &e, Value g) {
    Value x = getInput();
    if (getApproximate() == "tanh") {
      // d/dx [x/2 (1 + t)] = (1 + t)/2 + x/2 (1 - t^2) sqrt(2/pi) (1 + 3k x^2),
      // t = tanh(sqrt(2/pi) (x + k x^3)), k = 0.044715.
      const double beta = std::sqrt(2.0 / M_PI), kappa = 0.044715;
      Value square = e.mul(x, x);
      Value inner = e.mul(e.scalar(beta), e.add(x, e.mul(e.scalar(kappa), e.mul(square, x))));
      Value t = e.tanh(inner);
      Value left = e.mul(e.scalar(0.5), e.add(e.scalar(1), t));
      Value dinner = e.mul(e.scalar(beta), e.add(e.scalar(1), e.mul(e.scalar(3 * kappa), square)));
      Value right = e.mul(e.mul(e.mul(e.scalar(0.5), x), e.sub(e.scalar(1), e.mul(t, t))), dinner);
      return e.mul(g, e.add(left, right));
    }
    // Phi(x) + x phi(x): the normal CDF and density.
    Value cdf = e.mul(e.scalar(0.5), e.add(e.scalar(1), e.erf(e.mul(x, e.scalar(M_SQRT1_2)))));
    Value pdf = e.mul(e.scalar(0.5 * M_2_SQRTPI * M_SQRT1_2),
                      e.exp(e.mul(e.scalar(-0.5), e.mul(x, x))));
    return e.mul(g, e.add(cdf, e.mul(x, pdf)));
  });
}

DLC_ADJOINTS(SoftplusOp) {
  // g * sigmoid(x)
  return unary(*this, b, resultAdjoints, needed, operandAdjoints, [&](Emitter &e, Value g) {
    return e.mul(g, e.sigmoid(getInput()));
  });
}

DLC_ADJOINTS(PReluOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g)
    return success();
  Emitter e(b, getLoc());
  Value x = getInput(), slope = getSlope();
  Value positive = e.compare(x, e.scalar(0), "gt");
  auto xShape = cast<RankedTensorType>(x.getType()).getShape();
  auto sShape = cast<RankedTensorType>(slope.getType()).getShape();
  bool perChannel = sShape.size() == 1 && xShape.size() >= 2 && sShape[0] == xShape[1];
  // A per-channel slope reads dim 1: view it as [C, 1, ...] to broadcast.
  SmallVector<int64_t> view(sShape);
  if (perChannel)
    view.append(xShape.size() - 2, 1);
  Value slopeView = e.reshape(slope, view);
  if (needed[0])
    operandAdjoints[0] = e.select(positive, g, e.mul(g, slopeView));
  if (needed[1]) {
    Value contribution = e.select(positive, e.scalar(0), e.mul(g, x));
    Value summed = grad::reduceToShape(b, getLoc(), contribution, view);
    operandAdjoints[1] = e.reshape(summed, sShape);
  }
  return success();
}

DLC_ADJOINTS(MaxoutOp) {
  // The gradient of output channel c goes to input channel c*k + index.
  grad::initAdjoints(*this, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g || !needed[0])
    return success();
  Emitter e(b, getLoc());
  auto outShape = cast<RankedTensorType>(g.getType()).getShape();
  int64_t k = static_cast<int64_t>(getPieces());
  SmallVector<int64_t> grouped(outShape);
  grouped.insert(grouped.begin() + 2, 1);
  Value index = CastOp::create(
      b, getLoc(), RankedTensorType::get(outShape, b.getF32Type()), getIndices());
  Value pieces = grad::iota(b, getLoc(), k, grouped.size(), 2);
  Value chosen = e.compare(e.reshape(index, grouped), pieces, "eq");
  Value routed = where(e, chosen, e.reshape(g, grouped));
  operandAdjoints[0] = e.reshape(routed, cast<RankedTensorType>(getInput().getType()).getShape());
  return success();
}

DLC_ADJOINTS(DropoutOp) {
  // g * mask / (1 - ratio) in training; the identity otherwise.
  return unary(*this, b, resultAdjoints, needed, operandAdjoints, [&](Emitter &e, Value g) {
    float ratio = getRatio().convertToFloat();
    if (!getTraining() || ratio == 0.0f)
      return g;
    return e.mul(e.mul(g, getMask()), e.scalar(1.0 / (1.0 - ratio)));
  });
}

DLC_ADJOINTS(SoftmaxOp) {
  // y * (g - sum(g * y))
  return unary(*this, b, resultAdjoints, needed, operandAdjoints, [&](Emitter &e, Value g) {
    Value y = getOutput();
    int64_t axis = getAxis();
    return e.mul(y, e.sub(g, e.sumKeep(e.mul(g, y), {axis})));
  });
}

DLC_ADJOINTS(LogSoftmaxOp) {
  // g - exp(y) * sum(g)
  return unary(*this, b, resultAdjoints, needed, operandAdjoints, [&](Emitter &e, Value g) {
    int64_t axis = getAxis();
    return e.sub(g, e.mul(e.exp(getOutput()), e.sumKeep(g, {axis})));
  });
}

//===----------------------------------------------------------------------===//
// Elementwise math
//===----------------------------------------------------------------------===//

DLC_ADJOINTS(ExpOp) {
  return unary(*this, b, resultAdjoints, needed, operandAdjoints,
               [&](Emitter &e, Value g) { return e.mul(g, getOutput()); });
}

DLC_ADJOINTS(LogOp) {
  return unary(*this, b, resultAdjoints, needed, operandAdjoints,
               [&](Emitter &e, Value g) { return e.div(g, getInput()); });
}

DLC_ADJOINTS(SqrtOp) {
  // g / (2 sqrt(x))
  return unary(*this, b, resultAdjoints, needed, operandAdjoints, [&](Emitter &e, Value g) {
    return e.div(g, e.mul(e.scalar(2), getOutput()));
  });
}

DLC_ADJOINTS(NegOp) {
  return unary(*this, b, resultAdjoints, needed, operandAdjoints,
               [&](Emitter &e, Value g) { return e.neg(g); });
}

DLC_ADJOINTS(AbsOp) {
  // g * sign(x), sign(0) = 0
  return unary(*this, b, resultAdjoints, needed, operandAdjoints, [&](Emitter &e, Value g) {
    Value x = getInput(), zero = e.scalar(0);
    return e.select(e.compare(x, zero, "gt"), g,
                    e.select(e.compare(x, zero, "lt"), e.neg(g), zero));
  });
}

DLC_ADJOINTS(ReciprocalOp) {
  // -g * y^2
  return unary(*this, b, resultAdjoints, needed, operandAdjoints, [&](Emitter &e, Value g) {
    Value y = getOutput();
    return e.neg(e.mul(g, e.mul(y, y)));
  });
}

//===----------------------------------------------------------------------===//
// Broadcasting arithmetic
//===----------------------------------------------------------------------===//

DLC_ADJOINTS(AddOp) {
  return binary(*this, b, resultAdjoints, needed, operandAdjoints,
                [](Emitter &, Value g) { return g; }, [](Emitter &, Value g) { return g; });
}

DLC_ADJOINTS(SubOp) {
  return binary(*this, b, resultAdjoints, needed, operandAdjoints,
                [](Emitter &, Value g) { return g; },
                [](Emitter &e, Value g) { return e.neg(g); });
}

DLC_ADJOINTS(MulOp) {
  return binary(*this, b, resultAdjoints, needed, operandAdjoints,
                [&](Emitter &e, Value g) { return e.mul(g, getRhs()); },
                [&](Emitter &e, Value g) { return e.mul(g, getLhs()); });
}

DLC_ADJOINTS(DivOp) {
  // d/da = g / b, d/db = -g * a / b^2
  return binary(*this, b, resultAdjoints, needed, operandAdjoints,
                [&](Emitter &e, Value g) { return e.div(g, getRhs()); },
                [&](Emitter &e, Value g) {
                  return e.neg(e.div(e.mul(g, getLhs()), e.mul(getRhs(), getRhs())));
                });
}

namespace {
/// max/min: the gradient goes to the selected operand; ties split it evenly
/// (torch.maximum/minimum). `wins` is "gt" for max, "lt" for min.
LogicalResult extremumAdjoints(Operation *op, OpBuilder &b, ArrayRef<Value> resultAdjoints,
                               ArrayRef<bool> needed,
                               SmallVectorImpl<Value> &operandAdjoints, StringRef wins) {
  Value lhs = op->getOperand(0), rhs = op->getOperand(1);
  auto lhsShare = [&](Emitter &e) {
    return e.add(e.compare(lhs, rhs, wins), e.mul(e.scalar(0.5), e.compare(lhs, rhs, "eq")));
  };
  return binary(op, b, resultAdjoints, needed, operandAdjoints,
                [&](Emitter &e, Value g) { return e.mul(g, lhsShare(e)); },
                [&](Emitter &e, Value g) {
                  return e.mul(g, e.sub(e.scalar(1), lhsShare(e)));
                });
}
} // namespace

DLC_ADJOINTS(MaxOp) {
  return extremumAdjoints(*this, b, resultAdjoints, needed, operandAdjoints, "gt");
}

DLC_ADJOINTS(MinOp) {
  return extremumAdjoints(*this, b, resultAdjoints, needed, operandAdjoints, "lt");
}

DLC_ADJOINTS(PowOp) {
  // d/da = g * b * a^(b - 1); d/db = g * a^b * log(a), 0 where a = 0 (torch).
  return binary(*this, b, resultAdjoints, needed, operandAdjoints,
                [&](Emitter &e, Value g) {
                  Value exponent = getRhs();
                  Value power = PowOp::create(e.b, e.loc, getLhs(),
                                              e.sub(exponent, e.scalar(1)));
                  return e.mul(g, e.mul(exponent, power));
                },
                [&](Emitter &e, Value g) {
                  Value a = getLhs();
                  Value d = e.mul(g, e.mul(getOutput(), e.log(a)));
                  return e.select(e.compare(a, e.scalar(0), "eq"), e.scalar(0), d);
                });
}

DLC_ADJOINTS(CompareOp) {
  // A step function: zero almost everywhere.
  grad::initAdjoints(*this, operandAdjoints);
  return success();
}

DLC_ADJOINTS(SelectOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g)
    return success();
  Emitter e(b, getLoc());
  Value zero = e.scalar(0);
  if (needed[1])
    operandAdjoints[1] = e.reduceLike(e.select(getCondition(), g, zero), getOnTrue());
  if (needed[2])
    operandAdjoints[2] = e.reduceLike(e.select(getCondition(), zero, g), getOnFalse());
  return success();
}
