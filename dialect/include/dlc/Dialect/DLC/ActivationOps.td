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
  let arguments = (ins DLC_Tensor:$input, F32Attr:$min, F32Attr:$max);
  let hasVerifier = 1;
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

//===----------------------------------------------------------------------===//

def DLC_SoftmaxOp : DLC_InferOp<"softmax"> {
  let summary = "exp(x - max) / sum(exp(x - max)) along `axis`";
  let arguments = (ins DLC_Tensor:$input, DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}


#endif // DLC_DIALECT_DLC_ACTIVATIONOPS_TD
