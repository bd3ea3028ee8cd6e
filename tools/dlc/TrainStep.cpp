//===- TrainStep.cpp - dlc train's data sets and compiled steps -----------===//
//
// Loads a loss model specialised to a batch size, differentiates it (with
// the BatchNorm state updates as extra results) or turns it into its
// evaluation form (torch's model.eval()), and compiles it, returning a
// classification loss's class scores too (for accuracy); reads the data
// (DataFiles.h), fits it to the model's inputs and batches it; and
// implements dlc eval on the evaluation form.
//
//===----------------------------------------------------------------------===//

#include "TrainStep.h"
#include "Diagnostics.h"
#include "TensorFiles.h"

#include "dlc/Autodiff/Autodiff.h"
#include "dlc/Registration.h"
#include "dlc/Dialect/DLC/DLCOps.h"
#include "dlc/Frontend/ONNX.h"
#include "dlc/Target/Model.h"
#include "dlc/runtime/parallel.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <numeric>

using namespace mlir;
using namespace mlir::dlc;
using ::dlc::Dataset;
using ::dlc::Evaluation;
using ::dlc::Step;

namespace {


/// Turns a training-form model into its evaluation form, as torch's
/// model.eval(): BatchNorm normalizes with its running statistics (which it
/// no longer updates) and dropout is the identity.
LogicalResult toEvaluationForm(func::FuncOp func) {
  WalkResult result = func.walk([](Operation *op) {
    if (auto dropout = dyn_cast<DropoutOp>(op)) {
      dropout.setTraining(false);
      return WalkResult::advance();
    }
    auto bn = dyn_cast<BatchNormTrainOp>(op);
    if (!bn)
      return WalkResult::advance();
    if (!bn.getBatchMean().use_empty() || !bn.getBatchVar().use_empty()) {
      bn.emitError("the batch statistics of batch_norm_train are used: no evaluation "
                   "form of this model");
      return WalkResult::interrupt();
    }
    OpBuilder builder(bn);
    auto eval = BatchNormOp::create(builder, bn.getLoc(), bn.getOutput().getType(),
                                    bn.getInput(), bn.getScale(), bn.getBias(),
                                    bn.getRunningMean(), bn.getRunningVar(),
                                    bn.getEpsilonAttr());
    bn.getOutput().replaceAllUsesWith(eval.getOutput());
    bn.getNewRunningMean().replaceAllUsesWith(bn.getRunningMean());
    bn.getNewRunningVar().replaceAllUsesWith(bn.getRunningVar());
    bn.erase();
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

/// A classification loss: its class scores, and the function argument
/// holding its labels.
struct ClassificationLoss {
  Value scores;
  BlockArgument labels;
  std::optional<int64_t> ignoreIndex;
};

/// The model's one cross-entropy or NLL loss whose labels are a model
/// input (not computed in the model), if there is exactly one.
std::optional<ClassificationLoss> findClassificationLoss(func::FuncOp func) {
  std::vector<ClassificationLoss> found;
  func.walk([&](Operation *op) {
    Value scores, labels;
    std::optional<uint64_t> ignore;
    if (auto ce = dyn_cast<SoftmaxCrossEntropyOp>(op)) {
      scores = ce.getLogits();
      labels = ce.getLabels();
      ignore = ce.getIgnoreIndex();
    } else if (auto nll = dyn_cast<NLLLossOp>(op)) {
      scores = nll.getInput();
      labels = nll.getLabels();
      ignore = nll.getIgnoreIndex();
    } else {
      return;
    }
    auto arg = dyn_cast<BlockArgument>(labels);
    auto type = dyn_cast<RankedTensorType>(scores.getType());
    if (!arg || arg.getOwner() != &func.getBody().front() || !type ||
        !type.hasStaticShape() || type.getRank() < 2)
      return;
    std::optional<int64_t> ignoreIndex;
    if (ignore)
      ignoreIndex = static_cast<int64_t>(*ignore);
    found.push_back({scores, arg, ignoreIndex});
  });
  if (found.size() != 1)
    return std::nullopt;
  return found.front();
}

} // namespace

void ::dlc::Step::countCorrect(int64_t &correct, int64_t &counted) const {
  const float *s = outputs[*scores].data();
  const int64_t *y = reinterpret_cast<const int64_t *>(inputs[*labels].data());
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t p = 0; p < positions; ++p) {
      int64_t label = y[n * positions + p];
      if (ignoreIndex && label == *ignoreIndex)
        continue;
      // The first of equal maxima, as torch.argmax and numpy.argmax.
      const float *row = s + n * classes * positions + p;
      int64_t best = 0;
      for (int64_t c = 1; c < classes; ++c)
        if (row[c * positions] > row[best * positions])
          best = c;
      correct += best == label;
      ++counted;
    }
}

/// Gives every parameter constant that holds its value inline (a .mlir
/// model's dense<...>) a resource named after its layer, so that it is
/// bound at run time under that name, as ONNX initializers are.
void ::dlc::parametersAsResources(mlir::func::FuncOp func) {
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

namespace dlc {

/// Loads the model specialised to batches of `batch` samples of
/// `datasets` (`partial`: the last batch, smaller than the others),
/// differentiates it (with state updates) and compiles it; with `forward`,
/// compiles its evaluation form instead (the loss only).
/// Reports and returns nothing on failure.
std::optional<Step> compileStep(const TrainArgs &args,
                                     const std::vector<Dataset> &datasets, int64_t batch,
                                     bool partial, bool forward) {
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
  FailureOr<GradientInfo> info = GradientInfo();
  if (forward) {
    if (failed(toEvaluationForm(func)))
      return std::nullopt;
  } else {
    DifferentiateOptions options;
    options.stateUpdates = true;
    info = differentiate(func, options);
    if (failed(info))
      return std::nullopt;
  }
  // A classification loss returns its class scores too, for accuracy; its
  // labels must name classes the scores have.
  std::optional<ClassificationLoss> classification = findClassificationLoss(func);
  std::string labelsName;
  if (classification) {
    auto type = cast<RankedTensorType>(classification->scores.getType());
    step.classes = type.getDimSize(1);
    for (int64_t i = 2; i < type.getRank(); ++i)
      step.positions *= type.getDimSize(i);
    step.ignoreIndex = classification->ignoreIndex;
    unsigned argNo = classification->labels.getArgNumber();
    auto name = func.getArgAttrOfType<StringAttr>(argNo, "dlc.name");
    labelsName = name ? name.str() : "input" + std::to_string(argNo);
    auto d = llvm::find_if(datasets, [&](const Dataset &d) { return d.name == labelsName; });
    if (d != datasets.end() && d->data.type == ElementType::I64)
      for (auto [i, label] : llvm::enumerate(d->data.i64))
        if ((label < 0 || label >= step.classes) && label != step.ignoreIndex) {
          ::dlc::fail(fmt::format("input '{}' from '{}': label {} of sample {} is not one "
                                  "of the model's {} classes (0..{})",
                                  d->name, d->path, label, i / std::max<int64_t>(1, d->rowSize),
                                  step.classes, step.classes - 1));
          return std::nullopt;
        }
    auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
    unsigned index = func.getNumResults();
    OpBuilder builder(func.getContext());
    if (succeeded(func.insertResult(index, classification->scores.getType(),
                                    builder.getDictionaryAttr(builder.getNamedAttr(
                                        "dlc.name",
                                        builder.getStringAttr("dlc.class_scores"))))))
      ret->insertOperands(index, classification->scores);
    else
      classification.reset(); // no accuracy then
  }
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
  if (classification) {
    step.scores = compiled.outputs.size() - 1;
    for (auto [k, spec] : llvm::enumerate(compiled.inputs))
      if (spec.name == labelsName && spec.type == ElementType::I64)
        step.labels = k;
    if (!step.labels)
      step.scores.reset();
  }
  return step;
}

/// Reads the -i data sets; checks that they are non-empty and share their
/// first dimension.
std::optional<std::vector<Dataset>> readDatasets(const std::vector<std::string> &specs,
                                                      llvm::StringRef who) {
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
    llvm::Expected<DataFile> file = readDataFile(path);
    if (!file) {
      ::dlc::fail(file.takeError());
      return std::nullopt;
    }
    if (file->data.shape.empty()) {
      ::dlc::fail("input '" + name + "' from '" + file->path +
                  "' is a scalar: the data needs a first (sample) dimension");
      return std::nullopt;
    }
    datasets.push_back(Dataset::of(name, std::move(*file)));
  }
  if (datasets.empty()) {
    ::dlc::fail(who.str() + " needs data: pass the model's inputs with " +
                (who == "--val" ? "--val" : "-i") + " NAME=FILE");
    return std::nullopt;
  }
  for (const Dataset &d : datasets)
    if (d.data.shape[0] != datasets.front().data.shape[0]) {
      ::dlc::fail(fmt::format("inputs '{}' and '{}' hold different numbers of samples "
                              "({} and {}): their first dimensions must match (files "
                              "'{}' and '{}')",
                              datasets.front().name, d.name,
                              datasets.front().data.shape[0], d.data.shape[0],
                              datasets.front().path, d.path));
      return std::nullopt;
    }
  if (datasets.front().data.shape[0] == 0) {
    ::dlc::fail("the data set is empty (input '" + datasets.front().name +
                "' has 0 samples)");
    return std::nullopt;
  }
  return datasets;
}

/// Gives IDX and CIFAR data the layout and type of the model's inputs.
bool fitDataToModel(llvm::StringRef model, std::vector<Dataset> &datasets) {
  if (llvm::all_of(datasets, [](const Dataset &d) { return d.kind == DataKind::Array; }))
    return true;
  // The model's declared inputs, from a load whose diagnostics (a symbolic
  // batch dimension set to 1, or the errors the compile reports again)
  // nobody sees. The arrays' shapes are given as when compiling.
  DialectRegistry registry;
  registerDialects(registry);
  registerTranslations(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  ScopedDiagnosticHandler silence(&context, [](Diagnostic &) { return success(); });
  llvm::SourceMgr sourceMgr;
  ONNXImportOptions onnx;
  onnx.foldParameters = false;
  for (const Dataset &d : datasets)
    if (d.kind == DataKind::Array)
      onnx.inputs[d.name].shape = d.data.shape;
  OwningOpRef<ModuleOp> module = loadModel(model, context, sourceMgr, onnx);
  FailureOr<ModelSignature> sig = failure();
  if (module)
    sig = getModelSignature(*module);
  if (failed(sig))
    return true;
  for (Dataset &d : datasets) {
    auto spec = llvm::find_if(sig->inputs, [&](const TensorSpec &t) { return t.name == d.name; });
    if (d.kind == DataKind::Array || spec == sig->inputs.end() || spec->shape.empty())
      continue;
    std::vector<int64_t> sample(spec->shape.begin() + 1, spec->shape.end());
    TensorSpec want{"", sample};
    if (want.numElements() != d.rowSize) {
      TensorSpec got{"", std::vector<int64_t>(d.data.shape.begin() + 1, d.data.shape.end())};
      auto values = [](int64_t n) { return fmt::format("{} value{}", n, n == 1 ? "" : "s"); };
      std::string what = d.kind == DataKind::Images
                             ? fmt::format("images of {} ({} each)", got.shapeString(),
                                           values(d.rowSize))
                             : std::string("labels (one value per sample)");
      ::dlc::fail(fmt::format("input '{}' from '{}': its {} do not fit the model's input {} "
                              "({} per sample)",
                              d.name, d.path, what, spec->shapeString(),
                              values(want.numElements())));
      return false;
    }
    sample.insert(sample.begin(), d.data.shape[0]);
    d.data.shape = std::move(sample);
    // Class indices as float targets (an MSE or BCE loss on them).
    if (d.kind == DataKind::Labels && spec->type == ElementType::F32 &&
        d.data.type == ElementType::I64) {
      d.data.data.assign(d.data.i64.begin(), d.data.i64.end());
      d.data.i64.clear();
      d.data.type = ElementType::F32;
    }
  }
  return true;
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


/// Splits the last `fraction` of every data set's samples off (Keras's
/// validation_split: the first floor(n * (1 - fraction)) samples train).
std::optional<std::vector<Dataset>> splitValidation(std::vector<Dataset> &datasets,
                                                         double fraction) {
  int64_t n = datasets.front().data.shape[0];
  int64_t train = static_cast<int64_t>(std::floor(n * (1 - fraction)));
  if (train < 1 || train >= n) {
    ::dlc::fail(fmt::format("--val-split {} of {} samples leaves {} for training and {} "
                            "for validation: each needs at least one",
                            fraction, n, train, n - train));
    return std::nullopt;
  }
  std::vector<Dataset> val;
  for (Dataset &d : datasets) {
    Dataset v{d.name, Tensor{d.data.shape, {}}, d.rowSize, d.path, d.kind};
    v.data.type = d.data.type;
    v.data.shape[0] = n - train;
    if (d.data.type == ElementType::I64) {
      v.data.i64.assign(d.data.i64.begin() + train * d.rowSize, d.data.i64.end());
      d.data.i64.resize(train * d.rowSize);
    } else {
      v.data.data.assign(d.data.data.begin() + train * d.rowSize, d.data.data.end());
      d.data.data.resize(train * d.rowSize);
    }
    d.data.shape[0] = train;
    val.push_back(std::move(v));
  }
  return val;
}

std::optional<Evaluation> compileEvaluation(const TrainArgs &args,
                                                 std::vector<Dataset> data) {
  Evaluation e;
  int64_t n = data.front().data.shape[0];
  int64_t batch = std::min(args.batch, n), rest = n % batch;
  e.fullSteps = n / batch;
  e.full = compileStep(args, data, batch, /*partial=*/false, /*forward=*/true);
  if (!e.full)
    return std::nullopt;
  if (rest) {
    e.last = compileStep(args, data, rest, /*partial=*/true, /*forward=*/true);
    if (!e.last)
      return std::nullopt;
  }
  e.order.resize(n);
  std::iota(e.order.begin(), e.order.end(), 0);
  e.data = std::move(data);
  return e;
}

/// Binds each parameter of the evaluation's executables to `value(name)`
/// (nullptr: an error, reported by `value`). Returns false on failure.
bool bindEvaluation(Evaluation &e,
                    llvm::function_ref<const float *(const ParameterSpec &)> value) {
  for (std::optional<Step> *step : {&e.full, &e.last}) {
    if (!*step)
      continue;
    Executable &exe = *(*step)->exe;
    for (auto [j, p] : llvm::enumerate(exe.parameters())) {
      const float *src = value(p);
      if (!src)
        return false;
      std::memcpy(exe.parameterData(j), src, p.numElements() * sizeof(float));
    }
    exe.parametersUpdated();
  }
  return true;
}

/// The mean of the per-sample loss over the evaluation's data (each
/// batch's loss, a mean over its samples, weighted by its size).
Metrics evaluate(Evaluation &e) {
  double sum = 0;
  int64_t steps = e.fullSteps + (e.last ? 1 : 0), seen = 0, correct = 0, counted = 0;
  for (int64_t s = 0; s < steps; ++s) {
    Step &step = s < e.fullSteps ? *e.full : *e.last;
    gatherBatch(step, e.data, e.order, s * e.full->batch);
    step.exe->runRaw(step.buffers);
    sum += static_cast<double>(step.outputs[0][0]) * step.batch;
    seen += step.batch;
    if (step.scores)
      step.countCorrect(correct, counted);
  }
  Metrics m{sum / seen, std::nullopt};
  if (e.full->scores)
    m.accuracy = counted ? static_cast<double>(correct) / counted : std::nan("");
  return m;
}


} // namespace dlc

int ::dlc::evalCommand(const EvalArgs &args) {
  if (args.paramsDir.empty())
    return fail("dlc eval reads trained parameters: give their directory with --params "
                "DIR (the .npy files dlc train writes)");
  if (!llvm::sys::fs::is_directory(args.paramsDir))
    return fail("--params '" + args.paramsDir + "' is not a directory");
  if (args.batch < 1)
    return fail("--batch must be >= 1, got " + std::to_string(args.batch));
  if (args.threads < 0)
    return fail("--threads must be >= 0 (0 uses every core)");
  auto datasets = readDatasets(args.inputs, "dlc eval");
  if (!datasets || !fitDataToModel(args.model, *datasets))
    return 1;
  dlc_set_num_threads(args.threads);
  TrainArgs train;
  train.model = args.model;
  train.batch = args.batch;
  train.optLevel = args.optLevel;
  train.cacheDir = args.cacheDir;
  train.cacheMaxMB = args.cacheMaxMB;
  train.compileThreads = args.compileThreads;
  std::optional<Evaluation> e = compileEvaluation(train, std::move(*datasets));
  if (!e)
    return 1;
  // Every parameter from its file; each file is read once.
  llvm::StringMap<Tensor> files;
  bool bound = bindEvaluation(*e, [&](const ParameterSpec &p) -> const float * {
    auto it = files.find(p.name);
    if (it == files.end()) {
      std::string path = args.paramsDir + "/" + sanitizeName(p.name) + ".npy";
      if (!llvm::sys::fs::exists(path)) {
        fail("parameter '" + p.name + "' has no file '" + path + "'");
        return nullptr;
      }
      std::string error;
      std::optional<Tensor> t = readNpyAnyType(path, error);
      if (!t) {
        fail(error);
        return nullptr;
      }
      TensorSpec want{"", p.shape}, got{"", t->shape};
      if (t->type != ElementType::F32 || t->shape != p.shape) {
        fail("'" + path + "' holds a " + elementTypeName(t->type).str() + " tensor of shape " +
             got.shapeString() + ", parameter '" + p.name + "' is f32 of shape " +
             want.shapeString());
        return nullptr;
      }
      it = files.try_emplace(p.name, std::move(*t)).first;
    }
    return it->second.data.data();
  });
  if (!bound)
    return 1;
  Metrics m = evaluate(*e);
  llvm::outs() << fmt::format("loss {:.9g}\n", m.loss);
  if (m.accuracy)
    llvm::outs() << fmt::format("accuracy {:.9g}\n", *m.accuracy);
  return 0;
}
