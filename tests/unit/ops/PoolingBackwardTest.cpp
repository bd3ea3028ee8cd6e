//===- PoolingBackwardTest.cpp - the max poolings' adjoint ops --------------===//
//
// max_pool2d_backward (fed by max_pool2d_with_indices in the same model,
// both storage orders, padding, ceil mode, dilation, overlapping windows),
// adaptive_max_pool2d_backward (bins that tile, overlap, repeat) and
// roi_pool_backward (overlapping boxes, boxes across the border, tiny and
// empty bins, both images). Each reference finds every window's or bin's
// arg-max by the forward's own scan (PyTorch's, torchvision's: the first
// strictly greater element, row by row) and adds the window's gradient
// there, as a plain scatter. The inputs are coarsely rounded so that ties
// are frequent: the first maximum must get the gradient, and only it.
//
//===----------------------------------------------------------------------===//

#include "OpTestUtils.h"

#include <cmath>
#include <limits>

using namespace dlc::test;

namespace {

/// Values of `shape` in [lo, hi) rounded to quarters (ties are frequent).
Tensor coarse(Rng &rng, const Shape &shape, double lo = -2.0, double hi = 2.0) {
  Tensor t = rng.tensor(shape, lo, hi);
  for (float &v : t.data)
    v = std::round(v * 4.0f) / 4.0f;
  return t;
}

//===----------------------------------------------------------------------===//
// max_pool2d_backward
//===----------------------------------------------------------------------===//

struct MaxPoolCase {
  std::string name;
  Shape input; ///< N, C, H, W
  std::vector<int64_t> kernel;
  std::vector<int64_t> strides = {1, 1};
  std::vector<int64_t> padding = {0, 0, 0, 0};
  std::vector<int64_t> dilations = {1, 1};
  bool ceilMode = false;
  int64_t storageOrder = 0;
};

void PrintTo(const MaxPoolCase &c, std::ostream *os) { *os << c.name; }

/// The input's gradient: each window's g at its first maximum (padding
/// never wins).
RefTensor maxPoolBackwardReference(const MaxPoolCase &mc, const Tensor &x, const Tensor &g) {
  int64_t n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
  int64_t oh = g.shape[2], ow = g.shape[3];
  const auto &k = mc.kernel, &s = mc.strides, &p = mc.padding, &d = mc.dilations;
  RefTensor dx = zeros(x.shape);
  for (int64_t plane = 0; plane < n * c; ++plane)
    for (int64_t oy = 0; oy < oh; ++oy)
      for (int64_t ox = 0; ox < ow; ++ox) {
        int64_t best = -1;
        for (int64_t i = 0; i < k[0]; ++i)
          for (int64_t j = 0; j < k[1]; ++j) {
            int64_t y = oy * s[0] + i * d[0] - p[0], xx = ox * s[1] + j * d[1] - p[1];
            if (y < 0 || y >= h || xx < 0 || xx >= w)
              continue;
            int64_t at = (plane * h + y) * w + xx;
            if (best < 0 || x.data[at] > x.data[best])
              best = at;
          }
        if (best >= 0)
          dx.data[best] += g.data[(plane * oh + oy) * ow + ox];
      }
  return dx;
}

/// x and g in, dx out: the forward with indices, then its adjoint.
std::string maxPoolBackwardModel(const MaxPoolCase &mc, const Shape &out) {
  Attrs window;
  window.array("kernel_shape", mc.kernel)
      .array("strides", mc.strides)
      .array("padding", mc.padding)
      .array("dilations", mc.dilations)
      .boolean("ceil_mode", mc.ceilMode)
      .i64("storage_order", mc.storageOrder);
  Attrs backward = window;
  backward.array("input_size", {mc.input[2], mc.input[3]});
  std::string in = tensorType(mc.input), y = tensorType(out), i = i64TensorType(out);
  return "func.func @main(%x: " + in + ", %g: " + y + ") -> " + in +
         " {\n  %y, %i = dlc.max_pool2d_with_indices %x" + window.str() + " : (" + in +
         ") -> (" + y + ", " + i + ")\n  %dx = dlc.max_pool2d_backward %g, %i" +
         backward.str() + " : (" + y + ", " + i + ") -> " + in + "\n  return %dx : " +
         in + "\n}\n";
}

class MaxPoolBackwardTest : public ::testing::TestWithParam<MaxPoolCase> {};

TEST_P(MaxPoolBackwardTest, MatchesReference) {
  const MaxPoolCase &mc = GetParam();
  Rng rng = testRng();
  Shape out = mc.input;
  for (int a = 0; a < 2; ++a)
    out[2 + a] = windowExtent(mc.input[2 + a], mc.kernel[a], mc.strides[a], mc.padding[a],
                              mc.padding[a + 2], mc.dilations[a], mc.ceilMode);
  Tensor x = coarse(rng, mc.input), g = rng.tensor(out);
  RefTensor expected = maxPoolBackwardReference(mc, x, g);
  std::string model = maxPoolBackwardModel(mc, out);
  for (const JITOptions &options : {optimized(), unoptimized()})
    EXPECT_TRUE(runAndCompare(model, {x, g}, expected, options));
}

MaxPoolCase columnMajor(MaxPoolCase mc) {
  mc.name += "ColumnMajor";
  mc.storageOrder = 1;
  return mc;
}

// name, input, kernel, strides, padding, dilations, ceil_mode
const MaxPoolCase resnetStem{"ResNetStem3x3Stride2", {2, 3, 12, 11}, {3, 3}, {2, 2},
                             {1, 1, 1, 1}};
const MaxPoolCase overlapping{"Overlapping2x3Stride1", {1, 4, 7, 9}, {2, 3}};
const MaxPoolCase dilatedCeil{"DilatedCeilAsymmetric", {2, 3, 12, 14}, {3, 2}, {2, 3},
                              {1, 0, 2, 1}, {2, 1}, true};

INSTANTIATE_TEST_SUITE_P(
    PoolingBackward, MaxPoolBackwardTest,
    ::testing::Values(resnetStem, columnMajor(resnetStem), overlapping,
                      columnMajor(overlapping), dilatedCeil, columnMajor(dilatedCeil),
                      MaxPoolCase{"CeilDropsWindowInPadding", {1, 3, 5, 7}, {2, 2}, {2, 2},
                                  {1, 1, 1, 1}, {1, 1}, true},
                      MaxPoolCase{"WholePlane", {2, 3, 7, 5}, {7, 5}}),
    [](const auto &info) { return info.param.name; });

//===----------------------------------------------------------------------===//
// adaptive_max_pool2d_backward
//===----------------------------------------------------------------------===//

struct AdaptiveCase {
  std::string name;
  Shape input; ///< N, C, H, W
  std::vector<int64_t> outputSize;
};

void PrintTo(const AdaptiveCase &c, std::ostream *os) { *os << c.name; }

/// PyTorch's bins: [floor(o * in / out), ceil((o + 1) * in / out)).
int64_t binStart(int64_t o, int64_t in, int64_t out) { return o * in / out; }
int64_t binEnd(int64_t o, int64_t in, int64_t out) { return ((o + 1) * in + out - 1) / out; }

/// PyTorch's adaptive_max_pool2d loop (its first element taken whatever its
/// value, then strictly greater ones), g added at each bin's arg-max.
RefTensor adaptiveBackwardReference(const Tensor &x, const Tensor &g) {
  int64_t n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
  int64_t oh = g.shape[2], ow = g.shape[3];
  RefTensor dx = zeros(x.shape);
  for (int64_t plane = 0; plane < n * c; ++plane)
    for (int64_t i = 0; i < oh; ++i)
      for (int64_t j = 0; j < ow; ++j) {
        int64_t best = -1;
        for (int64_t y = binStart(i, h, oh); y < binEnd(i, h, oh); ++y)
          for (int64_t xx = binStart(j, w, ow); xx < binEnd(j, w, ow); ++xx) {
            int64_t at = (plane * h + y) * w + xx;
            if (best < 0 || x.data[at] > x.data[best])
              best = at;
          }
        dx.data[best] += g.data[(plane * oh + i) * ow + j];
      }
  return dx;
}

class AdaptiveMaxPoolBackwardTest : public ::testing::TestWithParam<AdaptiveCase> {};

TEST_P(AdaptiveMaxPoolBackwardTest, MatchesReference) {
  const AdaptiveCase &c = GetParam();
  Rng rng = testRng();
  Shape out{c.input[0], c.input[1], c.outputSize[0], c.outputSize[1]};
  Tensor x = coarse(rng, c.input), g = rng.tensor(out);
  RefTensor expected = adaptiveBackwardReference(x, g);
  std::string model = buildModel("adaptive_max_pool2d_backward", {c.input, out}, Attrs(),
                                 c.input);
  for (const JITOptions &options : {optimized(), unoptimized()})
    EXPECT_TRUE(runAndCompare(model, {x, g}, expected, options));
}

INSTANTIATE_TEST_SUITE_P(
    PoolingBackward, AdaptiveMaxPoolBackwardTest,
    ::testing::Values(AdaptiveCase{"Global", {2, 5, 7, 7}, {1, 1}},
                      AdaptiveCase{"Tiling", {1, 3, 14, 12}, {7, 4}},
                      // Bins of 3 and 4 that overlap by one row/column.
                      AdaptiveCase{"Overlapping", {2, 3, 10, 9}, {3, 4}},
                      AdaptiveCase{"OverlappingOdd", {1, 7, 13, 11}, {5, 3}},
                      // More bins than pixels: every pixel in several bins.
                      AdaptiveCase{"MoreBinsThanPixels", {1, 2, 5, 3}, {7, 8}},
                      AdaptiveCase{"MixedOneRow", {1, 3, 1, 17}, {4, 6}}),
    [](const auto &info) { return info.param.name; });

/// A bin of -inf sends its gradient to its first element (PyTorch's initial
/// index); NaN wins its bin (the first NaN here).
TEST(AdaptiveMaxPoolBackwardSpecialTest, InfinityAndNaN) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  // One 4x4 plane in 2x2 bins: bin (0, 0) all -inf, bin (0, 1) two NaNs,
  // bin (1, 0) a tie of 3s, bin (1, 1) a plain maximum.
  Tensor x{{1, 1, 4, 4},
           {-inf, -inf, 1, nan,
            -inf, -inf, nan, 2,
            3, 1, 0, 5,
            0, 3, 4, 1}};
  Tensor g{{1, 1, 2, 2}, {1, 2, 3, 4}};
  RefTensor expected{{1, 1, 4, 4}, {1, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 4, 0, 0, 0, 0}};
  std::string model = buildModel("adaptive_max_pool2d_backward", {x.shape, g.shape},
                                 Attrs(), x.shape);
  for (const JITOptions &options : {optimized(), unoptimized()})
    EXPECT_TRUE(runAndCompare(model, {x, g}, expected, options, {0.0, 0.0}));
}

//===----------------------------------------------------------------------===//
// roi_pool_backward
//===----------------------------------------------------------------------===//

struct RoiCase {
  std::string name;
  Shape input; ///< N, C, H, W
  std::vector<std::vector<float>> rois; ///< (batch, x1, y1, x2, y2)
  std::vector<int64_t> pooled;
  float scale = 1.0f;
};

void PrintTo(const RoiCase &c, std::ostream *os) { *os << c.name; }

/// torchvision's roi_pool loop (roi_pool_kernel.cpp, float arithmetic) for
/// the arg-maxes, then its backward: g added at each bin's arg-max (empty
/// bins and bins with nothing above -FLT_MAX add nothing).
RefTensor roiBackwardReference(const Tensor &x, const Tensor &rois, const Tensor &g,
                               float scale) {
  int64_t n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
  int64_t k = rois.shape[0], ph = g.shape[2], pw = g.shape[3];
  RefTensor dx = zeros(x.shape);
  for (int64_t r = 0; r < k; ++r) {
    const float *roi = rois.data.data() + 5 * r;
    int64_t b = std::clamp<int64_t>(static_cast<int64_t>(roi[0]), 0, n - 1);
    int64_t x1 = std::lround(std::round(roi[1] * scale));
    int64_t y1 = std::lround(std::round(roi[2] * scale));
    int64_t x2 = std::lround(std::round(roi[3] * scale));
    int64_t y2 = std::lround(std::round(roi[4] * scale));
    float binH = static_cast<float>(std::max<int64_t>(y2 - y1 + 1, 1)) / float(ph);
    float binW = static_cast<float>(std::max<int64_t>(x2 - x1 + 1, 1)) / float(pw);
    auto clip = [](int64_t v, int64_t hi) { return std::min(std::max<int64_t>(v, 0), hi); };
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t i = 0; i < ph; ++i)
        for (int64_t j = 0; j < pw; ++j) {
          int64_t hs = clip(int64_t(std::floor(float(i) * binH)) + y1, h);
          int64_t he = clip(int64_t(std::ceil(float(i + 1) * binH)) + y1, h);
          int64_t ws = clip(int64_t(std::floor(float(j) * binW)) + x1, w);
          int64_t we = clip(int64_t(std::ceil(float(j + 1) * binW)) + x1, w);
          float max = -std::numeric_limits<float>::max();
          int64_t best = -1;
          for (int64_t y = hs; y < he; ++y)
            for (int64_t xx = ws; xx < we; ++xx) {
              int64_t at = ((b * c + ch) * h + y) * w + xx;
              if (x.data[at] > max) {
                max = x.data[at];
                best = at;
              }
            }
          if (best >= 0)
            dx.data[best] += g.data[((r * c + ch) * ph + i) * pw + j];
        }
  }
  return dx;
}

class RoiPoolBackwardTest : public ::testing::TestWithParam<RoiCase> {};

TEST_P(RoiPoolBackwardTest, MatchesTorchvision) {
  const RoiCase &rc = GetParam();
  Rng rng = testRng();
  Tensor x = coarse(rng, rc.input);
  Tensor rois{{static_cast<int64_t>(rc.rois.size()), 5}, {}};
  for (const auto &roi : rc.rois)
    rois.data.insert(rois.data.end(), roi.begin(), roi.end());
  Shape out{rois.shape[0], rc.input[1], rc.pooled[0], rc.pooled[1]};
  Tensor g = rng.tensor(out);
  RefTensor expected = roiBackwardReference(x, rois, g, rc.scale);
  Attrs attrs;
  if (rc.scale != 1.0f)
    attrs.f32("spatial_scale", rc.scale);
  std::string model =
      buildModel("roi_pool_backward", {rc.input, rois.shape, out}, attrs, rc.input);
  for (const JITOptions &options : {optimized(), unoptimized()})
    EXPECT_TRUE(runAndCompare(model, {x, rois, g}, expected, options));
}

INSTANTIATE_TEST_SUITE_P(
    PoolingBackward, RoiPoolBackwardTest,
    ::testing::Values(
        RoiCase{"Overlapping", {1, 3, 13, 11},
                {{0, 1, 2, 8, 10}, {0, 0, 0, 10, 12}, {0, 4, 5, 6, 6}}, {3, 3}},
        // A single pixel read by every bin, a malformed box forced to 1x1.
        RoiCase{"TinyAndMalformed", {1, 2, 9, 7},
                {{0, 3, 3, 3, 3}, {0, 5, 6, 2, 1}}, {2, 3}},
        // Partly and fully outside: clipped and empty bins.
        RoiCase{"Outside", {2, 3, 13, 11},
                {{0, -4, -3, 5, 6}, {1, 6, 8, 20, 30}, {1, 20, 20, 30, 30}}, {4, 3}},
        // Detection-style coordinates on a stride-16 feature map.
        RoiCase{"FeatureStride16", {2, 4, 14, 14},
                {{1, 17.3f, 40.8f, 150.2f, 199.9f},
                 {0, 0, 0, 223, 223},
                 {1, 100, 30, 260, 120}},
                {7, 7}, 0.0625f}),
    [](const auto &info) { return info.param.name; });

/// Bins of -inf (nothing above -FLT_MAX) and NaNs (never greater) route
/// nothing, as torchvision's argmax -1.
TEST(RoiPoolBackwardSpecialTest, NothingAboveLowest) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  Tensor x{{1, 1, 2, 4}, {-inf, nan, 1, 2, -inf, nan, 2, 0}};
  // One ROI over the plane, 1x2 bins: columns 0-1 and 2-3.
  Tensor rois{{1, 5}, {0, 0, 0, 3, 1}};
  Tensor g{{1, 1, 1, 2}, {5, 7}};
  RefTensor expected{{1, 1, 2, 4}, {0, 0, 0, 7, 0, 0, 0, 0}};
  std::string model = buildModel("roi_pool_backward", {x.shape, rois.shape, g.shape},
                                 Attrs(), x.shape);
  for (const JITOptions &options : {optimized(), unoptimized()})
    EXPECT_TRUE(runAndCompare(model, {x, rois, g}, expected, options, {0.0, 0.0}));
}

} // namespace
