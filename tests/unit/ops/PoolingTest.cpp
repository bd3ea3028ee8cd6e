//===- PoolingTest.cpp - window, global, adaptive and ROI pooling -----------===//
//
// Window pooling with strides, symmetric and asymmetric padding, ceil mode
// (including PyTorch's rule that drops a last window starting in the end
// padding), dilation for max pooling, and both count_include_pad divisors
// for average pooling. The references follow PyTorch: padding never wins a
// max, and the count_include_pad divisor counts the explicit padding but not
// the extra rows/columns ceil mode adds. Global max pooling, adaptive
// pooling (PyTorch's bins, including sizes that do not divide and more bins
// than pixels) and roi_pool (torchvision's kernel re-stated in float, with
// boxes inside, across and outside the image) follow. Max pooling with
// indices is checked against ONNX Runtime's loop (ties, both storage
// orders, ONNX's own expected outputs) and dlc's NaN / -inf rules.
//
//===----------------------------------------------------------------------===//

#include "OpTestUtils.h"

#include "dlc/Dialect/DLC/DataMovementOps.h"
#include "dlc/Dialect/DLC/PoolingOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include <algorithm>
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

//===----------------------------------------------------------------------===//
// global_max_pool
//===----------------------------------------------------------------------===//

namespace {

class GlobalMaxPoolTest : public ::testing::TestWithParam<Shape> {};

TEST_P(GlobalMaxPoolTest, MatchesReference) {
  const Shape &shape = GetParam();
  Rng rng = testRng();
  // All negative: a zero-initialized accumulator would be caught.
  Tensor x = rng.tensor(shape, -3.0, -0.5);
  Shape outShape = shape;
  std::fill(outShape.begin() + 2, outShape.end(), 1);
  RefTensor expected = zeros(outShape);
  int64_t spatial = numElements(shape) / (shape[0] * shape[1]);
  for (int64_t plane = 0; plane < shape[0] * shape[1]; ++plane) {
    double max = -std::numeric_limits<double>::infinity();
    for (int64_t i = 0; i < spatial; ++i)
      max = std::max(max, double(x.data[plane * spatial + i]));
    expected.data[plane] = max;
  }
  std::string model = buildModel("global_max_pool", {shape}, {}, outShape);
  EXPECT_TRUE(runAndCompare(model, {x}, expected, optimized(), {0.0, 0.0}));
  EXPECT_TRUE(runAndCompare(model, {x}, expected, unoptimized(), {0.0, 0.0}));
}

INSTANTIATE_TEST_SUITE_P(Pooling, GlobalMaxPoolTest,
                         ::testing::Values(Shape{2, 5, 7, 9}, Shape{1, 3, 1, 1},
                                           Shape{2, 3, 17}, Shape{1, 2, 3, 5, 4},
                                           Shape{1, 65, 13, 13}),
                         [](const auto &info) {
                           return "Input" + shapeString(info.param);
                         });

//===----------------------------------------------------------------------===//
// adaptive_avg_pool2d, adaptive_max_pool2d
//===----------------------------------------------------------------------===//

struct AdaptiveCase {
  std::string name;
  Shape input; ///< N, C, H, W
  std::vector<int64_t> outputSize;
};

void PrintTo(const AdaptiveCase &c, std::ostream *os) { *os << c.name; }

/// PyTorch's bins, in integer arithmetic: [floor(o * in / out),
/// ceil((o + 1) * in / out)).
int64_t binStart(int64_t o, int64_t in, int64_t out) { return o * in / out; }
int64_t binEnd(int64_t o, int64_t in, int64_t out) {
  return ((o + 1) * in + out - 1) / out;
}

RefTensor adaptiveReference(const Tensor &x, const std::vector<int64_t> &outSize,
                            bool isMax) {
  int64_t n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
  int64_t oh = outSize[0], ow = outSize[1];
  RefTensor out = zeros({n, c, oh, ow});
  for (int64_t plane = 0; plane < n * c; ++plane)
    for (int64_t i = 0; i < oh; ++i)
      for (int64_t j = 0; j < ow; ++j) {
        double acc = isMax ? -std::numeric_limits<double>::infinity() : 0.0;
        int64_t count = 0;
        for (int64_t y = binStart(i, h, oh); y < binEnd(i, h, oh); ++y)
          for (int64_t xx = binStart(j, w, ow); xx < binEnd(j, w, ow); ++xx) {
            double v = x.data[(plane * h + y) * w + xx];
            acc = isMax ? std::max(acc, v) : acc + v;
            ++count;
          }
        out.data[(plane * oh + i) * ow + j] = isMax ? acc : acc / count;
      }
  return out;
}

class AdaptivePoolTest : public ::testing::TestWithParam<AdaptiveCase> {};

TEST_P(AdaptivePoolTest, MatchesReference) {
  const AdaptiveCase &c = GetParam();
  Rng rng = testRng();
  Tensor x = rng.tensor(c.input, -2.0, 1.0);
  Shape outShape{c.input[0], c.input[1], c.outputSize[0], c.outputSize[1]};
  Attrs attrs;
  attrs.array("output_size", c.outputSize);
  for (bool isMax : {false, true}) {
    SCOPED_TRACE(isMax ? "adaptive_max_pool2d" : "adaptive_avg_pool2d");
    RefTensor expected = adaptiveReference(x, c.outputSize, isMax);
    std::string model =
        buildModel(isMax ? "adaptive_max_pool2d" : "adaptive_avg_pool2d", {c.input},
                   attrs, outShape);
    Tolerance tol = isMax ? Tolerance{0.0, 0.0} : Tolerance{1e-5, 1e-6};
    EXPECT_TRUE(runAndCompare(model, {x}, expected, optimized(), tol));
    EXPECT_TRUE(runAndCompare(model, {x}, expected, unoptimized(), tol));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Pooling, AdaptivePoolTest,
    ::testing::Values(
        // torchvision heads: ResNet/DenseNet/MobileNet (1, 1), VGG (7, 7).
        AdaptiveCase{"Global", {2, 5, 7, 7}, {1, 1}},
        AdaptiveCase{"VGGHead", {1, 3, 14, 14}, {7, 7}},
        AdaptiveCase{"VGGHeadIdentity", {1, 3, 7, 7}, {7, 7}},
        // Sizes that do not divide: bins of 3 and 4 that overlap.
        AdaptiveCase{"NonDivisible", {2, 3, 10, 9}, {3, 4}},
        AdaptiveCase{"NonDivisibleOdd", {1, 7, 13, 11}, {5, 3}},
        // More outputs than inputs: rows and columns repeat.
        AdaptiveCase{"Upsampling", {1, 2, 5, 3}, {7, 8}},
        AdaptiveCase{"MixedOneRow", {1, 3, 1, 17}, {4, 6}},
        AdaptiveCase{"NonSquare", {2, 4, 17, 6}, {2, 5}}),
    [](const auto &info) { return info.param.name; });

//===----------------------------------------------------------------------===//
// roi_pool
//===----------------------------------------------------------------------===//

struct RoiCase {
  std::string name;
  Shape input; ///< N, C, H, W
  std::vector<std::vector<float>> rois; ///< (batch, x1, y1, x2, y2)
  std::vector<int64_t> pooled;
  float scale = 1.0f;
};

void PrintTo(const RoiCase &c, std::ostream *os) { *os << c.name; }

/// torchvision's CPU roi_pool kernel (roi_pool_kernel.cpp), in float as it
/// computes, plus dlc's documented clamping of the batch index.
RefTensor roiPoolReference(const Tensor &x, const Tensor &rois,
                           const std::vector<int64_t> &pooled, float scale) {
  int64_t n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
  int64_t k = rois.shape[0], ph = pooled[0], pw = pooled[1];
  RefTensor out = zeros({k, c, ph, pw});
  for (int64_t r = 0; r < k; ++r) {
    const float *roi = rois.data.data() + 5 * r;
    int64_t b = std::clamp<int64_t>(static_cast<int64_t>(roi[0]), 0, n - 1);
    int64_t x1 = std::lround(std::round(roi[1] * scale));
    int64_t y1 = std::lround(std::round(roi[2] * scale));
    int64_t x2 = std::lround(std::round(roi[3] * scale));
    int64_t y2 = std::lround(std::round(roi[4] * scale));
    int64_t roiW = std::max<int64_t>(x2 - x1 + 1, 1);
    int64_t roiH = std::max<int64_t>(y2 - y1 + 1, 1);
    float binH = static_cast<float>(roiH) / static_cast<float>(ph);
    float binW = static_cast<float>(roiW) / static_cast<float>(pw);
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t i = 0; i < ph; ++i)
        for (int64_t j = 0; j < pw; ++j) {
          auto clip = [](int64_t v, int64_t hi) { return std::min(std::max<int64_t>(v, 0), hi); };
          int64_t hs = clip(int64_t(std::floor(static_cast<float>(i) * binH)) + y1, h);
          int64_t he = clip(int64_t(std::ceil(static_cast<float>(i + 1) * binH)) + y1, h);
          int64_t ws = clip(int64_t(std::floor(static_cast<float>(j) * binW)) + x1, w);
          int64_t we = clip(int64_t(std::ceil(static_cast<float>(j + 1) * binW)) + x1, w);
          bool empty = he <= hs || we <= ws;
          float max = empty ? 0.0f : -std::numeric_limits<float>::max();
          for (int64_t y = hs; y < he; ++y)
            for (int64_t xx = ws; xx < we; ++xx) {
              float v = x.data[((b * c + ch) * h + y) * w + xx];
              if (v > max)
                max = v;
            }
          out.data[((r * c + ch) * ph + i) * pw + j] = max;
        }
  }
  return out;
}

::testing::AssertionResult checkRoiPool(Rng &rng, const RoiCase &rc) {
  Tensor x = rng.tensor(rc.input);
  Tensor rois{{static_cast<int64_t>(rc.rois.size()), 5}, {}};
  for (const auto &roi : rc.rois)
    rois.data.insert(rois.data.end(), roi.begin(), roi.end());
  RefTensor expected = roiPoolReference(x, rois, rc.pooled, rc.scale);
  Attrs attrs;
  attrs.array("pooled_size", rc.pooled);
  if (rc.scale != 1.0f)
    attrs.f32("spatial_scale", rc.scale);
  std::string model =
      buildModel("roi_pool", {rc.input, rois.shape}, attrs, expected.shape);
  ::testing::AssertionResult fast =
      runAndCompare(model, {x, rois}, expected, optimized(), {0.0, 0.0});
  if (!fast)
    return fast << " (optimized)";
  ::testing::AssertionResult slow =
      runAndCompare(model, {x, rois}, expected, unoptimized(), {0.0, 0.0});
  if (!slow)
    return slow << " (unoptimized)";
  return ::testing::AssertionSuccess();
}

class RoiPoolTest : public ::testing::TestWithParam<RoiCase> {};

TEST_P(RoiPoolTest, MatchesTorchvision) {
  Rng rng = testRng();
  EXPECT_TRUE(checkRoiPool(rng, GetParam()));
}

INSTANTIATE_TEST_SUITE_P(
    Pooling, RoiPoolTest,
    ::testing::Values(
        RoiCase{"InsideImage", {1, 3, 13, 11},
                {{0, 1, 2, 8, 10}, {0, 0, 0, 10, 12}, {0, 4, 5, 6, 6}}, {3, 3}},
        // Tiny: a single pixel, and a malformed box (x2 < x1, y2 < y1)
        // that torchvision forces to 1x1.
        RoiCase{"TinyAndMalformed", {1, 2, 9, 7},
                {{0, 3, 3, 3, 3}, {0, 5, 6, 2, 1}, {0, 6, 8, 6, 8}}, {2, 3}},
        // Partly outside the image: the bins are clipped, some are empty.
        RoiCase{"PartlyOutside", {2, 3, 13, 11},
                {{0, -4, -3, 5, 6}, {1, 6, 8, 20, 30}, {1, -9, 2, 3, 40}}, {4, 3}},
        // Entirely outside: every bin is empty and gives 0.
        RoiCase{"FullyOutside", {1, 3, 7, 5},
                {{0, 20, 20, 30, 30}, {0, -10, -10, -5, -5}, {0, 1, 9, 3, 12}}, {2, 2}},
        // More bins than pixels: bins overlap and repeat.
        RoiCase{"MoreBinsThanPixels", {1, 2, 8, 8}, {{0, 1, 2, 3, 3}}, {7, 7}},
        // spatial_scale 0.5 hits round-half-away-from-zero: 3 -> 1.5 -> 2,
        // 5 -> 2.5 -> 3, -3 -> -1.5 -> -2.
        RoiCase{"HalfScaleRounding", {1, 3, 9, 9},
                {{0, 3, 5, 13, 15}, {0, -3, -3, 5, 3}, {0, 1, 1, 17, 17}}, {3, 2}, 0.5f},
        // Detection-style: image coordinates with a stride-16 feature map.
        RoiCase{"FeatureStride16", {2, 5, 14, 14},
                {{1, 17.3f, 40.8f, 150.2f, 199.9f},
                 {0, 0, 0, 223, 223},
                 {1, 100, 30, 260, 120},
                 {0, 7.9f, 8.1f, 24.1f, 23.9f}},
                {7, 7}, 0.0625f},
        // Batch indices outside [0, N) read the nearest image (documented).
        RoiCase{"BatchIndexClamped", {2, 2, 6, 6},
                {{5, 0, 0, 5, 5}, {-1, 1, 1, 4, 4}, {1.7f, 0, 0, 2, 2}}, {2, 2}}),
    [](const auto &info) { return info.param.name; });

/// Random boxes around (and beyond) the image, random batch and bins.
TEST(RoiPoolRandomTest, RandomBoxes) {
  Rng rng = testRng();
  for (int draw = 0; draw < 3; ++draw) {
    RoiCase rc;
    rc.name = "random";
    rc.input = {rng.range(1, 3), rng.pick(oddSizes()), rng.range(5, 17),
                rng.range(5, 17)};
    rc.pooled = {rng.range(1, 7), rng.range(1, 7)};
    rc.scale = rng.pick(std::vector<float>{1.0f, 0.5f, 0.25f});
    int64_t k = rng.range(1, 9);
    for (int64_t r = 0; r < k; ++r) {
      auto coord = [&](int64_t extent) {
        return static_cast<float>(rng.uniform(-4.0, (extent + 4) / rc.scale));
      };
      rc.rois.push_back({static_cast<float>(rng.range(0, rc.input[0] - 1)),
                         coord(rc.input[3]), coord(rc.input[2]), coord(rc.input[3]),
                         coord(rc.input[2])});
    }
    SCOPED_TRACE("input " + shapeString(rc.input) + " pooled " +
                 shapeString(rc.pooled) + " scale " + std::to_string(rc.scale) +
                 " rois " + std::to_string(k));
    EXPECT_TRUE(checkRoiPool(rng, rc));
  }
}

//===----------------------------------------------------------------------===//
// max_pool2d_with_indices
//===----------------------------------------------------------------------===//

/// A max pooling configuration with ONNX's storage_order.
struct IndicesCase {
  std::string name;
  PoolCase pool; ///< kind is Max
  int64_t storageOrder = 0;
};

/// The maximum and its flat input index by ONNX Runtime's loop: taps in
/// scan order, padding skipped, replaced when strictly greater (the first
/// maximum wins), plus dlc's documented rules where ONNX says nothing: the
/// first NaN wins, and a window of -inf points at its first input tap.
std::vector<RefTensor> maxPoolWithIndicesReference(const IndicesCase &ic,
                                                   const Tensor &in) {
  const PoolCase &pc = ic.pool;
  int64_t n = in.shape[0], c = in.shape[1], h = in.shape[2], w = in.shape[3];
  const auto &k = pc.kernel, &s = pc.strides, &p = pc.padding, &d = pc.dilations;
  int64_t oh = windowExtent(h, k[0], s[0], p[0], p[2], d[0], pc.ceilMode);
  int64_t ow = windowExtent(w, k[1], s[1], p[1], p[3], d[1], pc.ceilMode);
  RefTensor out = zeros({n, c, oh, ow}), indices = zeros({n, c, oh, ow});
  for (int64_t plane = 0; plane < n * c; ++plane)
    for (int64_t oy = 0; oy < oh; ++oy)
      for (int64_t ox = 0; ox < ow; ++ox) {
        double best = -std::numeric_limits<double>::infinity();
        int64_t bestIndex = -1;
        for (int64_t i = 0; i < k[0]; ++i)
          for (int64_t j = 0; j < k[1]; ++j) {
            int64_t y = oy * s[0] + i * d[0] - p[0], x = ox * s[1] + j * d[1] - p[1];
            if (y < 0 || y >= h || x < 0 || x >= w)
              continue;
            double v = in.data[(plane * h + y) * w + x];
            if (bestIndex < 0 || v > best || (std::isnan(v) && !std::isnan(best))) {
              best = v;
              bestIndex = ic.storageOrder == 0 ? (plane * h + y) * w + x
                                               : plane * h * w + x * h + y;
            }
          }
        int64_t at = (plane * oh + oy) * ow + ox;
        out.data[at] = best;
        indices.data[at] = static_cast<double>(bestIndex);
      }
  return {out, indices};
}

std::string maxPoolWithIndicesModel(const IndicesCase &ic, const Shape &out) {
  const PoolCase &pc = ic.pool;
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
  if (ic.storageOrder != 0)
    attrs.i64("storage_order", ic.storageOrder);
  std::string in = tensorType(pc.input), y = tensorType(out), i = i64TensorType(out);
  return "func.func @main(%x: " + in + ") -> (" + y + ", " + i +
         ") {\n  %0:2 = dlc.max_pool2d_with_indices %x" + attrs.str() + " : (" + in +
         ") -> (" + y + ", " + i + ")\n  return %0#0, %0#1 : " + y + ", " + i +
         "\n}\n";
}

/// Runs `ic` on `x` at -O3 and -O0; the indices compare exactly, and the
/// maximum too (it is one of the inputs).
::testing::AssertionResult checkMaxPoolWithIndices(const IndicesCase &ic,
                                                   const Tensor &x) {
  std::vector<RefTensor> expected = maxPoolWithIndicesReference(ic, x);
  std::string model = maxPoolWithIndicesModel(ic, expected[0].shape);
  for (const JITOptions &options : {optimized(), unoptimized()}) {
    auto result = runAndCompareAll(model, {x}, expected, options, {{0.0, 0.0}});
    if (!result)
      return result;
  }
  return ::testing::AssertionSuccess();
}

void PrintTo(const IndicesCase &c, std::ostream *os) { *os << c.name; }

class MaxPoolWithIndicesTest : public ::testing::TestWithParam<IndicesCase> {};

TEST_P(MaxPoolWithIndicesTest, MatchesReference) {
  const IndicesCase &ic = GetParam();
  Rng rng = testRng();
  // Coarse, mostly negative values: ties are frequent (the first maximum
  // must win) and zero padding would win maxima.
  Tensor x = rng.tensor(ic.pool.input, -2.0, 0.5);
  for (float &v : x.data)
    v = std::round(v * 2.0f) / 2.0f;
  EXPECT_TRUE(checkMaxPoolWithIndices(ic, x));
}

IndicesCase columnMajor(IndicesCase ic) {
  ic.name += "ColumnMajor";
  ic.storageOrder = 1;
  return ic;
}

// name, {kind, input, kernel, strides, padding, dilations, ceil_mode}
const IndicesCase padded{"Padded3x3Stride2",
                         {"", Pool::Max, {2, 5, 13, 11}, {3, 3}, {2, 2}, {1, 1, 1, 1}}};
const IndicesCase dilatedCeil{
    "DilatedCeilAsymmetric",
    {"", Pool::Max, {2, 3, 12, 14}, {3, 2}, {2, 3}, {1, 0, 2, 1}, {2, 1}, true}};
const IndicesCase overlapping{"Overlapping2x3Stride1",
                              {"", Pool::Max, {3, 2, 7, 9}, {2, 3}}};

INSTANTIATE_TEST_SUITE_P(
    Pooling, MaxPoolWithIndicesTest,
    ::testing::Values(padded, columnMajor(padded), dilatedCeil, columnMajor(dilatedCeil),
                      overlapping, columnMajor(overlapping),
                      IndicesCase{"WholePlane", {"", Pool::Max, {2, 3, 7, 5}, {7, 5}}, 1},
                      IndicesCase{"CeilDropsWindowInPadding",
                                  {"", Pool::Max, {1, 3, 5, 7}, {2, 2}, {2, 2},
                                   {1, 1, 1, 1}, {1, 1}, true}}),
    [](const auto &info) { return info.param.name; });

/// ONNX's test_maxpool_with_argmax_2d_precomputed_pads and _strides (the
/// latter with storage_order 1), with ONNX's expected outputs.
TEST(MaxPoolWithIndicesOnnxTest, PrecomputedCases) {
  Tensor x{{1, 1, 5, 5}, std::vector<float>(25)};
  for (int i = 0; i < 25; ++i)
    x.data[i] = static_cast<float>(i + 1);
  IndicesCase pads{"pads", {"", Pool::Max, {1, 1, 5, 5}, {5, 5}, {1, 1}, {2, 2, 2, 2}}};
  RefTensor y{{1, 1, 5, 5}, {13, 14, 15, 15, 15, 18, 19, 20, 20, 20, 23, 24, 25,
                             25, 25, 23, 24, 25, 25, 25, 23, 24, 25, 25, 25}};
  RefTensor z{{1, 1, 5, 5}, {12, 13, 14, 14, 14, 17, 18, 19, 19, 19, 22, 23, 24,
                             24, 24, 22, 23, 24, 24, 24, 22, 23, 24, 24, 24}};
  std::string model = maxPoolWithIndicesModel(pads, y.shape);
  EXPECT_TRUE(runAndCompareAll(model, {x}, {y, z}, optimized(), {{0.0, 0.0}}));
  IndicesCase strides{"strides", {"", Pool::Max, {1, 1, 5, 5}, {2, 2}, {2, 2}}, 1};
  model = maxPoolWithIndicesModel(strides, {1, 1, 2, 2});
  EXPECT_TRUE(runAndCompareAll(model, {x},
                               {RefTensor{{1, 1, 2, 2}, {7, 9, 17, 19}},
                                RefTensor{{1, 1, 2, 2}, {6, 16, 8, 18}}},
                               unoptimized(), {{0.0, 0.0}}));
}

/// NaN wins its window (the first NaN gives the index); a window of -inf
/// points at its first input element, never at padding.
TEST(MaxPoolWithIndicesSpecialTest, NaNAndInfinity) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  // One 4x4 plane, 2x2 windows with stride 2 and padding 1: window (0, 0)
  // holds only the element (0, 0), window (1, 1) rows and columns 1..2,
  // window (2, 1) the elements (3, 1) and (3, 2).
  Tensor x{{1, 1, 4, 4},
           {-inf, 1, 2, -inf,
            3, nan, 4, 5,
            6, nan, 7, -inf,
            -inf, -inf, -inf, 8}};
  IndicesCase ic{"special", {"", Pool::Max, {1, 1, 4, 4}, {2, 2}, {2, 2}, {1, 1, 1, 1}}};
  auto expected = maxPoolWithIndicesReference(ic, x);
  // The reference's rules, stated for this input.
  ASSERT_EQ(expected[1].data[0], 0.0);  // -inf: the only input element
  ASSERT_EQ(expected[1].data[4], 5.0);  // the first of two NaNs
  ASSERT_TRUE(std::isnan(expected[0].data[4]));
  ASSERT_EQ(expected[1].data[7], 13.0); // {-inf, -inf}: the first one
  // NaN compares unequal in runAndCompareAll: compare the rest there and
  // the NaN position by hand.
  std::string model = maxPoolWithIndicesModel(ic, expected[0].shape);
  mlir::MLIRContext &ctx = context();
  for (const JITOptions &options : {optimized(), unoptimized()}) {
    auto module = mlir::parseSourceString<mlir::ModuleOp>(model, &ctx);
    ASSERT_TRUE(module);
    auto exe = mlir::dlc::Executable::compile(*module, options);
    ASSERT_TRUE(bool(exe)) << llvm::toString(exe.takeError());
    auto outputs = (*exe)->run({x});
    ASSERT_TRUE(bool(outputs)) << llvm::toString(outputs.takeError());
    const Tensor &y = (*outputs)[0], &i = (*outputs)[1];
    for (size_t e = 0; e < expected[0].data.size(); ++e) {
      double want = expected[0].data[e];
      EXPECT_TRUE(std::isnan(want) ? std::isnan(y.data[e]) : y.data[e] == want)
          << "output " << e << ": " << y.data[e] << ", expected " << want;
      EXPECT_EQ(i.i64[e], static_cast<int64_t>(expected[1].data[e])) << "index " << e;
    }
  }
}

/// Random kernels, strides, padding (< kernel), dilations, ceil mode and
/// storage order.
TEST(MaxPoolWithIndicesRandomTest, RandomConfigurations) {
  Rng rng = testRng();
  for (int draw = 0; draw < 3; ++draw) {
    IndicesCase ic;
    PoolCase &pc = ic.pool;
    pc.kind = Pool::Max;
    pc.kernel = {rng.range(1, 4), rng.range(1, 4)};
    pc.strides = {rng.range(1, 3), rng.range(1, 3)};
    pc.padding = {rng.range(0, pc.kernel[0] - 1), rng.range(0, pc.kernel[1] - 1),
                  rng.range(0, pc.kernel[0] - 1), rng.range(0, pc.kernel[1] - 1)};
    pc.dilations = {rng.range(1, 2), rng.range(1, 2)};
    pc.ceilMode = rng.range(0, 1);
    pc.input = {rng.range(1, 2), rng.pick(oddSizes()), rng.range(9, 17),
                rng.range(9, 17)};
    ic.storageOrder = rng.range(0, 1);
    SCOPED_TRACE("input " + shapeString(pc.input) + " kernel " +
                 shapeString(pc.kernel) + " strides " + shapeString(pc.strides) +
                 " padding " + shapeString(pc.padding) + " dilations " +
                 shapeString(pc.dilations) + (pc.ceilMode ? " ceil_mode" : "") +
                 " storage_order " + std::to_string(ic.storageOrder));
    Tensor x = rng.tensor(pc.input, -2.0, 0.5);
    for (float &v : x.data)
      v = std::round(v * 4.0f) / 4.0f;
    EXPECT_TRUE(checkMaxPoolWithIndices(ic, x));
  }
}

//===----------------------------------------------------------------------===//
// The C++ builders infer every result type
//===----------------------------------------------------------------------===//

TEST(PoolingBuilderTest, CreateWithoutResultTypes) {
  mlir::MLIRContext &ctx = context();
  mlir::OpBuilder b(&ctx);
  mlir::Location loc = b.getUnknownLoc();
  auto module = mlir::ModuleOp::create(loc);
  b.setInsertionPointToEnd(module.getBody());
  auto f32 = [&](Shape s) { return mlir::RankedTensorType::get(s, b.getF32Type()); };
  auto fn = mlir::func::FuncOp::create(
      b, loc, "f", b.getFunctionType({f32({2, 8, 14, 13}), f32({3, 5})}, {}));
  b.setInsertionPointToEnd(fn.addEntryBlock());
  auto a = fn.getArguments();
  using namespace mlir::dlc;
  EXPECT_EQ(GlobalMaxPoolOp::create(b, loc, a[0]).getType(), f32({2, 8, 1, 1}));
  EXPECT_EQ(AdaptiveAvgPool2DOp::create(b, loc, a[0], {7, 7}).getType(),
            f32({2, 8, 7, 7}));
  EXPECT_EQ(AdaptiveMaxPool2DOp::create(b, loc, a[0], {3, 2}).getType(),
            f32({2, 8, 3, 2}));
  auto roi = RoiPoolOp::create(b, loc, a[0], a[1], {7, 5});
  EXPECT_EQ(roi.getType(), f32({3, 8, 7, 5}));
  EXPECT_EQ(roi.getSpatialScale().convertToFloat(), 1.0f);
  auto scaled = RoiPoolOp::create(b, loc, a[0], a[1], {2, 2}, 0.0625f);
  EXPECT_EQ(scaled.getSpatialScale().convertToFloat(), 0.0625f);
  auto withIndices = MaxPool2DWithIndicesOp::create(b, loc, a[0], {3, 3}, {2, 2},
                                                    {1, 1, 1, 1}, {1, 1}, false, 1);
  EXPECT_EQ(withIndices.getOutput().getType(), f32({2, 8, 7, 7}));
  EXPECT_EQ(withIndices.getIndices().getType(),
            mlir::RankedTensorType::get({2, 8, 7, 7}, b.getI64Type()));
  mlir::func::ReturnOp::create(b, loc);
  EXPECT_TRUE(mlir::succeeded(mlir::verify(module)));
  module->erase();
}

} // namespace
