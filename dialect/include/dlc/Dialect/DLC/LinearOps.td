//===- LinearOps.td - dlc linear ops -*- tablegen -*-===//
//
// The dense layers: matmul, gemm.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_LINEAROPS_TD
#define DLC_DIALECT_DLC_LINEAROPS_TD

include "dlc/Dialect/DLC/DLCBase.td"

def DLC_MatMulOp : DLC_InferOp<"matmul", [DLC_Differentiable]> {
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

def DLC_GemmOp : DLC_InferOp<"gemm", [DLC_Differentiable]> {
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


#endif // DLC_DIALECT_DLC_LINEAROPS_TD
