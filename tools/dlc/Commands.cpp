//===- Commands.cpp - the dlc subcommands -----------------------------------===//
//
// compile (every --emit stage), run (JIT on .npy, .pb, IDX or CIFAR-10
// inputs, .npy outputs) and bench (JIT, timing statistics). Every failure is reported through
// Diagnostics.h and returns exit code 1 before anything is written.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "Diagnostics.h"
#include "GraphDot.h"
#include "Session.h"
#include "TensorFiles.h"
#include "TrainStep.h"

#include "dlc/Analysis/Cost.h"
#include "dlc/Autodiff/Autodiff.h"
#include "dlc/Dialect/DLC/DLCOps.h"
#include "dlc/Frontend/ModelLoader.h"
#include "dlc/Frontend/ONNX.h"
#include "dlc/Registration.h"
#include "dlc/Target/Codegen.h"
#include "dlc/Target/CompileCache.h"
#include "dlc/Transforms/Parameters.h"
#include "dlc/Target/JIT.h"
#include "dlc/runtime/memory.h"
#include "dlc/runtime/npy.h"
#include "dlc/runtime/parallel.h"
#include "dlc/runtime/profile.h"
#include "dlc/runtime/safetensors.h"
#include "dlc/runtime/timer.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <random>

#include <unistd.h>

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// A context with everything the pipelines need, and the driver's printer.
using ::dlc::Session;

/// Writes `text` to `path` ("-" or empty: stdout), all or nothing.
int writeText(llvm::StringRef path, llvm::StringRef text) {
  if (path.empty() || path == "-") {
    llvm::outs() << text;
    return 0;
  }
  std::error_code ec;
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_Text);
  if (ec)
    return ::dlc::fail("cannot write '" + path + "': " + ec.message());
  out.os() << text;
  out.os().flush();
  if (out.os().has_error())
    return ::dlc::fail("cannot write '" + path + "': " + out.os().error().message());
  out.keep();
  return 0;
}

/// Writes `bytes` to `path`, all or nothing.
int writeBinary(llvm::StringRef path, llvm::StringRef bytes) {
  std::error_code ec;
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return ::dlc::fail("cannot write '" + path + "': " + ec.message());
  out.os() << bytes;
  out.os().flush();
  if (out.os().has_error())
    return ::dlc::fail("cannot write '" + path + "': " + out.os().error().message());
  out.keep();
  return 0;
}

std::string replaceExtension(llvm::StringRef path, llvm::StringRef ext) {
  llvm::SmallString<256> p(path);
  llvm::sys::path::replace_extension(p, ext);
  return std::string(p);
}

/// The --time-phases report: the phases' times, printed on stderr when it
/// goes out of scope (however compilation ends), one `phase_ms NAME: MS`
/// line per phase, then the total.
struct PhaseReport {
  explicit PhaseReport(bool enabled) : enabled(enabled) {}
  ~PhaseReport() {
    if (!enabled)
      return;
    double total = 0;
    for (const auto &[name, ms] : times) {
      llvm::errs() << fmt::format("phase_ms {}: {:.1f}\n", name, ms);
      total += ms;
    }
    llvm::errs() << fmt::format("phase_ms total: {:.1f}\n", total);
  }
  /// Where the phases go; null when not reporting.
  PhaseTimes *get() { return enabled ? &times : nullptr; }

  bool enabled;
  PhaseTimes times;
};

} // namespace

/// Writes the parameters of `table` (the values the model was compiled
/// with) as a .safetensors file, in table order.
static llvm::Error writeParameterFile(const ParameterTable &table, llvm::StringRef path) {
  std::vector<dlc_tensor> tensors(table.parameters.size());
  std::vector<std::vector<float>> values(table.parameters.size());
  std::vector<const char *> names;
  for (size_t i = 0; i < table.parameters.size(); ++i) {
    const ParameterSpec &spec = table.parameters[i];
    if (spec.shape.size() > DLC_TENSOR_MAX_RANK)
      return llvm::createStringError("parameter '%s' has rank %zu, more than a parameter "
                                     "file holds here (%d)",
                                     spec.name.c_str(), spec.shape.size(),
                                     DLC_TENSOR_MAX_RANK);
    tensors[i].rank = static_cast<int64_t>(spec.shape.size());
    std::copy(spec.shape.begin(), spec.shape.end(), tensors[i].shape);
    values[i].resize(spec.numElements());
    if (!copyF32Values(table.values[i], values[i]))
      return llvm::createStringError("the values of parameter '%s' do not match its shape",
                                     spec.name.c_str());
    tensors[i].data = values[i].data();
    names.push_back(spec.name.c_str());
  }
  char err[512];
  if (dlc_safetensors_write(path.str().c_str(), static_cast<int64_t>(tensors.size()),
                            names.data(), tensors.data(), err, sizeof(err)) != 0)
    return llvm::createStringError("%s", err);
  return llvm::Error::success();
}

/// --embed-params: the .safetensors bytes of `table` as the constant
/// `dlc_<f>_params_blob` (and `dlc_<f>_params_blob_size`) of `module`.
static llvm::Error embedParameters(llvm::Module &module, const ParameterTable &table,
                                   llvm::StringRef function) {
  llvm::SmallString<128> path;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("dlc-params", "safetensors", path))
    return llvm::createStringError(ec, "cannot create a temporary file");
  llvm::FileRemover remove(path);
  if (llvm::Error err = writeParameterFile(table, path))
    return err;
  auto bytes = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
  if (!bytes)
    return llvm::createStringError(bytes.getError(), "cannot read back '%s'",
                                   path.c_str());
  llvm::LLVMContext &ctx = module.getContext();
  llvm::StringRef data = (*bytes)->getBuffer();
  auto *blob = llvm::ConstantDataArray::getRaw(
      data, data.size(), llvm::Type::getInt8Ty(ctx));
  std::string name = "dlc_" + function.str() + "_params_blob";
  auto *global = new llvm::GlobalVariable(module, blob->getType(), /*isConstant=*/true,
                                          llvm::GlobalValue::ExternalLinkage, blob, name);
  global->setAlignment(llvm::Align(64));
  auto *i64 = llvm::Type::getInt64Ty(ctx);
  new llvm::GlobalVariable(module, i64, /*isConstant=*/true,
                           llvm::GlobalValue::ExternalLinkage,
                           llvm::ConstantInt::get(i64, data.size()), name + "_size");
  return llvm::Error::success();
}

auto ::dlc::defaultCacheDir(const std::string &explicitDir) -> std::string {
  if (!explicitDir.empty())
    return explicitDir;
  llvm::SmallString<256> dir;
  if (std::optional<std::string> xdg = llvm::sys::Process::GetEnv("XDG_CACHE_HOME");
      xdg && !xdg->empty()) {
    dir = *xdg;
  } else if (std::optional<std::string> home = llvm::sys::Process::GetEnv("HOME");
             home && !home->empty()) {
    dir = *home;
    llvm::sys::path::append(dir, ".cache");
  } else {
    return "";
  }
  llvm::sys::path::append(dir, "dlc");
  return dir.str().str();
}

int ::dlc::compileCommand(const CompileArgs &args) {
  llvm::StringRef emit = args.emit;
  if (args.embedParams && emit != "obj" && emit != "so")
    return ::dlc::fail("--embed-params applies to --emit=obj and --emit=so");
  // Refuse an unwritable destination before spending time compiling.
  if (!args.output.empty() && args.output != "-") {
    llvm::SmallString<256> dir(args.output);
    llvm::sys::path::remove_filename(dir);
    if (dir.empty())
      dir = ".";
    if (std::error_code ec = llvm::sys::fs::access(dir, llvm::sys::fs::AccessMode::Write))
      return ::dlc::fail("cannot write '" + args.output + "': " + ec.message());
  }
  Session session;
  PhaseReport report(args.timePhases);
  PhaseTimes &phaseTimes = report.times, *times = report.get();
  auto start = std::chrono::steady_clock::now();
  ONNXImportOptions onnx;
  // Gradients must reach the initializers themselves.
  onnx.foldParameters = !args.training;
  OwningOpRef<ModuleOp> module = session.load(args.model, onnx);
  if (!module)
    return 1;
  phaseTimes.emplace_back("import", millisecondsSince(start));
  auto sig = getModelSignature(*module);
  if (failed(sig))
    return 1;
  // --training: the function dlc grad runs, the loss then each parameter's
  // gradient.
  if (args.training) {
    if (failed(differentiate(module->lookupSymbol<func::FuncOp>(sig->function))))
      return 1;
    sig = getModelSignature(*module);
    if (failed(sig))
      return 1;
  }
  if (emit == "dot") {
    PipelineOptions options;
    options.entry = sig->function;
    options.stopAfter = Phase::DLC;
    if (failed(runPipeline(*module, options, times)))
      return 1;
    // Which layers each kernel of the compiled code runs: a copy compiled
    // to loops.
    auto tm = createTargetMachine(args.targetCpu, args.targetFeatures, args.optLevel);
    if (!tm)
      return ::dlc::fail(tm.takeError());
    OwningOpRef<ModuleOp> compiled = module->clone();
    PipelineOptions loops;
    loops.entry = sig->function;
    loops.vectorize = args.optLevel > 0;
    loops.vectorBits = targetVectorBits(**tm);
    loops.stopAfter = Phase::Bufferized;
    if (failed(runPipeline(*compiled, loops, times)))
      return 1;
    return writeText(args.output,
                     layerGraphDot(*module, sig->function,
                                   llvm::sys::path::filename(args.model),
                                   kernelLayers(*compiled, sig->function)));
  }
  if (emit == "dlc" || emit == "linalg") {
    PipelineOptions options;
    options.entry = sig->function;
    options.stopAfter = emit == "dlc" ? Phase::DLC : Phase::Linalg;
    if (failed(runPipeline(*module, options, times)))
      return 1;
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os);
    return writeText(args.output, text);
  }
  auto tm = createTargetMachine(args.targetCpu, args.targetFeatures, args.optLevel);
  if (!tm)
    return ::dlc::fail(tm.takeError());
  // The parameters become arguments first: the cache key holds the
  // model's code without their values.
  if (failed(externalizeParameters(*module, sig->function)))
    return 1;
  bool objectFile = emit == "obj" || emit == "so";
  std::optional<CompileCache> cache;
  std::string key;
  std::optional<CompiledCode> code;
  start = std::chrono::steady_clock::now();
  if (objectFile && !args.embedParams && !args.cacheDir.empty()) {
    cache.emplace(args.cacheDir, args.cacheMaxMB << 20);
    key = CompileCache::key(*module,
                            fmt::format("aot O{} {}", args.optLevel, targetSettings(**tm)));
    code = cache->read(key);
    // (An object file is one part; a shared library may link several.)
    if (code && emit == "obj" && code->objects.size() != 1)
      code.reset();
  }
  auto table = readParameterTable(*module);
  if (failed(table))
    return 1;
  bool hasParameters = !table->parameters.empty();
  bool embed = args.embedParams && hasParameters && objectFile;
  // The object files: one for obj, the parts compiled in parallel for so.
  std::vector<std::string> objects;
  if (code) {
    table->prepared = std::move(code->prepared);
    for (llvm::StringRef object : code->objects)
      objects.push_back(object.str());
    phaseTimes.emplace_back("cache", millisecondsSince(start));
  } else {
    PipelineOptions options;
    options.entry = sig->function;
    options.vectorize = args.optLevel > 0;
    options.vectorBits = targetVectorBits(**tm);
    if (failed(runPipeline(*module, options, times)))
      return 1;
    auto lowered = readParameterTable(*module);
    if (failed(lowered))
      return 1;
    table->prepared = std::move(lowered->prepared);
    auto addBlob = [&](llvm::Module &llvmModule) {
      return embed ? embedParameters(llvmModule, *table, sig->function)
                   : llvm::Error::success();
    };
    if (!objectFile) {
      start = std::chrono::steady_clock::now();
      llvm::LLVMContext llvmContext;
      auto llvmModule = translateAndOptimize(*module, llvmContext, **tm, args.optLevel);
      if (!llvmModule)
        return ::dlc::fail(llvmModule.takeError());
      phaseTimes.emplace_back("llvm-ir", millisecondsSince(start));
      if (auto err = addBlob(**llvmModule))
        return ::dlc::fail(std::move(err));
      if (emit == "llvm") {
        std::string text;
        llvm::raw_string_ostream os(text);
        (*llvmModule)->print(os, nullptr);
        return writeText(args.output, text);
      }
      start = std::chrono::steady_clock::now();
      auto text = emitAssembly(**llvmModule, **tm);
      if (!text)
        return ::dlc::fail(text.takeError());
      phaseTimes.emplace_back("codegen", millisecondsSince(start));
      return writeText(args.output, *text);
    }
    TargetMachineFactory makeTarget = [&] {
      return createTargetMachine(args.targetCpu, args.targetFeatures, args.optLevel);
    };
    unsigned threads = emit == "so" ? (args.compileThreads ? args.compileThreads
                                                           : defaultCompileThreads())
                                    : 1;
    auto parts = compileToObjects(*module, makeTarget, args.optLevel, threads, times, addBlob);
    if (!parts)
      return ::dlc::fail(parts.takeError());
    for (const llvm::SmallVector<char, 0> &part : *parts)
      objects.emplace_back(part.data(), part.size());
    if (cache) {
      int64_t arena = 0;
      if (auto attr = (*module)->getAttrOfType<IntegerAttr>("dlc.arena_bytes"))
        arena = attr.getInt();
      std::vector<llvm::StringRef> refs(objects.begin(), objects.end());
      cache->write(key, refs, table->prepared, arena);
    }
  }
  // obj and so: the artefact plus its C header next to it.
  std::string out = args.output.empty()
                        ? replaceExtension(llvm::sys::path::filename(args.model), emit)
                        : args.output;
  std::string header = replaceExtension(out, "h");
  std::string paramFile = replaceExtension(out, "safetensors");
  if (emit == "obj") {
    if (int rc = writeBinary(out, objects.front()))
      return rc;
  } else {
    std::vector<std::string> paths;
    // (Reserved: a FileRemover that moves removes its file.)
    std::vector<llvm::FileRemover> removers;
    removers.reserve(objects.size());
    for (const std::string &object : objects) {
      llvm::SmallString<128> path;
      if (std::error_code ec = llvm::sys::fs::createTemporaryFile("dlc", "o", path))
        return ::dlc::fail("cannot create a temporary file: " + ec.message());
      removers.emplace_back(path);
      paths.push_back(path.str().str());
      if (int rc = writeBinary(path, object))
        return rc;
    }
    start = std::chrono::steady_clock::now();
    if (auto err = linkSharedLibrary(paths, out, /*needsOpenMP=*/true))
      return ::dlc::fail(std::move(err));
    phaseTimes.emplace_back("link", millisecondsSince(start));
  }
  if (writeText(header, generateCHeader(*sig, *table, embed))) {
    llvm::sys::fs::remove(out);
    return 1;
  }
  // The parameters next to the artefact, unless they are inside it.
  if (hasParameters && !embed)
    if (auto err = writeParameterFile(*table, paramFile)) {
      llvm::sys::fs::remove(out);
      llvm::sys::fs::remove(header);
      return ::dlc::fail(std::move(err));
    }
  return 0;
}

int ::dlc::importCommand(const ImportArgs &args) {
  if (!isONNXModel(args.model))
    return ::dlc::fail("'" + args.model + "': dlc import reads an ONNX model (.onnx)");
  Session session;
  OwningOpRef<ModuleOp> module = session.load(args.model);
  if (!module)
    return 1;
  if (failed(getModelSignature(*module)))
    return 1;
  std::string text;
  llvm::raw_string_ostream os(text);
  // Node names travel as locations: `dlc stats` and diagnostics show them.
  module->print(os, OpPrintingFlags().enableDebugInfo(true, /*prettyForm=*/false));
  return writeText(args.output, text);
}

namespace {

/// Reads one -i file (.npy, or an ONNX TensorProto .pb) as a tensor of
/// `spec`'s element type (int32 data widens to int64); reports and returns
/// nothing on failure.
std::optional<Tensor> readInputFile(llvm::StringRef path, const TensorSpec &spec) {
  llvm::StringRef ext = llvm::sys::path::extension(path);
  if (ext == ".pb") {
    auto file = readONNXTensorFile(path);
    if (!file) {
      ::dlc::fail(file.takeError());
      return std::nullopt;
    }
    bool wantI64 = spec.type == ElementType::I64;
    if (file->isInt64 != wantI64) {
      ::dlc::fail("input '" + spec.name + "' is " + elementTypeName(spec.type) +
                  ": '" + path + "' holds " + (file->isInt64 ? "integer" : "float32") +
                  " data");
      return std::nullopt;
    }
    if (wantI64)
      return Tensor::ofI64(file->shape, std::move(file->i64));
    return Tensor{file->shape, std::move(file->f32)};
  }
  if (ext != ".npy") {
    ::dlc::fail("'" + path + "': unknown input file type '" + ext +
                "' (expected .npy or .pb, an IDX file, or FILE:cifar-images and "
                "FILE:cifar-labels)");
    return std::nullopt;
  }
  dlc_tensor raw{};
  char err[512];
  dlc_dtype dtype = spec.type == ElementType::I64 ? DLC_I64 : DLC_F32;
  int rc = dlc_npy_read_as(path.str().c_str(), dtype, &raw, err, sizeof(err));
  if (rc == DLC_NPY_DTYPE_MISMATCH) {
    ::dlc::fail("input '" + spec.name + "' is " + elementTypeName(spec.type) + ": " +
                err);
    return std::nullopt;
  }
  if (rc != 0) {
    ::dlc::fail(err);
    return std::nullopt;
  }
  Tensor t{std::vector<int64_t>(raw.shape, raw.shape + raw.rank), {}};
  if (dtype == DLC_I64) {
    t.type = ElementType::I64;
    t.i64.assign(raw.data_i64, raw.data_i64 + dlc_tensor_numel(&raw));
  } else {
    t.data.assign(raw.data, raw.data + dlc_tensor_numel(&raw));
  }
  dlc_tensor_free(&raw);
  return t;
}

/// Whether a -i FILE is one of the byte formats of DataFiles.h: a CIFAR-10
/// part (FILE:cifar-...), or an IDX file (no extension, .gz, or MNIST's
/// own names: *-idx3-ubyte, *.idx3-ubyte).
bool isDataFile(llvm::StringRef path) {
  llvm::StringRef ext = llvm::sys::path::extension(path);
  return path.ends_with(":cifar-images") || path.ends_with(":cifar-labels") || ext.empty() ||
         ext == ".gz" || ext == ".idx" || ext.contains("ubyte");
}

/// The -i inputs given as IDX or CIFAR-10 files, read and fitted to the
/// model's inputs as dlc train fits them (images in the input's shape,
/// labels as its element type), by input name. Reports and returns nothing
/// on failure.
std::optional<llvm::StringMap<Tensor>> readDataInputs(llvm::StringRef model,
                                                      const std::vector<std::string> &specs) {
  std::vector<::dlc::Dataset> datasets;
  for (const std::string &spec : specs) {
    auto [name, path] = llvm::StringRef(spec).split('=');
    if (name.empty() || path.empty() || !isDataFile(path))
      continue; // bindInputs reads (or reports) it
    llvm::Expected<::dlc::DataFile> file = ::dlc::readDataFile(path);
    if (!file) {
      ::dlc::fail(file.takeError());
      return std::nullopt;
    }
    datasets.push_back(::dlc::Dataset::of(name, std::move(*file)));
  }
  if (!datasets.empty() && !::dlc::fitDataToModel(model, datasets))
    return std::nullopt;
  llvm::StringMap<Tensor> tensors;
  for (::dlc::Dataset &d : datasets)
    tensors[d.name] = std::move(d.data);
  return tensors;
}

/// What an ONNX import learns from the -i files before the model exists:
/// each file's shape, and the values of integer ones (a Reshape's shape may
/// be an input). A broken .pb file is reported here; .npy files that do not
/// read as float32 or int64 are skipped, and binding the inputs reports them
/// with the element type the model expects.
std::optional<ONNXImportOptions> importHints(const std::vector<std::string> &specs,
                                             const llvm::StringMap<Tensor> &dataInputs) {
  ONNXImportOptions options;
  for (const std::string &spec : specs) {
    auto [name, path] = llvm::StringRef(spec).split('=');
    if (name.empty() || path.empty())
      continue;
    ONNXInputHint hint;
    if (auto data = dataInputs.find(name); data != dataInputs.end()) {
      hint.shape = data->second.shape;
    } else if (llvm::sys::path::extension(path) == ".pb") {
      auto file = readONNXTensorFile(path);
      if (!file) {
        ::dlc::fail(file.takeError());
        return std::nullopt;
      }
      hint.shape = file->shape;
      if (file->isInt64)
        hint.int64Values = std::move(file->i64);
    } else {
      std::string error;
      std::optional<Tensor> t = ::dlc::readNpyAnyType(path, error);
      if (!t)
        continue;
      hint.shape = t->shape;
      if (t->type == ElementType::I64)
        hint.int64Values = std::move(t->i64);
    }
    options.inputs[name] = std::move(hint);
  }
  return options;
}

/// Loads, checks and binds `-i NAME=FILE` inputs; fills the rest when
/// `randomFill` (bench: random f32 data, zeros for i64 inputs, which are
/// valid indices and labels), otherwise reports them missing. An i64 input
/// reads '<i8' files and widens '<i4' ones.
std::optional<std::vector<Tensor>> bindInputs(const ModelSignature &sig,
                                              const std::vector<std::string> &specs,
                                              bool randomFill,
                                              llvm::StringMap<Tensor> &dataInputs) {
  llvm::StringMap<std::string> files;
  for (const std::string &spec : specs) {
    auto [name, file] = llvm::StringRef(spec).split('=');
    if (file.empty() || name.empty()) {
      ::dlc::fail("-i expects NAME=FILE, got '" + spec + "'");
      return std::nullopt;
    }
    auto known = llvm::find_if(sig.inputs,
                               [&](const TensorSpec &t) { return t.name == name; });
    if (known == sig.inputs.end()) {
      std::string names;
      for (const TensorSpec &t : sig.inputs)
        names += (names.empty() ? "" : ", ") + t.name;
      ::dlc::fail("the model has no input named '" + name + "' (its inputs: " + names +
                  ")");
      return std::nullopt;
    }
    if (!files.try_emplace(name, file.str()).second) {
      ::dlc::fail("input '" + name + "' is given twice");
      return std::nullopt;
    }
  }
  std::vector<Tensor> tensors;
  std::string missing;
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  for (const TensorSpec &spec : sig.inputs) {
    auto it = files.find(spec.name);
    if (it == files.end()) {
      if (!randomFill) {
        missing += (missing.empty() ? "" : ", ") + spec.name + " (" +
                   spec.shapeString() + ")";
        continue;
      }
      if (spec.type == ElementType::I64) {
        tensors.push_back(
            Tensor::ofI64(spec.shape, std::vector<int64_t>(spec.numElements(), 0)));
        continue;
      }
      Tensor t{spec.shape, std::vector<float>(spec.numElements())};
      for (float &v : t.data)
        v = dist(rng);
      tensors.push_back(std::move(t));
      continue;
    }
    llvm::StringRef path = it->second;
    std::optional<Tensor> t;
    if (auto data = dataInputs.find(spec.name); data != dataInputs.end()) {
      t = std::move(data->second);
      if (t->type != spec.type) {
        ::dlc::fail("input '" + spec.name + "' is " + elementTypeName(spec.type) + ": '" +
                    path + "' holds " + (t->type == ElementType::I64 ? "labels" : "images"));
        return std::nullopt;
      }
    } else {
      t = readInputFile(path, spec);
    }
    if (!t)
      return std::nullopt;
    if (t->shape != spec.shape) {
      TensorSpec got{"", t->shape};
      ::dlc::fail("input '" + spec.name + "' from '" + path + "' has shape " +
                  got.shapeString() + " but the model expects " + spec.shapeString());
      return std::nullopt;
    }
    tensors.push_back(std::move(*t));
  }
  if (!missing.empty()) {
    ::dlc::fail("missing input(s): " + missing + "; pass them with -i NAME=FILE");
    return std::nullopt;
  }
  return tensors;
}

using ParameterFile = std::unique_ptr<dlc_safetensors, void (*)(dlc_safetensors *)>;

/// Opens and validates a .safetensors file; reports and returns null on
/// failure.
ParameterFile openParameterFile(llvm::StringRef path) {
  char err[512];
  dlc_safetensors *file = nullptr;
  if (dlc_safetensors_open(path.str().c_str(), &file, err, sizeof(err)) != 0)
    ::dlc::fail(err);
  return ParameterFile(file, dlc_safetensors_close);
}

/// Binds the parameters of `exe` to the tensors of the .safetensors file
/// `file` (read from `path`), by name: the file must hold every parameter,
/// as f32 of its shape, and nothing else (as PyTorch's strict
/// load_state_dict). Reports and returns false on any mismatch, before
/// binding anything.
bool bindParameterFile(Executable &exe, const dlc_safetensors *file, llvm::StringRef path) {
  const std::vector<ParameterSpec> &params = exe.parameters();
  if (params.empty()) {
    ::dlc::fail("'" + path + "': the model has no parameters to bind");
    return false;
  }
  auto list = [](const std::vector<std::string> &names) {
    std::string text;
    for (size_t i = 0; i < names.size() && i < 8; ++i)
      text += (i ? ", " : "") + ("'" + names[i] + "'");
    if (names.size() > 8)
      text += fmt::format(" and {} more", names.size() - 8);
    return text;
  };
  std::vector<std::string> unknown, missing;
  for (int64_t i = 0; i < dlc_safetensors_count(file); ++i) {
    std::string name = dlc_safetensors_name(file, i);
    if (llvm::none_of(params, [&](const ParameterSpec &p) { return p.name == name; }))
      unknown.push_back(name);
  }
  std::vector<std::pair<std::string, Tensor>> binding;
  for (const ParameterSpec &spec : params) {
    int64_t i = dlc_safetensors_find(file, spec.name.c_str());
    if (i < 0) {
      missing.push_back(spec.name);
      continue;
    }
    if (dlc_safetensors_dtype(file, i) != DLC_F32) {
      ::dlc::fail("'" + path + "': tensor '" + spec.name + "' is " +
                  dlc_safetensors_dtype_name(file, i) + ", but the parameter is F32");
      return false;
    }
    const int64_t *shape = dlc_safetensors_shape(file, i);
    std::vector<int64_t> got(shape, shape + dlc_safetensors_rank(file, i));
    if (got != spec.shape) {
      TensorSpec gotSpec{"", got};
      ::dlc::fail("'" + path + "': tensor '" + spec.name + "' has shape " +
                  gotSpec.shapeString() + ", but the parameter is " + spec.shapeString());
      return false;
    }
    Tensor t{spec.shape, std::vector<float>(spec.numElements())};
    // (memcpy: the data may not be 4-byte aligned in the file.)
    std::memcpy(t.data.data(), dlc_safetensors_data(file, i),
                t.data.size() * sizeof(float));
    binding.emplace_back(spec.name, std::move(t));
  }
  if (!unknown.empty()) {
    ::dlc::fail("'" + path + "' holds tensors the model has no parameter for: " +
                list(unknown));
    return false;
  }
  if (!missing.empty()) {
    ::dlc::fail("'" + path + "' lacks parameters of the model: " + list(missing));
    return false;
  }
  if (llvm::Error error = exe.setParameters(binding)) {
    ::dlc::fail(std::move(error));
    return false;
  }
  return true;
}

/// Binds the parameters of `exe` to DIR/<name>.npy (the files dlc train
/// writes), every parameter from its file, as f32 of its shape. Reports and
/// returns false on any mismatch, before binding anything.
bool bindParameterDir(Executable &exe, llvm::StringRef dir) {
  std::vector<std::pair<std::string, Tensor>> binding;
  for (const ParameterSpec &spec : exe.parameters()) {
    std::string path = (dir + "/" + sanitizeName(spec.name) + ".npy").str();
    if (!llvm::sys::fs::exists(path)) {
      ::dlc::fail("parameter '" + spec.name + "' has no file '" + path + "'");
      return false;
    }
    std::string error;
    std::optional<Tensor> t = ::dlc::readNpyAnyType(path, error);
    if (!t) {
      ::dlc::fail(error);
      return false;
    }
    if (t->type != ElementType::F32 || t->shape != spec.shape) {
      TensorSpec got{"", t->shape};
      ::dlc::fail("'" + path + "' holds a " + elementTypeName(t->type).str() +
                  " tensor of shape " + got.shapeString() + ", parameter '" + spec.name +
                  "' is f32 of shape " + spec.shapeString());
      return false;
    }
    binding.emplace_back(spec.name, std::move(*t));
  }
  if (llvm::Error error = exe.setParameters(binding)) {
    ::dlc::fail(std::move(error));
    return false;
  }
  return true;
}

/// `bytes` for a person: "1.5 GiB".
std::string humanBytes(double bytes) {
  const char *units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int unit = 0;
  while (bytes >= 1024 && unit < 6) {
    bytes /= 1024;
    ++unit;
  }
  return fmt::format(unit ? "{:.1f} {}" : "{:.0f} {}", bytes, units[unit]);
}

/// Whether the model's inputs and outputs and its arena of temporaries fit
/// in this machine's memory; else an error naming the largest tensor.
/// Checked before anything of that size is allocated (a 10^13-element
/// input is refused, not a std::bad_alloc).
bool fitsInMemory(const ModelSignature &sig, int64_t arenaBytes) {
  long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || pageSize <= 0)
    return true;
  double memory = static_cast<double>(pages) * static_cast<double>(pageSize);
  // (In double: a shape's product may not fit in 64 bits.)
  double total = static_cast<double>(arenaBytes), largestBytes = -1;
  const TensorSpec *largest = nullptr;
  bool largestIsInput = false;
  for (auto [tensors, isInput] : {std::pair(&sig.inputs, true), std::pair(&sig.outputs, false)})
    for (const TensorSpec &t : *tensors) {
      double bytes = t.type == ElementType::I64 ? 8 : 4;
      for (int64_t extent : t.shape)
        bytes *= static_cast<double>(extent);
      total += bytes;
      if (bytes > largestBytes) {
        largestBytes = bytes;
        largest = &t;
        largestIsInput = isInput;
      }
    }
  if (total <= memory)
    return true;
  std::string detail;
  if (largest)
    detail = fmt::format("; the largest, {} '{}' ({}), takes {}",
                         largestIsInput ? "input" : "output", largest->name,
                         largest->shapeString(), humanBytes(largestBytes));
  ::dlc::fail(fmt::format("the model's inputs, outputs and temporaries take {}, more than "
                          "this machine's memory ({}){}",
                          humanBytes(total), humanBytes(memory), detail));
  return false;
}

/// A layer's result that --check-numerics returns besides the outputs.
struct Probe {
  std::string layer, op;
  unsigned result;
};

/// Makes the model function `function` of `module` also return each
/// floating-point result of its layers (its dlc ops but constants), in
/// program order after its own outputs, and lists them.
std::vector<Probe> addProbes(ModuleOp module, llvm::StringRef function) {
  auto func = module.lookupSymbol<func::FuncOp>(function);
  auto ret = cast<func::ReturnOp>(func.getBody().back().getTerminator());
  std::vector<Probe> probes;
  SmallVector<Value> results(ret.getOperands());
  for (Operation &op : func.getBody().front().without_terminator()) {
    if (!isa<DLCDialect>(op.getDialect()) || op.hasTrait<OpTrait::ConstantLike>())
      continue;
    for (OpResult result : op.getResults()) {
      auto type = dyn_cast<RankedTensorType>(result.getType());
      if (!type || !type.hasStaticShape() || !type.getElementType().isF32())
        continue;
      probes.push_back({layerName(op.getLoc()), op.getName().getStringRef().str(),
                        result.getResultNumber()});
      results.push_back(result);
    }
  }
  unsigned outputs = ret.getNumOperands();
  ret->setOperands(results);
  func.setType(FunctionType::get(module.getContext(), func.getArgumentTypes(),
                                 ValueRange(results).getTypes()));
  // (Names that no tensor of the model can have: its own are checked.)
  Builder b(module.getContext());
  for (size_t k = 0; k < probes.size(); ++k)
    func.setResultAttr(outputs + k, "dlc.name",
                       b.getStringAttr("dlc.check-numerics." + std::to_string(k)));
  return probes;
}

/// How many NaN and Inf `t` holds, and the index of the first.
struct NonFinite {
  size_t nan = 0, inf = 0, first = 0;
};

NonFinite countNonFinite(const Tensor &t) {
  NonFinite n;
  for (size_t i = 0; i < t.data.size(); ++i) {
    float v = t.data[i];
    if (std::isfinite(v))
      continue;
    if (n.nan + n.inf == 0)
      n.first = i;
    ++(std::isnan(v) ? n.nan : n.inf);
  }
  return n;
}

/// `flat` as an index of `shape`: "[0, 2, 1]".
std::string indexString(size_t flat, llvm::ArrayRef<int64_t> shape) {
  std::vector<int64_t> index(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    index[d] = shape[d] ? flat % shape[d] : 0;
    flat = shape[d] ? flat / shape[d] : 0;
  }
  return "[" + fmt::format("{}", fmt::join(index, ", ")) + "]";
}

/// A kernel of a model compiled with profiling: its layer's name, its op,
/// and its layer's multiply-accumulates.
struct KernelInfo {
  std::string layer, op;
};

/// Compiles the model of `args` for the JIT. With `kernels`, every kernel
/// is timed (the runtime's profile timers) and listed there, in order, and
/// `layerMacs` gets each layer's multiply-accumulates.
std::unique_ptr<Executable>
compileForJIT(Session &session, const ::dlc::RunArgs &args,
              std::optional<std::vector<Tensor>> &inputs, bool randomFill,
              int64_t *macs = nullptr, std::vector<KernelInfo> *kernels = nullptr,
              llvm::StringMap<int64_t> *layerMacs = nullptr, int64_t *arenaBytes = nullptr,
              std::vector<Probe> *probes = nullptr) {
  if (!args.paramsFile.empty() && args.paramsAsConstants) {
    ::dlc::fail("--params binds parameters at load time: it cannot be used with "
                "--params-as-constants");
    return nullptr;
  }
  // A broken parameter file is reported before compiling.
  // --params DIR: the .npy files of dlc train, by name.
  bool paramsDir = !args.paramsFile.empty() && llvm::sys::fs::is_directory(args.paramsFile);
  ParameterFile paramFile(nullptr, dlc_safetensors_close);
  if (!args.paramsFile.empty() && !paramsDir &&
      !(paramFile = openParameterFile(args.paramsFile)))
    return nullptr;
  PhaseReport report(args.timePhases);
  PhaseTimes *phaseTimes = report.get();
  // IDX and CIFAR-10 inputs take the shapes of the model's inputs.
  std::optional<llvm::StringMap<Tensor>> dataInputs = readDataInputs(args.model, args.inputs);
  if (!dataInputs)
    return nullptr;
  std::optional<ONNXImportOptions> hints;
  if (isONNXModel(args.model)) {
    hints = importHints(args.inputs, *dataInputs);
    if (!hints)
      return nullptr;
    // Gradients must reach the initializers themselves; parameters from
    // dlc train's files keep the names and shapes it trained them under.
    hints->foldParameters = !args.grad && !paramsDir;
  }
  auto start = std::chrono::steady_clock::now();
  OwningOpRef<ModuleOp> module = session.load(args.model, hints.value_or(ONNXImportOptions()));
  if (!module)
    return nullptr;
  if (phaseTimes)
    phaseTimes->emplace_back("import", millisecondsSince(start));
  auto sig = getModelSignature(*module);
  if (failed(sig))
    return nullptr;
  if (paramsDir)
    ::dlc::parametersAsResources(module->lookupSymbol<func::FuncOp>(sig->function));
  if (macs)
    *macs = countMacs(*module, sig->function);
  // The model's own errors (not a loss, no gradient rule) come first.
  if (args.grad) {
    DifferentiateOptions options;
    options.recompute = args.recompute;
    if (failed(differentiate(module->lookupSymbol<func::FuncOp>(sig->function), options)))
      return nullptr;
  }
  if (!fitsInMemory(*sig, 0))
    return nullptr;
  inputs = bindInputs(*sig, args.inputs, randomFill, *dataInputs);
  if (!inputs)
    return nullptr;
  if (probes)
    *probes = addProbes(*module, sig->function);
  // (After differentiating: the backward's kernels carry their forward
  // layer's name, and so do their multiply-accumulates.)
  if (layerMacs)
    for (const LayerCost &layer :
         analyzeCost(module->lookupSymbol<func::FuncOp>(sig->function)).layers)
      (*layerMacs)[layer.name] += layer.macs;
  JITOptions options;
  options.optLevel = args.optLevel;
  options.parametersAsState = !args.paramsAsConstants;
  options.cacheDir = args.cacheDir;
  options.cacheMaxBytes = args.cacheMaxMB << 20;
  options.compileThreads = args.compileThreads;
  options.phaseTimes = phaseTimes;
  if (kernels) {
    options.profile = true;
    options.hostSymbols = {{"dlc_profile_begin", reinterpret_cast<void *>(&dlc_profile_begin)},
                           {"dlc_profile_end", reinterpret_cast<void *>(&dlc_profile_end)}};
  }
  auto exe = Executable::compile(*module, options);
  if (!exe) {
    session.reportCompileError(exe.takeError());
    return nullptr;
  }
  if (paramFile && !bindParameterFile(**exe, paramFile.get(), args.paramsFile))
    return nullptr;
  if (paramsDir && !bindParameterDir(**exe, args.paramsFile))
    return nullptr;
  // (Again with the gradients and the arena, known now.)
  if (!fitsInMemory((*exe)->signature(), (*exe)->arenaBytes()))
    return nullptr;
  if (arenaBytes)
    *arenaBytes = (*exe)->arenaBytes();
  if (kernels)
    if (auto table = (*module)->getAttrOfType<ArrayAttr>("dlc.profile_kernels"))
      for (auto kernel : table.getAsRange<DictionaryAttr>())
        kernels->push_back(
            {layerName(cast<LocationAttr>(kernel.get("loc"))),
             cast<StringAttr>(kernel.get("op")).getValue().str()});
  return std::move(*exe);
}

void printTensor(const TensorSpec &spec, const Tensor &t) {
  llvm::outs() << "output '" << spec.name << "' " << spec.shapeString()
               << (t.type == ElementType::I64 ? " i64" : "") << ": [";
  size_t size = t.numElements();
  size_t shown = std::min<size_t>(size, 16);
  for (size_t i = 0; i < shown; ++i) {
    llvm::outs() << (i ? ", " : "");
    if (t.type == ElementType::I64)
      llvm::outs() << t.i64[i];
    else
      llvm::outs() << llvm::format("%.6g", t.data[i]);
  }
  if (shown < size)
    llvm::outs() << ", ... (" << size << " values)";
  llvm::outs() << "]\n";
}

} // namespace

int ::dlc::runCommand(const RunArgs &args) {
  dlc_set_num_threads(args.threads);
  Session session;
  std::optional<std::vector<Tensor>> inputs;
  std::vector<Probe> probes;
  auto exe = compileForJIT(session, args, inputs, /*randomFill=*/false, nullptr, nullptr,
                           nullptr, nullptr, args.checkNumerics ? &probes : nullptr);
  if (!exe)
    return 1;
  const ModelSignature &sig = exe->signature();
  if (args.checkNumerics)
    for (auto [spec, t] : llvm::zip(sig.inputs, *inputs))
      if (NonFinite n = countNonFinite(t); n.nan + n.inf)
        return ::dlc::fail(fmt::format(
            "input '{}' holds {} NaN and {} Inf of its {} values (the first at {})",
            spec.name, n.nan, n.inf, t.numElements(), indexString(n.first, spec.shape)));
  if (!args.outputDir.empty()) {
    if (std::error_code ec = llvm::sys::fs::create_directories(args.outputDir))
      return ::dlc::fail("cannot create the output directory '" + args.outputDir +
                  "': " + ec.message());
  }
  double start = dlc_now_ms();
  auto outputs = exe->run(*inputs);
  double elapsed = dlc_now_ms() - start;
  if (!outputs)
    return ::dlc::fail(outputs.takeError());
  size_t modelOutputs = outputs->size() - probes.size();
  for (auto [k, probe] : llvm::enumerate(probes)) {
    const Tensor &t = (*outputs)[modelOutputs + k];
    if (NonFinite n = countNonFinite(t); n.nan + n.inf)
      return ::dlc::fail(fmt::format(
          "layer '{}' ({}) is the first to produce a non-finite value: {} NaN and {} Inf "
          "of the {} values of its result {} (the first at {})",
          probe.layer, probe.op, n.nan, n.inf, t.numElements(), probe.result,
          indexString(n.first, sig.outputs[modelOutputs + k].shape)));
  }
  if (args.checkNumerics)
    llvm::outs() << "check-numerics: the results of all " << probes.size()
                 << " layers are finite\n";
  for (size_t i = 0; i < modelOutputs; ++i) {
    const Tensor &t = (*outputs)[i];
    // dlc grad: output 0 is the loss, printed; the gradients are the files.
    if (args.grad && i == 0) {
      llvm::outs() << "loss: " << llvm::format("%.8g", t.data[0]) << "\n";
      continue;
    }
    if (!args.grad)
      printTensor(sig.outputs[i], t);
    if (args.outputDir.empty())
      continue;
    if (::dlc::writeNpy(args.outputDir, sig.outputs[i].name, t.shape, t.data.data(),
                 t.type == ElementType::I64 ? t.i64.data() : nullptr))
      return 1;
  }
  llvm::outs() << "time_ms: " << llvm::format("%.3f", elapsed) << "\n";
  return 0;
}

int ::dlc::gradCommand(const RunArgs &args) {
  if (args.outputDir.empty())
    return ::dlc::fail("dlc grad writes one file per parameter: give the directory "
                       "with -o DIR");
  RunArgs grad = args;
  grad.grad = true;
  return runCommand(grad);
}

/// The per-layer table of `dlc bench --per-layer`: the profiled kernels'
/// time per run summed by layer, sorted, with its share of the mean run
/// time and GFLOPS; the time outside every kernel (allocation, page
/// faults) last.
std::string perLayerReport(const std::vector<KernelInfo> &kernels,
                           const llvm::StringMap<int64_t> &layerMacs, int iters,
                           double meanMs) {
  struct Row {
    std::string layer;
    double ms = 0;
    int kernels = 0;
    std::string ops;
  };
  std::vector<Row> rows;
  llvm::StringMap<size_t> index;
  double inKernels = 0;
  for (int64_t k = 0, e = std::min<int64_t>(dlc_profile_kernels(), kernels.size()); k < e;
       ++k) {
    const KernelInfo &info = kernels[k];
    auto [it, inserted] = index.try_emplace(info.layer, rows.size());
    if (inserted)
      rows.push_back({info.layer});
    Row &row = rows[it->second];
    double ms = dlc_profile_ms(k) / iters;
    row.ms += ms;
    inKernels += ms;
    ++row.kernels;
    std::string op = llvm::StringRef(info.op).rsplit('.').second.str();
    if (op.empty())
      op = info.op;
    if (row.ops.find(op) == std::string::npos)
      row.ops += (row.ops.empty() ? "" : ",") + op;
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row &a, const Row &b) { return a.ms > b.ms; });
  std::string out = fmt::format("per_layer: {} layers, {} kernels\n", rows.size(),
                                kernels.size());
  out += fmt::format("  {:>9} {:>6} {:>7}  {:>7}  {}\n", "ms/run", "share", "gflops",
                     "kernels", "layer (ops)");
  for (const Row &row : rows) {
    int64_t macs = layerMacs.lookup(row.layer);
    std::string gflops =
        macs > 0 && row.ms > 0 ? fmt::format("{:.1f}", 2.0 * macs / (row.ms * 1e6)) : "-";
    out += fmt::format("  {:>9.4f} {:>5.1f}% {:>7}  {:>7}  {} ({})\n", row.ms,
                       100.0 * row.ms / meanMs, gflops, row.kernels, row.layer, row.ops);
  }
  out += fmt::format("  {:>9.4f} {:>5.1f}% {:>7}  {:>7}  (outside kernels)\n",
                     std::max(0.0, meanMs - inKernels),
                     100.0 * std::max(0.0, meanMs - inKernels) / meanMs, "-", "-");
  return out;
}

/// The table of `dlc bench --per-kernel`: each profiled kernel (its index
/// in program order, its layer and op), slowest first.
std::string perKernelReport(const std::vector<KernelInfo> &kernels, int iters,
                            double meanMs) {
  int64_t count = std::min<int64_t>(dlc_profile_kernels(), kernels.size());
  std::vector<int64_t> order(count);
  for (int64_t k = 0; k < count; ++k)
    order[k] = k;
  std::stable_sort(order.begin(), order.end(), [](int64_t a, int64_t b) {
    return dlc_profile_ms(a) > dlc_profile_ms(b);
  });
  std::string out = fmt::format("per_kernel: {} kernels\n", count);
  out += fmt::format("  {:>9} {:>6} {:>6}  {}\n", "ms/run", "share", "kernel", "layer (op)");
  for (int64_t k : order) {
    double ms = dlc_profile_ms(k) / iters;
    out += fmt::format("  {:>9.4f} {:>5.1f}% {:>6}  {} ({})\n", ms, 100.0 * ms / meanMs, k,
                       kernels[k].layer, kernels[k].op);
  }
  return out;
}

int ::dlc::benchCommand(const BenchArgs &args) {
  if (args.iters < 1 || args.warmup < 0)
    return ::dlc::fail("--iters must be >= 1 and --warmup >= 0");
  dlc_set_num_threads(args.run.threads);
  Session session;
  std::optional<std::vector<Tensor>> inputs;
  int64_t macs = 0;
  std::vector<KernelInfo> kernels;
  llvm::StringMap<int64_t> layerMacs;
  int64_t arenaBytes = 0;
  bool profile = args.perLayer || args.perKernel;
  auto exe = compileForJIT(session, args.run, inputs,
                           /*randomFill=*/true, &macs, profile ? &kernels : nullptr,
                           profile ? &layerMacs : nullptr, &arenaBytes);
  if (!exe)
    return 1;
  const ModelSignature &sig = exe->signature();
  // Output buffers of 8-byte elements hold either element type.
  std::vector<std::vector<int64_t>> outputs;
  std::vector<void *> buffers;
  for (Tensor &t : *inputs)
    buffers.push_back(t.buffer());
  for (const TensorSpec &spec : sig.outputs)
    outputs.emplace_back(spec.numElements());
  for (auto &o : outputs)
    buffers.push_back(o.data());
  // The peak resident memory of the runs: from the resident size after
  // compiling (code, weights, inputs, and the temporaries' arena, which
  // the JIT maps at load: see arena_mb), before the first run, up.
  bool peakReset = dlc_reset_peak_rss() == 0;
  int64_t residentBefore = dlc_rss_bytes();
  for (int i = 0; i < args.warmup; ++i)
    exe->runRaw(buffers);
  dlc_profile_reset();
  std::vector<double> times;
  for (int i = 0; i < args.iters; ++i) {
    double start = dlc_now_ms();
    exe->runRaw(buffers);
    times.push_back(dlc_now_ms() - start);
  }
  std::vector<double> sorted = times;
  std::sort(sorted.begin(), sorted.end());
  double median = sorted.size() % 2 ? sorted[sorted.size() / 2]
                                    : (sorted[sorted.size() / 2 - 1] +
                                       sorted[sorted.size() / 2]) / 2;
  double mean = 0;
  for (double t : times)
    mean += t / times.size();
  // One "key: value" line per statistic, for people and for scripts.
  std::string report = fmt::format(
      "model: {}\nthreads: {}\niterations: {} (warmup {})\nmin_ms: {:.4f}\n"
      "median_ms: {:.4f}\nmean_ms: {:.4f}\nmax_ms: {:.4f}\n",
      args.run.model, dlc_get_num_threads(), args.iters, args.warmup, sorted.front(),
      median, mean, sorted.back());
  if (args.run.grad)
    report += "function: gradient (forward + backward)\n";
  else if (macs > 0)
    report += fmt::format("macs: {}\ngflops: {:.2f}\n", macs, 2.0 * macs / (median * 1e6));
  int64_t peak = dlc_peak_rss_bytes();
  if (peakReset && peak > 0 && residentBefore > 0)
    report += fmt::format("peak_rss_mb: {:.1f}\nrun_peak_mb: {:.1f}\n", peak / 1048576.0,
                          (peak - residentBefore) / 1048576.0);
  // The temporaries planned into the model's arena at compile time: part
  // of the resident size before the runs when the JIT maps it at load.
  report += fmt::format("arena_mb: {:.1f}\n", arenaBytes / 1048576.0);
  if (args.perLayer)
    report += perLayerReport(kernels, layerMacs, args.iters, mean);
  if (args.perKernel)
    report += perKernelReport(kernels, args.iters, mean);
  llvm::outs() << report;
  return 0;
}
