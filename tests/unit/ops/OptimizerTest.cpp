//===- OptimizerTest.cpp - ONNX Adagrad, Momentum and Adam steps -----------===//
//
// The optimizer steps lowered in DLCToLinalg/Optimizer.cpp against ONNX's
// reference implementations (onnx/backend/test/case/node/adagrad.py,
// momentum.py and adam.py), re-stated here formula by formula with the
// types NumPy gives them: the tensors are float32, so each element-wise
// operation rounds to float; the scalar factors computed from the rank-0
// int64 T and the Python-float attributes are float64 and round to float
// where they meet a tensor. (The other op tests use double-precision
// references; here matching the ONNX reference's roundings is the point.)
// The attributes are the f32 values the op holds. Every case runs at -O3
// and -O0 over several update counts, t = 0 (no bias correction, beta_ = 1)
// included. ONNX's own conformance cases and a few NumPy results with
// t > 0, computed by the reference itself, pin the re-statement down.
//
//===----------------------------------------------------------------------===//

#include "OpTestUtils.h"

#include "dlc/Dialect/DLC/OptimizerOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"

#include <cmath>
#include <optional>

using namespace dlc::test;

namespace {

/// The update counts every case runs with.
const std::vector<int64_t> &updateCounts() {
  static const std::vector<int64_t> counts = {0, 1, 2, 7, 1000};
  return counts;
}

/// The compiled steps round like the reference (they were bit-identical
/// when written); the tolerance allows a few ulp, e.g. for a contracted
/// multiply-add, and for the 9-digit decimals of the NumPy results below.
const Tolerance kTolerance{1e-6, 1e-7};

/// The operands r, t, x, g and the states, as JIT inputs.
struct StepInputs {
  float r = 0.0f;
  int64_t t = 0;
  Tensor x, g;
  std::vector<Tensor> states;

  std::vector<Tensor> tensors() const {
    std::vector<Tensor> all{Tensor{{}, {r}}, Tensor::ofI64({}, {t}), x, g};
    all.insert(all.end(), states.begin(), states.end());
    return all;
  }
};

/// `%0:k = dlc.<op> %r, %t, %x, %g, %s0, ... {attrs}` returning all k
/// results, each of x's type.
std::string stepModel(const std::string &op, const Shape &shape, size_t numStates,
                      const Attrs &attrs) {
  std::string type = tensorType(shape);
  std::string args = "%r: tensor<f32>, %t: tensor<i64>, %x: " + type + ", %g: " + type;
  std::string operands = "%r, %t, %x, %g";
  std::string operandTypes = "tensor<f32>, tensor<i64>, " + type + ", " + type;
  std::string results, resultTypes, returned;
  for (size_t i = 0; i < numStates; ++i) {
    std::string name = "%s" + std::to_string(i);
    args += ", " + name + ": " + type;
    operands += ", " + name;
    operandTypes += ", " + type;
  }
  for (size_t i = 0; i <= numStates; ++i) {
    std::string sep = i ? ", " : "";
    resultTypes += sep + type;
    returned += sep + "%0#" + std::to_string(i);
  }
  return "func.func @main(" + args + ") -> (" + resultTypes + ") {\n  %0:" +
         std::to_string(numStates + 1) + " = dlc." + op + " " + operands +
         attrs.str() + " : (" + operandTypes + ") -> (" + resultTypes +
         ")\n  return " + returned + " : " + resultTypes + "\n}\n";
}

/// Random x and g in [-2, 2), states from `stateRanges` ([lo, hi) each).
StepInputs randomInputs(Rng &rng, const Shape &shape,
                        const std::vector<std::pair<double, double>> &stateRanges) {
  StepInputs in;
  in.r = static_cast<float>(rng.uniform(0.01, 0.5));
  in.x = rng.tensor(shape, -2.0, 2.0);
  in.g = rng.tensor(shape, -2.0, 2.0);
  for (auto [lo, hi] : stateRanges)
    in.states.push_back(rng.tensor(shape, lo, hi));
  return in;
}

/// Runs `model` at -O3 and -O0 and compares every result.
::testing::AssertionResult runBoth(const std::string &model, const StepInputs &in,
                                   const std::vector<RefTensor> &expected) {
  for (const JITOptions &options : {optimized(), unoptimized()}) {
    auto result =
        runAndCompareAll(model, in.tensors(), expected, options, {kTolerance});
    if (!result)
      return result << "\n(t = " << in.t << ", r = " << in.r << ")";
  }
  return ::testing::AssertionSuccess();
}

/// Reference results of shape `shape`, filled element by element.
std::vector<RefTensor> refs(const Shape &shape, size_t count) {
  return std::vector<RefTensor>(count, zeros(shape));
}

//===----------------------------------------------------------------------===//
// Adagrad
//===----------------------------------------------------------------------===//

struct AdagradAttrs {
  float decayFactor = 0.0f, epsilon = 1e-6f, normCoefficient = 0.0f;
};

/// adagrad.py's apply_adagrad:
///   r_ = r / (1 + t * decay_factor)             float64
///   g_regularized = norm_coefficient * x + g
///   h_new = h + g_regularized * g_regularized
///   h_sqrt = np.sqrt(h_new) + epsilon
///   x_new = x - r_ * g_regularized / h_sqrt
std::vector<RefTensor> adagradReference(const StepInputs &in, const AdagradAttrs &a) {
  double rAdjusted = double(in.r) / (1.0 + double(in.t) * double(a.decayFactor));
  float r = static_cast<float>(rAdjusted);
  std::vector<RefTensor> out = refs(in.x.shape, 2);
  for (size_t i = 0; i < in.x.data.size(); ++i) {
    float x = in.x.data[i], g = in.g.data[i], h = in.states[0].data[i];
    float gReg = a.normCoefficient * x + g;
    float hNew = h + gReg * gReg;
    float hSqrt = std::sqrt(hNew) + a.epsilon;
    float xNew = x - r * gReg / hSqrt;
    out[0].data[i] = xNew;
    out[1].data[i] = hNew;
  }
  return out;
}

Attrs adagradAttrs(const AdagradAttrs &a) {
  return Attrs()
      .f32("decay_factor", a.decayFactor)
      .f32("epsilon", a.epsilon)
      .f32("norm_coefficient", a.normCoefficient);
}

struct AdagradCase {
  std::string name;
  Shape shape;
  std::optional<AdagradAttrs> attrs; ///< unset: ONNX's defaults, not spelled
};

void PrintTo(const AdagradCase &c, std::ostream *os) { *os << c.name; }

class AdagradTest : public ::testing::TestWithParam<AdagradCase> {};

TEST_P(AdagradTest, MatchesOnnxReference) {
  const AdagradCase &c = GetParam();
  Rng rng = testRng();
  AdagradAttrs a = c.attrs.value_or(AdagradAttrs{});
  std::string model =
      stepModel("adagrad", c.shape, 1, c.attrs ? adagradAttrs(a) : Attrs());
  for (int64_t t : updateCounts()) {
    // h accumulates squares: non-negative.
    StepInputs in = randomInputs(rng, c.shape, {{0.0, 2.0}});
    in.t = t;
    EXPECT_TRUE(runBoth(model, in, adagradReference(in, a)));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Optimizer, AdagradTest,
    ::testing::Values(
        AdagradCase{"Defaults", {3, 5}, std::nullopt},
        // test_adagrad's attributes.
        AdagradCase{"DecayAndNorm", {2, 3, 4, 5}, AdagradAttrs{0.1f, 1e-5f, 0.001f}},
        AdagradCase{"NoEpsilon", {65}, AdagradAttrs{0.5f, 0.0f, 0.0f}},
        AdagradCase{"Scalar", {}, AdagradAttrs{0.01f, 1e-3f, 0.1f}}),
    [](const auto &info) { return info.param.name; });

//===----------------------------------------------------------------------===//
// Momentum
//===----------------------------------------------------------------------===//

struct MomentumAttrs {
  float alpha, beta, normCoefficient;
  bool nesterov;
};

/// momentum.py's apply_momentum and apply_nesterov:
///   g_regularized = norm_coefficient * x + g
///   beta_adjusted = beta if t > 0 else 1
///   v_new = alpha * v + beta_adjusted * g_regularized
///   x_new = x - r * v_new                                (standard)
///   x_new = x - r * (g_regularized + alpha * v_new)      (nesterov)
std::vector<RefTensor> momentumReference(const StepInputs &in, const MomentumAttrs &a) {
  float beta = in.t > 0 ? a.beta : 1.0f;
  std::vector<RefTensor> out = refs(in.x.shape, 2);
  for (size_t i = 0; i < in.x.data.size(); ++i) {
    float x = in.x.data[i], g = in.g.data[i], v = in.states[0].data[i];
    float gReg = a.normCoefficient * x + g;
    float vNew = a.alpha * v + beta * gReg;
    float xNew = a.nesterov ? x - in.r * (gReg + a.alpha * vNew) : x - in.r * vNew;
    out[0].data[i] = xNew;
    out[1].data[i] = vNew;
  }
  return out;
}

struct MomentumCase {
  std::string name;
  Shape shape;
  MomentumAttrs attrs;
};

void PrintTo(const MomentumCase &c, std::ostream *os) { *os << c.name; }

class MomentumTest : public ::testing::TestWithParam<MomentumCase> {};

TEST_P(MomentumTest, MatchesOnnxReference) {
  const MomentumCase &c = GetParam();
  Rng rng = testRng();
  const MomentumAttrs &a = c.attrs;
  Attrs attrs = Attrs()
                    .f32("alpha", a.alpha)
                    .f32("beta", a.beta)
                    .string("mode", a.nesterov ? "nesterov" : "standard")
                    .f32("norm_coefficient", a.normCoefficient);
  std::string model = stepModel("momentum", c.shape, 1, attrs);
  for (int64_t t : updateCounts()) {
    StepInputs in = randomInputs(rng, c.shape, {{-1.0, 1.0}});
    in.t = t;
    EXPECT_TRUE(runBoth(model, in, momentumReference(in, a)));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Optimizer, MomentumTest,
    ::testing::Values(
        MomentumCase{"Standard", {7, 13}, {0.95f, 0.1f, 0.001f, false}},
        MomentumCase{"StandardNoDampening", {2, 3, 5}, {0.9f, 1.0f, 0.0f, false}},
        MomentumCase{"Nesterov", {33}, {0.95f, 1.0f, 0.01f, true}},
        MomentumCase{"NesterovDampened", {1, 3, 5, 7}, {0.5f, 0.25f, 0.1f, true}},
        MomentumCase{"Scalar", {}, {0.8f, 0.3f, 0.2f, false}}),
    [](const auto &info) { return info.param.name; });

//===----------------------------------------------------------------------===//
// Adam
//===----------------------------------------------------------------------===//

struct AdamAttrs {
  float alpha = 0.9f, beta = 0.999f, epsilon = 1e-6f, normCoefficient = 0.0f,
        normCoefficientPost = 0.0f;
};

/// `1 - a` for a Python-float attribute: float64, then float32 where it
/// multiplies a tensor.
float oneMinus(float a) { return static_cast<float>(1.0 - double(a)); }

/// adam.py's apply_adam:
///   g_regularized = norm_coefficient * x + g
///   v_new = alpha * v + (1 - alpha) * g_regularized
///   h_new = beta * h + (1 - beta) * (g_regularized * g_regularized)
///   h_sqrt = np.sqrt(h_new) + epsilon
///   r_adjusted = r * np.sqrt(1 - beta**t) / (1 - alpha**t) if t > 0 else r
///                                                         (float64)
///   x_new = x - r_adjusted * (v_new / h_sqrt)
///   x_final = (1 - norm_coefficient_post) * x_new
std::vector<RefTensor> adamReference(const StepInputs &in, const AdamAttrs &a) {
  double rAdjusted = in.r;
  if (in.t > 0)
    rAdjusted = double(in.r) * std::sqrt(1.0 - std::pow(double(a.beta), double(in.t))) /
                (1.0 - std::pow(double(a.alpha), double(in.t)));
  float r = static_cast<float>(rAdjusted);
  std::vector<RefTensor> out = refs(in.x.shape, 3);
  for (size_t i = 0; i < in.x.data.size(); ++i) {
    float x = in.x.data[i], g = in.g.data[i], v = in.states[0].data[i],
          h = in.states[1].data[i];
    float gReg = a.normCoefficient * x + g;
    float vNew = a.alpha * v + oneMinus(a.alpha) * gReg;
    float hNew = a.beta * h + oneMinus(a.beta) * (gReg * gReg);
    float hSqrt = std::sqrt(hNew) + a.epsilon;
    float xNew = x - r * (vNew / hSqrt);
    out[0].data[i] = oneMinus(a.normCoefficientPost) * xNew;
    out[1].data[i] = vNew;
    out[2].data[i] = hNew;
  }
  return out;
}

Attrs adamAttrs(const AdamAttrs &a) {
  return Attrs()
      .f32("alpha", a.alpha)
      .f32("beta", a.beta)
      .f32("epsilon", a.epsilon)
      .f32("norm_coefficient", a.normCoefficient)
      .f32("norm_coefficient_post", a.normCoefficientPost);
}

struct AdamCase {
  std::string name;
  Shape shape;
  std::optional<AdamAttrs> attrs; ///< unset: ONNX's defaults, not spelled
};

void PrintTo(const AdamCase &c, std::ostream *os) { *os << c.name; }

class AdamTest : public ::testing::TestWithParam<AdamCase> {};

TEST_P(AdamTest, MatchesOnnxReference) {
  const AdamCase &c = GetParam();
  Rng rng = testRng();
  AdamAttrs a = c.attrs.value_or(AdamAttrs{});
  std::string model = stepModel("adam", c.shape, 2, c.attrs ? adamAttrs(a) : Attrs());
  for (int64_t t : updateCounts()) {
    // v is a running mean of gradients, h of their squares.
    StepInputs in = randomInputs(rng, c.shape, {{-1.0, 1.0}, {0.0, 2.0}});
    in.t = t;
    EXPECT_TRUE(runBoth(model, in, adamReference(in, a)));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Optimizer, AdamTest,
    ::testing::Values(
        AdamCase{"Defaults", {5, 17}, std::nullopt},
        // test_adam's attributes.
        AdamCase{"OnnxAttributes", {3, 7}, AdamAttrs{0.95f, 0.1f, 1e-7f, 0.001f, 0.0f}},
        AdamCase{"NormCoefficientPost", {2, 3, 4, 5},
                 AdamAttrs{0.9f, 0.999f, 1e-8f, 0.01f, 0.02f}},
        AdamCase{"LargeEpsilon", {65}, AdamAttrs{0.5f, 0.75f, 0.1f, 0.0f, 0.5f}},
        AdamCase{"Scalar", {}, AdamAttrs{0.8f, 0.9f, 1e-6f, 0.1f, 0.0f}}),
    [](const auto &info) { return info.param.name; });

//===----------------------------------------------------------------------===//
// ONNX's own cases and NumPy's results
//===----------------------------------------------------------------------===//

/// test_adagrad, test_momentum, test_nesterov_momentum and test_adam with
/// their inputs and the outputs ONNX's reference computes for them (t = 0,
/// the conformance suite's value), then the same inputs with t = 5 and the
/// f32-rounded attributes (norm_coefficient_post 0.02 and beta 0.999 for
/// Adam), as printed by NumPy 1.24 running the reference functions.
TEST(OptimizerOnnxTest, ReferenceOutputs) {
  auto vec = [](std::vector<double> v) { return RefTensor{{int64_t(v.size())}, v}; };
  auto run = [&](const std::string &op, const Attrs &attrs, StepInputs in,
                 std::vector<RefTensor> expected) {
    std::string model = stepModel(op, in.x.shape, in.states.size(), attrs);
    EXPECT_TRUE(runBoth(model, in, expected)) << op;
  };
  StepInputs two;
  two.r = 0.1f;
  two.x = Tensor{{2}, {1.2f, 2.8f}};
  two.g = Tensor{{2}, {-0.94f, -2.5f}};
  two.states = {Tensor{{2}, {1.7f, 3.6f}}, Tensor{{2}, {0.1f, 0.1f}}};

  StepInputs one;
  one.r = 0.1f;
  one.x = Tensor{{1}, {1.0f}};
  one.g = Tensor{{1}, {-1.0f}};
  one.states = {Tensor{{1}, {2.0f}}};
  Attrs adagrad = Attrs()
                      .f32("decay_factor", 0.1)
                      .f32("epsilon", 1e-5)
                      .f32("norm_coefficient", 0.001);
  run("adagrad", adagrad, one, {vec({1.0576962232589722}), vec({2.9980010986328125})});

  StepInputs momentum = two;
  momentum.states.pop_back();
  Attrs standard = Attrs()
                       .f32("alpha", 0.95)
                       .f32("beta", 0.1)
                       .string("mode", "standard")
                       .f32("norm_coefficient", 0.001);
  run("momentum", standard, momentum,
      {vec({1.1323800086975098, 2.7077200412750244}),
       vec({0.6762000322341919, 0.922799825668335})});
  Attrs nesterov = Attrs()
                       .f32("alpha", 0.95)
                       .f32("beta", 1.0)
                       .string("mode", "nesterov")
                       .f32("norm_coefficient", 0.01);
  run("momentum", nesterov, momentum,
      {vec({1.2275350093841553, 2.9571399688720703}),
       vec({0.687000036239624, 0.9479999542236328})});

  Attrs adam = Attrs()
                   .f32("alpha", 0.95)
                   .f32("beta", 0.1)
                   .f32("epsilon", 1e-7)
                   .f32("norm_coefficient", 0.001);
  run("adam", adam, two,
      {vec({1.025036334991455, 2.6610326766967773}),
       vec({1.568060040473938, 3.295139789581299}),
       vec({0.8032107949256897, 5.622406959533691})});

  // t = 5: Adagrad's decayed rate, Momentum's beta, Adam's bias correction.
  StepInputs adagradT5 = two;
  adagradT5.t = 5;
  adagradT5.states = {Tensor{{2}, {0.1f, 0.1f}}};
  run("adagrad", adagrad, adagradT5,
      {vec({1.26317811, 2.86613822}), vec({0.981345415, 6.3360076})});
  momentum.t = 5;
  run("momentum", standard, momentum,
      {vec({1.04788804, 2.48297191}), vec({1.52112007, 3.17027974})});
  StepInputs adamT5 = two;
  adamT5.t = 5;
  Attrs corrected = Attrs()
                        .f32("alpha", 0.95)
                        .f32("beta", 0.999)
                        .f32("epsilon", 1e-7)
                        .f32("norm_coefficient", 0.001)
                        .f32("norm_coefficient_post", 0.02);
  run("adam", corrected, adamT5,
      {vec({1.02484691, 2.43448091}), vec({1.56806004, 3.29513979}),
       vec({0.100781336, 0.106135927})});
}

//===----------------------------------------------------------------------===//
// The C++ builders infer every result type
//===----------------------------------------------------------------------===//

TEST(OptimizerBuilderTest, CreateWithoutResultTypes) {
  mlir::MLIRContext &ctx = context();
  mlir::OpBuilder b(&ctx);
  mlir::Location loc = b.getUnknownLoc();
  auto module = mlir::ModuleOp::create(loc);
  b.setInsertionPointToEnd(module.getBody());
  auto f32 = [&](Shape s) { return mlir::RankedTensorType::get(s, b.getF32Type()); };
  auto i64 = mlir::RankedTensorType::get({}, b.getI64Type());
  auto p = f32({3, 4});
  auto fn = mlir::func::FuncOp::create(
      b, loc, "f", b.getFunctionType({f32({}), i64, p, p, p, p}, {}));
  b.setInsertionPointToEnd(fn.addEntryBlock());
  auto a = fn.getArguments();
  using namespace mlir::dlc;
  auto adagrad = AdagradOp::create(b, loc, a[0], a[1], a[2], a[3], a[4]);
  EXPECT_EQ(adagrad.getXNew().getType(), p);
  EXPECT_EQ(adagrad.getHNew().getType(), p);
  EXPECT_EQ(adagrad.getEpsilon().convertToFloat(), 1e-6f);
  auto momentum = MomentumOp::create(b, loc, a[0], a[1], a[2], a[3], a[4], 0.9f, 1.0f,
                                     "nesterov", 0.0f);
  EXPECT_EQ(momentum.getVNew().getType(), p);
  auto adam = AdamOp::create(b, loc, a[0], a[1], a[2], a[3], a[4], a[5]);
  EXPECT_EQ(adam.getNumResults(), 3u);
  EXPECT_EQ(adam.getHNew().getType(), p);
  EXPECT_EQ(adam.getAlpha().convertToFloat(), 0.9f);
  EXPECT_EQ(adam.getBeta().convertToFloat(), 0.999f);
  auto tuned = AdamOp::create(b, loc, a[0], a[1], a[2], a[3], a[4], a[5], 0.95f, 0.1f,
                              1e-7f, 0.001f, 0.02f);
  EXPECT_EQ(tuned.getNormCoefficientPost().convertToFloat(), 0.02f);
  EXPECT_EQ(AdagradOp::create(b, loc, a[0], a[1], a[2], a[3], a[4], 0.1f)
                .getDecayFactor()
                .convertToFloat(),
            0.1f);
  mlir::func::ReturnOp::create(b, loc);
  EXPECT_TRUE(mlir::succeeded(mlir::verify(module)));
  module->erase();
}

} // namespace
