//===- DataMovementTest.cpp - reshapes, transpose, concat, slicing, pad ----===//
//
// The ops lowered in DLCToLinalg/DataMovement.cpp. Reshapes keep row-major
// data and only change the shape (stated by hand in each case, so the -1 and
// 0 entries are checked against ONNX's rules, not against dlc's inference);
// transpose, concat and softmax have index-by-index references. One flatten
// is the identity, so the model returns a view of its argument. split,
// slice (ONNX's clamping, negative indices and steps), gather and its
// adjoint scatter_add (negative, repeated and out-of-range indices), pad
// (every mode, negative constant pads) and channel shuffle (torchvision's
// reshape-transpose-reshape, re-stated with explicit indices) also have
// index-by-index references, as has expand
// (ONNX's bidirectional broadcast, random shapes included). cast is checked
// against C's conversions, with the special values (NaN, infinities, the
// i64 limits, rounding ties) placed among random ones.
//
//===----------------------------------------------------------------------===//

#include "OpTestUtils.h"

#include "dlc/Dialect/DLC/DataMovementOps.h"
#include "dlc/Dialect/DLC/PoolingOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"

#include <algorithm>
#include <cmath>
#include <iterator>
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

//===----------------------------------------------------------------------===//
// split
//===----------------------------------------------------------------------===//

namespace {

constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

struct SplitCase {
  std::string name;
  Shape input;
  int64_t axis;
  std::vector<int64_t> sizes;
};

void PrintTo(const SplitCase &c, std::ostream *os) { *os << c.name; }

class SplitTest : public ::testing::TestWithParam<SplitCase> {};

TEST_P(SplitTest, MatchesReference) {
  const SplitCase &c = GetParam();
  Rng rng = testRng();
  Tensor x = rng.tensor(c.input);
  int64_t rank = c.input.size();
  int64_t axis = c.axis < 0 ? c.axis + rank : c.axis;
  // Piece i holds the input elements whose index along `axis` is in
  // [offset_i, offset_i + sizes[i]), shifted down by offset_i.
  std::vector<RefTensor> expected;
  std::string results, types, returns;
  int64_t offset = 0;
  for (size_t i = 0; i < c.sizes.size(); ++i) {
    Shape shape = c.input;
    shape[axis] = c.sizes[i];
    RefTensor piece = zeros(shape);
    for (size_t e = 0; e < piece.data.size(); ++e) {
      std::vector<int64_t> index = unravel(e, shape);
      index[axis] += offset;
      piece.data[e] = x.data[broadcastOffset(index, c.input)];
    }
    offset += c.sizes[i];
    expected.push_back(piece);
    std::string sep = i ? ", " : "";
    types += sep + tensorType(shape);
    returns += sep + "%0#" + std::to_string(i);
  }
  std::string model =
      "func.func @main(%arg0: " + tensorType(c.input) + ") -> (" + types + ") {\n" +
      "  %0:" + std::to_string(c.sizes.size()) + " = dlc.split %arg0" +
      Attrs().i64("axis", c.axis).array("sizes", c.sizes).str() + " : (" +
      tensorType(c.input) + ") -> (" + types + ")\n" + "  return " + returns +
      " : " + types + "\n}\n";
  EXPECT_TRUE(runAndCompareAll(model, {x}, expected, optimized(), {{0.0, 0.0}}));
  EXPECT_TRUE(runAndCompareAll(model, {x}, expected, unoptimized(), {{0.0, 0.0}}));
}

INSTANTIATE_TEST_SUITE_P(
    DataMovement, SplitTest,
    ::testing::Values(SplitCase{"Axis0", {7, 5}, 0, {2, 5}},
                      SplitCase{"Axis1ThreePieces", {2, 9, 3}, 1, {1, 3, 5}},
                      SplitCase{"NegativeAxis", {3, 4, 13}, -1, {6, 7}},
                      SplitCase{"ChannelsNCHW", {2, 6, 5, 3}, 1, {3, 3}},
                      SplitCase{"SinglePiece", {5, 3}, 0, {5}}),
    [](const auto &info) { return info.param.name; });

//===----------------------------------------------------------------------===//
// slice
//===----------------------------------------------------------------------===//

struct SliceCase {
  std::string name;
  Shape input;
  std::vector<int64_t> starts, ends;
  std::optional<std::vector<int64_t>> axes, steps;
};

void PrintTo(const SliceCase &c, std::ostream *os) { *os << c.name; }

/// ONNX Slice (onnx/reference/ops/op_slice.py and the operator spec):
/// negative indices add the extent, then clamp to [0, d] for positive steps
/// and to [0, d - 1] / [-1, d - 1] for negative ones; the output takes
/// start, start + step, ... while before end.
RefTensor sliceReference(const SliceCase &c, const Tensor &x) {
  int64_t rank = c.input.size();
  std::vector<int64_t> first(rank, 0), step(rank, 1);
  Shape shape = c.input;
  for (size_t i = 0; i < c.starts.size(); ++i) {
    int64_t axis = c.axes ? (*c.axes)[i] : int64_t(i);
    if (axis < 0)
      axis += rank;
    int64_t d = c.input[axis], s = c.starts[i], e = c.ends[i];
    int64_t st = c.steps ? (*c.steps)[i] : 1;
    if (s < 0)
      s += d;
    if (e < 0)
      e += d;
    if (st > 0) {
      s = std::clamp<int64_t>(s, 0, d);
      e = std::clamp<int64_t>(e, 0, d);
    } else {
      s = std::clamp<int64_t>(s, 0, d - 1);
      e = std::clamp<int64_t>(e, -1, d - 1);
    }
    // Count by walking, not by a closed formula.
    int64_t n = 0;
    for (int64_t j = s; st > 0 ? j < e : j > e; ++n) {
      if ((st > 0 && j > kInt64Max - st) || (st < 0 && j < kInt64Min - st)) {
        ++n;
        break;
      }
      j += st;
    }
    first[axis] = s;
    step[axis] = st;
    shape[axis] = n;
  }
  RefTensor out = zeros(shape);
  for (size_t e = 0; e < out.data.size(); ++e) {
    std::vector<int64_t> index = unravel(e, shape);
    for (int64_t d = 0; d < rank; ++d)
      index[d] = first[d] + index[d] * step[d];
    out.data[e] = x.data[broadcastOffset(index, c.input)];
  }
  return out;
}

class SliceTest : public ::testing::TestWithParam<SliceCase> {};

TEST_P(SliceTest, MatchesReference) {
  const SliceCase &c = GetParam();
  Rng rng = testRng();
  Tensor x = rng.tensor(c.input);
  RefTensor expected = sliceReference(c, x);
  Attrs attrs;
  attrs.array("starts", c.starts).array("ends", c.ends);
  if (c.axes)
    attrs.array("axes", *c.axes);
  if (c.steps)
    attrs.array("steps", *c.steps);
  std::string model = buildModel("slice", {c.input}, attrs, expected.shape);
  EXPECT_TRUE(runAndCompare(model, {x}, expected, optimized(), {0.0, 0.0}));
  EXPECT_TRUE(runAndCompare(model, {x}, expected, unoptimized(), {0.0, 0.0}));
}

using Ints = std::vector<int64_t>;

INSTANTIATE_TEST_SUITE_P(
    DataMovement, SliceTest,
    ::testing::Values(
        SliceCase{"DefaultAxesAndSteps", {7, 9}, {1, 2}, {5, 8}},
        SliceCase{"LeadingAxesOnly", {5, 3, 7, 4}, {1, 1}, {4, 3}},
        SliceCase{"PositiveSteps", {13, 11}, {0, 1}, {13, 11}, std::nullopt, Ints{3, 2}},
        SliceCase{"ReverseAxis", {5, 7}, {-1}, {kInt64Min}, Ints{1}, Ints{-1}},
        SliceCase{"NegativeStride", {3, 17}, {15}, {2}, Ints{1}, Ints{-4}},
        SliceCase{"NegativeIndices", {4, 9, 5}, {-7, -3}, {-1, 100}, Ints{1, 2}},
        SliceCase{"ClampOutOfRange", {6, 7}, {-100, 3}, {100, 1000}, std::nullopt,
                  Ints{2, 1}},
        SliceCase{"NegativeStepClamp", {9, 2}, {100}, {-100}, std::nullopt, Ints{-2}},
        SliceCase{"UnorderedNegativeAxes", {3, 5, 7, 4}, {3, 2}, {0, 0}, Ints{-1, 0},
                  Ints{-2, -1}},
        SliceCase{"MixedStepSigns", {5, 6, 7}, {0, -2, 6}, {5, 0, 0}, Ints{0, 1, 2},
                  Ints{2, -1, -3}},
        SliceCase{"HugeSteps", {5, 6}, {4, 2}, {kInt64Min, kInt64Max}, Ints{0, 1},
                  Ints{kInt64Min, kInt64Max}},
        SliceCase{"EndMaxToTheEnd", {33, 3}, {17}, {kInt64Max}}),
    [](const auto &info) { return info.param.name; });

//===----------------------------------------------------------------------===//
// gather
//===----------------------------------------------------------------------===//

struct GatherCase {
  std::string name;
  Shape data;
  Shape indicesShape;
  std::vector<int64_t> indices;
  int64_t axis;
};

void PrintTo(const GatherCase &c, std::ostream *os) { *os << c.name; }

class GatherTest : public ::testing::TestWithParam<GatherCase> {};

TEST_P(GatherTest, MatchesReference) {
  const GatherCase &c = GetParam();
  Rng rng = testRng();
  Tensor data = rng.tensor(c.data);
  Tensor indices = Tensor::ofI64(c.indicesShape, c.indices);
  int64_t rank = c.data.size(), q = c.indicesShape.size();
  int64_t axis = c.axis < 0 ? c.axis + rank : c.axis;
  int64_t extent = c.data[axis];
  Shape outShape(c.data.begin(), c.data.begin() + axis);
  outShape.insert(outShape.end(), c.indicesShape.begin(), c.indicesShape.end());
  outShape.insert(outShape.end(), c.data.begin() + axis + 1, c.data.end());
  // ONNX Gather; indices outside [-d, d) are clamped as dlc documents.
  RefTensor expected = zeros(outShape);
  for (size_t e = 0; e < expected.data.size(); ++e) {
    std::vector<int64_t> out = unravel(e, outShape);
    std::vector<int64_t> at(out.begin() + axis, out.begin() + axis + q);
    int64_t idx = c.indices[q ? broadcastOffset(at, c.indicesShape) : 0];
    if (idx < 0)
      idx += extent;
    idx = std::clamp<int64_t>(idx, 0, extent - 1);
    std::vector<int64_t> in(out.begin(), out.begin() + axis);
    in.push_back(idx);
    in.insert(in.end(), out.begin() + axis + q, out.end());
    expected.data[e] = data.data[broadcastOffset(in, c.data)];
  }
  std::string indicesType = tensorType(c.indicesShape);
  indicesType.replace(indicesType.size() - 4, 3, "i64");
  std::string model = "func.func @main(%arg0: " + tensorType(c.data) +
                      ", %arg1: " + indicesType + ") -> " + tensorType(outShape) +
                      " {\n  %0 = dlc.gather %arg0, %arg1" +
                      Attrs().i64("axis", c.axis).str() + " : (" + tensorType(c.data) +
                      ", " + indicesType + ") -> " + tensorType(outShape) +
                      "\n  return %0 : " + tensorType(outShape) + "\n}\n";
  EXPECT_TRUE(runAndCompare(model, {data, indices}, expected, optimized(), {0.0, 0.0}));
  EXPECT_TRUE(
      runAndCompare(model, {data, indices}, expected, unoptimized(), {0.0, 0.0}));
}

INSTANTIATE_TEST_SUITE_P(
    DataMovement, GatherTest,
    ::testing::Values(
        // Embedding lookup: a [vocab, dim] table and a [batch, seq] of ids.
        GatherCase{"Embedding", {11, 5}, {2, 3}, {0, 10, 3, 3, 7, 1}, 0},
        GatherCase{"MiddleAxisNegativeIndices", {3, 7, 4}, {5}, {-1, 0, -7, 6, 2}, 1},
        GatherCase{"LastAxisMatrixIndices", {2, 3, 6}, {2, 2}, {5, -6, 0, 3}, -1},
        GatherCase{"ScalarIndex", {5, 13}, {}, {-2}, 0},
        GatherCase{"RepeatedIndices", {17, 3}, {7}, {4, 4, 4, 0, 16, 16, -17}, 0},
        // Outside [-d, d): clamped to the first/last slice (documented).
        GatherCase{"OutOfRangeClamped", {7, 3}, {4}, {7, 100, -8, -1000}, 0}),
    [](const auto &info) { return info.param.name; });

//===----------------------------------------------------------------------===//
// scatter_add
//===----------------------------------------------------------------------===//

/// scatter_add's cases reuse GatherCase: `data` is the result's shape, the
/// updates have gather's output shape.
class ScatterAddTest : public ::testing::TestWithParam<GatherCase> {};

TEST_P(ScatterAddTest, MatchesReference) {
  const GatherCase &c = GetParam();
  Rng rng = testRng();
  int64_t rank = c.data.size(), q = c.indicesShape.size();
  int64_t axis = c.axis < 0 ? c.axis + rank : c.axis;
  int64_t extent = c.data[axis];
  Shape updatesShape(c.data.begin(), c.data.begin() + axis);
  updatesShape.insert(updatesShape.end(), c.indicesShape.begin(), c.indicesShape.end());
  updatesShape.insert(updatesShape.end(), c.data.begin() + axis + 1, c.data.end());
  Tensor updates = rng.tensor(updatesShape);
  Tensor indices = Tensor::ofI64(c.indicesShape, c.indices);
  // Every update element is added at its wrapped, clamped index.
  RefTensor expected = zeros(c.data);
  for (int64_t e = 0; e < numElements(updatesShape); ++e) {
    std::vector<int64_t> at = unravel(e, updatesShape);
    std::vector<int64_t> i(at.begin() + axis, at.begin() + axis + q);
    int64_t idx = c.indices[q ? broadcastOffset(i, c.indicesShape) : 0];
    if (idx < 0)
      idx += extent;
    idx = std::clamp<int64_t>(idx, 0, extent - 1);
    std::vector<int64_t> out(at.begin(), at.begin() + axis);
    out.push_back(idx);
    out.insert(out.end(), at.begin() + axis + q, at.end());
    expected.data[broadcastOffset(out, c.data)] += updates.data[e];
  }
  std::string model = "func.func @main(%arg0: " + tensorType(updatesShape) +
                      ", %arg1: " + i64TensorType(c.indicesShape) + ") -> " +
                      tensorType(c.data) + " {\n  %0 = dlc.scatter_add %arg0, %arg1" +
                      Attrs().i64("axis", c.axis).i64("size", extent).str() + " : (" +
                      tensorType(updatesShape) + ", " + i64TensorType(c.indicesShape) +
                      ") -> " + tensorType(c.data) + "\n  return %0 : " +
                      tensorType(c.data) + "\n}\n";
  EXPECT_TRUE(runAndCompare(model, {updates, indices}, expected, optimized()));
  EXPECT_TRUE(runAndCompare(model, {updates, indices}, expected, unoptimized()));
}

INSTANTIATE_TEST_SUITE_P(
    DataMovement, ScatterAddTest,
    ::testing::Values(
        // An embedding gradient: [batch, seq, dim] rows into a [vocab, dim]
        // table, ids repeating (their rows accumulate), rows 2 and 9 none.
        GatherCase{"Embedding", {11, 5}, {2, 3}, {0, 10, 3, 3, 7, 1}, 0},
        GatherCase{"MiddleAxisNegativeIndices", {3, 7, 4}, {5}, {-1, 0, -7, 6, 6}, 1},
        GatherCase{"LastAxisMatrixIndices", {2, 3, 6}, {2, 2}, {5, -6, 0, 3}, -1},
        GatherCase{"ScalarIndex", {5, 13}, {}, {-2}, 0},
        GatherCase{"RepeatedIndices", {17, 3}, {7}, {4, 4, 4, 0, 16, 16, -17}, 0},
        GatherCase{"OutOfRangeClamped", {7, 3}, {4}, {7, 100, -8, -1000}, 0},
        // Odd extents: a 33-row table and 13-wide rows.
        GatherCase{"OddExtents", {33, 13}, {9}, {32, 0, 5, 5, -1, 17, 17, 17, 2}, 0}),
    [](const auto &info) { return info.param.name; });

//===----------------------------------------------------------------------===//
// pad
//===----------------------------------------------------------------------===//

struct PadCase {
  std::string name;
  Shape input;
  std::vector<int64_t> pads;
  std::string mode; ///< "" for the default ("constant")
  std::optional<double> value;
};

void PrintTo(const PadCase &c, std::ostream *os) { *os << c.name; }

class PadTest : public ::testing::TestWithParam<PadCase> {};

TEST_P(PadTest, MatchesReference) {
  const PadCase &c = GetParam();
  Rng rng = testRng();
  Tensor x = rng.tensor(c.input);
  int64_t rank = c.input.size();
  Shape outShape(rank);
  for (int64_t i = 0; i < rank; ++i)
    outShape[i] = c.pads[i] + c.input[i] + c.pads[rank + i];
  std::string mode = c.mode.empty() ? "constant" : c.mode;
  // numpy.pad's modes: "reflect" mirrors around the edge element without
  // repeating it, "edge" repeats the edge element.
  RefTensor expected = zeros(outShape);
  for (size_t e = 0; e < expected.data.size(); ++e) {
    std::vector<int64_t> index = unravel(e, outShape);
    bool outside = false;
    for (int64_t i = 0; i < rank; ++i) {
      int64_t d = c.input[i], s = index[i] - c.pads[i];
      if (mode == "reflect") {
        if (s < 0)
          s = -s;
        if (s >= d)
          s = 2 * (d - 1) - s;
      } else if (mode == "edge") {
        s = std::clamp<int64_t>(s, 0, d - 1);
      } else if (s < 0 || s >= d) {
        outside = true;
      }
      index[i] = s;
    }
    expected.data[e] =
        outside ? c.value.value_or(0.0) : x.data[broadcastOffset(index, c.input)];
  }
  Attrs attrs;
  attrs.array("pads", c.pads);
  std::string model = buildModel("pad", {c.input}, attrs, outShape);
  if (!c.mode.empty() || c.value) {
    // Attrs has no string entry: splice mode and value into the dictionary.
    std::string extra;
    if (!c.mode.empty())
      extra += ", mode = \"" + c.mode + "\"";
    if (c.value)
      extra += Attrs().f32("value", *c.value).str().replace(0, 2, ", ");
    if (!extra.empty() && extra.back() == '}')
      extra.pop_back();
    size_t close = model.find("} :");
    model.insert(close, extra);
  }
  EXPECT_TRUE(runAndCompare(model, {x}, expected, optimized(), {0.0, 0.0}));
  EXPECT_TRUE(runAndCompare(model, {x}, expected, unoptimized(), {0.0, 0.0}));
}

INSTANTIATE_TEST_SUITE_P(
    DataMovement, PadTest,
    ::testing::Values(
        PadCase{"ConstantDefaultZero", {3, 5}, {1, 2, 3, 0}},
        PadCase{"ConstantValue", {2, 3, 5, 7}, {0, 0, 1, 2, 0, 0, 3, 1}, "constant", -2.5},
        PadCase{"ConstantNegativeCrops", {5, 7}, {-2, 3, 1, -4}, "", 1.5},
        PadCase{"ConstantAllAxes", {3, 1, 5}, {1, 2, 0, 2, 0, 3}},
        PadCase{"Reflect", {2, 3, 5, 7}, {0, 0, 4, 2, 0, 0, 3, 6}, "reflect"},
        PadCase{"ReflectAsymmetric", {13, 3}, {12, 1, 0, 2}, "reflect"},
        PadCase{"Edge", {2, 3, 5, 7}, {0, 1, 4, 2, 0, 2, 3, 9}, "edge"},
        PadCase{"EdgeSingleElement", {1, 1}, {3, 2, 1, 4}, "edge"},
        PadCase{"NoPadding", {3, 5}, {0, 0, 0, 0}, "reflect"}),
    [](const auto &info) { return info.param.name; });

//===----------------------------------------------------------------------===//
// channel_shuffle
//===----------------------------------------------------------------------===//

class ChannelShuffleTest
    : public ::testing::TestWithParam<std::pair<Shape, int64_t>> {};

TEST_P(ChannelShuffleTest, MatchesTorchvision) {
  const auto &[shape, groups] = GetParam();
  Rng rng = testRng();
  Tensor x = rng.tensor(shape);
  // torchvision's shufflenetv2 channel_shuffle, step by step:
  // view(N, g, C/g, rest) -> transpose(1, 2) -> view(N, C, rest).
  int64_t n = shape[0], c = shape[1], perGroup = c / groups;
  int64_t rest = numElements(shape) / (n * c);
  RefTensor expected = zeros(shape);
  for (int64_t b = 0; b < n; ++b)
    for (int64_t j = 0; j < perGroup; ++j)     // transposed dim 1
      for (int64_t g = 0; g < groups; ++g)     // transposed dim 2
        for (int64_t r = 0; r < rest; ++r) {
          int64_t outChannel = j * groups + g; // flattened (C/g, g)
          int64_t inChannel = g * perGroup + j; // flattened (g, C/g)
          expected.data[(b * c + outChannel) * rest + r] =
              x.data[(b * c + inChannel) * rest + r];
        }
  std::string model = buildModel("channel_shuffle", {shape},
                                 Attrs().i64("groups", groups), shape,
                                 /*unaryFormat=*/true);
  EXPECT_TRUE(runAndCompare(model, {x}, expected, optimized(), {0.0, 0.0}));
  EXPECT_TRUE(runAndCompare(model, {x}, expected, unoptimized(), {0.0, 0.0}));
}

INSTANTIATE_TEST_SUITE_P(
    DataMovement, ChannelShuffleTest,
    ::testing::Values(std::pair{Shape{2, 6, 5, 3}, int64_t{2}},
                      std::pair{Shape{1, 12, 7, 7}, int64_t{3}},
                      std::pair{Shape{2, 15, 3}, int64_t{5}},
                      std::pair{Shape{1, 7, 3, 3}, int64_t{1}},
                      std::pair{Shape{1, 7, 2, 2}, int64_t{7}},
                      std::pair{Shape{3, 8}, int64_t{4}}),
    [](const auto &info) {
      return "Input" + shapeString(info.param.first) + "Groups" +
             std::to_string(info.param.second);
    });

//===----------------------------------------------------------------------===//
// expand
//===----------------------------------------------------------------------===//

/// A one-op model `%0 = dlc.<op> %arg0 {attrs} : (in) -> out` with the
/// element types spelled out.
std::string unaryModel(const std::string &op, const std::string &inType,
                       const Attrs &attrs, const std::string &outType) {
  return "func.func @main(%arg0: " + inType + ") -> " + outType + " {\n  %0 = dlc." +
         op + " %arg0" + attrs.str() + " : (" + inType + ") -> " + outType +
         "\n  return %0 : " + outType + "\n}\n";
}

/// ONNX Expand's result shape, written out: right-aligned, a 1 on either
/// side takes the other extent.
Shape expandShape(const Shape &in, const Shape &shape) {
  size_t rank = std::max(in.size(), shape.size());
  Shape out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t a = i < rank - in.size() ? 1 : in[i - (rank - in.size())];
    int64_t s = i < rank - shape.size() ? 1 : shape[i - (rank - shape.size())];
    out[i] = a == 1 ? s : a;
  }
  return out;
}

struct ExpandCase {
  std::string name;
  Shape input;
  std::vector<int64_t> shape;
  bool i64 = false; ///< expand an i64 tensor instead of an f32 one
};

void PrintTo(const ExpandCase &c, std::ostream *os) { *os << c.name; }

class ExpandTest : public ::testing::TestWithParam<ExpandCase> {};

TEST_P(ExpandTest, MatchesReference) {
  const ExpandCase &c = GetParam();
  Rng rng = testRng();
  Shape outShape = expandShape(c.input, c.shape);
  Tensor x = rng.tensor(c.input);
  if (c.i64) {
    std::vector<int64_t> values;
    for (float v : x.data)
      values.push_back(static_cast<int64_t>(v * 1e6f));
    x = Tensor::ofI64(c.input, values);
  }
  // output[i...] = input[j...], j_d = 0 on unit input dims (broadcastOffset).
  RefTensor expected = zeros(outShape);
  for (size_t e = 0; e < expected.data.size(); ++e) {
    int64_t at = broadcastOffset(unravel(e, outShape), c.input);
    expected.data[e] = c.i64 ? static_cast<double>(x.i64[at]) : x.data[at];
  }
  auto type = [&](const Shape &s) { return c.i64 ? i64TensorType(s) : tensorType(s); };
  std::string model = unaryModel("expand", type(c.input),
                                 Attrs().array("shape", c.shape), type(outShape));
  for (const JITOptions &options : {optimized(), unoptimized()})
    EXPECT_TRUE(runAndCompare(model, {x}, expected, options, {0.0, 0.0}));
}

INSTANTIATE_TEST_SUITE_P(
    DataMovement, ExpandTest,
    ::testing::Values(
        // ONNX's test_expand_dim_changed and test_expand_dim_unchanged.
        ExpandCase{"OnnxDimChanged", {3, 1}, {2, 1, 6}},
        ExpandCase{"OnnxDimUnchanged", {3, 1}, {3, 4}},
        ExpandCase{"LowerRankShapeKeepsExtents", {2, 5, 1, 7}, {1, 3, 1}},
        ExpandCase{"BothSidesBroadcast", {1, 13, 1}, {5, 1, 17}},
        ExpandCase{"ScalarToMatrix", {}, {7, 33}},
        ExpandCase{"Identity", {3, 5}, {3, 5}},
        ExpandCase{"EmptyAxis", {4, 1}, {4, 0}},
        ExpandCase{"I64Rows", {1, 65}, {3, 1}, true}),
    [](const auto &info) { return info.param.name; });

/// Random shapes: each input extent is 1 or its output extent, `shape` is
/// right-aligned with a random rank and 1 or the output extent per entry.
TEST(ExpandRandomTest, RandomShapes) {
  Rng rng = testRng();
  for (int draw = 0; draw < 4; ++draw) {
    int64_t rank = rng.range(1, 4);
    Shape full(rank);
    for (int64_t &d : full)
      d = rng.pick(oddSizes());
    int64_t inRank = rng.range(0, rank), shapeRank = rng.range(0, rank);
    // The dims both sides leave out are 1 on the input side.
    Shape in(full.end() - inRank, full.end());
    std::vector<int64_t> shape(full.end() - shapeRank, full.end());
    for (int64_t &d : in)
      d = rng.range(0, 1) ? d : 1;
    for (int64_t &d : shape)
      d = rng.range(0, 2) ? d : 1;
    Shape outShape = expandShape(in, shape);
    SCOPED_TRACE("expand " + shapeString(in) + " to " + shapeString(shape));
    Tensor x = rng.tensor(in);
    RefTensor expected = zeros(outShape);
    for (size_t e = 0; e < expected.data.size(); ++e)
      expected.data[e] = x.data[broadcastOffset(unravel(e, outShape), in)];
    std::string model = unaryModel("expand", tensorType(in),
                                   Attrs().array("shape", shape), tensorType(outShape));
    JITOptions options = draw % 2 ? unoptimized() : optimized();
    EXPECT_TRUE(runAndCompare(model, {x}, expected, options, {0.0, 0.0}));
  }
}

//===----------------------------------------------------------------------===//
// cast
//===----------------------------------------------------------------------===//

/// C's conversion where it is defined, INT64_MIN elsewhere (the documented
/// value for NaN, infinities and |x| >= 2^63).
int64_t castToI64(float v) {
  if (!(v >= -0x1p63f && v < 0x1p63f))
    return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(v);
}

class CastTest : public ::testing::TestWithParam<Shape> {};

/// f32 -> i64 truncates toward zero; values around +-0.5, +-1, large
/// magnitudes, NaN, infinities and the i64 limits are mixed in.
TEST_P(CastTest, F32ToI64TruncatesTowardZero) {
  const Shape &shape = GetParam();
  Rng rng = testRng();
  Tensor x = rng.tensor(shape, -100.0, 100.0);
  const float special[] = {0.5f,        -0.5f,    0.99999994f, -0.99999994f, 1.0f,
                           -1.0f,       -0.0f,    1.5e10f,     -1.5e10f,     0x1p62f,
                           -0x1p63f,    0x1p63f,  -0x1p64f,    INFINITY,     -INFINITY,
                           NAN};
  for (size_t i = 0; i < std::size(special) && i < x.data.size(); ++i)
    x.data[(i * 7) % x.data.size()] = special[i];
  RefTensor expected = zeros(shape);
  for (size_t i = 0; i < x.data.size(); ++i)
    expected.data[i] = static_cast<double>(castToI64(x.data[i]));
  std::string model = unaryModel("cast", tensorType(shape), {}, i64TensorType(shape));
  for (const JITOptions &options : {optimized(), unoptimized()})
    EXPECT_TRUE(runAndCompare(model, {x}, expected, options, {0.0, 0.0}));
}

/// i64 -> f32 rounds to nearest, ties to even (2^24 + 1 -> 2^24,
/// 2^24 + 3 -> 2^24 + 4), including the i64 limits.
TEST_P(CastTest, I64ToF32RoundsToNearest) {
  const Shape &shape = GetParam();
  Rng rng = testRng();
  std::vector<int64_t> values(numElements(shape));
  for (int64_t &v : values)
    v = rng.range(-(int64_t(1) << 40), int64_t(1) << 40);
  const int64_t special[] = {0,
                             -1,
                             (int64_t(1) << 24) + 1,
                             (int64_t(1) << 24) + 3,
                             -((int64_t(1) << 24) + 1),
                             std::numeric_limits<int64_t>::max(),
                             std::numeric_limits<int64_t>::min()};
  for (size_t i = 0; i < std::size(special) && i < values.size(); ++i)
    values[(i * 5) % values.size()] = special[i];
  Tensor x = Tensor::ofI64(shape, values);
  RefTensor expected = zeros(shape);
  for (size_t i = 0; i < values.size(); ++i)
    expected.data[i] = static_cast<double>(static_cast<float>(values[i]));
  std::string model = unaryModel("cast", i64TensorType(shape), {}, tensorType(shape));
  for (const JITOptions &options : {optimized(), unoptimized()})
    EXPECT_TRUE(runAndCompare(model, {x}, expected, options, {0.0, 0.0}));
}

/// A same-type cast folds away: the model returns its argument.
TEST_P(CastTest, SameTypeIsIdentity) {
  const Shape &shape = GetParam();
  Rng rng = testRng();
  Tensor x = rng.tensor(shape);
  RefTensor expected{shape, std::vector<double>(x.data.begin(), x.data.end())};
  std::string model = unaryModel("cast", tensorType(shape), {}, tensorType(shape));
  EXPECT_TRUE(runAndCompare(model, {x}, expected, optimized(), {0.0, 0.0}));
}

INSTANTIATE_TEST_SUITE_P(DataMovement, CastTest,
                         ::testing::Values(Shape{17}, Shape{3, 5, 7}, Shape{2, 65},
                                           Shape{1, 3, 13, 13}),
                         [](const auto &info) { return shapeString(info.param); });

//===----------------------------------------------------------------------===//
// The C++ builders infer every result type
//===----------------------------------------------------------------------===//

TEST(DataMovementBuilderTest, CreateWithoutResultTypes) {
  mlir::MLIRContext &ctx = context();
  mlir::OpBuilder b(&ctx);
  mlir::Location loc = b.getUnknownLoc();
  auto module = mlir::ModuleOp::create(loc);
  b.setInsertionPointToEnd(module.getBody());
  auto f32 = [&](Shape s) { return mlir::RankedTensorType::get(s, b.getF32Type()); };
  auto i64 = [&](Shape s) { return mlir::RankedTensorType::get(s, b.getI64Type()); };
  auto fn = mlir::func::FuncOp::create(
      b, loc, "f", b.getFunctionType({f32({2, 6, 5, 7}), i64({3, 4})}, {}));
  b.setInsertionPointToEnd(fn.addEntryBlock());
  auto a = fn.getArguments();
  using namespace mlir::dlc;
  auto split = SplitOp::create(b, loc, a[0], 1, {2, 4});
  ASSERT_EQ(split.getNumResults(), 2u);
  EXPECT_EQ(split.getResult(0).getType(), f32({2, 2, 5, 7}));
  EXPECT_EQ(split.getResult(1).getType(), f32({2, 4, 5, 7}));
  auto slice = SliceOp::create(b, loc, a[0], {-1}, {kInt64Min},
                               b.getDenseI64ArrayAttr({3}), b.getDenseI64ArrayAttr({-3}));
  EXPECT_EQ(slice.getType(), f32({2, 6, 5, 3}));
  auto leading = SliceOp::create(b, loc, a[0], {1}, {2}, nullptr, nullptr);
  EXPECT_EQ(leading.getType(), f32({1, 6, 5, 7}));
  EXPECT_EQ(GatherOp::create(b, loc, a[0], a[1], 2).getType(), f32({2, 6, 3, 4, 7}));
  EXPECT_EQ(GatherOp::create(b, loc, a[0], a[1]).getType(), f32({3, 4, 6, 5, 7}));
  auto pad = PadOp::create(b, loc, a[0], {0, 0, 1, 2, 0, 0, 3, 4});
  EXPECT_EQ(pad.getType(), f32({2, 6, 9, 13}));
  EXPECT_EQ(pad.getMode(), "constant");
  auto reflect = PadOp::create(b, loc, a[0], {0, 0, 1, 2, 0, 0, 3, 4}, "reflect");
  EXPECT_EQ(reflect.getMode(), "reflect");
  EXPECT_EQ(ChannelShuffleOp::create(b, loc, a[0], 3).getType(), f32({2, 6, 5, 7}));
  EXPECT_EQ(ExpandOp::create(b, loc, a[0], {3, 1, 1, 5, 1}).getType(),
            f32({3, 2, 6, 5, 7}));
  EXPECT_EQ(ExpandOp::create(b, loc, a[1], {2, 1, 1}).getType(), i64({2, 3, 4}));
  EXPECT_EQ(CastOp::create(b, loc, f32({3, 4}), a[1]).getType(), f32({3, 4}));
  mlir::func::ReturnOp::create(b, loc);
  EXPECT_TRUE(mlir::succeeded(mlir::verify(module)));
  module->erase();
}

} // namespace
