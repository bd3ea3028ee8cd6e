//===- ActivationOps.h - dlc activation ops -*- C++ -*-===//
//
// The activations, softmax, dropout and elementwise arithmetic with NumPy broadcasting
// (generated from ActivationOps.td).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_ACTIVATIONOPS_H
#define DLC_DIALECT_DLC_ACTIVATIONOPS_H

#include "dlc/Dialect/DLC/DLCDialect.h"
#include "dlc/Dialect/DLC/DifferentiableOpInterface.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/ActivationOps.h.inc"

#endif // DLC_DIALECT_DLC_ACTIVATIONOPS_H
