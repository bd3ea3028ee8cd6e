//===- ConvolutionTest.cpp - conv2d, conv_transpose2d, im2col, col2im ------===//
//
// conv2d with and without bias, strides, asymmetric padding (including the
// `same` padding an ONNX importer computes: the odd pixel at the end),
// dilations, groups, depthwise (with a channel multiplier) and 1x1. Ungrouped convolutions
// go through im2col and the tiled GEMM microkernel, grouped ones through
// linalg's grouped convolution, so both lowerings are covered; one case has
// a reduction (C * KH * KW = 297) deeper than a K block.
//
// conv_transpose2d is checked against a scatter reference (every input
// element adds a weighted kernel into the output), written independently of
// the zero-insertion lowering; im2col and col2im against the index formulas
// of nn.Unfold / nn.Fold, col2im also as the adjoint of im2col.
//
//===----------------------------------------------------------------------===//

#include "OpTestUtils.h"

#include <cmath>

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
        // Output channels in several packed blocks (dlc-conv-to-gemm), widths
        // that split into whole register tiles and a remainder.
        ConvCase{"ChannelBlocks", {2, 16, 13, 11}, {48, 16, 3, 3}, {1, 1}, {1, 1, 1, 1}},
        ConvCase{"PointwiseChannelBlocks", {1, 24, 9, 9}, {96, 24, 1, 1}},
        ConvCase{"StridedChannelBlocks", {1, 8, 15, 15}, {40, 8, 3, 3}, {2, 2},
                 {1, 1, 1, 1}},
        grouped, unoptimizedConv(grouped),
        ConvCase{"GroupedStridedNoBias", {1, 10, 8, 7}, {15, 2, 3, 3}, {2, 2},
                 {1, 0, 1, 0}, {1, 1}, 5, false},
        ConvCase{"Depthwise", {1, 7, 12, 12}, {7, 1, 3, 3}, {2, 2}, {1, 1, 1, 1},
                 {1, 1}, 7},
        ConvCase{"DepthwiseMultiplier", {2, 5, 9, 10}, {10, 1, 5, 5}, {1, 1},
                 {2, 2, 2, 2}, {1, 1}, 5, false},
        ConvCase{"DepthwiseDilatedAsymmetric", {1, 3, 11, 13}, {3, 1, 3, 3}, {1, 2},
                 {1, 2, 3, 0}, {2, 1}, 3},
        unoptimizedConv(ConvCase{"Depthwise", {1, 7, 12, 12}, {7, 1, 3, 3}, {2, 2},
                                 {1, 1, 1, 1}, {1, 1}, 7}),
        // SAME_UPPER for an even kernel: 3 padding rows/columns, the odd one
        // at the bottom/right.
        ConvCase{"SameEvenKernel", {1, 3, 9, 10}, {4, 3, 4, 4}, {1, 1}, {1, 1, 2, 2}},
        // SAME_UPPER with stride 2: out = ceil(in / 2); W = 16 needs only one
        // column of padding, at the right.
        ConvCase{"SameStrided", {1, 3, 13, 16}, {5, 3, 3, 3}, {2, 2}, {1, 0, 1, 1}},
        unoptimizedConv(ConvCase{"SameStrided", {1, 3, 13, 16}, {5, 3, 3, 3}, {2, 2},
                                 {1, 0, 1, 1}}),
        ConvCase{"PointwiseStridedGrouped", {2, 6, 7, 9}, {9, 2, 1, 1}, {2, 3},
                 {0, 0, 0, 0}, {1, 1}, 3},
        unoptimizedConv(ConvCase{"Pointwise", {1, 33, 7, 5}, {17, 33, 1, 1}})),
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

//===----------------------------------------------------------------------===//
// conv_transpose2d
//===----------------------------------------------------------------------===//

struct ConvTransposeCase {
  std::string name;
  Shape input;  ///< N, C, H, W
  Shape filter; ///< C, F / groups, KH, KW
  std::vector<int64_t> strides = {1, 1};
  std::vector<int64_t> padding = {0, 0, 0, 0}; ///< top, left, bottom, right
  std::vector<int64_t> outputPadding = {0, 0};
  std::vector<int64_t> dilations = {1, 1};
  int64_t groups = 1;
  bool bias = true;
  JITOptions options = optimized();
};

/// Every input element scatters: out[n, g*Fg + f, y*sh + i*dh - pt,
/// x*sw + j*dw - pl] += in[n, g*Cg + c, y, x] * filter[g*Cg + c, f, i, j];
/// positions outside the output are dropped. OH = (H-1)*sh - pt - pb +
/// dh*(KH-1) + output_padding_h + 1.
RefTensor convTransposeReference(const ConvTransposeCase &cc, const Tensor &in,
                                 const Tensor &w, const Tensor *bias) {
  int64_t n = in.shape[0], c = in.shape[1], h = in.shape[2], wd = in.shape[3];
  int64_t fg = w.shape[1], kh = w.shape[2], kw = w.shape[3];
  int64_t cg = c / cc.groups, f = fg * cc.groups;
  const auto &s = cc.strides, &p = cc.padding, &d = cc.dilations,
             &op = cc.outputPadding;
  int64_t oh = (h - 1) * s[0] - p[0] - p[2] + d[0] * (kh - 1) + op[0] + 1;
  int64_t ow = (wd - 1) * s[1] - p[1] - p[3] + d[1] * (kw - 1) + op[1] + 1;
  RefTensor out = zeros({n, f, oh, ow});
  for (int64_t b = 0; b < n; ++b)
    for (int64_t of = 0; of < f; ++of)
      for (int64_t i = 0; i < oh * ow; ++i)
        out.data[(b * f + of) * oh * ow + i] = bias ? bias->data[of] : 0.0;
  for (int64_t b = 0; b < n; ++b)
    for (int64_t g = 0; g < cc.groups; ++g)
      for (int64_t ic = 0; ic < cg; ++ic)
        for (int64_t y = 0; y < h; ++y)
          for (int64_t x = 0; x < wd; ++x) {
            int64_t channel = g * cg + ic;
            double v = in.data[((b * c + channel) * h + y) * wd + x];
            for (int64_t of = 0; of < fg; ++of)
              for (int64_t i = 0; i < kh; ++i)
                for (int64_t j = 0; j < kw; ++j) {
                  int64_t oy = y * s[0] + i * d[0] - p[0];
                  int64_t ox = x * s[1] + j * d[1] - p[1];
                  if (oy < 0 || oy >= oh || ox < 0 || ox >= ow)
                    continue;
                  int64_t o = g * fg + of;
                  out.data[((b * f + o) * oh + oy) * ow + ox] +=
                      v * w.data[((channel * fg + of) * kh + i) * kw + j];
                }
          }
  return out;
}

::testing::AssertionResult checkConvTranspose(Rng &rng, const ConvTransposeCase &cc) {
  int64_t f = cc.filter[1] * cc.groups;
  std::vector<Tensor> inputs = {rng.tensor(cc.input), rng.tensor(cc.filter)};
  std::vector<Shape> shapes = {cc.input, cc.filter};
  if (cc.bias) {
    inputs.push_back(rng.tensor({f}));
    shapes.push_back({f});
  }
  RefTensor expected = convTransposeReference(cc, inputs[0], inputs[1],
                                              cc.bias ? &inputs[2] : nullptr);
  Attrs attrs;
  if (cc.strides != std::vector<int64_t>{1, 1})
    attrs.array("strides", cc.strides);
  if (cc.padding != std::vector<int64_t>{0, 0, 0, 0})
    attrs.array("padding", cc.padding);
  if (cc.outputPadding != std::vector<int64_t>{0, 0})
    attrs.array("output_padding", cc.outputPadding);
  if (cc.dilations != std::vector<int64_t>{1, 1})
    attrs.array("dilations", cc.dilations);
  if (cc.groups != 1)
    attrs.i64("groups", cc.groups);
  std::string model = buildModel("conv_transpose2d", shapes, attrs, expected.shape);
  int64_t terms = (cc.input[1] / cc.groups) * cc.filter[2] * cc.filter[3];
  return runAndCompare(model, inputs, expected, cc.options, reductionTolerance(terms));
}

void PrintTo(const ConvTransposeCase &c, std::ostream *os) { *os << c.name; }

class ConvTransposeTest : public ::testing::TestWithParam<ConvTransposeCase> {};

TEST_P(ConvTransposeTest, MatchesReference) {
  Rng rng = testRng();
  EXPECT_TRUE(checkConvTranspose(rng, GetParam()));
}

ConvTransposeCase unoptimizedTranspose(ConvTransposeCase cc) {
  cc.name += "O0";
  cc.options = unoptimized();
  return cc;
}

// name, input, filter, strides, padding, output_padding, dilations, groups, bias
const ConvTransposeCase stridedTranspose{
    "StridedOutputPadding", {2, 4, 7, 6}, {4, 5, 3, 3}, {2, 2}, {1, 1, 1, 1}, {1, 1}};
const ConvTransposeCase groupedTranspose{
    "Grouped", {1, 6, 5, 7}, {6, 2, 3, 3}, {2, 1}, {0, 1, 1, 0}, {1, 0}, {1, 1}, 3};
// Padding larger than the kernel's reach crops the scattered image.
const ConvTransposeCase croppedTranspose{
    "PaddingBeyondKernel", {1, 2, 6, 5}, {2, 3, 2, 2}, {2, 3}, {3, 2, 2, 4}, {1, 2},
    {1, 1}, 1, false};

INSTANTIATE_TEST_SUITE_P(
    Convolution, ConvTransposeTest,
    ::testing::Values(
        ConvTransposeCase{"Basic", {1, 3, 5, 5}, {3, 4, 3, 3}},
        stridedTranspose, unoptimizedTranspose(stridedTranspose),
        ConvTransposeCase{"StridedAsymmetricNoBias", {1, 3, 5, 7}, {3, 2, 4, 3}, {3, 2},
                          {2, 0, 1, 1}, {2, 1}, {1, 1}, 1, false},
        // output_padding below the dilation (stride 1 in H).
        ConvTransposeCase{"DilatedOutputPadding", {1, 2, 6, 5}, {2, 3, 3, 2}, {1, 2},
                          {1, 2, 0, 1}, {1, 2}, {2, 3}},
        groupedTranspose, unoptimizedTranspose(groupedTranspose),
        ConvTransposeCase{"Depthwise", {1, 5, 6, 6}, {5, 1, 3, 3}, {2, 2},
                          {1, 1, 1, 1}, {1, 1}, {1, 1}, 5},
        ConvTransposeCase{"DepthwiseMultiplier", {2, 3, 5, 4}, {3, 2, 2, 3}, {2, 1},
                          {0, 1, 1, 0}, {1, 0}, {1, 2}, 3, false},
        croppedTranspose, unoptimizedTranspose(croppedTranspose),
        ConvTransposeCase{"Pointwise", {1, 3, 4, 5}, {3, 2, 1, 1}, {2, 2},
                          {0, 0, 0, 0}, {1, 1}},
        // The only input row lands in the cropped top padding: the output
        // row comes from output_padding alone and holds just the bias.
        ConvTransposeCase{"OnlyOutputPaddingRow", {1, 2, 1, 3}, {2, 2, 1, 1}, {2, 1},
                          {1, 0, 0, 0}, {1, 0}},
        ConvTransposeCase{"DeepReduction", {1, 33, 5, 7}, {33, 7, 3, 3}, {2, 2},
                          {1, 1, 1, 1}, {1, 1}}),
    [](const auto &info) { return info.param.name; });

/// Random channels, kernel, stride, padding, output padding, dilation, groups.
TEST(ConvTransposeRandomTest, RandomConfigurations) {
  Rng rng = testRng();
  for (int draw = 0; draw < 4; ++draw) {
    ConvTransposeCase cc;
    cc.groups = rng.pick(std::vector<int64_t>{1, 1, 2, 3});
    int64_t perGroupIn = rng.pick(std::vector<int64_t>{1, 2, 3});
    int64_t perGroupOut = rng.pick(std::vector<int64_t>{1, 2, 5});
    int64_t kh = rng.range(1, 4), kw = rng.range(1, 4);
    cc.strides = {rng.range(1, 3), rng.range(1, 3)};
    cc.dilations = {rng.range(1, 2), rng.range(1, 2)};
    for (int a = 0; a < 2; ++a)
      cc.outputPadding.at(a) =
          rng.range(0, std::max(cc.strides[a], cc.dilations[a]) - 1);
    cc.padding = {rng.range(0, kh - 1), rng.range(0, kw - 1), rng.range(0, kh - 1),
                  rng.range(0, kw - 1)};
    cc.bias = rng.range(0, 1);
    cc.input = {rng.range(1, 2), cc.groups * perGroupIn, rng.range(3, 9),
                rng.range(3, 9)};
    cc.filter = {cc.groups * perGroupIn, perGroupOut, kh, kw};
    cc.options = draw % 2 ? unoptimized() : optimized();
    SCOPED_TRACE("conv_transpose input " + shapeString(cc.input) + ", filter " +
                 shapeString(cc.filter));
    EXPECT_TRUE(checkConvTranspose(rng, cc));
  }
}

//===----------------------------------------------------------------------===//
// im2col, col2im
//===----------------------------------------------------------------------===//

struct WindowCase {
  std::string name;
  Shape image; ///< N, C, H, W (im2col's input, col2im's output)
  std::vector<int64_t> kernel;
  std::vector<int64_t> strides = {1, 1};
  std::vector<int64_t> padding = {0, 0, 0, 0};
  std::vector<int64_t> dilations = {1, 1};
  JITOptions options = optimized();

  int64_t windows(int a) const {
    return windowExtent(image[2 + a], kernel[a], strides[a], padding[a],
                        padding[a + 2], dilations[a], false);
  }
  Shape columns() const {
    return {image[0], image[1] * kernel[0] * kernel[1], windows(0) * windows(1)};
  }
  Attrs attrs() const {
    Attrs a;
    a.array("kernel_shape", kernel);
    if (strides != std::vector<int64_t>{1, 1})
      a.array("strides", strides);
    if (padding != std::vector<int64_t>{0, 0, 0, 0})
      a.array("padding", padding);
    if (dilations != std::vector<int64_t>{1, 1})
      a.array("dilations", dilations);
    return a;
  }
};

/// Calls `visit(imageOffset or -1 for padding, columnOffset)` for every
/// column entry: row (c*KH + i)*KW + j, column oy*OW + ox reads image
/// position (oy*sh + i*dh - pt, ox*sw + j*dw - pl).
template <typename Fn> void forEachTap(const WindowCase &wc, Fn visit) {
  int64_t n = wc.image[0], c = wc.image[1], h = wc.image[2], w = wc.image[3];
  int64_t kh = wc.kernel[0], kw = wc.kernel[1], oh = wc.windows(0), ow = wc.windows(1);
  const auto &s = wc.strides, &p = wc.padding, &d = wc.dilations;
  for (int64_t b = 0; b < n; ++b)
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t i = 0; i < kh; ++i)
        for (int64_t j = 0; j < kw; ++j)
          for (int64_t oy = 0; oy < oh; ++oy)
            for (int64_t ox = 0; ox < ow; ++ox) {
              int64_t row = (ch * kh + i) * kw + j, col = oy * ow + ox;
              int64_t y = oy * s[0] + i * d[0] - p[0], x = ox * s[1] + j * d[1] - p[1];
              int64_t image = (y < 0 || y >= h || x < 0 || x >= w)
                                  ? -1
                                  : ((b * c + ch) * h + y) * w + x;
              visit(image, (b * c * kh * kw + row) * oh * ow + col);
            }
}

void PrintTo(const WindowCase &c, std::ostream *os) { *os << c.name; }

class Im2ColTest : public ::testing::TestWithParam<WindowCase> {};
class Col2ImTest : public ::testing::TestWithParam<WindowCase> {};

TEST_P(Im2ColTest, MatchesReference) {
  const WindowCase &wc = GetParam();
  Rng rng = testRng();
  Tensor x = rng.tensor(wc.image);
  RefTensor expected = zeros(wc.columns());
  forEachTap(wc, [&](int64_t image, int64_t column) {
    expected.data[column] = image < 0 ? 0.0 : x.data[image];
  });
  EXPECT_TRUE(runAndCompare(buildModel("im2col", {wc.image}, wc.attrs(), wc.columns()),
                            {x}, expected, wc.options, {0.0, 0.0}));
}

TEST_P(Col2ImTest, MatchesReference) {
  const WindowCase &wc = GetParam();
  Rng rng = testRng();
  Tensor cols = rng.tensor(wc.columns());
  RefTensor expected = zeros(wc.image);
  forEachTap(wc, [&](int64_t image, int64_t column) {
    if (image >= 0)
      expected.data[image] += cols.data[column];
  });
  Attrs attrs = wc.attrs();
  attrs.array("output_size", {wc.image[2], wc.image[3]});
  int64_t overlap = wc.kernel[0] * wc.kernel[1];
  EXPECT_TRUE(runAndCompare(buildModel("col2im", {wc.columns()}, attrs, wc.image), {cols},
                            expected, wc.options, reductionTolerance(overlap)));
}

/// col2im is the adjoint of im2col: <im2col(x), y> = <x, col2im(y)>, both
/// sides computed by one compiled model (the reference is the identity).
TEST_P(Col2ImTest, AdjointOfIm2Col) {
  const WindowCase &wc = GetParam();
  Rng rng = testRng();
  Tensor x = rng.tensor(wc.image), y = rng.tensor(wc.columns());
  Attrs attrs = wc.attrs();
  std::string unfold = wc.attrs().str();
  attrs.array("output_size", {wc.image[2], wc.image[3]});
  std::string img = tensorType(wc.image), col = tensorType(wc.columns());
  std::string model =
      "func.func @main(%x: " + img + ", %y: " + col + ") -> (" + col + ", " + img +
      ") {\n  %0 = dlc.im2col %x" + unfold + " : (" + img + ") -> " + col +
      "\n  %1 = dlc.col2im %y" + attrs.str() + " : (" + col + ") -> " + img +
      "\n  return %0, %1 : " + col + ", " + img + "\n}\n";
  // The two inner products, from the outputs the model returns, must agree;
  // each output is also checked against the references above.
  RefTensor unfolded = zeros(wc.columns()), folded = zeros(wc.image);
  double lhs = 0.0, rhs = 0.0;
  forEachTap(wc, [&](int64_t image, int64_t column) {
    double v = image < 0 ? 0.0 : x.data[image];
    unfolded.data[column] = v;
    lhs += v * y.data[column];
    if (image >= 0)
      folded.data[image] += y.data[column];
  });
  for (size_t i = 0; i < x.data.size(); ++i)
    rhs += x.data[i] * folded.data[i];
  EXPECT_NEAR(lhs, rhs, 1e-9 * (1 + std::abs(lhs)));
  EXPECT_TRUE(runAndCompareAll(model, {x, y}, {unfolded, folded}, wc.options,
                               {Tolerance{0.0, 0.0},
                                reductionTolerance(wc.kernel[0] * wc.kernel[1])}));
}

WindowCase unoptimizedWindow(WindowCase wc) {
  wc.name += "O0";
  wc.options = unoptimized();
  return wc;
}

// name, image, kernel, strides, padding, dilations
const WindowCase allWindowAttrs{"StridedPaddedDilated", {2, 3, 13, 11}, {3, 2}, {2, 3},
                                {1, 2, 2, 0}, {2, 1}};
const auto windowCases = ::testing::Values(
    WindowCase{"Basic", {1, 2, 5, 7}, {3, 3}},
    WindowCase{"NonOverlapping", {1, 3, 6, 9}, {2, 3}, {2, 3}},
    WindowCase{"Padded", {2, 3, 7, 5}, {3, 3}, {1, 1}, {1, 1, 1, 1}},
    WindowCase{"Gaps", {1, 2, 9, 7}, {2, 2}, {3, 3}},
    allWindowAttrs, unoptimizedWindow(allWindowAttrs),
    WindowCase{"Unit", {1, 5, 3, 4}, {1, 1}},
    WindowCase{"DilatedOverlap", {1, 3, 17, 13}, {3, 3}, {1, 2}, {2, 1, 0, 3}, {2, 2}});

INSTANTIATE_TEST_SUITE_P(Convolution, Im2ColTest, windowCases,
                         [](const auto &info) { return info.param.name; });
INSTANTIATE_TEST_SUITE_P(Convolution, Col2ImTest, windowCases,
                         [](const auto &info) { return info.param.name; });

} // namespace
