//===- OpTestUtils.h - numerics tests of dlc ops: shared helpers -*- C++ -*-===//
//
// Every op test builds a one-op model as MLIR text, JIT-compiles it, runs it
// on seeded random tensors and compares the output with a naive reference
// kernel written in the test itself (plain loops in double precision,
// PyTorch/ONNX semantics). This header holds what the op families share:
// shapes and index arithmetic, the random source, the model text builder and
// the compile-run-compare check with its failure message.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TESTS_UNIT_OPS_OPTESTUTILS_H
#define DLC_TESTS_UNIT_OPS_OPTESTUTILS_H

#include "dlc/Target/JIT.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace dlc::test {

using Shape = std::vector<int64_t>;
using mlir::dlc::JITOptions;
using mlir::dlc::Tensor;

/// The reference result: row-major values in double precision.
struct RefTensor {
  Shape shape;
  std::vector<double> data;
};

//===----------------------------------------------------------------------===//
// Shapes and indices
//===----------------------------------------------------------------------===//

int64_t numElements(const Shape &shape);
/// "2x3x5", or "scalar" for rank 0.
std::string shapeString(const Shape &shape);
/// The row-major multi-index of `offset` in `shape`.
std::vector<int64_t> unravel(int64_t offset, const Shape &shape);
/// NumPy broadcast of two shapes (the test cases are always compatible).
Shape broadcastShapes(const Shape &lhs, const Shape &rhs);
/// The row-major offset in a tensor of shape `in` of the element that NumPy
/// broadcasting maps to the output multi-index `index` (right-aligned; unit
/// dimensions of `in` read index 0).
int64_t broadcastOffset(const std::vector<int64_t> &index, const Shape &in);
/// A zero-filled reference tensor.
RefTensor zeros(const Shape &shape);

/// Output extent of a sliding window, by PyTorch's rule: floor (or ceil)
/// of the padded room over the stride, plus one; with ceil mode the last
/// window must start inside the input or the begin padding.
int64_t windowExtent(int64_t input, int64_t kernel, int64_t stride,
                     int64_t padBegin, int64_t padEnd, int64_t dilation,
                     bool ceilMode);

//===----------------------------------------------------------------------===//
// Random data
//===----------------------------------------------------------------------===//

/// A seeded source of sizes and tensor values. The distributions are written
/// out (not std::uniform_*_distribution) so the data is the same with every
/// standard library.
class Rng {
public:
  explicit Rng(uint64_t seed) : engine(seed) {}
  /// Uniform in [lo, hi).
  double uniform(double lo, double hi);
  /// Uniform in [lo, hi], inclusive.
  int64_t range(int64_t lo, int64_t hi);
  template <typename T> const T &pick(const std::vector<T> &values) {
    return values[range(0, static_cast<int64_t>(values.size()) - 1)];
  }
  /// A tensor with values uniform in [lo, hi).
  Tensor tensor(const Shape &shape, double lo = -1.0, double hi = 1.0);

private:
  std::mt19937_64 engine;
};

/// An Rng seeded from the running test's full name: each test has its own
/// fixed data, reproducible by re-running that test alone.
Rng testRng();

/// Odd extents that are not multiples of the vector width or register tile.
inline const std::vector<int64_t> &oddSizes() {
  static const std::vector<int64_t> sizes = {1, 3, 5, 7, 13, 17, 33, 65};
  return sizes;
}

//===----------------------------------------------------------------------===//
// Model text
//===----------------------------------------------------------------------===//

/// An op's attribute dictionary in MLIR syntax, built entry by entry.
class Attrs {
public:
  Attrs &i64(const std::string &name, int64_t value);
  Attrs &array(const std::string &name, const std::vector<int64_t> &values);
  Attrs &f32(const std::string &name, double value);
  Attrs &boolean(const std::string &name, bool value);
  /// A string attribute (`name = "value"`); `value` needs no escaping.
  Attrs &string(const std::string &name, const std::string &value);
  /// " {a = ..., b = ...}", or "" when empty.
  std::string str() const;

private:
  std::vector<std::string> entries;
};

/// "tensor<2x3xf32>" ("tensor<f32>" for rank 0).
std::string tensorType(const Shape &shape);
/// "tensor<2x3xi64>" ("tensor<i64>" for rank 0).
std::string i64TensorType(const Shape &shape);

/// `  %name = dlc.constant {attrs} dense<...> : T` holding `t` (f32), with
/// `attrs` (e.g. `dlc.param = "trainable"`) when given.
std::string denseConstant(const std::string &name, const Tensor &t,
                          const std::string &attrs = "");

/// Model text applying the dlc op `op` (e.g. "conv2d") to one function
/// argument per input shape and returning its result:
///
///   func.func @main(%arg0: T0, ...) -> R {
///     %0 = dlc.<op> %arg0, ... {attrs} : (T0, ...) -> R
///     return %0 : R
///   }
///
/// `unaryFormat` selects the activations' `: T0` assembly format.
std::string buildModel(const std::string &op, const std::vector<Shape> &inputs,
                       const Attrs &attrs, const Shape &output,
                       bool unaryFormat = false);

//===----------------------------------------------------------------------===//
// Compile, run, compare
//===----------------------------------------------------------------------===//

/// |actual - expected| <= atol + rtol * |expected|, elementwise.
struct Tolerance {
  double rtol = 1e-4;
  double atol = 1e-5;
};

/// For sums of `terms` products of O(1) values: float32 accumulation error
/// grows with the number of terms, so the absolute floor does too.
inline Tolerance reductionTolerance(int64_t terms) {
  return {1e-4, std::max(1e-5, 1e-6 * static_cast<double>(terms))};
}

/// The optimized configuration (tiling, vectorization, threads) and the
/// unoptimized one (no tiling/vectorization, one thread).
inline JITOptions optimized() { return {3, true}; }
inline JITOptions unoptimized() { return {0, false}; }

/// The process-wide context with every dialect and translation dlc needs.
mlir::MLIRContext &context();

/// Parses `model`, compiles it with `options`, runs it on `inputs` and
/// compares its single output with `expected`. A failure message holds the
/// diagnostics, the mismatch count, the largest error and the first
/// mismatching elements by multi-index, and the model text. Also checks
/// that the run left the inputs untouched.
::testing::AssertionResult runAndCompare(const std::string &model,
                                         const std::vector<Tensor> &inputs,
                                         const RefTensor &expected,
                                         const JITOptions &options = optimized(),
                                         Tolerance tolerance = {});

/// The same for a model with several outputs (e.g. split, batch_norm_train,
/// lstm), compared in order. `tolerances` holds one entry per output, or
/// fewer (the last one repeats; none means the default).
::testing::AssertionResult
runAndCompareAll(const std::string &model, const std::vector<Tensor> &inputs,
                 const std::vector<RefTensor> &expected,
                 const JITOptions &options = optimized(),
                 std::vector<Tolerance> tolerances = {});

} // namespace dlc::test

#endif // DLC_TESTS_UNIT_OPS_OPTESTUTILS_H
