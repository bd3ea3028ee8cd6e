//===- JIT.h - compile a model in process and call it ------------*- C++ -*-===//
//
// The C++ API of the JIT: hand it a dlc-dialect module, get back an
// executable that runs on plain float buffers or on Tensor values.
//
//   mlir::MLIRContext ctx;  // with dlc::registerDialects / registerTranslations
//   auto exe = dlc::Executable::compile(module, {});
//   std::vector<dlc::Tensor> out = *(*exe)->run({input});
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TARGET_JIT_H
#define DLC_TARGET_JIT_H

#include "dlc/Target/Model.h"
#include "llvm/Support/Error.h"

#include <memory>

namespace mlir {
class ExecutionEngine;
namespace dlc {

/// A dense f32 tensor in row-major order.
struct Tensor {
  std::vector<int64_t> shape;
  std::vector<float> data;
};

struct JITOptions {
  int optLevel = 3;      ///< 0..3: 0 skips tiling/vectorization too
  bool parallel = true;  ///< multithread contractions
};

class Executable {
public:
  /// Lowers `module` (dlc dialect; it is modified in place) and JIT-compiles
  /// it. Errors carry the MLIR diagnostics' text.
  static llvm::Expected<std::unique_ptr<Executable>> compile(ModuleOp module,
                                                             const JITOptions &options);
  ~Executable();

  const ModelSignature &signature() const { return sig; }

  /// Runs on raw buffers: one per input then one per output, each holding
  /// exactly the tensor's element count.
  void run(llvm::ArrayRef<float *> buffers) const;

  /// Runs on tensors; checks their count and shapes.
  llvm::Expected<std::vector<Tensor>> run(const std::vector<Tensor> &inputs) const;

private:
  Executable() = default;
  ModelSignature sig;
  std::unique_ptr<ExecutionEngine> engine;
  void (*entry)(void **) = nullptr;
};

} // namespace dlc
} // namespace mlir

#endif // DLC_TARGET_JIT_H
