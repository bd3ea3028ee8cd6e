//===- JIT.cpp - compile a model in process and call it ---------------------===//
//
// Lowers with the same pipeline as the AOT path and hands the LLVM dialect
// to mlir::ExecutionEngine, optimized for the host CPU. The executable calls
// the generated `dlc_<f>_packed(void **)` entry point.
//
//===----------------------------------------------------------------------===//

#include "dlc/Target/JIT.h"
#include "dlc/Target/Codegen.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "llvm/ExecutionEngine/Orc/Mangling.h"
#include "llvm/Target/TargetMachine.h"

using namespace mlir;
using namespace mlir::dlc;

Executable::~Executable() = default;

llvm::Expected<std::unique_ptr<Executable>>
Executable::compile(ModuleOp module, const JITOptions &options) {
  auto sig = getModelSignature(module);
  if (failed(sig))
    return llvm::createStringError("invalid model (see the diagnostics)");
  PipelineOptions pipeline;
  pipeline.entry = sig->function;
  pipeline.parallel = options.parallel;
  pipeline.vectorize = options.optLevel > 0;
  pipeline.profile = options.profile;
  if (failed(runPipeline(module, pipeline)))
    return llvm::createStringError("compilation failed (see the diagnostics)");

  auto optimizerTM = createHostTargetMachine(options.optLevel, /*forJIT=*/true);
  if (!optimizerTM)
    return optimizerTM.takeError();
  auto engineTM = createHostTargetMachine(options.optLevel, /*forJIT=*/true);
  if (!engineTM)
    return engineTM.takeError();
  auto transformer =
      makeOptimizingTransformer(llvmIROptLevel(options.optLevel), /*sizeLevel=*/0,
                                optimizerTM->get());
  std::string omp = (getOpenMPLibraryPath() + "/libomp.so").str();
  llvm::StringRef libs[] = {omp};
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = transformer;
  engineOptions.jitCodeGenOptLevel = (*engineTM)->getOptLevel();
  if (options.parallel)
    engineOptions.sharedLibPaths = libs;
  auto engine = ExecutionEngine::create(module, engineOptions, std::move(*engineTM));
  if (!engine)
    return engine.takeError();

  if (!options.hostSymbols.empty())
    (*engine)->registerSymbols([&](llvm::orc::MangleAndInterner interner) {
      llvm::orc::SymbolMap symbols;
      for (const auto &[name, address] : options.hostSymbols)
        symbols[interner(name)] = {llvm::orc::ExecutorAddr::fromPtr(address),
                                   llvm::JITSymbolFlags::Exported};
      return symbols;
    });

  std::unique_ptr<Executable> exe(new Executable());
  exe->sig = std::move(*sig);
  auto entry = (*engine)->lookup("dlc_" + exe->sig.function + "_packed");
  if (!entry)
    return entry.takeError();
  exe->entry = reinterpret_cast<void (*)(void **)>(*entry);
  exe->engine = std::move(*engine);
  return exe;
}

void Executable::runRaw(llvm::ArrayRef<void *> buffers) const {
  std::vector<void *> args(buffers.begin(), buffers.end());
  entry(args.data());
}

void Executable::run(llvm::ArrayRef<float *> buffers) const {
  runRaw(std::vector<void *>(buffers.begin(), buffers.end()));
}

llvm::Expected<std::vector<Tensor>>
Executable::run(const std::vector<Tensor> &inputs) const {
  if (inputs.size() != sig.inputs.size())
    return llvm::createStringError("the model takes %zu inputs, got %zu",
                                   sig.inputs.size(), inputs.size());
  std::vector<void *> buffers;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const TensorSpec &spec = sig.inputs[i];
    if (inputs[i].type != spec.type)
      return llvm::createStringError(
          "input '%s' must be %s, got %s", spec.name.c_str(),
          elementTypeName(spec.type).str().c_str(),
          elementTypeName(inputs[i].type).str().c_str());
    if (inputs[i].shape != spec.shape || inputs[i].numElements() != spec.numElements())
      return llvm::createStringError("input '%s' must have shape %s",
                                     spec.name.c_str(), spec.shapeString().c_str());
    // The model never writes its inputs (runPipeline marks them read-only).
    buffers.push_back(const_cast<Tensor &>(inputs[i]).buffer());
  }
  std::vector<Tensor> outputs;
  outputs.reserve(sig.outputs.size());
  for (const TensorSpec &spec : sig.outputs) {
    if (spec.type == ElementType::I64)
      outputs.push_back(
          Tensor::ofI64(spec.shape, std::vector<int64_t>(spec.numElements())));
    else
      outputs.push_back({spec.shape, std::vector<float>(spec.numElements())});
  }
  for (Tensor &out : outputs)
    buffers.push_back(out.buffer());
  runRaw(buffers);
  return outputs;
}
