//===- PoolingOps.td - dlc pooling ops -*- tablegen -*-===//
//
// The pooling: max/avg (windowed, global, adaptive), ROI pooling.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_POOLINGOPS_TD
#define DLC_DIALECT_DLC_POOLINGOPS_TD

include "dlc/Dialect/DLC/DLCBase.td"

def DLC_MaxPool2DOp : DLC_InferOp<"max_pool2d"> {
  let summary = "2-D max pooling over NCHW";
  let description = [{
    Padding is `[top, left, bottom, right]` and never wins the max. With
    `ceil_mode` the output size rounds up, but a window never starts in the
    bottom/right padding (PyTorch's rule).
  }];
  let arguments = (ins DLC_Tensor:$input,
                       DLC_I64Pair:$kernel_shape,
                       DefaultValuedAttr<DLC_I64Pair, "{1, 1}">:$strides,
                       DefaultValuedAttr<DLC_I64Quad, "{0, 0, 0, 0}">:$padding,
                       DefaultValuedAttr<DLC_I64Pair, "{1, 1}">:$dilations,
                       DefaultValuedAttr<BoolAttr, "false">:$ceil_mode);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def DLC_AvgPool2DOp : DLC_InferOp<"avg_pool2d"> {
  let summary = "2-D average pooling over NCHW";
  let description = [{
    With `count_include_pad` the divisor counts the explicit padding (but not
    the extra rows/columns `ceil_mode` adds); without it, only input elements.
  }];
  let arguments = (ins DLC_Tensor:$input,
                       DLC_I64Pair:$kernel_shape,
                       DefaultValuedAttr<DLC_I64Pair, "{1, 1}">:$strides,
                       DefaultValuedAttr<DLC_I64Quad, "{0, 0, 0, 0}">:$padding,
                       DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
                       DefaultValuedAttr<BoolAttr, "false">:$count_include_pad);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def DLC_GlobalAvgPoolOp : DLC_InferOp<"global_avg_pool"> {
  let summary = "mean over all spatial dimensions: [N, C, ...] -> [N, C, 1, ...]";
  let arguments = (ins DLC_Tensor:$input);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}


#endif // DLC_DIALECT_DLC_POOLINGOPS_TD
