//===- ConvEpilogueTest.cpp - conv2d + residual + activation, fused ---------===//
//
// A convolution followed by what ResNet and MobileNet put after one: a
// residual add, an activation, the zero padding of the next convolution.
// dlc-fuse-conv-epilogue moves the residual into the accumulators' initial
// value and dlc-tile-and-vectorize runs the activation on the register tiles
// before they are stored, in the padded tensor's interior when there is
// one. Each case is checked against a naive double-precision reference of
// the unfused layers, optimized (fused) and at -O0 (the residual moved, no
// register epilogue); the cases cover the kernel forms the epilogue meets:
// a direct convolution with a ragged row and several channel blocks, a 1x1
// convolution as a pixel GEMM (row by row when it feeds a padded interior
// and its rows are whole vectors, else flattened, its padded output keeping
// its own activation pass), a reduction deeper than a K block (tiles
// written per K block: the activation stays a pass of its own), strided,
// without bias.
//
//===----------------------------------------------------------------------===//

#include "OpTestUtils.h"

#include <cmath>

using namespace dlc::test;

namespace {

struct EpilogueCase {
  std::string name;
  Shape input;  ///< N, C, H, W
  Shape filter; ///< F, C, KH, KW
  int64_t stride = 1;
  bool bias = true;
  bool residual = true;
  /// "relu", "clip" (ReLU6), "leaky_relu", "sigmoid", "tanh" or "" (none).
  std::string activation = "relu";
  /// Whether the result is zero-padded by one pixel (the next layer's input).
  bool padded = false;
  JITOptions options = optimized();
};

double activate(const std::string &activation, double x) {
  if (activation == "relu")
    return std::max(x, 0.0);
  if (activation == "clip")
    return std::min(std::max(x, 0.0), 6.0);
  if (activation == "leaky_relu")
    return x >= 0 ? x : 0.125 * x;
  if (activation == "sigmoid")
    return 1.0 / (1.0 + std::exp(-x));
  if (activation == "tanh")
    return std::tanh(x);
  return x;
}

/// The layers one after the other, in double precision.
RefTensor reference(const EpilogueCase &ec, const std::vector<Tensor> &in, Shape out) {
  const Tensor &x = in[0], &w = in[1];
  const Tensor *bias = ec.bias ? &in[2] : nullptr;
  const Tensor *residual = ec.residual ? &in.back() : nullptr;
  int64_t c = ec.input[1], h = ec.input[2], wd = ec.input[3];
  int64_t f = ec.filter[0], kh = ec.filter[2], kw = ec.filter[3];
  int64_t oh = out[2], ow = out[3], pad = ec.padded ? 1 : 0;
  int64_t ph = kh / 2, pw = kw / 2;
  RefTensor result = zeros({1, f, oh + 2 * pad, ow + 2 * pad});
  for (int64_t of = 0; of < f; ++of)
    for (int64_t oy = 0; oy < oh; ++oy)
      for (int64_t ox = 0; ox < ow; ++ox) {
        double sum = bias ? bias->data[of] : 0.0;
        for (int64_t ic = 0; ic < c; ++ic)
          for (int64_t i = 0; i < kh; ++i)
            for (int64_t j = 0; j < kw; ++j) {
              int64_t y = oy * ec.stride + i - ph, xx = ox * ec.stride + j - pw;
              if (y >= 0 && y < h && xx >= 0 && xx < wd)
                sum += double(x.data[(ic * h + y) * wd + xx]) *
                       w.data[((of * c + ic) * kh + i) * kw + j];
            }
        if (residual)
          sum += residual->data[(of * oh + oy) * ow + ox];
        int64_t py = oy + pad, px = ox + pad;
        result.data[(of * (oh + 2 * pad) + py) * (ow + 2 * pad) + px] =
            activate(ec.activation, sum);
      }
  return result;
}

::testing::AssertionResult checkEpilogue(Rng &rng, const EpilogueCase &ec) {
  int64_t f = ec.filter[0], kh = ec.filter[2], kw = ec.filter[3];
  Shape out = {1, f, (ec.input[2] + 2 * (kh / 2) - kh) / ec.stride + 1,
               (ec.input[3] + 2 * (kw / 2) - kw) / ec.stride + 1};
  std::vector<Shape> shapes = {ec.input, ec.filter};
  if (ec.bias)
    shapes.push_back({f});
  if (ec.residual)
    shapes.push_back(out);
  std::vector<Tensor> inputs;
  for (const Shape &shape : shapes)
    inputs.push_back(rng.tensor(shape));
  Shape result = out;
  if (ec.padded) {
    result[2] += 2;
    result[3] += 2;
  }

  std::string args, operands;
  for (size_t i = 0; i < shapes.size(); ++i)
    args += (i ? ", %arg" : "%arg") + std::to_string(i) + ": " + tensorType(shapes[i]);
  std::string convOperands = ec.bias ? "%arg0, %arg1, %arg2" : "%arg0, %arg1";
  std::string convTypes = tensorType(ec.input) + ", " + tensorType(ec.filter) +
                          (ec.bias ? ", " + tensorType({f}) : "");
  std::string t = tensorType(out);
  std::string model = "func.func @main(" + args + ") -> " + tensorType(result) + " {\n";
  model += "  %conv = dlc.conv2d " + convOperands + " {padding = array<i64: " +
           std::to_string(kh / 2) + ", " + std::to_string(kw / 2) + ", " +
           std::to_string(kh / 2) + ", " + std::to_string(kw / 2) +
           ">, strides = array<i64: " + std::to_string(ec.stride) + ", " +
           std::to_string(ec.stride) + ">} : (" + convTypes + ") -> " + t + "\n";
  std::string value = "%conv";
  if (ec.residual) {
    model += "  %sum = dlc.add %conv, %arg" + std::to_string(shapes.size() - 1) + " : (" +
             t + ", " + t + ") -> " + t + "\n";
    value = "%sum";
  }
  if (!ec.activation.empty()) {
    std::string attrs = ec.activation == "clip"         ? " {min = 0.0 : f32, max = 6.0 : f32}"
                        : ec.activation == "leaky_relu" ? " {alpha = 0.125 : f32}"
                                                        : "";
    model += "  %act = dlc." + ec.activation + " " + value + attrs + " : " + t + "\n";
    value = "%act";
  }
  if (ec.padded) {
    model += "  %padded = dlc.pad " + value +
             " {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (" + t + ") -> " +
             tensorType(result) + "\n";
    value = "%padded";
  }
  model += "  return " + value + " : " + tensorType(result) + "\n}\n";
  RefTensor expected = reference(ec, inputs, out);
  return runAndCompare(model, inputs, expected, ec.options,
                       reductionTolerance(ec.filter[1] * kh * kw));
}

void PrintTo(const EpilogueCase &c, std::ostream *os) { *os << c.name; }

class ConvEpilogueTest : public ::testing::TestWithParam<EpilogueCase> {};

TEST_P(ConvEpilogueTest, MatchesUnfusedReference) {
  Rng rng = testRng();
  EXPECT_TRUE(checkEpilogue(rng, GetParam()));
}

EpilogueCase atO0(EpilogueCase ec) {
  ec.name += "O0";
  ec.options = dlc::test::unoptimized();
  return ec;
}

// name, input, filter, stride, bias, residual, activation, padded
const EpilogueCase block{"ResidualReluPadded", {1, 16, 13, 11}, {48, 16, 3, 3}, 1, true,
                         true, "relu", true};
const EpilogueCase pointwise{"PointwiseRelu6Padded", {1, 24, 8, 8}, {96, 24, 1, 1}, 1,
                             true, false, "clip", true};

INSTANTIATE_TEST_SUITE_P(
    Convolution, ConvEpilogueTest,
    ::testing::Values(
        block, atO0(block), pointwise, atO0(pointwise),
        EpilogueCase{"ResidualRelu", {1, 16, 9, 16}, {32, 16, 3, 3}},
        // Rows of whole vectors: the 1x1 GEMM row by row, into the interior.
        EpilogueCase{"PointwiseRowsRelu6Padded", {1, 24, 3, 48}, {40, 24, 1, 1}, 1, true,
                     false, "clip", true},
        EpilogueCase{"ResidualOnly", {1, 8, 7, 9}, {40, 8, 3, 3}, 1, true, true, ""},
        EpilogueCase{"PointwiseResidual", {1, 32, 4, 8}, {16, 32, 1, 1}, 1, true, true, ""},
        EpilogueCase{"DeepReductionResidualRelu", {1, 300, 4, 4}, {24, 300, 1, 1}},
        EpilogueCase{"StridedSigmoid", {1, 8, 15, 15}, {40, 8, 3, 3}, 2, true, false,
                     "sigmoid"},
        EpilogueCase{"NoBiasLeakyReluPadded", {1, 8, 10, 12}, {32, 8, 3, 3}, 1, false,
                     true, "leaky_relu", true},
        EpilogueCase{"TanhPadded", {1, 4, 6, 6}, {8, 4, 3, 3}, 1, true, false, "tanh",
                     true}));

} // namespace
