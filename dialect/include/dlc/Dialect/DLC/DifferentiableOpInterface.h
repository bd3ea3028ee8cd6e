//===- DifferentiableOpInterface.h - reverse-mode rules -----------*- C++ -*-===//
//
// The generated DifferentiableOpInterface (see the .td), included by every
// op family header.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_DIFFERENTIABLEOPINTERFACE_H
#define DLC_DIALECT_DLC_DIFFERENTIABLEOPINTERFACE_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

#include "dlc/Dialect/DLC/DifferentiableOpInterface.h.inc"

#endif // DLC_DIALECT_DLC_DIFFERENTIABLEOPINTERFACE_H
