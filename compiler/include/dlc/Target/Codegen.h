//===- Codegen.h - LLVM code generation for the host CPU ---------*- C++ -*-===//
//
// Translation of the LLVM-dialect module to LLVM IR, optimization for the
// detected host CPU (AVX2/FMA on the development machines), and the AOT
// artefacts: assembly, object file, shared library and the C header.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TARGET_CODEGEN_H
#define DLC_TARGET_CODEGEN_H

#include "dlc/Target/Model.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <memory>
#include <vector>

namespace llvm {
class LLVMContext;
class Module;
class TargetMachine;
} // namespace llvm

namespace mlir::dlc {

/// A target machine for the host CPU (name and features detected), PIC and
/// the small code model: the JIT links the same object files as AOT.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createHostTargetMachine(int optLevel);

/// An AOT target machine for another CPU of the host's architecture, as
/// clang's -march/-mattr: `cpu` is an LLVM CPU name ("x86-64-v3",
/// "skylake-avx512", "znver4"; empty or "host": the host's), `features` a
/// comma-separated list of "+feature" / "-feature" on top of it. An
/// unknown CPU or feature is an error listing what is known.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(llvm::StringRef cpu, llvm::StringRef features, int optLevel);

/// The vector width (bits) dlc's kernels are shaped for on `tm`'s CPU:
/// 512 with AVX-512, else 256.
int64_t targetVectorBits(const llvm::TargetMachine &tm);

/// The LLVM IR optimization level for dlc's -O level: at most 2. dlc's own
/// pipeline has already tiled, vectorized and unrolled the hot loops; LLVM's
/// O3 additions then mostly re-analyse that unrolled code. Measured on
/// PyTorch's MobileNet v2 (96x96, BatchNorm nodes kept): compile time 53 s
/// at O3 against 16 s at O2, run time the same within noise (72 vs 70 ms);
/// ResNet-18 at 224x224: 26 s against 20 s. Code generation keeps -O3.
int llvmIROptLevel(int optLevel);

/// Translates `module` (LLVM dialect) to LLVM IR for `tm` and runs the
/// LLVM optimization pipeline at llvmIROptLevel(`optLevel`).
llvm::Expected<std::unique_ptr<llvm::Module>>
translateAndOptimize(ModuleOp module, llvm::LLVMContext &llvmContext,
                     llvm::TargetMachine &tm, int optLevel);

/// Makes a target machine; each thread of a parallel compile needs its own.
using TargetMachineFactory =
    std::function<llvm::Expected<std::unique_ptr<llvm::TargetMachine>>()>;

/// Translates `module` (LLVM dialect) to LLVM IR and compiles it to object
/// files for the machines `makeTarget` makes, optimized as
/// translateAndOptimize does. A large module (a network's kernels are
/// functions of their own, the OpenMP regions) is split into up to
/// `threads` parts of whole functions, each optimized and compiled on a
/// thread of its own in its own LLVM context (a cold ResNet-18 compile
/// spends most of its time there); a small one, or `threads` <= 1, gives
/// one object. A function's code does not depend on the part it is in:
/// nothing is inlined across the OpenMP regions' boundaries. `times` gets
/// "llvm-ir" (translation and splitting) and "codegen" (optimization and
/// code generation of the parts). `addToModule`, when given, runs on the
/// translated module first (an embedded parameter blob).
llvm::Expected<std::vector<llvm::SmallVector<char, 0>>>
compileToObjects(ModuleOp module, const TargetMachineFactory &makeTarget, int optLevel,
                 unsigned threads, PhaseTimes *times = nullptr,
                 llvm::function_ref<llvm::Error(llvm::Module &)> addToModule = {});

/// The number of threads compileToObjects uses by default: the host's
/// hardware threads, at most 16.
unsigned defaultCompileThreads();

/// The assembly of `module`.
llvm::Expected<std::string> emitAssembly(llvm::Module &module, llvm::TargetMachine &tm);

/// The object file of `module`, in memory.
llvm::Expected<llvm::SmallVector<char, 0>> emitObject(llvm::Module &module,
                                                      llvm::TargetMachine &tm);

/// Links object files into a shared library (with the system C compiler
/// driver, `cc`), with libomp as a dependency when `needsOpenMP`.
llvm::Error linkSharedLibrary(llvm::ArrayRef<std::string> objectPaths, llvm::StringRef soPath,
                              bool needsOpenMP);

/// The C header declaring the entry points of `sig`. With parameters (a
/// model compiled with dlc-externalize-parameters), also their table and a
/// header-only loader: `dlc_<f>_load(path, &model, err, len)` reads them
/// from a .safetensors file, `dlc_<f>_load_memory` from its bytes, and with
/// `embedded` `dlc_<f>_load_embedded` from the library's copy
/// (`dlc_<f>_params_blob`); `dlc_<f>_run(model, in..., out...)` runs.
std::string generateCHeader(const ModelSignature &sig, const ParameterTable &table = {},
                            bool embedded = false);

/// Directory holding libomp (for rpaths and the JIT).
llvm::StringRef getOpenMPLibraryPath();

} // namespace mlir::dlc

#endif // DLC_TARGET_CODEGEN_H
