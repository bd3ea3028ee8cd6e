//===- NormalizationOps.td - dlc normalization ops -*- tablegen -*-===//
//
// The normalization: batch_norm (inference, training), lrn.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_NORMALIZATIONOPS_TD
#define DLC_DIALECT_DLC_NORMALIZATIONOPS_TD

include "dlc/Dialect/DLC/DLCBase.td"

def DLC_BatchNormOp : DLC_InferOp<"batch_norm", [DLC_Differentiable]> {
  let summary = "batch normalization, inference form (running statistics)";
  let description = [{
    `output = scale[c] * (input - mean[c]) / sqrt(var[c] + epsilon) + bias[c]`
    over channel dimension 1. The training form is `batch_norm_train`.
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

def DLC_BatchNormTrainOp : DLC_InferOp<"batch_norm_train", [DLC_Differentiable]> {
  let summary = "batch normalization, training form (batch statistics)";
  let description = [{
    Over channel dimension 1 of an `[N, C, ...]` input (BatchNorm1d on
    `[N, C]` and `[N, C, L]`, BatchNorm2d on NCHW), with `M` the number of
    elements per channel (`N * L` or `N * H * W`):

    `batch_mean[c] = sum(x[:, c]) / M`,
    `batch_var[c] = sum((x[:, c] - batch_mean[c])^2) / M` (biased),
    `output = scale[c] * (x - batch_mean[c]) / sqrt(batch_var[c] + epsilon) + bias[c]`,
    `new_running_mean = (1 - momentum) * running_mean + momentum * batch_mean`,
    `new_running_var = (1 - momentum) * running_var + momentum * v`,

    where `v = batch_var * M / (M - 1)` (the unbiased estimate, as PyTorch
    and the study sheet use; needs `M > 1`) when `unbiased_running_var`,
    else `v = batch_var` (the ONNX spec's population variance). `momentum`
    follows PyTorch (weight of the new batch; ONNX's momentum is
    `1 - momentum`). `batch_mean` and `batch_var` are the statistics the
    output was normalized with, kept for the backward pass.
  }];
  let arguments = (ins DLC_Tensor:$input, DLC_Tensor:$scale, DLC_Tensor:$bias,
                       DLC_Tensor:$running_mean, DLC_Tensor:$running_var,
                       DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon,
                       DefaultValuedAttr<F32Attr, "0.1">:$momentum,
                       DefaultValuedAttr<BoolAttr, "true">:$unbiased_running_var);
  let results = (outs DLC_Tensor:$output, DLC_Tensor:$new_running_mean,
                      DLC_Tensor:$new_running_var, DLC_Tensor:$batch_mean,
                      DLC_Tensor:$batch_var);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $running_mean `,` $running_var attr-dict `:`
    functional-type(operands, results)
  }];
}

def DLC_LRNOp : DLC_InferOp<"lrn", [DLC_Differentiable]> {
  let summary = "local response normalization across channels (ONNX LRN)";
  let description = [{
    Over channel dimension 1 of an `[N, C, ...]` input (rank >= 3):

    `output[n, c, ...] = input[n, c, ...] /
       (bias + alpha / size * sum_{c'} input[n, c', ...]^2)^beta`,

    the sum running over `c'` in `[c - floor((size - 1) / 2),
    c + ceil((size - 1) / 2)]` clipped to `[0, C)`. This is ONNX's window;
    PyTorch's `nn.LocalResponseNorm` (with `k` = `bias`) has the same window
    for odd `size` and, for even `size`, one shifted by one channel
    (`[c - size/2, c + size/2 - 1]`).
  }];
  let arguments = (ins DLC_Tensor:$input,
                       I64Attr:$size,
                       DefaultValuedAttr<F32Attr, "1.0e-4">:$alpha,
                       DefaultValuedAttr<F32Attr, "0.75">:$beta,
                       DefaultValuedAttr<F32Attr, "1.0">:$bias);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

#endif // DLC_DIALECT_DLC_NORMALIZATIONOPS_TD
