//===- ModelLoader.h - read a model file into the dlc dialect ----*- C++ -*-===//
//
// The file-level front door: picks the importer by extension (.mlir today;
// .onnx comes with the ONNX importer) and reports unreadable or malformed
// files as diagnostics with their location.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_FRONTEND_MODELLOADER_H
#define DLC_FRONTEND_MODELLOADER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace llvm {
class SourceMgr;
}

namespace mlir::dlc {

/// Loads the model at `path`; emits an error and returns null on failure.
/// `sourceMgr` owns the buffer that locations point into.
OwningOpRef<ModuleOp> loadModel(llvm::StringRef path, MLIRContext &context,
                                llvm::SourceMgr &sourceMgr);

} // namespace mlir::dlc

#endif // DLC_FRONTEND_MODELLOADER_H
