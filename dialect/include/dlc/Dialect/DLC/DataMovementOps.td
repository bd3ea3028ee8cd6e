//===- DataMovementOps.td - dlc datamovement ops -*- tablegen -*-===//
//
// The constants and data movement: reshape, transpose, concat, split, slice, gather, pad.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_DATA_MOVEMENTOPS_TD
#define DLC_DIALECT_DLC_DATA_MOVEMENTOPS_TD

include "dlc/Dialect/DLC/DLCBase.td"

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


#endif // DLC_DIALECT_DLC_DATA_MOVEMENTOPS_TD
