//===- ModelLoader.cpp - read a model file into the dlc dialect -------------===//
//
// See ModelLoader.h.
//
//===----------------------------------------------------------------------===//

#include "dlc/Frontend/ModelLoader.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

OwningOpRef<ModuleOp> mlir::dlc::loadModel(llvm::StringRef path, MLIRContext &context,
                                           llvm::SourceMgr &sourceMgr) {
  Location fileLoc = FileLineColLoc::get(&context, path, 0, 0);
  llvm::StringRef ext = llvm::sys::path::extension(path);
  if (ext == ".onnx") {
    emitError(fileLoc) << "ONNX models are not supported yet (the ONNX importer "
                          "is a later milestone); pass a .mlir model";
    return nullptr;
  }
  if (ext != ".mlir") {
    emitError(fileLoc) << "unknown model file type '" << ext
                       << "' (expected .mlir or .onnx)";
    return nullptr;
  }
  std::string message;
  auto buffer = openInputFile(path, &message);
  if (!buffer) {
    emitError(fileLoc) << "cannot read the model: " << message;
    return nullptr;
  }
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  ParserConfig config(&context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, config);
  return module;
}
