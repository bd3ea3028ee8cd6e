//===- ModelLoader.h - read a model file into the dlc dialect ----*- C++ -*-===//
//
// The file-level front door: picks the importer by extension (.mlir: the
// dlc dialect's text or bytecode; .onnx: the ONNX importer, see ONNX.h) and
// reports unreadable or malformed files as diagnostics with their location.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_FRONTEND_MODELLOADER_H
#define DLC_FRONTEND_MODELLOADER_H

#include "dlc/Frontend/ONNX.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace llvm {
class SourceMgr;
}

namespace mlir::dlc {

/// Loads the model at `path`; emits an error and returns null on failure.
/// `sourceMgr` owns the buffer that locations point into. `onnx` carries
/// what an ONNX import needs to know of the inputs (ignored for .mlir).
OwningOpRef<ModuleOp> loadModel(llvm::StringRef path, MLIRContext &context,
                                llvm::SourceMgr &sourceMgr,
                                const ONNXImportOptions &onnx = {});

/// Whether `path` names an ONNX model (by its extension).
bool isONNXModel(llvm::StringRef path);

} // namespace mlir::dlc

#endif // DLC_FRONTEND_MODELLOADER_H
