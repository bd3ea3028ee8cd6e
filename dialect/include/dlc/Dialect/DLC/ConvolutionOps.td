//===- ConvolutionOps.td - dlc convolution ops -*- tablegen -*-===//
//
// The convolution: conv2d, transposed convolution, im2col/col2im.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_CONVOLUTIONOPS_TD
#define DLC_DIALECT_DLC_CONVOLUTIONOPS_TD

include "dlc/Dialect/DLC/DLCBase.td"

def DLC_Conv2DOp : DLC_InferOp<"conv2d"> {
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


#endif // DLC_DIALECT_DLC_CONVOLUTIONOPS_TD
