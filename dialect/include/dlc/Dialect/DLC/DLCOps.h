//===- DLCOps.h - dlc layer operations ---------------------------*- C++ -*-===//
//
// Declares the dlc operations (generated from DLCOps.td).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_DLCOPS_H
#define DLC_DIALECT_DLC_DLCOPS_H

#include "dlc/Dialect/DLC/DLCDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/DLCOps.h.inc"

#endif // DLC_DIALECT_DLC_DLCOPS_H
