//===- FoldBatchNormTest.cpp - conv2d / linear + BatchNorm, folded ----------===//
//
// Inference BatchNorm after a convolution (with and without bias, grouped)
// or a linear layer is folded into the layer's weights (dlc-fold-batch-norm):
// at compile time when its tensors are constants, by ops that run once per
// binding when they are parameters (the *Bound cases): the models here
// hold them as dense constants, with non-trivial statistics (running
// variance away from 1, mean away from 0, scale and shift both set). The
// folded model must match a naive double-precision reference of the two
// layers one after the other.
//
//===----------------------------------------------------------------------===//

#include "OpTestUtils.h"

#include <cmath>
#include <cstdio>

using namespace dlc::test;

namespace {

struct FoldCase {
  std::string name;
  Shape input;  ///< N, C, H, W; or M, K for the linear layer
  Shape weight; ///< F, C / groups, KH, KW; or N, K (trans_b)
  int64_t groups = 1;
  bool bias = true;
  bool linear = false;
  /// Parameters bound at load time (`dlc.param`): folded by ops in the
  /// prepare function rather than at compile time.
  bool bound = false;
};

::testing::AssertionResult checkFold(Rng &rng, const FoldCase &fc) {
  int64_t channels = fc.weight[0];
  Tensor x = rng.tensor(fc.input), w = rng.tensor(fc.weight);
  Tensor b = rng.tensor({channels}), gamma = rng.tensor({channels}, 0.5, 2.0);
  Tensor beta = rng.tensor({channels}), mean = rng.tensor({channels}, -0.5, 0.5);
  Tensor var = rng.tensor({channels}, 0.2, 3.0);
  const double eps = 1e-3;

  // The layer, then the BatchNorm.
  Shape out;
  RefTensor y;
  if (fc.linear) {
    int64_t m = fc.input[0], k = fc.input[1];
    out = {m, channels};
    y = zeros(out);
    for (int64_t i = 0; i < m; ++i)
      for (int64_t n = 0; n < channels; ++n) {
        double sum = fc.bias ? b.data[n] : 0.0;
        for (int64_t j = 0; j < k; ++j)
          sum += double(x.data[i * k + j]) * w.data[n * k + j];
        y.data[i * channels + n] = sum;
      }
  } else {
    int64_t h = fc.input[2], wd = fc.input[3];
    int64_t cg = fc.weight[1], kh = fc.weight[2], kw = fc.weight[3];
    int64_t oh = h - kh + 1, ow = wd - kw + 1, fg = channels / fc.groups;
    out = {1, channels, oh, ow};
    y = zeros(out);
    for (int64_t f = 0; f < channels; ++f)
      for (int64_t oy = 0; oy < oh; ++oy)
        for (int64_t ox = 0; ox < ow; ++ox) {
          double sum = fc.bias ? b.data[f] : 0.0;
          for (int64_t ic = 0; ic < cg; ++ic)
            for (int64_t i = 0; i < kh; ++i)
              for (int64_t j = 0; j < kw; ++j)
                sum += double(x.data[((f / fg * cg + ic) * h + oy + i) * wd + ox + j]) *
                       w.data[((f * cg + ic) * kh + i) * kw + j];
          y.data[(f * oh + oy) * ow + ox] = sum;
        }
  }
  int64_t inner = numElements(out) / out[0] / channels;
  for (int64_t i = 0; i < numElements(out); ++i) {
    int64_t c = i / inner % channels;
    y.data[i] = gamma.data[c] * (y.data[i] - mean.data[c]) / std::sqrt(var.data[c] + eps) +
                beta.data[c];
  }

  std::string t = tensorType(out), v = tensorType({channels});
  std::string model = "func.func @main(%x: " + tensorType(fc.input) + ") -> " + t + " {\n";
  std::string trainable = fc.bound ? "dlc.param = \"trainable\"" : "";
  std::string buffer = fc.bound ? "dlc.param = \"buffer\"" : "";
  model += denseConstant("w", w, trainable) + denseConstant("gamma", gamma, trainable) +
           denseConstant("beta", beta, trainable) + denseConstant("mean", mean, buffer) +
           denseConstant("var", var, buffer);
  if (fc.bias)
    model += denseConstant("b", b, trainable);
  std::string operands = "%x, %w" + std::string(fc.bias ? ", %b" : "");
  std::string types = tensorType(fc.input) + ", " + tensorType(fc.weight) +
                      (fc.bias ? ", " + v : "");
  if (fc.linear)
    model += "  %y = dlc.gemm " + operands + " {trans_b = true} : (" + types + ") -> " + t +
             "\n";
  else
    model += "  %y = dlc.conv2d " + operands + " {groups = " + std::to_string(fc.groups) +
             " : i64} : (" + types + ") -> " + t + "\n";
  model += "  %z = dlc.batch_norm %y, %gamma, %beta, %mean, %var {epsilon = 1.0e-3 : f32} : (" +
           t + ", " + v + ", " + v + ", " + v + ", " + v + ") -> " + t + "\n";
  model += "  return %z : " + t + "\n}\n";
  int64_t terms = fc.weight[1] * (fc.linear ? 1 : fc.weight[2] * fc.weight[3]);
  return runAndCompare(model, {x}, y, optimized(), reductionTolerance(terms));
}

void PrintTo(const FoldCase &c, std::ostream *os) { *os << c.name; }

class FoldBatchNormTest : public ::testing::TestWithParam<FoldCase> {};

TEST_P(FoldBatchNormTest, MatchesUnfoldedReference) {
  Rng rng = testRng();
  EXPECT_TRUE(checkFold(rng, GetParam()));
}

// name, input, weight, groups, bias, linear
INSTANTIATE_TEST_SUITE_P(
    Normalization, FoldBatchNormTest,
    ::testing::Values(FoldCase{"Conv", {1, 5, 9, 8}, {12, 5, 3, 3}},
                      FoldCase{"ConvNoBias", {1, 16, 7, 7}, {40, 16, 1, 1}, 1, false},
                      FoldCase{"Depthwise", {1, 6, 6, 9}, {6, 1, 3, 3}, 6, false},
                      FoldCase{"Grouped", {1, 6, 5, 5}, {9, 2, 3, 3}, 3},
                      FoldCase{"Linear", {3, 20}, {11, 20}, 1, true, true},
                      FoldCase{"LinearNoBias", {4, 9}, {6, 9}, 1, false, true},
                      FoldCase{"ConvBound", {1, 5, 9, 8}, {12, 5, 3, 3}, 1, true, false, true},
                      FoldCase{"DepthwiseBound", {1, 6, 6, 9}, {6, 1, 3, 3}, 6, false, false,
                               true},
                      FoldCase{"LinearBound", {3, 20}, {11, 20}, 1, true, true, true}));

} // namespace
