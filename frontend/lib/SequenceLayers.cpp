//===- SequenceLayers.cpp - recurrent layers and attention ------------------===//
//
// Recurrent layers use ONNX's operand layouts (gate order i, o, f, c for
// LSTM; z, r, h for GRU; B = [Wb, Rb]) so imported and built models lower
// the same way; stacking is PyTorch's (layer l > 0 reads layer l-1's Y).
// Parameters are named like PyTorch's (`weight_ih_l0`, `weight_hh_l0`)
// with one `bias_l0` holding both biases, which keeps PyTorch's parameter
// count. Attention layers are compositions of matmul, softmax and friends.
//
//===----------------------------------------------------------------------===//

#include "dlc/Frontend/Graph.h"
#include "LayerErrors.h"

#include <cmath>

using dlc::Graph;
using dlc::Tensor;
using A = dlc::Graph::Attr;
using dlc::detail::fail;

namespace {
int64_t gatesOf(const std::string &kind) {
  return kind == "lstm" ? 4 : kind == "gru" ? 3 : 1;
}

std::vector<Graph::Attr> recurrentAttrs(const std::string &kind,
                                        const dlc::RNNOptions &o) {
  if (kind == "rnn")
    return {A::string("activation", o.nonlinearity())};
  if (kind == "gru")
    return {A::boolean("linear_before_reset", o.linearBeforeReset())};
  return {A::boolean("input_forget", o.coupledInputForget())};
}
} // namespace

dlc::RecurrentOutput Graph::recurrent(const std::string &kind, Tensor x, int64_t hidden,
                                      const RNNOptions &o) {
  std::string full = layerName(kind, o.name());
  return guarded([&] {
    if (!x.valid() || x.rank() != 3)
      fail(kind, full, "input must have rank 3 ([T, N, I], sequence first)");
    if (hidden <= 0 || o.numLayers() <= 0)
      fail(kind, full, "hidden size and layer count must be positive");
    if (kind == "rnn" && o.nonlinearity() != "tanh" && o.nonlinearity() != "relu")
      fail(kind, full, "nonlinearity must be \"tanh\" or \"relu\", got \"" +
                           o.nonlinearity() + "\"");
    int64_t g = gatesOf(kind);
    // PyTorch initializes every recurrent weight and bias U(+-1/sqrt(H)).
    RecurrentOutput out;
    Tensor layerInput = x;
    for (int64_t l = 0; l < o.numLayers(); ++l) {
      std::string suffix = "_l" + std::to_string(l);
      int64_t in = layerInput.dim(2);
      std::vector<Tensor> operands = {
          layerInput,
          createParameter(full + ".weight_ih" + suffix, {g * hidden, in}, Init::Default,
                          hidden, hidden),
          createParameter(full + ".weight_hh" + suffix, {g * hidden, hidden},
                          Init::Default, hidden, hidden)};
      std::vector<int32_t> segments = {1, 1, 1, 0, 0};
      if (o.bias()) {
        operands.push_back(createParameter(full + ".bias" + suffix, {2 * g * hidden},
                                           Init::Default, hidden, hidden));
        segments[3] = 1;
      }
      if (kind == "lstm") {
        segments.push_back(0); // initial_c
        segments.push_back(0); // peephole
        if (o.peephole()) {
          operands.push_back(createParameter(full + ".peephole" + suffix, {3 * hidden},
                                             Init::Default, hidden, hidden));
          segments.back() = 1;
        }
      }
      unsigned results = kind == "lstm" ? 3 : 2;
      std::vector<Tensor> r = opNamed(kind, operands, recurrentAttrs(kind, o), results,
                                      o.numLayers() == 1 ? full : full + suffix, kind,
                                      segments);
      out.h.push_back(r[1]);
      if (kind == "lstm")
        out.c.push_back(r[2]);
      layerInput = r[0];
    }
    out.output = layerInput;
    return out;
  });
}

dlc::RecurrentOutput Graph::rnn(Tensor x, int64_t hidden, const RNNOptions &o) {
  return recurrent("rnn", x, hidden, o);
}
dlc::RecurrentOutput Graph::lstm(Tensor x, int64_t hidden, const RNNOptions &o) {
  return recurrent("lstm", x, hidden, o);
}
dlc::RecurrentOutput Graph::gru(Tensor x, int64_t hidden, const RNNOptions &o) {
  return recurrent("gru", x, hidden, o);
}

dlc::CellWeights Graph::cellWeights(const std::string &kind, int64_t inputSize,
                                    int64_t hidden, const RNNOptions &o) {
  std::string full = layerName(kind + "_cell", o.name());
  return guarded([&] {
    if (kind != "rnn" && kind != "lstm" && kind != "gru")
      fail("cell", full, "kind must be \"rnn\", \"lstm\" or \"gru\", got \"" + kind + "\"");
    if (inputSize <= 0 || hidden <= 0)
      fail(kind + "_cell", full, "input and hidden sizes must be positive");
    int64_t g = gatesOf(kind);
    CellWeights w;
    w.kind = kind;
    w.inputSize = inputSize;
    w.hiddenSize = hidden;
    w.options = o;
    w.options.name(full);
    w.w = createParameter(full + ".weight_ih", {g * hidden, inputSize}, Init::Default,
                          hidden, hidden);
    w.r = createParameter(full + ".weight_hh", {g * hidden, hidden}, Init::Default,
                          hidden, hidden);
    if (o.bias())
      w.b = createParameter(full + ".bias", {2 * g * hidden}, Init::Default, hidden,
                            hidden);
    return w;
  });
}

std::vector<Tensor> Graph::cell(const CellWeights &w, Tensor x, Tensor h, Tensor c,
                                const std::string &name) {
  std::string op = w.kind + "_cell";
  std::string full = layerName(op, name.empty() ? w.options.name() : name);
  return guarded([&] {
    if (w.kind == "lstm" && !c.valid())
      fail(op, full, "an LSTM cell needs the cell state c");
    std::vector<Tensor> operands = {x, h};
    if (w.kind == "lstm")
      operands.push_back(c);
    operands.push_back(w.w);
    operands.push_back(w.r);
    // Only lstm_cell has two optional operands (bias, peephole) and so
    // operand segment sizes.
    std::vector<int32_t> segments;
    if (w.kind == "lstm") {
      segments.assign(operands.size(), 1);
      segments.push_back(w.b.valid() ? 1 : 0);
      segments.push_back(0); // peephole
    }
    if (w.b.valid())
      operands.push_back(w.b);
    return opNamed(op, operands, recurrentAttrs(w.kind, w.options),
                   w.kind == "lstm" ? 2 : 1, full, op, segments);
  });
}

Tensor Graph::dotProductAttention(Tensor query, Tensor keys, Tensor values, bool scaled,
                                  const std::string &name) {
  std::string full = layerName("dot_attention", name);
  return guarded([&] {
    if (query.rank() != 3 || keys.rank() != 3 || values.rank() != 3)
      fail("dot_attention", full, "query, keys and values must be [N, T, D] tensors");
    Tensor kt = opNamed("transpose", {keys}, {A::array("perm", {0, 2, 1})}, 1,
                        full + ".keys_t", "dot_attention")[0];
    Tensor scores = opNamed("matmul", {query, kt}, {}, 1, full + ".scores",
                            "dot_attention")[0];
    if (scaled) {
      Tensor s = constant({static_cast<float>(1.0 / std::sqrt(double(query.dim(2))))}, {},
                          full + ".scale");
      scores = opNamed("mul", {scores, s}, {}, 1, full + ".scaled", "dot_attention")[0];
    }
    Tensor weights = opNamed("softmax", {scores}, {A::integer("axis", -1)}, 1,
                             full + ".weights", "dot_attention")[0];
    return opNamed("matmul", {weights, values}, {}, 1, full, "dot_attention")[0];
  });
}

Tensor Graph::additiveAttention(Tensor query, Tensor keys, Tensor values, int64_t units,
                                const std::string &name) {
  std::string full = layerName("additive_attention", name);
  return guarded([&] {
    if (query.rank() != 3 || keys.rank() != 3 || values.rank() != 3)
      fail("additive_attention", full,
           "query, keys and values must be [N, T, D] tensors");
    if (units <= 0)
      fail("additive_attention", full, "units must be positive");
    int64_t n = query.dim(0), tq = query.dim(1), tk = keys.dim(1);
    // Weights stored transposed ([D, units]) so the projections are plain
    // batched matmuls.
    Tensor wq = createParameter(full + ".query_proj", {query.dim(2), units},
                                Init::XavierUniform, query.dim(2), units);
    Tensor wk = createParameter(full + ".key_proj", {keys.dim(2), units},
                                Init::XavierUniform, keys.dim(2), units);
    Tensor v = createParameter(full + ".v", {units, 1}, Init::XavierUniform, units, 1);
    const std::string k = "additive_attention";
    Tensor q = opNamed("matmul", {query, wq}, {}, 1, full + ".q", k)[0];
    Tensor kk = opNamed("matmul", {keys, wk}, {}, 1, full + ".k", k)[0];
    q = opNamed("reshape", {q}, {A::array("shape", {n, tq, 1, units})}, 1,
                full + ".q4", k)[0];
    kk = opNamed("reshape", {kk}, {A::array("shape", {n, 1, tk, units})}, 1,
                 full + ".k4", k)[0];
    Tensor e = opNamed("add", {q, kk}, {}, 1, full + ".sum", k)[0];
    e = opNamed("tanh", {e}, {}, 1, full + ".tanh", k)[0];
    Tensor scores = opNamed("matmul", {e, v}, {}, 1, full + ".scores4", k)[0];
    scores = opNamed("reshape", {scores}, {A::array("shape", {n, tq, tk})}, 1,
                     full + ".scores", k)[0];
    Tensor weights = opNamed("softmax", {scores}, {A::integer("axis", -1)}, 1,
                             full + ".weights", k)[0];
    return opNamed("matmul", {weights, values}, {}, 1, full, k)[0];
  });
}
