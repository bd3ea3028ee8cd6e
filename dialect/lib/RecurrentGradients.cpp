//===- RecurrentGradients.cpp - adjoint rules of rnn, lstm, gru (BPTT) -----===//
//
// Backpropagation through time for the recurrent layers and cells, laid out
// as RecurrentOps.td's BPTT note says. Nothing is saved beyond Y: the
// previous hidden states are initial_h followed by Y_1 ... Y_{T-1}, so the
// gate pre-activations of every step are recomputed with batched gemms
// ([T*N, I] x W^T and [T*N, H] x R^T; GRU's candidate block reads
// r * H_prev, itself elementwise in the recomputed pre-activations).
// dlc.<kind>_grad then runs the adjoint recurrence backwards in time (LSTM's
// cell states are rebuilt inside it by an elementwise scan) and returns the
// pre-activations' adjoints dA of every step, from which the rest are again
// batched over all steps:
//
//   dX = dA W,  dW = dA^T X,  dR = dA^T H_prev,  dWb = dRb = sum of dA rows
//
// (GRU: the input and recurrent parts have their own adjoints, and its
// candidate's block of dR reads r * H_prev without linear_before_reset);
// the peepholes' adjoints are sums of dA's gate blocks times C_{t-1} (p_i,
// p_f) or C_t (p_o). A cell is a one-step sequence.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/ActivationOps.h"
#include "dlc/Dialect/DLC/DataMovementOps.h"
#include "dlc/Dialect/DLC/GradientUtils.h"
#include "dlc/Dialect/DLC/LinearOps.h"
#include "dlc/Dialect/DLC/RecurrentOps.h"
#include "dlc/Dialect/DLC/ReductionOps.h"

#include <array>

using namespace mlir;
using namespace mlir::dlc;
using grad::Emitter;

namespace {

ArrayRef<int64_t> shapeOf(Value v) { return cast<RankedTensorType>(v.getType()).getShape(); }

RankedTensorType f32Type(OpBuilder &b, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, b.getF32Type());
}

enum class Kind { RNN, LSTM, GRU };

/// The operand roles a recurrent op's adjoints are built for.
enum Role { kX, kW, kR, kB, kH0, kC0, kP, kRoles };
/// One value per role (null: absent, not wanted, or zero).
using PerRole = std::array<Value, kRoles>;

/// One recurrent op seen as a sequence (a cell is a one-step sequence).
struct Layer {
  Kind kind;
  int64_t t, n, in, h;
  Value x;                ///< [T, N, I]
  Value w, r, b;          ///< b may be null
  Value h0, c0, p;        ///< null: zeros (h0, c0), no peepholes (p)
  Value y;                ///< [T, N, H], the hidden states (RNN only)
  StringRef activation = "tanh";
  bool inputForget = false, linearBeforeReset = false;

  int64_t gates() const { return kind == Kind::RNN ? 1 : kind == Kind::LSTM ? 4 : 3; }
};

/// `x w^T + bias` over the rows of `x` ([M, K] x [G*H, K]^T); `bias` is
/// null, [G*H] or [M, G*H].
Value linear(Emitter &e, Value x, Value w, Value bias) {
  OpBuilder &b = e.b;
  return GemmOp::create(b, e.loc, x, w, bias, b.getBoolAttr(false), b.getBoolAttr(true),
                        b.getF32FloatAttr(1.0f), b.getF32FloatAttr(1.0f));
}

/// `a^T c` ([M, P]^T x [M, Q]): a weight's adjoint summed over all rows.
Value rowsProduct(Emitter &e, Value a, Value c) {
  OpBuilder &b = e.b;
  return GemmOp::create(b, e.loc, a, c, Value(), b.getBoolAttr(true), b.getBoolAttr(false),
                        b.getF32FloatAttr(1.0f), b.getF32FloatAttr(1.0f));
}

/// The sum of `x` over `axes`, dropped.
Value sum(Emitter &e, Value x, ArrayRef<int64_t> axes) {
  return ReduceSumOp::create(e.b, e.loc, x, axes, false);
}

/// The B half `half` (0: Wb, 1: Rb), or null without bias.
Value biasHalf(Emitter &e, const Layer &l, int64_t half) {
  if (!l.b)
    return Value();
  int64_t gh = l.gates() * l.h;
  return e.slice(l.b, 0, half * gh, gh);
}

/// A state operand as one step [1, N, H] (zeros when absent).
Value stateStep(Emitter &e, const Layer &l, Value state) {
  if (!state)
    return grad::filled(e.b, e.loc, f32Type(e.b, {1, l.n, l.h}), 0.0);
  return e.reshape(state, {1, l.n, l.h});
}

/// H_{t-1} for every step: initial_h, then Y_1 ... Y_{T-1}; [T, N, H].
Value previousStates(Emitter &e, const Layer &l) {
  Value h0 = stateStep(e, l, l.h0);
  if (l.t == 1)
    return h0;
  return e.concat({h0, e.slice(l.y, 0, 0, l.t - 1)}, 0);
}

/// The adjoints of X, W, R and B from those of the pre-activations, all
/// steps at once: `dxa` of the input part X W^T + Wb (what W multiplies is
/// `x2`, [T*N, I]), `dha` of the recurrent part (what R multiplies is
/// `hIn`, [T*N, H], except GRU's candidate block, which multiplies
/// `candidateIn` when it is set).
void projectionAdjoints(Emitter &e, const Layer &l, Value x2, Value dxa, Value dha,
                        Value hIn, Value candidateIn, const std::array<bool, kRoles> &wanted,
                        PerRole &out) {
  int64_t rows = l.t * l.n, gh = l.gates() * l.h;
  Value dxa2 = e.reshape(dxa, {rows, gh});
  Value dha2 = dha == dxa ? dxa2 : e.reshape(dha, {rows, gh});
  if (wanted[kX]) {
    OpBuilder &b = e.b;
    Value dx = GemmOp::create(b, e.loc, dxa2, l.w, Value(), b.getBoolAttr(false),
                              b.getBoolAttr(false), b.getF32FloatAttr(1.0f),
                              b.getF32FloatAttr(1.0f));
    out[kX] = e.reshape(dx, {l.t, l.n, l.in});
  }
  if (wanted[kW])
    out[kW] = rowsProduct(e, dxa2, x2);
  if (wanted[kR]) {
    if (!candidateIn) {
      out[kR] = rowsProduct(e, dha2, hIn);
    } else {
      Value gates = rowsProduct(e, e.slice(dha2, 1, 0, gh - l.h), hIn);
      Value candidate = rowsProduct(e, e.slice(dha2, 1, gh - l.h, l.h), candidateIn);
      out[kR] = e.concat({gates, candidate}, 0);
    }
  }
  if (wanted[kB]) {
    Value dwb = sum(e, dxa2, {0});
    out[kB] = e.concat({dwb, dha == dxa ? dwb : sum(e, dha2, {0})}, 0);
  }
}

PerRole rnnAdjoints(Emitter &e, const Layer &l, const std::array<bool, kRoles> &wanted,
                    Value dy, Value dyH) {
  PerRole out;
  auto bptt = RNNGradOp::create(e.b, e.loc, l.y, l.r, dy, dyH,
                                e.b.getStringAttr(l.activation));
  out[kH0] = bptt.getDh0();
  Value hIn = wanted[kR] ? e.reshape(previousStates(e, l), {l.t * l.n, l.h}) : Value();
  Value x2 = e.reshape(l.x, {l.t * l.n, l.in});
  projectionAdjoints(e, l, x2, bptt.getDa(), bptt.getDa(), hIn, Value(), wanted, out);
  return out;
}

PerRole lstmAdjoints(Emitter &e, const Layer &l, const std::array<bool, kRoles> &wanted,
                     Value dy, Value dyH, Value dyC) {
  PerRole out;
  int64_t rows = l.t * l.n, hs = l.h;
  Value x2 = e.reshape(l.x, {rows, l.in});
  Value hPrev = e.reshape(previousStates(e, l), {rows, hs});
  // A = H_prev R^T + (X W^T + Wb + Rb): two gemms, the second accumulating.
  Value bias = l.b ? e.add(biasHalf(e, l, 0), biasHalf(e, l, 1)) : Value();
  Value a = linear(e, hPrev, l.r, linear(e, x2, l.w, bias));
  Value c0 = l.c0 ? l.c0 : grad::filled(e.b, e.loc, f32Type(e.b, {l.n, hs}), 0.0);
  auto bptt = LSTMGradOp::create(e.b, e.loc, e.reshape(a, {l.t, l.n, 4 * hs}), l.r, c0,
                                 dy, dyH, dyC, l.p, e.b.getBoolAttr(l.inputForget));
  out[kH0] = bptt.getDh0();
  out[kC0] = bptt.getDc0();
  Value da = bptt.getDa();
  projectionAdjoints(e, l, x2, da, da, hPrev, Value(), wanted, out);
  if (wanted[kP]) {
    // p_i and p_f multiply C_{t-1}, p_o multiplies C_t.
    Value c = bptt.getC();
    Value cPrev = stateStep(e, l, c0);
    if (l.t > 1)
      cPrev = e.concat({cPrev, e.slice(c, 0, 0, l.t - 1)}, 0);
    auto peephole = [&](int64_t gate, Value state) {
      return sum(e, e.mul(e.slice(da, 2, gate * hs, hs), state), {0, 1});
    };
    Value dpi = l.inputForget ? grad::filled(e.b, e.loc, f32Type(e.b, {hs}), 0.0)
                              : peephole(0, cPrev);
    out[kP] = e.concat({dpi, peephole(1, c), peephole(2, cPrev)}, 0);
  }
  return out;
}

PerRole gruAdjoints(Emitter &e, const Layer &l, const std::array<bool, kRoles> &wanted,
                    Value dy, Value dyH) {
  PerRole out;
  int64_t rows = l.t * l.n, hs = l.h;
  Value x2 = e.reshape(l.x, {rows, l.in});
  Value hPrevSeq = previousStates(e, l);
  Value hPrev = e.reshape(hPrevSeq, {rows, hs});
  Value wb = biasHalf(e, l, 0), rb = biasHalf(e, l, 1);
  Value xa = linear(e, x2, l.w, wb);
  // The recurrent part; without linear_before_reset its candidate block is
  // (r * H_prev) R_h^T + Rb_h, r recomputed from the z, r blocks first.
  Value ha, resetState;
  if (l.linearBeforeReset) {
    ha = linear(e, hPrev, l.r, rb);
  } else {
    auto rows2H = [&](Value v, int64_t start, int64_t size) {
      return v ? e.slice(v, 0, start * hs, size * hs) : Value();
    };
    Value hzr = linear(e, hPrev, rows2H(l.r, 0, 2), rows2H(rb, 0, 2));
    Value r = SigmoidOp::create(e.b, e.loc,
                                e.add(e.slice(xa, 1, hs, hs), e.slice(hzr, 1, hs, hs)));
    resetState = e.mul(r, hPrev);
    Value hh = linear(e, resetState, rows2H(l.r, 2, 1), rows2H(rb, 2, 1));
    ha = e.concat({hzr, hh}, 1);
  }
  auto bptt = GRUGradOp::create(e.b, e.loc, e.reshape(xa, {l.t, l.n, 3 * hs}),
                                e.reshape(ha, {l.t, l.n, 3 * hs}), hPrevSeq, l.r, dy, dyH,
                                e.b.getBoolAttr(l.linearBeforeReset));
  out[kH0] = bptt.getDh0();
  projectionAdjoints(e, l, x2, bptt.getDxa(), bptt.getDha(), hPrev, resetState, wanted,
                     out);
  return out;
}

/// The op's operand for each role (null where the op has none).
using RoleOperands = std::array<OpOperand *, kRoles>;

OpOperand *operandOf(OpOperand &operand) { return &operand; }
OpOperand *operandOf(MutableOperandRange range) {
  return range.empty() ? nullptr : &range[0];
}

/// Builds the wanted adjoints of `l` and stores each at its operand, in
/// the operand's shape (a cell's [N, I] input).
LogicalResult layerAdjoints(Emitter &e, const Layer &l, const RoleOperands &roles,
                            ArrayRef<bool> needed, Value dy, Value dyH, Value dyC,
                            SmallVectorImpl<Value> &operandAdjoints) {
  std::array<bool, kRoles> wanted{};
  for (int role = 0; role < kRoles; ++role)
    wanted[role] = roles[role] && needed[roles[role]->getOperandNumber()];
  if (llvm::none_of(wanted, [](bool w) { return w; }))
    return success();
  PerRole adjoints;
  if (l.t == 0) {
    // No step: Y_h = initial_h and Y_c = initial_c.
    adjoints[kH0] = dyH;
    adjoints[kC0] = dyC;
  } else if (l.kind == Kind::RNN) {
    adjoints = rnnAdjoints(e, l, wanted, dy, dyH);
  } else if (l.kind == Kind::LSTM) {
    adjoints = lstmAdjoints(e, l, wanted, dy, dyH, dyC);
  } else {
    adjoints = gruAdjoints(e, l, wanted, dy, dyH);
  }
  for (int role = 0; role < kRoles; ++role) {
    if (!wanted[role] || !adjoints[role])
      continue;
    OpOperand *operand = roles[role];
    operandAdjoints[operand->getOperandNumber()] =
        e.reshape(adjoints[role], shapeOf(operand->get()));
  }
  return success();
}

/// A layer with its sizes taken from X [T, N, I] and R [G*H, H].
Layer sequenceLayer(Kind kind, Value x, Value w, Value r, Value b, Value h0, Value y) {
  ArrayRef<int64_t> xs = shapeOf(x);
  Layer l{kind, xs[0], xs[1], xs[2], shapeOf(r)[1], x, w, r, b, h0};
  l.y = y;
  return l;
}

/// A cell as a one-step layer: x [N, I] viewed as [1, N, I], h as initial_h.
Layer cellLayer(Emitter &e, Kind kind, Value x, Value h, Value w, Value r, Value b,
                Value hNext) {
  ArrayRef<int64_t> xs = shapeOf(x);
  int64_t hs = shapeOf(r)[1];
  Layer l{kind, 1, xs[0], xs[1], hs, e.reshape(x, {1, xs[0], xs[1]}), w, r, b, h};
  l.y = e.reshape(hNext, {1, xs[0], hs});
  return l;
}

/// Zeros of `like`'s shape with a leading 1: a cell's dY (its adjoint
/// arrives as dY_h).
Value noSequenceAdjoint(Emitter &e, Value like) {
  SmallVector<int64_t> shape{1};
  llvm::append_range(shape, shapeOf(like));
  return grad::filled(e.b, e.loc, f32Type(e.b, shape), 0.0);
}

} // namespace

//===----------------------------------------------------------------------===//
// Sequence layers
//===----------------------------------------------------------------------===//

DLC_ADJOINTS(RNNOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Emitter e(b, getLoc());
  Layer l = sequenceLayer(Kind::RNN, getInput(), getW(), getR(), getB(), getInitialH(),
                          getY());
  l.activation = getActivation();
  RoleOperands roles{operandOf(getInputMutable()), operandOf(getWMutable()),
                     operandOf(getRMutable()),     operandOf(getBMutable()),
                     operandOf(getInitialHMutable()), nullptr, nullptr};
  return layerAdjoints(e, l, roles, needed, grad::orZeros(b, getLoc(), resultAdjoints[0], getY()),
                       grad::orZeros(b, getLoc(), resultAdjoints[1], getYH()), Value(),
                       operandAdjoints);
}

DLC_ADJOINTS(LSTMOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Emitter e(b, getLoc());
  Layer l = sequenceLayer(Kind::LSTM, getInput(), getW(), getR(), getB(), getInitialH(),
                          getY());
  l.c0 = getInitialC();
  l.p = getP();
  l.inputForget = getInputForget();
  RoleOperands roles{operandOf(getInputMutable()),    operandOf(getWMutable()),
                     operandOf(getRMutable()),        operandOf(getBMutable()),
                     operandOf(getInitialHMutable()), operandOf(getInitialCMutable()),
                     operandOf(getPMutable())};
  return layerAdjoints(e, l, roles, needed, grad::orZeros(b, getLoc(), resultAdjoints[0], getY()),
                       grad::orZeros(b, getLoc(), resultAdjoints[1], getYH()),
                       grad::orZeros(b, getLoc(), resultAdjoints[2], getYC()),
                       operandAdjoints);
}

DLC_ADJOINTS(GRUOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Emitter e(b, getLoc());
  Layer l = sequenceLayer(Kind::GRU, getInput(), getW(), getR(), getB(), getInitialH(),
                          getY());
  l.linearBeforeReset = getLinearBeforeReset();
  RoleOperands roles{operandOf(getInputMutable()), operandOf(getWMutable()),
                     operandOf(getRMutable()),     operandOf(getBMutable()),
                     operandOf(getInitialHMutable()), nullptr, nullptr};
  return layerAdjoints(e, l, roles, needed, grad::orZeros(b, getLoc(), resultAdjoints[0], getY()),
                       grad::orZeros(b, getLoc(), resultAdjoints[1], getYH()), Value(),
                       operandAdjoints);
}

//===----------------------------------------------------------------------===//
// Cells
//===----------------------------------------------------------------------===//

DLC_ADJOINTS(RNNCellOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Emitter e(b, getLoc());
  Layer l = cellLayer(e, Kind::RNN, getInput(), getH(), getW(), getR(), getB(), getHNext());
  l.activation = getActivation();
  RoleOperands roles{operandOf(getInputMutable()), operandOf(getWMutable()),
                     operandOf(getRMutable()),     operandOf(getBMutable()),
                     operandOf(getHMutable()),     nullptr, nullptr};
  return layerAdjoints(e, l, roles, needed, noSequenceAdjoint(e, getHNext()),
                       grad::orZeros(b, getLoc(), resultAdjoints[0], getHNext()), Value(),
                       operandAdjoints);
}

DLC_ADJOINTS(LSTMCellOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Emitter e(b, getLoc());
  Layer l = cellLayer(e, Kind::LSTM, getInput(), getH(), getW(), getR(), getB(), getHNext());
  l.c0 = getC();
  l.p = getP();
  l.inputForget = getInputForget();
  RoleOperands roles{operandOf(getInputMutable()), operandOf(getWMutable()),
                     operandOf(getRMutable()),     operandOf(getBMutable()),
                     operandOf(getHMutable()),     operandOf(getCMutable()),
                     operandOf(getPMutable())};
  return layerAdjoints(e, l, roles, needed, noSequenceAdjoint(e, getHNext()),
                       grad::orZeros(b, getLoc(), resultAdjoints[0], getHNext()),
                       grad::orZeros(b, getLoc(), resultAdjoints[1], getCNext()),
                       operandAdjoints);
}

DLC_ADJOINTS(GRUCellOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Emitter e(b, getLoc());
  Layer l = cellLayer(e, Kind::GRU, getInput(), getH(), getW(), getR(), getB(), getHNext());
  l.linearBeforeReset = getLinearBeforeReset();
  RoleOperands roles{operandOf(getInputMutable()), operandOf(getWMutable()),
                     operandOf(getRMutable()),     operandOf(getBMutable()),
                     operandOf(getHMutable()),     nullptr, nullptr};
  return layerAdjoints(e, l, roles, needed, noSequenceAdjoint(e, getHNext()),
                       grad::orZeros(b, getLoc(), resultAdjoints[0], getHNext()), Value(),
                       operandAdjoints);
}
