//===- LossOps.h - dlc loss ops -*- C++ -*-===//
//
// The losses: cross-entropy, NLL, MSE, KL divergence, center, contrastive, margin softmaxes
// (generated from LossOps.td).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_LOSSOPS_H
#define DLC_DIALECT_DLC_LOSSOPS_H

#include "dlc/Dialect/DLC/DLCDialect.h"
#include "dlc/Dialect/DLC/DifferentiableOpInterface.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/LossOps.h.inc"

#endif // DLC_DIALECT_DLC_LOSSOPS_H
