//===- LinearOps.h - dlc linear ops -*- C++ -*-===//
//
// The dense layers: matmul, gemm
// (generated from LinearOps.td).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_LINEAROPS_H
#define DLC_DIALECT_DLC_LINEAROPS_H

#include "dlc/Dialect/DLC/DLCDialect.h"
#include "dlc/Dialect/DLC/DifferentiableOpInterface.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/LinearOps.h.inc"

#endif // DLC_DIALECT_DLC_LINEAROPS_H
