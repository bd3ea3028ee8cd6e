//===- ParametersTest.cpp - parameters as runtime state of the JIT ----------===//
//
// A model's parameters (`dlc.param` constants) are buffers the executable
// binds, not constants in its code: compiled once, it runs with the values
// of the model file, then with any others bound through setParameters —
// including the BatchNorm statistics folded into the convolution and the
// weights repacked for the kernels, which the prepare function recomputes
// — and reads them back bit-exact. Every result is checked against a naive
// double-precision reference of the network written here.
//
//===----------------------------------------------------------------------===//

#include "OpTestUtils.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/Error.h"

#include <cmath>
#include <cstring>

using namespace dlc::test;
using mlir::dlc::Executable;

namespace {

constexpr double kEps = 1e-3;
const Shape kInput = {1, 3, 6, 6};

/// The parameters, in the order the model declares them.
struct Weights {
  Tensor w, b, gamma, beta, mean, var, fc, fcb;
  std::vector<Tensor *> all() { return {&w, &b, &gamma, &beta, &mean, &var, &fc, &fcb}; }
};

Weights randomWeights(Rng &rng) {
  return {rng.tensor({4, 3, 3, 3}), rng.tensor({4}),         rng.tensor({4}, 0.5, 2.0),
          rng.tensor({4}),          rng.tensor({4}, -.5, .5), rng.tensor({4}, 0.2, 3.0),
          rng.tensor({5, 64}),      rng.tensor({5})};
}

/// conv2d 3x3 + bias -> BatchNorm (inference) -> ReLU -> flatten -> linear.
std::string modelText(Weights &p) {
  const char *kinds[] = {"trainable", "trainable", "trainable", "trainable",
                         "buffer",    "buffer",    "trainable", "trainable"};
  const char *names[] = {"w", "b", "gamma", "beta", "mean", "var", "fc", "fcb"};
  std::string m = "func.func @main(%x: tensor<1x3x6x6xf32> {dlc.name = \"x\"}) -> "
                  "tensor<1x5xf32> {\n";
  std::vector<Tensor *> all = p.all();
  for (size_t i = 0; i < all.size(); ++i)
    m += denseConstant(names[i], *all[i], std::string("dlc.param = \"") + kinds[i] + "\"");
  m += "  %c = dlc.conv2d %x, %w, %b : (tensor<1x3x6x6xf32>, tensor<4x3x3x3xf32>, "
       "tensor<4xf32>) -> tensor<1x4x4x4xf32>\n"
       "  %n = dlc.batch_norm %c, %gamma, %beta, %mean, %var {epsilon = 1.0e-3 : f32} : "
       "(tensor<1x4x4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) "
       "-> tensor<1x4x4x4xf32>\n"
       "  %r = dlc.relu %n : tensor<1x4x4x4xf32>\n"
       "  %f = dlc.reshape %r {shape = array<i64: 1, 64>} : (tensor<1x4x4x4xf32>) -> "
       "tensor<1x64xf32>\n"
       "  %y = dlc.gemm %f, %fc, %fcb {trans_b = true} : (tensor<1x64xf32>, "
       "tensor<5x64xf32>, tensor<5xf32>) -> tensor<1x5xf32>\n"
       "  return %y : tensor<1x5xf32>\n}\n";
  return m;
}

/// The network in double precision.
std::vector<double> reference(const Tensor &x, Weights &p) {
  std::vector<double> hidden(64);
  for (int f = 0; f < 4; ++f)
    for (int oy = 0; oy < 4; ++oy)
      for (int ox = 0; ox < 4; ++ox) {
        double sum = p.b.data[f];
        for (int c = 0; c < 3; ++c)
          for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j)
              sum += double(x.data[(c * 6 + oy + i) * 6 + ox + j]) *
                     p.w.data[((f * 3 + c) * 3 + i) * 3 + j];
        double n = p.gamma.data[f] * (sum - p.mean.data[f]) /
                       std::sqrt(double(p.var.data[f]) + kEps) +
                   p.beta.data[f];
        hidden[(f * 4 + oy) * 4 + ox] = std::max(n, 0.0);
      }
  std::vector<double> y(5);
  for (int o = 0; o < 5; ++o) {
    y[o] = p.fcb.data[o];
    for (int k = 0; k < 64; ++k)
      y[o] += hidden[k] * p.fc.data[o * 64 + k];
  }
  return y;
}

::testing::AssertionResult matches(llvm::Expected<std::vector<Tensor>> outputs,
                                   const std::vector<double> &expected) {
  if (!outputs)
    return ::testing::AssertionFailure() << llvm::toString(outputs.takeError());
  const Tensor &y = outputs->front();
  for (size_t i = 0; i < expected.size(); ++i)
    if (!(std::fabs(y.data[i] - expected[i]) <= 1e-4 + 1e-4 * std::fabs(expected[i])))
      return ::testing::AssertionFailure()
             << "output " << i << ": " << y.data[i] << ", expected " << expected[i];
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult bitExact(const Executable &exe, const std::string &name,
                                    const Tensor &expected) {
  auto value = exe.getParameter(name);
  if (!value)
    return ::testing::AssertionFailure() << llvm::toString(value.takeError());
  if (value->shape != expected.shape || value->data.size() != expected.data.size() ||
      std::memcmp(value->data.data(), expected.data.data(),
                  expected.data.size() * sizeof(float)) != 0)
    return ::testing::AssertionFailure() << "parameter '" << name << "' differs";
  return ::testing::AssertionSuccess();
}

std::unique_ptr<Executable> compile(const std::string &text, JITOptions options) {
  auto module = mlir::parseSourceString<mlir::ModuleOp>(text, &context());
  if (!module)
    return nullptr;
  auto exe = Executable::compile(*module, options);
  if (!exe) {
    ADD_FAILURE() << llvm::toString(exe.takeError());
    return nullptr;
  }
  return std::move(*exe);
}

std::string errorOf(llvm::Error error) {
  return error ? llvm::toString(std::move(error)) : "";
}

TEST(ParametersTest, BindRunRebindReadBack) {
  Rng rng = testRng();
  Tensor x = rng.tensor(kInput);
  Weights original = randomWeights(rng);
  std::unique_ptr<Executable> exe = compile(modelText(original), optimized());
  ASSERT_TRUE(exe);

  // The table: names (dense constants are named by position), kinds, shapes.
  const auto &params = exe->parameters();
  ASSERT_EQ(params.size(), 8u);
  std::vector<Tensor *> values = original.all();
  for (size_t i = 0; i < params.size(); ++i) {
    EXPECT_EQ(params[i].name, "param" + std::to_string(i));
    EXPECT_EQ(params[i].kind, i == 4 || i == 5 ? "buffer" : "trainable");
    EXPECT_EQ(params[i].shape, values[i]->shape);
    EXPECT_TRUE(bitExact(*exe, params[i].name, *values[i]));
  }
  EXPECT_TRUE(matches(exe->run({x}), reference(x, original)));

  // Every parameter rebound: the same code runs the new network.
  Weights other = randomWeights(rng);
  std::vector<std::pair<std::string, Tensor>> binding;
  std::vector<Tensor *> otherValues = other.all();
  for (size_t i = 0; i < params.size(); ++i)
    binding.push_back({params[i].name, *otherValues[i]});
  ASSERT_EQ(errorOf(exe->setParameters(binding)), "");
  EXPECT_TRUE(matches(exe->run({x}), reference(x, other)));
  for (size_t i = 0; i < params.size(); ++i)
    EXPECT_TRUE(bitExact(*exe, params[i].name, *otherValues[i]));

  // One statistic alone: the folded filter and bias follow it.
  other.var = rng.tensor({4}, 0.05, 0.5);
  ASSERT_EQ(errorOf(exe->setParameters({{"param5", other.var}})), "");
  EXPECT_TRUE(matches(exe->run({x}), reference(x, other)));
  EXPECT_TRUE(bitExact(*exe, "param0", other.w));
}

TEST(ParametersTest, BadBindingChangesNothing) {
  Rng rng = testRng();
  Tensor x = rng.tensor(kInput);
  Weights original = randomWeights(rng);
  std::unique_ptr<Executable> exe = compile(modelText(original), optimized());
  ASSERT_TRUE(exe);
  Tensor good = rng.tensor({4});
  EXPECT_EQ(errorOf(exe->setParameters({{"param1", good}, {"nope", good}})),
            "the model has no parameter named 'nope'");
  EXPECT_EQ(errorOf(exe->setParameters({{"param1", rng.tensor({5})}})),
            "parameter 'param1' must have shape 4, got 5");
  EXPECT_EQ(errorOf(exe->setParameters({{"param1", Tensor::ofI64({4}, {1, 2, 3, 4})}})),
            "parameter 'param1' must be f32, got i64");
  auto missing = exe->getParameter("nope");
  EXPECT_EQ(missing ? "" : llvm::toString(missing.takeError()),
            "the model has no parameter named 'nope'");
  // param1 is still the model's.
  EXPECT_TRUE(bitExact(*exe, "param1", original.b));
  EXPECT_TRUE(matches(exe->run({x}), reference(x, original)));
}

TEST(ParametersTest, AsConstantsAndUnoptimized) {
  Rng rng = testRng();
  Tensor x = rng.tensor(kInput);
  Weights original = randomWeights(rng);
  JITOptions constants = optimized();
  constants.parametersAsState = false;
  std::unique_ptr<Executable> baked = compile(modelText(original), constants);
  ASSERT_TRUE(baked);
  EXPECT_TRUE(baked->parameters().empty());
  EXPECT_TRUE(matches(baked->run({x}), reference(x, original)));

  std::unique_ptr<Executable> plain = compile(modelText(original), unoptimized());
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->parameters().size(), 8u);
  EXPECT_TRUE(matches(plain->run({x}), reference(x, original)));
  Weights other = randomWeights(rng);
  ASSERT_EQ(errorOf(plain->setParameters({{"param6", other.fc}})), "");
  original.fc = other.fc;
  EXPECT_TRUE(matches(plain->run({x}), reference(x, original)));
}

} // namespace
