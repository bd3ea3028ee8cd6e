//===- DLCOps.td - dlc layer operations --------------------*- tablegen -*-===//
//
// Layer-level operations. ODS declares operands, attributes, traits and the
// assembly format; shape inference and the quantified checks behind it live
// in DLCOps.cpp (`inferReturnTypes`), so building an op without a result
// type and verifying a parsed op run the same code.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_DLCOPS_TD
#define DLC_DIALECT_DLC_DLCOPS_TD

include "dlc/Dialect/DLC/DLCDialect.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

/// Ranked, statically shaped f32 tensors: the only values of the dialect so far.
def DLC_Tensor : StaticShapeTensorOf<[F32]>;

def DLC_I64Pair : ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<2>]>;
def DLC_I64Quad : ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<4>]>;

/// An op whose result type is computed from its operands and attributes.
class DLC_InferOp<string mnemonic, list<Trait> traits = []>
    : DLC_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptor])>;

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def DLC_ConstantOp : DLC_InferOp<"constant", [ConstantLike]> {
  let summary = "a constant tensor: weights, biases, statistics";
  let description = [{
    Holds a weight tensor. Large weights are stored as MLIR resources
    (`dense_resource<name>`), whose blob name keeps the parameter's name.

    ```mlir
    %w = dlc.constant dense_resource<conv1_weight> : tensor<8x3x3x3xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Convolution and normalization
//===----------------------------------------------------------------------===//

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

//===----------------------------------------------------------------------===//
// Activations (elementwise, one operand)
//===----------------------------------------------------------------------===//

class DLC_UnaryOp<string mnemonic, list<Trait> traits = []>
    : DLC_Op<mnemonic, !listconcat(traits, [Pure, SameOperandsAndResultType])> {
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def DLC_ReluOp : DLC_UnaryOp<"relu"> {
  let summary = "max(x, 0)";
  let arguments = (ins DLC_Tensor:$input);
}
def DLC_SigmoidOp : DLC_UnaryOp<"sigmoid"> {
  let summary = "1 / (1 + exp(-x))";
  let arguments = (ins DLC_Tensor:$input);
}
def DLC_TanhOp : DLC_UnaryOp<"tanh"> {
  let summary = "hyperbolic tangent";
  let arguments = (ins DLC_Tensor:$input);
}
def DLC_LeakyReluOp : DLC_UnaryOp<"leaky_relu"> {
  let summary = "x if x >= 0 else alpha * x";
  let arguments = (ins DLC_Tensor:$input,
                       DefaultValuedAttr<F32Attr, "0.01">:$alpha);
}
def DLC_ClipOp : DLC_UnaryOp<"clip"> {
  let summary = "min(max(x, min), max); relu6 is clip 0..6";
  let arguments = (ins DLC_Tensor:$input, F32Attr:$min, F32Attr:$max);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise arithmetic with NumPy broadcasting
//===----------------------------------------------------------------------===//

class DLC_BroadcastBinaryOp<string mnemonic, list<Trait> traits = []>
    : DLC_InferOp<mnemonic, traits> {
  let arguments = (ins DLC_Tensor:$lhs, DLC_Tensor:$rhs);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

def DLC_AddOp : DLC_BroadcastBinaryOp<"add", [Commutative]> {
  let summary = "lhs + rhs, NumPy broadcasting";
}
def DLC_SubOp : DLC_BroadcastBinaryOp<"sub"> {
  let summary = "lhs - rhs, NumPy broadcasting";
}
def DLC_MulOp : DLC_BroadcastBinaryOp<"mul", [Commutative]> {
  let summary = "lhs * rhs, NumPy broadcasting";
}

//===----------------------------------------------------------------------===//
// Dense layers
//===----------------------------------------------------------------------===//

def DLC_MatMulOp : DLC_InferOp<"matmul"> {
  let summary = "matrix product; rank > 2 operands are batches of matrices";
  let description = [{
    `[..., M, K] x [..., K, N] -> [..., M, N]`; leading batch dimensions
    broadcast like NumPy's `matmul`. Both operands have rank >= 2.
  }];
  let arguments = (ins DLC_Tensor:$lhs, DLC_Tensor:$rhs);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

def DLC_GemmOp : DLC_InferOp<"gemm"> {
  let summary = "alpha * op(a) * op(b) + beta * c (ONNX Gemm; linear layers)";
  let description = [{
    `op(x)` transposes when `trans_a` / `trans_b` is set. `c` is optional and
    broadcasts to `[M, N]`. A linear layer `x W^T + b` is
    `dlc.gemm %x, %w, %b {trans_b = true}`.
  }];
  let arguments = (ins DLC_Tensor:$a, DLC_Tensor:$b, Optional<DLC_Tensor>:$c,
                       DefaultValuedAttr<BoolAttr, "false">:$trans_a,
                       DefaultValuedAttr<BoolAttr, "false">:$trans_b,
                       DefaultValuedAttr<F32Attr, "1.0">:$alpha,
                       DefaultValuedAttr<F32Attr, "1.0">:$beta);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat =
      "$a `,` $b (`,` $c^)? attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

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

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def DLC_FlattenOp : DLC_InferOp<"flatten"> {
  let summary = "collapse to 2-D at `axis` (ONNX Flatten)";
  let arguments = (ins DLC_Tensor:$input, DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def DLC_ReshapeOp : DLC_InferOp<"reshape"> {
  let summary = "reshape to `shape` (ONNX rules: -1 is inferred, 0 copies)";
  let arguments = (ins DLC_Tensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def DLC_TransposeOp : DLC_InferOp<"transpose"> {
  let summary = "permute dimensions: output dim i is input dim perm[i]";
  let arguments = (ins DLC_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def DLC_ConcatOp : DLC_InferOp<"concat"> {
  let summary = "concatenate along `axis`";
  let arguments = (ins Variadic<DLC_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
}

def DLC_SoftmaxOp : DLC_InferOp<"softmax"> {
  let summary = "exp(x - max) / sum(exp(x - max)) along `axis`";
  let arguments = (ins DLC_Tensor:$input, DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

#endif // DLC_DIALECT_DLC_DLCOPS_TD
