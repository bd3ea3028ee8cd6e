//===- Train.cpp - dlc train -------------------------------------------------===//
//
// Trains a model whose single output is a scalar loss on .npy data: the
// data is walked along its first dimension in batches (in order, or in a
// seeded shuffled order per epoch), each batch runs the JIT-compiled
// gradient function, and the runtime's optimizer kernels (optim.h) update
// the parameters in place, in the executable's own parameter buffers.
// BatchNorm running statistics come back as extra outputs of the gradient
// function (DifferentiateOptions::stateUpdates) and replace the old ones.
//
// The last partial batch is kept (torch's DataLoader default) unless
// --drop-last: it runs through a second executable specialised to its size,
// which needs a model whose batch dimension is symbolic (an ONNX input
// dimension without a fixed value); a model with fixed shapes must be given
// --drop-last or a data size that --batch divides.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "Diagnostics.h"
#include "Session.h"
#include "TensorFiles.h"

#include "dlc/Autodiff/Autodiff.h"
#include "dlc/Dialect/DLC/DLCOps.h"
#include "dlc/Frontend/ONNX.h"
#include "dlc/Target/JIT.h"
#include "dlc/runtime/optim.h"
#include "dlc/runtime/parallel.h"
#include "dlc/runtime/timer.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>

#include <cstring>
#include <numeric>

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// A named model input and its data: `samples` rows of `rowSize` elements.
struct Dataset {
  std::string name;
  Tensor data;
  int64_t rowSize = 0;
};

/// SplitMix64: the shuffle's generator, simple enough to reproduce
/// anywhere (the tests replay it in Python).
struct SplitMix64 {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
};

/// The sample order of one epoch: 0..n-1, or with `rng` a Fisher-Yates
/// shuffle of it (j = next() mod (i + 1), i from n - 1 down to 1).
std::vector<int64_t> epochOrder(int64_t n, SplitMix64 *rng) {
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  if (rng)
    for (int64_t i = n - 1; i > 0; --i)
      std::swap(order[i], order[rng->next() % static_cast<uint64_t>(i + 1)]);
  return order;
}

/// Gives every parameter constant that holds its value inline (a .mlir
/// model's dense<...>) a resource named after its layer, so that it is
/// bound at run time under that name, as ONNX initializers are.
void parametersAsResources(func::FuncOp func) {
  func.walk([](ConstantOp constant) {
    auto dense = dyn_cast<DenseElementsAttr>(constant.getValue());
    if (!constant->hasAttr("dlc.param") || !dense || !dense.getElementType().isF32())
      return;
    std::string name = "param";
    if (auto loc = dyn_cast<NameLoc>(constant.getLoc()))
      name = loc.getName().str();
    auto values = llvm::to_vector(dense.getValues<float>());
    auto blob = HeapAsmResourceBlob::allocateAndCopyInferAlign<float>(values);
    constant.setValueAttr(
        DenseResourceElementsAttr::get(cast<ShapedType>(dense.getType()), name,
                                       std::move(blob)));
  });
}

/// One compiled gradient function for batches of `batch` samples, with
/// its outputs' buffers and where each parameter's gradient and each
/// state's update come from.
struct Step {
  /// Its own context: importing the same ONNX model twice into one context
  /// would rename the second import's resources.
  std::unique_ptr<::dlc::Session> session;
  int64_t batch = 0;
  std::unique_ptr<Executable> exe;
  std::vector<std::vector<char>> inputs;   ///< one buffer per model input
  std::vector<std::vector<float>> outputs; ///< loss, gradients, states
  /// Per parameter of `exe`: the outputs holding its gradient (several
  /// when the model uses the parameter's value through several constants).
  std::vector<std::vector<size_t>> gradients;
  /// Per parameter of `exe`: the output holding its new value (BatchNorm
  /// running statistics), if any.
  std::vector<std::optional<size_t>> stateUpdate;
  std::vector<void *> buffers;
};

/// Loads the model specialised to batches of `batch` samples of
/// `datasets` (`partial`: the last batch, smaller than the others),
/// differentiates it (with state updates) and compiles it.
/// Reports and returns nothing on failure.
std::optional<Step> compileStep(const ::dlc::TrainArgs &args,
                                const std::vector<Dataset> &datasets, int64_t batch,
                                bool partial) {
  Step step;
  step.session = std::make_unique<::dlc::Session>();
  ::dlc::Session &session = *step.session;
  ONNXImportOptions onnx;
  // Gradients must reach the initializers themselves.
  onnx.foldParameters = false;
  for (const Dataset &d : datasets) {
    ONNXInputHint hint;
    hint.shape = d.data.shape;
    hint.shape[0] = batch;
    onnx.inputs[d.name] = std::move(hint);
  }
  OwningOpRef<ModuleOp> module = session.load(args.model, onnx);
  if (!module)
    return std::nullopt;
  auto sig = getModelSignature(*module);
  if (failed(sig))
    return std::nullopt;
  // Every model input has data whose samples have its shape.
  std::string missing;
  for (const TensorSpec &spec : sig->inputs) {
    auto d = llvm::find_if(datasets, [&](const Dataset &d) { return d.name == spec.name; });
    if (d == datasets.end()) {
      missing += (missing.empty() ? "" : ", ") + spec.name + " (" + spec.shapeString() +
                 ")";
      continue;
    }
    TensorSpec sample{"", std::vector<int64_t>(d->data.shape.begin() + 1,
                                               d->data.shape.end())};
    if (spec.shape.empty() ||
        !llvm::equal(llvm::ArrayRef(spec.shape).drop_front(), sample.shape)) {
      ::dlc::fail("input '" + spec.name + "': the model takes " + spec.shapeString() +
                  ", batches of samples of shape " + sample.shapeString() +
                  " do not fit it");
      return std::nullopt;
    }
    if (spec.shape[0] != batch) {
      int64_t fixed = spec.shape[0], samples = d->data.shape[0];
      std::string where = " (input '" + spec.name + "' is " + spec.shapeString() + ")";
      if (fixed > samples)
        ::dlc::fail(fmt::format("the data holds {} samples, fewer than the model's fixed "
                                "batch of {}{}",
                                samples, fixed, where));
      else if (partial)
        ::dlc::fail(fmt::format("the model's batch dimension is fixed at {}{}: it cannot "
                                "take the last, partial batch of {} samples ({} samples in "
                                "batches of {}); pass --drop-last to drop it",
                                fixed, where, batch, samples, args.batch));
      else
        ::dlc::fail(fmt::format("--batch {} does not match the model's fixed batch "
                                "dimension {}{}: use --batch {}",
                                args.batch, fixed, where, fixed));
      return std::nullopt;
    }
    if (spec.type != d->data.type) {
      ::dlc::fail("input '" + spec.name + "' is " + elementTypeName(spec.type).str() +
                  ", but its data is " + elementTypeName(d->data.type).str());
      return std::nullopt;
    }
  }
  for (const Dataset &d : datasets)
    if (llvm::none_of(sig->inputs, [&](const TensorSpec &t) { return t.name == d.name; })) {
      std::string names;
      for (const TensorSpec &t : sig->inputs)
        names += (names.empty() ? "" : ", ") + t.name;
      ::dlc::fail("the model has no input named '" + d.name + "' (its inputs: " + names +
                  ")");
      return std::nullopt;
    }
  if (!missing.empty()) {
    ::dlc::fail("missing input(s): " + missing + "; pass them with -i NAME=FILE");
    return std::nullopt;
  }
  auto func = module->lookupSymbol<func::FuncOp>(sig->function);
  parametersAsResources(func);
  DifferentiateOptions options;
  options.stateUpdates = true;
  FailureOr<GradientInfo> info = differentiate(func, options);
  if (failed(info))
    return std::nullopt;
  JITOptions jit;
  jit.optLevel = args.optLevel;
  jit.cacheDir = args.cacheDir;
  jit.cacheMaxBytes = args.cacheMaxMB << 20;
  jit.compileThreads = args.compileThreads;
  auto exe = Executable::compile(*module, jit);
  if (!exe) {
    session.reportCompileError(exe.takeError());
    return std::nullopt;
  }
  step.batch = batch;
  step.exe = std::move(*exe);
  const std::vector<ParameterSpec> &params = step.exe->parameters();
  auto indexOf = [&](const std::string &key) -> std::optional<size_t> {
    for (size_t j = 0; j < params.size(); ++j)
      if (params[j].name == key)
        return j;
    return std::nullopt;
  };
  step.gradients.resize(params.size());
  step.stateUpdate.resize(params.size());
  for (auto [i, key] : llvm::enumerate(info->parameterKeys)) {
    std::optional<size_t> j = indexOf(key);
    if (!j) {
      ::dlc::fail("parameter '" + info->parameters[i] + "' is not bound at run time");
      return std::nullopt;
    }
    step.gradients[*j].push_back(1 + i);
  }
  for (auto [i, key] : llvm::enumerate(info->stateKeys)) {
    std::optional<size_t> j = indexOf(key);
    if (!j) {
      ::dlc::fail("state '" + info->states[i] + "' is not bound at run time");
      return std::nullopt;
    }
    step.stateUpdate[*j] = 1 + info->parameters.size() + i;
  }
  const ModelSignature &compiled = step.exe->signature();
  for (const TensorSpec &spec : compiled.inputs) {
    size_t bytes = spec.numElements() * (spec.type == ElementType::I64 ? 8 : 4);
    step.inputs.emplace_back(bytes);
    step.buffers.push_back(step.inputs.back().data());
  }
  for (const TensorSpec &spec : compiled.outputs) {
    step.outputs.emplace_back(spec.numElements());
    step.buffers.push_back(step.outputs.back().data());
  }
  return step;
}

/// The optimizer configuration of `args`, or an error.
llvm::Expected<dlc_optim_config> optimizerConfig(const ::dlc::TrainArgs &args) {
  static const std::pair<const char *, dlc_optimizer> kinds[] = {
      {"sgd", DLC_OPTIM_SGD},           {"adam", DLC_OPTIM_ADAM},
      {"adamw", DLC_OPTIM_ADAMW},       {"rmsprop", DLC_OPTIM_RMSPROP},
      {"adadelta", DLC_OPTIM_ADADELTA}, {"adagrad", DLC_OPTIM_ADAGRAD}};
  auto kind = llvm::find_if(kinds, [&](auto &k) { return args.optimizer == k.first; });
  if (args.optimizer.empty())
    return llvm::createStringError("dlc train needs an optimizer: --optimizer "
                                   "sgd|adam|adamw|rmsprop|adadelta|adagrad");
  if (kind == std::end(kinds))
    return llvm::createStringError("unknown optimizer '%s' (expected sgd, adam, adamw, "
                                   "rmsprop, adadelta or adagrad)",
                                   args.optimizer.c_str());
  dlc_optim_config c;
  dlc_optim_defaults(kind->second, &c);
  using K = dlc_optimizer;
  const std::vector<K> all = {DLC_OPTIM_SGD,      DLC_OPTIM_ADAM,     DLC_OPTIM_ADAMW,
                              DLC_OPTIM_RMSPROP,  DLC_OPTIM_ADADELTA, DLC_OPTIM_ADAGRAD};
  struct Field {
    const char *flag;
    const std::optional<double> &value;
    double *field;
    std::vector<K> takenBy;
  };
  const Field fields[] = {
      {"lr", args.lr, &c.lr, all},
      {"momentum", args.momentum, &c.momentum, {DLC_OPTIM_SGD, DLC_OPTIM_RMSPROP}},
      {"dampening", args.dampening, &c.dampening, {DLC_OPTIM_SGD}},
      {"weight-decay", args.weightDecay, &c.weight_decay, all},
      {"beta1", args.beta1, &c.beta1, {DLC_OPTIM_ADAM, DLC_OPTIM_ADAMW}},
      {"beta2", args.beta2, &c.beta2, {DLC_OPTIM_ADAM, DLC_OPTIM_ADAMW}},
      {"eps",
       args.eps,
       &c.eps,
       {DLC_OPTIM_ADAM, DLC_OPTIM_ADAMW, DLC_OPTIM_RMSPROP, DLC_OPTIM_ADADELTA,
        DLC_OPTIM_ADAGRAD}},
      {"alpha", args.alpha, &c.alpha, {DLC_OPTIM_RMSPROP}},
      {"rho", args.rho, &c.rho, {DLC_OPTIM_ADADELTA}},
      {"lr-decay", args.lrDecay, &c.lr_decay, {DLC_OPTIM_ADAGRAD}},
      {"initial-accumulator-value",
       args.initialAccumulator,
       &c.initial_accumulator_value,
       {DLC_OPTIM_ADAGRAD}}};
  for (const Field &f : fields) {
    if (!f.value)
      continue;
    if (!llvm::is_contained(f.takenBy, kind->second))
      return llvm::createStringError("--%s does not apply to --optimizer %s", f.flag,
                                     kind->first);
    *f.field = *f.value;
  }
  const std::pair<const char *, std::pair<bool, K>> switches[] = {
      {"nesterov", {args.nesterov, DLC_OPTIM_SGD}},
      {"centered", {args.centered, DLC_OPTIM_RMSPROP}}};
  for (const auto &[flag, use] : switches)
    if (use.first && use.second != kind->second)
      return llvm::createStringError("--%s does not apply to --optimizer %s", flag,
                                     kind->first);
  if (args.amsgrad && kind->second != DLC_OPTIM_ADAM && kind->second != DLC_OPTIM_ADAMW)
    return llvm::createStringError("--amsgrad does not apply to --optimizer %s",
                                   kind->first);
  c.nesterov = args.nesterov;
  c.amsgrad = args.amsgrad;
  c.centered = args.centered;
  // torch.optim.SGD has no default learning rate.
  if (kind->second == DLC_OPTIM_SGD && !args.lr)
    return llvm::createStringError("--optimizer sgd needs a learning rate (--lr X)");
  char err[256];
  if (dlc_optim_validate(&c, err, sizeof(err)) != 0)
    return llvm::createStringError("%s", err);
  return c;
}

/// Reads the -i data sets; checks that they are non-empty and share their
/// first dimension.
std::optional<std::vector<Dataset>> readDatasets(const std::vector<std::string> &specs) {
  std::vector<Dataset> datasets;
  for (const std::string &spec : specs) {
    auto [name, path] = llvm::StringRef(spec).split('=');
    if (name.empty() || path.empty()) {
      ::dlc::fail("-i expects NAME=FILE, got '" + spec + "'");
      return std::nullopt;
    }
    if (llvm::any_of(datasets, [&](const Dataset &d) { return d.name == name; })) {
      ::dlc::fail("input '" + name + "' is given twice");
      return std::nullopt;
    }
    if (llvm::sys::path::extension(path) != ".npy") {
      ::dlc::fail("'" + path + "': dlc train reads its data from .npy files");
      return std::nullopt;
    }
    std::string error;
    std::optional<Tensor> t = ::dlc::readNpyAnyType(path, error);
    if (!t) {
      ::dlc::fail(error);
      return std::nullopt;
    }
    if (t->shape.empty()) {
      ::dlc::fail("input '" + name + "' from '" + path +
                  "' is a scalar: the data needs a first (sample) dimension");
      return std::nullopt;
    }
    Dataset d{name.str(), std::move(*t)};
    d.rowSize = d.data.shape[0] ? d.data.numElements() / d.data.shape[0] : 0;
    datasets.push_back(std::move(d));
  }
  if (datasets.empty()) {
    ::dlc::fail("dlc train needs data: pass the model's inputs with -i NAME=FILE");
    return std::nullopt;
  }
  for (const Dataset &d : datasets)
    if (d.data.shape[0] != datasets.front().data.shape[0]) {
      ::dlc::fail(fmt::format("inputs '{}' and '{}' hold different numbers of samples "
                              "({} and {}): their first dimensions must match",
                              datasets.front().name, d.name,
                              datasets.front().data.shape[0], d.data.shape[0]));
      return std::nullopt;
    }
  if (datasets.front().data.shape[0] == 0) {
    ::dlc::fail("the data set is empty (input '" + datasets.front().name +
                "' has 0 samples)");
    return std::nullopt;
  }
  return datasets;
}

/// Copies the samples `order[begin, begin + step.batch)` into the inputs
/// of `step`.
void gatherBatch(Step &step, const std::vector<Dataset> &datasets,
                 const std::vector<int64_t> &order, int64_t begin) {
  const ModelSignature &sig = step.exe->signature();
  for (auto [k, spec] : llvm::enumerate(sig.inputs)) {
    const Dataset &d =
        *llvm::find_if(datasets, [&](const Dataset &d) { return d.name == spec.name; });
    size_t elem = d.data.type == ElementType::I64 ? 8 : 4;
    const char *src = d.data.type == ElementType::I64
                          ? reinterpret_cast<const char *>(d.data.i64.data())
                          : reinterpret_cast<const char *>(d.data.data.data());
    size_t row = d.rowSize * elem;
    for (int64_t b = 0; b < step.batch; ++b)
      std::memcpy(step.inputs[k].data() + b * row, src + order[begin + b] * row, row);
  }
}

} // namespace

int ::dlc::trainCommand(const TrainArgs &args) {
  if (args.outputDir.empty())
    return fail("dlc train writes the trained parameters: give the directory with -o DIR");
  auto config = optimizerConfig(args);
  if (!config)
    return fail(config.takeError());
  if (args.batch < 1)
    return fail("--batch must be >= 1, got " + std::to_string(args.batch));
  if (args.epochs < 1)
    return fail("--epochs must be >= 1, got " + std::to_string(args.epochs));
  if (args.shuffle != 0 && args.shuffle != 1)
    return fail("--shuffle takes 0 or 1, got " + std::to_string(args.shuffle));
  if (args.threads < 0)
    return fail("--threads must be >= 0 (0 uses every core)");
  if (llvm::sys::fs::exists(args.outputDir) && !llvm::sys::fs::is_directory(args.outputDir))
    return fail("the output directory '" + args.outputDir + "' is a file");
  if (!args.logFile.empty()) {
    llvm::SmallString<256> dir(args.logFile);
    llvm::sys::path::remove_filename(dir);
    if (dir.empty())
      dir = ".";
    if (std::error_code ec = llvm::sys::fs::access(dir, llvm::sys::fs::AccessMode::Write))
      return fail("cannot write '" + args.logFile + "': " + ec.message());
  }
  auto datasets = readDatasets(args.inputs);
  if (!datasets)
    return 1;
  const int64_t samples = datasets->front().data.shape[0];
  // A model whose batch is symbolic takes min(--batch, samples) samples at
  // once, as a DataLoader's one batch of the whole data would.
  int64_t batch = std::min(args.batch, samples);
  int64_t fullSteps = samples / batch, rest = samples % batch;
  if (args.dropLast && fullSteps == 0)
    return fail(fmt::format("--drop-last with --batch {} leaves no batch of the {} samples",
                            args.batch, samples));
  dlc_set_num_threads(args.threads);
  std::optional<Step> full = compileStep(args, *datasets, batch, /*partial=*/false);
  if (!full)
    return 1;
  std::optional<Step> last;
  if (rest && !args.dropLast) {
    last = compileStep(args, *datasets, rest, /*partial=*/true);
    if (!last)
      return 1;
    // Both compiles bind the same parameters in the same order.
    auto names = [](const Executable &e) {
      std::vector<std::string> n;
      for (const ParameterSpec &p : e.parameters())
        n.push_back(p.name);
      return n;
    };
    if (names(*last->exe) != names(*full->exe))
      return fail("the model compiled for the last batch has other parameters");
  }
  Executable &exe = *full->exe;
  const std::vector<ParameterSpec> &params = exe.parameters();
  // The optimizer's state, per trainable parameter.
  int stateCount = dlc_optim_state_count(&*config);
  std::vector<std::vector<std::vector<float>>> state(params.size());
  std::vector<std::vector<float *>> statePtrs(params.size());
  std::vector<float> gradientSum;
  for (size_t j = 0; j < params.size(); ++j) {
    if (full->gradients[j].empty())
      continue;
    int64_t n = params[j].numElements();
    state[j].assign(stateCount, std::vector<float>(n));
    for (auto &s : state[j])
      statePtrs[j].push_back(s.data());
    dlc_optim_init_state(&*config, statePtrs[j].data(), n);
  }
  // One step on `step`'s executable, then the update of `exe`'s parameters.
  int64_t updates = 0;
  auto runStep = [&](Step &step) -> float {
    if (&step != &*full) {
      // The other executable binds its own copies of the parameters.
      for (size_t j = 0; j < params.size(); ++j)
        std::memcpy(step.exe->parameterData(j), exe.parameterData(j),
                    params[j].numElements() * sizeof(float));
      step.exe->parametersUpdated();
    }
    step.exe->runRaw(step.buffers);
    ++updates;
    for (size_t j = 0; j < params.size(); ++j) {
      int64_t n = params[j].numElements();
      if (std::optional<size_t> out = step.stateUpdate[j])
        std::memcpy(exe.parameterData(j), step.outputs[*out].data(), n * sizeof(float));
      const std::vector<size_t> &sources = step.gradients[j];
      if (sources.empty())
        continue;
      const float *grad = step.outputs[sources.front()].data();
      if (sources.size() > 1) {
        gradientSum.assign(grad, grad + n);
        for (size_t s : llvm::drop_begin(sources))
          for (int64_t i = 0; i < n; ++i)
            gradientSum[i] += step.outputs[s][i];
        grad = gradientSum.data();
      }
      dlc_optim_step(&*config, updates, exe.parameterData(j), grad, statePtrs[j].data(),
                     n);
    }
    exe.parametersUpdated();
    return step.outputs[0][0];
  };

  bool live = llvm::sys::Process::StandardOutIsDisplayed();
  int64_t stepsPerEpoch = fullSteps + (last ? 1 : 0);
  SplitMix64 rng{args.seed};
  std::string csv = "epoch,loss,samples_per_s,seconds\n";
  for (int64_t epoch = 1; epoch <= args.epochs; ++epoch) {
    std::vector<int64_t> order = epochOrder(samples, args.shuffle ? &rng : nullptr);
    double start = dlc_now_ms(), lastDraw = -1e9, lossSum = 0;
    int64_t seen = 0;
    for (int64_t s = 0; s < stepsPerEpoch; ++s) {
      Step &step = s < fullSteps ? *full : *last;
      gatherBatch(step, *datasets, order, s * batch);
      lossSum += static_cast<double>(runStep(step)) * step.batch;
      seen += step.batch;
      // On a terminal: a progress bar, redrawn at most every 100 ms.
      if (live && (dlc_now_ms() - lastDraw > 100 || s + 1 == stepsPerEpoch)) {
        lastDraw = dlc_now_ms();
        double elapsed = (lastDraw - start) / 1000;
        double eta = elapsed / (s + 1) * (stepsPerEpoch - s - 1);
        int filled = static_cast<int>(20 * (s + 1) / stepsPerEpoch);
        llvm::outs() << fmt::format("\repoch {}/{} [{}{}] {}/{} loss {:.6f} {:.1f} samples/s "
                                    "ETA {:.1f} s ",
                                    epoch, args.epochs, std::string(filled, '='),
                                    std::string(20 - filled, ' '), s + 1, stepsPerEpoch,
                                    lossSum / seen, seen / std::max(elapsed, 1e-9), eta);
        llvm::outs().flush();
      }
    }
    double seconds = (dlc_now_ms() - start) / 1000;
    double loss = lossSum / seen, rate = seen / std::max(seconds, 1e-9);
    llvm::outs() << (live ? "\r" : "")
                 << fmt::format("epoch {}/{}: loss {:.6f}, {:.1f} samples/s, {:.3f} s{}\n",
                                epoch, args.epochs, loss, rate, seconds,
                                live ? std::string(40, ' ') : "");
    csv += fmt::format("{},{:.9g},{:.3f},{:.6f}\n", epoch, loss, rate, seconds);
  }
  // The trained parameters and the BatchNorm statistics.
  if (std::error_code ec = llvm::sys::fs::create_directories(args.outputDir))
    return fail("cannot create the output directory '" + args.outputDir +
                "': " + ec.message());
  for (size_t j = 0; j < params.size(); ++j)
    if (!full->gradients[j].empty() || full->stateUpdate[j])
      if (writeNpy(args.outputDir, params[j].name, params[j].shape, exe.parameterData(j)))
        return 1;
  if (!args.logFile.empty()) {
    std::error_code ec;
    llvm::ToolOutputFile log(args.logFile, ec, llvm::sys::fs::OF_Text);
    if (ec)
      return fail("cannot write '" + args.logFile + "': " + ec.message());
    log.os() << csv;
    log.os().flush();
    if (log.os().has_error())
      return fail("cannot write '" + args.logFile + "': " + log.os().error().message());
    log.keep();
  }
  return 0;
}
