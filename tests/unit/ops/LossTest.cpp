//===- LossTest.cpp - the losses against naive double references -----------===//
//
// softmax_cross_entropy and nll_loss (every reduction, with and without
// class weights and ignore_index, all targets ignored, spatial [N, C, d...]
// scores), mse_loss, kl_div (log_target both ways, "batchmean"),
// center_loss, contrastive_loss, and the margin softmaxes (L-Softmax and
// A-Softmax for m = 1..4, AM-Softmax), plus the property that L-Softmax with
// m = 1 is softmax cross-entropy on x W. The references follow PyTorch and
// the formulas in LossOps.td; labels enter the models as i64 constants.
//
//===----------------------------------------------------------------------===//

#include "OpTestUtils.h"

#include "dlc/Dialect/DLC/DLCOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <optional>

using namespace dlc::test;

namespace {

const std::vector<std::string> &reductions() {
  static const std::vector<std::string> all = {"mean", "sum", "none"};
  return all;
}

/// The float an f32 attribute holds, widened: what the reference must use.
double f32(double v) { return static_cast<float>(v); }

//===----------------------------------------------------------------------===//
// Model text
//===----------------------------------------------------------------------===//

/// An attribute dictionary with string entries (Attrs has none).
class LossAttrs {
public:
  LossAttrs &str(const std::string &name, const std::string &value) {
    entries.push_back(name + " = \"" + value + "\"");
    return *this;
  }
  LossAttrs &i64(const std::string &name, int64_t value) {
    entries.push_back(name + " = " + std::to_string(value) + " : i64");
    return *this;
  }
  LossAttrs &f32(const std::string &name, double value) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.9e", value);
    entries.push_back(name + " = " + buf + " : f32");
    return *this;
  }
  LossAttrs &boolean(const std::string &name, bool value) {
    entries.push_back(name + (value ? " = true" : " = false"));
    return *this;
  }
  /// Sets `reduction` unless it is the default.
  LossAttrs &reduction(const std::string &value) {
    return value == "mean" ? *this : str("reduction", value);
  }
  std::string text() const {
    if (entries.empty())
      return "";
    std::string s = " {";
    for (size_t i = 0; i < entries.size(); ++i)
      s += (i ? ", " : "") + entries[i];
    return s + "}";
  }

private:
  std::vector<std::string> entries;
};

/// An operand of the op under test: a function argument (f32, fed at run
/// time) or an i64 label constant in the model text.
struct Operand {
  Shape shape;
  std::optional<std::vector<int64_t>> labels;
};
Operand arg(Shape shape) { return {std::move(shape), std::nullopt}; }
Operand labelsOf(Shape shape, std::vector<int64_t> values) {
  return {std::move(shape), std::move(values)};
}

std::string indexType(const Shape &shape) {
  std::string s = "tensor<";
  for (int64_t d : shape)
    s += std::to_string(d) + "x";
  return s + "i64>";
}

/// Nested dense literal of `values` in `shape` ("[[0, 1], [2, 3]]").
std::string denseLiteral(const std::vector<int64_t> &values, const Shape &shape,
                         size_t dim = 0, int64_t offset = 0) {
  if (dim == shape.size())
    return std::to_string(values[offset]);
  int64_t stride = 1;
  for (size_t d = dim + 1; d < shape.size(); ++d)
    stride *= shape[d];
  std::string s = "[";
  for (int64_t i = 0; i < shape[dim]; ++i)
    s += (i ? ", " : "") + denseLiteral(values, shape, dim + 1, offset + i * stride);
  return s + "]";
}

/// The op that materializes the i64 labels in the model text.
const std::string &labelConstantOp() {
  static const std::string op = "dlc.constant";
  return op;
}

/// func.func @main applying `dlc.<op>` to `operands` (arguments in order,
/// labels as constants) and returning all of its `results`.
std::string lossModel(const std::string &op, const std::vector<Operand> &operands,
                      const LossAttrs &attrs, const std::vector<Shape> &results) {
  std::string args, body, uses, types;
  int argNo = 0, constNo = 0;
  for (const Operand &o : operands) {
    std::string name, type;
    if (o.labels) {
      name = "%labels" + std::to_string(constNo++);
      type = indexType(o.shape);
      body += "  " + name + " = " + labelConstantOp() + " dense<" +
              denseLiteral(*o.labels, o.shape) + "> : " + type + "\n";
    } else {
      name = "%arg" + std::to_string(argNo++);
      type = tensorType(o.shape);
      args += (args.empty() ? "" : ", ") + name + ": " + type;
    }
    uses += (uses.empty() ? "" : ", ") + name;
    types += (types.empty() ? "" : ", ") + type;
  }
  std::string resultTypes, returned;
  for (size_t i = 0; i < results.size(); ++i) {
    resultTypes += (i ? ", " : "") + tensorType(results[i]);
    returned += (i ? ", " : "") + std::string("%0") +
                (results.size() > 1 ? "#" + std::to_string(i) : "");
  }
  std::string resultList =
      results.size() > 1 ? "(" + resultTypes + ")" : resultTypes;
  std::string lhs = results.size() > 1 ? "%0:" + std::to_string(results.size()) : "%0";
  return "func.func @main(" + args + ") -> " + resultList + " {\n" + body + "  " +
         lhs + " = dlc." + op + " " + uses + attrs.text() + " : (" + types +
         ") -> " + resultList + "\n  return " + returned + " : " + resultTypes +
         "\n}\n";
}

/// Compiles and runs `model` (for checks runAndCompare cannot express: NaN
/// results, two models compared with each other).
llvm::Expected<std::vector<Tensor>> compileAndRun(const std::string &model,
                                                  const std::vector<Tensor> &inputs,
                                                  const JITOptions &options) {
  mlir::MLIRContext &ctx = context();
  std::string diagnostics;
  mlir::ScopedDiagnosticHandler handler(&ctx, [&](mlir::Diagnostic &diag) {
    diagnostics += diag.str() + "\n";
    return mlir::success();
  });
  auto module = mlir::parseSourceString<mlir::ModuleOp>(model, &ctx);
  if (!module)
    return llvm::createStringError("the model does not parse:\n" + diagnostics +
                                   model);
  auto exe = mlir::dlc::Executable::compile(*module, options);
  if (!exe)
    return llvm::createStringError(llvm::toString(exe.takeError()) + "\n" +
                                   diagnostics + model);
  return (*exe)->run(inputs);
}

/// A rank-0 reference, or the per-sample one for "none".
RefTensor reduceRef(const RefTensor &perSample, const std::string &reduction,
                    double divisor) {
  if (reduction == "none")
    return perSample;
  double sum = 0.0;
  for (double v : perSample.data)
    sum += v;
  RefTensor out = zeros({});
  out.data[0] = reduction == "sum" ? sum : sum / divisor;
  return out;
}

/// Tolerance of a loss summed over `terms` values.
Tolerance lossTolerance(const std::string &reduction, int64_t terms) {
  return reduction == "sum" ? reductionTolerance(terms) : Tolerance{};
}

//===----------------------------------------------------------------------===//
// softmax_cross_entropy and nll_loss
//===----------------------------------------------------------------------===//

/// Scores [N, C, d...] seen as (N, C, S) with S the spatial size.
struct ClassDims {
  int64_t n, c, s;
};
ClassDims classDims(const Shape &scores) {
  int64_t s = 1;
  for (size_t d = 2; d < scores.size(); ++d)
    s *= scores[d];
  return {scores[0], scores[1], s};
}

Shape labelShape(const Shape &scores) {
  Shape l{scores[0]};
  l.insert(l.end(), scores.begin() + 2, scores.end());
  return l;
}

/// log_softmax over dim 1 in double.
std::vector<double> logSoftmaxRef(const std::vector<double> &x, const Shape &shape) {
  auto [n, c, s] = classDims(shape);
  std::vector<double> out(x.size());
  for (int64_t i = 0; i < n; ++i)
    for (int64_t p = 0; p < s; ++p) {
      auto at = [&](int64_t k) { return (i * c + k) * s + p; };
      double max = -std::numeric_limits<double>::infinity();
      for (int64_t k = 0; k < c; ++k)
        max = std::max(max, x[at(k)]);
      double sum = 0.0;
      for (int64_t k = 0; k < c; ++k)
        sum += std::exp(x[at(k)] - max);
      for (int64_t k = 0; k < c; ++k)
        out[at(k)] = x[at(k)] - max - std::log(sum);
    }
  return out;
}

/// PyTorch's nll_loss: -w[y] logp[n, y, p], 0 where ignored; "mean" divides
/// by the summed weights of the non-ignored targets (0/0 = NaN).
RefTensor nllRef(const std::vector<double> &logp, const Shape &shape,
                 const std::vector<int64_t> &labels, const Tensor *weight,
                 std::optional<int64_t> ignoreIndex, const std::string &reduction) {
  auto [n, c, s] = classDims(shape);
  RefTensor perSample = zeros(labelShape(shape));
  double weightSum = 0.0;
  for (int64_t i = 0; i < n; ++i)
    for (int64_t p = 0; p < s; ++p) {
      int64_t y = labels[i * s + p];
      if (ignoreIndex && y == *ignoreIndex)
        continue;
      double w = weight ? weight->data[y] : 1.0;
      weightSum += w;
      perSample.data[i * s + p] = -w * logp[(i * c + y) * s + p];
    }
  if (reduction != "mean")
    return reduceRef(perSample, reduction, 1.0);
  RefTensor out = reduceRef(perSample, "sum", 1.0);
  out.data[0] /= weightSum;
  return out;
}

struct ClassCase {
  std::string name;
  bool softmax; ///< softmax_cross_entropy, else nll_loss
  Shape scores;
  std::string reduction;
  bool weighted = false;
  std::optional<int64_t> ignoreIndex;
  bool allIgnored = false;
  JITOptions options = optimized();
};

void PrintTo(const ClassCase &c, std::ostream *os) { *os << c.name; }

/// Random labels in [0, C); an out-of-range ignore_index replaces about a
/// quarter of them (an in-range one is hit by chance and by label 0 being
/// forced onto it once).
std::vector<int64_t> randomLabels(Rng &rng, int64_t count, int64_t classes,
                                  std::optional<int64_t> ignoreIndex, bool allIgnored) {
  std::vector<int64_t> labels(count);
  for (int64_t &y : labels) {
    y = rng.range(0, classes - 1);
    if (ignoreIndex && (allIgnored || rng.range(0, 3) == 0))
      y = *ignoreIndex;
  }
  if (ignoreIndex && !allIgnored && count > 1)
    labels[1] = *ignoreIndex; // at least one ignored target...
  if (ignoreIndex && !allIgnored && count > 2 && *ignoreIndex == 0)
    labels[2] = 1;            // ...and at least one that counts
  return labels;
}

class LossClassTest : public ::testing::TestWithParam<ClassCase> {};

TEST_P(LossClassTest, MatchesReference) {
  const ClassCase &cc = GetParam();
  Rng rng = testRng();
  auto [n, c, s] = classDims(cc.scores);
  Shape lshape = labelShape(cc.scores);
  std::vector<int64_t> labels =
      randomLabels(rng, n * s, c, cc.ignoreIndex, cc.allIgnored);
  Tensor x = rng.tensor(cc.scores, -4.0, 4.0);
  std::vector<double> xd(x.data.begin(), x.data.end());
  std::vector<double> logp = logSoftmaxRef(xd, cc.scores);
  if (!cc.softmax) // nll_loss reads log-probabilities
    for (size_t i = 0; i < x.data.size(); ++i)
      xd[i] = x.data[i] = static_cast<float>(logp[i]);
  Tensor weight = rng.tensor({c}, 0.2, 2.0);

  std::vector<Operand> operands{arg(cc.scores), labelsOf(lshape, labels)};
  std::vector<Tensor> inputs{x};
  if (cc.weighted) {
    operands.push_back(arg({c}));
    inputs.push_back(weight);
  }
  LossAttrs attrs;
  if (cc.ignoreIndex)
    attrs.i64("ignore_index", *cc.ignoreIndex);
  attrs.reduction(cc.reduction);

  RefTensor loss = nllRef(cc.softmax ? logp : xd, cc.scores, labels,
                          cc.weighted ? &weight : nullptr, cc.ignoreIndex,
                          cc.reduction);
  std::vector<Shape> results{loss.shape};
  if (cc.softmax)
    results.push_back(cc.scores);
  std::string model = lossModel(cc.softmax ? "softmax_cross_entropy" : "nll_loss",
                                operands, attrs, results);

  if (cc.allIgnored && cc.reduction == "mean") {
    // 0 / 0: PyTorch and ONNX give NaN, which runAndCompare cannot match.
    auto out = compileAndRun(model, inputs, cc.options);
    ASSERT_TRUE(bool(out)) << llvm::toString(out.takeError());
    ASSERT_EQ((*out)[0].data.size(), 1u);
    EXPECT_TRUE(std::isnan((*out)[0].data[0])) << "got " << (*out)[0].data[0];
    return;
  }
  std::vector<RefTensor> expected{loss};
  if (cc.softmax) {
    RefTensor lp{cc.scores, logp};
    expected.push_back(lp);
  }
  EXPECT_TRUE(runAndCompareAll(model, inputs, expected, cc.options,
                               {lossTolerance(cc.reduction, n * s), Tolerance{}}));
}

std::vector<ClassCase> classCases() {
  std::vector<ClassCase> cases;
  const std::vector<std::pair<std::string, Shape>> shapes = {
      {"NC", {7, 5}}, {"NCd", {3, 4, 5}}, {"NCdd", {2, 3, 5, 3}}};
  const std::vector<std::pair<std::string, std::optional<int64_t>>> ignores = {
      {"", std::nullopt}, {"Ignore1", 1}, {"IgnoreMinus100", -100}};
  for (bool softmax : {true, false})
    for (const auto &[shapeName, shape] : shapes)
      for (const std::string &reduction : reductions())
        for (bool weighted : {false, true})
          for (const auto &[ignoreName, ignore] : ignores) {
            std::string name = std::string(softmax ? "CE" : "NLL") + shapeName +
                               char(std::toupper(reduction[0])) + reduction.substr(1) +
                               (weighted ? "Weighted" : "") + ignoreName;
            cases.push_back({name, softmax, shape, reduction, weighted, ignore});
          }
  // Every target ignored: "mean" is NaN, "sum" 0, "none" all zeros.
  for (bool softmax : {true, false})
    for (const std::string &reduction : reductions())
      for (bool weighted : {false, true})
        cases.push_back({std::string(softmax ? "CE" : "NLL") + "AllIgnored" +
                             char(std::toupper(reduction[0])) + reduction.substr(1) +
                             (weighted ? "Weighted" : ""),
                         softmax, {5, 4}, reduction, weighted, -1, true});
  // Odd sizes, and the unoptimized pipeline.
  cases.push_back({"CEOddSizes", true, {13, 33}, "mean", true, 7});
  cases.push_back({"NLLOddSizesSpatial", false, {5, 17, 13}, "sum", true, 3});
  for (bool softmax : {true, false})
    for (const std::string &reduction : reductions()) {
      ClassCase cc{std::string(softmax ? "CE" : "NLL") + "SpatialWeightedIgnoreO0" +
                       reduction,
                   softmax, {3, 5, 7}, reduction, true, 2};
      cc.options = unoptimized();
      cases.push_back(cc);
    }
  ClassCase allIgnoredO0{"CEAllIgnoredMeanO0", true, {3, 4}, "mean", false, 0, true};
  allIgnoredO0.options = unoptimized();
  cases.push_back(allIgnoredO0);
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Loss, LossClassTest, ::testing::ValuesIn(classCases()),
                         [](const auto &info) { return info.param.name; });

/// Large logits: the log-softmax must subtract the max (exp(100) overflows
/// f32).
TEST(LossCrossEntropyTest, LargeLogitsAreStable) {
  Rng rng = testRng();
  Shape shape{4, 6};
  Tensor x = rng.tensor(shape, -3.0, 3.0);
  for (size_t i = 0; i < x.data.size(); i += 3)
    x.data[i] += (i % 2 ? 100.0f : -100.0f);
  std::vector<int64_t> labels{0, 5, 2, 3};
  std::vector<double> xd(x.data.begin(), x.data.end());
  std::vector<double> logp = logSoftmaxRef(xd, shape);
  for (auto options : {optimized(), unoptimized()}) {
    RefTensor loss = nllRef(logp, shape, labels, nullptr, std::nullopt, "none");
    std::string model = lossModel("softmax_cross_entropy",
                                  {arg(shape), labelsOf({4}, labels)},
                                  LossAttrs().reduction("none"), {{4}, shape});
    EXPECT_TRUE(runAndCompareAll(model, {x}, {loss, RefTensor{shape, logp}},
                                 options, {Tolerance{1e-5, 1e-4}}));
  }
}

//===----------------------------------------------------------------------===//
// mse_loss and kl_div
//===----------------------------------------------------------------------===//

struct PointwiseCase {
  std::string name;
  Shape shape;
  std::string reduction;
  JITOptions options = optimized();
};
void PrintTo(const PointwiseCase &c, std::ostream *os) { *os << c.name; }

std::vector<PointwiseCase> pointwiseCases(const std::vector<std::string> &reds) {
  std::vector<PointwiseCase> cases;
  const std::vector<std::pair<std::string, Shape>> shapes = {
      {"Vector", {1037}}, {"Rank3", {3, 5, 7}}, {"Rank2", {4, 13}}};
  for (const auto &[shapeName, shape] : shapes)
    for (const std::string &r : reds)
      cases.push_back({shapeName + r, shape, r});
  for (const std::string &r : reds)
    cases.push_back({"Rank3O0" + r, {3, 5, 7}, r, unoptimized()});
  return cases;
}

class LossMSETest : public ::testing::TestWithParam<PointwiseCase> {};

TEST_P(LossMSETest, MatchesReference) {
  const PointwiseCase &pc = GetParam();
  Rng rng = testRng();
  Tensor x = rng.tensor(pc.shape, -2.0, 2.0), t = rng.tensor(pc.shape, -2.0, 2.0);
  RefTensor perElement = zeros(pc.shape);
  for (size_t i = 0; i < x.data.size(); ++i) {
    double d = double(x.data[i]) - t.data[i];
    perElement.data[i] = d * d;
  }
  RefTensor expected =
      reduceRef(perElement, pc.reduction, static_cast<double>(x.data.size()));
  std::string model = lossModel("mse_loss", {arg(pc.shape), arg(pc.shape)},
                                LossAttrs().reduction(pc.reduction), {expected.shape});
  EXPECT_TRUE(runAndCompare(model, {x, t}, expected, pc.options,
                            lossTolerance(pc.reduction, x.data.size())));
}

INSTANTIATE_TEST_SUITE_P(Loss, LossMSETest,
                         ::testing::ValuesIn(pointwiseCases(reductions())),
                         [](const auto &info) { return info.param.name; });

/// A rank-0 input and target: "none" keeps rank 0.
TEST(LossMSEScalarTest, RankZero) {
  Tensor x{{}, {1.5f}}, t{{}, {-0.25f}};
  for (const std::string &r : reductions()) {
    RefTensor expected = zeros({});
    expected.data[0] = (1.5 + 0.25) * (1.5 + 0.25);
    std::string model = lossModel("mse_loss", {arg({}), arg({})},
                                  LossAttrs().reduction(r), {{}});
    EXPECT_TRUE(runAndCompare(model, {x, t}, expected)) << r;
  }
}

class LossKLDivTest
    : public ::testing::TestWithParam<std::tuple<PointwiseCase, bool>> {};

TEST_P(LossKLDivTest, MatchesReference) {
  const auto &[pc, logTarget] = GetParam();
  Rng rng = testRng();
  // Log-probabilities along the last dim for the input; the target is a
  // probability vector with some exact zeros (xlogy(0, 0) = 0), or
  // log-probabilities for log_target.
  Shape shape = pc.shape;
  Tensor input = rng.tensor(shape, -3.0, 0.0);
  Tensor target = rng.tensor(shape, 0.0, 1.0);
  for (size_t i = 0; i < target.data.size(); ++i) {
    if (logTarget)
      target.data[i] = std::log(0.05 + 0.95 * target.data[i]);
    else if (i % 5 == 2)
      target.data[i] = 0.0f;
  }
  RefTensor perElement = zeros(shape);
  for (size_t i = 0; i < input.data.size(); ++i) {
    double x = input.data[i], t = target.data[i];
    perElement.data[i] =
        logTarget ? std::exp(t) * (t - x) : (t == 0.0 ? 0.0 : t * std::log(t)) - t * x;
  }
  double divisor = pc.reduction == "batchmean" ? shape[0]
                                               : static_cast<double>(input.data.size());
  std::string reduction = pc.reduction == "batchmean" ? "mean" : pc.reduction;
  RefTensor expected = reduceRef(perElement, reduction, divisor);
  LossAttrs attrs;
  attrs.reduction(pc.reduction);
  if (logTarget)
    attrs.boolean("log_target", true);
  std::string model =
      lossModel("kl_div", {arg(shape), arg(shape)}, attrs, {expected.shape});
  Tolerance tol = pc.reduction == "mean" ? Tolerance{}
                                         : reductionTolerance(input.data.size());
  EXPECT_TRUE(runAndCompare(model, {input, target}, expected, pc.options, tol));
}

INSTANTIATE_TEST_SUITE_P(
    Loss, LossKLDivTest,
    ::testing::Combine(::testing::ValuesIn(pointwiseCases(
                           {"mean", "sum", "none", "batchmean"})),
                       ::testing::Bool()),
    [](const auto &info) {
      return std::get<0>(info.param).name +
             (std::get<1>(info.param) ? "LogTarget" : "");
    });

//===----------------------------------------------------------------------===//
// center_loss and contrastive_loss
//===----------------------------------------------------------------------===//

struct MetricCase {
  std::string name;
  int64_t n, d, c; ///< c: classes (center_loss)
  std::string reduction;
  double margin = 1.0; ///< contrastive_loss; 1.0 is the default
  JITOptions options = optimized();
};
void PrintTo(const MetricCase &c, std::ostream *os) { *os << c.name; }

std::vector<MetricCase> metricCases() {
  std::vector<MetricCase> cases;
  for (const std::string &r : reductions()) {
    cases.push_back({"Small" + r, 7, 5, 4, r});
    cases.push_back({"Odd" + r, 13, 33, 6, r, 2.5});
    cases.push_back({"OneSample" + r, 1, 3, 1, r, 0.5});
    cases.push_back({"SmallO0" + r, 7, 5, 4, r, 3.0, unoptimized()});
  }
  return cases;
}

class LossCenterTest : public ::testing::TestWithParam<MetricCase> {};

TEST_P(LossCenterTest, MatchesReference) {
  const MetricCase &mc = GetParam();
  Rng rng = testRng();
  Tensor x = rng.tensor({mc.n, mc.d}), centers = rng.tensor({mc.c, mc.d});
  std::vector<int64_t> labels(mc.n);
  for (int64_t &y : labels)
    y = rng.range(0, mc.c - 1);
  RefTensor perSample = zeros({mc.n});
  for (int64_t i = 0; i < mc.n; ++i) {
    double sum = 0.0;
    for (int64_t k = 0; k < mc.d; ++k) {
      double diff = double(x.data[i * mc.d + k]) - centers.data[labels[i] * mc.d + k];
      sum += diff * diff;
    }
    perSample.data[i] = 0.5 * sum;
  }
  RefTensor expected = reduceRef(perSample, mc.reduction, mc.n);
  std::string model = lossModel(
      "center_loss", {arg({mc.n, mc.d}), labelsOf({mc.n}, labels), arg({mc.c, mc.d})},
      LossAttrs().reduction(mc.reduction), {expected.shape});
  EXPECT_TRUE(runAndCompare(model, {x, centers}, expected, mc.options,
                            reductionTolerance(mc.n * mc.d)));
}

INSTANTIATE_TEST_SUITE_P(Loss, LossCenterTest, ::testing::ValuesIn(metricCases()),
                         [](const auto &info) { return info.param.name; });

class LossContrastiveTest : public ::testing::TestWithParam<MetricCase> {};

TEST_P(LossContrastiveTest, MatchesReference) {
  const MetricCase &mc = GetParam();
  Rng rng = testRng();
  Tensor x1 = rng.tensor({mc.n, mc.d}), x2 = rng.tensor({mc.n, mc.d});
  Tensor label = rng.tensor({mc.n}, 0.0, 1.0);
  for (int64_t i = 0; i < mc.n; ++i) {
    label.data[i] = label.data[i] < 0.5f ? 0.0f : 1.0f;
    // Identical pairs (d = 0) of both kinds, and pairs closer than the margin.
    if (i % 4 == 0)
      for (int64_t k = 0; k < mc.d; ++k)
        x2.data[i * mc.d + k] = x1.data[i * mc.d + k];
    if (i % 4 == 1)
      for (int64_t k = 0; k < mc.d; ++k)
        x2.data[i * mc.d + k] = x1.data[i * mc.d + k] + 0.02f * (k % 3);
  }
  double margin = f32(mc.margin);
  RefTensor perSample = zeros({mc.n});
  for (int64_t i = 0; i < mc.n; ++i) {
    double d2 = 0.0;
    for (int64_t k = 0; k < mc.d; ++k) {
      double diff = double(x1.data[i * mc.d + k]) - x2.data[i * mc.d + k];
      d2 += diff * diff;
    }
    double y = label.data[i], gap = std::max(0.0, margin - std::sqrt(d2));
    perSample.data[i] = 0.5 * (y * d2 + (1.0 - y) * gap * gap);
  }
  RefTensor expected = reduceRef(perSample, mc.reduction, mc.n);
  LossAttrs attrs;
  if (mc.margin != 1.0)
    attrs.f32("margin", mc.margin);
  attrs.reduction(mc.reduction);
  std::string model =
      lossModel("contrastive_loss", {arg({mc.n, mc.d}), arg({mc.n, mc.d}), arg({mc.n})},
                attrs, {expected.shape});
  EXPECT_TRUE(runAndCompare(model, {x1, x2, label}, expected, mc.options,
                            reductionTolerance(mc.n * mc.d)));
}

INSTANTIATE_TEST_SUITE_P(Loss, LossContrastiveTest, ::testing::ValuesIn(metricCases()),
                         [](const auto &info) { return info.param.name; });

//===----------------------------------------------------------------------===//
// Large-margin softmaxes
//===----------------------------------------------------------------------===//

enum class MarginKind { L, A, AM };

struct MarginCase {
  std::string name;
  MarginKind kind;
  int64_t n, d, c;
  std::string reduction;
  int64_t m = 2;             ///< L / A
  double scale = 30.0;       ///< AM
  double amMargin = 0.35;    ///< AM
  bool setAttrs = true;      ///< false: rely on the defaults
  JITOptions options = optimized();
};
void PrintTo(const MarginCase &c, std::ostream *os) { *os << c.name; }

/// psi(t) = (-1)^k cos(m t) - 2k with k = floor(t m / pi), through acos:
/// independent of the lowering's Chebyshev/threshold form.
double psiRef(double cosT, int64_t m) {
  double theta = std::acos(cosT);
  int64_t k = std::min<int64_t>(m - 1, static_cast<int64_t>(std::floor(theta * m / M_PI)));
  return (k % 2 ? -1.0 : 1.0) * std::cos(m * theta) - 2.0 * k;
}

/// The modified logits [N, C] of LossOps.td's formulas, in double.
RefTensor marginLogitsRef(const MarginCase &mc, const Tensor &x, const Tensor &w,
                          const std::vector<int64_t> &labels) {
  RefTensor f = zeros({mc.n, mc.c});
  const double eps = 1e-12;
  for (int64_t i = 0; i < mc.n; ++i) {
    double xn = 0.0;
    for (int64_t k = 0; k < mc.d; ++k)
      xn += double(x.data[i * mc.d + k]) * x.data[i * mc.d + k];
    xn = std::sqrt(xn);
    for (int64_t j = 0; j < mc.c; ++j) {
      double dot = 0.0, wn = 0.0;
      for (int64_t k = 0; k < mc.d; ++k) {
        double wv = w.data[k * mc.c + j];
        dot += x.data[i * mc.d + k] * wv;
        wn += wv * wv;
      }
      wn = std::sqrt(wn);
      double cosT = dot / (std::max(xn, eps) * std::max(wn, eps));
      double clamped = std::min(1.0, std::max(-1.0, cosT));
      bool target = labels[i] == j;
      double v = 0.0;
      switch (mc.kind) {
      case MarginKind::L:
        v = target ? wn * xn * psiRef(clamped, mc.m) : dot;
        break;
      case MarginKind::A:
        v = target ? xn * psiRef(clamped, mc.m) : xn * cosT;
        break;
      case MarginKind::AM:
        v = f32(mc.scale) * (target ? cosT - f32(mc.amMargin) : cosT);
        break;
      }
      f.data[i * mc.c + j] = v;
    }
  }
  return f;
}

const char *marginOp(MarginKind kind) {
  switch (kind) {
  case MarginKind::L:
    return "l_softmax_loss";
  case MarginKind::A:
    return "a_softmax_loss";
  case MarginKind::AM:
    return "am_softmax_loss";
  }
  return "";
}

class LossMarginTest : public ::testing::TestWithParam<MarginCase> {};

TEST_P(LossMarginTest, MatchesReference) {
  const MarginCase &mc = GetParam();
  Rng rng = testRng();
  Tensor x = rng.tensor({mc.n, mc.d}), w = rng.tensor({mc.d, mc.c});
  std::vector<int64_t> labels(mc.n);
  for (int64_t &y : labels)
    y = rng.range(0, mc.c - 1);
  // Boundary rows: x parallel and anti-parallel to its target column (cos t
  // = +-1, where the clamp matters), and x = 0.
  if (mc.n >= 3) {
    for (int64_t k = 0; k < mc.d; ++k) {
      x.data[0 * mc.d + k] = 1.5f * w.data[k * mc.c + labels[0]];
      x.data[1 * mc.d + k] = -0.5f * w.data[k * mc.c + labels[1]];
      x.data[2 * mc.d + k] = 0.0f;
    }
  }
  RefTensor logits = marginLogitsRef(mc, x, w, labels);
  RefTensor loss = nllRef(logSoftmaxRef(logits.data, logits.shape), logits.shape,
                          labels, nullptr, std::nullopt, mc.reduction);
  LossAttrs attrs;
  if (mc.setAttrs) {
    if (mc.kind == MarginKind::AM)
      attrs.f32("scale", mc.scale).f32("margin", mc.amMargin);
    else
      attrs.i64("margin", mc.m);
  }
  attrs.reduction(mc.reduction);
  std::string model = lossModel(
      marginOp(mc.kind), {arg({mc.n, mc.d}), arg({mc.d, mc.c}), labelsOf({mc.n}, labels)},
      attrs, {loss.shape, logits.shape});
  EXPECT_TRUE(runAndCompareAll(model, {x, w}, {loss, logits}, mc.options,
                               {reductionTolerance(mc.n * mc.c),
                                Tolerance{1e-4, 1e-4}}));
}

std::vector<MarginCase> marginCases() {
  std::vector<MarginCase> cases;
  for (MarginKind kind : {MarginKind::L, MarginKind::A}) {
    std::string prefix = kind == MarginKind::L ? "LSoftmax" : "ASoftmax";
    for (int64_t m : {1, 2, 3, 4})
      for (const std::string &r : reductions())
        cases.push_back({prefix + "M" + std::to_string(m) + r, kind, 7, 5, 6, r, m});
    cases.push_back({prefix + "OddM3", kind, 13, 17, 9, "mean", 3});
    cases.push_back({prefix + "M4O0", kind, 7, 5, 6, "sum", 4, 30.0, 0.35, true,
                     unoptimized()});
  }
  MarginCase lDefault{"LSoftmaxDefaultMargin", MarginKind::L, 5, 4, 3, "mean", 2};
  lDefault.setAttrs = false;
  MarginCase aDefault{"ASoftmaxDefaultMargin", MarginKind::A, 5, 4, 3, "mean", 4};
  aDefault.setAttrs = false;
  cases.push_back(lDefault);
  cases.push_back(aDefault);
  for (const std::string &r : reductions()) {
    cases.push_back({"AMSoftmax" + r, MarginKind::AM, 7, 5, 6, r, 1, 30.0, 0.35});
    cases.push_back({"AMSoftmaxS10M02" + r, MarginKind::AM, 7, 5, 6, r, 1, 10.0, 0.2});
  }
  MarginCase amDefault{"AMSoftmaxDefaults", MarginKind::AM, 9, 6, 4, "mean"};
  amDefault.setAttrs = false;
  cases.push_back(amDefault);
  cases.push_back({"AMSoftmaxOdd", MarginKind::AM, 13, 17, 9, "sum", 1, 16.0, 0.5});
  cases.push_back({"AMSoftmaxO0", MarginKind::AM, 7, 5, 6, "none", 1, 30.0, 0.35,
                   true, unoptimized()});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Loss, LossMarginTest, ::testing::ValuesIn(marginCases()),
                         [](const auto &info) { return info.param.name; });

/// Property: with m = 1, psi(t) = cos t, so L-Softmax is softmax
/// cross-entropy on the plain logits x W. Both models are compiled; neither
/// side is a reference written here.
TEST(LossMarginPropertyTest, LSoftmaxMarginOneIsSoftmaxCrossEntropy) {
  Rng rng = testRng();
  int64_t n = 9, d = 7, c = 5;
  Tensor x = rng.tensor({n, d}), w = rng.tensor({d, c});
  std::vector<int64_t> labels(n);
  for (int64_t &y : labels)
    y = rng.range(0, c - 1);
  std::string lit = "dense<" + denseLiteral(labels, {n}) + "> : " + indexType({n});
  std::string xt = tensorType({n, d}), wt = tensorType({d, c}),
              ft = tensorType({n, c}), lt = tensorType({n});
  for (const std::string &r : reductions()) {
    std::string rt = r == "none" ? lt : tensorType({});
    std::string red = r == "mean" ? "" : " {reduction = \"" + r + "\"}";
    std::string margin =
        "func.func @main(%x: " + xt + ", %w: " + wt + ") -> (" + rt + ", " + ft +
        ") {\n  %l = " + labelConstantOp() + " " + lit + "\n" +
        "  %0:2 = dlc.l_softmax_loss %x, %w, %l {margin = 1 : i64" +
        (r == "mean" ? "" : ", reduction = \"" + r + "\"") + "} : (" + xt + ", " +
        wt + ", " + indexType({n}) + ") -> (" + rt + ", " + ft + ")\n" +
        "  return %0#0, %0#1 : " + rt + ", " + ft + "\n}\n";
    std::string plain =
        "func.func @main(%x: " + xt + ", %w: " + wt + ") -> (" + rt + ", " + ft +
        ") {\n  %l = " + labelConstantOp() + " " + lit + "\n" +
        "  %f = dlc.matmul %x, %w : (" + xt + ", " + wt + ") -> " + ft + "\n" +
        "  %0:2 = dlc.softmax_cross_entropy %f, %l" + red + " : (" + ft + ", " +
        indexType({n}) + ") -> (" + rt + ", " + ft + ")\n" +
        "  return %0#0, %f : " + rt + ", " + ft + "\n}\n";
    for (auto options : {optimized(), unoptimized()}) {
      auto a = compileAndRun(margin, {x, w}, options);
      auto b = compileAndRun(plain, {x, w}, options);
      ASSERT_TRUE(bool(a)) << llvm::toString(a.takeError());
      ASSERT_TRUE(bool(b)) << llvm::toString(b.takeError());
      for (size_t o = 0; o < 2; ++o) {
        const auto &av = (*a)[o].data, &bv = (*b)[o].data;
        ASSERT_EQ(av.size(), bv.size());
        for (size_t i = 0; i < av.size(); ++i)
          EXPECT_NEAR(av[i], bv[i], 1e-5 + 1e-4 * std::fabs(bv[i]))
              << r << " output " << o << " element " << i;
      }
    }
  }
}

//===----------------------------------------------------------------------===//
// The C++ builders infer every result type
//===----------------------------------------------------------------------===//

TEST(LossBuilderTest, CreateWithoutResultTypes) {
  mlir::MLIRContext &ctx = context();
  mlir::OpBuilder b(&ctx);
  mlir::Location loc = b.getUnknownLoc();
  auto module = mlir::ModuleOp::create(loc);
  b.setInsertionPointToEnd(module.getBody());
  auto f32 = [&](Shape s) { return mlir::RankedTensorType::get(s, b.getF32Type()); };
  auto i64 = [&](Shape s) { return mlir::RankedTensorType::get(s, b.getI64Type()); };
  auto fn = mlir::func::FuncOp::create(
      b, loc, "f",
      b.getFunctionType({f32({4, 3, 5}), i64({4, 5}), f32({3}), f32({4, 6}),
                         f32({6, 3}), i64({4}), f32({4})},
                        {}));
  b.setInsertionPointToEnd(fn.addEntryBlock());
  auto a = fn.getArguments();
  using namespace mlir::dlc;
  auto ce = SoftmaxCrossEntropyOp::create(b, loc, a[0], a[1], a[2],
                                          b.getI64IntegerAttr(-100), "none");
  EXPECT_EQ(ce.getLoss().getType(), f32({4, 5}));
  EXPECT_EQ(ce.getLogProb().getType(), f32({4, 3, 5}));
  auto nll = NLLLossOp::create(b, loc, a[0], a[1], mlir::Value(), mlir::IntegerAttr(), "mean");
  EXPECT_EQ(nll.getType(), f32({}));
  auto mse = MSELossOp::create(b, loc, a[3], a[3], "none");
  EXPECT_EQ(mse.getType(), f32({4, 6}));
  auto kl = KLDivOp::create(b, loc, a[3], a[3], "batchmean", true);
  EXPECT_EQ(kl.getType(), f32({}));
  auto center = CenterLossOp::create(b, loc, a[3], a[5], a[3], "none");
  EXPECT_EQ(center.getType(), f32({4}));
  auto contrastive = ContrastiveLossOp::create(b, loc, a[3], a[3], a[6],
                                               llvm::APFloat(2.0f), "sum");
  EXPECT_EQ(contrastive.getType(), f32({}));
  auto l = LSoftmaxLossOp::create(b, loc, a[3], a[4], a[5], 3, "none");
  EXPECT_EQ(l.getLoss().getType(), f32({4}));
  EXPECT_EQ(l.getLogits().getType(), f32({4, 3}));
  auto sphere = ASoftmaxLossOp::create(b, loc, a[3], a[4], a[5]);
  EXPECT_EQ(sphere.getMargin(), 4u);
  EXPECT_EQ(sphere.getLoss().getType(), f32({}));
  auto am = AMSoftmaxLossOp::create(b, loc, a[3], a[4], a[5], llvm::APFloat(30.0f),
                                    llvm::APFloat(0.35f));
  EXPECT_EQ(am.getLogits().getType(), f32({4, 3}));
  mlir::func::ReturnOp::create(b, loc);
  EXPECT_TRUE(mlir::succeeded(mlir::verify(module)));
  module->erase();
}

} // namespace
