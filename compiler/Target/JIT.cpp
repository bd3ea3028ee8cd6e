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
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Target/TargetMachine.h"

#include <algorithm>
#include <cstdlib>

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
  pipeline.externalizeParameters = options.parametersAsState;
  PhaseTimes *times = options.phaseTimes;
  if (failed(runPipeline(module, pipeline, times)))
    return llvm::createStringError("compilation failed (see the diagnostics)");
  auto table = readParameterTable(module);
  if (failed(table))
    return llvm::createStringError("invalid parameter table (see the diagnostics)");

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
  auto start = std::chrono::steady_clock::now();
  auto engine = ExecutionEngine::create(module, engineOptions, std::move(*engineTM));
  if (!engine)
    return engine.takeError();
  if (times)
    times->emplace_back("llvm-ir", millisecondsSince(start));

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
  start = std::chrono::steady_clock::now();
  auto entry = (*engine)->lookup("dlc_" + exe->sig.function + "_packed");
  if (!entry)
    return entry.takeError();
  exe->entry = reinterpret_cast<void (*)(void **)>(*entry);
  exe->table = std::move(*table);
  if (!exe->table.parameters.empty()) {
    auto prepare = (*engine)->lookup("dlc_" + exe->sig.function + "_prepare_packed");
    if (!prepare)
      return prepare.takeError();
    exe->prepareEntry = reinterpret_cast<void (*)(void **)>(*prepare);
    for (std::vector<float> &values : exe->table.values) {
      exe->parameterBuffers.emplace_back(values.size() * sizeof(float));
      std::copy(values.begin(), values.end(),
                static_cast<float *>(exe->parameterBuffers.back().data()));
      std::vector<float>().swap(values);
    }
    exe->table.values.clear();
    for (const TensorSpec &spec : exe->table.prepared)
      exe->preparedBuffers.emplace_back(spec.numElements() * elementSize(spec.type));
  }
  if (times)
    times->emplace_back("codegen", millisecondsSince(start));
  exe->engine = std::move(*engine);
  start = std::chrono::steady_clock::now();
  exe->prepare();
  if (times && exe->prepareEntry)
    times->emplace_back("prepare", millisecondsSince(start));
  return exe;
}

Executable::AlignedBuffer::AlignedBuffer(int64_t bytes)
    : storage(std::aligned_alloc(64, std::max<int64_t>(64, (bytes + 63) / 64 * 64)),
              std::free) {
  if (!storage)
    llvm::report_fatal_error("dlc: out of memory for the model's parameters");
}

void Executable::prepare() {
  if (!prepareEntry)
    return;
  std::vector<void *> args;
  for (const AlignedBuffer &buffer : parameterBuffers)
    args.push_back(buffer.data());
  for (const AlignedBuffer &buffer : preparedBuffers)
    args.push_back(buffer.data());
  prepareEntry(args.data());
}

llvm::Error
Executable::setParameters(const std::vector<std::pair<std::string, Tensor>> &values) {
  std::vector<size_t> indices;
  for (const auto &[name, tensor] : values) {
    auto it = llvm::find_if(table.parameters,
                            [&](const ParameterSpec &p) { return p.name == name; });
    if (it == table.parameters.end())
      return llvm::createStringError("the model has no parameter named '%s'",
                                     name.c_str());
    if (tensor.type != ElementType::F32)
      return llvm::createStringError("parameter '%s' must be f32, got %s", name.c_str(),
                                     elementTypeName(tensor.type).str().c_str());
    if (tensor.shape != it->shape || tensor.numElements() != it->numElements()) {
      TensorSpec got{"", tensor.shape};
      return llvm::createStringError("parameter '%s' must have shape %s, got %s",
                                     name.c_str(), it->shapeString().c_str(),
                                     got.shapeString().c_str());
    }
    indices.push_back(it - table.parameters.begin());
  }
  for (auto [index, value] : llvm::zip(indices, values))
    std::copy(value.second.data.begin(), value.second.data.end(),
              static_cast<float *>(parameterBuffers[index].data()));
  prepare();
  return llvm::Error::success();
}

llvm::Expected<Tensor> Executable::getParameter(llvm::StringRef name) const {
  for (auto [spec, buffer] : llvm::zip(table.parameters, parameterBuffers))
    if (spec.name == name) {
      const float *data = static_cast<const float *>(buffer.data());
      return Tensor{spec.shape, std::vector<float>(data, data + spec.numElements())};
    }
  return llvm::createStringError("the model has no parameter named '%s'",
                                 name.str().c_str());
}

void Executable::runRaw(llvm::ArrayRef<void *> buffers) const {
  // Inputs, parameters, prepared values, outputs.
  size_t numInputs = sig.inputs.size();
  std::vector<void *> args(buffers.begin(), buffers.begin() + numInputs);
  for (const AlignedBuffer &buffer : parameterBuffers)
    args.push_back(buffer.data());
  for (const AlignedBuffer &buffer : preparedBuffers)
    args.push_back(buffer.data());
  args.insert(args.end(), buffers.begin() + numInputs, buffers.end());
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
