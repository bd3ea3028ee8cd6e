//===- JIT.h - compile a model in process and call it ------------*- C++ -*-===//
//
// The C++ API of the JIT: hand it a dlc-dialect module, get back an
// executable that runs on plain buffers or on Tensor values. Inputs and
// outputs are f32 or i64 tensors (ModelSignature says which).
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

namespace llvm::orc {
class LLJIT;
} // namespace llvm::orc

namespace mlir {
namespace dlc {

/// A dense tensor in row-major order: f32 (the default, values in `data`)
/// or i64 (values in `i64`, `data` unused). `Tensor{shape, floats}` builds
/// an f32 tensor as it always did; `Tensor::ofI64(shape, values)` an i64 one.
struct Tensor {
  std::vector<int64_t> shape;
  std::vector<float> data;              ///< the values of an f32 tensor
  ElementType type = ElementType::F32;
  std::vector<int64_t> i64;             ///< the values of an i64 tensor

  static Tensor ofI64(std::vector<int64_t> shape, std::vector<int64_t> values) {
    Tensor t{std::move(shape), {}};
    t.type = ElementType::I64;
    t.i64 = std::move(values);
    return t;
  }
  /// The element count of the payload of `type`.
  int64_t numElements() const {
    return static_cast<int64_t>(type == ElementType::I64 ? i64.size() : data.size());
  }
  /// The payload of `type`, as the raw buffer the compiled model reads.
  void *buffer() {
    return type == ElementType::I64 ? static_cast<void *>(i64.data())
                                    : static_cast<void *>(data.data());
  }
};

struct JITOptions {
  int optLevel = 3;      ///< 0..3: 0 skips tiling/vectorization too
  bool parallel = true;  ///< multithread contractions
  /// Time each kernel through dlc_profile_begin/end (dlc-profile-kernels);
  /// the module's `dlc.profile_kernels` attribute then lists the kernels.
  bool profile = false;
  /// Host functions the generated code may call (the profile timers), by
  /// their C names.
  std::vector<std::pair<std::string, void *>> hostSymbols;
  /// Parameters as runtime state: the model's parameters (`dlc.param`
  /// constants) become buffers that the executable binds, and rebinds
  /// without recompiling (see setParameters). Off: they are compiled into
  /// the code as constants.
  bool parametersAsState = true;
  /// When set, compile() appends the wall-clock time of each phase: the
  /// pipeline's (dlc ... llvm), "llvm-ir" (translation and LLVM's
  /// optimizations), "codegen" (machine code), or "cache" when the code
  /// came from the compile cache, then "link" (loading it) and "prepare"
  /// (the first binding of the parameters).
  PhaseTimes *phaseTimes = nullptr;
  /// The compile cache's directory (empty: none). The machine code of a
  /// model is kept there under a key made of the model's code without its
  /// parameters' values, these options, the host CPU and the dlc build;
  /// compiling the same model again, or the same architecture with other
  /// weights, loads it instead of generating it. Entries are written
  /// atomically and checked (a checksum) when read: a damaged or stale one
  /// is rebuilt. Not used with `profile`.
  std::string cacheDir;
  /// The cache's size bound: storing an entry that takes the directory past
  /// it removes the least recently used entries (last written or read)
  /// until it holds 3/4 of it, never the new one.
  int64_t cacheMaxBytes = int64_t(1) << 30;
  /// Threads that optimize and compile the model's parts (compileToObjects);
  /// 0: defaultCompileThreads().
  unsigned compileThreads = 0;
};

class Executable {
public:
  /// Lowers `module` (dlc dialect; it is modified in place) and JIT-compiles
  /// it. Errors carry the MLIR diagnostics' text.
  static llvm::Expected<std::unique_ptr<Executable>> compile(ModuleOp module,
                                                             const JITOptions &options);
  ~Executable();

  const ModelSignature &signature() const { return sig; }

  /// The bound parameters, in the order the model declares them (none when
  /// compiled with parametersAsState off). They start with the values the
  /// model was compiled with.
  const std::vector<ParameterSpec> &parameters() const { return table.parameters; }

  /// Binds new values to the parameters named in `values` (the others keep
  /// theirs) and recomputes what the model derives from them (folded
  /// BatchNorm, repacked weights): the next run uses them. Checks every
  /// name, element type and shape before changing anything.
  llvm::Error setParameters(const std::vector<std::pair<std::string, Tensor>> &values);

  /// The buffer bound to parameter `index` (in parameters() order): its
  /// elements, f32, for updating in place without a copy (a training
  /// step). Call parametersUpdated() after writing, before the next run.
  float *parameterData(size_t index) {
    return static_cast<float *>(parameterBuffers[index].data());
  }

  /// Recomputes what the model derives from its parameters (the prepare
  /// function: repacked weights, folded BatchNorm) after they changed in
  /// place; nothing when the model derives nothing.
  void parametersUpdated() { prepare(); }

  /// Whether the model derives values from its parameters, which
  /// parametersUpdated() recomputes.
  bool hasPreparedValues() const { return !preparedBuffers.empty(); }

  /// The value bound to parameter `name`.
  llvm::Expected<Tensor> getParameter(llvm::StringRef name) const;

  /// Whether the code came from the compile cache.
  bool fromCache() const { return cached; }

  /// The bytes of the model's arena of temporaries (dlc-plan-memory).
  int64_t arenaBytes() const { return arena; }

  /// Runs on raw buffers: one per input then one per output, each holding
  /// exactly the tensor's element count of its signature's element type
  /// (float or int64_t).
  void runRaw(llvm::ArrayRef<void *> buffers) const;

  /// The same for a model whose inputs and outputs are all f32.
  void run(llvm::ArrayRef<float *> buffers) const;

  /// Runs on tensors; checks their count, element types and shapes.
  llvm::Expected<std::vector<Tensor>> run(const std::vector<Tensor> &inputs) const;

private:
  Executable() = default;
  /// Runs the prepare function on the bound parameters.
  void prepare();

  ModelSignature sig;
  std::unique_ptr<llvm::orc::LLJIT> jit;
  bool cached = false;
  int64_t arena = 0;
  void (*entry)(void **) = nullptr;
  void (*prepareEntry)(void **) = nullptr;
  /// A 64-byte aligned heap buffer: the kernels' vector loads of weights
  /// never straddle cache lines.
  struct AlignedBuffer {
    explicit AlignedBuffer(int64_t bytes);
    void *data() const { return storage.get(); }
    std::unique_ptr<void, void (*)(void *)> storage;
  };

  /// The parameters' and the prepared values' specs (the table's values
  /// moved into `parameterBuffers`).
  ParameterTable table;
  std::vector<AlignedBuffer> parameterBuffers, preparedBuffers;
};

} // namespace dlc
} // namespace mlir

#endif // DLC_TARGET_JIT_H
