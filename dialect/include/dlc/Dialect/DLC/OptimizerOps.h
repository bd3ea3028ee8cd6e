//===- OptimizerOps.h - dlc optimizer ops -*- C++ -*-===//
//
// The optimizer steps: ONNX's Adagrad, Momentum and Adam on one parameter
// tensor (generated from OptimizerOps.td).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_OPTIMIZEROPS_H
#define DLC_DIALECT_DLC_OPTIMIZEROPS_H

#include "dlc/Dialect/DLC/DLCDialect.h"
#include "dlc/Dialect/DLC/DifferentiableOpInterface.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/OptimizerOps.h.inc"

#endif // DLC_DIALECT_DLC_OPTIMIZEROPS_H
