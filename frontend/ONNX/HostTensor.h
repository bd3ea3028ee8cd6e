//===- HostTensor.h - tensors the ONNX importer computes with -----*- C++ -*-===//
//
// Values known at import time: initializers, Constant nodes, and what the
// importer folds (the Shape -> Gather -> Concat -> Reshape chains exporters
// emit, weight re-orderings). Floating types are held as float, integer and
// boolean types as int64; `dtype` keeps the ONNX element type so that a
// Cast or a graph output still sees the declared type. The operations here
// are the few an importer needs to fold data movement and shape arithmetic;
// they follow ONNX/NumPy semantics and never index out of bounds.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_FRONTEND_ONNX_HOSTTENSOR_H
#define DLC_FRONTEND_ONNX_HOSTTENSOR_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace onnx {
class TensorProto;
}

namespace mlir::dlc::onnx_import {

/// ONNX TensorProto element types (onnx.proto's DataType enum).
enum DType : int32_t {
  kUndefined = 0, kFloat = 1, kUInt8 = 2, kInt8 = 3, kUInt16 = 4, kInt16 = 5,
  kInt32 = 6, kInt64 = 7, kString = 8, kBool = 9, kFloat16 = 10, kDouble = 11,
  kUInt32 = 12, kUInt64 = 13, kBFloat16 = 16
};

/// "FLOAT", "INT64", ... as ONNX spells them.
std::string dtypeName(int32_t dtype);
bool isFloatDType(int32_t dtype);
bool isIntDType(int32_t dtype); ///< integer types and BOOL

using Shape = std::vector<int64_t>;

/// Product of the extents (1 for a scalar).
int64_t numElements(llvm::ArrayRef<int64_t> shape);

struct HostTensor {
  int32_t dtype = kFloat;
  Shape shape;
  std::vector<float> floats;  ///< floating dtypes
  std::vector<int64_t> ints;  ///< integer dtypes and BOOL

  bool isFloat() const { return isFloatDType(dtype); }
  int64_t numel() const { return numElements(shape); }
  /// Element `i` as a double, whatever the storage.
  double at(int64_t i) const { return isFloat() ? floats[i] : static_cast<double>(ints[i]); }

  static HostTensor ofInts(Shape shape, std::vector<int64_t> values,
                           int32_t dtype = kInt64);
  static HostTensor ofFloats(Shape shape, std::vector<float> values);

  /// A tensor of `shape` whose element i is this tensor's element
  /// `sources[i]` (the primitive behind the data-movement folds).
  HostTensor pick(Shape shape, llvm::ArrayRef<int64_t> sources) const;
  /// The same values under another shape of the same element count.
  HostTensor reshaped(Shape shape) const;
  /// Converted to `to` (ONNX Cast: float -> int truncates toward zero).
  HostTensor cast(int32_t to) const;
};

/// Decodes a TensorProto (raw_data or the typed fields). Refuses external
/// data, strings and data that does not fill the declared shape.
llvm::Expected<HostTensor> decodeTensor(const onnx::TensorProto &proto);

//===----------------------------------------------------------------------===//
// Folding primitives (ONNX semantics; the caller has checked ranks/axes)
//===----------------------------------------------------------------------===//

/// Row-major strides of `shape`.
Shape stridesOf(llvm::ArrayRef<int64_t> shape);

HostTensor transpose(const HostTensor &t, llvm::ArrayRef<int64_t> perm);
/// ONNX Slice with already-normalized axes (one entry per axis of `t`).
HostTensor slice(const HostTensor &t, llvm::ArrayRef<int64_t> starts,
                 llvm::ArrayRef<int64_t> steps, const Shape &outShape);
HostTensor concat(llvm::ArrayRef<const HostTensor *> parts, int64_t axis);
/// ONNX Gather (negative indices wrap; the caller has range-checked them).
HostTensor gather(const HostTensor &data, const HostTensor &indices, int64_t axis);
/// NumPy broadcast of `t` to `shape` (the caller has checked compatibility).
HostTensor broadcastTo(const HostTensor &t, const Shape &shape);
/// ONNX ScatterND: `data` with the slices `indices` (int64, [..., k]) names
/// replaced by (`reduction` "add"/"mul": combined with) those of `updates`.
/// Fails on an index out of range (negative ones wrap) and on shapes that do
/// not fit (updates must be indices.shape[:-1] + data.shape[k:]).
llvm::Expected<HostTensor> scatterND(const HostTensor &data, const HostTensor &indices,
                                     const HostTensor &updates, llvm::StringRef reduction);

enum class BinaryFn { Add, Sub, Mul, Div, Pow, Max, Min, Equal, Less, Greater, Mod, FMod };
/// Elementwise with NumPy broadcasting; integer Div truncates toward zero;
/// Mod takes the divisor's sign (Python's %), FMod the dividend's (C's fmod),
/// as ONNX Mod with fmod = 0 / 1.
/// The result has lhs's dtype (BOOL for comparisons). Fails on shapes that
/// do not broadcast and on integer division (or Mod) by zero.
llvm::Expected<HostTensor> binary(BinaryFn fn, const HostTensor &lhs,
                                  const HostTensor &rhs);

enum class UnaryFn { Neg, Abs, Sqrt, Exp, Log, Reciprocal, Relu, Sigmoid, Tanh,
                     Erf, Softplus, HardSwish, Floor, Ceil, Not };
HostTensor unary(UnaryFn fn, const HostTensor &t);

/// ONNX Where(cond, x, y) with broadcasting; x and y share a dtype.
llvm::Expected<HostTensor> where(const HostTensor &cond, const HostTensor &x,
                                 const HostTensor &y);

enum class ReduceFn { Sum, Mean, Max, Min, Prod };
/// Reduces over `axes` (normalized, distinct); an empty list reduces all.
HostTensor reduce(ReduceFn fn, const HostTensor &t, llvm::ArrayRef<int64_t> axes,
                  bool keepDims);

} // namespace mlir::dlc::onnx_import

#endif // DLC_FRONTEND_ONNX_HOSTTENSOR_H
