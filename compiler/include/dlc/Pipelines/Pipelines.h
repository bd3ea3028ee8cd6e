//===- Pipelines.h - dlc compilation pipelines -------------------*- C++ -*-===//
//
// The compiler's pipeline as library functions with named phases. The CLI,
// the C++ API and the lit tests (through dlc-opt's registered pipelines) all
// build exactly these pass lists, and any of them can stop after a phase.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_PIPELINES_PIPELINES_H
#define DLC_PIPELINES_PIPELINES_H

#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <string>

namespace mlir {
class OpPassManager;
namespace dlc {

/// The phases, in order. Each names the IR that exists after it.
enum class Phase {
  DLC,        ///< dlc dialect, canonicalized
  Linalg,     ///< linalg/tensor/arith/math on tensors, elementwise ops fused
  Vectorized, ///< contractions tiled and vectorized, still on tensors
  Bufferized, ///< memrefs, results as out-parameters, buffers freed
  LLVM,       ///< LLVM dialect with C entry points, ready for translation
};

/// Parses "dlc", "linalg", "vectorized", "bufferized" or "llvm".
std::optional<Phase> parsePhase(llvm::StringRef name);

struct PipelineOptions {
  /// Last phase to run.
  Phase stopAfter = Phase::LLVM;
  /// Multithread contractions (scf.forall -> OpenMP).
  bool parallel = true;
  /// Run tiling and vectorization (off at -O0).
  bool vectorize = true;
  /// Vector width (bits) the kernels are shaped for; 0: the host CPU's
  /// (see KernelStrategy).
  int64_t vectorBits = 0;
  /// Time each kernel through the runtime's profile timers
  /// (dlc-profile-kernels, before the LLVM lowering).
  bool profile = false;
  /// The model function to wrap with C entry points.
  std::string entry = "main";
  /// Parameters as runtime state (dlc-externalize-parameters first, and
  /// dlc-hoist-parameter-computation before bufferization): the model
  /// function takes them as arguments and `@<entry>_prepare` computes what
  /// depends on them alone. Off: they stay constants in the code.
  bool externalizeParameters = false;
};

/// dlc -> dlc: canonicalization and CSE.
void buildDLCCleanupPipeline(OpPassManager &pm);
/// dlc -> linalg on tensors, elementwise fusion.
void buildLowerToLinalgPipeline(OpPassManager &pm);
/// linalg -> tiled, vectorized contractions (on tensors).
void buildVectorizePipeline(OpPassManager &pm, const PipelineOptions &options);
/// tensors -> memrefs with out-parameters and deallocation.
void buildBufferizePipeline(OpPassManager &pm);
/// memrefs/vector/scf -> LLVM dialect with C entry points.
void buildLowerToLLVMPipeline(OpPassManager &pm, const PipelineOptions &options);

/// The passes of one phase (what runs after the previous one).
void buildPhase(OpPassManager &pm, Phase phase, const PipelineOptions &options);

/// Every phase from the dlc dialect up to `options.stopAfter`.
void buildDLCPipeline(OpPassManager &pm, const PipelineOptions &options);

/// "dlc", "linalg", "vectorized", "bufferized" or "llvm".
llvm::StringRef phaseName(Phase phase);

/// Registers the pipelines for dlc-opt: dlc-cleanup, dlc-lower-to-linalg,
/// dlc-vectorize, dlc-bufferize, dlc-lower-to-llvm and dlc-compile.
void registerDLCPipelines();

} // namespace dlc
} // namespace mlir

#endif // DLC_PIPELINES_PIPELINES_H
