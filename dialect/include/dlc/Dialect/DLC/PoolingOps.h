//===- PoolingOps.h - dlc pooling ops -*- C++ -*-===//
//
// The pooling: max/avg (windowed, global, adaptive), max with indices, ROI
// pooling (generated from PoolingOps.td).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_POOLINGOPS_H
#define DLC_DIALECT_DLC_POOLINGOPS_H

#include "dlc/Dialect/DLC/DLCDialect.h"
#include "dlc/Dialect/DLC/DifferentiableOpInterface.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/PoolingOps.h.inc"

#endif // DLC_DIALECT_DLC_POOLINGOPS_H
