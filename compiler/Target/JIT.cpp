//===- JIT.cpp - compile a model in process and call it ---------------------===//
//
// Lowers with the same pipeline as the AOT path, emits an object file for
// the host CPU exactly as `dlc compile --emit=obj` would, and links it into
// the process with ORC's LLJIT. The executable calls the generated
// `dlc_<f>_packed(void **)` entry point. With a cache directory the object
// is kept in a CompileCache (see JITOptions::cacheDir).
//
//===----------------------------------------------------------------------===//

#include "dlc/Target/JIT.h"
#include "dlc/Target/Codegen.h"
#include "dlc/Target/CompileCache.h"
#include "dlc/Transforms/Parameters.h"

#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>

using namespace mlir;
using namespace mlir::dlc;

Executable::~Executable() = default;

namespace {

/// The options that decide the code, and the CPU `tm` makes it for.
std::string cacheSettings(const JITOptions &options, const llvm::TargetMachine &tm) {
  return "jit O" + std::to_string(options.optLevel) + (options.parallel ? " parallel" : "") +
         (options.parametersAsState ? " state " : " constants ") + targetSettings(tm);
}

/// An LLJIT holding `objects`, with the process's symbols, libomp's and
/// `hostSymbols`.
llvm::Expected<std::unique_ptr<llvm::orc::LLJIT>>
loadObjects(std::vector<std::unique_ptr<llvm::MemoryBuffer>> objects,
            const JITOptions &options) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  auto jit = llvm::orc::LLJITBuilder().create();
  if (!jit)
    return jit.takeError();
  // Failures reach the caller through lookup's result; not printed here.
  (*jit)->getExecutionSession().setErrorReporter(
      [](llvm::Error err) { llvm::consumeError(std::move(err)); });
  llvm::orc::JITDylib &main = (*jit)->getMainJITDylib();
  char prefix = (*jit)->getDataLayout().getGlobalPrefix();
  auto process = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(prefix);
  if (!process)
    return process.takeError();
  main.addGenerator(std::move(*process));
  if (options.parallel) {
    std::string omp = (getOpenMPLibraryPath() + "/libomp.so").str();
    auto library = llvm::orc::DynamicLibrarySearchGenerator::Load(omp.c_str(), prefix);
    if (!library)
      return library.takeError();
    main.addGenerator(std::move(*library));
  }
  if (!options.hostSymbols.empty()) {
    llvm::orc::SymbolMap symbols;
    for (const auto &[name, address] : options.hostSymbols)
      symbols[(*jit)->mangleAndIntern(name)] = {llvm::orc::ExecutorAddr::fromPtr(address),
                                                llvm::JITSymbolFlags::Exported};
    if (llvm::Error err = main.define(llvm::orc::absoluteSymbols(std::move(symbols))))
      return std::move(err);
  }
  for (std::unique_ptr<llvm::MemoryBuffer> &object : objects)
    if (llvm::Error err = (*jit)->addObjectFile(std::move(object)))
      return std::move(err);
  return jit;
}

/// `name`'s address in `jit`.
llvm::Expected<void (*)(void **)> lookupEntry(llvm::orc::LLJIT &jit, llvm::StringRef name) {
  auto address = jit.lookup(name);
  if (!address)
    return address.takeError();
  return address->toPtr<void (*)(void **)>();
}

} // namespace

llvm::Expected<std::unique_ptr<Executable>>
Executable::compile(ModuleOp module, const JITOptions &options) {
  auto sig = getModelSignature(module);
  if (failed(sig))
    return llvm::createStringError("invalid model (see the diagnostics)");
  PhaseTimes *times = options.phaseTimes;
  auto start = std::chrono::steady_clock::now();
  auto timed = [&](llvm::StringRef phase) {
    if (times)
      times->emplace_back(phase.str(), millisecondsSince(start));
    start = std::chrono::steady_clock::now();
  };
  // The parameters become arguments before anything else, so that the
  // cache key holds the model's code without their values.
  if (options.parametersAsState && failed(externalizeParameters(module, sig->function)))
    return llvm::createStringError("compilation failed (see the diagnostics)");
  std::unique_ptr<Executable> exe(new Executable());
  exe->sig = std::move(*sig);
  auto tm = createHostTargetMachine(options.optLevel);
  if (!tm)
    return tm.takeError();
  std::optional<CompileCache> cache;
  std::string key;
  std::optional<CompiledCode> code;
  if (!options.cacheDir.empty() && !options.profile) {
    cache.emplace(options.cacheDir, options.cacheMaxBytes);
    key = CompileCache::key(module, cacheSettings(options, **tm));
    code = cache->read(key);
  }
  auto table = readParameterTable(module);
  if (failed(table))
    return llvm::createStringError("invalid parameter table (see the diagnostics)");
  // Lowers the module to an object (and stores it in the cache).
  auto generate = [&]() -> llvm::Expected<std::vector<std::unique_ptr<llvm::MemoryBuffer>>> {
    start = std::chrono::steady_clock::now();
    PipelineOptions pipeline;
    pipeline.entry = exe->sig.function;
    pipeline.parallel = options.parallel;
    pipeline.vectorize = options.optLevel > 0;
    pipeline.profile = options.profile;
    if (failed(runPipeline(module, pipeline, times)))
      return llvm::createStringError("compilation failed (see the diagnostics)");
    start = std::chrono::steady_clock::now();
    auto lowered = readParameterTable(module);
    if (failed(lowered))
      return llvm::createStringError("invalid parameter table (see the diagnostics)");
    table->prepared = std::move(lowered->prepared);
    if (auto arena = module->getAttrOfType<IntegerAttr>("dlc.arena_bytes"))
      exe->arena = arena.getInt();
    TargetMachineFactory makeTarget = [&] { return createHostTargetMachine(options.optLevel); };
    auto objects = compileToObjects(module, makeTarget, options.optLevel,
                                    options.compileThreads ? options.compileThreads
                                                           : defaultCompileThreads(),
                                    times);
    if (!objects)
      return objects.takeError();
    start = std::chrono::steady_clock::now();
    std::vector<llvm::StringRef> parts;
    for (const llvm::SmallVector<char, 0> &object : *objects)
      parts.emplace_back(object.data(), object.size());
    if (cache)
      cache->write(key, parts, table->prepared, exe->arena);
    return objectBuffers(parts);
  };
  // Links `objects` and finds the model's entry point.
  auto link = [&](std::vector<std::unique_ptr<llvm::MemoryBuffer>> objects) -> llvm::Error {
    auto jit = loadObjects(std::move(objects), options);
    if (!jit)
      return jit.takeError();
    exe->jit = std::move(*jit);
    auto entryPoint = lookupEntry(*exe->jit, "dlc_" + exe->sig.function + "_packed");
    if (!entryPoint)
      return entryPoint.takeError();
    exe->entry = *entryPoint;
    return llvm::Error::success();
  };

  if (code) {
    table->prepared = std::move(code->prepared);
    exe->arena = code->arenaBytes;
    exe->cached = true;
    timed("cache");
    // An entry that does not link (whatever vouched for it) is rebuilt.
    if (llvm::Error err = link(objectBuffers(code->objects))) {
      llvm::consumeError(std::move(err));
      exe->jit.reset();
      exe->cached = false;
      code.reset();
    }
  }
  if (!code) {
    auto objects = generate();
    if (!objects)
      return objects.takeError();
    if (llvm::Error err = link(std::move(*objects)))
      return std::move(err);
  }
  exe->table = std::move(*table);
  if (!exe->table.parameters.empty()) {
    auto prepare =
        lookupEntry(*exe->jit, "dlc_" + exe->sig.function + "_prepare_packed");
    if (!prepare)
      return prepare.takeError();
    exe->prepareEntry = *prepare;
    // The model's values, straight from its attributes.
    for (auto [spec, value] : llvm::zip(exe->table.parameters, exe->table.values)) {
      AlignedBuffer &buffer = exe->parameterBuffers.emplace_back(
          spec.numElements() * static_cast<int64_t>(sizeof(float)));
      if (!copyF32Values(value, {static_cast<float *>(buffer.data()),
                                 static_cast<size_t>(spec.numElements())}))
        return llvm::createStringError(
            "the values of parameter '%s' do not match its shape", spec.name.c_str());
    }
    exe->table.values.clear();
    for (const TensorSpec &spec : exe->table.prepared)
      exe->preparedBuffers.emplace_back(spec.numElements() * elementSize(spec.type));
  }
  timed("link");
  exe->prepare();
  if (exe->prepareEntry)
    timed("prepare");
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
