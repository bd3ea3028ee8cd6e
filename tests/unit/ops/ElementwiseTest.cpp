//===- ElementwiseTest.cpp - activations, add/sub/mul, batch_norm ----------===//
//
// The ops lowered in DLCToLinalg/Elementwise.cpp: the activations (on random
// values plus hand-picked ones at the saturation and clipping boundaries),
// NumPy-broadcasting add/sub/mul over several rank and shape combinations
// (including a rank-0 operand), and inference batch_norm.
//
//===----------------------------------------------------------------------===//

#include "OpTestUtils.h"

#include <cmath>
#include <functional>
#include <optional>

using namespace dlc::test;

namespace {

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

struct UnaryCase {
  std::string name;
  std::string op;
  Attrs attrs;
  std::function<double(double)> reference;
  Shape shape;
  JITOptions options = optimized();
};

/// Random values in [-6, 6), then values where the activations change
/// behaviour: zeros, tiny and huge magnitudes, and the clip bounds.
Tensor activationInput(Rng &rng, const Shape &shape) {
  Tensor t = rng.tensor(shape, -6.0, 6.0);
  const float special[] = {0.0f,  -0.0f, 1e-3f, -1e-3f, 0.5f,   -0.5f,
                           0.75f, 6.0f,  -6.0f, 10.0f,  -10.0f, 20.0f,
                           -20.0f, 88.0f, -88.0f, 100.0f, -100.0f};
  for (size_t i = 0; i < std::size(special) && i < t.data.size(); ++i)
    t.data[i] = special[i];
  return t;
}

void PrintTo(const UnaryCase &c, std::ostream *os) { *os << c.name; }

class UnaryTest : public ::testing::TestWithParam<UnaryCase> {};

TEST_P(UnaryTest, MatchesReference) {
  const UnaryCase &c = GetParam();
  Rng rng = testRng();
  Tensor x = activationInput(rng, c.shape);
  RefTensor expected = zeros(c.shape);
  for (size_t i = 0; i < x.data.size(); ++i)
    expected.data[i] = c.reference(x.data[i]);
  std::string model = buildModel(c.op, {c.shape}, c.attrs, c.shape,
                                 /*unaryFormat=*/true);
  EXPECT_TRUE(runAndCompare(model, {x}, expected, c.options));
}

/// The float an f32 attribute holds, widened: what the reference must use.
double f32(double v) { return static_cast<float>(v); }

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double leaky(double x, double alpha) { return x >= 0 ? x : alpha * x; }
double clip(double x, double lo, double hi) { return std::min(std::max(x, lo), hi); }
double hardSigmoid(double x, double alpha, double beta) {
  return clip(alpha * x + beta, 0.0, 1.0);
}
/// The normal CDF, from the complementary error function (not erf).
double normalCdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }
double geluTanh(double x) {
  const double pi = 3.14159265358979323846;
  return 0.5 * x * (1.0 + std::tanh(std::sqrt(2.0 / pi) * (x + 0.044715 * x * x * x)));
}
/// log(1 + e^x), directly where e^x is far from overflowing.
double softplus(double x) { return x > 30 ? x : std::log(1.0 + std::exp(x)); }

INSTANTIATE_TEST_SUITE_P(
    Activations, UnaryTest,
    ::testing::Values(
        UnaryCase{"Relu", "relu", {}, [](double x) { return std::max(x, 0.0); },
                  {2, 3, 5, 7}},
        UnaryCase{"LeakyReluDefaultAlpha", "leaky_relu", {},
                  [](double x) { return leaky(x, f32(0.01)); }, {1037}},
        UnaryCase{"LeakyReluAlpha", "leaky_relu", Attrs().f32("alpha", 0.2),
                  [](double x) { return leaky(x, f32(0.2)); }, {3, 17, 13}},
        UnaryCase{"Sigmoid", "sigmoid", {}, sigmoid, {5, 7, 33}},
        UnaryCase{"SigmoidO0", "sigmoid", {}, sigmoid, {5, 7, 33}, unoptimized()},
        UnaryCase{"Tanh", "tanh", {}, [](double x) { return std::tanh(x); },
                  {2, 65, 3}},
        UnaryCase{"Clip", "clip", Attrs().f32("min", -0.5).f32("max", 0.75),
                  [](double x) { return clip(x, -0.5, 0.75); }, {7, 130}},
        UnaryCase{"Relu6", "clip", Attrs().f32("min", 0.0).f32("max", 6.0),
                  [](double x) { return clip(x, 0.0, 6.0); }, {1, 3, 13, 17}},
        UnaryCase{"HardSigmoidDefaults", "hard_sigmoid", {},
                  [](double x) { return hardSigmoid(x, f32(0.2), f32(0.5)); }, {3, 41}},
        UnaryCase{"HardSigmoidTorch", "hard_sigmoid",
                  Attrs().f32("alpha", 1.0 / 6.0).f32("beta", 0.5),
                  [](double x) { return hardSigmoid(x, f32(1.0 / 6.0), 0.5); }, {2, 5, 7, 9}},
        UnaryCase{"HardSwish", "hard_swish", {},
                  [](double x) { return x * clip(x + 3.0, 0.0, 6.0) / 6.0; }, {1, 16, 11, 11}},
        UnaryCase{"Erf", "erf", {}, [](double x) { return std::erf(x); }, {5, 67}},
        UnaryCase{"ErfO0", "erf", {}, [](double x) { return std::erf(x); }, {67},
                  unoptimized()},
        UnaryCase{"Gelu", "gelu", {}, [](double x) { return x * normalCdf(x); }, {2, 8, 37}},
        UnaryCase{"GeluO0", "gelu", {}, [](double x) { return x * normalCdf(x); }, {37},
                  unoptimized()},
        UnaryCase{"GeluTanh", "gelu", Attrs().string("approximate", "tanh"), geluTanh,
                  {4, 3, 29}},
        UnaryCase{"Softplus", "softplus", {}, softplus, {3, 7, 19}},
        UnaryCase{"SoftplusO0", "softplus", {}, softplus, {19}, unoptimized()}),
    [](const auto &info) { return info.param.name; });

//===----------------------------------------------------------------------===//
// Broadcasting binary arithmetic
//===----------------------------------------------------------------------===//

struct BroadcastCase {
  std::string name;
  Shape lhs, rhs;
};

void PrintTo(const BroadcastCase &c, std::ostream *os) { *os << c.name; }

double applyBinary(const std::string &op, double a, double b) {
  if (op == "add")
    return a + b;
  if (op == "sub")
    return a - b;
  return a * b;
}

/// Reference NumPy broadcasting: each output element reads the operand
/// elements its index maps to.
RefTensor binaryReference(const std::string &op, const Tensor &lhs, const Tensor &rhs) {
  RefTensor out = zeros(broadcastShapes(lhs.shape, rhs.shape));
  for (size_t i = 0; i < out.data.size(); ++i) {
    std::vector<int64_t> index = unravel(i, out.shape);
    out.data[i] = applyBinary(op, lhs.data[broadcastOffset(index, lhs.shape)],
                              rhs.data[broadcastOffset(index, rhs.shape)]);
  }
  return out;
}

::testing::AssertionResult checkBinary(Rng &rng, const std::string &op,
                                       const Shape &lhsShape, const Shape &rhsShape) {
  Tensor lhs = rng.tensor(lhsShape), rhs = rng.tensor(rhsShape);
  RefTensor expected = binaryReference(op, lhs, rhs);
  std::string model = buildModel(op, {lhsShape, rhsShape}, {}, expected.shape);
  return runAndCompare(model, {lhs, rhs}, expected);
}

class BroadcastTest
    : public ::testing::TestWithParam<std::tuple<BroadcastCase, std::string>> {};

TEST_P(BroadcastTest, MatchesReference) {
  const auto &[c, op] = GetParam();
  Rng rng = testRng();
  EXPECT_TRUE(checkBinary(rng, op, c.lhs, c.rhs));
}

INSTANTIATE_TEST_SUITE_P(
    Arithmetic, BroadcastTest,
    ::testing::Combine(
        ::testing::Values(
            BroadcastCase{"SameShape", {3, 5, 7}, {3, 5, 7}},
            BroadcastCase{"TrailingVector", {2, 3, 5, 7}, {7}},
            BroadcastCase{"PerChannel", {2, 5, 9, 11}, {5, 1, 1}},
            BroadcastCase{"BothOperandsBroadcast", {1, 5, 1}, {4, 1, 6}},
            BroadcastCase{"LowerRankLhs", {6, 1, 13}, {2, 1, 7, 1}},
            BroadcastCase{"UnitTensorLhs", {1}, {4, 65}},
            BroadcastCase{"RankZeroRhs", {5, 3}, {}}),
        ::testing::Values("add", "sub", "mul")),
    [](const auto &info) {
      return std::get<0>(info.param).name + "_" + std::get<1>(info.param);
    });

/// Random output shapes of rank 1 to 4 from odd extents; each operand keeps
/// a random suffix of the dims with some of them set to 1.
TEST(BroadcastRandomTest, RandomShapes) {
  Rng rng = testRng();
  const std::vector<std::string> ops = {"add", "sub", "mul"};
  for (int draw = 0; draw < 3; ++draw) {
    Shape out(rng.range(1, 4));
    for (int64_t &d : out)
      d = rng.pick(std::vector<int64_t>{1, 3, 5, 7, 13, 17});
    auto operand = [&] {
      Shape s(out.begin() + rng.range(0, static_cast<int64_t>(out.size()) - 1),
              out.end());
      for (int64_t &d : s)
        if (rng.range(0, 2) == 0)
          d = 1;
      return s;
    };
    Shape lhs = operand(), rhs = operand();
    const std::string &op = rng.pick(ops);
    SCOPED_TRACE(op + " " + shapeString(lhs) + " with " + shapeString(rhs));
    EXPECT_TRUE(checkBinary(rng, op, lhs, rhs));
  }
}

//===----------------------------------------------------------------------===//
// batch_norm
//===----------------------------------------------------------------------===//

struct BatchNormCase {
  std::string name;
  Shape input;
  std::optional<double> epsilon; ///< unset: the attribute's default, 1e-5
};

void PrintTo(const BatchNormCase &c, std::ostream *os) { *os << c.name; }

class BatchNormTest : public ::testing::TestWithParam<BatchNormCase> {};

TEST_P(BatchNormTest, MatchesReference) {
  const BatchNormCase &c = GetParam();
  Rng rng = testRng();
  int64_t channels = c.input[1];
  Tensor x = rng.tensor(c.input, -3.0, 3.0);
  Tensor scale = rng.tensor({channels}, 0.5, 2.0), bias = rng.tensor({channels});
  Tensor mean = rng.tensor({channels});
  // Small variances make epsilon matter.
  Tensor variance = rng.tensor({channels}, 1e-4, 2.0);
  double eps = f32(c.epsilon.value_or(1e-5));

  RefTensor expected = zeros(c.input);
  int64_t inner = numElements(c.input) / (c.input[0] * channels);
  for (size_t i = 0; i < x.data.size(); ++i) {
    int64_t ch = (i / inner) % channels;
    expected.data[i] = double(scale.data[ch]) * (double(x.data[i]) - mean.data[ch]) /
                           std::sqrt(double(variance.data[ch]) + eps) +
                       bias.data[ch];
  }
  Shape vec{channels};
  Attrs attrs;
  if (c.epsilon)
    attrs.f32("epsilon", *c.epsilon);
  std::string model = buildModel("batch_norm", {c.input, vec, vec, vec, vec}, attrs,
                                 c.input);
  EXPECT_TRUE(runAndCompare(model, {x, scale, bias, mean, variance}, expected));
}

INSTANTIATE_TEST_SUITE_P(
    Normalization, BatchNormTest,
    ::testing::Values(BatchNormCase{"NCHWDefaultEpsilon", {2, 5, 7, 9}, std::nullopt},
                      BatchNormCase{"Rank2Epsilon", {3, 7}, 1e-3},
                      BatchNormCase{"Rank3", {2, 13, 17}, 1e-2}),
    [](const auto &info) { return info.param.name; });

} // namespace
