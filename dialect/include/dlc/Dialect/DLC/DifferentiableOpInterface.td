//===- DifferentiableOpInterface.td - reverse-mode rules -*- tablegen -*-===//
//
// The interface through which an op states its adjoint (reverse-mode
// derivative) rule. The autodiff pass (compiler/Autodiff) walks a graph from
// the loss back to the parameters and asks each op for the adjoints of its
// operands; every rule lives next to its op's definition, in the family's
// <Family>Gradients.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_DIFFERENTIABLEOPINTERFACE_TD
#define DLC_DIALECT_DLC_DIFFERENTIABLEOPINTERFACE_TD

include "mlir/IR/OpBase.td"

def DLC_DifferentiableOpInterface : OpInterface<"DifferentiableOpInterface"> {
  let description = [{
    An op that can build the adjoints of its operands. Given `dL/dy` for its
    results, the op emits dlc ops computing `dL/dx` for its operands. Values
    the forward computed (activations, saved statistics, arg-max indices)
    are used directly: the backward lives in the same function, after the
    forward.
  }];
  let cppNamespace = "::mlir::dlc";
  let methods = [
    InterfaceMethod<[{
        Builds, at `b`'s insertion point, the adjoints of the operands whose
        `needed` entry is set, from the adjoints of the results:
        `resultAdjoints[i]` has result i's type, or is null when result i
        does not reach the loss (its adjoint is zero). `operandAdjoints` gets
        one entry per operand, null where no adjoint was built (the operand
        is not needed, is an integer tensor, or its adjoint is zero). Emits
        an error and fails for a configuration without a gradient.
      }],
      "::mlir::LogicalResult", "buildAdjoints",
      (ins "::mlir::OpBuilder &":$b,
           "::llvm::ArrayRef<::mlir::Value>":$resultAdjoints,
           "::llvm::ArrayRef<bool>":$needed,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandAdjoints)>
  ];
}

/// Declares an op differentiable: its rule is `<Op>::buildAdjoints`.
def DLC_Differentiable
    : DeclareOpInterfaceMethods<DLC_DifferentiableOpInterface>;

#endif // DLC_DIALECT_DLC_DIFFERENTIABLEOPINTERFACE_TD
