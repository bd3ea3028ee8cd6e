//===- DataMovementTest.cpp - flatten, reshape, transpose, concat, softmax -===//
//
// The ops lowered in DLCToLinalg/DataMovement.cpp. Reshapes keep row-major
// data and only change the shape (stated by hand in each case, so the -1 and
// 0 entries are checked against ONNX's rules, not against dlc's inference);
// transpose, concat and softmax have index-by-index references. One flatten
// is the identity, so the model returns a view of its argument.
//
//===----------------------------------------------------------------------===//

#include "OpTestUtils.h"

#include <cmath>
#include <limits>
#include <optional>

using namespace dlc::test;

namespace {

//===----------------------------------------------------------------------===//
// flatten, reshape
//===----------------------------------------------------------------------===//

struct ReshapeCase {
  std::string name;
  std::string op; ///< "flatten" or "reshape"
  Shape input;
  Attrs attrs;
  Shape output; ///< the expected result shape
};

void PrintTo(const ReshapeCase &c, std::ostream *os) { *os << c.name; }

class ReshapeTest : public ::testing::TestWithParam<ReshapeCase> {};

TEST_P(ReshapeTest, KeepsRowMajorData) {
  const ReshapeCase &c = GetParam();
  Rng rng = testRng();
  Tensor x = rng.tensor(c.input);
  RefTensor expected{c.output, std::vector<double>(x.data.begin(), x.data.end())};
  std::string model = buildModel(c.op, {c.input}, c.attrs, c.output);
  EXPECT_TRUE(runAndCompare(model, {x}, expected, optimized(), {0.0, 0.0}));
}

INSTANTIATE_TEST_SUITE_P(
    DataMovement, ReshapeTest,
    ::testing::Values(
        ReshapeCase{"FlattenDefaultAxis", "flatten", {2, 3, 5, 7}, {}, {2, 105}},
        ReshapeCase{"FlattenAxis0", "flatten", {2, 3, 5, 7}, Attrs().i64("axis", 0),
                    {1, 210}},
        ReshapeCase{"FlattenAxisRank", "flatten", {3, 5, 7}, Attrs().i64("axis", 3),
                    {105, 1}},
        ReshapeCase{"FlattenNegativeAxis", "flatten", {2, 3, 5, 7},
                    Attrs().i64("axis", -2), {6, 35}},
        ReshapeCase{"FlattenIdentity", "flatten", {13, 17}, {}, {13, 17}},
        ReshapeCase{"ReshapeCopyAndInfer", "reshape", {2, 3, 5, 7},
                    Attrs().array("shape", {0, -1, 5}), {2, 21, 5}},
        ReshapeCase{"ReshapeCopyTwice", "reshape", {2, 3, 5, 7},
                    Attrs().array("shape", {0, 0, 35}), {2, 3, 35}},
        ReshapeCase{"ReshapeInferOnly", "reshape", {6, 35}, Attrs().array("shape", {-1}),
                    {210}},
        ReshapeCase{"ReshapeRegroup", "reshape", {6, 35},
                    Attrs().array("shape", {10, -1, 3}), {10, 7, 3}}),
    [](const auto &info) { return info.param.name; });

//===----------------------------------------------------------------------===//
// transpose
//===----------------------------------------------------------------------===//

class TransposeTest
    : public ::testing::TestWithParam<std::pair<Shape, std::vector<int64_t>>> {};

TEST_P(TransposeTest, PermutesDimensions) {
  const auto &[shape, perm] = GetParam();
  Rng rng = testRng();
  Tensor x = rng.tensor(shape);
  Shape outShape(perm.size());
  for (size_t d = 0; d < perm.size(); ++d)
    outShape[d] = shape[perm[d]];
  // Output dim d is input dim perm[d].
  RefTensor expected = zeros(outShape);
  for (size_t i = 0; i < expected.data.size(); ++i) {
    std::vector<int64_t> out = unravel(i, outShape), in(shape.size());
    for (size_t d = 0; d < perm.size(); ++d)
      in[perm[d]] = out[d];
    expected.data[i] = x.data[broadcastOffset(in, shape)];
  }
  std::string model =
      buildModel("transpose", {shape}, Attrs().array("perm", perm), outShape);
  EXPECT_TRUE(runAndCompare(model, {x}, expected, optimized(), {0.0, 0.0}));
}

INSTANTIATE_TEST_SUITE_P(
    DataMovement, TransposeTest,
    ::testing::Values(std::pair{Shape{13, 17}, std::vector<int64_t>{1, 0}},
                      std::pair{Shape{2, 3, 5, 7}, std::vector<int64_t>{0, 2, 3, 1}},
                      std::pair{Shape{3, 5, 7}, std::vector<int64_t>{2, 0, 1}},
                      std::pair{Shape{2, 3, 4, 5, 3},
                                std::vector<int64_t>{4, 2, 0, 3, 1}}),
    [](const auto &info) {
      return "Input" + shapeString(info.param.first) + "Perm" +
             std::to_string(info.index);
    });

//===----------------------------------------------------------------------===//
// concat
//===----------------------------------------------------------------------===//

struct ConcatCase {
  std::string name;
  std::vector<Shape> inputs;
  int64_t axis;
};

void PrintTo(const ConcatCase &c, std::ostream *os) { *os << c.name; }

class ConcatTest : public ::testing::TestWithParam<ConcatCase> {};

TEST_P(ConcatTest, MatchesReference) {
  const ConcatCase &c = GetParam();
  Rng rng = testRng();
  int64_t rank = c.inputs.front().size();
  int64_t axis = c.axis < 0 ? c.axis + rank : c.axis;
  std::vector<Tensor> inputs;
  Shape outShape = c.inputs.front();
  outShape[axis] = 0;
  for (const Shape &s : c.inputs) {
    inputs.push_back(rng.tensor(s));
    outShape[axis] += s[axis];
  }
  // Each output element comes from the input whose range along `axis`
  // holds its index.
  RefTensor expected = zeros(outShape);
  for (size_t i = 0; i < expected.data.size(); ++i) {
    std::vector<int64_t> index = unravel(i, outShape);
    size_t which = 0;
    while (index[axis] >= c.inputs[which][axis])
      index[axis] -= c.inputs[which++][axis];
    expected.data[i] = inputs[which].data[broadcastOffset(index, c.inputs[which])];
  }
  std::string model =
      buildModel("concat", c.inputs, Attrs().i64("axis", c.axis), outShape);
  EXPECT_TRUE(runAndCompare(model, inputs, expected, optimized(), {0.0, 0.0}));
}

INSTANTIATE_TEST_SUITE_P(
    DataMovement, ConcatTest,
    ::testing::Values(
        ConcatCase{"Axis0", {{3, 5}, {7, 5}}, 0},
        ConcatCase{"Axis1ThreeInputs", {{2, 3, 5}, {2, 1, 5}, {2, 7, 5}}, 1},
        ConcatCase{"NegativeAxis", {{4, 3}, {4, 13}}, -1},
        ConcatCase{"ChannelsNCHW", {{1, 3, 7, 5}, {1, 5, 7, 5}}, 1},
        ConcatCase{"Axis2Rank4", {{2, 3, 1, 5}, {2, 3, 6, 5}, {2, 3, 2, 5}}, 2},
        ConcatCase{"SingleInput", {{3, 17}}, 0}),
    [](const auto &info) { return info.param.name; });

//===----------------------------------------------------------------------===//
// softmax
//===----------------------------------------------------------------------===//

struct SoftmaxCase {
  std::string name;
  Shape input;
  std::optional<int64_t> axis; ///< unset: the attribute's default, -1
  double magnitude = 4.0;      ///< inputs are uniform in [-magnitude, magnitude)
};

void PrintTo(const SoftmaxCase &c, std::ostream *os) { *os << c.name; }

class SoftmaxTest : public ::testing::TestWithParam<SoftmaxCase> {};

TEST_P(SoftmaxTest, MatchesReference) {
  const SoftmaxCase &c = GetParam();
  Rng rng = testRng();
  Tensor x = rng.tensor(c.input, -c.magnitude, c.magnitude);
  int64_t rank = c.input.size();
  int64_t axis = c.axis.value_or(-1);
  if (axis < 0)
    axis += rank;
  // The input as [outer, extent, inner] around `axis`.
  int64_t extent = c.input[axis], inner = 1;
  for (int64_t d = axis + 1; d < rank; ++d)
    inner *= c.input[d];
  int64_t outer = numElements(c.input) / (extent * inner);
  RefTensor expected = zeros(c.input);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t in = 0; in < inner; ++in) {
      auto at = [&](int64_t e) { return (o * extent + e) * inner + in; };
      double max = -std::numeric_limits<double>::infinity(), sum = 0.0;
      for (int64_t e = 0; e < extent; ++e)
        max = std::max(max, double(x.data[at(e)]));
      for (int64_t e = 0; e < extent; ++e)
        sum += std::exp(x.data[at(e)] - max);
      for (int64_t e = 0; e < extent; ++e)
        expected.data[at(e)] = std::exp(x.data[at(e)] - max) / sum;
    }
  Attrs attrs;
  if (c.axis)
    attrs.i64("axis", *c.axis);
  std::string model = buildModel("softmax", {c.input}, attrs, c.input);
  EXPECT_TRUE(runAndCompare(model, {x}, expected, optimized(), {1e-4, 1e-7}));
}

INSTANTIATE_TEST_SUITE_P(
    DataMovement, SoftmaxTest,
    ::testing::Values(SoftmaxCase{"DefaultAxis", {5, 33}, std::nullopt},
                      SoftmaxCase{"LongRowsLargeInputs", {3, 1037}, -1, 60.0},
                      SoftmaxCase{"Axis0", {7, 13, 5}, 0},
                      SoftmaxCase{"MiddleAxis", {7, 13, 5}, 1},
                      SoftmaxCase{"ChannelsNCHW", {2, 3, 5, 7}, 1},
                      SoftmaxCase{"NegativeAxis", {2, 3, 5, 7}, -3}),
    [](const auto &info) { return info.param.name; });

} // namespace
