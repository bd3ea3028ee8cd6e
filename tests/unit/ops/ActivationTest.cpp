//===- ActivationTest.cpp - prelu, maxout, log_softmax, dropout, math ------===//
//
// The activations with parameters or extra results (prelu with every slope
// form, maxout with its arg-max, log_softmax along every axis, seeded
// dropout), the elementwise math (exp, log, sqrt, neg, abs, reciprocal) and
// the broadcasting div/max/min/pow. References are naive double-precision
// loops; dropout is checked through properties (each element is 0 or
// x / (1 - p), the kept fraction is within a binomial bound, seeds
// reproduce and differ) and against an independent SplitMix64 written here
// from the formula in DropoutOp's description. IEEE special values (NaN,
// infinities, signed zeros) are checked with their own runner, since the
// shared comparison treats NaN as a mismatch and reads f32 outputs only.
//
//===----------------------------------------------------------------------===//

#include "OpTestUtils.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"

#include <cmath>
#include <functional>
#include <limits>
#include <optional>

using namespace dlc::test;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
const float kNaN = std::numeric_limits<float>::quiet_NaN();

/// Compiles and runs `model`; on failure, `error` holds the diagnostics.
struct RunResult {
  std::vector<Tensor> outputs;
  std::string error;
};

RunResult runModel(const std::string &model, const std::vector<Tensor> &inputs,
                   const JITOptions &options) {
  mlir::MLIRContext &ctx = context();
  std::string diagnostics;
  mlir::ScopedDiagnosticHandler handler(&ctx, [&](mlir::Diagnostic &diag) {
    diagnostics += diag.str() + "\n";
    return mlir::success();
  });
  auto module = mlir::parseSourceString<mlir::ModuleOp>(model, &ctx);
  if (!module)
    return {{}, "the model does not parse\n" + diagnostics + model};
  auto exe = mlir::dlc::Executable::compile(*module, options);
  if (!exe)
    return {{}, llvm::toString(exe.takeError()) + "\n" + diagnostics + model};
  auto outputs = (*exe)->run(inputs);
  if (!outputs)
    return {{}, llvm::toString(outputs.takeError())};
  return {std::move(*outputs), ""};
}

/// Same value, treating NaN as equal to NaN and telling -0 from +0.
bool sameFloat(double a, double b) {
  if (std::isnan(a) || std::isnan(b))
    return std::isnan(a) && std::isnan(b);
  return a == b && std::signbit(a) == std::signbit(b);
}

double f32(double v) { return static_cast<float>(v); }

//===----------------------------------------------------------------------===//
// prelu
//===----------------------------------------------------------------------===//

struct PReluCase {
  std::string name;
  Shape input, slope;
  JITOptions options = optimized();
};

void PrintTo(const PReluCase &c, std::ostream *os) { *os << c.name; }

class PReluTest : public ::testing::TestWithParam<PReluCase> {};

TEST_P(PReluTest, MatchesReference) {
  const PReluCase &c = GetParam();
  Rng rng = testRng();
  Tensor x = rng.tensor(c.input, -3.0, 3.0);
  const float special[] = {0.0f, -0.0f, 1e-3f, -1e-3f, 100.0f, -100.0f};
  for (size_t i = 0; i < std::size(special) && i < x.data.size(); ++i)
    x.data[i] = special[i];
  // Slopes above 1 tell x >= 0 ? x : a*x apart from max(x, a*x).
  Tensor slope = rng.tensor(c.slope, -0.5, 1.5);
  bool perChannel =
      c.slope.size() == 1 && c.input.size() >= 2 && c.slope[0] == c.input[1];
  RefTensor expected = zeros(c.input);
  for (size_t i = 0; i < x.data.size(); ++i) {
    std::vector<int64_t> index = unravel(i, c.input);
    double a = perChannel ? slope.data[index[1]]
                          : slope.data[broadcastOffset(index, c.slope)];
    double v = x.data[i];
    expected.data[i] = v >= 0 ? v : a * v;
  }
  std::string model = buildModel("prelu", {c.input, c.slope}, {}, c.input);
  EXPECT_TRUE(runAndCompare(model, {x, slope}, expected, c.options));
}

INSTANTIATE_TEST_SUITE_P(
    Activations, PReluTest,
    ::testing::Values(
        PReluCase{"PerChannelNCHW", {2, 5, 7, 9}, {5}},
        PReluCase{"PerChannelNCHWO0", {2, 5, 7, 9}, {5}, unoptimized()},
        PReluCase{"PerChannelRank2", {3, 17}, {17}},
        PReluCase{"PerChannelRank3", {2, 13, 5}, {13}},
        PReluCase{"Shared", {3, 7, 5, 5}, {1}},
        PReluCase{"SharedRank1", {65}, {1}},
        PReluCase{"OnnxChannelColumn", {2, 5, 7, 9}, {5, 1, 1}},
        PReluCase{"OnnxTrailing", {2, 5, 7, 9}, {9}},
        PReluCase{"OnnxFullShape", {3, 5, 7}, {3, 5, 7}},
        PReluCase{"OnnxFullShapeO0", {3, 5, 7}, {3, 5, 7}, unoptimized()},
        PReluCase{"OnnxRank0Slope", {5, 13}, {}},
        PReluCase{"OnnxRowBroadcast", {4, 3, 5}, {3, 1}},
        PReluCase{"ElementwiseRank1", {13}, {13}}),
    [](const auto &info) { return info.param.name; });

//===----------------------------------------------------------------------===//
// maxout
//===----------------------------------------------------------------------===//

struct MaxoutCase {
  std::string name;
  Shape input;
  int64_t pieces;
  JITOptions options = optimized();
};

void PrintTo(const MaxoutCase &c, std::ostream *os) { *os << c.name; }

class MaxoutTest : public ::testing::TestWithParam<MaxoutCase> {};

std::string maxoutModel(const Shape &in, const Shape &out, int64_t pieces) {
  std::string i64Type = tensorType(out);
  i64Type.replace(i64Type.find("f32"), 3, "i64");
  return "func.func @main(%x: " + tensorType(in) + ") -> (" + tensorType(out) + ", " +
         i64Type + ") {\n  %y:2 = dlc.maxout %x {pieces = " + std::to_string(pieces) +
         " : i64} : (" + tensorType(in) + ") -> (" + tensorType(out) + ", " + i64Type +
         ")\n  return %y#0, %y#1 : " + tensorType(out) + ", " + i64Type + "\n}\n";
}

TEST_P(MaxoutTest, MatchesReference) {
  const MaxoutCase &c = GetParam();
  Rng rng = testRng();
  Tensor x = rng.tensor(c.input, -2.0, 2.0);
  // Coarse values so that ties occur: the first maximum must win.
  for (float &v : x.data)
    v = std::round(v * 2.0f) / 2.0f;
  Shape out = c.input;
  out[1] /= c.pieces;
  int64_t n = c.input[0], channels = out[1];
  int64_t inner = numElements(c.input) / (n * c.input[1]);
  std::vector<double> maxRef(numElements(out));
  std::vector<int64_t> argRef(numElements(out));
  for (int64_t b = 0; b < n; ++b)
    for (int64_t ch = 0; ch < channels; ++ch)
      for (int64_t s = 0; s < inner; ++s) {
        int64_t o = (b * channels + ch) * inner + s;
        double best = -kInf;
        int64_t arg = 0;
        for (int64_t j = 0; j < c.pieces; ++j) {
          double v = x.data[(b * c.input[1] + ch * c.pieces + j) * inner + s];
          if (v > best) {
            best = v;
            arg = j;
          }
        }
        maxRef[o] = best;
        argRef[o] = arg;
      }
  RunResult r = runModel(maxoutModel(c.input, out, c.pieces), {x}, c.options);
  ASSERT_TRUE(r.error.empty()) << r.error;
  ASSERT_EQ(r.outputs.size(), 2u);
  ASSERT_EQ(r.outputs[0].shape, out);
  ASSERT_EQ(r.outputs[1].shape, out);
  ASSERT_EQ(r.outputs[1].type, mlir::dlc::ElementType::I64);
  int64_t bad = 0;
  for (size_t i = 0; i < maxRef.size(); ++i)
    if (r.outputs[0].data[i] != maxRef[i] || r.outputs[1].i64[i] != argRef[i]) {
      if (++bad <= 5)
        ADD_FAILURE() << "at " << i << ": max " << r.outputs[0].data[i] << " index "
                      << r.outputs[1].i64[i] << ", expected " << maxRef[i] << " index "
                      << argRef[i];
    }
  EXPECT_EQ(bad, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Activations, MaxoutTest,
    ::testing::Values(MaxoutCase{"NCHW3Pieces", {2, 6, 5, 7}, 3},
                      MaxoutCase{"NCHW3PiecesO0", {2, 6, 5, 7}, 3, unoptimized()},
                      MaxoutCase{"Dense2Pieces", {3, 34}, 2},
                      MaxoutCase{"AllChannelsOneGroup", {5, 7, 3}, 7},
                      MaxoutCase{"OnePieceIsIdentity", {2, 5, 3, 3}, 1},
                      MaxoutCase{"Rank5", {1, 4, 3, 5, 2}, 4},
                      MaxoutCase{"Rank5O0", {1, 4, 3, 5, 2}, 4, unoptimized()}),
    [](const auto &info) { return info.param.name; });

/// A NaN wins its group (and the first one gives the index); -inf groups
/// report index 0.
TEST(MaxoutSpecialTest, NaNAndInfinity) {
  // [1, 6] with pieces 3: groups {1, NaN, NaN}, {-inf, -inf, -inf}.
  Tensor x{{1, 6}, {1.0f, kNaN, kNaN, -float(kInf), -float(kInf), -float(kInf)}};
  for (const JITOptions &options : {optimized(), unoptimized()}) {
    RunResult r = runModel(maxoutModel({1, 6}, {1, 2}, 3), {x}, options);
    ASSERT_TRUE(r.error.empty()) << r.error;
    EXPECT_TRUE(std::isnan(r.outputs[0].data[0]));
    EXPECT_EQ(r.outputs[1].i64[0], 1);
    EXPECT_EQ(r.outputs[0].data[1], -kInf);
    EXPECT_EQ(r.outputs[1].i64[1], 0);
  }
}

//===----------------------------------------------------------------------===//
// log_softmax
//===----------------------------------------------------------------------===//

struct LogSoftmaxCase {
  std::string name;
  Shape input;
  std::optional<int64_t> axis; ///< unset: the default, -1
  double scale = 3.0;          ///< inputs uniform in [-scale, scale)
  JITOptions options = optimized();
};

void PrintTo(const LogSoftmaxCase &c, std::ostream *os) { *os << c.name; }

class LogSoftmaxTest : public ::testing::TestWithParam<LogSoftmaxCase> {};

TEST_P(LogSoftmaxTest, MatchesReference) {
  const LogSoftmaxCase &c = GetParam();
  Rng rng = testRng();
  Tensor x = rng.tensor(c.input, -c.scale, c.scale);
  int64_t rank = c.input.size();
  int64_t axis = c.axis.value_or(-1);
  if (axis < 0)
    axis += rank;
  int64_t extent = c.input[axis];
  int64_t inner = 1;
  for (int64_t d = axis + 1; d < rank; ++d)
    inner *= c.input[d];
  int64_t outer = numElements(c.input) / (extent * inner);
  RefTensor expected = zeros(c.input);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t s = 0; s < inner; ++s) {
      auto at = [&](int64_t k) { return (o * extent + k) * inner + s; };
      // log(sum exp(x)) in long double straight from the definition.
      long double m = -kInf, sum = 0;
      for (int64_t k = 0; k < extent; ++k)
        m = std::max<long double>(m, x.data[at(k)]);
      for (int64_t k = 0; k < extent; ++k)
        sum += std::exp(static_cast<long double>(x.data[at(k)]) - m);
      for (int64_t k = 0; k < extent; ++k)
        expected.data[at(k)] = static_cast<double>(x.data[at(k)] - m - std::log(sum));
    }
  Attrs attrs;
  if (c.axis)
    attrs.i64("axis", *c.axis);
  std::string model = buildModel("log_softmax", {c.input}, attrs, c.input);
  // Large inputs lose absolute precision in float32 (x - max is exact but
  // the magnitudes are large), hence a tolerance scaled by them.
  Tolerance tolerance{1e-5, 1e-5 * std::max(1.0, c.scale) * 4};
  EXPECT_TRUE(runAndCompare(model, {x}, expected, c.options, tolerance));
}

INSTANTIATE_TEST_SUITE_P(
    Activations, LogSoftmaxTest,
    ::testing::Values(
        LogSoftmaxCase{"DefaultAxis", {3, 17}, std::nullopt},
        LogSoftmaxCase{"DefaultAxisO0", {3, 17}, std::nullopt, 3.0, unoptimized()},
        LogSoftmaxCase{"Axis0", {5, 7, 3}, 0},
        LogSoftmaxCase{"Axis1", {5, 7, 3}, 1},
        LogSoftmaxCase{"Axis2", {5, 7, 3}, 2},
        LogSoftmaxCase{"AxisMinus2", {5, 7, 3}, -2},
        LogSoftmaxCase{"AxisMinus3O0", {5, 7, 3}, -3, 3.0, unoptimized()},
        LogSoftmaxCase{"Rank1", {65}, 0},
        LogSoftmaxCase{"UnitAxis", {4, 1, 5}, 1},
        LogSoftmaxCase{"NCHWChannels", {2, 13, 3, 5}, 1},
        // exp(x) alone overflows float32 above ~88.7: the max shift must hold.
        LogSoftmaxCase{"LargeValues", {3, 33}, -1, 500.0},
        LogSoftmaxCase{"LargeValuesO0", {3, 33}, -1, 500.0, unoptimized()}),
    [](const auto &info) { return info.param.name; });

//===----------------------------------------------------------------------===//
// dropout
//===----------------------------------------------------------------------===//

std::string dropoutModel(const Shape &shape, const Attrs &attrs) {
  std::string t = tensorType(shape);
  return "func.func @main(%x: " + t + ") -> (" + t + ", " + t + ") {\n" +
         "  %y:2 = dlc.dropout %x" + attrs.str() + " : (" + t + ") -> (" + t + ", " +
         t + ")\n  return %y#0, %y#1 : " + t + ", " + t + "\n}\n";
}

Attrs trainingAttrs(double ratio, int64_t seed) {
  return Attrs().f32("ratio", ratio).i64("seed", seed).boolean("training", true);
}

/// SplitMix64's i-th draw for `seed`, written from the published algorithm.
uint64_t splitmix64(uint64_t seed, uint64_t i) {
  uint64_t z = seed + (i + 1) * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// At inference dropout is the identity with an all-ones mask, for every
/// ratio and seed.
TEST(DropoutTest, IdentityAtInference) {
  Rng rng = testRng();
  Shape shape{3, 5, 7};
  Tensor x = rng.tensor(shape);
  RefTensor same = zeros(shape), ones = zeros(shape);
  for (size_t i = 0; i < x.data.size(); ++i) {
    same.data[i] = x.data[i];
    ones.data[i] = 1.0;
  }
  for (const Attrs &attrs :
       {Attrs(), Attrs().f32("ratio", 0.9).i64("seed", 5),
        Attrs().f32("ratio", 0.3).boolean("training", false),
        // ratio 0 keeps everything in training too.
        Attrs().f32("ratio", 0.0).boolean("training", true)})
    for (const JITOptions &options : {optimized(), unoptimized()})
      EXPECT_TRUE(runAndCompareAll(dropoutModel(shape, attrs), {x}, {same, ones},
                                   options, {Tolerance{0.0, 0.0}}));
}

struct DropoutCase {
  std::string name;
  Shape shape;
  double ratio;
  int64_t seed;
  JITOptions options = optimized();
};

void PrintTo(const DropoutCase &c, std::ostream *os) { *os << c.name; }

class DropoutTrainingTest : public ::testing::TestWithParam<DropoutCase> {};

TEST_P(DropoutTrainingTest, MaskPropertiesAndFormula) {
  const DropoutCase &c = GetParam();
  Rng rng = testRng();
  Tensor x = rng.tensor(c.shape, -4.0, 4.0);
  RunResult r = runModel(dropoutModel(c.shape, trainingAttrs(c.ratio, c.seed)), {x},
                         c.options);
  ASSERT_TRUE(r.error.empty()) << r.error;
  const std::vector<float> &y = r.outputs[0].data, &mask = r.outputs[1].data;
  double p = f32(c.ratio);
  double scale = 1.0 / (1.0 - p);
  int64_t n = x.data.size(), kept = 0, badValue = 0, badFormula = 0;
  uint64_t threshold = static_cast<uint64_t>(std::ceil(p * 16777216.0));
  for (int64_t i = 0; i < n; ++i) {
    // Every element is 0 or x / (1 - p), and the mask says which.
    bool isKept = mask[i] == 1.0f;
    if (!isKept && mask[i] != 0.0f)
      ++badValue;
    double want = isKept ? x.data[i] * scale : 0.0;
    if (std::fabs(y[i] - want) > 1e-6 * std::fabs(want))
      ++badValue;
    kept += isKept;
    // The documented hash, recomputed independently.
    bool keepRef = (splitmix64(static_cast<uint64_t>(c.seed), i) >> 40) >= threshold;
    badFormula += keepRef != isKept;
  }
  EXPECT_EQ(badValue, 0) << "elements that are neither 0 nor x / (1 - p)";
  EXPECT_EQ(badFormula, 0) << "mask entries that differ from SplitMix64";
  // Kept fraction within 5 binomial standard deviations of 1 - p.
  double mean = n * (1.0 - p), sd = std::sqrt(n * p * (1.0 - p));
  EXPECT_NEAR(double(kept), mean, 5.0 * sd + 1.0) << "n = " << n << ", p = " << p;
}

INSTANTIATE_TEST_SUITE_P(
    Regularization, DropoutTrainingTest,
    ::testing::Values(DropoutCase{"Half", {7, 13, 33}, 0.5, 0},
                      DropoutCase{"HalfO0", {7, 13, 33}, 0.5, 0, unoptimized()},
                      DropoutCase{"Ratio0p1", {5, 1037}, 0.1, 42},
                      DropoutCase{"Ratio0p8", {3, 5, 7, 65}, 0.8, -7},
                      DropoutCase{"Ratio0p8O0", {3, 5, 7, 65}, 0.8, -7, unoptimized()},
                      DropoutCase{"Ratio0p99", {17, 513}, 0.99, 123456789},
                      DropoutCase{"Rank1Odd", {4099}, 0.3, 1}),
    [](const auto &info) { return info.param.name; });

/// The same seed gives the same mask at every optimization level (and so
/// every thread count and tiling); different seeds give different masks.
TEST(DropoutTest, SeedsReproduceAndDiffer) {
  Rng rng = testRng();
  Shape shape{9, 17, 13};
  Tensor x = rng.tensor(shape);
  auto maskOf = [&](int64_t seed, const JITOptions &options) {
    RunResult r = runModel(dropoutModel(shape, trainingAttrs(0.5, seed)), {x}, options);
    EXPECT_TRUE(r.error.empty()) << r.error;
    return r.outputs.size() == 2 ? r.outputs[1].data : std::vector<float>();
  };
  std::vector<float> a = maskOf(11, optimized()), b = maskOf(11, optimized());
  std::vector<float> c = maskOf(11, unoptimized()), d = maskOf(12, optimized());
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, c);
  // Independent masks agree on about half the elements (ratio 0.5).
  int64_t agree = 0;
  for (size_t i = 0; i < a.size(); ++i)
    agree += a[i] == d[i];
  double n = a.size();
  EXPECT_NEAR(agree, n / 2, 5.0 * std::sqrt(n / 4)) << "seeds 11 and 12";
}

//===----------------------------------------------------------------------===//
// Elementwise math
//===----------------------------------------------------------------------===//

struct MathCase {
  std::string name;
  std::string op;
  std::function<double(double)> reference;
  double lo, hi; ///< input range
  Shape shape;
  JITOptions options = optimized();
  Tolerance tolerance = {};
};

void PrintTo(const MathCase &c, std::ostream *os) { *os << c.name; }

class MathTest : public ::testing::TestWithParam<MathCase> {};

TEST_P(MathTest, MatchesReference) {
  const MathCase &c = GetParam();
  Rng rng = testRng();
  Tensor x = rng.tensor(c.shape, c.lo, c.hi);
  RefTensor expected = zeros(c.shape);
  for (size_t i = 0; i < x.data.size(); ++i)
    expected.data[i] = c.reference(x.data[i]);
  std::string model = buildModel(c.op, {c.shape}, {}, c.shape, /*unaryFormat=*/true);
  EXPECT_TRUE(runAndCompare(model, {x}, expected, c.options, c.tolerance));
}

double neg(double x) { return -x; }
double reciprocal(double x) { return 1.0 / x; }
double sqrtRef(double x) { return std::sqrt(x); }
double logRef(double x) { return std::log(x); }
double expRef(double x) { return std::exp(x); }
double absRef(double x) { return std::fabs(x); }

INSTANTIATE_TEST_SUITE_P(
    Math, MathTest,
    ::testing::Values(
        MathCase{"Exp", "exp", expRef, -10.0, 10.0, {5, 7, 13}},
        MathCase{"ExpO0", "exp", expRef, -10.0, 10.0, {5, 7, 13}, unoptimized()},
        MathCase{"ExpLarge", "exp", expRef, 60.0, 88.0, {33}},
        // log and sqrt on their domain: positive inputs.
        MathCase{"Log", "log", logRef, 1e-3, 10.0, {3, 65}},
        MathCase{"LogO0", "log", logRef, 1e-3, 10.0, {3, 65}, unoptimized()},
        MathCase{"LogWide", "log", logRef, 1e-30, 1e30, {1037}},
        MathCase{"Sqrt", "sqrt", sqrtRef, 0.0, 100.0, {17, 13}},
        MathCase{"SqrtO0", "sqrt", sqrtRef, 0.0, 100.0, {17, 13}, unoptimized()},
        MathCase{"Neg", "neg", neg, -5.0, 5.0, {2, 3, 5, 7}},
        MathCase{"Abs", "abs", absRef, -5.0, 5.0, {7, 1, 9}},
        MathCase{"AbsO0", "abs", absRef, -5.0, 5.0, {7, 1, 9}, unoptimized()},
        MathCase{"Reciprocal", "reciprocal", reciprocal, 0.1, 10.0, {13, 5}},
        MathCase{"ReciprocalNegative", "reciprocal", reciprocal, -10.0, -0.1, {33}},
        MathCase{"ReciprocalO0", "reciprocal", reciprocal, 0.1, 10.0, {13, 5},
                 unoptimized()}),
    [](const auto &info) { return info.param.name; });

/// Each op on IEEE special values; the expected results are the C library's
/// double-precision ones (NaN compared as NaN, zeros by sign).
TEST(MathSpecialTest, SpecialValues) {
  const std::vector<float> values = {0.0f,  -0.0f, 1.0f,  -1.0f, float(kInf),
                                     -float(kInf), kNaN, 1e-38f, 1e-45f, 100.0f};
  struct Op {
    std::string name;
    std::function<double(double)> ref;
  };
  const std::vector<Op> ops = {{"exp", expRef},   {"log", logRef},
                               {"sqrt", sqrtRef}, {"neg", neg},
                               {"abs", absRef},   {"reciprocal", reciprocal}};
  Shape shape{static_cast<int64_t>(values.size())};
  for (const Op &op : ops)
    for (const JITOptions &options : {optimized(), unoptimized()}) {
      SCOPED_TRACE(op.name + (options.optLevel ? " -O3" : " -O0"));
      RunResult r = runModel(buildModel(op.name, {shape}, {}, shape, true),
                             {Tensor{shape, values}}, options);
      ASSERT_TRUE(r.error.empty()) << r.error;
      for (size_t i = 0; i < values.size(); ++i) {
        double want = f32(op.ref(values[i])), got = r.outputs[0].data[i];
        // exp/log of denormals may flush or round; compare those loosely.
        bool ok = sameFloat(got, want) || (std::isfinite(want) &&
                                           std::fabs(got - want) <= 1e-6 * std::fabs(want));
        EXPECT_TRUE(ok) << op.name << "(" << values[i] << ") = " << got
                        << ", expected " << want;
      }
    }
}

//===----------------------------------------------------------------------===//
// Broadcasting div, max, min, pow
//===----------------------------------------------------------------------===//

struct BinaryCase {
  std::string name;
  Shape lhs, rhs;
};

void PrintTo(const BinaryCase &c, std::ostream *os) { *os << c.name; }

double binaryRef(const std::string &op, double a, double b) {
  if (op == "div")
    return a / b;
  if (op == "max")
    return std::max(a, b);
  if (op == "min")
    return std::min(a, b);
  return std::pow(a, b);
}

class BinaryMathTest
    : public ::testing::TestWithParam<std::tuple<BinaryCase, std::string, bool>> {};

TEST_P(BinaryMathTest, MatchesReference) {
  const auto &[c, op, opt] = GetParam();
  Rng rng = testRng();
  // div: divisors away from 0; pow: positive bases, exponents in [-2, 3).
  Tensor lhs = op == "pow" ? rng.tensor(c.lhs, 0.1, 3.0) : rng.tensor(c.lhs, -3.0, 3.0);
  Tensor rhs = op == "pow" ? rng.tensor(c.rhs, -2.0, 3.0) : rng.tensor(c.rhs, 0.25, 3.0);
  if (op == "div")
    for (size_t i = 0; i < rhs.data.size(); i += 2)
      rhs.data[i] = -rhs.data[i];
  RefTensor out = zeros(broadcastShapes(c.lhs, c.rhs));
  for (size_t i = 0; i < out.data.size(); ++i) {
    std::vector<int64_t> index = unravel(i, out.shape);
    out.data[i] = binaryRef(op, lhs.data[broadcastOffset(index, c.lhs)],
                            rhs.data[broadcastOffset(index, c.rhs)]);
  }
  std::string model = buildModel(op, {c.lhs, c.rhs}, {}, out.shape);
  EXPECT_TRUE(runAndCompare(model, {lhs, rhs}, out, opt ? optimized() : unoptimized()));
}

INSTANTIATE_TEST_SUITE_P(
    Arithmetic, BinaryMathTest,
    ::testing::Combine(
        ::testing::Values(BinaryCase{"SameShape", {3, 5, 7}, {3, 5, 7}},
                          BinaryCase{"TrailingVector", {2, 3, 5, 7}, {7}},
                          BinaryCase{"PerChannel", {2, 5, 9, 11}, {5, 1, 1}},
                          BinaryCase{"BothOperandsBroadcast", {1, 5, 1}, {4, 1, 6}},
                          BinaryCase{"LowerRankLhs", {6, 1, 13}, {2, 1, 7, 1}},
                          BinaryCase{"UnitTensorLhs", {1}, {4, 65}},
                          BinaryCase{"RankZeroRhs", {5, 3}, {}},
                          BinaryCase{"RankZeroLhs", {}, {3, 17}}),
        ::testing::Values("div", "max", "min", "pow"), ::testing::Bool()),
    [](const auto &info) {
      return std::get<0>(info.param).name + "_" + std::get<1>(info.param) +
             (std::get<2>(info.param) ? "" : "_O0");
    });

/// NaN propagation of max/min, signed zeros, IEEE division and pow's
/// negative bases (integral exponents only give a real result).
TEST(BinaryMathSpecialTest, SpecialValues) {
  const std::vector<std::pair<float, float>> pairs = {
      {1.0f, kNaN},  {kNaN, 1.0f},   {-0.0f, 0.0f}, {0.0f, -0.0f}, {1.0f, 0.0f},
      {-1.0f, 0.0f}, {0.0f, 0.0f},   {-2.0f, 3.0f}, {-2.0f, 2.0f}, {-2.0f, 0.5f},
      {kNaN, 0.0f},  {0.0f, -1.0f},  {float(kInf), -float(kInf)}, {2.0f, 10.0f}};
  Shape shape{static_cast<int64_t>(pairs.size())};
  Tensor lhs{shape, {}}, rhs{shape, {}};
  for (auto [a, b] : pairs) {
    lhs.data.push_back(a);
    rhs.data.push_back(b);
  }
  for (const std::string op : {"div", "max", "min", "pow"})
    for (const JITOptions &options : {optimized(), unoptimized()}) {
      SCOPED_TRACE(op + (options.optLevel ? " -O3" : " -O0"));
      RunResult r = runModel(buildModel(op, {shape, shape}, {}, shape), {lhs, rhs},
                             options);
      ASSERT_TRUE(r.error.empty()) << r.error;
      for (size_t i = 0; i < pairs.size(); ++i) {
        double a = pairs[i].first, b = pairs[i].second, want;
        if (op == "max" || op == "min") {
          // torch.maximum/minimum: NaN wins; -0 < +0.
          if (std::isnan(a) || std::isnan(b))
            want = NAN;
          else if (a == b)
            want = (op == "max") == std::signbit(a) ? b : a;
          else
            want = binaryRef(op, a, b);
        } else {
          want = f32(binaryRef(op, a, b));
        }
        EXPECT_TRUE(sameFloat(r.outputs[0].data[i], want))
            << op << "(" << a << ", " << b << ") = " << r.outputs[0].data[i]
            << ", expected " << want;
      }
    }
}

//===----------------------------------------------------------------------===//
// compare and select (the masks of the gradient rules)
//===----------------------------------------------------------------------===//

double compareRef(const std::string &predicate, double a, double b) {
  bool holds = predicate == "eq"   ? a == b
               : predicate == "ne" ? a != b
               : predicate == "lt" ? a < b
               : predicate == "le" ? a <= b
               : predicate == "gt" ? a > b
                                   : a >= b;
  return holds ? 1.0 : 0.0;
}

class CompareTest
    : public ::testing::TestWithParam<std::tuple<BinaryCase, std::string, bool>> {};

TEST_P(CompareTest, MatchesReference) {
  const auto &[c, predicate, opt] = GetParam();
  Rng rng = testRng();
  // Few distinct values, so that equality happens.
  Tensor lhs = rng.tensor(c.lhs, -2.0, 2.0), rhs = rng.tensor(c.rhs, -2.0, 2.0);
  for (Tensor *t : {&lhs, &rhs})
    for (float &v : t->data)
      v = std::round(v);
  if (!lhs.data.empty())
    lhs.data[0] = kNaN;
  RefTensor out = zeros(broadcastShapes(c.lhs, c.rhs));
  for (size_t i = 0; i < out.data.size(); ++i) {
    std::vector<int64_t> index = unravel(i, out.shape);
    out.data[i] = compareRef(predicate, lhs.data[broadcastOffset(index, c.lhs)],
                             rhs.data[broadcastOffset(index, c.rhs)]);
  }
  std::string model = buildModel("compare", {c.lhs, c.rhs},
                                 Attrs().string("predicate", predicate), out.shape);
  EXPECT_TRUE(runAndCompare(model, {lhs, rhs}, out, opt ? optimized() : unoptimized(),
                            {0.0, 0.0}));
}

INSTANTIATE_TEST_SUITE_P(
    Arithmetic, CompareTest,
    ::testing::Combine(::testing::Values(BinaryCase{"SameShape", {3, 5, 7}, {3, 5, 7}},
                                         BinaryCase{"BothOperandsBroadcast", {1, 5, 1}, {4, 1, 6}},
                                         BinaryCase{"RankZeroRhs", {5, 3}, {}}),
                       ::testing::Values("eq", "ne", "lt", "le", "gt", "ge"),
                       ::testing::Bool()),
    [](const auto &info) {
      return std::get<0>(info.param).name + "_" + std::get<1>(info.param) +
             (std::get<2>(info.param) ? "" : "_O0");
    });

TEST(SelectTest, BroadcastsAllThreeOperands) {
  Rng rng = testRng();
  Shape cs{2, 1, 5}, ts{3, 1}, fs{5};
  Tensor cond = rng.tensor(cs, -1.0, 1.0), onTrue = rng.tensor(ts), onFalse = rng.tensor(fs);
  for (size_t i = 0; i < cond.data.size(); ++i)
    cond.data[i] = i % 3 == 0 ? 0.0f : (i % 3 == 1 ? kNaN : cond.data[i]);
  RefTensor out = zeros({2, 3, 5});
  for (size_t i = 0; i < out.data.size(); ++i) {
    std::vector<int64_t> index = unravel(i, out.shape);
    float c = cond.data[broadcastOffset(index, cs)];
    out.data[i] = c != 0.0f ? onTrue.data[broadcastOffset(index, ts)]
                            : onFalse.data[broadcastOffset(index, fs)];
  }
  for (const JITOptions &options : {optimized(), unoptimized()})
    EXPECT_TRUE(runAndCompare(buildModel("select", {cs, ts, fs}, {}, out.shape),
                              {cond, onTrue, onFalse}, out, options, {0.0, 0.0}));
}

} // namespace
