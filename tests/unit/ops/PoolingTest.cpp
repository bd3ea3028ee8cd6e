//===- PoolingTest.cpp - max_pool2d, avg_pool2d, global_avg_pool -----------===//
//
// Window pooling with strides, symmetric and asymmetric padding, ceil mode
// (including PyTorch's rule that drops a last window starting in the end
// padding), dilation for max pooling, and both count_include_pad divisors
// for average pooling. The references follow PyTorch: padding never wins a
// max, and the count_include_pad divisor counts the explicit padding but not
// the extra rows/columns ceil mode adds.
//
//===----------------------------------------------------------------------===//

#include "OpTestUtils.h"

#include <cmath>
#include <limits>

using namespace dlc::test;

namespace {

enum class Pool { Max, Avg };

struct PoolCase {
  std::string name;
  Pool kind;
  Shape input; ///< N, C, H, W
  std::vector<int64_t> kernel;
  std::vector<int64_t> strides = {1, 1};
  std::vector<int64_t> padding = {0, 0, 0, 0}; ///< top, left, bottom, right
  std::vector<int64_t> dilations = {1, 1};     ///< max pooling only
  bool ceilMode = false;
  bool countIncludePad = false; ///< average pooling only
  JITOptions options = optimized();
};

RefTensor poolReference(const PoolCase &pc, const Tensor &in) {
  int64_t n = in.shape[0], c = in.shape[1], h = in.shape[2], w = in.shape[3];
  const auto &k = pc.kernel, &s = pc.strides, &p = pc.padding, &d = pc.dilations;
  int64_t oh = windowExtent(h, k[0], s[0], p[0], p[2], d[0], pc.ceilMode);
  int64_t ow = windowExtent(w, k[1], s[1], p[1], p[3], d[1], pc.ceilMode);
  RefTensor out = zeros({n, c, oh, ow});
  for (int64_t plane = 0; plane < n * c; ++plane) {
    const float *src = in.data.data() + plane * h * w;
    double *dst = out.data.data() + plane * oh * ow;
    for (int64_t oy = 0; oy < oh; ++oy)
      for (int64_t ox = 0; ox < ow; ++ox) {
        int64_t y0 = oy * s[0] - p[0], x0 = ox * s[1] - p[1];
        if (pc.kind == Pool::Max) {
          double m = -std::numeric_limits<double>::infinity();
          for (int64_t i = 0; i < k[0]; ++i)
            for (int64_t j = 0; j < k[1]; ++j) {
              int64_t y = y0 + i * d[0], x = x0 + j * d[1];
              if (y >= 0 && y < h && x >= 0 && x < w)
                m = std::max(m, double(src[y * w + x]));
            }
          dst[oy * ow + ox] = m;
          continue;
        }
        // The window clipped to the explicitly padded input...
        int64_t y1 = std::min(y0 + k[0], h + p[2]), x1 = std::min(x0 + k[1], w + p[3]);
        int64_t padded = (y1 - y0) * (x1 - x0);
        // ...and to the input itself.
        int64_t ys = std::max<int64_t>(y0, 0), xs = std::max<int64_t>(x0, 0);
        int64_t ye = std::min(y1, h), xe = std::min(x1, w);
        double sum = 0.0;
        for (int64_t y = ys; y < ye; ++y)
          for (int64_t x = xs; x < xe; ++x)
            sum += src[y * w + x];
        int64_t divisor = pc.countIncludePad ? padded : (ye - ys) * (xe - xs);
        dst[oy * ow + ox] = sum / divisor;
      }
  }
  return out;
}

::testing::AssertionResult checkPool(Rng &rng, const PoolCase &pc) {
  // Mostly negative values: a zero (instead of -inf) padding would win maxima.
  Tensor x = pc.kind == Pool::Max ? rng.tensor(pc.input, -2.0, 0.5)
                                  : rng.tensor(pc.input);
  RefTensor expected = poolReference(pc, x);
  Attrs attrs;
  attrs.array("kernel_shape", pc.kernel);
  if (pc.strides != std::vector<int64_t>{1, 1})
    attrs.array("strides", pc.strides);
  if (pc.padding != std::vector<int64_t>{0, 0, 0, 0})
    attrs.array("padding", pc.padding);
  if (pc.dilations != std::vector<int64_t>{1, 1})
    attrs.array("dilations", pc.dilations);
  if (pc.ceilMode)
    attrs.boolean("ceil_mode", true);
  if (pc.countIncludePad)
    attrs.boolean("count_include_pad", true);
  std::string op = pc.kind == Pool::Max ? "max_pool2d" : "avg_pool2d";
  std::string model = buildModel(op, {pc.input}, attrs, expected.shape);
  return runAndCompare(model, {x}, expected, pc.options);
}

void PrintTo(const PoolCase &c, std::ostream *os) { *os << c.name; }

class PoolTest : public ::testing::TestWithParam<PoolCase> {};

TEST_P(PoolTest, MatchesReference) {
  Rng rng = testRng();
  EXPECT_TRUE(checkPool(rng, GetParam()));
}

PoolCase unoptimizedPool(PoolCase pc) {
  pc.name += "O0";
  pc.options = unoptimized();
  return pc;
}

// name, kind, input, kernel, strides, padding, dilations, ceil_mode,
// count_include_pad
const PoolCase maxDilatedCeil{"MaxDilatedCeilAsymmetric", Pool::Max, {1, 3, 12, 14},
                              {3, 2}, {2, 3}, {1, 0, 2, 1}, {2, 1}, true};
const PoolCase avgCeilIncludePad{"AvgCeilIncludePad", Pool::Avg, {1, 3, 6, 8},
                                 {3, 3}, {2, 2}, {1, 1, 1, 1}, {1, 1}, true, true};

INSTANTIATE_TEST_SUITE_P(
    MaxPooling, PoolTest,
    ::testing::Values(
        PoolCase{"Max2x2Stride2", Pool::Max, {1, 3, 8, 8}, {2, 2}, {2, 2}},
        PoolCase{"Max3x3Stride2Padded", Pool::Max, {2, 5, 13, 11}, {3, 3}, {2, 2},
                 {1, 1, 1, 1}},
        PoolCase{"MaxCeilMode", Pool::Max, {1, 3, 10, 10}, {3, 3}, {2, 2},
                 {0, 0, 0, 0}, {1, 1}, true},
        // 5 + 2 padding with 2x2/2 windows: ceil gives 4 windows, the last
        // of which would start in the bottom padding, so 3 remain (and 4
        // of 5 across the 7 columns).
        PoolCase{"MaxCeilModeDropsWindowInPadding", Pool::Max, {1, 3, 5, 7}, {2, 2},
                 {2, 2}, {1, 1, 1, 1}, {1, 1}, true},
        PoolCase{"MaxDilated", Pool::Max, {1, 4, 11, 9}, {3, 3}, {1, 1},
                 {2, 2, 2, 2}, {2, 2}},
        maxDilatedCeil, unoptimizedPool(maxDilatedCeil),
        PoolCase{"MaxAsymmetricPadding", Pool::Max, {1, 5, 9, 10}, {3, 3}, {2, 2},
                 {0, 1, 2, 0}},
        PoolCase{"MaxWholeInput", Pool::Max, {2, 3, 7, 5}, {7, 5}}),
    [](const auto &info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    AvgPooling, PoolTest,
    ::testing::Values(
        PoolCase{"Avg2x2Stride2", Pool::Avg, {1, 3, 8, 8}, {2, 2}, {2, 2}},
        PoolCase{"AvgPaddedExcludePad", Pool::Avg, {2, 5, 13, 11}, {3, 3}, {2, 2},
                 {1, 1, 1, 1}},
        PoolCase{"AvgPaddedIncludePad", Pool::Avg, {2, 5, 13, 11}, {3, 3}, {2, 2},
                 {1, 1, 1, 1}, {1, 1}, false, true},
        // The last row/column of windows reaches one past the padding: the
        // divisor counts 2 (not 3) rows/columns there.
        avgCeilIncludePad, unoptimizedPool(avgCeilIncludePad),
        PoolCase{"AvgCeilExcludePad", Pool::Avg, {1, 3, 6, 8}, {3, 3}, {2, 2},
                 {1, 1, 1, 1}, {1, 1}, true, false},
        PoolCase{"AvgCeilNoPaddingIncludePad", Pool::Avg, {1, 2, 8, 9}, {3, 2},
                 {2, 2}, {0, 0, 0, 0}, {1, 1}, true, true},
        PoolCase{"AvgAsymmetricCeilIncludePad", Pool::Avg, {1, 3, 9, 10}, {3, 3},
                 {2, 2}, {1, 0, 0, 2}, {1, 1}, true, true},
        PoolCase{"Avg5x5Stride1Padded", Pool::Avg, {1, 7, 13, 13}, {5, 5}, {1, 1},
                 {2, 2, 2, 2}}),
    [](const auto &info) { return info.param.name; });

/// Random kernels, strides, padding (< kernel), dilation and flags.
TEST(PoolRandomTest, RandomConfigurations) {
  Rng rng = testRng();
  for (int draw = 0; draw < 3; ++draw) {
    PoolCase pc;
    pc.kind = draw == 1 ? Pool::Max : Pool::Avg;
    pc.kernel = {rng.range(2, 4), rng.range(2, 4)};
    pc.strides = {rng.range(1, 3), rng.range(1, 3)};
    pc.padding = {rng.range(0, pc.kernel[0] - 1), rng.range(0, pc.kernel[1] - 1),
                  rng.range(0, pc.kernel[0] - 1), rng.range(0, pc.kernel[1] - 1)};
    if (pc.kind == Pool::Max)
      pc.dilations = {rng.range(1, 2), rng.range(1, 2)};
    pc.ceilMode = rng.range(0, 1);
    pc.countIncludePad = pc.kind == Pool::Avg && rng.range(0, 1);
    pc.input = {rng.range(1, 2), rng.pick(oddSizes()), rng.range(9, 17),
                rng.range(9, 17)};
    SCOPED_TRACE(std::string(pc.kind == Pool::Max ? "max" : "avg") + " pool " +
                 shapeString(pc.input) + " kernel " + shapeString(pc.kernel) +
                 " strides " + shapeString(pc.strides) + " padding " +
                 shapeString(pc.padding) + " dilations " + shapeString(pc.dilations) +
                 (pc.ceilMode ? " ceil_mode" : "") +
                 (pc.countIncludePad ? " count_include_pad" : ""));
    EXPECT_TRUE(checkPool(rng, pc));
  }
}

//===----------------------------------------------------------------------===//
// global_avg_pool
//===----------------------------------------------------------------------===//

class GlobalAvgPoolTest : public ::testing::TestWithParam<Shape> {};

TEST_P(GlobalAvgPoolTest, MatchesReference) {
  const Shape &shape = GetParam();
  Rng rng = testRng();
  Tensor x = rng.tensor(shape);
  Shape outShape = shape;
  std::fill(outShape.begin() + 2, outShape.end(), 1);
  RefTensor expected = zeros(outShape);
  int64_t spatial = numElements(shape) / (shape[0] * shape[1]);
  for (int64_t plane = 0; plane < shape[0] * shape[1]; ++plane) {
    double sum = 0.0;
    for (int64_t i = 0; i < spatial; ++i)
      sum += x.data[plane * spatial + i];
    expected.data[plane] = sum / spatial;
  }
  std::string model = buildModel("global_avg_pool", {shape}, {}, outShape);
  EXPECT_TRUE(runAndCompare(model, {x}, expected, optimized(),
                            {1e-4, 1e-5 * std::sqrt(double(spatial))}));
}

INSTANTIATE_TEST_SUITE_P(Pooling, GlobalAvgPoolTest,
                         ::testing::Values(Shape{2, 5, 7, 9}, Shape{1, 3, 1, 1},
                                           Shape{2, 3, 17}, Shape{1, 2, 3, 5, 4},
                                           Shape{1, 65, 13, 13}),
                         [](const auto &info) {
                           return "Input" + shapeString(info.param);
                         });

} // namespace
