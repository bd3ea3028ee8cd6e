//===- ReductionOps.td - dlc reduction ops -*- tablegen -*-===//
//
// The reductions over axes: sum, mean, max, min, L2 norm.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_REDUCTIONOPS_TD
#define DLC_DIALECT_DLC_REDUCTIONOPS_TD

include "dlc/Dialect/DLC/DLCBase.td"

/// A reduction over `axes` with ONNX's attribute names: negative axes count
/// from the end, an empty `axes` reduces every axis (ONNX's default
/// noop_with_empty_axes = 0), duplicates are rejected, and `keepdims` keeps
/// each reduced axis as an extent of 1.
class DLC_ReduceOp<string mnemonic, string formula>
    : DLC_InferOp<mnemonic, [DLC_Differentiable]> {
  let summary = formula # " over `axes`";
  let arguments = (ins DLC_Tensor:$input,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$axes,
                       DefaultValuedAttr<BoolAttr, "true">:$keepdims);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def DLC_ReduceSumOp : DLC_ReduceOp<"reduce_sum", "sum"> {
  let description = [{
    y = sum of x over `axes` (torch.sum(dim, keepdim), ONNX ReduceSum).
    `axes` may be negative (counted from the end), empty means every axis,
    duplicates (after normalization) are rejected; `keepdims` (default
    true) keeps reduced axes with extent 1. NaN propagates.
  }];
}
def DLC_ReduceMeanOp : DLC_ReduceOp<"reduce_mean", "arithmetic mean"> {
  let description = [{
    y = (sum of x over `axes`) / (product of the reduced extents)
    (torch.mean, ONNX ReduceMean). Axes and keepdims as for reduce_sum.
  }];
}
def DLC_ReduceMaxOp : DLC_ReduceOp<"reduce_max", "maximum"> {
  let description = [{
    y = max of x over `axes` (torch.amax, ONNX ReduceMax); a NaN among the
    reduced elements gives NaN. Axes and keepdims as for reduce_sum. The
    backward routes the gradient to the elements equal to the maximum.
  }];
}
def DLC_ReduceMinOp : DLC_ReduceOp<"reduce_min", "minimum"> {
  let description = [{
    y = min of x over `axes` (torch.amin, ONNX ReduceMin); a NaN among the
    reduced elements gives NaN. Axes and keepdims as for reduce_sum.
  }];
}
def DLC_ReduceL2Op : DLC_ReduceOp<"reduce_l2", "L2 norm"> {
  let description = [{
    y = sqrt(sum of x^2 over `axes`) (ONNX ReduceL2, torch.linalg.vector_norm
    with ord 2). Axes and keepdims as for reduce_sum. Backward: dx = g * x / y.
  }];
}



#endif // DLC_DIALECT_DLC_REDUCTIONOPS_TD
