//===- OptimizerOps.td - dlc optimizer ops -*- tablegen -*-===//
//
// One optimizer step for one parameter tensor: ONNX's
// ai.onnx.preview.training Adagrad, Momentum and Adam (version 1), with the
// arithmetic of the ONNX reference implementations (onnx/backend/test/case/
// node/{adagrad,momentum,adam}.py), which the conformance suite checks.
// ONNX's ops take several parameter tensors at once; the importer emits one
// dlc op per (X, G, state...) group with the shared R and T.
//
// Common conventions:
//   * `r` (the learning rate) is a rank-0 f32 tensor, `t` (the update count)
//     a rank-0 i64 tensor; `x` (the parameter), `g` (its gradient) and the
//     state tensors share one shape, which every result has.
//   * Tensor arithmetic is f32, element by element. Where the reference
//     computes a scalar factor from `r`, `t` and the attributes in NumPy
//     float64 (any expression involving `t`), the op does too and rounds
//     the factor to f32 once, as NumPy does when it meets an f32 array.
//     The attributes are f32 (ONNX attributes are 32-bit floats).
//   * These are ONNX's formulas, not torch.optim's; each description says
//     where they differ (the `dlc train` optimizers follow torch.optim).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_OPTIMIZEROPS_TD
#define DLC_DIALECT_DLC_OPTIMIZEROPS_TD

include "dlc/Dialect/DLC/DLCBase.td"

/// An optimizer step: operands r, t, x, g and the state tensors; results
/// the new x and the new states, each of x's type.
class DLC_OptimizerOp<string mnemonic> : DLC_InferOp<mnemonic> {
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

def DLC_AdagradOp : DLC_OptimizerOp<"adagrad"> {
  let summary = "one Adagrad step (ONNX ai.onnx.preview.training Adagrad-1)";
  let description = [{
    With `h` the accumulated squared gradient:

    ```
    r_     = r / (1 + t * decay_factor)          (float64, then rounded to f32)
    g_     = norm_coefficient * x + g
    h_new  = h + g_ * g_
    x_new  = x - r_ * g_ / (sqrt(h_new) + epsilon)   ((r_ * g_) / (...))
    ```

    ```mlir
    %x1, %h1 = dlc.adagrad %r, %t, %x, %g, %h {decay_factor = 0.1 : f32}
        : (tensor<f32>, tensor<i64>, tensor<3x4xf32>, tensor<3x4xf32>,
           tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>)
    ```

    ONNX's defaults: decay_factor 0, epsilon 1e-6, norm_coefficient 0.
    torch.optim.Adagrad computes the same update with lr_decay for
    decay_factor, weight_decay for norm_coefficient and its 1-based step
    counter minus one for t (torch: `lr / (1 + (step - 1) * lr_decay)`), but
    defaults eps to 1e-10 and can start `h` at initial_accumulator_value.
  }];
  let arguments = (ins DLC_Tensor:$r, DLC_IndexTensor:$t, DLC_Tensor:$x,
                       DLC_Tensor:$g, DLC_Tensor:$h,
                       DefaultValuedAttr<F32Attr, "0.0f">:$decay_factor,
                       DefaultValuedAttr<F32Attr, "1e-6f">:$epsilon,
                       DefaultValuedAttr<F32Attr, "0.0f">:$norm_coefficient);
  let results = (outs DLC_Tensor:$x_new, DLC_Tensor:$h_new);
  // The importer's form: AdagradOp::create(b, loc, r, t, x, g, h[, decay, eps, nc]).
  let builders = [
    OpBuilder<(ins "Value":$r, "Value":$t, "Value":$x, "Value":$g, "Value":$h,
                   CArg<"float", "0.0f">:$decay_factor,
                   CArg<"float", "1e-6f">:$epsilon,
                   CArg<"float", "0.0f">:$norm_coefficient), [{
      build($_builder, $_state, r, t, x, g, h, ::llvm::APFloat(decay_factor),
            ::llvm::APFloat(epsilon), ::llvm::APFloat(norm_coefficient));
    }]>
  ];
}

def DLC_MomentumOp : DLC_OptimizerOp<"momentum"> {
  let summary = "one SGD-with-momentum step (ONNX ai.onnx.preview.training "
                "Momentum-1)";
  let description = [{
    With `v` the momentum (all four attributes are required, as in ONNX):

    ```
    g_     = norm_coefficient * x + g
    beta_  = (t > 0) ? beta : 1
    v_new  = alpha * v + beta_ * g_
    "standard": x_new = x - r * v_new
    "nesterov": x_new = x - r * (g_ + alpha * v_new)
    ```

    ```mlir
    %x1, %v1 = dlc.momentum %r, %t, %x, %g, %v {alpha = 0.9 : f32,
        beta = 1.0 : f32, mode = "nesterov", norm_coefficient = 0.0 : f32}
        : (tensor<f32>, tensor<i64>, tensor<8xf32>, tensor<8xf32>,
           tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>)
    ```

    torch.optim.SGD (momentum = alpha, dampening = 1 - beta, weight_decay
    = norm_coefficient, same Nesterov form) differs at the first step: it
    sets the buffer to the gradient, `v_new = g_`, ignoring `v`, where this
    op computes `alpha * v + g_` (equal when `v` starts at zero).
  }];
  let arguments = (ins DLC_Tensor:$r, DLC_IndexTensor:$t, DLC_Tensor:$x,
                       DLC_Tensor:$g, DLC_Tensor:$v,
                       F32Attr:$alpha, F32Attr:$beta, StrAttr:$mode,
                       F32Attr:$norm_coefficient);
  let results = (outs DLC_Tensor:$x_new, DLC_Tensor:$v_new);
  // The importer's form: MomentumOp::create(b, loc, r, t, x, g, v, alpha, beta,
  // "standard", nc).
  let builders = [
    OpBuilder<(ins "Value":$r, "Value":$t, "Value":$x, "Value":$g, "Value":$v,
                   "float":$alpha, "float":$beta, "StringRef":$mode,
                   "float":$norm_coefficient), [{
      build($_builder, $_state, r, t, x, g, v, ::llvm::APFloat(alpha),
            ::llvm::APFloat(beta), mode, ::llvm::APFloat(norm_coefficient));
    }]>
  ];
}

def DLC_AdamOp : DLC_OptimizerOp<"adam"> {
  let summary = "one Adam step (ONNX ai.onnx.preview.training Adam-1)";
  let description = [{
    With `v` the first and `h` the second moment:

    ```
    g_     = norm_coefficient * x + g
    v_new  = alpha * v + (1 - alpha) * g_
    h_new  = beta * h + (1 - beta) * (g_ * g_)
    h_sqrt = sqrt(h_new) + epsilon
    r_     = (t > 0) ? r * sqrt(1 - beta^t) / (1 - alpha^t)   (float64, then f32)
                     : r
    x_new  = (1 - norm_coefficient_post) * (x - r_ * (v_new / h_sqrt))
    ```

    where `1 - alpha`, `1 - beta` and `1 - norm_coefficient_post` are
    computed in float64 and rounded to f32, as NumPy does with the
    reference's Python floats.

    ```mlir
    %x1, %v1, %h1 = dlc.adam %r, %t, %x, %g, %v, %h {epsilon = 1.0e-08 : f32}
        : (tensor<f32>, tensor<i64>, tensor<8xf32>, tensor<8xf32>,
           tensor<8xf32>, tensor<8xf32>)
        -> (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>)
    ```

    ONNX's defaults: alpha 0.9, beta 0.999, epsilon 1e-6, norm_coefficient
    0, norm_coefficient_post 0. torch.optim.Adam (betas = (alpha, beta),
    weight_decay = norm_coefficient) adds epsilon after the bias correction,
    `x - lr / (1 - alpha^t) * v_new / (sqrt(h_new) / sqrt(1 - beta^t) + eps)`,
    always corrects (its step starts at 1; t = 0 here means no correction),
    and has no norm_coefficient_post; torch.optim.AdamW's decoupled decay
    scales x by (1 - lr * weight_decay) before the update instead.
  }];
  let arguments = (ins DLC_Tensor:$r, DLC_IndexTensor:$t, DLC_Tensor:$x,
                       DLC_Tensor:$g, DLC_Tensor:$v, DLC_Tensor:$h,
                       DefaultValuedAttr<F32Attr, "0.9f">:$alpha,
                       DefaultValuedAttr<F32Attr, "0.999f">:$beta,
                       DefaultValuedAttr<F32Attr, "1e-6f">:$epsilon,
                       DefaultValuedAttr<F32Attr, "0.0f">:$norm_coefficient,
                       DefaultValuedAttr<F32Attr, "0.0f">:$norm_coefficient_post);
  let results = (outs DLC_Tensor:$x_new, DLC_Tensor:$v_new, DLC_Tensor:$h_new);
  // The importer's form: AdamOp::create(b, loc, r, t, x, g, v, h[, alpha, beta,
  // eps, nc, nc_post]).
  let builders = [
    OpBuilder<(ins "Value":$r, "Value":$t, "Value":$x, "Value":$g, "Value":$v,
                   "Value":$h, CArg<"float", "0.9f">:$alpha,
                   CArg<"float", "0.999f">:$beta, CArg<"float", "1e-6f">:$epsilon,
                   CArg<"float", "0.0f">:$norm_coefficient,
                   CArg<"float", "0.0f">:$norm_coefficient_post), [{
      build($_builder, $_state, r, t, x, g, v, h, ::llvm::APFloat(alpha),
            ::llvm::APFloat(beta), ::llvm::APFloat(epsilon),
            ::llvm::APFloat(norm_coefficient), ::llvm::APFloat(norm_coefficient_post));
    }]>
  ];
}

#endif // DLC_DIALECT_DLC_OPTIMIZEROPS_TD
