//===- NormalizationTest.cpp - batch_norm_train, lrn ------------------------===//
//
// batch_norm_train on [N, C], [N, C, L] and NCHW inputs: all five results
// (output, both running statistics, batch mean and biased batch variance)
// against a double-precision reference, with the running variance updated
// with the unbiased estimate (PyTorch, the study sheet) or the population
// variance (ONNX), several momenta and epsilons. One test checks the
// unbiasedness itself on a case whose numbers are known in closed form.
// lrn with odd and even window sizes (ONNX's window, clipped at the channel
// ends), sizes larger than the channel count, and every attribute.
//
//===----------------------------------------------------------------------===//

#include "OpTestUtils.h"

#include <cmath>

using namespace dlc::test;

namespace {

//===----------------------------------------------------------------------===//
// batch_norm_train
//===----------------------------------------------------------------------===//

struct BatchNormCase {
  std::string name;
  Shape input; ///< N, C, ...
  double epsilon = 1e-5;
  double momentum = 0.1;
  bool unbiased = true;
  bool defaults = false; ///< write no attributes (the defaults above)
  JITOptions options = optimized();
};

std::string batchNormModel(const BatchNormCase &bc) {
  std::string x = tensorType(bc.input), c = tensorType({bc.input[1]});
  Attrs attrs;
  if (!bc.defaults) {
    attrs.f32("epsilon", bc.epsilon).f32("momentum", bc.momentum);
    attrs.boolean("unbiased_running_var", bc.unbiased);
  }
  std::string results = "(" + x + ", " + c + ", " + c + ", " + c + ", " + c + ")";
  return "func.func @main(%x: " + x + ", %scale: " + c + ", %bias: " + c +
         ", %rm: " + c + ", %rv: " + c + ") -> " + results + " {\n" +
         "  %0:5 = dlc.batch_norm_train %x, %scale, %bias, %rm, %rv" + attrs.str() +
         " : (" + x + ", " + c + ", " + c + ", " + c + ", " + c + ") -> " + results +
         "\n  return %0#0, %0#1, %0#2, %0#3, %0#4 : " + x + ", " + c + ", " + c + ", " +
         c + ", " + c + "\n}\n";
}

/// The five results, in double precision: mean and biased variance per
/// channel over every dim but 1, the normalized output, and the running
/// statistics (1 - m) * old + m * batch with the variance scaled by
/// M / (M - 1) when unbiased.
std::vector<RefTensor> batchNormReference(const BatchNormCase &bc, const Tensor &x,
                                          const Tensor &scale, const Tensor &bias,
                                          const Tensor &rm, const Tensor &rv) {
  int64_t n = bc.input[0], c = bc.input[1];
  int64_t inner = numElements(bc.input) / (n * c);
  double m = static_cast<double>(n * inner);
  RefTensor out = zeros(bc.input), mean = zeros({c}), var = zeros({c}),
            newMean = zeros({c}), newVar = zeros({c});
  auto at = [&](int64_t b, int64_t ch, int64_t i) { return (b * c + ch) * inner + i; };
  for (int64_t ch = 0; ch < c; ++ch) {
    double sum = 0.0;
    for (int64_t b = 0; b < n; ++b)
      for (int64_t i = 0; i < inner; ++i)
        sum += x.data[at(b, ch, i)];
    double mu = sum / m, sq = 0.0;
    for (int64_t b = 0; b < n; ++b)
      for (int64_t i = 0; i < inner; ++i)
        sq += (x.data[at(b, ch, i)] - mu) * (x.data[at(b, ch, i)] - mu);
    double sigma2 = sq / m;
    mean.data[ch] = mu;
    var.data[ch] = sigma2;
    for (int64_t b = 0; b < n; ++b)
      for (int64_t i = 0; i < inner; ++i)
        out.data[at(b, ch, i)] =
            scale.data[ch] * (x.data[at(b, ch, i)] - mu) / std::sqrt(sigma2 + bc.epsilon) +
            bias.data[ch];
    double estimate = bc.unbiased ? sq / (m - 1) : sigma2;
    newMean.data[ch] = (1 - bc.momentum) * rm.data[ch] + bc.momentum * mu;
    newVar.data[ch] = (1 - bc.momentum) * rv.data[ch] + bc.momentum * estimate;
  }
  return {out, newMean, newVar, mean, var};
}

void PrintTo(const BatchNormCase &c, std::ostream *os) { *os << c.name; }

class BatchNormTrainTest : public ::testing::TestWithParam<BatchNormCase> {};

TEST_P(BatchNormTrainTest, AllResultsMatchReference) {
  const BatchNormCase &bc = GetParam();
  Rng rng = testRng();
  Shape channel = {bc.input[1]};
  // An offset mean and a spread that differs per element: a one-pass
  // variance (E[x^2] - E[x]^2) in float would lose digits here.
  Tensor x = rng.tensor(bc.input, 1.0, 4.0);
  Tensor scale = rng.tensor(channel, 0.5, 2.0), bias = rng.tensor(channel);
  Tensor rm = rng.tensor(channel), rv = rng.tensor(channel, 0.5, 1.5);
  auto expected = batchNormReference(bc, x, scale, bias, rm, rv);
  int64_t perChannel = numElements(bc.input) / bc.input[1];
  Tolerance stat = reductionTolerance(perChannel);
  // The output divides by sqrt(var + eps): its error is the statistics'
  // error scaled by up to 1/sqrt(var), with var >= ~0.3 for this data.
  Tolerance output{1e-4, 4 * stat.atol};
  EXPECT_TRUE(runAndCompareAll(batchNormModel(bc), {x, scale, bias, rm, rv}, expected,
                               bc.options, {output, stat, stat, stat, stat}));
}

BatchNormCase unoptimizedBN(BatchNormCase bc) {
  bc.name += "O0";
  bc.options = unoptimized();
  return bc;
}

// name, input, epsilon, momentum, unbiased, defaults
const BatchNormCase nchw{"NCHW", {3, 5, 7, 9}, 1e-3, 0.3};
const BatchNormCase population{"NCHWPopulationVar", {2, 3, 5, 7}, 1e-5, 0.25, false};

INSTANTIATE_TEST_SUITE_P(
    Normalization, BatchNormTrainTest,
    ::testing::Values(BatchNormCase{"Defaults", {2, 3, 5, 5}, 1e-5, 0.1, true, true},
                      nchw, unoptimizedBN(nchw), population, unoptimizedBN(population),
                      BatchNormCase{"NC", {13, 7}, 1e-5, 0.9},
                      BatchNormCase{"NCPairPopulation", {2, 17}, 1e-2, 0.5, false},
                      BatchNormCase{"NCL", {5, 3, 17}, 1e-4, 0.1},
                      unoptimizedBN(BatchNormCase{"NCL", {5, 3, 17}, 1e-4, 0.1}),
                      BatchNormCase{"SingleBatchNCHW", {1, 4, 3, 5}, 1e-5, 1.0},
                      BatchNormCase{"MomentumZero", {4, 6, 3, 3}, 1e-5, 0.0},
                      BatchNormCase{"Wide", {2, 33, 13, 5}, 1e-5, 0.1}),
    [](const auto &info) { return info.param.name; });

/// Two values per channel, {a, b}: the biased variance is (a-b)^2/4 and the
/// unbiased one (a-b)^2/2 (both exact in float), so momentum 1 makes the
/// new running variance exactly twice the batch variance.
TEST(BatchNormTrainUnbiasedTest, RunningVarianceIsUnbiased) {
  BatchNormCase bc{"Pair", {2, 3}, 0.0, 1.0};
  Tensor x{{2, 3}, {1, 2, -3, 5, -2, 1}}; // channels {1, 5}, {2, -2}, {-3, 1}
  Tensor ones{{3}, {1, 1, 1}}, zerosT{{3}, {0, 0, 0}};
  RefTensor var{{3}, {4, 4, 4}}, unbiased{{3}, {8, 8, 8}};
  RefTensor mean{{3}, {3, 0, -1}};
  RefTensor out{{2, 3}, {-1, 1, -1, 1, -1, 1}};
  for (const JITOptions &options : {optimized(), unoptimized()}) {
    EXPECT_TRUE(runAndCompareAll(batchNormModel(bc), {x, ones, zerosT, zerosT, zerosT},
                                 {out, mean, unbiased, mean, var}, options));
    bc.unbiased = false;
    EXPECT_TRUE(runAndCompareAll(batchNormModel(bc), {x, ones, zerosT, zerosT, zerosT},
                                 {out, mean, var, mean, var}, options));
    bc.unbiased = true;
  }
}

//===----------------------------------------------------------------------===//
// lrn
//===----------------------------------------------------------------------===//

struct LRNCase {
  std::string name;
  Shape input;
  int64_t size;
  double alpha = 1e-4, beta = 0.75, bias = 1.0;
  bool defaults = false; ///< write only `size`
  JITOptions options = optimized();
};

/// b_c = a_c / (bias + alpha/size * sum_{c'} a_{c'}^2)^beta over
/// c' in [c - floor((size-1)/2), c + ceil((size-1)/2)] clipped to [0, C).
RefTensor lrnReference(const LRNCase &lc, const Tensor &x) {
  int64_t n = lc.input[0], c = lc.input[1];
  int64_t inner = numElements(lc.input) / (n * c);
  int64_t before = (lc.size - 1) / 2, after = lc.size / 2; // ceil((size-1)/2)
  RefTensor out = zeros(lc.input);
  for (int64_t b = 0; b < n; ++b)
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t i = 0; i < inner; ++i) {
        double sum = 0.0;
        for (int64_t k = std::max<int64_t>(0, ch - before);
             k <= std::min<int64_t>(c - 1, ch + after); ++k) {
          double v = x.data[(b * c + k) * inner + i];
          sum += v * v;
        }
        int64_t offset = (b * c + ch) * inner + i;
        out.data[offset] =
            x.data[offset] / std::pow(lc.bias + lc.alpha / lc.size * sum, lc.beta);
      }
  return out;
}

void PrintTo(const LRNCase &c, std::ostream *os) { *os << c.name; }

class LRNTest : public ::testing::TestWithParam<LRNCase> {};

TEST_P(LRNTest, MatchesReference) {
  const LRNCase &lc = GetParam();
  Rng rng = testRng();
  Tensor x = rng.tensor(lc.input, -3.0, 3.0);
  Attrs attrs;
  attrs.i64("size", lc.size);
  if (!lc.defaults)
    attrs.f32("alpha", lc.alpha).f32("beta", lc.beta).f32("bias", lc.bias);
  EXPECT_TRUE(runAndCompare(buildModel("lrn", {lc.input}, attrs, lc.input), {x},
                            lrnReference(lc, x), lc.options));
}

LRNCase unoptimizedLRN(LRNCase lc) {
  lc.name += "O0";
  lc.options = unoptimized();
  return lc;
}

// name, input, size, alpha, beta, bias
// Large alpha so that the window sum matters at these magnitudes.
const LRNCase alexnet{"AlexNetOdd5", {2, 7, 5, 3}, 5, 0.5, 0.75, 2.0};
const LRNCase even{"Even4", {1, 9, 3, 5}, 4, 0.8, 0.6, 1.5};

INSTANTIATE_TEST_SUITE_P(
    Normalization, LRNTest,
    ::testing::Values(LRNCase{"Defaults", {1, 5, 3, 3}, 3, 1e-4, 0.75, 1.0, true},
                      alexnet, unoptimizedLRN(alexnet), even, unoptimizedLRN(even),
                      LRNCase{"Size1", {2, 3, 7}, 1, 1.0, 0.5, 1.0},
                      LRNCase{"Size2", {2, 5, 7}, 2, 0.9, 1.0, 0.5},
                      LRNCase{"WindowWiderThanChannels", {1, 3, 4, 5}, 7, 0.7, 0.75, 1.0},
                      LRNCase{"EvenWiderThanChannels", {1, 3, 4, 5}, 6, 0.7, 0.75, 1.0},
                      LRNCase{"Rank5", {1, 6, 2, 3, 5}, 3, 0.3, 1.25, 1.0},
                      LRNCase{"ManyChannels", {1, 33, 5, 7}, 5, 0.2, 0.75, 1.0}),
    [](const auto &info) { return info.param.name; });

} // namespace
