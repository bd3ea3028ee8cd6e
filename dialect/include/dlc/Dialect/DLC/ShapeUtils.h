//===- ShapeUtils.h - shape arithmetic shared by ops and lowering -*- C++ -*-===//
//
// Pure shape arithmetic (no IR): the output extent of a sliding window, the
// average pooling divisor and NumPy broadcasting. Shape inference, the
// lowering and the gradient rules all use these, so the lowering pads and
// iterates exactly the extents the verifier accepted, and the adjoints
// divide by exactly what the forward did.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_SHAPEUTILS_H
#define DLC_DIALECT_DLC_SHAPEUTILS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <optional>

namespace mlir::dlc {

/// Output extent of a window of `kernel` taps (dilated by `dilation`) sliding
/// with `stride` over `input` elements padded by `padBegin`/`padEnd`. With
/// `ceilMode` the division rounds up, except that a window may not start in
/// the end padding (PyTorch and ONNX agree on this). Returns a value <= 0
/// when the window does not fit.
int64_t windowOutputSize(int64_t input, int64_t kernel, int64_t stride,
                         int64_t padBegin, int64_t padEnd, int64_t dilation,
                         bool ceilMode);

/// The number of elements average pooling divides window `index` by along
/// one axis (PyTorch's rule): the window clipped to the explicitly padded
/// input when `countIncludePad`, else to the input itself; the rows a
/// ceil_mode window reaches past the end padding never count. The divisor
/// of a 2-D window is the product over both axes.
int64_t avgPoolDivisor(int64_t index, int64_t input, int64_t kernel, int64_t stride,
                       int64_t padBegin, int64_t padEnd, bool countIncludePad);

/// NumPy broadcast of two shapes; std::nullopt if they are incompatible.
std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs);

/// `NxCxHxW`-style rendering of a shape for diagnostics.
std::string shapeToString(llvm::ArrayRef<int64_t> shape);

} // namespace mlir::dlc

#endif // DLC_DIALECT_DLC_SHAPEUTILS_H
