//===- DataMovementOps.h - dlc datamovement ops -*- C++ -*-===//
//
// The constants and data movement: reshape, transpose, concat, split, slice, gather, pad
// (generated from DataMovementOps.td).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_DATA_MOVEMENTOPS_H
#define DLC_DIALECT_DLC_DATA_MOVEMENTOPS_H

#include "dlc/Dialect/DLC/DLCDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/DataMovementOps.h.inc"

#endif // DLC_DIALECT_DLC_DATA_MOVEMENTOPS_H
