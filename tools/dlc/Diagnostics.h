//===- Diagnostics.h - dlc's error reporting ---------------------*- C++ -*-===//
//
// Every message the driver prints reads `dlc: error: <where>: <what>`; MLIR
// diagnostics get their file:line:col, the driver's own errors their file.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TOOLS_DLC_DIAGNOSTICS_H
#define DLC_TOOLS_DLC_DIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/Error.h"

namespace dlc {

/// Prints MLIR diagnostics of `context` as `dlc: <severity>: <loc>: <msg>`
/// while alive.
class DriverDiagnostics {
public:
  explicit DriverDiagnostics(mlir::MLIRContext &context);
  ~DriverDiagnostics();
  /// Whether an error diagnostic was printed.
  bool hadError() const { return errors > 0; }

private:
  mlir::MLIRContext &context;
  mlir::DiagnosticEngine::HandlerID id;
  int errors = 0;
};

/// Prints `dlc: error: <message>` and returns 1 (the exit code).
int fail(const llvm::Twine &message);
/// Prints an llvm::Error as above and returns 1.
int fail(llvm::Error error);

} // namespace dlc

#endif // DLC_TOOLS_DLC_DIAGNOSTICS_H
