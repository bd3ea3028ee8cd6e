//===- Session.h - what every dlc subcommand sets up --------------*- C++ -*-===//
//
// A context with dlc's dialects and translations loaded, diagnostics printed
// as `dlc: error: file:line:col: ...` without op dumps, and the source
// manager that keeps the model's buffer alive for those locations.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TOOLS_DLC_SESSION_H
#define DLC_TOOLS_DLC_SESSION_H

#include "Diagnostics.h"

#include "dlc/Frontend/ModelLoader.h"
#include "dlc/Registration.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/SourceMgr.h"

#include <memory>

namespace dlc {

struct Session {
  mlir::DialectRegistry registry;
  std::unique_ptr<mlir::MLIRContext> context;
  std::unique_ptr<DriverDiagnostics> diagnostics;
  llvm::SourceMgr sourceMgr;
  Session() {
    mlir::dlc::registerDialects(registry);
    mlir::dlc::registerTranslations(registry);
    context = std::make_unique<mlir::MLIRContext>(registry);
    context->loadAllAvailableDialects();
    // Users get the message and location, not a dump of the failing op.
    context->printOpOnDiagnostic(false);
    diagnostics = std::make_unique<DriverDiagnostics>(*context);
  }
  /// Reports a failed compile's `error`, unless the diagnostics already
  /// printed what went wrong.
  void reportCompileError(llvm::Error error) {
    if (!diagnostics->hadError())
      fail(std::move(error));
    else
      llvm::consumeError(std::move(error));
  }
  mlir::OwningOpRef<mlir::ModuleOp>
  load(llvm::StringRef path, const mlir::dlc::ONNXImportOptions &onnx = {}) {
    return mlir::dlc::loadModel(path, *context, sourceMgr, onnx);
  }
};

} // namespace dlc

#endif // DLC_TOOLS_DLC_SESSION_H
