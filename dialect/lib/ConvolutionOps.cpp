//===- ConvolutionOps.cpp - dlc convolution ops: shape inference, verifiers -===//
//
// The convolution: conv2d, transposed convolution, im2col/col2im.
// Diagnostics follow OpUtils.h: lowercase, naming the operand, stating
// the expected and the actual value.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/ConvolutionOps.h"
#include "OpUtils.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

//===----------------------------------------------------------------------===//
// Conv2DOp
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  StringRef op = "conv2d";
  if (failed(checkRank(loc, op, "input", adaptor.getInput(), 4, "NCHW")) ||
      failed(checkRank(loc, op, "filter", adaptor.getFilter(), 4, "FCHW")) ||
      failed(checkPositive(loc, op, "strides", adaptor.getStrides())) ||
      failed(checkPositive(loc, op, "dilations", adaptor.getDilations())) ||
      failed(checkPositive(loc, op, "padding", adaptor.getPadding(), true)))
    return failure();
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> w = shapeOf(adaptor.getFilter());
  int64_t groups = adaptor.getGroups();
  if (groups < 1)
    return fail(loc, op, "groups must be positive, got ", groups);
  if (in[1] % groups != 0)
    return fail(loc, op, "input channels (", in[1],
                ") are not divisible by groups (", groups, ")");
  if (w[0] % groups != 0)
    return fail(loc, op, "output channels (", w[0],
                ") are not divisible by groups (", groups, ")");
  if (w[1] * groups != in[1])
    return fail(loc, op, "filter expects ", w[1] * groups,
                " input channels (", w[1], " per group x ", groups,
                " groups) but the input has ", in[1]);
  if (Value bias = adaptor.getBias()) {
    ArrayRef<int64_t> b = shapeOf(bias);
    if (b.size() != 1 || b[0] != w[0])
      return fail(loc, op, "bias must have shape ", w[0], " (one per output channel), got ",
                  str(b));
  }
  ArrayRef<int64_t> s = adaptor.getStrides(), p = adaptor.getPadding(),
                    d = adaptor.getDilations();
  SmallVector<int64_t> out{in[0], w[0], 0, 0};
  for (int i = 0; i < 2; ++i) {
    out[2 + i] = windowOutputSize(in[2 + i], w[2 + i], s[i], p[i], p[i + 2],
                                  d[i], /*ceilMode=*/false);
    if (out[2 + i] <= 0)
      return fail(loc, op, "kernel ", w[2], "x", w[3], " (dilation ", str(d),
                  ") does not fit the padded input ", in[2] + p[0] + p[2], "x",
                  in[3] + p[1] + p[3]);
  }
  types.push_back(f32Tensor(ctx, out));
  return success();
}

//===----------------------------------------------------------------------===//
// ConvTranspose2DOp
//===----------------------------------------------------------------------===//

LogicalResult ConvTranspose2DOp::inferReturnTypes(MLIRContext *ctx,
                                                  std::optional<Location> loc,
                                                  Adaptor adaptor,
                                                  SmallVectorImpl<Type> &types) {
  StringRef op = "conv_transpose2d";
  if (failed(checkRank(loc, op, "input", adaptor.getInput(), 4, "NCHW")) ||
      failed(checkRank(loc, op, "filter", adaptor.getFilter(), 4, "CFHW")) ||
      failed(checkPositive(loc, op, "strides", adaptor.getStrides())) ||
      failed(checkPositive(loc, op, "dilations", adaptor.getDilations())) ||
      failed(checkPositive(loc, op, "padding", adaptor.getPadding(), true)) ||
      failed(checkPositive(loc, op, "output_padding", adaptor.getOutputPadding(),
                           true)))
    return failure();
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> w = shapeOf(adaptor.getFilter());
  ArrayRef<int64_t> s = adaptor.getStrides(), p = adaptor.getPadding(),
                    d = adaptor.getDilations(), op2 = adaptor.getOutputPadding();
  int64_t groups = adaptor.getGroups();
  if (groups < 1)
    return fail(loc, op, "groups must be positive, got ", groups);
  if (in[1] % groups != 0)
    return fail(loc, op, "input channels (", in[1],
                ") are not divisible by groups (", groups, ")");
  if (w[0] != in[1])
    return fail(loc, op, "filter dim 0 must equal the input channels (", in[1],
                "), got ", w[0]);
  int64_t f = w[1] * groups;
  if (Value bias = adaptor.getBias()) {
    ArrayRef<int64_t> b = shapeOf(bias);
    if (b.size() != 1 || b[0] != f)
      return fail(loc, op, "bias must have shape ", f,
                  " (one per output channel), got ", str(b));
  }
  for (int i = 0; i < 2; ++i)
    if (op2[i] >= s[i] && op2[i] >= d[i])
      return fail(loc, op, "output_padding [", op2[0], ", ", op2[1],
                  "] must be smaller than the stride [", s[0], ", ", s[1],
                  "] or the dilation [", d[0], ", ", d[1], "] in each dim");
  SmallVector<int64_t> out{in[0], f, 0, 0};
  for (int i = 0; i < 2; ++i) {
    out[2 + i] = (in[2 + i] - 1) * s[i] - p[i] - p[i + 2] +
                 d[i] * (w[2 + i] - 1) + op2[i] + 1;
    if (out[2 + i] <= 0)
      return fail(loc, op, "padding [", llvm::make_range(p.begin(), p.end()),
                  "] leaves an empty output (", out[2 + i], " along dim ", 2 + i,
                  ")");
  }
  types.push_back(f32Tensor(ctx, out));
  return success();
}

//===----------------------------------------------------------------------===//
// Im2ColOp, Col2ImOp
//===----------------------------------------------------------------------===//

namespace {
/// Checks the window attributes shared by im2col/col2im and returns the
/// number of windows [OH, OW] over an image of `image` ([H, W]).
FailureOr<SmallVector<int64_t>>
inferWindows(std::optional<Location> loc, StringRef op, ArrayRef<int64_t> image,
             ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
             ArrayRef<int64_t> padding, ArrayRef<int64_t> dilations) {
  if (failed(checkPositive(loc, op, "kernel_shape", kernel)) ||
      failed(checkPositive(loc, op, "strides", strides)) ||
      failed(checkPositive(loc, op, "dilations", dilations)) ||
      failed(checkPositive(loc, op, "padding", padding, /*allowZero=*/true)))
    return failure();
  SmallVector<int64_t> windows(2);
  for (int i = 0; i < 2; ++i) {
    windows[i] = windowOutputSize(image[i], kernel[i], strides[i], padding[i],
                                  padding[i + 2], dilations[i], /*ceilMode=*/false);
    if (windows[i] <= 0)
      return fail(loc, op, "kernel ", str(kernel), " (dilation ", str(dilations),
                  ") does not fit the padded image ", image[0] + padding[0] + padding[2],
                  "x", image[1] + padding[1] + padding[3]);
  }
  return windows;
}
} // namespace

LogicalResult Im2ColOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  StringRef op = "im2col";
  if (failed(checkRank(loc, op, "input", adaptor.getInput(), 4, "NCHW")))
    return failure();
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> k = adaptor.getKernelShape();
  auto windows = inferWindows(loc, op, in.drop_front(2), k, adaptor.getStrides(),
                              adaptor.getPadding(), adaptor.getDilations());
  if (failed(windows))
    return failure();
  types.push_back(
      f32Tensor(ctx, {in[0], in[1] * k[0] * k[1], (*windows)[0] * (*windows)[1]}));
  return success();
}

LogicalResult Col2ImOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  StringRef op = "col2im";
  if (failed(checkRank(loc, op, "input", adaptor.getInput(), 3, "N, C*KH*KW, L")) ||
      failed(checkPositive(loc, op, "output_size", adaptor.getOutputSize())))
    return failure();
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> k = adaptor.getKernelShape(), size = adaptor.getOutputSize();
  auto windows = inferWindows(loc, op, size, k, adaptor.getStrides(),
                              adaptor.getPadding(), adaptor.getDilations());
  if (failed(windows))
    return failure();
  int64_t taps = k[0] * k[1];
  if (in[1] % taps != 0)
    return fail(loc, op, "input dim 1 (", in[1],
                ") must be a multiple of the kernel size ", k[0], "x", k[1], " (",
                taps, ")");
  int64_t count = (*windows)[0] * (*windows)[1];
  if (in[2] != count)
    return fail(loc, op, "input dim 2 (", in[2], ") must equal the number of windows ",
                count, " (", (*windows)[0], "x", (*windows)[1], ") over output_size ",
                size[0], "x", size[1]);
  types.push_back(f32Tensor(ctx, {in[0], in[1] / taps, size[0], size[1]}));
  return success();
}

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/ConvolutionOps.cpp.inc"
