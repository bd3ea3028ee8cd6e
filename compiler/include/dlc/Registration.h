//===- Registration.h - dialects, interfaces and passes dlc uses -*- C++ -*-===//
//
// The few registrations the pipelines need (instead of MLIR's InitAll*
// headers, which would compile and link every dialect in MLIR).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_REGISTRATION_H
#define DLC_REGISTRATION_H

namespace mlir {
class DialectRegistry;
class MLIRContext;
namespace dlc {
/// The dlc dialect, every dialect the pipelines produce, and the external
/// interface models (bufferization, tiling, subsets, value bounds) they use.
void registerDialects(DialectRegistry &registry);
/// The LLVM IR translation interfaces (LLVM, builtin, OpenMP) of `registry`.
void registerTranslations(DialectRegistry &registry);
/// The dlc passes and pipelines, for dlc-opt's command line.
void registerPasses();
} // namespace dlc
} // namespace mlir

#endif // DLC_REGISTRATION_H
