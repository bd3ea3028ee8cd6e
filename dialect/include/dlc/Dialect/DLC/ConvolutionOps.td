//===- ConvolutionOps.td - dlc convolution ops -*- tablegen -*-===//
//
// The convolution: conv2d, transposed convolution, im2col/col2im.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_CONVOLUTIONOPS_TD
#define DLC_DIALECT_DLC_CONVOLUTIONOPS_TD

include "dlc/Dialect/DLC/DLCBase.td"

def DLC_Conv2DOp : DLC_InferOp<"conv2d", [DLC_Differentiable]> {
  let summary = "2-D convolution (NCHW input, FCHW filter, optional bias)";
  let description = [{
    `output[n, f, y, x] = bias[f] + sum_{c, i, j} input[n, g*C/G + c,
    y*sh + i*dh - pt, x*sw + j*dw - pl] * filter[f, c, i, j]`, where `g` is the
    group of output channel `f`. `padding` is `[top, left, bottom, right]`.
    The filter has shape `[F, C/groups, KH, KW]`.
  }];
  let arguments = (ins DLC_Tensor:$input, DLC_Tensor:$filter,
                       Optional<DLC_Tensor>:$bias,
                       DefaultValuedAttr<DLC_I64Pair, "{1, 1}">:$strides,
                       DefaultValuedAttr<DLC_I64Quad, "{0, 0, 0, 0}">:$padding,
                       DefaultValuedAttr<DLC_I64Pair, "{1, 1}">:$dilations,
                       DefaultValuedAttr<I64Attr, "1">:$groups);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat =
      "$input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)";
}

def DLC_ConvTranspose2DOp : DLC_InferOp<"conv_transpose2d", [DLC_Differentiable]> {
  let summary = "2-D transposed convolution (NCHW input, CFHW filter, optional bias)";
  let description = [{
    PyTorch `ConvTranspose2d` / ONNX `ConvTranspose`: the adjoint of
    `conv2d` with respect to its input. The filter has shape
    `[C, F/groups, KH, KW]` (input channels first); the output has `F`
    channels. Every input element scatters a weighted copy of the kernel:

    `output[n, g*F/G + f, y*sh + i*dh - pt, x*sw + j*dw - pl] +=
       input[n, g*C/G + c, y, x] * filter[g*C/G + c, f, i, j]`,

    plus `bias[f]` everywhere, where positions outside the output are
    dropped. `padding` is `[top, left, bottom, right]` (cropped from the
    full scatter), `output_padding` (`[h, w]`, each smaller than the stride
    or the dilation of its dim) adds rows/columns at the bottom/right:

    `OH = (H - 1)*sh - pt - pb + dh*(KH - 1) + output_padding[0] + 1`
    (likewise OW).
  }];
  let arguments = (ins DLC_Tensor:$input, DLC_Tensor:$filter,
                       Optional<DLC_Tensor>:$bias,
                       DefaultValuedAttr<DLC_I64Pair, "{1, 1}">:$strides,
                       DefaultValuedAttr<DLC_I64Quad, "{0, 0, 0, 0}">:$padding,
                       DefaultValuedAttr<DLC_I64Pair, "{0, 0}">:$output_padding,
                       DefaultValuedAttr<DLC_I64Pair, "{1, 1}">:$dilations,
                       DefaultValuedAttr<I64Attr, "1">:$groups);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat =
      "$input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)";
}

def DLC_Im2ColOp : DLC_InferOp<"im2col", [DLC_Differentiable]> {
  let summary = "sliding-window patches as columns (PyTorch nn.Unfold)";
  let description = [{
    `[N, C, H, W] -> [N, C*KH*KW, OH*OW]` with
    `output[n, (c*KH + i)*KW + j, oy*OW + ox] =
       input[n, c, oy*sh + i*dh - pt, ox*sw + j*dw - pl]`
    (zero where that position is in the padding). `padding` is
    `[top, left, bottom, right]`; `OH`, `OW` are conv2d's output extents.
  }];
  let arguments = (ins DLC_Tensor:$input,
                       DLC_I64Pair:$kernel_shape,
                       DefaultValuedAttr<DLC_I64Pair, "{1, 1}">:$strides,
                       DefaultValuedAttr<DLC_I64Quad, "{0, 0, 0, 0}">:$padding,
                       DefaultValuedAttr<DLC_I64Pair, "{1, 1}">:$dilations);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def DLC_Col2ImOp : DLC_InferOp<"col2im", [DLC_Differentiable]> {
  let summary = "columns summed back into an image (PyTorch nn.Fold)";
  let description = [{
    The adjoint of `im2col`: `[N, C*KH*KW, L] -> [N, C, H, W]` with
    `[H, W] = output_size` and
    `output[n, c, y, x] = sum of input[n, (c*KH + i)*KW + j, oy*OW + ox]`
    over every `(i, j, oy, ox)` with `oy*sh + i*dh - pt = y` and
    `ox*sw + j*dw - pl = x` (overlapping windows add up; entries that fall
    in the padding are dropped). `L` must equal `OH*OW`, the number of
    windows conv2d's rule gives for `output_size`.
  }];
  let arguments = (ins DLC_Tensor:$input,
                       DLC_I64Pair:$output_size,
                       DLC_I64Pair:$kernel_shape,
                       DefaultValuedAttr<DLC_I64Pair, "{1, 1}">:$strides,
                       DefaultValuedAttr<DLC_I64Quad, "{0, 0, 0, 0}">:$padding,
                       DefaultValuedAttr<DLC_I64Pair, "{1, 1}">:$dilations);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

#endif // DLC_DIALECT_DLC_CONVOLUTIONOPS_TD
