//===- ConvolutionOps.h - dlc convolution ops -*- C++ -*-===//
//
// The convolution: conv2d, transposed convolution, im2col/col2im
// (generated from ConvolutionOps.td).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_CONVOLUTIONOPS_H
#define DLC_DIALECT_DLC_CONVOLUTIONOPS_H

#include "dlc/Dialect/DLC/DLCDialect.h"
#include "dlc/Dialect/DLC/DifferentiableOpInterface.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/ConvolutionOps.h.inc"

#endif // DLC_DIALECT_DLC_CONVOLUTIONOPS_H
