//===- Codegen.cpp - LLVM code generation for the host CPU ------------------===//
//
// See Codegen.h.
//
//===----------------------------------------------------------------------===//

#include "dlc/Target/Codegen.h"

#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Utils/SplitModule.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#ifndef DLC_LIBOMP_DIR
#define DLC_LIBOMP_DIR "/usr/lib/llvm-22/lib"
#endif

using namespace mlir;
using namespace mlir::dlc;

llvm::StringRef mlir::dlc::getOpenMPLibraryPath() { return DLC_LIBOMP_DIR; }

static llvm::CodeGenOptLevel toCodeGenOptLevel(int level) {
  switch (level) {
  case 0: return llvm::CodeGenOptLevel::None;
  case 1: return llvm::CodeGenOptLevel::Less;
  case 2: return llvm::CodeGenOptLevel::Default;
  default: return llvm::CodeGenOptLevel::Aggressive;
  }
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
mlir::dlc::createHostTargetMachine(int optLevel) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::InitializeNativeTargetAsmParser();
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    return builder.takeError();
  builder->setCodeGenOptLevel(toCodeGenOptLevel(optLevel));
  builder->setRelocationModel(llvm::Reloc::PIC_);
  builder->setCodeModel(llvm::CodeModel::Small);
  return builder->createTargetMachine();
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
mlir::dlc::createTargetMachine(llvm::StringRef cpu, llvm::StringRef features,
                               int optLevel) {
  if ((cpu.empty() || cpu == "host") && features.empty())
    return createHostTargetMachine(optLevel);
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::Triple triple(llvm::sys::getProcessTriple());
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return llvm::createStringError("no target for '%s': %s", triple.str().c_str(),
                                   error.c_str());
  std::string cpuName = cpu.empty() || cpu == "host" ? llvm::sys::getHostCPUName().str()
                                                     : cpu.str();
  std::unique_ptr<llvm::MCSubtargetInfo> info(
      target->createMCSubtargetInfo(triple, cpuName, ""));
  if (!info || !info->isCPUStringValid(cpuName)) {
    std::string known;
    if (info)
      for (const llvm::SubtargetSubTypeKV &kv : info->getAllProcessorDescriptions())
        known += (known.empty() ? "" : ", ") + std::string(kv.Key);
    return llvm::createStringError("unknown --target-cpu '%s' (known: %s)",
                                   cpuName.c_str(), known.c_str());
  }
  llvm::SmallVector<llvm::StringRef> list;
  features.split(list, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef feature : list) {
    feature = feature.trim();
    llvm::StringRef name = feature.drop_front();
    bool known = llvm::any_of(info->getAllProcessorFeatures(),
                              [&](const llvm::SubtargetFeatureKV &kv) {
                                return name == kv.Key;
                              });
    if ((!feature.starts_with("+") && !feature.starts_with("-")) || !known)
      return llvm::createStringError(
          "unknown --target-features entry '%s' (expected +name or -name, name an "
          "LLVM feature of the target such as avx2 or avx512f)",
          feature.str().c_str());
  }
  llvm::TargetOptions options;
  std::unique_ptr<llvm::TargetMachine> tm(target->createTargetMachine(
      triple, cpuName, features, options, llvm::Reloc::PIC_, llvm::CodeModel::Small,
      toCodeGenOptLevel(optLevel)));
  if (!tm)
    return llvm::createStringError("cannot create a target machine for '%s'",
                                   cpuName.c_str());
  return tm;
}

int64_t mlir::dlc::targetVectorBits(const llvm::TargetMachine &tm) {
  return tm.getMCSubtargetInfo()->checkFeatures("+avx512f") ? 512 : 256;
}

int mlir::dlc::llvmIROptLevel(int optLevel) { return std::min(optLevel, 2); }

/// `module` translated to LLVM IR for `tm`, not optimized.
static llvm::Expected<std::unique_ptr<llvm::Module>>
translate(ModuleOp module, llvm::LLVMContext &llvmContext, llvm::TargetMachine &tm) {
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext);
  if (!llvmModule)
    return llvm::createStringError("failed to translate the module to LLVM IR");
  llvmModule->setDataLayout(tm.createDataLayout());
  llvmModule->setTargetTriple(tm.getTargetTriple());
  return llvmModule;
}

/// Runs LLVM's optimization pipeline for dlc's -O level on `module`,
/// without its loop and SLP vectorizers and its unroller: dlc's kernels
/// arrive vectorized, their short loops unrolled (unrollTapLoops), and those
/// passes took ~45% of the optimization and code generation time (ResNet-18,
/// one thread: 3.3 -> 1.8 s) for no speed measured on the networks.
static llvm::Error optimize(llvm::Module &module, llvm::TargetMachine &tm, int optLevel) {
  llvm::PipelineTuningOptions tuning;
  tuning.LoopVectorization = false;
  tuning.SLPVectorization = false;
  tuning.LoopInterleaving = false;
  tuning.LoopUnrolling = false;
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager sccs;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder builder(&tm, tuning);
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(sccs);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, sccs, modules);
  llvm::ModulePassManager passes;
  switch (llvmIROptLevel(optLevel)) {
  case 0:
    passes = builder.buildO0DefaultPipeline(llvm::OptimizationLevel::O0);
    break;
  case 1:
    passes = builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O1);
    break;
  default:
    passes = builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2);
  }
  passes.run(module, modules);
  return llvm::Error::success();
}

llvm::Expected<std::unique_ptr<llvm::Module>>
mlir::dlc::translateAndOptimize(ModuleOp module, llvm::LLVMContext &llvmContext,
                                llvm::TargetMachine &tm, int optLevel) {
  auto llvmModule = translate(module, llvmContext, tm);
  if (!llvmModule)
    return llvmModule.takeError();
  if (llvm::Error err = optimize(**llvmModule, tm, optLevel))
    return std::move(err);
  return llvmModule;
}

/// Runs the code generator for `type` on `module` into `os`.
static llvm::Error emitToStream(llvm::Module &module, llvm::TargetMachine &tm,
                                llvm::raw_pwrite_stream &os,
                                llvm::CodeGenFileType type) {
  llvm::legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, os, nullptr, type))
    return llvm::createStringError("the target cannot emit this file type");
  pm.run(module);
  return llvm::Error::success();
}

llvm::Expected<std::string> mlir::dlc::emitAssembly(llvm::Module &module,
                                                    llvm::TargetMachine &tm) {
  llvm::SmallString<0> text;
  llvm::raw_svector_ostream os(text);
  if (llvm::Error err =
          emitToStream(module, tm, os, llvm::CodeGenFileType::AssemblyFile))
    return std::move(err);
  return std::string(text);
}

llvm::Expected<llvm::SmallVector<char, 0>> mlir::dlc::emitObject(llvm::Module &module,
                                                                 llvm::TargetMachine &tm) {
  llvm::SmallVector<char, 0> bytes;
  llvm::raw_svector_ostream os(bytes);
  if (llvm::Error err = emitToStream(module, tm, os, llvm::CodeGenFileType::ObjectFile))
    return std::move(err);
  return bytes;
}

unsigned mlir::dlc::defaultCompileThreads() {
  return std::clamp(std::thread::hardware_concurrency(), 1u, 16u);
}

/// The instructions of a part below which splitting a module costs more
/// (a bitcode round trip, a thread, a target machine) than it saves.
constexpr unsigned kMinInstructionsPerPart = 4000;
constexpr unsigned kPartsPerThread = 3;

llvm::Expected<std::vector<llvm::SmallVector<char, 0>>>
mlir::dlc::compileToObjects(ModuleOp module, const TargetMachineFactory &makeTarget,
                            int optLevel, unsigned threads, PhaseTimes *times,
                            llvm::function_ref<llvm::Error(llvm::Module &)> addToModule) {
  auto start = std::chrono::steady_clock::now();
  auto timed = [&](llvm::StringRef phase) {
    if (times)
      times->emplace_back(phase.str(), millisecondsSince(start));
    start = std::chrono::steady_clock::now();
  };
  auto tm = makeTarget();
  if (!tm)
    return tm.takeError();
  llvm::LLVMContext llvmContext;
  auto llvmModule = translate(module, llvmContext, **tm);
  if (!llvmModule)
    return llvmModule.takeError();
  if (addToModule)
    if (llvm::Error err = addToModule(**llvmModule))
      return std::move(err);
  unsigned instructions = 0, functions = 0;
  for (llvm::Function &function : **llvmModule)
    if (!function.isDeclaration()) {
      ++functions;
      instructions += function.getInstructionCount();
    }
  // More parts than threads: SplitModule balances their sizes only
  // roughly, and the threads take the next part as they finish one.
  threads = std::max(threads, 1u);
  unsigned parts = threads == 1 ? 1
                                : std::min({kPartsPerThread * threads, functions,
                                            instructions / kMinInstructionsPerPart});
  std::vector<llvm::SmallVector<char, 0>> objects;
  if (parts <= 1) {
    timed("llvm-ir");
    if (llvm::Error err = optimize(**llvmModule, **tm, optLevel))
      return std::move(err);
    auto object = emitObject(**llvmModule, **tm);
    if (!object)
      return object.takeError();
    objects.push_back(std::move(*object));
    timed("codegen");
    return objects;
  }
  // Each part travels as bitcode into a context of its own: an LLVM
  // context is not shared between threads. Local symbols referenced across
  // parts become hidden globals.
  std::vector<llvm::SmallVector<char, 0>> bitcode;
  llvm::SplitModule(**llvmModule, parts, [&](std::unique_ptr<llvm::Module> part) {
    llvm::raw_svector_ostream os(bitcode.emplace_back());
    llvm::WriteBitcodeToFile(*part, os);
  });
  timed("llvm-ir");
  objects.resize(bitcode.size());
  std::vector<std::string> errors(bitcode.size());
  auto compilePart = [&](size_t i) {
    auto fail = [&](llvm::Error err) { errors[i] = llvm::toString(std::move(err)); };
    llvm::LLVMContext context;
    llvm::StringRef bytes(bitcode[i].data(), bitcode[i].size());
    auto part = llvm::parseBitcodeFile(llvm::MemoryBufferRef(bytes, "dlc-part"), context);
    if (!part)
      return fail(part.takeError());
    auto partTarget = makeTarget();
    if (!partTarget)
      return fail(partTarget.takeError());
    if (llvm::Error err = optimize(**part, **partTarget, optLevel))
      return fail(std::move(err));
    auto object = emitObject(**part, **partTarget);
    if (!object)
      return fail(object.takeError());
    objects[i] = std::move(*object);
  };
  std::atomic<size_t> next = 0;
  auto work = [&] {
    for (size_t i = next++; i < bitcode.size(); i = next++)
      compilePart(i);
  };
  std::vector<std::thread> workers;
  for (unsigned i = 1; i < std::min<size_t>(threads, bitcode.size()); ++i)
    workers.emplace_back(work);
  work();
  for (std::thread &worker : workers)
    worker.join();
  for (const std::string &error : errors)
    if (!error.empty())
      return llvm::createStringError("%s", error.c_str());
  timed("codegen");
  return objects;
}

llvm::Error mlir::dlc::linkSharedLibrary(llvm::ArrayRef<std::string> objectPaths,
                                         llvm::StringRef soPath, bool needsOpenMP) {
  auto cc = llvm::sys::findProgramByName("cc");
  if (!cc)
    return llvm::createStringError(
        "cannot link a shared library: no C compiler driver 'cc' on PATH");
  std::string ompDir = getOpenMPLibraryPath().str();
  std::vector<std::string> args = {*cc, "-shared", "-o", soPath.str()};
  args.insert(args.end(), objectPaths.begin(), objectPaths.end());
  if (needsOpenMP) {
    args.push_back("-L" + ompDir);
    args.push_back("-Wl,-rpath," + ompDir);
    args.push_back("-lomp");
  }
  args.push_back("-lm");
  llvm::SmallString<128> log;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile("dlc-link", "log", log))
    return llvm::createStringError(ec, "cannot create a temporary file");
  std::vector<llvm::StringRef> argRefs(args.begin(), args.end());
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, llvm::StringRef(log),
                                                llvm::StringRef(log)};
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(*cc, argRefs, std::nullopt, redirects, 0, 0,
                                     &message);
  std::string output;
  if (auto buffer = llvm::MemoryBuffer::getFile(log))
    output = (*buffer)->getBuffer().trim().str();
  llvm::sys::fs::remove(log);
  if (rc != 0) {
    llvm::sys::fs::remove(soPath);
    return llvm::createStringError("linking '%s' failed: %s", soPath.str().c_str(),
                                   output.empty() ? message.c_str() : output.c_str());
  }
  return llvm::Error::success();
}
