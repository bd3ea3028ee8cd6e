//===- ReductionTest.cpp - reduce_sum/mean/max/min/l2 ----------------------===//
//
// Every subset of axes of a rank-3 tensor with odd extents (the empty set
// meaning all axes), each written once with positive and once with negative
// axis numbers, with keepdims on and off, for each of the five reductions;
// then rank-1, rank-4 and long reductions, both optimization levels, and NaN
// propagation. The reference visits every input element and accumulates it
// into the output element its index maps to, in double precision.
//
//===----------------------------------------------------------------------===//

#include "OpTestUtils.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

#include <cmath>
#include <limits>

using namespace dlc::test;

namespace {

const std::vector<std::string> &reductionOps() {
  static const std::vector<std::string> ops = {"reduce_sum", "reduce_mean",
                                               "reduce_max", "reduce_min",
                                               "reduce_l2"};
  return ops;
}

struct ReduceCase {
  std::string name;
  Shape input;
  std::vector<int64_t> axes; ///< as written in the attribute
  bool keepdims;
  bool writeKeepdims = true; ///< false: rely on the default (true)
};

void PrintTo(const ReduceCase &c, std::ostream *os) { *os << c.name; }

/// The reference: every input element folded into its output element.
RefTensor reduceReference(const std::string &op, const Tensor &x,
                          const std::vector<int64_t> &axes, bool keepdims) {
  int64_t rank = x.shape.size();
  std::vector<bool> reduced(rank, axes.empty());
  for (int64_t a : axes)
    reduced[a < 0 ? a + rank : a] = true;
  Shape kept, out;
  int64_t count = 1;
  for (int64_t d = 0; d < rank; ++d) {
    if (reduced[d])
      count *= x.shape[d];
    if (!reduced[d])
      out.push_back(x.shape[d]);
    else if (keepdims)
      out.push_back(1);
  }
  RefTensor result = zeros(out);
  double init = op == "reduce_max"   ? -std::numeric_limits<double>::infinity()
                : op == "reduce_min" ? std::numeric_limits<double>::infinity()
                                     : 0.0;
  std::fill(result.data.begin(), result.data.end(), init);
  for (size_t i = 0; i < x.data.size(); ++i) {
    std::vector<int64_t> index = unravel(i, x.shape);
    int64_t o = 0;
    for (int64_t d = 0; d < rank; ++d)
      if (!reduced[d])
        o = o * x.shape[d] + index[d];
    double v = x.data[i];
    double &acc = result.data[o];
    if (op == "reduce_max")
      acc = std::max(acc, v);
    else if (op == "reduce_min")
      acc = std::min(acc, v);
    else if (op == "reduce_l2")
      acc += v * v;
    else
      acc += v;
  }
  for (double &v : result.data)
    if (op == "reduce_mean")
      v /= count;
    else if (op == "reduce_l2")
      v = std::sqrt(v);
  return result;
}

::testing::AssertionResult checkReduce(Rng &rng, const std::string &op,
                                       const ReduceCase &c, const JITOptions &options) {
  Tensor x = rng.tensor(c.input, -2.0, 2.0);
  RefTensor expected = reduceReference(op, x, c.axes, c.keepdims);
  Attrs attrs;
  if (!c.axes.empty())
    attrs.array("axes", c.axes);
  if (c.writeKeepdims)
    attrs.boolean("keepdims", c.keepdims);
  std::string model = buildModel(op, {c.input}, attrs, expected.shape);
  int64_t terms =
      numElements(c.input) / std::max<int64_t>(1, numElements(expected.shape));
  return runAndCompare(model, {x}, expected, options, reductionTolerance(terms));
}

/// Every subset of {0, 1, 2} of a [3, 5, 7] tensor (the empty subset both
/// as "no attribute" = all axes and as the explicit full list), written with
/// positive axes and with negative ones, keepdims on and off.
std::vector<ReduceCase> axesCombinations() {
  std::vector<ReduceCase> cases;
  Shape shape{3, 5, 7};
  for (int mask = 0; mask < 8; ++mask)
    for (bool negative : {false, true})
      for (bool keepdims : {true, false}) {
        if (mask == 0 && negative)
          continue; // nothing to write negatively
        std::vector<int64_t> axes;
        std::string name = "Axes";
        for (int64_t d = 0; d < 3; ++d)
          if (mask & (1 << d)) {
            axes.push_back(negative ? d - 3 : d);
            name += negative ? "M" + std::to_string(3 - d) : std::to_string(d);
          }
        if (mask == 0)
          name += "None";
        name += keepdims ? "_Keep" : "_Drop";
        cases.push_back({name, shape, axes, keepdims});
      }
  // Unordered axes and the default keepdims.
  cases.push_back({"Axes20_Keep", shape, {2, 0}, true});
  cases.push_back({"AxesM1_DefaultKeep", shape, {-1}, true, false});
  cases.push_back({"AxesNone_DefaultKeep", shape, {}, true, false});
  return cases;
}

class ReduceAxesTest
    : public ::testing::TestWithParam<std::tuple<ReduceCase, std::string>> {};

TEST_P(ReduceAxesTest, MatchesReference) {
  const auto &[c, op] = GetParam();
  Rng rng = testRng();
  EXPECT_TRUE(checkReduce(rng, op, c, optimized()));
}

INSTANTIATE_TEST_SUITE_P(Reductions, ReduceAxesTest,
                         ::testing::Combine(::testing::ValuesIn(axesCombinations()),
                                            ::testing::ValuesIn(reductionOps())),
                         [](const auto &info) {
                           return std::get<1>(info.param) + "_" +
                                  std::get<0>(info.param).name;
                         });

/// Other ranks and long reductions, at both optimization levels.
class ReduceShapeTest
    : public ::testing::TestWithParam<std::tuple<ReduceCase, std::string, bool>> {};

TEST_P(ReduceShapeTest, MatchesReference) {
  const auto &[c, op, opt] = GetParam();
  Rng rng = testRng();
  EXPECT_TRUE(checkReduce(rng, op, c, opt ? optimized() : unoptimized()));
}

INSTANTIATE_TEST_SUITE_P(
    Reductions, ReduceShapeTest,
    ::testing::Combine(
        ::testing::Values(ReduceCase{"Rank1_Keep", {65}, {0}, true},
                          ReduceCase{"Rank1_Drop", {65}, {-1}, false},
                          ReduceCase{"Long_Drop", {4099}, {}, false},
                          ReduceCase{"NCHWSpatial_Keep", {2, 5, 7, 9}, {2, 3}, true},
                          ReduceCase{"NCHWBatchSpatial_Drop", {2, 5, 7, 9},
                                     {0, -2, -1}, false},
                          ReduceCase{"NCHWChannels_Drop", {2, 13, 3, 5}, {1}, false},
                          ReduceCase{"UnitDims_Keep", {1, 17, 1, 3}, {0, 2}, true},
                          ReduceCase{"Rows_Drop", {33, 65}, {1}, false},
                          ReduceCase{"Columns_Keep", {33, 65}, {0}, true}),
        ::testing::ValuesIn(reductionOps()), ::testing::Bool()),
    [](const auto &info) {
      return std::get<1>(info.param) + "_" + std::get<0>(info.param).name +
             (std::get<2>(info.param) ? "" : "_O0");
    });

/// A NaN in a reduced slice makes that output NaN (torch.sum/amax/amin
/// propagate NaN); the other slices are unaffected.
TEST(ReduceSpecialTest, NaNPropagates) {
  mlir::MLIRContext &ctx = context();
  float nan = std::numeric_limits<float>::quiet_NaN();
  // [2, 3]: row 0 holds a NaN, row 1 does not.
  Tensor x{{2, 3}, {1.0f, nan, -2.0f, 4.0f, -5.0f, 6.0f}};
  for (const std::string &op : reductionOps())
    for (const JITOptions &options : {optimized(), unoptimized()}) {
      SCOPED_TRACE(op + (options.optLevel ? " -O3" : " -O0"));
      std::string model = buildModel(op, {{2, 3}}, Attrs().array("axes", {1}), {2, 1});
      auto module = mlir::parseSourceString<mlir::ModuleOp>(model, &ctx);
      ASSERT_TRUE(module);
      auto exe = mlir::dlc::Executable::compile(*module, options);
      ASSERT_TRUE(bool(exe)) << llvm::toString(exe.takeError());
      auto out = (*exe)->run({x});
      ASSERT_TRUE(bool(out)) << llvm::toString(out.takeError());
      EXPECT_TRUE(std::isnan((*out)[0].data[0])) << (*out)[0].data[0];
      EXPECT_FALSE(std::isnan((*out)[0].data[1]));
    }
}

} // namespace
