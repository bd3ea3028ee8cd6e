//===- JIT.cpp - compile a model in process and call it ---------------------===//
//
// Lowers with the same pipeline as the AOT path, emits an object file for
// the host CPU exactly as `dlc compile --emit=obj` would, and links it into
// the process with ORC's LLJIT. The executable calls the generated
// `dlc_<f>_packed(void **)` entry point. With a cache directory the object
// is kept, keyed on everything that decides it (see JITOptions::cacheDir),
// beside a small JSON file with what the loaded code needs that only the
// pipeline knows (the prepared values' types, the arena's size) and the
// object's checksum.
//
//===----------------------------------------------------------------------===//

#include "dlc/Target/JIT.h"
#include "dlc/Target/Codegen.h"
#include "dlc/Transforms/Parameters.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/IR/OperationSupport.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>

using namespace mlir;
using namespace mlir::dlc;

Executable::~Executable() = default;

namespace {

/// The version of the cache's entries (bump when their layout changes).
constexpr int kCacheFormat = 1;

std::string hex(llvm::ArrayRef<uint8_t> bytes) { return llvm::toHex(bytes, true); }

/// What identifies this build of dlc: the executable that holds the
/// compiler (its path, size and modification time).
std::string buildStamp() {
  std::string exe = llvm::sys::fs::getMainExecutable(nullptr, nullptr);
  llvm::sys::fs::file_status status;
  if (exe.empty() || llvm::sys::fs::status(exe, status))
    return "unknown build";
  return exe + ":" + std::to_string(status.getSize()) + ":" +
         std::to_string(status.getLastModificationTime().time_since_epoch().count());
}

/// The options that decide the code.
std::string fmtOptions(const JITOptions &options) {
  return "O" + std::to_string(options.optLevel) + (options.parallel ? " parallel" : "") +
         (options.parametersAsState ? " state" : " constants");
}

/// The cache key of `module` (parameters already externalized) compiled
/// with `options`: a SHA-256 over the module's text without the parameter
/// table's values, the options, the host CPU and its features, and the
/// build.
std::string cacheKey(ModuleOp module, const JITOptions &options) {
  llvm::SHA256 hash;
  auto add = [&](llvm::StringRef text) {
    hash.update(text);
    hash.update(llvm::StringRef("\0", 1));
  };
  add("dlc-jit-cache " + std::to_string(kCacheFormat));
  add(buildStamp());
  add(llvm::sys::getHostCPUName());
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  std::vector<std::string> enabled;
  for (const auto &feature : features)
    if (feature.second)
      enabled.push_back(feature.first().str());
  std::sort(enabled.begin(), enabled.end());
  add(llvm::join(enabled, ","));
  add(fmtOptions(options));
  // The code: everything but the parameters' values (their names, kinds
  // and shapes are in the function's signature).
  Attribute parameters = module->getAttr(kParametersAttr);
  module->removeAttr(kParametersAttr);
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os, OpPrintingFlags().printGenericOpForm());
  if (parameters)
    module->setAttr(kParametersAttr, parameters);
  add(text);
  std::array<uint8_t, 32> digest = hash.final();
  return hex(digest);
}

/// A cache entry: `<dir>/<key>.o` and `<dir>/<key>.json`.
struct CacheEntry {
  std::string object, meta;
  CacheEntry(llvm::StringRef dir, llvm::StringRef key) {
    llvm::SmallString<256> path(dir);
    llvm::sys::path::append(path, key + ".o");
    object = path.str().str();
    path = dir;
    llvm::sys::path::append(path, key + ".json");
    meta = path.str().str();
  }
};

/// What the cached code needs beside the object.
struct CachedCode {
  std::unique_ptr<llvm::MemoryBuffer> object;
  std::vector<TensorSpec> prepared;
  int64_t arenaBytes = 0;
};

/// Reads a cache entry; nothing when it is absent, unreadable or damaged
/// (the object's checksum differs from the one recorded with it).
std::optional<CachedCode> readCache(const CacheEntry &entry) {
  auto meta = llvm::MemoryBuffer::getFile(entry.meta);
  auto object = llvm::MemoryBuffer::getFile(entry.object, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!meta || !object)
    return std::nullopt;
  llvm::Expected<llvm::json::Value> json = llvm::json::parse((*meta)->getBuffer());
  if (!json) {
    llvm::consumeError(json.takeError());
    return std::nullopt;
  }
  const llvm::json::Object *root = json->getAsObject();
  if (!root || root->getInteger("format") != kCacheFormat)
    return std::nullopt;
  std::optional<llvm::StringRef> sum = root->getString("sha256");
  if (!sum || *sum != hex(llvm::SHA256::hash(llvm::arrayRefFromStringRef(
                           (*object)->getBuffer()))))
    return std::nullopt;
  CachedCode code;
  code.arenaBytes = root->getInteger("arena_bytes").value_or(0);
  const llvm::json::Array *prepared = root->getArray("prepared");
  if (!prepared)
    return std::nullopt;
  for (const llvm::json::Value &value : *prepared) {
    const llvm::json::Object *spec = value.getAsObject();
    const llvm::json::Array *shape = spec ? spec->getArray("shape") : nullptr;
    std::optional<llvm::StringRef> type = spec ? spec->getString("type") : std::nullopt;
    if (!shape || !type || (*type != "f32" && *type != "i64"))
      return std::nullopt;
    TensorSpec t;
    t.name = "prepared" + std::to_string(code.prepared.size());
    t.type = *type == "i64" ? ElementType::I64 : ElementType::F32;
    for (const llvm::json::Value &extent : *shape) {
      std::optional<int64_t> e = extent.getAsInteger();
      if (!e || *e < 0)
        return std::nullopt;
      t.shape.push_back(*e);
    }
    code.prepared.push_back(std::move(t));
  }
  code.object = std::move(*object);
  return code;
}

/// Keeps the cache in `dir` within `maxBytes`: removes whole entries, least
/// recently used first (the description's modification time, which a hit
/// renews), until 3/4 of the bound; never `keep`. Also removes temporary
/// files an interrupted writer left, when older than an hour.
void evict(llvm::StringRef dir, int64_t maxBytes, llvm::StringRef keep) {
  struct Entry {
    std::string stem;
    int64_t bytes = 0;
    llvm::sys::TimePoint<> used;
  };
  llvm::StringMap<Entry> entries;
  int64_t total = 0;
  auto now = std::chrono::system_clock::now();
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec)) {
    llvm::sys::fs::file_status status;
    if (llvm::sys::fs::status(it->path(), status) ||
        status.type() != llvm::sys::fs::file_type::regular_file)
      continue;
    llvm::StringRef name = llvm::sys::path::filename(it->path());
    if (name.starts_with(".tmp-")) {
      if (now - status.getLastModificationTime() > std::chrono::hours(1))
        llvm::sys::fs::remove(it->path());
      continue;
    }
    llvm::StringRef stem = llvm::sys::path::stem(name);
    llvm::StringRef ext = llvm::sys::path::extension(name);
    if (stem.size() != 64 || (ext != ".o" && ext != ".json"))
      continue;
    Entry &entry = entries[stem];
    entry.stem = (dir + "/" + stem).str();
    entry.bytes += static_cast<int64_t>(status.getSize());
    if (ext == ".json")
      entry.used = status.getLastModificationTime();
    total += static_cast<int64_t>(status.getSize());
  }
  if (total <= maxBytes)
    return;
  std::vector<const Entry *> order;
  for (const auto &entry : entries)
    if (entry.first() != keep)
      order.push_back(&entry.second);
  llvm::sort(order, [](const Entry *a, const Entry *b) { return a->used < b->used; });
  for (const Entry *entry : order) {
    if (total <= maxBytes / 4 * 3)
      break;
    // The description first: a reader never trusts an object without it.
    llvm::sys::fs::remove(entry->stem + ".json");
    llvm::sys::fs::remove(entry->stem + ".o");
    total -= entry->bytes;
  }
}

/// Writes `path` atomically (a temporary file in its directory, renamed).
bool writeAtomically(llvm::StringRef path, llvm::StringRef bytes) {
  llvm::SmallString<256> temp;
  llvm::StringRef dir = llvm::sys::path::parent_path(path);
  int fd;
  if (llvm::sys::fs::createUniqueFile(dir + "/.tmp-%%%%%%%%", fd, temp))
    return false;
  bool ok;
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << bytes;
    os.flush();
    ok = !os.has_error();
    os.clear_error();
  }
  if (!ok || llvm::sys::fs::rename(temp, path)) {
    llvm::sys::fs::remove(temp);
    return false;
  }
  return true;
}

/// Stores a cache entry: the object first, then the file that vouches for
/// it. A failure (read-only directory, full disk) only costs the next
/// compile its time.
void writeCache(const CacheEntry &entry, llvm::StringRef object,
                const std::vector<TensorSpec> &prepared, int64_t arenaBytes,
                int64_t maxBytes) {
  llvm::SmallString<256> dir(entry.object);
  llvm::sys::path::remove_filename(dir);
  if (llvm::sys::fs::create_directories(dir))
    return;
  llvm::json::Array specs;
  for (const TensorSpec &t : prepared)
    specs.push_back(llvm::json::Object{
        {"shape", llvm::json::Array(t.shape)},
        {"type", elementTypeName(t.type)}});
  llvm::json::Object root{
      {"format", kCacheFormat},
      {"sha256", hex(llvm::SHA256::hash(llvm::arrayRefFromStringRef(object)))},
      {"arena_bytes", arenaBytes},
      {"prepared", std::move(specs)}};
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::json::Value(std::move(root));
  if (writeAtomically(entry.object, object) && writeAtomically(entry.meta, text))
    evict(dir, maxBytes, llvm::sys::path::stem(entry.meta));
}

/// An LLJIT holding `object`, with the process's symbols, libomp's and
/// `hostSymbols`.
llvm::Expected<std::unique_ptr<llvm::orc::LLJIT>>
loadObject(std::unique_ptr<llvm::MemoryBuffer> object, const JITOptions &options) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  auto jit = llvm::orc::LLJITBuilder().create();
  if (!jit)
    return jit.takeError();
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
  if (options.parametersAsState) {
    PassManager pm = PassManager::on<ModuleOp>(module.getContext());
    ExternalizeParametersOptions externalize;
    externalize.entry = sig->function;
    pm.addPass(createExternalizeParameters(externalize));
    if (failed(pm.run(module)))
      return llvm::createStringError("compilation failed (see the diagnostics)");
  }
  std::unique_ptr<Executable> exe(new Executable());
  exe->sig = std::move(*sig);
  bool useCache = !options.cacheDir.empty() && !options.profile;
  std::optional<CacheEntry> entry;
  std::optional<CachedCode> code;
  if (useCache) {
    entry.emplace(options.cacheDir, cacheKey(module, options));
    code = readCache(*entry);
  }
  auto table = readParameterTable(module);
  if (failed(table))
    return llvm::createStringError("invalid parameter table (see the diagnostics)");
  std::unique_ptr<llvm::MemoryBuffer> object;
  if (code) {
    // A hit renews the entry for eviction (least recently used first).
    int fd;
    if (!llvm::sys::fs::openFileForReadWrite(entry->meta, fd,
                                             llvm::sys::fs::CD_OpenExisting,
                                             llvm::sys::fs::OF_None)) {
      (void)llvm::sys::fs::setLastAccessAndModificationTime(
          fd, std::chrono::system_clock::now());
      llvm::sys::Process::SafelyCloseFileDescriptor(fd);
    }
    table->prepared = std::move(code->prepared);
    exe->arena = code->arenaBytes;
    exe->cached = true;
    object = std::move(code->object);
    timed("cache");
  } else {
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
    auto tm = createHostTargetMachine(options.optLevel);
    if (!tm)
      return tm.takeError();
    llvm::LLVMContext llvmContext;
    auto llvmModule = translateAndOptimize(module, llvmContext, **tm, options.optLevel);
    if (!llvmModule)
      return llvmModule.takeError();
    timed("llvm-ir");
    auto bytes = emitObject(**llvmModule, **tm);
    if (!bytes)
      return bytes.takeError();
    llvm::StringRef text(bytes->data(), bytes->size());
    if (useCache)
      writeCache(*entry, text, table->prepared, exe->arena, options.cacheMaxBytes);
    object = llvm::MemoryBuffer::getMemBufferCopy(text, "dlc-model.o");
    timed("codegen");
  }

  auto jit = loadObject(std::move(object), options);
  if (!jit)
    return jit.takeError();
  exe->jit = std::move(*jit);
  auto entryPoint = lookupEntry(*exe->jit, "dlc_" + exe->sig.function + "_packed");
  if (!entryPoint)
    return entryPoint.takeError();
  exe->entry = *entryPoint;
  exe->table = std::move(*table);
  if (!exe->table.parameters.empty()) {
    auto prepare =
        lookupEntry(*exe->jit, "dlc_" + exe->sig.function + "_prepare_packed");
    if (!prepare)
      return prepare.takeError();
    exe->prepareEntry = *prepare;
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
