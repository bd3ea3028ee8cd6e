//===- DLCDialect.td - the dlc dialect ---------------------*- tablegen -*-===//
//
// The dlc dialect holds a neural network as a dataflow graph of layer-level
// operations on ranked f32 tensors with value semantics. Image tensors are
// NCHW at this level; layout choice is a later compiler decision.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_DLCDIALECT_TD
#define DLC_DIALECT_DLC_DLCDIALECT_TD

include "mlir/IR/OpBase.td"

def DLC_Dialect : Dialect {
  let name = "dlc";
  let cppNamespace = "::mlir::dlc";
  let summary = "Layer-level operations of neural networks";
  let description = [{
    Tensor-level layer operations (convolution, normalization, activations,
    pooling, dense layers, data movement). Every op verifies its operands
    with quantified diagnostics and infers its result type from its operands
    and attributes, so graphs can be built without spelling result types.
  }];
  let hasConstantMaterializer = 1;
}

class DLC_Op<string mnemonic, list<Trait> traits = []>
    : Op<DLC_Dialect, mnemonic, traits>;

#endif // DLC_DIALECT_DLC_DLCDIALECT_TD
