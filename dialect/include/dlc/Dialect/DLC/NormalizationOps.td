//===- NormalizationOps.td - dlc normalization ops -*- tablegen -*-===//
//
// The normalization: batch_norm (inference, training), lrn.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_NORMALIZATIONOPS_TD
#define DLC_DIALECT_DLC_NORMALIZATIONOPS_TD

include "dlc/Dialect/DLC/DLCBase.td"

def DLC_BatchNormOp : DLC_InferOp<"batch_norm"> {
  let summary = "batch normalization, inference form (running statistics)";
  let description = [{
    `output = scale[c] * (input - mean[c]) / sqrt(var[c] + epsilon) + bias[c]`
    over channel dimension 1. The training form (batch statistics, running
    statistic update with the unbiased variance) comes with autodiff.
  }];
  let arguments = (ins DLC_Tensor:$input, DLC_Tensor:$scale, DLC_Tensor:$bias,
                       DLC_Tensor:$mean, DLC_Tensor:$variance,
                       DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:`
    functional-type(operands, results)
  }];
}


#endif // DLC_DIALECT_DLC_NORMALIZATIONOPS_TD
