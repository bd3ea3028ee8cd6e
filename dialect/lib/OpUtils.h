//===- OpUtils.h - shared checks for dlc shape inference ----------*- C++ -*-===//
//
// What every op family's `inferReturnTypes` uses: the error helper that
// formats "'dlc.<op>' op <message>", rank/positivity checks that name the
// operand, and axis normalization. Messages are lowercase, name the operand,
// and state the expected and the actual value.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_LIB_OPUTILS_H
#define DLC_DIALECT_LIB_OPUTILS_H

#include "dlc/Dialect/DLC/ShapeUtils.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"

#include <optional>
#include <string>

namespace mlir::dlc::detail {

/// Emits "'dlc.<op>' op <message>" at `loc` (if any) and returns failure.
template <typename... Args>
LogicalResult fail(std::optional<Location> loc, StringRef op, Args &&...args) {
  return emitOptionalError(loc, "'dlc.", op, "' op ",
                           std::forward<Args>(args)...);
}

inline ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

inline RankedTensorType f32Tensor(MLIRContext *ctx, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, Float32Type::get(ctx));
}

inline std::string str(ArrayRef<int64_t> shape) { return shapeToString(shape); }

/// Checks that `values` are all > 0 (or >= 0 when `allowZero`).
inline LogicalResult checkPositive(std::optional<Location> loc, StringRef op,
                            StringRef name, ArrayRef<int64_t> values,
                            bool allowZero = false) {
  for (int64_t v : values)
    if (v < 0 || (v == 0 && !allowZero))
      return fail(loc, op, name, " must be ", allowZero ? "non-negative" : "positive",
                  ", got [", llvm::make_range(values.begin(), values.end()), "]");
  return success();
}

/// Checks that `value` has rank `rank` and names it in the diagnostic.
inline LogicalResult checkRank(std::optional<Location> loc, StringRef op,
                        StringRef name, Value value, int64_t rank,
                        StringRef layout = "") {
  int64_t actual = shapeOf(value).size();
  if (actual == rank)
    return success();
  return fail(loc, op, name, " must have rank ", rank,
              layout.empty() ? "" : " (", layout, layout.empty() ? "" : ")",
              ", got rank ", actual, " (", str(shapeOf(value)), ")");
}

/// Normalizes `axis` (which may be negative) against `rank`.
inline FailureOr<int64_t> normalizeAxis(std::optional<Location> loc, StringRef op,
                                 int64_t axis, int64_t rank,
                                 bool inclusiveEnd = false) {
  // Negative axes count from the end (axis + rank) in both forms; the
  // inclusive form (ONNX Flatten) also accepts `rank` itself.
  int64_t lo = -rank, hi = inclusiveEnd ? rank : rank - 1;
  if (axis < lo || axis > hi)
    return fail(loc, op, "axis ", axis, " is out of range for rank ", rank,
                " (expected ", lo, " to ", hi, ")");
  return axis < 0 ? axis + rank : axis;
}

} // namespace mlir::dlc::detail

#endif // DLC_DIALECT_LIB_OPUTILS_H
