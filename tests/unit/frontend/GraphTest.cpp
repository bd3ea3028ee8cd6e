//===- GraphTest.cpp - the C++ graph-builder API ----------------------------===//
//
// Builds models with dlc::Graph and checks (1) the numbers: a small CNN
// JIT-compiled from the graph, and reloaded from the .mlir the graph saves,
// against naive double-precision loops over the graph's own initial
// weights; (2) the errors: each bad call throws GraphError naming the layer
// and leaves the graph as it was; (3) the initializers' statistics and
// determinism; (4) naming and `same` padding.
//
//===----------------------------------------------------------------------===//

#include "dlc/Frontend/Graph.h"
#include "dlc/Registration.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>

using dlc::Graph;
using dlc::GraphError;
using dlc::Tensor;

namespace {

std::vector<float> randomData(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<float> v(n);
  for (float &x : v)
    x = static_cast<float>((rng() >> 11) * (2.0 / 9007199254740992.0) - 1.0);
  return v;
}

/// The small CNN of these tests: conv 3x3 stride 2 `same` + BN + ReLU +
/// global average pool + linear.
void buildSmallCnn(Graph &g) {
  Tensor x = g.input("image", {2, 3, 9, 9});
  x = g.conv2d(x, 4, 3,
               dlc::Conv2dOptions().stride(2).padding(dlc::Padding::same()).name("conv"));
  x = g.relu(g.batchNorm(x, dlc::BatchNormOptions().name("bn")));
  x = g.flatten(g.globalAvgPool(x));
  g.output(g.linear(x, 5, dlc::LinearOptions().name("fc")), "logits");
}

/// The same network in plain loops, reading the graph's initial weights.
std::vector<double> referenceSmallCnn(Graph &g, const std::vector<float> &image) {
  auto w = g.parameterValues("conv.weight"), b = g.parameterValues("conv.bias");
  auto fw = g.parameterValues("fc.weight"), fb = g.parameterValues("fc.bias");
  auto gamma = g.parameterValues("bn.weight"), beta = g.parameterValues("bn.bias");
  auto mean = g.parameterValues("bn.running_mean");
  auto var = g.parameterValues("bn.running_var");
  // `same` with stride 2 on 9x9: output 5x5, total padding 2 (1 each side).
  const int N = 2, C = 3, H = 9, F = 4, OH = 5, K = 3, pad = 1, S = 2;
  std::vector<double> pooled(N * F, 0.0);
  for (int n = 0; n < N; ++n)
    for (int f = 0; f < F; ++f)
      for (int oy = 0; oy < OH; ++oy)
        for (int ox = 0; ox < OH; ++ox) {
          double acc = b[f];
          for (int c = 0; c < C; ++c)
            for (int i = 0; i < K; ++i)
              for (int j = 0; j < K; ++j) {
                int y = oy * S + i - pad, xx = ox * S + j - pad;
                if (y < 0 || y >= H || xx < 0 || xx >= H)
                  continue;
                acc += image[((n * C + c) * H + y) * H + xx] *
                       w[((f * C + c) * K + i) * K + j];
              }
          double bn = gamma[f] * (acc - mean[f]) / std::sqrt(var[f] + 1e-5) + beta[f];
          pooled[n * F + f] += std::max(bn, 0.0) / (OH * OH);
        }
  std::vector<double> logits(N * 5);
  for (int n = 0; n < N; ++n)
    for (int o = 0; o < 5; ++o) {
      double acc = fb[o];
      for (int f = 0; f < F; ++f)
        acc += pooled[n * F + f] * fw[o * F + f];
      logits[n * 5 + o] = acc;
    }
  return logits;
}

void expectClose(const std::vector<float> &actual, const std::vector<double> &expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i)
    EXPECT_NEAR(actual[i], expected[i], 1e-5 + 1e-4 * std::fabs(expected[i]))
        << "at element " << i;
}

TEST(GraphTest, SmallCnnMatchesNaiveReference) {
  Graph g("main", 7);
  buildSmallCnn(g);
  std::vector<float> image = randomData(2 * 3 * 9 * 9, 1);
  auto exe = g.compile();
  ASSERT_TRUE(static_cast<bool>(exe)) << llvm::toString(exe.takeError());
  auto out = (*exe)->run({{{2, 3, 9, 9}, image}});
  ASSERT_TRUE(static_cast<bool>(out)) << llvm::toString(out.takeError());
  ASSERT_EQ(out->size(), 1u);
  EXPECT_EQ((*out)[0].shape, (std::vector<int64_t>{2, 5}));
  expectClose((*out)[0].data, referenceSmallCnn(g, image));
  EXPECT_EQ((*exe)->signature().inputs[0].name, "image");
  EXPECT_EQ((*exe)->signature().outputs[0].name, "logits");
}

TEST(GraphTest, SavedModuleReloadsAndComputesTheSame) {
  Graph g("main", 11);
  buildSmallCnn(g);
  llvm::SmallString<128> path;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("dlc-graph", "mlir", path));
  g.save(path.str().str());

  mlir::DialectRegistry registry;
  mlir::dlc::registerDialects(registry);
  mlir::dlc::registerTranslations(registry);
  mlir::MLIRContext ctx(registry);
  auto module = mlir::parseSourceFile<mlir::ModuleOp>(path.str(), &ctx);
  llvm::sys::fs::remove(path);
  ASSERT_TRUE(module);
  auto exe = mlir::dlc::Executable::compile(*module, {});
  ASSERT_TRUE(static_cast<bool>(exe)) << llvm::toString(exe.takeError());
  std::vector<float> image = randomData(2 * 3 * 9 * 9, 2);
  auto out = (*exe)->run({{{2, 3, 9, 9}, image}});
  ASSERT_TRUE(static_cast<bool>(out)) << llvm::toString(out.takeError());
  expectClose((*out)[0].data, referenceSmallCnn(g, image));
}

//===----------------------------------------------------------------------===//
// Errors name the layer and leave the graph unchanged
//===----------------------------------------------------------------------===//

/// Runs `call`, expecting a GraphError whose message contains every one of
/// `fragments`, and checks that the graph's parameters did not change.
template <typename F>
void expectLayerError(Graph &g, F call, std::vector<std::string> fragments) {
  int64_t before = g.numParameters();
  size_t paramsBefore = g.parameters().size();
  try {
    call();
    ADD_FAILURE() << "expected a GraphError";
  } catch (const GraphError &e) {
    std::string message = e.what();
    for (const std::string &f : fragments)
      EXPECT_NE(message.find(f), std::string::npos)
          << "message \"" << message << "\" lacks \"" << f << "\"";
  }
  EXPECT_EQ(g.numParameters(), before);
  EXPECT_EQ(g.parameters().size(), paramsBefore);
}

TEST(GraphTest, MismatchedChannelsNameTheLayer) {
  Graph g;
  Tensor x = g.input("x", {1, 8, 16, 16});
  Tensor a = g.conv2d(x, 16, 3, dlc::Conv2dOptions().padding(1).name("branch_a"));
  Tensor b = g.conv2d(x, 32, 3, dlc::Conv2dOptions().padding(1).name("branch_b"));
  expectLayerError(g, [&] { g.add(a, b, "residual"); },
                   {"add 'residual'", "1x16x16x16", "1x32x16x16", "broadcast"});
}

TEST(GraphTest, InputTooSmallForTheKernel) {
  Graph g;
  Tensor x = g.input("x", {1, 3, 4, 4});
  expectLayerError(g, [&] { g.conv2d(x, 8, 7, dlc::Conv2dOptions().name("stem")); },
                   {"conv2d 'stem'", "does not fit"});
  expectLayerError(g, [&] { g.maxPool2d(x, 5, dlc::PoolOptions().name("pool")); },
                   {"max_pool2d 'pool'"});
}

TEST(GraphTest, NegativeAndZeroSizes) {
  Graph g;
  Tensor x = g.input("x", {1, 3, 8, 8});
  expectLayerError(g, [&] { g.conv2d(x, -4, 3, dlc::Conv2dOptions().name("c")); },
                   {"conv2d 'c'", "out_channels must be positive", "-4"});
  expectLayerError(g, [&] { g.conv2d(x, 4, {3, 0}, dlc::Conv2dOptions().name("k")); },
                   {"conv2d 'k'", "kernel size must be positive"});
  expectLayerError(g, [&] { g.linear(g.flatten(x), 0, dlc::LinearOptions().name("fc")); },
                   {"linear 'fc'", "out_features must be positive"});
  expectLayerError(g, [&] { g.input("y", {1, -3}); }, {"input 'y'", "positive"});
}

TEST(GraphTest, WrongRankAndGroups) {
  Graph g;
  Tensor x = g.input("x", {1, 6, 8});
  expectLayerError(g, [&] { g.conv2d(x, 4, 3, dlc::Conv2dOptions().name("c")); },
                   {"conv2d 'c'", "rank 4", "1x6x8"});
  Tensor y = g.input("y", {1, 6, 8, 8});
  expectLayerError(g, [&] { g.conv2d(y, 4, 3, dlc::Conv2dOptions().groups(4).name("g")); },
                   {"conv2d 'g'", "groups (4)", "6", "4"});
}

TEST(GraphTest, ValuesOfAnotherGraphAreRejected) {
  Graph g1, g2;
  Tensor a = g1.input("a", {2, 2});
  Tensor b = g2.input("b", {2, 2});
  expectLayerError(g1, [&] { g1.add(a, b, "mix"); }, {"add 'mix'", "another graph"});
}

//===----------------------------------------------------------------------===//
// Initializers, names, padding
//===----------------------------------------------------------------------===//

double stddev(const std::vector<float> &v) {
  double mean = 0, sq = 0;
  for (float x : v)
    mean += x;
  mean /= v.size();
  for (float x : v)
    sq += (x - mean) * (x - mean);
  return std::sqrt(sq / v.size());
}

TEST(GraphTest, InitializersHaveTheirDistributions) {
  Graph g("main", 3);
  // 256 x 128 x 3 x 3: fan_in 1152, fan_out 2304.
  g.parameter("kaiming", {256, 128, 3, 3}, dlc::Init::KaimingNormal, 1152, 2304);
  g.parameter("default", {256, 1152}, dlc::Init::Default, 1152, 256);
  g.parameter("xavier", {512, 512}, dlc::Init::XavierUniform, 512, 512);
  double kaiming = stddev(g.parameterValues("kaiming"));
  EXPECT_NEAR(kaiming, std::sqrt(2.0 / 2304), 0.01 * std::sqrt(2.0 / 2304));
  auto def = g.parameterValues("default");
  double bound = 1.0 / std::sqrt(1152.0);
  for (float v : def)
    ASSERT_LE(std::fabs(v), bound);
  // Uniform(-b, b) has standard deviation b / sqrt(3).
  EXPECT_NEAR(stddev(def), bound / std::sqrt(3.0), 0.01 * bound);
  EXPECT_NEAR(stddev(g.parameterValues("xavier")), std::sqrt(6.0 / 1024) / std::sqrt(3.0),
              0.01 * std::sqrt(6.0 / 1024));
}

TEST(GraphTest, SeedsAreDeterministicPerName) {
  Graph a("main", 5), b("main", 5), c("main", 6);
  for (Graph *g : {&a, &b, &c})
    g->parameter("w", {64}, dlc::Init::KaimingNormal, 8, 8);
  EXPECT_EQ(a.parameterValues("w"), b.parameterValues("w"));
  EXPECT_NE(a.parameterValues("w"), c.parameterValues("w"));
}

TEST(GraphTest, ScopesNameParametersLikeModulePaths) {
  Graph g;
  Tensor x = g.input("x", {1, 3, 8, 8});
  {
    auto layer = g.scope("layer1");
    auto block = g.scope("0");
    x = g.conv2d(x, 4, 3, dlc::Conv2dOptions().bias(false).name("conv1"));
    x = g.batchNorm(x, dlc::BatchNormOptions().name("bn1"));
  }
  std::vector<std::string> names;
  for (const auto &p : g.parameters())
    names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string>{
                       "layer1.0.conv1.weight", "layer1.0.bn1.weight", "layer1.0.bn1.bias",
                       "layer1.0.bn1.running_mean", "layer1.0.bn1.running_var"}));
  // Running statistics are buffers, not parameters.
  EXPECT_EQ(g.numParameters(), 4 * 3 * 3 * 3 + 4 + 4);
  EXPECT_THROW(g.parameter("layer1.0.conv1.weight", {1}, dlc::Init::Zeros, 1, 1),
               GraphError);
}

TEST(GraphTest, SamePaddingKeepsCeilOfInputOverStride) {
  Graph g;
  Tensor x = g.input("x", {1, 2, 11, 10});
  for (int64_t stride : {1, 2, 3})
    for (int64_t k : {1, 2, 3, 5}) {
      Tensor y = g.conv2d(x, 3, k,
                          dlc::Conv2dOptions().stride(stride).padding(dlc::Padding::same()));
      EXPECT_EQ(y.dim(2), (11 + stride - 1) / stride) << "k " << k << " s " << stride;
      EXPECT_EQ(y.dim(3), (10 + stride - 1) / stride) << "k " << k << " s " << stride;
    }
  Tensor v = g.conv2d(x, 3, 3, dlc::Conv2dOptions().padding(dlc::Padding::valid()));
  EXPECT_EQ(v.shape(), (dlc::Shape{1, 3, 9, 8}));
}

} // namespace

//===----------------------------------------------------------------------===//
// Every layer method: shapes, parameters, and a compiled run
//===----------------------------------------------------------------------===//

namespace {

bool allFinite(const mlir::dlc::Tensor &t) {
  for (float v : t.data)
    if (!std::isfinite(v))
      return false;
  return true;
}

/// Compiles `g` and runs it on seeded inputs; every f32 output must be finite.
void compileAndRunFinite(Graph &g, const std::vector<mlir::dlc::Tensor> &inputs) {
  auto exe = g.compile();
  ASSERT_TRUE(static_cast<bool>(exe)) << llvm::toString(exe.takeError());
  auto out = (*exe)->run(inputs);
  ASSERT_TRUE(static_cast<bool>(out)) << llvm::toString(out.takeError());
  for (const auto &t : *out)
    EXPECT_TRUE(t.type != mlir::dlc::ElementType::F32 || allFinite(t));
}

TEST(GraphLayersTest, ConvolutionPoolingAndActivations) {
  Graph g("main", 1);
  Tensor x = g.input("x", {2, 4, 12, 12});
  Tensor y = g.convTranspose2d(x, 6, 3,
                               dlc::ConvTranspose2dOptions().stride(2).padding(1).outputPadding(1));
  EXPECT_EQ(y.shape(), (dlc::Shape{2, 6, 24, 24}));
  // ConvTranspose2d weight is [in, out/groups, kh, kw].
  EXPECT_EQ(g.parameters()[0].shape, (dlc::Shape{4, 6, 3, 3}));
  y = g.lrn(y, 5);
  y = g.prelu(y, 6);
  // ceil((24 + 2 - 3) / 2) + 1 = 13; the last window starts at 23, inside.
  y = g.maxPool2d(y, 3, dlc::PoolOptions().stride(2).padding(1).ceilMode(true));
  EXPECT_EQ(y.shape(), (dlc::Shape{2, 6, 13, 13}));
  y = g.avgPool2d(y, 2, dlc::PoolOptions().countIncludePad(false));
  Tensor m = g.maxout(g.conv2d(y, 8, 1), 2);
  EXPECT_EQ(m.shape(), (dlc::Shape{2, 4, 6, 6}));
  Tensor spp = g.spatialPyramidPool(m, {1, 2, 3});
  EXPECT_EQ(spp.shape(), (dlc::Shape{2, 4 * (1 + 4 + 9)}));
  Tensor shuffled = g.channelShuffle(g.relu6(m), 2);
  std::vector<Tensor> halves = g.split(shuffled, {1, 3}, 1);
  EXPECT_EQ(halves[1].shape(), (dlc::Shape{2, 3, 6, 6}));
  Tensor cat = g.concat({halves[1], g.leakyRelu(halves[0], 0.2)}, 1);
  Tensor pooled = g.adaptiveAvgPool2d(cat, {2, 3});
  EXPECT_EQ(pooled.shape(), (dlc::Shape{2, 4, 2, 3}));
  Tensor gm = g.globalMaxPool(g.sigmoid(cat));
  Tensor logits = g.linear(g.flatten(pooled), 5);
  Tensor cols = g.im2col(x, 3, dlc::Conv2dOptions().padding(1));
  EXPECT_EQ(cols.shape(), (dlc::Shape{2, 4 * 9, 144}));
  Tensor back = g.col2im(cols, {12, 12}, 3, dlc::Conv2dOptions().padding(1));
  EXPECT_EQ(back.shape(), x.shape());
  g.output(g.logSoftmax(logits), "logp");
  g.output(spp, "spp");
  g.output(gm, "gmax");
  g.output(back, "back");
  compileAndRunFinite(g, {{{2, 4, 12, 12}, randomData(2 * 4 * 144, 3)}});
}

TEST(GraphLayersTest, RecurrentLayersStackAndCellsShareWeights) {
  Graph g("main", 2);
  Tensor x = g.input("x", {5, 2, 3});
  auto lstm = g.lstm(x, 4, dlc::RNNOptions().numLayers(2).peephole(true).name("lstm"));
  EXPECT_EQ(lstm.output.shape(), (dlc::Shape{5, 2, 4}));
  ASSERT_EQ(lstm.h.size(), 2u);
  ASSERT_EQ(lstm.c.size(), 2u);
  // Per layer: weight_ih [16, in], weight_hh [16, 4], bias [32], peephole [12].
  EXPECT_EQ(g.numParameters(), (16 * 3 + 16 * 4 + 32 + 12) + (16 * 4 + 16 * 4 + 32 + 12));
  auto gru = g.gru(lstm.output, 3, dlc::RNNOptions().name("gru"));
  auto rnn = g.rnn(gru.output, 2, dlc::RNNOptions().nonlinearity("relu").bias(false));
  EXPECT_EQ(rnn.output.shape(), (dlc::Shape{5, 2, 2}));
  int64_t before = g.numParameters();
  dlc::CellWeights cell = g.cellWeights("lstm", 3, 4);
  Tensor h = g.constant(std::vector<float>(8, 0.0f), {2, 4});
  Tensor c = h;
  Tensor step = g.slice(x, {0}, {1}, {0});
  Tensor xt = g.reshape(step, {2, 3});
  for (int t = 0; t < 3; ++t) {
    auto hc = g.cell(cell, xt, h, c);
    h = hc[0];
    c = hc[1];
  }
  // The three steps share one set of weights.
  EXPECT_EQ(g.numParameters() - before, 16 * 3 + 16 * 4 + 32);
  g.output(rnn.output, "y");
  g.output(h, "h");
  compileAndRunFinite(g, {{{5, 2, 3}, randomData(30, 4)}});
}

TEST(GraphLayersTest, LossesAreScalarsAndNamesAreChecked) {
  Graph g("main", 3);
  Tensor logits = g.input("logits", {4, 6});
  Tensor feats = g.input("features", {4, 8});
  Tensor labels = g.input("labels", {4}, dlc::DType::I64);
  Tensor similar = g.input("similar", {4});
  std::vector<Tensor> losses = {
      g.softmaxCrossEntropy(logits, labels),
      g.nllLoss(g.logSoftmax(logits), labels, dlc::LossOptions().reduction("sum")),
      g.mseLoss(logits, g.sigmoid(logits)),
      g.klDiv(g.logSoftmax(logits), g.softmax(logits), dlc::LossOptions().reduction("batchmean")),
      g.centerLoss(feats, labels, 6),
      g.contrastiveLoss(feats, g.tanh(feats), similar, 1.0),
      g.lSoftmaxLoss(feats, labels, 6, 2),
      g.aSoftmaxLoss(feats, labels, 6, 4),
      g.amSoftmaxLoss(feats, labels, 6)};
  for (const Tensor &l : losses)
    EXPECT_EQ(l.rank(), 0);
  Tensor total = losses[0];
  for (size_t i = 1; i < losses.size(); ++i)
    total = g.add(total, losses[i]);
  g.output(total, "loss");
  std::vector<mlir::dlc::Tensor> inputs = {
      {{4, 6}, randomData(24, 5)},
      {{4, 8}, randomData(32, 6)},
      mlir::dlc::Tensor::ofI64({4}, {0, 5, 2, 3}),
      {{4}, {1.0f, 0.0f, 1.0f, 0.0f}}};
  expectLayerError(g, [&] { g.softmaxCrossEntropy(logits, labels, dlc::LossOptions().reduction("avg").name("ce")); },
                   {"softmax_cross_entropy 'ce'", "avg"});
  compileAndRunFinite(g, inputs);
  // Once compiled (finished), the graph takes no more layers.
  expectLayerError(g, [&] { g.relu(logits, "late"); },
                   {"relu 'late'", "the graph is finished"});
}

/// Dot-product attention is a composition; check it against plain loops.
TEST(GraphLayersTest, DotProductAttentionMatchesReference) {
  const int N = 2, Tq = 3, Tk = 5, D = 4, Dv = 3;
  Graph g("main", 4);
  Tensor q = g.input("q", {N, Tq, D}), k = g.input("k", {N, Tk, D}),
         v = g.input("v", {N, Tk, Dv});
  g.output(g.dotProductAttention(q, k, v, /*scaled=*/true), "context");
  std::vector<float> qd = randomData(N * Tq * D, 7), kd = randomData(N * Tk * D, 8),
                     vd = randomData(N * Tk * Dv, 9);
  auto exe = g.compile();
  ASSERT_TRUE(static_cast<bool>(exe)) << llvm::toString(exe.takeError());
  auto out = (*exe)->run({{{N, Tq, D}, qd}, {{N, Tk, D}, kd}, {{N, Tk, Dv}, vd}});
  ASSERT_TRUE(static_cast<bool>(out)) << llvm::toString(out.takeError());
  std::vector<double> expected(N * Tq * Dv, 0.0);
  for (int n = 0; n < N; ++n)
    for (int i = 0; i < Tq; ++i) {
      std::vector<double> s(Tk);
      double mx = -1e300, sum = 0;
      for (int j = 0; j < Tk; ++j) {
        double acc = 0;
        for (int d = 0; d < D; ++d)
          acc += qd[(n * Tq + i) * D + d] * kd[(n * Tk + j) * D + d];
        s[j] = acc / std::sqrt(double(D));
        mx = std::max(mx, s[j]);
      }
      for (double &e : s)
        sum += (e = std::exp(e - mx));
      for (int j = 0; j < Tk; ++j)
        for (int d = 0; d < Dv; ++d)
          expected[(n * Tq + i) * Dv + d] += s[j] / sum * vd[(n * Tk + j) * Dv + d];
    }
  expectClose((*out)[0].data, expected);
}

TEST(GraphLayersTest, AdditiveAttentionShapesAndDetection) {
  Graph g("main", 5);
  Tensor q = g.input("q", {2, 1, 6}), keys = g.input("keys", {2, 7, 5});
  Tensor ctx = g.additiveAttention(q, keys, keys, 8);
  EXPECT_EQ(ctx.shape(), (dlc::Shape{2, 1, 5}));
  Tensor anchors = g.input("anchors", {9, 4}), deltas = g.input("deltas", {1, 9, 4});
  Tensor boxes = g.boxDecode(anchors, deltas, {0.1, 0.1, 0.2, 0.2});
  Tensor scores = g.input("scores", {1, 9});
  Tensor keep = g.nms(boxes, scores, 0.5, 4);
  EXPECT_EQ(keep.shape(), (dlc::Shape{1, 4}));
  EXPECT_EQ(keep.dtype(), dlc::DType::I64);
  g.output(ctx, "context");
  g.output(keep, "keep");
  std::vector<float> a;
  for (int i = 0; i < 9; ++i)
    for (float v : {float(i), float(i), float(i) + 2.0f, float(i) + 2.0f})
      a.push_back(v);
  compileAndRunFinite(g, {{{2, 1, 6}, randomData(12, 1)},
                          {{2, 7, 5}, randomData(70, 2)},
                          {{9, 4}, a},
                          {{1, 9, 4}, randomData(36, 3)},
                          {{1, 9}, randomData(9, 4)}});
}

} // namespace
