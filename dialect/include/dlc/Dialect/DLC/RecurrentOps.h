//===- RecurrentOps.h - dlc recurrent ops -*- C++ -*-===//
//
// The recurrent layers: RNN, LSTM (plain, peephole, coupled), GRU; sequences and cells
// (generated from RecurrentOps.td).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_RECURRENTOPS_H
#define DLC_DIALECT_DLC_RECURRENTOPS_H

#include "dlc/Dialect/DLC/DLCDialect.h"
#include "dlc/Dialect/DLC/DifferentiableOpInterface.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/RecurrentOps.h.inc"

#endif // DLC_DIALECT_DLC_RECURRENTOPS_H
