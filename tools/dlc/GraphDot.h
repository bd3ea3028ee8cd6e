//===- GraphDot.h - dlc compile --emit=dot ----------------------*- C++ -*-===//
//
// The layer graph of a model in Graphviz's DOT language.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TOOLS_DLC_GRAPHDOT_H
#define DLC_TOOLS_DLC_GRAPHDOT_H

#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace dlc {

/// The layers (by name) each kernel of `function` runs, in `module`
/// compiled to loops (at least dlc-compile's "bufferized" phase): the
/// names in the locations of every op of each of its top-level ops with a
/// body.
std::vector<std::vector<std::string>> kernelLayers(mlir::ModuleOp module,
                                                  llvm::StringRef function);

/// `function` of `module` (dlc dialect) as a DOT digraph titled `title`:
/// inputs and outputs as ellipses, a box per layer with its name, op,
/// result shapes and parameters, an edge per tensor read, and the layers
/// that `kernels` (kernelLayers) run together in dashed clusters.
std::string layerGraphDot(mlir::ModuleOp module, llvm::StringRef function,
                          llvm::StringRef title,
                          const std::vector<std::vector<std::string>> &kernels);

} // namespace dlc

#endif // DLC_TOOLS_DLC_GRAPHDOT_H
