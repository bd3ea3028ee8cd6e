//===- Passes.h - the dlc autodiff pass ---------------------------*- C++ -*-===//
//
// Declarations (generated) of the dlc-autodiff pass.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_AUTODIFF_PASSES_H
#define DLC_AUTODIFF_PASSES_H

#include "dlc/Dialect/DLC/DLCDialect.h"
#include "mlir/Pass/Pass.h"
#include <string>

namespace mlir::dlc {
#define GEN_PASS_DECL
#include "dlc/Autodiff/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dlc/Autodiff/Passes.h.inc"
} // namespace mlir::dlc

#endif // DLC_AUTODIFF_PASSES_H
