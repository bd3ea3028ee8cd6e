//===- ActivationOps.td - dlc activation ops -*- tablegen -*-===//
//
// The activations, softmax, dropout and elementwise arithmetic with NumPy broadcasting.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_ACTIVATIONOPS_TD
#define DLC_DIALECT_DLC_ACTIVATIONOPS_TD

include "dlc/Dialect/DLC/DLCBase.td"

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
  let description = [{
    y = min(max(x, min), max), with `min <= max` (verified). ReLU6 is not a
    separate op: it is `dlc.clip` with `min = 0.0, max = 6.0` (PyTorch's
    nn.ReLU6 and ONNX exports of it, which emit Clip(0, 6)). A NaN input
    stays NaN (arith.maximumf/minimumf propagate NaN).
  }];
  let arguments = (ins DLC_Tensor:$input, F32Attr:$min, F32Attr:$max);
  let hasVerifier = 1;
}

def DLC_HardSigmoidOp : DLC_UnaryOp<"hard_sigmoid"> {
  let summary = "max(0, min(1, alpha * x + beta))";
  let description = [{
    y = max(0, min(1, alpha * x + beta)), ONNX HardSigmoid with its defaults
    alpha = 0.2, beta = 0.5. PyTorch's nn.Hardsigmoid is alpha = 1/6,
    beta = 0.5 (its ONNX export sets them). Both must be finite (verified).
    A NaN input stays NaN. Backward: dx = alpha * g where
    0 < alpha * x + beta < 1, else 0 (torch's hardsigmoid_backward: the
    gradient is 0 at the kinks).
  }];
  let arguments = (ins DLC_Tensor:$input,
                       DefaultValuedAttr<F32Attr, "0.2">:$alpha,
                       DefaultValuedAttr<F32Attr, "0.5">:$beta);
  let hasVerifier = 1;
}
def DLC_HardSwishOp : DLC_UnaryOp<"hard_swish"> {
  let summary = "x * max(0, min(1, x / 6 + 1/2)), MobileNet v3's h-swish";
  let description = [{
    y = x * relu6(x + 3) / 6 = x * hard_sigmoid(x) with alpha = 1/6,
    beta = 0.5 (ONNX HardSwish, PyTorch nn.Hardswish). Backward (torch's
    hardswish_backward): dx = 0 for x < -3, g * (x / 3 + 1/2) for
    -3 <= x <= 3, g for x > 3.
  }];
  let arguments = (ins DLC_Tensor:$input);
}
def DLC_ErfOp : DLC_UnaryOp<"erf"> {
  let summary = "the Gauss error function";
  let description = [{
    erf(x) = 2 / sqrt(pi) * integral from 0 to x of exp(-t^2) dt (ONNX Erf).
    On vectors it is a rational approximation (|error| < 3e-7), not one libm
    call per element. Backward: dx = g * 2 / sqrt(pi) * exp(-x^2).
  }];
  let arguments = (ins DLC_Tensor:$input);
}
def DLC_GeluOp : DLC_UnaryOp<"gelu"> {
  let summary = "x * Phi(x): exact (erf) or the tanh approximation";
  let description = [{
    With `approximate = "none"` (the default, torch.nn.GELU()):
      y = x / 2 * (1 + erf(x / sqrt(2)))
    with `approximate = "tanh"` (GELU(approximate='tanh'), ONNX Gelu-20's
    attribute of the same name):
      y = x / 2 * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))
    Any other value is rejected (verified). PyTorch's ONNX export (opset
    < 20) spells the exact form as Div/Erf/Add/Mul/Mul, which imports as
    dlc.erf and arithmetic, fused into one loop the same way. Backward is
    PyTorch's gelu_backward: exact, dx = g * (Phi(x) + x * phi(x)) with
    Phi(x) = (1 + erf(x / sqrt(2))) / 2, phi(x) = exp(-x^2 / 2) / sqrt(2 pi);
    tanh, the derivative of the formula above.
  }];
  let arguments = (ins DLC_Tensor:$input,
                       DefaultValuedAttr<StrAttr, "\"none\"">:$approximate);
  let hasVerifier = 1;
}
def DLC_SoftplusOp : DLC_UnaryOp<"softplus"> {
  let summary = "log(1 + exp(x)), without overflow";
  let description = [{
    y = max(x, 0) + log1p(exp(-|x|)), which is log(1 + exp(x)) (ONNX
    Softplus) without overflowing for large x; torch.nn.Softplus() (beta 1)
    returns x above its threshold 20, where the two differ by < 3e-9.
    Backward: dx = g * sigmoid(x).

    Two activations are compositions of existing ops, fused into one loop
    by elementwise fusion and differentiated through their parts:
    SiLU/Swish = x * sigmoid(x) (`dlc.mul` of `dlc.sigmoid`; PyTorch exports
    Sigmoid + Mul), Mish = x * tanh(softplus(x)) (PyTorch exports Softplus,
    Tanh, Mul).
  }];
  let arguments = (ins DLC_Tensor:$input);
}

def DLC_PReluOp : DLC_InferOp<"prelu", [DLC_Differentiable]> {
  let summary = "x if x >= 0 else slope * x, with a learned slope";
  let description = [{
    y = x if x >= 0 else slope * x, which is the study sheet's max(x, slope * x)
    for slopes <= 1, and PyTorch's max(0, x) + slope * min(0, x) (nn.PReLU,
    ONNX PRelu). The result has the input's shape; `slope` reaches it in one
    of two ways:

    - per channel, PyTorch's nn.PReLU(num_parameters = C): `slope` has rank 1
      and size C = input dim 1 (input rank >= 2), and slope[c] scales every
      element of channel c;
    - otherwise ONNX unidirectional broadcasting: `slope` is broadcast NumPy
      style (right-aligned) into the input's shape without changing it, e.g.
      [1] (one shared slope), [C, 1, 1] for NCHW, or the input's own shape.

    The first rule wins for a rank-1 `slope` of size input dim 1; an ONNX
    importer therefore reshapes a rank-1 ONNX slope [K] of an input of rank
    > 2 to [1, ..., K] before creating this op. A NaN input gives NaN.
    Backward: dx = g where x >= 0 else slope * g; dslope = the sum of x * g
    over the elements where x < 0, reduced to slope's shape.
  }];
  let arguments = (ins DLC_Tensor:$input, DLC_Tensor:$slope);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat =
      "$input `,` $slope attr-dict `:` functional-type(operands, results)";
}

def DLC_MaxoutOp : DLC_InferOp<"maxout", [DLC_Differentiable]> {
  let summary = "max over groups of `pieces` channels: [N, C*k, ...] -> [N, C, ...]";
  let description = [{
    Maxout (Goodfellow et al.) over channel dimension 1 with k = `pieces`:
    output channel c is the maximum of the k consecutive input channels
    c*k .. c*k + k - 1, i.e. the input viewed as [N, C, k, ...] and reduced
    over the k axis:

      output[n, c, ...]  = max_j input[n, c*k + j, ...],   0 <= j < k
      indices[n, c, ...] = the first j attaining that maximum (i64)

    Contiguous groups are the convention of Goodfellow et al.'s code and of
    Caffe/Keras-style maxout (reshape to [N, C, k, ...], max over k); the
    strided convention (channel j*C + c) is this op after a channel shuffle.
    The input has rank >= 2 and its dim 1 is a multiple of `pieces` (>= 1).
    A NaN in a group makes the output NaN and `indices` the first NaN's j
    (like torch.max). Backward: the gradient of output[n, c, ...] is routed
    to input[n, c*k + indices[n, c, ...], ...] only, all other inputs get 0.
  }];
  let arguments = (ins DLC_Tensor:$input, I64Attr:$pieces);
  let results = (outs DLC_Tensor:$output, DLC_IndexTensor:$indices);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def DLC_DropoutOp : DLC_InferOp<"dropout", [DLC_Differentiable]> {
  let summary = "seeded dropout; the identity at inference";
  let description = [{
    At inference (`training = false`, the default), and in training with
    `ratio = 0`, the op folds away: output = input and mask = a constant 1.
    In training:

      z_i    = splitmix64 output for state seed + (i + 1) * 0x9E3779B97F4A7C15,
               i.e. z = s; z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
               z = (z ^ (z >> 27)) * 0x94D049BB133111EB; z = z ^ (z >> 31)
               (all mod 2^64), with i the row-major linear index of the element
      keep_i = (z_i >> 40) >= ceil(ratio * 2^24)   (probability 1 - ratio)
      mask_i = keep_i ? 1.0 : 0.0
      y_i    = x_i * mask_i * (1 / (1 - ratio))

    so the mask is the i-th draw of a SplitMix64 generator seeded with `seed`:
    computed inside the generated code from (seed, i) alone, it is the same
    for every thread count and tiling. `ratio` is in [0, 1). As in PyTorch,
    a dropped NaN stays NaN (NaN * 0) and a dropped negative value gives -0.
    Backward: dx = g * mask / (1 - ratio), hence the `mask` result.
  }];
  let arguments = (ins DLC_Tensor:$input,
                       DefaultValuedAttr<F32Attr, "0.5">:$ratio,
                       DefaultValuedAttr<I64Attr, "0">:$seed,
                       DefaultValuedAttr<BoolAttr, "false">:$training);
  let results = (outs DLC_Tensor:$output, DLC_Tensor:$mask);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise math
//===----------------------------------------------------------------------===//

def DLC_ExpOp : DLC_UnaryOp<"exp"> {
  let summary = "e^x";
  let arguments = (ins DLC_Tensor:$input);
}
def DLC_LogOp : DLC_UnaryOp<"log"> {
  let summary = "natural logarithm";
  let description = [{
    IEEE semantics (like torch.log): log(0) = -inf, log(x < 0) = NaN,
    log(+inf) = +inf, log(NaN) = NaN.
  }];
  let arguments = (ins DLC_Tensor:$input);
}
def DLC_SqrtOp : DLC_UnaryOp<"sqrt"> {
  let summary = "square root";
  let description = [{
    IEEE semantics (like torch.sqrt): sqrt(-0) = -0, sqrt(x < 0) = NaN,
    sqrt(NaN) = NaN.
  }];
  let arguments = (ins DLC_Tensor:$input);
}
def DLC_NegOp : DLC_UnaryOp<"neg"> {
  let summary = "-x";
  let arguments = (ins DLC_Tensor:$input);
}
def DLC_AbsOp : DLC_UnaryOp<"abs"> {
  let summary = "|x|";
  let arguments = (ins DLC_Tensor:$input);
}
def DLC_ReciprocalOp : DLC_UnaryOp<"reciprocal"> {
  let summary = "1 / x";
  let description = [{
    IEEE division: 1 / +-0 = +-inf, 1 / +-inf = +-0.
  }];
  let arguments = (ins DLC_Tensor:$input);
}

//===----------------------------------------------------------------------===//
// Elementwise arithmetic with NumPy broadcasting
//===----------------------------------------------------------------------===//

def DLC_AddOp : DLC_BroadcastBinaryOp<"add", [Commutative]> {
  let summary = "lhs + rhs, NumPy broadcasting";
}
def DLC_SubOp : DLC_BroadcastBinaryOp<"sub"> {
  let summary = "lhs - rhs, NumPy broadcasting";
}
def DLC_MulOp : DLC_BroadcastBinaryOp<"mul", [Commutative]> {
  let summary = "lhs * rhs, NumPy broadcasting";
}
def DLC_DivOp : DLC_BroadcastBinaryOp<"div"> {
  let summary = "lhs / rhs, NumPy broadcasting";
  let description = [{
    IEEE division (torch.div): x / 0 = +-inf, 0 / 0 = NaN.
  }];
}
def DLC_MaxOp : DLC_BroadcastBinaryOp<"max", [Commutative]> {
  let summary = "elementwise maximum, NumPy broadcasting";
  let description = [{
    torch.maximum / ONNX Max: NaN if either operand is NaN, and -0 < +0.
  }];
}
def DLC_MinOp : DLC_BroadcastBinaryOp<"min", [Commutative]> {
  let summary = "elementwise minimum, NumPy broadcasting";
  let description = [{
    torch.minimum / ONNX Min: NaN if either operand is NaN, and -0 < +0.
  }];
}
def DLC_PowOp : DLC_BroadcastBinaryOp<"pow"> {
  let summary = "lhs ^ rhs, NumPy broadcasting";
  let description = [{
    C `powf` semantics (torch.pow, ONNX Pow): a negative base with an integral
    exponent is fine (pow(-2, 3) = -8), with a non-integral one it is NaN;
    pow(x, 0) = 1 for every x, including NaN.
  }];
}

def DLC_CompareOp : DLC_BroadcastBinaryOp<"compare"> {
  let summary = "1.0 where `lhs <predicate> rhs` holds, else 0.0 (NumPy broadcasting)";
  let description = [{
    `predicate` is one of "eq", "ne", "lt", "le", "gt", "ge", IEEE ordered
    comparisons: with a NaN operand every predicate is false except "ne".
    The result is an f32 mask (0.0 or 1.0) for `dlc.select` and for
    arithmetic; the gradient rules of relu, max, clip and the max-type
    reductions route adjoints with it.
  }];
  let arguments = (ins DLC_Tensor:$lhs, DLC_Tensor:$rhs, StrAttr:$predicate);
}

def DLC_SelectOp : DLC_InferOp<"select", [DLC_Differentiable]> {
  let summary = "`on_true` where `condition` is nonzero, else `on_false`";
  let description = [{
    `output = condition != 0 ? on_true : on_false` elementwise, the three
    operands broadcast together NumPy-style. The condition is an f32 mask
    (from `dlc.compare`); a NaN condition counts as nonzero. Unlike a
    product with the mask, the unselected operand never leaks into the
    result (0 * inf is NaN, a select of 0 is 0).
  }];
  let arguments = (ins DLC_Tensor:$condition, DLC_Tensor:$on_true,
                       DLC_Tensor:$on_false);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = [{
    $condition `,` $on_true `,` $on_false attr-dict `:`
    functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//

def DLC_SoftmaxOp : DLC_InferOp<"softmax", [DLC_Differentiable]> {
  let summary = "exp(x - max) / sum(exp(x - max)) along `axis`";
  let arguments = (ins DLC_Tensor:$input, DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def DLC_LogSoftmaxOp : DLC_InferOp<"log_softmax", [DLC_Differentiable]> {
  let summary = "log(softmax(x)) along `axis`, numerically stable";
  let description = [{
    y = x - m - log(sum_j exp(x_j - m)) with m = max_j x_j along `axis`
    (negative counts from the end; default -1, the last dimension), as
    torch.log_softmax and ONNX LogSoftmax (opset >= 13). Subtracting the max
    first keeps exp from overflowing. Backward: dx = g - exp(y) * sum(g).
  }];
  let arguments = (ins DLC_Tensor:$input, DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

#endif // DLC_DIALECT_DLC_ACTIVATIONOPS_TD
