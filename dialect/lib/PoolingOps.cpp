//===- PoolingOps.cpp - dlc pooling ops: shape inference, verifiers -===//
//
// The pooling: max/avg (windowed, global, adaptive), max with indices, ROI
// pooling.
// Diagnostics follow OpUtils.h: lowercase, naming the operand, stating
// the expected and the actual value.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/PoolingOps.h"
#include "OpUtils.h"

#include <cmath>

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

namespace {
/// Spatial output extents of a pooling op over an NCHW input.
FailureOr<SmallVector<int64_t>>
inferPool2D(std::optional<Location> loc, StringRef op, Value input,
            ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
            ArrayRef<int64_t> padding, ArrayRef<int64_t> dilations,
            bool ceilMode) {
  if (failed(checkRank(loc, op, "input", input, 4, "NCHW")) ||
      failed(checkPositive(loc, op, "kernel_shape", kernel)) ||
      failed(checkPositive(loc, op, "strides", strides)) ||
      failed(checkPositive(loc, op, "dilations", dilations)) ||
      failed(checkPositive(loc, op, "padding", padding, /*allowZero=*/true)))
    return failure();
  for (int i = 0; i < 2; ++i)
    if (padding[i] >= kernel[i] || padding[i + 2] >= kernel[i])
      return fail(loc, op, "padding [", llvm::make_range(padding.begin(), padding.end()),
                  "] must be smaller than kernel_shape [",
                  llvm::make_range(kernel.begin(), kernel.end()), "]");
  ArrayRef<int64_t> in = shapeOf(input);
  SmallVector<int64_t> out{in[0], in[1], 0, 0};
  for (int i = 0; i < 2; ++i) {
    out[2 + i] = windowOutputSize(in[2 + i], kernel[i], strides[i], padding[i],
                                  padding[i + 2], dilations[i], ceilMode);
    if (out[2 + i] <= 0)
      return fail(loc, op, "kernel ", str(kernel), " (dilation ", str(dilations),
                  ") does not fit the padded input ", in[2] + padding[0] + padding[2],
                  "x", in[3] + padding[1] + padding[3]);
  }
  return out;
}
} // namespace

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

namespace {
/// The output shape of max pooling, from the attributes both max_pool2d and
/// max_pool2d_with_indices declare.
template <typename Adaptor>
FailureOr<SmallVector<int64_t>> inferMaxPool2D(std::optional<Location> loc,
                                               StringRef op, Adaptor adaptor) {
  return inferPool2D(loc, op, adaptor.getInput(), adaptor.getKernelShape(),
                     adaptor.getStrides(), adaptor.getPadding(),
                     adaptor.getDilations(), adaptor.getCeilMode());
}
} // namespace

LogicalResult MaxPool2DOp::inferReturnTypes(MLIRContext *ctx,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  auto out = inferMaxPool2D(loc, "max_pool2d", adaptor);
  if (failed(out))
    return failure();
  types.push_back(f32Tensor(ctx, *out));
  return success();
}

LogicalResult MaxPool2DWithIndicesOp::inferReturnTypes(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  StringRef op = "max_pool2d_with_indices";
  auto out = inferMaxPool2D(loc, op, adaptor);
  if (failed(out))
    return failure();
  auto order = static_cast<int64_t>(adaptor.getStorageOrder());
  if (order != 0 && order != 1)
    return fail(loc, op, "storage_order must be 0 (row-major) or 1 (column-major), got ",
                order);
  types.push_back(f32Tensor(ctx, *out));
  types.push_back(RankedTensorType::get(*out, IntegerType::get(ctx, 64)));
  return success();
}

LogicalResult AvgPool2DOp::inferReturnTypes(MLIRContext *ctx,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  int64_t noDilation[] = {1, 1};
  auto out = inferPool2D(loc, "avg_pool2d", adaptor.getInput(),
                         adaptor.getKernelShape(), adaptor.getStrides(),
                         adaptor.getPadding(), noDilation, adaptor.getCeilMode());
  if (failed(out))
    return failure();
  types.push_back(f32Tensor(ctx, *out));
  return success();
}

/// [N, C, 1, ...] for a global pooling op over every spatial dimension.
static LogicalResult inferGlobalPool(MLIRContext *ctx, std::optional<Location> loc,
                                     StringRef op, Value input,
                                     SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(input);
  if (in.size() < 3)
    return fail(loc, op, "input must have rank >= 3 (N, C, spatial...), got rank ",
                in.size());
  SmallVector<int64_t> out(in.begin(), in.end());
  std::fill(out.begin() + 2, out.end(), 1);
  types.push_back(f32Tensor(ctx, out));
  return success();
}

LogicalResult GlobalAvgPoolOp::inferReturnTypes(MLIRContext *ctx,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  return inferGlobalPool(ctx, loc, "global_avg_pool", adaptor.getInput(), types);
}

LogicalResult GlobalMaxPoolOp::inferReturnTypes(MLIRContext *ctx,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  return inferGlobalPool(ctx, loc, "global_max_pool", adaptor.getInput(), types);
}

namespace {
/// [N, C, OH, OW] for an adaptive pooling op.
LogicalResult inferAdaptivePool2D(MLIRContext *ctx, std::optional<Location> loc,
                                  StringRef op, Value input,
                                  ArrayRef<int64_t> outputSize,
                                  SmallVectorImpl<Type> &types) {
  if (failed(checkRank(loc, op, "input", input, 4, "NCHW")) ||
      failed(checkPositive(loc, op, "output_size", outputSize)))
    return failure();
  ArrayRef<int64_t> in = shapeOf(input);
  types.push_back(f32Tensor(ctx, {in[0], in[1], outputSize[0], outputSize[1]}));
  return success();
}
} // namespace

LogicalResult AdaptiveAvgPool2DOp::inferReturnTypes(MLIRContext *ctx,
                                                    std::optional<Location> loc,
                                                    Adaptor adaptor,
                                                    SmallVectorImpl<Type> &types) {
  return inferAdaptivePool2D(ctx, loc, "adaptive_avg_pool2d", adaptor.getInput(),
                             adaptor.getOutputSize(), types);
}

LogicalResult AdaptiveMaxPool2DOp::inferReturnTypes(MLIRContext *ctx,
                                                    std::optional<Location> loc,
                                                    Adaptor adaptor,
                                                    SmallVectorImpl<Type> &types) {
  return inferAdaptivePool2D(ctx, loc, "adaptive_max_pool2d", adaptor.getInput(),
                             adaptor.getOutputSize(), types);
}

LogicalResult RoiPoolOp::inferReturnTypes(MLIRContext *ctx,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  StringRef op = "roi_pool";
  if (failed(checkRank(loc, op, "input", adaptor.getInput(), 4, "NCHW")) ||
      failed(checkRank(loc, op, "rois", adaptor.getRois(), 2, "K x 5")) ||
      failed(checkPositive(loc, op, "pooled_size", adaptor.getPooledSize())))
    return failure();
  ArrayRef<int64_t> rois = shapeOf(adaptor.getRois());
  if (rois[1] != 5)
    return fail(loc, op, "rois must have 5 columns (batch_index, x1, y1, x2, y2), got ",
                rois[1]);
  float scale = adaptor.getSpatialScale().convertToFloat();
  if (!(scale > 0.0f) || std::isinf(scale))
    return fail(loc, op, "spatial_scale must be positive and finite, got ", scale);
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> pooled = adaptor.getPooledSize();
  types.push_back(f32Tensor(ctx, {rois[0], in[1], pooled[0], pooled[1]}));
  return success();
}

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/PoolingOps.cpp.inc"
