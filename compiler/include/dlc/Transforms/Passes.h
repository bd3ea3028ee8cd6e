//===- Passes.h - dlc transformation passes ----------------------*- C++ -*-===//
//
// Declarations (generated) of dlc's code generation passes.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TRANSFORMS_PASSES_H
#define DLC_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"
#include <string>

namespace mlir::dlc {
#define GEN_PASS_DECL
#include "dlc/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

#endif // DLC_TRANSFORMS_PASSES_H
