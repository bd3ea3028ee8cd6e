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

bool mlir::dlc::isONNXModel(llvm::StringRef path) {
  return llvm::sys::path::extension(path) == ".onnx";
}

OwningOpRef<ModuleOp> mlir::dlc::loadModel(llvm::StringRef path, MLIRContext &context,
                                           llvm::SourceMgr &sourceMgr,
                                           const ONNXImportOptions &onnx) {
  Location fileLoc = FileLineColLoc::get(&context, path, 0, 0);
  llvm::StringRef ext = llvm::sys::path::extension(path);
  if (ext == ".onnx")
    return importONNX(path, context, onnx);
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
