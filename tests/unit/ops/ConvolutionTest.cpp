//===- ConvolutionTest.cpp - conv2d ----------------------------------------===//
//
// conv2d with and without bias, strides, asymmetric padding, dilations,
// groups and depthwise (with a channel multiplier). Ungrouped convolutions
// go through im2col and the tiled GEMM microkernel, grouped ones through
// linalg's grouped convolution, so both lowerings are covered; one case has
// a reduction (C * KH * KW = 297) deeper than a K block.
//
//===----------------------------------------------------------------------===//

#include "OpTestUtils.h"

using namespace dlc::test;

namespace {

struct ConvCase {
  std::string name;
  Shape input;  ///< N, C, H, W
  Shape filter; ///< F, C / groups, KH, KW
  std::vector<int64_t> strides = {1, 1};
  std::vector<int64_t> padding = {0, 0, 0, 0}; ///< top, left, bottom, right
  std::vector<int64_t> dilations = {1, 1};
  int64_t groups = 1;
  bool bias = true;
  JITOptions options = optimized();
};

/// out[n, f, y, x] = bias[f] + sum_{c, i, j} in[n, g * C/G + c,
///   y * sh + i * dh - pt, x * sw + j * dw - pl] * filter[f, c, i, j],
/// with g = f / (F/G) and out-of-range input positions reading zero.
RefTensor convReference(const ConvCase &cc, const Tensor &in, const Tensor &w,
                        const Tensor *bias) {
  int64_t n = in.shape[0], c = in.shape[1], h = in.shape[2], wd = in.shape[3];
  int64_t f = w.shape[0], cg = w.shape[1], kh = w.shape[2], kw = w.shape[3];
  int64_t fg = f / cc.groups;
  const auto &s = cc.strides, &p = cc.padding, &d = cc.dilations;
  int64_t oh = windowExtent(h, kh, s[0], p[0], p[2], d[0], false);
  int64_t ow = windowExtent(wd, kw, s[1], p[1], p[3], d[1], false);
  RefTensor out = zeros({n, f, oh, ow});
  for (int64_t b = 0; b < n; ++b)
    for (int64_t of = 0; of < f; ++of)
      for (int64_t oy = 0; oy < oh; ++oy)
        for (int64_t ox = 0; ox < ow; ++ox) {
          double sum = bias ? bias->data[of] : 0.0;
          int64_t group = of / fg;
          for (int64_t ic = 0; ic < cg; ++ic)
            for (int64_t i = 0; i < kh; ++i)
              for (int64_t j = 0; j < kw; ++j) {
                int64_t y = oy * s[0] + i * d[0] - p[0];
                int64_t x = ox * s[1] + j * d[1] - p[1];
                if (y < 0 || y >= h || x < 0 || x >= wd)
                  continue;
                int64_t channel = group * cg + ic;
                sum += double(in.data[((b * c + channel) * h + y) * wd + x]) *
                       w.data[((of * cg + ic) * kh + i) * kw + j];
              }
          out.data[((b * f + of) * oh + oy) * ow + ox] = sum;
        }
  return out;
}

::testing::AssertionResult checkConv(Rng &rng, const ConvCase &cc) {
  std::vector<Tensor> inputs = {rng.tensor(cc.input), rng.tensor(cc.filter)};
  std::vector<Shape> shapes = {cc.input, cc.filter};
  if (cc.bias) {
    inputs.push_back(rng.tensor({cc.filter[0]}));
    shapes.push_back({cc.filter[0]});
  }
  RefTensor expected =
      convReference(cc, inputs[0], inputs[1], cc.bias ? &inputs[2] : nullptr);
  // Only non-default attributes are written, so the defaults are tested too.
  Attrs attrs;
  if (cc.strides != std::vector<int64_t>{1, 1})
    attrs.array("strides", cc.strides);
  if (cc.padding != std::vector<int64_t>{0, 0, 0, 0})
    attrs.array("padding", cc.padding);
  if (cc.dilations != std::vector<int64_t>{1, 1})
    attrs.array("dilations", cc.dilations);
  if (cc.groups != 1)
    attrs.i64("groups", cc.groups);
  std::string model = buildModel("conv2d", shapes, attrs, expected.shape);
  int64_t terms = cc.filter[1] * cc.filter[2] * cc.filter[3];
  return runAndCompare(model, inputs, expected, cc.options, reductionTolerance(terms));
}

void PrintTo(const ConvCase &c, std::ostream *os) { *os << c.name; }

class ConvTest : public ::testing::TestWithParam<ConvCase> {};

TEST_P(ConvTest, MatchesReference) {
  Rng rng = testRng();
  EXPECT_TRUE(checkConv(rng, GetParam()));
}

ConvCase unoptimizedConv(ConvCase cc) {
  cc.name += "O0";
  cc.options = unoptimized();
  return cc;
}

// name, input, filter, strides, padding, dilations, groups, bias
const ConvCase strided{"Strided", {1, 3, 13, 17}, {8, 3, 3, 3}, {2, 2}, {1, 1, 1, 1}};
const ConvCase grouped{"Grouped", {2, 6, 9, 9}, {9, 2, 3, 3}, {1, 1}, {1, 1, 1, 1},
                       {1, 1}, 3};

INSTANTIATE_TEST_SUITE_P(
    Convolution, ConvTest,
    ::testing::Values(
        ConvCase{"Basic", {1, 3, 7, 7}, {5, 3, 3, 3}},
        ConvCase{"NoBiasDeepReduction", {2, 33, 9, 11}, {7, 33, 3, 3}, {1, 1},
                 {1, 1, 1, 1}, {1, 1}, 1, false},
        strided, unoptimizedConv(strided),
        ConvCase{"AsymmetricPadding", {1, 3, 10, 9}, {5, 3, 3, 2}, {2, 1},
                 {2, 0, 1, 3}},
        ConvCase{"NonSquareKernelAndStride", {2, 5, 11, 16}, {13, 5, 1, 5}, {1, 3},
                 {0, 2, 0, 1}, {1, 1}, 1, false},
        ConvCase{"Dilated", {1, 4, 15, 13}, {6, 4, 3, 3}, {1, 1}, {2, 3, 2, 3},
                 {2, 3}},
        ConvCase{"Pointwise", {1, 33, 7, 5}, {17, 33, 1, 1}},
        grouped, unoptimizedConv(grouped),
        ConvCase{"GroupedStridedNoBias", {1, 10, 8, 7}, {15, 2, 3, 3}, {2, 2},
                 {1, 0, 1, 0}, {1, 1}, 5, false},
        ConvCase{"Depthwise", {1, 7, 12, 12}, {7, 1, 3, 3}, {2, 2}, {1, 1, 1, 1},
                 {1, 1}, 7},
        ConvCase{"DepthwiseMultiplier", {2, 5, 9, 10}, {10, 1, 5, 5}, {1, 1},
                 {2, 2, 2, 2}, {1, 1}, 5, false},
        ConvCase{"DepthwiseDilatedAsymmetric", {1, 3, 11, 13}, {3, 1, 3, 3}, {1, 2},
                 {1, 2, 3, 0}, {2, 1}, 3}),
    [](const auto &info) { return info.param.name; });

/// Random channel counts, kernel, stride, padding, dilation and groups.
TEST(ConvRandomTest, RandomConfigurations) {
  Rng rng = testRng();
  for (int draw = 0; draw < 3; ++draw) {
    ConvCase cc;
    cc.groups = rng.pick(std::vector<int64_t>{1, 1, 3, 5});
    int64_t perGroupIn = rng.pick(std::vector<int64_t>{1, 2, 3});
    int64_t perGroupOut = rng.pick(std::vector<int64_t>{1, 3, 5});
    int64_t kh = rng.range(1, 4), kw = rng.range(1, 4);
    cc.strides = {rng.range(1, 3), rng.range(1, 3)};
    cc.dilations = {rng.range(1, 2), rng.range(1, 2)};
    cc.padding = {rng.range(0, 2), rng.range(0, 2), rng.range(0, 2), rng.range(0, 2)};
    cc.bias = rng.range(0, 1);
    cc.input = {rng.range(1, 2), cc.groups * perGroupIn, rng.range(9, 17),
                rng.range(9, 17)};
    cc.filter = {cc.groups * perGroupOut, perGroupIn, kh, kw};
    SCOPED_TRACE("conv input " + shapeString(cc.input) + ", filter " +
                 shapeString(cc.filter));
    EXPECT_TRUE(checkConv(rng, cc));
  }
}

/// The benchmark's ResNet stage-1 convolution, checked once (not timed).
TEST(ConvLargeTest, ResNet3x3From64To64At56) {
  Rng rng = testRng();
  EXPECT_TRUE(checkConv(rng, ConvCase{"Large", {1, 64, 56, 56}, {64, 64, 3, 3},
                                      {1, 1}, {1, 1, 1, 1}, {1, 1}, 1, false}));
}

} // namespace
