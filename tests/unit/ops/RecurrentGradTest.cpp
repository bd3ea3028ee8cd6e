//===- RecurrentGradTest.cpp - rnn_grad, lstm_grad, gru_grad ----------------===//
//
// The adjoint recurrences of the recurrent layers against a naive
// double-precision reference written from their ODS descriptions: RNN with
// tanh and relu; LSTM plain, with peepholes, with coupled gates
// (input_forget) and both; GRU in both linear_before_reset modes. Operands
// are arbitrary tensors (the ops are defined for any pre-activations, not
// only consistent ones), at T = 1 (no loop), small odd sizes and sizes
// where the per-step contractions are tiled and vectorized, optimized and
// unoptimized.
//
//===----------------------------------------------------------------------===//

#include "OpTestUtils.h"

#include <cmath>
#include <sstream>

using namespace dlc::test;

namespace {

enum class Kind { RNN, LSTM, GRU };

struct GradCase {
  std::string name;
  Kind kind;
  int64_t t = 1, n = 1, h = 1;
  bool relu = false, peephole = false, inputForget = false, linearBeforeReset = false;
  JITOptions options = optimized();
};

int64_t gatesOf(Kind k) { return k == Kind::RNN ? 1 : k == Kind::LSTM ? 4 : 3; }

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

/// A row-major [rows x cols] view of float or double data, read as double.
template <typename T> struct View {
  const T *data;
  int64_t cols;
  double operator()(int64_t i, int64_t j) const { return double(data[i * cols + j]); }
};
template <typename T> View<T> view(const std::vector<T> &v, int64_t cols, int64_t offset = 0) {
  return {v.data() + offset, cols};
}

/// out[b, k] = sum_j da[b, j] R[rowOffset + j, k] over j < rows: an adjoint
/// times R's rows [rowOffset, rowOffset + rows).
void timesR(const std::vector<double> &da, int64_t daCols, int64_t rows, int64_t daOffset,
            const Tensor &r, int64_t rowOffset, int64_t n, int64_t h,
            std::vector<double> &out) {
  for (int64_t b = 0; b < n; ++b)
    for (int64_t k = 0; k < h; ++k) {
      double s = 0;
      for (int64_t j = 0; j < rows; ++j)
        s += da[b * daCols + daOffset + j] * double(r.data[(rowOffset + j) * h + k]);
      out[b * h + k] += s;
    }
}

/// Model text: one dlc op applied to the arguments, returning all results.
std::string buildModel(const std::string &op, const std::vector<Tensor> &args,
                       const std::string &operands, const std::string &attrs,
                       const std::vector<Shape> &outs) {
  std::ostringstream params, argTypes, resultTypes, results;
  for (size_t k = 0; k < args.size(); ++k) {
    params << (k ? ", " : "") << "%arg" << k << ": " << tensorType(args[k].shape);
    argTypes << (k ? ", " : "") << tensorType(args[k].shape);
  }
  for (size_t k = 0; k < outs.size(); ++k) {
    resultTypes << (k ? ", " : "") << tensorType(outs[k]);
    results << (k ? ", " : "") << "%0#" << k;
  }
  std::ostringstream model;
  model << "func.func @main(" << params.str() << ") -> (" << resultTypes.str() << ") {\n"
        << "  %0:" << outs.size() << " = dlc." << op << " " << operands << attrs << " : ("
        << argTypes.str() << ") -> (" << resultTypes.str() << ")\n"
        << "  return " << results.str() << " : " << resultTypes.str() << "\n}\n";
  return model.str();
}

//===----------------------------------------------------------------------===//
// References, step by step as in the ops' descriptions
//===----------------------------------------------------------------------===//

std::vector<RefTensor> referenceRNN(const GradCase &gc, const Tensor &y, const Tensor &r,
                                    const Tensor &dy, const Tensor &dyH) {
  int64_t n = gc.n, hs = gc.h, nh = n * hs;
  RefTensor da = zeros({gc.t, n, hs});
  std::vector<double> dh(dyH.data.begin(), dyH.data.end());
  for (int64_t t = gc.t - 1; t >= 0; --t) {
    std::vector<double> step(nh);
    for (int64_t e = 0; e < nh; ++e) {
      double yv = y.data[t * nh + e], g = dy.data[t * nh + e] + dh[e];
      step[e] = gc.relu ? (yv > 0 ? g : 0.0) : g * (1 - yv * yv);
    }
    std::copy(step.begin(), step.end(), da.data.begin() + t * nh);
    dh.assign(nh, 0.0);
    timesR(step, hs, hs, 0, r, 0, n, hs, dh);
  }
  return {da, {{n, hs}, dh}};
}

std::vector<RefTensor> referenceLSTM(const GradCase &gc, const Tensor &a, const Tensor &r,
                                     const Tensor &c0, const Tensor &dy, const Tensor &dyH,
                                     const Tensor &dyC, const Tensor &p) {
  int64_t n = gc.n, hs = gc.h, nh = n * hs, g4 = 4 * hs;
  auto A = [&](int64_t t, int64_t b, int64_t gate, int64_t j) {
    return double(a.data[(t * n + b) * g4 + gate * hs + j]);
  };
  auto P = [&](int64_t k, int64_t j) { return gc.peephole ? double(p.data[k * hs + j]) : 0.0; };
  // Cell states, forwards: cs[t] = C_t, cs[0] = C_0.
  std::vector<std::vector<double>> cs(gc.t + 1, std::vector<double>(nh));
  cs[0].assign(c0.data.begin(), c0.data.end());
  auto gatesAt = [&](int64_t t, int64_t b, int64_t j, double cPrev) {
    double f = sigmoid(A(t, b, 2, j) + P(2, j) * cPrev);
    double i = gc.inputForget ? 1 - f : sigmoid(A(t, b, 0, j) + P(0, j) * cPrev);
    return std::make_pair(f, i);
  };
  for (int64_t t = 0; t < gc.t; ++t)
    for (int64_t b = 0; b < n; ++b)
      for (int64_t j = 0; j < hs; ++j) {
        double cPrev = cs[t][b * hs + j];
        auto [f, i] = gatesAt(t, b, j, cPrev);
        cs[t + 1][b * hs + j] = f * cPrev + i * std::tanh(A(t, b, 3, j));
      }
  RefTensor da = zeros({gc.t, n, g4}), c = zeros({gc.t, n, hs});
  std::vector<double> dh(dyH.data.begin(), dyH.data.end());
  std::vector<double> dc(dyC.data.begin(), dyC.data.end());
  for (int64_t t = gc.t - 1; t >= 0; --t) {
    std::vector<double> step(n * g4);
    for (int64_t b = 0; b < n; ++b)
      for (int64_t j = 0; j < hs; ++j) {
        int64_t e = b * hs + j;
        double cPrev = cs[t][e], cNow = cs[t + 1][e];
        auto [f, i] = gatesAt(t, b, j, cPrev);
        double g = std::tanh(A(t, b, 3, j));
        double o = sigmoid(A(t, b, 1, j) + P(1, j) * cNow), tc = std::tanh(cNow);
        double dH = dh[e] + dy.data[t * nh + e];
        double ao = dH * tc * o * (1 - o);
        double dC = dc[e] + dH * o * (1 - tc * tc) + ao * P(1, j);
        double af = dC * cPrev * f * (1 - f);
        double ac = dC * i * (1 - g * g);
        double ai = dC * g * i * (1 - i);
        if (gc.inputForget) {
          ai = 0;
          af -= dC * g * f * (1 - f);
        }
        double *row = step.data() + b * g4;
        row[j] = ai, row[hs + j] = ao, row[2 * hs + j] = af, row[3 * hs + j] = ac;
        dc[e] = dC * f + ai * P(0, j) + af * P(2, j);
      }
    std::copy(step.begin(), step.end(), da.data.begin() + t * n * g4);
    std::copy(cs[t + 1].begin(), cs[t + 1].end(), c.data.begin() + t * nh);
    dh.assign(nh, 0.0);
    timesR(step, g4, g4, 0, r, 0, n, hs, dh);
  }
  return {da, {{n, hs}, dh}, {{n, hs}, dc}, c};
}

std::vector<RefTensor> referenceGRU(const GradCase &gc, const Tensor &xa, const Tensor &ha,
                                    const Tensor &hPrev, const Tensor &r, const Tensor &dy,
                                    const Tensor &dyH) {
  int64_t n = gc.n, hs = gc.h, nh = n * hs, g3 = 3 * hs;
  RefTensor dxa = zeros({gc.t, n, g3}), dha = zeros({gc.t, n, g3});
  std::vector<double> dh(dyH.data.begin(), dyH.data.end());
  for (int64_t t = gc.t - 1; t >= 0; --t) {
    View<float> x = view(xa.data, g3, t * n * g3), u = view(ha.data, g3, t * n * g3);
    std::vector<double> sx(n * g3), sh(n * g3), next(nh), rGate(nh), drh(nh, 0.0);
    for (int64_t b = 0; b < n; ++b)
      for (int64_t j = 0; j < hs; ++j) {
        int64_t e = b * hs + j;
        double hp = hPrev.data[t * nh + e];
        double z = sigmoid(x(b, j) + u(b, j)), rg = sigmoid(x(b, hs + j) + u(b, hs + j));
        double cand = std::tanh(x(b, 2 * hs + j) +
                                (gc.linearBeforeReset ? rg : 1.0) * u(b, 2 * hs + j));
        double dH = dh[e] + dy.data[t * nh + e];
        double az = dH * (hp - cand) * z * (1 - z);
        double ah = dH * (1 - z) * (1 - cand * cand);
        sx[b * g3 + j] = sh[b * g3 + j] = az;
        sx[b * g3 + 2 * hs + j] = ah;
        sh[b * g3 + 2 * hs + j] = gc.linearBeforeReset ? ah * rg : ah;
        if (gc.linearBeforeReset)
          sx[b * g3 + hs + j] = sh[b * g3 + hs + j] =
              ah * u(b, 2 * hs + j) * rg * (1 - rg);
        next[e] = dH * z;
        rGate[e] = rg;
      }
    if (!gc.linearBeforeReset) {
      // dRH = b_h R_h, a_r = dRH H_{t-1} r (1 - r), dH += dRH r.
      timesR(sh, g3, hs, 2 * hs, r, 2 * hs, n, hs, drh);
      for (int64_t b = 0; b < n; ++b)
        for (int64_t j = 0; j < hs; ++j) {
          int64_t e = b * hs + j;
          double rg = rGate[e], hp = hPrev.data[t * nh + e];
          sx[b * g3 + hs + j] = sh[b * g3 + hs + j] = drh[e] * hp * rg * (1 - rg);
          next[e] += drh[e] * rg;
        }
      timesR(sh, g3, 2 * hs, 0, r, 0, n, hs, next);
    } else {
      timesR(sh, g3, g3, 0, r, 0, n, hs, next);
    }
    std::copy(sx.begin(), sx.end(), dxa.data.begin() + t * n * g3);
    std::copy(sh.begin(), sh.end(), dha.data.begin() + t * n * g3);
    dh = next;
  }
  return {dxa, dha, {{n, hs}, dh}};
}

//===----------------------------------------------------------------------===//
// The check
//===----------------------------------------------------------------------===//

::testing::AssertionResult checkGrad(const GradCase &gc) {
  Rng rng = testRng();
  int64_t t = gc.t, n = gc.n, hs = gc.h, g = gatesOf(gc.kind);
  Shape seq{t, n, hs}, state{n, hs}, stack{t, n, g * hs};
  Tensor r = rng.tensor({g * hs, hs}), dy = rng.tensor(seq), dyH = rng.tensor(state);
  std::vector<Tensor> args;
  std::vector<RefTensor> expected;
  std::string op, operands, attrs;
  if (gc.kind == Kind::RNN) {
    Tensor y = rng.tensor(seq);
    args = {y, r, dy, dyH};
    op = "rnn_grad";
    operands = "%arg0, %arg1, %arg2, %arg3";
    attrs = gc.relu ? " {activation = \"relu\"}" : "";
    expected = referenceRNN(gc, y, r, dy, dyH);
  } else if (gc.kind == Kind::LSTM) {
    Tensor a = rng.tensor(stack, -2.0, 2.0), c0 = rng.tensor(state, -2.0, 2.0),
           dyC = rng.tensor(state), p = rng.tensor({3 * hs});
    args = {a, r, c0, dy, dyH, dyC};
    op = "lstm_grad";
    operands = "%arg0, %arg1, %arg2, %arg3, %arg4, %arg5";
    if (gc.peephole) {
      args.push_back(p);
      operands += " peephole %arg6";
    }
    attrs = gc.inputForget ? " {input_forget = true}" : "";
    expected = referenceLSTM(gc, a, r, c0, dy, dyH, dyC, p);
  } else {
    Tensor xa = rng.tensor(stack, -2.0, 2.0), ha = rng.tensor(stack, -2.0, 2.0),
           hPrev = rng.tensor(seq);
    args = {xa, ha, hPrev, r, dy, dyH};
    op = "gru_grad";
    operands = "%arg0, %arg1, %arg2, %arg3, %arg4, %arg5";
    attrs = gc.linearBeforeReset ? " {linear_before_reset = true}" : "";
    expected = referenceGRU(gc, xa, ha, hPrev, r, dy, dyH);
  }
  std::vector<Shape> outs;
  for (const RefTensor &e : expected)
    outs.push_back(e.shape);
  std::string model = buildModel(op, args, operands, attrs, outs);
  // Each step adds a product over G*H terms to what the later steps gave.
  Tolerance tol = reductionTolerance(g * hs * t);
  return runAndCompareAll(model, args, expected, gc.options, {tol});
}

void PrintTo(const GradCase &c, std::ostream *os) { *os << c.name; }

class RecurrentGradTest : public ::testing::TestWithParam<GradCase> {};

TEST_P(RecurrentGradTest, MatchesReference) { EXPECT_TRUE(checkGrad(GetParam())); }

GradCase make(std::string name, Kind kind, int64_t t, int64_t n, int64_t h) {
  GradCase gc{std::move(name), kind};
  gc.t = t, gc.n = n, gc.h = h;
  return gc;
}
GradCase O0(GradCase gc) {
  gc.name += "O0";
  gc.options = unoptimized();
  return gc;
}
GradCase relu(GradCase gc) {
  gc.relu = true;
  return gc;
}
GradCase peephole(GradCase gc) {
  gc.peephole = true;
  return gc;
}
GradCase coupled(GradCase gc) {
  gc.inputForget = true;
  return gc;
}
GradCase linearBeforeReset(GradCase gc) {
  gc.linearBeforeReset = true;
  return gc;
}

INSTANTIATE_TEST_SUITE_P(
    RNN, RecurrentGradTest,
    ::testing::Values(make("Tanh", Kind::RNN, 5, 3, 5), O0(make("Tanh", Kind::RNN, 5, 3, 5)),
                      relu(make("Relu", Kind::RNN, 6, 2, 3)),
                      O0(relu(make("Relu", Kind::RNN, 6, 2, 3))),
                      make("SingleStep", Kind::RNN, 1, 3, 4),
                      make("TanhOddLarge", Kind::RNN, 7, 5, 17),
                      O0(make("TanhOddLarge", Kind::RNN, 7, 5, 17))),
    [](const auto &info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    LSTM, RecurrentGradTest,
    ::testing::Values(make("Plain", Kind::LSTM, 5, 3, 5),
                      O0(make("Plain", Kind::LSTM, 5, 3, 5)),
                      peephole(make("Peephole", Kind::LSTM, 4, 3, 5)),
                      O0(peephole(make("Peephole", Kind::LSTM, 4, 3, 5))),
                      coupled(make("Coupled", Kind::LSTM, 4, 2, 3)),
                      O0(coupled(make("Coupled", Kind::LSTM, 4, 2, 3))),
                      peephole(coupled(make("PeepholeCoupled", Kind::LSTM, 5, 3, 5))),
                      peephole(make("SingleStepPeephole", Kind::LSTM, 1, 3, 4)),
                      peephole(make("PeepholeOddLarge", Kind::LSTM, 6, 5, 17)),
                      O0(peephole(make("PeepholeOddLarge", Kind::LSTM, 6, 5, 17)))),
    [](const auto &info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    GRU, RecurrentGradTest,
    ::testing::Values(make("Default", Kind::GRU, 5, 3, 5), O0(make("Default", Kind::GRU, 5, 3, 5)),
                      linearBeforeReset(make("LinearBeforeReset", Kind::GRU, 5, 3, 5)),
                      O0(linearBeforeReset(make("LinearBeforeReset", Kind::GRU, 5, 3, 5))),
                      make("SingleStep", Kind::GRU, 1, 2, 3),
                      linearBeforeReset(make("SingleStepLinearBeforeReset", Kind::GRU, 1, 2, 3)),
                      make("DefaultOddLarge", Kind::GRU, 7, 5, 17),
                      O0(make("DefaultOddLarge", Kind::GRU, 7, 5, 17)),
                      linearBeforeReset(make("LinearBeforeResetOddLarge", Kind::GRU, 7, 5, 17))),
    [](const auto &info) { return info.param.name; });

} // namespace
