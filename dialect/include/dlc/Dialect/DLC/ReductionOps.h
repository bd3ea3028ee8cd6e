//===- ReductionOps.h - dlc reduction ops -*- C++ -*-===//
//
// The reductions over axes: sum, mean, max, min, L2 norm
// (generated from ReductionOps.td).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_REDUCTIONOPS_H
#define DLC_DIALECT_DLC_REDUCTIONOPS_H

#include "dlc/Dialect/DLC/DLCDialect.h"
#include "dlc/Dialect/DLC/DifferentiableOpInterface.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/ReductionOps.h.inc"

#endif // DLC_DIALECT_DLC_REDUCTIONOPS_H
