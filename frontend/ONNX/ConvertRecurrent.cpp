//===- ConvertRecurrent.cpp - ONNX RNN, GRU and LSTM -------------------------===//
//
// dlc's recurrent ops are ONNX's forward direction in layout 0 on one
// direction's weights. A node becomes one dlc op per direction: the
// direction's slice of W, R, B, P and the initial states (folded when they
// are initializers), the input reversed in time for the reverse direction
// (and the outputs reversed back), and the per-direction results stacked
// into ONNX's [T, D, N, H] / [D, N, H] outputs; layout 1 transposes around
// all of it. Variable sequence lengths, clipping and activation functions
// other than each operator's defaults are reported, not approximated.
//
// ONNX's LSTM input_forget couples the gates as ONNX Runtime does, f = 1 - i;
// dlc.lstm's coupling is the study sheet's, i = 1 - f. With known weights
// the importer rewrites one into the other: the f rows (and peephole) become
// the negated i rows, so dlc's f = sigmoid(-a_i) = 1 - sigmoid(a_i) and its
// i = 1 - f = sigmoid(a_i).
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "onnx/onnx_pb.h"

#include "llvm/ADT/StringExtras.h"

#include <limits>

using namespace mlir;
using namespace mlir::dlc::onnx_import;

namespace {

enum class Cell { RNN, GRU, LSTM };

int64_t numGates(Cell cell) { return cell == Cell::LSTM ? 4 : cell == Cell::GRU ? 3 : 1; }

/// Input `i` at index `d` of axis `axis`, with that axis dropped; folded
/// when the input is known.
FailureOr<Value> takeSlice(NodeContext &ctx, unsigned i, int64_t axis, int64_t d) {
  Shape s = ctx.shape(i);
  Shape out = s;
  out.erase(out.begin() + axis);
  if (const HostTensor *t = ctx.host(i)) {
    Shape starts(s.size(), 0), steps(s.size(), 1), picked = s;
    starts[axis] = d;
    picked[axis] = 1;
    return ctx.constant(slice(*t, starts, steps, picked).reshaped(out));
  }
  FailureOr<Value> v = ctx.f32(i);
  if (failed(v))
    return failure();
  FailureOr<Value> one = ctx.op1(
      "slice", *v,
      {ctx.named("starts", llvm::ArrayRef<int64_t>{d}),
       ctx.named("ends", llvm::ArrayRef<int64_t>{d + 1}),
       ctx.named("axes", llvm::ArrayRef<int64_t>{axis})});
  if (failed(one))
    return failure();
  return ctx.reshape(*one, out);
}

/// `v` reversed along axis 0 (time).
FailureOr<Value> reverseTime(NodeContext &ctx, Value v) {
  return ctx.op1("slice", v,
                 {ctx.named("starts", llvm::ArrayRef<int64_t>{-1}),
                  ctx.named("ends", llvm::ArrayRef<int64_t>{
                                        std::numeric_limits<int64_t>::min()}),
                  ctx.named("axes", llvm::ArrayRef<int64_t>{0}),
                  ctx.named("steps", llvm::ArrayRef<int64_t>{-1})});
}

/// Checks the activations attribute against the operator's defaults (RNN
/// also takes Relu, which dlc.rnn implements). Returns RNN's activation.
FailureOr<std::string> checkActivations(NodeContext &ctx, Cell cell, int64_t dirs) {
  std::vector<std::string> acts = ctx.attrStrings("activations");
  std::vector<std::string> defaults =
      cell == Cell::LSTM ? std::vector<std::string>{"sigmoid", "tanh", "tanh"}
      : cell == Cell::GRU ? std::vector<std::string>{"sigmoid", "tanh"}
                          : std::vector<std::string>{"tanh"};
  if (acts.empty())
    return std::string("tanh");
  size_t per = defaults.size();
  if (acts.size() != per * dirs) {
    (void)ctx.fail("expects " + llvm::Twine(per * dirs) + " activations, got " +
                   llvm::Twine(acts.size()));
    return failure();
  }
  std::string rnnActivation = llvm::StringRef(acts[0]).lower();
  for (size_t i = 0; i < acts.size(); ++i) {
    std::string a = llvm::StringRef(acts[i]).lower();
    bool ok = a == defaults[i % per] ||
              (cell == Cell::RNN && (a == "relu" || a == "tanh") && a == rnnActivation);
    if (!ok) {
      (void)ctx.fail("activation '" + acts[i] + "' is not supported (dlc implements " +
                     (cell == Cell::RNN ? "Tanh or Relu, the same in both directions"
                                        : "the ONNX default activations") +
                     ")");
      return failure();
    }
  }
  return rnnActivation;
}

/// The input-forget rewrite on a known [D, G*H, ...] tensor (W, R, B's two
/// halves) or peephole [D, 3H]: block `to` of every `groups` blocks of H
/// rows becomes the negated block `from`.
HostTensor negateInto(const HostTensor &t, int64_t hidden, int64_t blocksPerDir,
                      int64_t from, int64_t to) {
  HostTensor out = t;
  int64_t dirs = t.shape[0];
  int64_t row = t.numel() / (dirs * blocksPerDir * hidden);
  for (int64_t d = 0; d < dirs; ++d)
    for (int64_t r = 0; r < hidden * row; ++r) {
      int64_t base = d * blocksPerDir * hidden * row;
      out.floats[base + to * hidden * row + r] = -t.floats[base + from * hidden * row + r];
    }
  return out;
}

template <Cell cell> LogicalResult convertRecurrent(NodeContext &ctx) {
  Shape xs = ctx.shape(0), ws = ctx.shape(1), rs = ctx.shape(2);
  if (xs.size() != 3 || ws.size() != 3 || rs.size() != 3)
    return ctx.fail("X, W and R must have rank 3");
  std::string direction = ctx.attrString("direction", "forward");
  int64_t dirs = direction == "bidirectional" ? 2 : 1;
  if (direction != "forward" && direction != "reverse" && direction != "bidirectional")
    return ctx.fail("unknown direction '" + direction + "'");
  int64_t hidden = rs[2], gates = numGates(cell);
  if (ctx.hasAttr("hidden_size") && ctx.attrInt("hidden_size", 0) != hidden)
    return ctx.fail("hidden_size " + llvm::Twine(ctx.attrInt("hidden_size", 0)) +
                    " does not match R's last extent " + llvm::Twine(hidden));
  if (ws[0] != dirs || rs[0] != dirs || ws[1] != gates * hidden ||
      rs[1] != gates * hidden)
    return ctx.fail("W and R must be [" + llvm::Twine(dirs) + ", " +
                    llvm::Twine(gates * hidden) + ", ...] for direction '" + direction +
                    "' and hidden size " + llvm::Twine(hidden));
  if (ctx.hasAttr("clip"))
    return ctx.fail("cell clipping ('clip') is not supported");
  FailureOr<std::string> activation = checkActivations(ctx, cell, dirs);
  if (failed(activation))
    return failure();
  bool batchFirst = ctx.opset >= 14 && ctx.attrInt("layout", 0) != 0;
  int64_t steps = batchFirst ? xs[1] : xs[0];
  if (ctx.has(4)) {
    const HostTensor *lens = ctx.host(4);
    if (!lens || llvm::any_of(lens->ints, [&](int64_t l) { return l != steps; }))
      return ctx.fail("variable sequence lengths are not supported (sequence_lens "
                      "must be known at import time and equal " +
                      llvm::Twine(steps) + " everywhere)");
  }
  FailureOr<Value> x = ctx.f32(0);
  if (failed(x))
    return failure();
  if (batchFirst) {
    x = ctx.transpose(*x, {1, 0, 2});
    if (failed(x))
      return failure();
  }

  // LSTM input_forget: rewrite the known weights (see the file comment).
  bool inputForget = cell == Cell::LSTM && ctx.attrInt("input_forget", 0) != 0;
  std::shared_ptr<HostTensor> coupled[8];
  if (inputForget) {
    for (unsigned i : {1u, 2u, 3u, 7u}) {
      if (!ctx.has(i))
        continue;
      const HostTensor *t = ctx.host(i);
      if (!t || !t->isFloat())
        return ctx.fail("input_forget needs W, R, B and P known at import time");
      // Gates i, o, f, c: i is block 0, f block 2 (B: 8 blocks, P: 3 with p_f last).
      int64_t blocks = i == 3 ? 8 : i == 7 ? 3 : 4;
      HostTensor out = negateInto(*t, hidden, blocks, 0, 2);
      if (i == 3)
        out = negateInto(out, hidden, blocks, 4, 6);
      coupled[i] = std::make_shared<HostTensor>(std::move(out));
    }
  }
  auto weightSlice = [&](unsigned i, int64_t d) -> FailureOr<Value> {
    if (coupled[i]) {
      const HostTensor &t = *coupled[i];
      Shape starts(t.shape.size(), 0), stepsAll(t.shape.size(), 1), picked = t.shape;
      starts[0] = d;
      picked[0] = 1;
      Shape out(t.shape.begin() + 1, t.shape.end());
      return ctx.constant(slice(t, starts, stepsAll, picked).reshaped(out));
    }
    return takeSlice(ctx, i, 0, d);
  };

  unsigned hIndex = 5, cIndex = 6, pIndex = 7;
  int64_t stateAxis = batchFirst ? 1 : 0;
  SmallVector<Value> ys, yhs, ycs;
  for (int64_t d = 0; d < dirs; ++d) {
    bool reverse = direction == "reverse" || d == 1;
    SmallVector<Value> operands;
    SmallVector<int32_t> segments = {1, 1, 1};
    Value xd = *x;
    if (reverse) {
      FailureOr<Value> r = reverseTime(ctx, xd);
      if (failed(r))
        return failure();
      xd = *r;
    }
    operands.push_back(xd);
    for (unsigned i : {1u, 2u}) {
      FailureOr<Value> wd = weightSlice(i, d);
      if (failed(wd))
        return failure();
      operands.push_back(*wd);
    }
    auto optional = [&](unsigned i, int64_t axis) -> LogicalResult {
      if (!ctx.has(i)) {
        segments.push_back(0);
        return success();
      }
      FailureOr<Value> v = axis < 0 ? weightSlice(i, d) : takeSlice(ctx, i, axis, d);
      if (failed(v))
        return failure();
      operands.push_back(*v);
      segments.push_back(1);
      return success();
    };
    if (failed(optional(3, -1)) || failed(optional(hIndex, stateAxis)))
      return failure();
    if (cell == Cell::LSTM &&
        (failed(optional(cIndex, stateAxis)) || failed(optional(pIndex, -1))))
      return failure();
    SmallVector<NamedAttribute> attrs;
    const char *name = cell == Cell::LSTM ? "lstm" : cell == Cell::GRU ? "gru" : "rnn";
    if (cell == Cell::RNN)
      attrs.push_back(ctx.named("activation", llvm::StringRef(*activation)));
    if (cell == Cell::GRU)
      attrs.push_back(
          ctx.namedBool("linear_before_reset", ctx.attrInt("linear_before_reset", 0) != 0));
    if (cell == Cell::LSTM)
      attrs.push_back(ctx.namedBool("input_forget", inputForget));
    attrs.push_back(ctx.b.getNamedAttr("operandSegmentSizes",
                                       ctx.b.getDenseI32ArrayAttr(segments)));
    unsigned results = cell == Cell::LSTM ? 3 : 2;
    FailureOr<Operation *> op = ctx.op(name, operands, attrs, results);
    if (failed(op))
      return failure();
    Value y = (*op)->getResult(0);
    if (reverse) {
      FailureOr<Value> r = reverseTime(ctx, y);
      if (failed(r))
        return failure();
      y = *r;
    }
    int64_t batch = xs[batchFirst ? 0 : 1];
    FailureOr<Value> y4 = ctx.reshape(y, {steps, 1, batch, hidden});
    FailureOr<Value> h3 = ctx.reshape((*op)->getResult(1), {1, batch, hidden});
    if (failed(y4) || failed(h3))
      return failure();
    ys.push_back(*y4);
    yhs.push_back(*h3);
    if (cell == Cell::LSTM) {
      FailureOr<Value> c3 = ctx.reshape((*op)->getResult(2), {1, batch, hidden});
      if (failed(c3))
        return failure();
      ycs.push_back(*c3);
    }
  }
  // Stack the directions, then lay out as the node asks.
  auto stack = [&](SmallVector<Value> &parts, int64_t axis,
                   llvm::ArrayRef<int64_t> perm) -> FailureOr<Value> {
    FailureOr<Value> v = parts.size() == 1
                             ? FailureOr<Value>(parts.front())
                             : ctx.op1("concat", parts, {ctx.named("axis", axis)});
    if (failed(v) || !batchFirst)
      return v;
    return ctx.transpose(*v, perm);
  };
  FailureOr<Value> y = stack(ys, 1, {2, 0, 1, 3});
  FailureOr<Value> yh = stack(yhs, 0, {1, 0, 2});
  if (failed(y) || failed(yh))
    return failure();
  ctx.set(0, *y);
  ctx.set(1, *yh);
  if (cell == Cell::LSTM) {
    FailureOr<Value> yc = stack(ycs, 0, {1, 0, 2});
    if (failed(yc))
      return failure();
    ctx.set(2, *yc);
  }
  return success();
}

} // namespace

void mlir::dlc::onnx_import::registerRecurrentOps(OpTable &table) {
  table["::RNN"] = {convertRecurrent<Cell::RNN>};
  table["::GRU"] = {convertRecurrent<Cell::GRU>};
  table["::LSTM"] = {convertRecurrent<Cell::LSTM>};
}
