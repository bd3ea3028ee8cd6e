//===- DLCBase.td - dlc types and op classes shared by every family -*- tablegen -*-===//
//
// Tensor type constraints, attribute shapes and the op base classes. Each op
// family (<Family>Ops.td) includes this file and generates its own
// <Family>Ops.h.inc/.cpp.inc, so a change to one family rebuilds only what
// uses that family.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_DLCBASE_TD
#define DLC_DIALECT_DLC_DLCBASE_TD

include "dlc/Dialect/DLC/DLCDialect.td"
include "dlc/Dialect/DLC/DifferentiableOpInterface.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

/// Ranked, statically shaped f32 tensors: activations, weights, losses.
def DLC_Tensor : StaticShapeTensorOf<[F32]>;
/// Statically shaped i64 tensors: class labels, gather indices, selected boxes.
def DLC_IndexTensor : StaticShapeTensorOf<[I64]>;

def DLC_I64Pair : ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<2>]>;
def DLC_I64Quad : ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<4>]>;

/// An op whose result type is computed from its operands and attributes.
class DLC_InferOp<string mnemonic, list<Trait> traits = []>
    : DLC_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptor])>;


/// An elementwise op with one operand whose result has the operand's type
/// (each states its adjoint rule).
class DLC_UnaryOp<string mnemonic, list<Trait> traits = []>
    : DLC_Op<mnemonic, !listconcat(traits, [Pure, SameOperandsAndResultType,
                                            DLC_Differentiable])> {
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

/// An elementwise op with two operands broadcast NumPy-style (each states
/// its adjoint rule).
class DLC_BroadcastBinaryOp<string mnemonic, list<Trait> traits = []>
    : DLC_InferOp<mnemonic, !listconcat(traits, [DLC_Differentiable])> {
  let arguments = (ins DLC_Tensor:$lhs, DLC_Tensor:$rhs);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

#endif // DLC_DIALECT_DLC_DLCBASE_TD
