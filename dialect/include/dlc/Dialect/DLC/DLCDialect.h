//===- DLCDialect.h - the dlc dialect ----------------------------*- C++ -*-===//
//
// Declares the dlc dialect class (generated from DLCDialect.td).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_DLCDIALECT_H
#define DLC_DIALECT_DLC_DLCDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dlc/Dialect/DLC/DLCDialect.h.inc"

#endif // DLC_DIALECT_DLC_DLCDIALECT_H
