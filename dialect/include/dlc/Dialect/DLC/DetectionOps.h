//===- DetectionOps.h - dlc detection ops -*- C++ -*-===//
//
// The detection helpers: box decoding, non-maximum suppression
// (generated from DetectionOps.td).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_DETECTIONOPS_H
#define DLC_DIALECT_DLC_DETECTIONOPS_H

#include "dlc/Dialect/DLC/DLCDialect.h"
#include "dlc/Dialect/DLC/DifferentiableOpInterface.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/DetectionOps.h.inc"

#endif // DLC_DIALECT_DLC_DETECTIONOPS_H
