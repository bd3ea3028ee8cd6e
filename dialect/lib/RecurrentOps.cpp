//===- RecurrentOps.cpp - dlc recurrent ops: shape inference, verifiers -===//
//
// The recurrent layers: RNN, LSTM (plain, peephole, coupled), GRU; sequences and cells.
// Diagnostics follow OpUtils.h: lowercase, naming the operand, stating
// the expected and the actual value.
//
// All six ops share one check: the hidden size H comes from R ([G*H, H]),
// the input size I from X, the batch N from X; every other operand's shape
// follows from G (gates: 1 RNN, 4 LSTM, 3 GRU), H, I and N. The backward
// ops (rnn_grad, lstm_grad, gru_grad) take T and N from their first
// [T, N, G*H] operand and H from R likewise.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/RecurrentOps.h"
#include "OpUtils.h"

#include <array>

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

namespace {

/// What one recurrent op's operands must agree on.
struct RecurrentSpec {
  StringRef op;
  int64_t gates;     ///< G: rows of W and R per hidden unit
  StringRef gateNames; ///< for the messages, e.g. "i, o, f, c"
  bool sequence;     ///< X is [T, N, I] (layer) or [N, I] (cell)
};

/// Checks `value` (if present) against `expected`, naming it and the reason.
LogicalResult checkShape(std::optional<Location> loc, StringRef op, StringRef name,
                         Value value, ArrayRef<int64_t> expected, StringRef what) {
  if (!value || shapeOf(value) == expected)
    return success();
  return fail(loc, op, name, " must have shape ", str(expected), " (", what, "), got ",
              str(shapeOf(value)));
}

/// Checks X, W, R and B; returns {N, H} and the input size through `inputSize`.
FailureOr<std::pair<int64_t, int64_t>>
checkWeights(std::optional<Location> loc, const RecurrentSpec &spec, Value input,
             Value w, Value r, Value b) {
  StringRef op = spec.op;
  if (spec.sequence) {
    if (failed(checkRank(loc, op, "input", input, 3, "time x batch x input size")))
      return failure();
  } else if (failed(checkRank(loc, op, "input", input, 2, "batch x input size"))) {
    return failure();
  }
  if (failed(checkRank(loc, op, "r", r, 2, "gates*hidden x hidden")) ||
      failed(checkRank(loc, op, "w", w, 2, "gates*hidden x input size")))
    return failure();
  ArrayRef<int64_t> x = shapeOf(input);
  int64_t n = x[x.size() - 2], inputSize = x.back();
  int64_t g = spec.gates, hidden = shapeOf(r)[1];
  std::string gates = std::to_string(g) + " gate" + (g > 1 ? "s (" : " (") +
                      spec.gateNames.str() + ") x hidden size " +
                      std::to_string(hidden);
  if (failed(checkShape(loc, op, "r", r, {g * hidden, hidden},
                        gates + ", hidden size from r's last dim")) ||
      failed(checkShape(loc, op, "w", w, {g * hidden, inputSize},
                        gates + ", input size " + std::to_string(inputSize))) ||
      failed(checkShape(loc, op, "b", b, {2 * g * hidden},
                        "wb then rb, " + gates)))
    return failure();
  return std::make_pair(n, hidden);
}

LogicalResult checkActivation(std::optional<Location> loc, StringRef op,
                              StringRef activation) {
  if (activation == "tanh" || activation == "relu")
    return success();
  return fail(loc, op, "activation must be \"tanh\" or \"relu\", got \"", activation,
              "\"");
}

LogicalResult checkState(std::optional<Location> loc, StringRef op, StringRef name,
                         Value state, int64_t n, int64_t hidden) {
  return checkShape(loc, op, name, state, {n, hidden}, "batch x hidden size");
}

LogicalResult checkPeephole(std::optional<Location> loc, StringRef op, Value p,
                            int64_t hidden) {
  return checkShape(loc, op, "p", p, {3 * hidden},
                    "peepholes p_i, p_o, p_f x hidden size " + std::to_string(hidden));
}

} // namespace

//===----------------------------------------------------------------------===//
// Sequence layers
//===----------------------------------------------------------------------===//

LogicalResult RNNOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                      Adaptor adaptor, SmallVectorImpl<Type> &types) {
  RecurrentSpec spec{"rnn", 1, "h", true};
  auto nh = checkWeights(loc, spec, adaptor.getInput(), adaptor.getW(), adaptor.getR(),
                         adaptor.getB());
  if (failed(nh) ||
      failed(checkState(loc, spec.op, "initial_h", adaptor.getInitialH(), nh->first,
                        nh->second)) ||
      failed(checkActivation(loc, spec.op, adaptor.getActivation())))
    return failure();
  int64_t t = shapeOf(adaptor.getInput())[0];
  types.push_back(f32Tensor(ctx, {t, nh->first, nh->second}));
  types.push_back(f32Tensor(ctx, {nh->first, nh->second}));
  return success();
}

LogicalResult LSTMOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                       Adaptor adaptor, SmallVectorImpl<Type> &types) {
  RecurrentSpec spec{"lstm", 4, "i, o, f, c", true};
  auto nh = checkWeights(loc, spec, adaptor.getInput(), adaptor.getW(), adaptor.getR(),
                         adaptor.getB());
  if (failed(nh) ||
      failed(checkState(loc, spec.op, "initial_h", adaptor.getInitialH(), nh->first,
                        nh->second)) ||
      failed(checkState(loc, spec.op, "initial_c", adaptor.getInitialC(), nh->first,
                        nh->second)) ||
      failed(checkPeephole(loc, spec.op, adaptor.getP(), nh->second)))
    return failure();
  int64_t t = shapeOf(adaptor.getInput())[0];
  types.push_back(f32Tensor(ctx, {t, nh->first, nh->second}));
  types.push_back(f32Tensor(ctx, {nh->first, nh->second}));
  types.push_back(f32Tensor(ctx, {nh->first, nh->second}));
  return success();
}

LogicalResult GRUOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                      Adaptor adaptor, SmallVectorImpl<Type> &types) {
  RecurrentSpec spec{"gru", 3, "z, r, h", true};
  auto nh = checkWeights(loc, spec, adaptor.getInput(), adaptor.getW(), adaptor.getR(),
                         adaptor.getB());
  if (failed(nh) ||
      failed(checkState(loc, spec.op, "initial_h", adaptor.getInitialH(), nh->first,
                        nh->second)))
    return failure();
  int64_t t = shapeOf(adaptor.getInput())[0];
  types.push_back(f32Tensor(ctx, {t, nh->first, nh->second}));
  types.push_back(f32Tensor(ctx, {nh->first, nh->second}));
  return success();
}

//===----------------------------------------------------------------------===//
// Cells
//===----------------------------------------------------------------------===//

LogicalResult RNNCellOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  RecurrentSpec spec{"rnn_cell", 1, "h", false};
  auto nh = checkWeights(loc, spec, adaptor.getInput(), adaptor.getW(), adaptor.getR(),
                         adaptor.getB());
  if (failed(nh) ||
      failed(checkState(loc, spec.op, "h", adaptor.getH(), nh->first, nh->second)) ||
      failed(checkActivation(loc, spec.op, adaptor.getActivation())))
    return failure();
  types.push_back(f32Tensor(ctx, {nh->first, nh->second}));
  return success();
}

LogicalResult LSTMCellOp::inferReturnTypes(MLIRContext *ctx,
                                           std::optional<Location> loc, Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  RecurrentSpec spec{"lstm_cell", 4, "i, o, f, c", false};
  auto nh = checkWeights(loc, spec, adaptor.getInput(), adaptor.getW(), adaptor.getR(),
                         adaptor.getB());
  if (failed(nh) ||
      failed(checkState(loc, spec.op, "h", adaptor.getH(), nh->first, nh->second)) ||
      failed(checkState(loc, spec.op, "c", adaptor.getC(), nh->first, nh->second)) ||
      failed(checkPeephole(loc, spec.op, adaptor.getP(), nh->second)))
    return failure();
  types.push_back(f32Tensor(ctx, {nh->first, nh->second}));
  types.push_back(f32Tensor(ctx, {nh->first, nh->second}));
  return success();
}

LogicalResult GRUCellOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  RecurrentSpec spec{"gru_cell", 3, "z, r, h", false};
  auto nh = checkWeights(loc, spec, adaptor.getInput(), adaptor.getW(), adaptor.getR(),
                         adaptor.getB());
  if (failed(nh) ||
      failed(checkState(loc, spec.op, "h", adaptor.getH(), nh->first, nh->second)))
    return failure();
  types.push_back(f32Tensor(ctx, {nh->first, nh->second}));
  return success();
}

//===----------------------------------------------------------------------===//
// Backward: the adjoint recurrences
//===----------------------------------------------------------------------===//

namespace {

/// Checks R ([G*H, H]) and a [T, N, G*H] stack named `stackName` (the
/// shape of every step's pre-activations, or of Y when G = 1); returns
/// {T, N, H}.
FailureOr<std::array<int64_t, 3>> checkGradStack(std::optional<Location> loc,
                                                 const RecurrentSpec &spec,
                                                 StringRef stackName, Value stack,
                                                 Value r) {
  StringRef op = spec.op;
  if (failed(checkRank(loc, op, stackName, stack, 3, "time x batch x gates*hidden")) ||
      failed(checkRank(loc, op, "r", r, 2, "gates*hidden x hidden")))
    return failure();
  int64_t g = spec.gates, hidden = shapeOf(r)[1];
  ArrayRef<int64_t> s = shapeOf(stack);
  std::string gates = std::to_string(g) + " gate" + (g > 1 ? "s (" : " (") +
                      spec.gateNames.str() + ") x hidden size " +
                      std::to_string(hidden);
  if (failed(checkShape(loc, op, "r", r, {g * hidden, hidden},
                        gates + ", hidden size from r's last dim")) ||
      failed(checkShape(loc, op, stackName, stack, {s[0], s[1], g * hidden},
                        "time x batch x " + gates)))
    return failure();
  return std::array<int64_t, 3>{s[0], s[1], hidden};
}

/// Checks a [T, N, H] operand (Y's shape).
LogicalResult checkSequence(std::optional<Location> loc, StringRef op, StringRef name,
                            Value value, ArrayRef<int64_t> tnh) {
  return checkShape(loc, op, name, value, tnh, "time x batch x hidden size");
}

} // namespace

LogicalResult RNNGradOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  RecurrentSpec spec{"rnn_grad", 1, "h", true};
  auto tnh = checkGradStack(loc, spec, "y", adaptor.getY(), adaptor.getR());
  if (failed(tnh) || failed(checkSequence(loc, spec.op, "dy", adaptor.getDy(), *tnh)) ||
      failed(checkState(loc, spec.op, "dy_h", adaptor.getDyH(), (*tnh)[1], (*tnh)[2])) ||
      failed(checkActivation(loc, spec.op, adaptor.getActivation())))
    return failure();
  types.push_back(f32Tensor(ctx, *tnh));
  types.push_back(f32Tensor(ctx, {(*tnh)[1], (*tnh)[2]}));
  return success();
}

LogicalResult LSTMGradOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  RecurrentSpec spec{"lstm_grad", 4, "i, o, f, c", true};
  auto tnh = checkGradStack(loc, spec, "a", adaptor.getA(), adaptor.getR());
  if (failed(tnh))
    return failure();
  auto [t, n, hidden] = *tnh;
  if (failed(checkState(loc, spec.op, "initial_c", adaptor.getInitialC(), n, hidden)) ||
      failed(checkSequence(loc, spec.op, "dy", adaptor.getDy(), {t, n, hidden})) ||
      failed(checkState(loc, spec.op, "dy_h", adaptor.getDyH(), n, hidden)) ||
      failed(checkState(loc, spec.op, "dy_c", adaptor.getDyC(), n, hidden)) ||
      failed(checkPeephole(loc, spec.op, adaptor.getP(), hidden)))
    return failure();
  types.push_back(f32Tensor(ctx, {t, n, 4 * hidden}));
  types.push_back(f32Tensor(ctx, {n, hidden}));
  types.push_back(f32Tensor(ctx, {n, hidden}));
  types.push_back(f32Tensor(ctx, {t, n, hidden}));
  return success();
}

LogicalResult GRUGradOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  RecurrentSpec spec{"gru_grad", 3, "z, r, h", true};
  auto tnh = checkGradStack(loc, spec, "xa", adaptor.getXa(), adaptor.getR());
  if (failed(tnh))
    return failure();
  auto [t, n, hidden] = *tnh;
  if (failed(checkShape(loc, spec.op, "ha", adaptor.getHa(), shapeOf(adaptor.getXa()),
                        "xa's shape")) ||
      failed(checkSequence(loc, spec.op, "h_prev", adaptor.getHPrev(), {t, n, hidden})) ||
      failed(checkSequence(loc, spec.op, "dy", adaptor.getDy(), {t, n, hidden})) ||
      failed(checkState(loc, spec.op, "dy_h", adaptor.getDyH(), n, hidden)))
    return failure();
  types.push_back(f32Tensor(ctx, {t, n, 3 * hidden}));
  types.push_back(f32Tensor(ctx, {t, n, 3 * hidden}));
  types.push_back(f32Tensor(ctx, {n, hidden}));
  return success();
}

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/RecurrentOps.cpp.inc"
