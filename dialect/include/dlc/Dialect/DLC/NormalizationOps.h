//===- NormalizationOps.h - dlc normalization ops -*- C++ -*-===//
//
// The normalization: batch_norm (inference, training), lrn
// (generated from NormalizationOps.td).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_NORMALIZATIONOPS_H
#define DLC_DIALECT_DLC_NORMALIZATIONOPS_H

#include "dlc/Dialect/DLC/DLCDialect.h"
#include "dlc/Dialect/DLC/DifferentiableOpInterface.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/NormalizationOps.h.inc"

#endif // DLC_DIALECT_DLC_NORMALIZATIONOPS_H
