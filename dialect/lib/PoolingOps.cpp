//===- PoolingOps.cpp - dlc pooling ops: shape inference, verifiers -===//
//
// The pooling: max/avg (windowed, global, adaptive), max with indices, ROI
// pooling, and the adjoints of the max poolings.
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
/// The output shape of a pooling op over an NCHW input of shape `in`.
FailureOr<SmallVector<int64_t>>
inferPool2D(std::optional<Location> loc, StringRef op, ArrayRef<int64_t> in,
            ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
            ArrayRef<int64_t> padding, ArrayRef<int64_t> dilations,
            bool ceilMode) {
  if (failed(checkPositive(loc, op, "kernel_shape", kernel)) ||
      failed(checkPositive(loc, op, "strides", strides)) ||
      failed(checkPositive(loc, op, "dilations", dilations)) ||
      failed(checkPositive(loc, op, "padding", padding, /*allowZero=*/true)))
    return failure();
  for (int i = 0; i < 2; ++i)
    if (padding[i] >= kernel[i] || padding[i + 2] >= kernel[i])
      return fail(loc, op, "padding [", llvm::make_range(padding.begin(), padding.end()),
                  "] must be smaller than kernel_shape [",
                  llvm::make_range(kernel.begin(), kernel.end()), "]");
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
/// max_pool2d_with_indices' flat index orders.
LogicalResult checkStorageOrder(std::optional<Location> loc, StringRef op, int64_t order) {
  if (order != 0 && order != 1)
    return fail(loc, op, "storage_order must be 0 (row-major) or 1 (column-major), got ",
                order);
  return success();
}

/// The output shape of max pooling, from the attributes both max_pool2d and
/// max_pool2d_with_indices declare.
template <typename Adaptor>
FailureOr<SmallVector<int64_t>> inferMaxPool2D(std::optional<Location> loc,
                                               StringRef op, Adaptor adaptor) {
  if (failed(checkRank(loc, op, "input", adaptor.getInput(), 4, "NCHW")))
    return failure();
  return inferPool2D(loc, op, shapeOf(adaptor.getInput()), adaptor.getKernelShape(),
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
  if (failed(checkStorageOrder(loc, op, adaptor.getStorageOrder())))
    return failure();
  types.push_back(f32Tensor(ctx, *out));
  types.push_back(RankedTensorType::get(*out, IntegerType::get(ctx, 64)));
  return success();
}

LogicalResult AvgPool2DOp::inferReturnTypes(MLIRContext *ctx,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  int64_t noDilation[] = {1, 1};
  if (failed(checkRank(loc, "avg_pool2d", "input", adaptor.getInput(), 4, "NCHW")))
    return failure();
  auto out = inferPool2D(loc, "avg_pool2d", shapeOf(adaptor.getInput()),
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

/// roi_pool's and its adjoint's scale from image to feature-map coordinates.
static LogicalResult checkSpatialScale(std::optional<Location> loc, StringRef op,
                                       const APFloat &value) {
  float scale = value.convertToFloat();
  if (!(scale > 0.0f) || std::isinf(scale))
    return fail(loc, op, "spatial_scale must be positive and finite, got ", scale);
  return success();
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
  if (failed(checkSpatialScale(loc, op, adaptor.getSpatialScale())))
    return failure();
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> pooled = adaptor.getPooledSize();
  types.push_back(f32Tensor(ctx, {rois[0], in[1], pooled[0], pooled[1]}));
  return success();
}

//===----------------------------------------------------------------------===//
// Adjoints
//===----------------------------------------------------------------------===//

namespace {
/// Checks that `grad` (an adjoint of a pooled output) has shape `expected`.
LogicalResult checkGradShape(std::optional<Location> loc, StringRef op, Value grad,
                             ArrayRef<int64_t> expected, StringRef what) {
  if (shapeOf(grad) == expected)
    return success();
  return fail(loc, op, "grad must have shape ", str(expected), " (", what, "), got ",
              str(shapeOf(grad)));
}
} // namespace

LogicalResult MaxPool2DBackwardOp::inferReturnTypes(MLIRContext *ctx,
                                                    std::optional<Location> loc,
                                                    Adaptor adaptor,
                                                    SmallVectorImpl<Type> &types) {
  StringRef op = "max_pool2d_backward";
  if (failed(checkRank(loc, op, "grad", adaptor.getGrad(), 4, "NCHW")) ||
      failed(checkPositive(loc, op, "input_size", adaptor.getInputSize())) ||
      failed(checkStorageOrder(loc, op, adaptor.getStorageOrder())))
    return failure();
  ArrayRef<int64_t> g = shapeOf(adaptor.getGrad()), size = adaptor.getInputSize();
  SmallVector<int64_t> in{g[0], g[1], size[0], size[1]};
  auto pooled = inferPool2D(loc, op, in, adaptor.getKernelShape(), adaptor.getStrides(),
                            adaptor.getPadding(), adaptor.getDilations(),
                            adaptor.getCeilMode());
  if (failed(pooled) ||
      failed(checkGradShape(loc, op, adaptor.getGrad(), *pooled,
                            "the pooled shape of input_size " + str(size))))
    return failure();
  if (shapeOf(adaptor.getIndices()) != g)
    return fail(loc, op, "indices must have grad's shape ", str(g), ", got ",
                str(shapeOf(adaptor.getIndices())));
  types.push_back(f32Tensor(ctx, in));
  return success();
}

LogicalResult AdaptiveMaxPool2DBackwardOp::inferReturnTypes(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  StringRef op = "adaptive_max_pool2d_backward";
  if (failed(checkRank(loc, op, "input", adaptor.getInput(), 4, "NCHW")) ||
      failed(checkRank(loc, op, "grad", adaptor.getGrad(), 4, "NCHW")))
    return failure();
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput()), g = shapeOf(adaptor.getGrad());
  if (failed(checkGradShape(loc, op, adaptor.getGrad(), {in[0], in[1], g[2], g[3]},
                            "the input's batch and channels")))
    return failure();
  types.push_back(f32Tensor(ctx, in));
  return success();
}

LogicalResult RoiPoolBackwardOp::inferReturnTypes(MLIRContext *ctx,
                                                  std::optional<Location> loc,
                                                  Adaptor adaptor,
                                                  SmallVectorImpl<Type> &types) {
  StringRef op = "roi_pool_backward";
  if (failed(checkRank(loc, op, "input", adaptor.getInput(), 4, "NCHW")) ||
      failed(checkRank(loc, op, "rois", adaptor.getRois(), 2, "K x 5")) ||
      failed(checkRank(loc, op, "grad", adaptor.getGrad(), 4, "K, C, PH, PW")))
    return failure();
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput()), rois = shapeOf(adaptor.getRois());
  ArrayRef<int64_t> g = shapeOf(adaptor.getGrad());
  if (rois[1] != 5)
    return fail(loc, op, "rois must have 5 columns (batch_index, x1, y1, x2, y2), got ",
                rois[1]);
  if (failed(checkGradShape(loc, op, adaptor.getGrad(), {rois[0], in[1], g[2], g[3]},
                            "one bin grid per ROI and input channel")))
    return failure();
  if (failed(checkSpatialScale(loc, op, adaptor.getSpatialScale())))
    return failure();
  types.push_back(f32Tensor(ctx, in));
  return success();
}

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/PoolingOps.cpp.inc"
