//===- PoolingUtils.h - bins shared by the pooling lowerings ------*- C++ -*-===//
//
// The bin arithmetic that the forward pooling lowerings (Pooling.cpp) and
// their adjoints (PoolingBackward.cpp) must agree on exactly: PyTorch's
// adaptive bins and torchvision's ROI bins and batch indices.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CONVERSION_DLCTOLINALG_POOLINGUTILS_H
#define DLC_CONVERSION_DLCTOLINALG_POOLINGUTILS_H

#include "mlir/IR/Builders.h"

#include <utility>

namespace mlir::dlc::pooling {

/// Whether index `i` lies in PyTorch's adaptive bin `o` of `outSize` bins
/// over `inSize` elements: floor(o * in / out) <= i < ceil((o + 1) * in / out).
/// `o` and `i` are index values (inside a linalg body); returns an i1.
Value inAdaptiveBin(OpBuilder &b, Location loc, Value o, Value i, int64_t inSize,
                    int64_t outSize);

/// The clamped bin bounds of every ROI along one axis, as two i64 tensors
/// [K, P] (start, end), by torchvision's rule in f32:
///   lo = round(rois[:, loCol] * scale), hi = round(rois[:, hiCol] * scale)
///   bin = max(hi - lo + 1, 1) / P
///   start = clamp(floor(p * bin) + lo, 0, extent)
///   end   = clamp(ceil((p + 1) * bin) + lo, 0, extent)
std::pair<Value, Value> roiBinBounds(OpBuilder &b, Location loc, Value rois,
                                     int64_t loCol, int64_t hiCol, int64_t pooled,
                                     int64_t extent, float scale);

/// The image each ROI reads, as an index tensor [K]: int(rois[k, 0]),
/// clamped in f32 (NaN included) to [0, batch - 1] before truncating.
Value roiBatchIndices(OpBuilder &b, Location loc, Value rois, int64_t batch);

} // namespace mlir::dlc::pooling

#endif // DLC_CONVERSION_DLCTOLINALG_POOLINGUTILS_H
