//===- RecurrentTest.cpp - rnn, lstm, gru and their cells -------------------===//
//
// The recurrent layers against a naive double-precision reference written
// from the ONNX equations (forward direction, layout 0): RNN with tanh and
// relu, LSTM plain, with peepholes (the output gate peeks at C_t), with
// coupled input-forget gates (i = 1 - f), and both; GRU in both
// linear_before_reset modes; each with and without biases and initial
// states, at odd sizes, optimized (tiled and vectorized contractions inside
// the time loop) and unoptimized; then the one-step cells.
//
//===----------------------------------------------------------------------===//

#include "OpTestUtils.h"

#include <cmath>
#include <sstream>

using namespace dlc::test;

namespace {

enum class Kind { RNN, LSTM, GRU };

struct RecCase {
  std::string name;
  Kind kind;
  bool cell = false; ///< one step (dlc.*_cell) instead of a sequence
  int64_t t = 1, n = 1, i = 1, h = 1;
  bool bias = false, initH = false, initC = false, peephole = false;
  bool relu = false, inputForget = false, linearBeforeReset = false;
  JITOptions options = optimized();
};

int64_t gatesOf(Kind k) { return k == Kind::RNN ? 1 : k == Kind::LSTM ? 4 : 3; }

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

/// The operands in op order, shapes included.
struct Operands {
  Tensor x, w, r, b, h0, c0, p;
};

/// One step of the reference: x [N, I] (row-major at `x`), states h and c
/// [N, H] updated in place.
void referenceStep(const RecCase &rc, const Operands &in, const float *x,
                   std::vector<double> &h, std::vector<double> &c) {
  int64_t n = rc.n, ni = rc.i, hs = rc.h, g = gatesOf(rc.kind);
  auto W = [&](int64_t row, int64_t k) { return double(in.w.data[row * ni + k]); };
  auto R = [&](int64_t row, int64_t k) { return double(in.r.data[row * hs + k]); };
  auto Wb = [&](int64_t row) { return rc.bias ? double(in.b.data[row]) : 0.0; };
  auto Rb = [&](int64_t row) { return rc.bias ? double(in.b.data[g * hs + row]) : 0.0; };
  auto P = [&](int64_t k, int64_t j) { return rc.peephole ? double(in.p.data[k * hs + j]) : 0.0; };
  // x_b W_row^T and h_b R_row^T.
  auto xw = [&](int64_t b, int64_t row) {
    double s = 0;
    for (int64_t k = 0; k < ni; ++k)
      s += double(x[b * ni + k]) * W(row, k);
    return s;
  };
  auto hr = [&](const std::vector<double> &state, int64_t b, int64_t row) {
    double s = 0;
    for (int64_t k = 0; k < hs; ++k)
      s += state[b * hs + k] * R(row, k);
    return s;
  };
  std::vector<double> hNext(n * hs), cNext(n * hs);
  if (rc.kind == Kind::GRU) {
    std::vector<double> z(n * hs), r(n * hs), rh(n * hs);
    for (int64_t b = 0; b < n; ++b)
      for (int64_t j = 0; j < hs; ++j) {
        z[b * hs + j] = sigmoid(xw(b, j) + hr(h, b, j) + Wb(j) + Rb(j));
        r[b * hs + j] = sigmoid(xw(b, hs + j) + hr(h, b, hs + j) + Wb(hs + j) + Rb(hs + j));
        rh[b * hs + j] = r[b * hs + j] * h[b * hs + j];
      }
    for (int64_t b = 0; b < n; ++b)
      for (int64_t j = 0; j < hs; ++j) {
        int64_t row = 2 * hs + j, e = b * hs + j;
        double cand =
            rc.linearBeforeReset
                ? std::tanh(xw(b, row) + Wb(row) + r[e] * (hr(h, b, row) + Rb(row)))
                : std::tanh(xw(b, row) + Wb(row) + hr(rh, b, row) + Rb(row));
        hNext[e] = (1 - z[e]) * cand + z[e] * h[e];
      }
    h = hNext;
    return;
  }
  for (int64_t b = 0; b < n; ++b)
    for (int64_t j = 0; j < hs; ++j) {
      int64_t e = b * hs + j;
      auto a = [&](int64_t gate) {
        int64_t row = gate * hs + j;
        return xw(b, row) + hr(h, b, row) + Wb(row) + Rb(row);
      };
      if (rc.kind == Kind::RNN) {
        double s = a(0);
        hNext[e] = rc.relu ? std::max(s, 0.0) : std::tanh(s);
        continue;
      }
      // LSTM: gates i, o, f, c; peepholes p_i, p_o, p_f.
      double f = sigmoid(a(2) + P(2, j) * c[e]);
      double i = rc.inputForget ? 1 - f : sigmoid(a(0) + P(0, j) * c[e]);
      double cand = std::tanh(a(3));
      cNext[e] = f * c[e] + i * cand;
      double o = sigmoid(a(1) + P(1, j) * cNext[e]);
      hNext[e] = o * std::tanh(cNext[e]);
    }
  h = hNext;
  if (rc.kind == Kind::LSTM)
    c = cNext;
}

std::string opName(const RecCase &rc) {
  std::string base = rc.kind == Kind::RNN ? "rnn" : rc.kind == Kind::LSTM ? "lstm" : "gru";
  return rc.cell ? base + "_cell" : base;
}

/// Model text and the input tensors in argument order.
std::string buildRecurrentModel(const RecCase &rc, const Operands &in,
                                std::vector<Tensor> &args, std::vector<Shape> &outs) {
  bool lstm = rc.kind == Kind::LSTM;
  std::vector<std::pair<std::string, const Tensor *>> operands; // keyword, tensor
  operands.push_back({"", &in.x});
  if (rc.cell) {
    operands.push_back({"", &in.h0});
    if (lstm)
      operands.push_back({"", &in.c0});
  }
  operands.push_back({"", &in.w});
  operands.push_back({"", &in.r});
  if (rc.bias)
    operands.push_back({"bias ", &in.b});
  if (!rc.cell && rc.initH)
    operands.push_back({"initial_h ", &in.h0});
  if (!rc.cell && rc.initC)
    operands.push_back({"initial_c ", &in.c0});
  if (rc.peephole)
    operands.push_back({"peephole ", &in.p});
  // Attrs has no string entries, and at most one attribute is set per case.
  std::string attrText;
  if (rc.relu)
    attrText = " {activation = \"relu\"}";
  else if (rc.inputForget)
    attrText = " {input_forget = true}";
  else if (rc.linearBeforeReset)
    attrText = " {linear_before_reset = true}";

  Shape state{rc.n, rc.h};
  outs.clear();
  if (!rc.cell)
    outs.push_back({rc.t, rc.n, rc.h});
  outs.push_back(state);
  if (lstm)
    outs.push_back(state);

  std::ostringstream os, argTypes, operandText, resultTypes, results;
  for (size_t k = 0; k < operands.size(); ++k) {
    args.push_back(*operands[k].second);
    std::string type = tensorType(operands[k].second->shape);
    os << (k ? ", " : "") << "%arg" << k << ": " << type;
    operandText << (k == 0 ? "" : (operands[k].first.empty() ? ", " : " "))
                << operands[k].first << "%arg" << k;
    argTypes << (k ? ", " : "") << type;
  }
  for (size_t k = 0; k < outs.size(); ++k) {
    resultTypes << (k ? ", " : "") << tensorType(outs[k]);
    results << (k ? ", " : "") << "%0#" << k;
  }
  std::ostringstream model;
  model << "func.func @main(" << os.str() << ") -> (" << resultTypes.str() << ") {\n"
        << "  %0:" << outs.size() << " = dlc." << opName(rc) << " " << operandText.str()
        << attrText << " : (" << argTypes.str() << ") -> (" << resultTypes.str()
        << ")\n"
        << "  return " << results.str() << " : " << resultTypes.str() << "\n}\n";
  return model.str();
}

::testing::AssertionResult checkRecurrent(const RecCase &rc) {
  Rng rng = testRng();
  int64_t g = gatesOf(rc.kind), hs = rc.h;
  Operands in;
  in.x = rc.cell ? rng.tensor({rc.n, rc.i}) : rng.tensor({rc.t, rc.n, rc.i});
  in.w = rng.tensor({g * hs, rc.i});
  in.r = rng.tensor({g * hs, hs});
  in.b = rng.tensor({2 * g * hs});
  in.h0 = rng.tensor({rc.n, hs});
  in.c0 = rng.tensor({rc.n, hs}, -2.0, 2.0);
  in.p = rng.tensor({3 * hs});

  // Reference.
  std::vector<double> h(rc.n * hs, 0.0), c(rc.n * hs, 0.0);
  if (rc.cell || rc.initH)
    h.assign(in.h0.data.begin(), in.h0.data.end());
  if (rc.kind == Kind::LSTM && (rc.cell || rc.initC))
    c.assign(in.c0.data.begin(), in.c0.data.end());
  std::vector<RefTensor> expected;
  int64_t steps = rc.cell ? 1 : rc.t;
  RefTensor y = zeros({rc.t, rc.n, hs});
  for (int64_t t = 0; t < steps; ++t) {
    referenceStep(rc, in, in.x.data.data() + t * rc.n * rc.i, h, c);
    std::copy(h.begin(), h.end(), y.data.begin() + t * rc.n * hs);
  }
  if (!rc.cell)
    expected.push_back(y);
  expected.push_back({{rc.n, hs}, h});
  if (rc.kind == Kind::LSTM)
    expected.push_back({{rc.n, hs}, c});

  std::vector<Tensor> args;
  std::vector<Shape> outs;
  std::string model = buildRecurrentModel(rc, in, args, outs);
  // Errors compound over the steps: each step sums I + H products.
  Tolerance tol = reductionTolerance((rc.i + hs) * steps);
  return runAndCompareAll(model, args, expected, rc.options, {tol});
}

void PrintTo(const RecCase &c, std::ostream *os) { *os << c.name; }

class RecurrentTest : public ::testing::TestWithParam<RecCase> {};

TEST_P(RecurrentTest, MatchesReference) { EXPECT_TRUE(checkRecurrent(GetParam())); }

RecCase O0(RecCase rc) {
  rc.name += "O0";
  rc.options = unoptimized();
  return rc;
}

RecCase rnn(std::string name, int64_t t, int64_t n, int64_t i, int64_t h) {
  RecCase rc{name, Kind::RNN};
  rc.t = t, rc.n = n, rc.i = i, rc.h = h;
  return rc;
}
RecCase full(RecCase rc) {
  rc.bias = rc.initH = true;
  rc.initC = rc.kind == Kind::LSTM;
  return rc;
}

const RecCase rnnPlain = rnn("TanhNoBiasNoState", 5, 3, 7, 5);
const RecCase rnnFull = full(rnn("TanhBiasState", 5, 3, 7, 5));
RecCase rnnReluCase() {
  RecCase rc = full(rnn("ReluBiasState", 6, 2, 5, 3));
  rc.relu = true;
  return rc;
}
const RecCase rnnBig = full(rnn("TanhOddLarge", 7, 5, 33, 17));

INSTANTIATE_TEST_SUITE_P(
    RNN, RecurrentTest,
    ::testing::Values(rnnPlain, O0(rnnPlain), rnnFull, O0(rnnFull), rnnReluCase(),
                      O0(rnnReluCase()), rnnBig, O0(rnnBig),
                      full(rnn("SingleStep", 1, 1, 1, 1)),
                      [] {
                        RecCase rc = rnn("BiasOnlyNoState", 3, 4, 3, 6);
                        rc.bias = true;
                        return rc;
                      }()),
    [](const auto &info) { return info.param.name; });

RecCase lstm(std::string name, int64_t t, int64_t n, int64_t i, int64_t h) {
  RecCase rc = rnn(std::move(name), t, n, i, h);
  rc.kind = Kind::LSTM;
  return rc;
}
RecCase lstmPeephole() {
  RecCase rc = full(lstm("PeepholeBiasState", 5, 3, 7, 5));
  rc.peephole = true;
  return rc;
}
RecCase lstmCoupled() {
  RecCase rc = full(lstm("CoupledBiasState", 5, 3, 7, 5));
  rc.inputForget = true;
  return rc;
}
RecCase lstmPeepholeCoupled() {
  RecCase rc = full(lstm("PeepholeCoupledOddLarge", 6, 5, 33, 17));
  rc.peephole = rc.inputForget = true;
  return rc;
}
RecCase lstmOnlyC() {
  RecCase rc = lstm("BiasInitialCOnly", 4, 3, 5, 7);
  rc.bias = rc.initC = true;
  return rc;
}
const RecCase lstmPlain = lstm("NoBiasNoState", 5, 3, 7, 5);
const RecCase lstmBig = full(lstm("BiasStateOddLarge", 7, 5, 33, 17));

INSTANTIATE_TEST_SUITE_P(
    LSTM, RecurrentTest,
    ::testing::Values(lstmPlain, O0(lstmPlain), full(lstm("BiasState", 5, 3, 7, 5)),
                      lstmPeephole(), O0(lstmPeephole()), lstmCoupled(),
                      O0(lstmCoupled()), lstmPeepholeCoupled(),
                      O0(lstmPeepholeCoupled()), lstmOnlyC(), lstmBig, O0(lstmBig)),
    [](const auto &info) { return info.param.name; });

RecCase gru(std::string name, int64_t t, int64_t n, int64_t i, int64_t h,
            bool linearBeforeReset) {
  RecCase rc = rnn(std::move(name), t, n, i, h);
  rc.kind = Kind::GRU;
  rc.linearBeforeReset = linearBeforeReset;
  return rc;
}
const RecCase gruPlain = gru("NoBiasNoState", 5, 3, 7, 5, false);
const RecCase gruFull = full(gru("BiasState", 5, 3, 7, 5, false));
const RecCase gruLbr = full(gru("LinearBeforeResetBiasState", 5, 3, 7, 5, true));
const RecCase gruLbrPlain = gru("LinearBeforeResetNoBiasNoState", 4, 2, 3, 5, true);
const RecCase gruBig = full(gru("BiasStateOddLarge", 7, 5, 33, 17, false));
const RecCase gruLbrBig = full(gru("LinearBeforeResetOddLarge", 7, 5, 33, 17, true));

INSTANTIATE_TEST_SUITE_P(
    GRU, RecurrentTest,
    ::testing::Values(gruPlain, O0(gruPlain), gruFull, O0(gruFull), gruLbr, O0(gruLbr),
                      gruLbrPlain, gruBig, O0(gruBig), gruLbrBig, O0(gruLbrBig)),
    [](const auto &info) { return info.param.name; });

RecCase cellOf(RecCase rc) {
  rc.cell = true;
  rc.initH = rc.initC = false; // the cells' states are plain operands
  return rc;
}
RecCase rnnReluCell() {
  RecCase rc = cellOf(rnn("RNNReluBias", 1, 3, 7, 5));
  rc.bias = rc.relu = true;
  return rc;
}
RecCase lstmPeepholeCell() {
  RecCase rc = cellOf(lstm("LSTMPeepholeBias", 1, 3, 7, 5));
  rc.bias = rc.peephole = true;
  return rc;
}
RecCase lstmCoupledCell() {
  RecCase rc = cellOf(lstm("LSTMCoupledPeepholeOddLarge", 1, 5, 33, 17));
  rc.bias = rc.peephole = rc.inputForget = true;
  return rc;
}
RecCase gruCell(std::string name, bool lbr, bool bias) {
  RecCase rc = cellOf(gru(std::move(name), 1, 5, 13, 7, lbr));
  rc.bias = bias;
  return rc;
}

INSTANTIATE_TEST_SUITE_P(
    Cells, RecurrentTest,
    ::testing::Values(cellOf(rnn("RNNTanhNoBias", 1, 3, 7, 5)), rnnReluCell(),
                      O0(rnnReluCell()), cellOf(lstm("LSTMNoBias", 1, 3, 7, 5)),
                      lstmPeepholeCell(), O0(lstmPeepholeCell()), lstmCoupledCell(),
                      O0(lstmCoupledCell()), gruCell("GRUNoBias", false, false),
                      gruCell("GRUBias", false, true), O0(gruCell("GRUBias", false, true)),
                      gruCell("GRULinearBeforeResetBias", true, true),
                      O0(gruCell("GRULinearBeforeResetBias", true, true))),
    [](const auto &info) { return info.param.name; });

} // namespace
