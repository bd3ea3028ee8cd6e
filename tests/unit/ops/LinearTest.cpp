//===- LinearTest.cpp - matmul and gemm ------------------------------------===//
//
// 2-D and batched matmul (with NumPy-broadcast batch dims) and ONNX gemm
// (trans_a, trans_b, alpha, beta, c broadcast or absent). The extents are
// odd and straddle the tile-and-vectorize block sizes (64 x 128 output
// blocks, 256-deep K blocks, 4 x 16 register tiles), so partial tiles and
// masked vectors are exercised; unit M, N or K take the degenerate paths.
//
//===----------------------------------------------------------------------===//

#include "OpTestUtils.h"

#include <optional>

using namespace dlc::test;

namespace {

//===----------------------------------------------------------------------===//
// matmul
//===----------------------------------------------------------------------===//

/// [..., M, K] x [..., K, N] -> [..., M, N], batch dims broadcast.
RefTensor matmulReference(const Tensor &a, const Tensor &b) {
  size_t ra = a.shape.size(), rb = b.shape.size();
  int64_t m = a.shape[ra - 2], k = a.shape[ra - 1], n = b.shape[rb - 1];
  Shape aBatch(a.shape.begin(), a.shape.end() - 2);
  Shape bBatch(b.shape.begin(), b.shape.end() - 2);
  Shape batch = broadcastShapes(aBatch, bBatch);
  Shape outShape = batch;
  outShape.push_back(m);
  outShape.push_back(n);
  RefTensor out = zeros(outShape);
  for (int64_t bi = 0; bi < numElements(batch); ++bi) {
    std::vector<int64_t> index = unravel(bi, batch);
    const float *pa = a.data.data() + broadcastOffset(index, aBatch) * m * k;
    const float *pb = b.data.data() + broadcastOffset(index, bBatch) * k * n;
    double *po = out.data.data() + bi * m * n;
    for (int64_t i = 0; i < m; ++i)
      for (int64_t p = 0; p < k; ++p)
        for (int64_t j = 0; j < n; ++j)
          po[i * n + j] += double(pa[i * k + p]) * pb[p * n + j];
  }
  return out;
}

::testing::AssertionResult checkMatmul(Rng &rng, const Shape &lhs, const Shape &rhs,
                                       const JITOptions &options = optimized()) {
  Tensor a = rng.tensor(lhs), b = rng.tensor(rhs);
  RefTensor expected = matmulReference(a, b);
  std::string model = buildModel("matmul", {lhs, rhs}, {}, expected.shape);
  return runAndCompare(model, {a, b}, expected, options,
                       reductionTolerance(lhs.back()));
}

struct MatmulCase {
  std::string name;
  Shape lhs, rhs;
  JITOptions options = optimized();
};

void PrintTo(const MatmulCase &c, std::ostream *os) { *os << c.name; }

class MatmulTest : public ::testing::TestWithParam<MatmulCase> {};

TEST_P(MatmulTest, MatchesReference) {
  const MatmulCase &c = GetParam();
  Rng rng = testRng();
  EXPECT_TRUE(checkMatmul(rng, c.lhs, c.rhs, c.options));
}

INSTANTIATE_TEST_SUITE_P(
    Linear, MatmulTest,
    ::testing::Values(
        MatmulCase{"Small", {13, 33}, {33, 17}},
        MatmulCase{"CrossesEveryBlock", {65, 257}, {257, 130}},
        MatmulCase{"RowVector", {1, 65}, {65, 33}},
        MatmulCase{"ColumnVector", {17, 33}, {33, 1}},
        MatmulCase{"OuterProduct", {7, 1}, {1, 5}},
        MatmulCase{"SmallO0", {65, 33}, {33, 17}, unoptimized()},
        MatmulCase{"Batched", {3, 13, 17}, {3, 17, 33}},
        MatmulCase{"BroadcastBatch", {2, 1, 5, 9}, {3, 9, 7}},
        MatmulCase{"BroadcastBatchO0", {2, 1, 5, 9}, {3, 9, 7}, unoptimized()},
        MatmulCase{"Rank2LhsRank4Rhs", {5, 7}, {2, 3, 7, 6}},
        MatmulCase{"BothBatchesBroadcast", {4, 1, 6, 8}, {1, 3, 8, 5}}),
    [](const auto &info) { return info.param.name; });

/// Random odd M, N, K and an optional batch dim broadcast from one side.
TEST(MatmulRandomTest, RandomShapes) {
  Rng rng = testRng();
  for (int draw = 0; draw < 2; ++draw) {
    int64_t m = rng.pick(oddSizes()), n = rng.pick(oddSizes()),
            k = rng.pick(oddSizes());
    Shape lhs{m, k}, rhs{k, n};
    if (draw == 1) {
      lhs.insert(lhs.begin(), rng.range(2, 3));
      rhs.insert(rhs.begin(), 1);
    }
    SCOPED_TRACE(shapeString(lhs) + " x " + shapeString(rhs));
    EXPECT_TRUE(checkMatmul(rng, lhs, rhs));
  }
}

/// The benchmark's size, checked once for correctness (not timed).
TEST(MatmulLargeTest, Square512) {
  Rng rng = testRng();
  EXPECT_TRUE(checkMatmul(rng, {512, 512}, {512, 512}));
}

//===----------------------------------------------------------------------===//
// gemm
//===----------------------------------------------------------------------===//

struct GemmCase {
  std::string name;
  int64_t m, n, k;
  bool transA = false, transB = false;
  std::optional<double> alpha, beta; ///< unset: the attribute's default, 1
  std::optional<Shape> c;            ///< unset: no c operand
  JITOptions options = optimized();
};

/// alpha * op(a) op(b) + beta * c, c broadcast to [M, N].
RefTensor gemmReference(const GemmCase &g, const Tensor &a, const Tensor &b,
                        const Tensor *c) {
  double alpha = static_cast<float>(g.alpha.value_or(1.0));
  double beta = static_cast<float>(g.beta.value_or(1.0));
  RefTensor out = zeros({g.m, g.n});
  for (int64_t i = 0; i < g.m; ++i)
    for (int64_t j = 0; j < g.n; ++j) {
      double sum = 0.0;
      for (int64_t p = 0; p < g.k; ++p) {
        double x = g.transA ? a.data[p * g.m + i] : a.data[i * g.k + p];
        double y = g.transB ? b.data[j * g.k + p] : b.data[p * g.n + j];
        sum += x * y;
      }
      double bias = c ? beta * c->data[broadcastOffset({i, j}, c->shape)] : 0.0;
      out.data[i * g.n + j] = alpha * sum + bias;
    }
  return out;
}

::testing::AssertionResult checkGemm(Rng &rng, const GemmCase &g) {
  Shape aShape = g.transA ? Shape{g.k, g.m} : Shape{g.m, g.k};
  Shape bShape = g.transB ? Shape{g.n, g.k} : Shape{g.k, g.n};
  std::vector<Tensor> inputs = {rng.tensor(aShape), rng.tensor(bShape)};
  std::vector<Shape> shapes = {aShape, bShape};
  if (g.c) {
    inputs.push_back(rng.tensor(*g.c));
    shapes.push_back(*g.c);
  }
  RefTensor expected =
      gemmReference(g, inputs[0], inputs[1], g.c ? &inputs[2] : nullptr);
  Attrs attrs;
  if (g.transA)
    attrs.boolean("trans_a", true);
  if (g.transB)
    attrs.boolean("trans_b", true);
  if (g.alpha)
    attrs.f32("alpha", *g.alpha);
  if (g.beta)
    attrs.f32("beta", *g.beta);
  std::string model = buildModel("gemm", shapes, attrs, {g.m, g.n});
  return runAndCompare(model, inputs, expected, g.options, reductionTolerance(g.k));
}

void PrintTo(const GemmCase &c, std::ostream *os) { *os << c.name; }

class GemmTest : public ::testing::TestWithParam<GemmCase> {};

TEST_P(GemmTest, MatchesReference) {
  Rng rng = testRng();
  EXPECT_TRUE(checkGemm(rng, GetParam()));
}

GemmCase gemm(std::string name, int64_t m, int64_t n, int64_t k) {
  GemmCase g;
  g.name = std::move(name);
  g.m = m;
  g.n = n;
  g.k = k;
  return g;
}

GemmCase transposed(GemmCase g, bool a, bool b) {
  g.transA = a;
  g.transB = b;
  return g;
}

GemmCase scaled(GemmCase g, std::optional<double> alpha, std::optional<double> beta) {
  g.alpha = alpha;
  g.beta = beta;
  return g;
}

GemmCase withC(GemmCase g, Shape c) {
  g.c = std::move(c);
  return g;
}

GemmCase unoptimizedGemm(GemmCase g) {
  g.name += "O0";
  g.options = unoptimized();
  return g;
}

const GemmCase bothTransposedScaled = withC(
    scaled(transposed(gemm("BothTransposedScaledFullC", 7, 65, 17), true, true), 0.5,
           2.0),
    {7, 65});

INSTANTIATE_TEST_SUITE_P(
    Linear, GemmTest,
    ::testing::Values(
        gemm("PlainNoC", 13, 17, 33),
        withC(transposed(gemm("TransARowC", 17, 13, 65), true, false), {13}),
        withC(transposed(gemm("LinearLayer", 5, 33, 130), false, true), {33}),
        bothTransposedScaled, unoptimizedGemm(bothTransposedScaled),
        scaled(transposed(gemm("AlphaNoC", 65, 130, 257), false, true), -1.5,
               std::nullopt),
        withC(scaled(gemm("BetaColumnC", 13, 17, 3), std::nullopt, 0.25), {13, 1}),
        withC(scaled(gemm("UnitC", 33, 5, 7), 2.0, -1.0), {1, 1}),
        withC(gemm("RankZeroC", 3, 130, 13), {})),
    [](const auto &info) { return info.param.name; });

/// Random odd sizes, transposes, scales and c shape.
TEST(GemmRandomTest, RandomConfigurations) {
  Rng rng = testRng();
  const std::vector<Shape (*)(int64_t, int64_t)> cShapes = {
      [](int64_t m, int64_t n) { return Shape{m, n}; },
      [](int64_t, int64_t n) { return Shape{n}; },
      [](int64_t m, int64_t) { return Shape{m, 1}; },
      [](int64_t, int64_t n) { return Shape{1, n}; }};
  for (int draw = 0; draw < 2; ++draw) {
    GemmCase g = gemm("", rng.pick(oddSizes()), rng.pick(oddSizes()),
                      rng.pick(oddSizes()));
    g = transposed(g, rng.range(0, 1), rng.range(0, 1));
    g = scaled(g, rng.uniform(-2.0, 2.0), rng.uniform(-2.0, 2.0));
    if (rng.range(0, 2) != 0)
      g.c = rng.pick(cShapes)(g.m, g.n);
    SCOPED_TRACE("gemm " + std::to_string(g.m) + "x" + std::to_string(g.n) + "x" +
                 std::to_string(g.k) + (g.transA ? " trans_a" : "") +
                 (g.transB ? " trans_b" : "") +
                 (g.c ? " c " + shapeString(*g.c) : " no c"));
    EXPECT_TRUE(checkGemm(rng, g));
  }
}

} // namespace
