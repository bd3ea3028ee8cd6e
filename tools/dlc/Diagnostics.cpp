//===- Diagnostics.cpp - dlc's error reporting ------------------------------===//
//
// See Diagnostics.h.
//
//===----------------------------------------------------------------------===//

#include "Diagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace {
/// The first file location inside `loc` (through names, fusions, call sites).
std::optional<FileLineColLoc> findFileLoc(Location loc) {
  std::optional<FileLineColLoc> found;
  loc->walk([&](Location l) {
    if (auto file = dyn_cast<FileLineColLoc>(l)) {
      found = file;
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return found;
}

void print(Diagnostic &diag, llvm::StringRef severity) {
  llvm::errs() << "dlc: " << severity << ": ";
  if (auto file = findFileLoc(diag.getLocation())) {
    llvm::errs() << file->getFilename().getValue();
    if (file->getLine() > 0)
      llvm::errs() << ":" << file->getLine() << ":" << file->getColumn();
    llvm::errs() << ": ";
  }
  llvm::errs() << diag.str() << "\n";
}
} // namespace

dlc::DriverDiagnostics::DriverDiagnostics(MLIRContext &context) : context(context) {
  id = context.getDiagEngine().registerHandler([this](Diagnostic &diag) {
    switch (diag.getSeverity()) {
    case DiagnosticSeverity::Error:
      ++errors;
      print(diag, "error");
      break;
    case DiagnosticSeverity::Warning:
      print(diag, "warning");
      break;
    default:
      print(diag, "note");
      break;
    }
    for (Diagnostic &note : diag.getNotes())
      print(note, "note");
    return success();
  });
}

dlc::DriverDiagnostics::~DriverDiagnostics() {
  context.getDiagEngine().eraseHandler(id);
}

int dlc::fail(const llvm::Twine &message) {
  llvm::errs() << "dlc: error: " << message << "\n";
  return 1;
}

int dlc::fail(llvm::Error error) {
  return fail(llvm::toString(std::move(error)));
}
