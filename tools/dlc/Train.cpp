//===- Train.cpp - dlc train -------------------------------------------------===//
//
// Trains a model whose single output is a scalar loss on the -i data
// (.npy, IDX or CIFAR-10 files: DataFiles.h): the data is walked along
// its first dimension in batches (in order, or in a seeded shuffled order
// per epoch), each batch runs the JIT-compiled gradient function, and the
// runtime's optimizer kernels (optim.h) update the parameters in place, in
// the executable's own parameter buffers.
// BatchNorm running statistics come back as extra outputs of the gradient
// function (DifferentiateOptions::stateUpdates) and replace the old ones.
//
// The last partial batch is kept (torch's DataLoader default) unless
// --drop-last: it runs through a second executable specialised to its size,
// which needs a model whose batch dimension is symbolic (an ONNX input
// dimension without a fixed value); a model with fixed shapes must be given
// --drop-last or a data size that --batch divides.
//
// Around the steps, as a torch loop written by hand: gradient clipping
// between backward and update, the learning-rate schedule stepped after each
// epoch (Schedule.h), a validation loss per epoch on the evaluation form
// (TrainStep.h), early stopping with the best epoch restored, and
// checkpoints that a resumed run continues bit for bit (Checkpoint.h).
// A classification loss (TrainStep.h) adds the training and validation
// accuracy to each epoch's report; at the end come the CSV log and the SVG
// curves (Curve.h).
//
//===----------------------------------------------------------------------===//

#include "Checkpoint.h"
#include "Curve.h"
#include "Diagnostics.h"
#include "Schedule.h"
#include "TensorFiles.h"
#include "TrainStep.h"

#include "dlc/Target/Model.h"
#include "dlc/runtime/optim.h"
#include "dlc/runtime/parallel.h"
#include "dlc/runtime/timer.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

using namespace mlir;
using namespace mlir::dlc;
using ::dlc::Dataset;
using ::dlc::Evaluation;
using ::dlc::Step;

namespace {

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
  std::optional<LRSchedule> schedule;
  if (!args.lrSchedule.empty()) {
    auto parsed = LRSchedule::parse(args.lrSchedule, config->lr);
    if (!parsed)
      return fail(parsed.takeError());
    schedule = std::move(*parsed);
  }
  if (args.clipGradNorm && args.clipGradValue)
    return fail("--clip-grad-norm and --clip-grad-value exclude each other");
  if (args.clipGradNorm && !(*args.clipGradNorm > 0))
    return fail(fmt::format("--clip-grad-norm must be > 0, got {}", *args.clipGradNorm));
  if (args.clipGradValue && !(*args.clipGradValue > 0))
    return fail(fmt::format("--clip-grad-value must be > 0, got {}", *args.clipGradValue));
  if (args.valSplit && !(*args.valSplit > 0 && *args.valSplit < 1))
    return fail(fmt::format("--val-split must be in (0, 1), got {}", *args.valSplit));
  if (args.valSplit && !args.valInputs.empty())
    return fail("--val-split and --val exclude each other: validate on a split of the "
                "-i data or on other files");
  bool validating = args.valSplit || !args.valInputs.empty();
  if (args.patience && !validating)
    return fail("--patience stops on the validation loss: give validation data with "
                "--val-split F or --val NAME=FILE");
  if (args.patience && *args.patience < 1)
    return fail("--patience must be >= 1, got " + std::to_string(*args.patience));
  if (args.saveEvery < 0)
    return fail("--save-every must be >= 0, got " + std::to_string(args.saveEvery));
  if (!(args.minDelta >= 0))
    return fail(fmt::format("--min-delta must be >= 0, got {}", args.minDelta));
  if (args.minDelta != 0 && !args.patience)
    return fail("--min-delta applies to early stopping: give --patience N");
  if (llvm::sys::fs::exists(args.outputDir) && !llvm::sys::fs::is_directory(args.outputDir))
    return fail("the output directory '" + args.outputDir + "' is a file");
  // The curves go beside the log unless --curve names their file.
  std::string curveFile = args.curveFile;
  if (curveFile.empty() && !args.logFile.empty()) {
    llvm::SmallString<256> path(args.logFile);
    llvm::sys::path::replace_extension(path, "svg");
    curveFile = path.str().str();
  }
  for (const std::string &file : {args.logFile, curveFile}) {
    if (file.empty())
      continue;
    llvm::SmallString<256> dir(file);
    llvm::sys::path::remove_filename(dir);
    if (dir.empty())
      dir = ".";
    if (std::error_code ec = llvm::sys::fs::access(dir, llvm::sys::fs::AccessMode::Write))
      return fail("cannot write '" + file + "': " + ec.message());
  }
  if (!args.logFile.empty() && curveFile == args.logFile)
    return fail("--curve and --log name the same file '" + args.logFile + "'");
  auto datasets = readDatasets(args.inputs);
  if (!datasets || !fitDataToModel(args.model, *datasets))
    return 1;
  std::optional<std::vector<Dataset>> valData;
  if (args.valSplit)
    valData = splitValidation(*datasets, *args.valSplit);
  else if (!args.valInputs.empty())
    valData = readDatasets(args.valInputs, "--val");
  if (validating && (!valData || !fitDataToModel(args.model, *valData)))
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
  std::optional<Evaluation> validation;
  if (valData) {
    validation = compileEvaluation(args, std::move(*valData));
    if (!validation)
      return 1;
  }
  Executable &exe = *full->exe;
  const std::vector<ParameterSpec> &params = exe.parameters();
  // The optimizer's state, per trainable parameter.
  int stateCount = dlc_optim_state_count(&*config);
  std::vector<std::vector<std::vector<float>>> state(params.size());
  std::vector<std::vector<float *>> statePtrs(params.size());
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
  std::vector<float *> grads(params.size());
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
    // Each parameter's gradient, summed (in the output buffers, which the
    // next run overwrites) where the model uses it through several constants.
    for (size_t j = 0; j < params.size(); ++j) {
      const std::vector<size_t> &sources = step.gradients[j];
      grads[j] = nullptr;
      if (sources.empty())
        continue;
      grads[j] = step.outputs[sources.front()].data();
      for (size_t s : llvm::drop_begin(sources))
        for (int64_t i = 0, n = params[j].numElements(); i < n; ++i)
          grads[j][i] += step.outputs[s][i];
    }
    // Clipping, as torch.nn.utils.clip_grad_norm_ / clip_grad_value_ between
    // backward() and step(): the global L2 norm over every gradient, and the
    // factor max_norm / (norm + 1e-6) applied when below 1.
    if (args.clipGradNorm) {
      double squares = 0;
      for (size_t j = 0; j < params.size(); ++j)
        for (int64_t i = 0, n = grads[j] ? params[j].numElements() : 0; i < n; ++i)
          squares += static_cast<double>(grads[j][i]) * grads[j][i];
      double factor = *args.clipGradNorm / (std::sqrt(squares) + 1e-6);
      if (factor < 1)
        for (size_t j = 0; j < params.size(); ++j)
          for (int64_t i = 0, n = grads[j] ? params[j].numElements() : 0; i < n; ++i)
            grads[j][i] *= static_cast<float>(factor);
    }
    if (args.clipGradValue) {
      float bound = static_cast<float>(*args.clipGradValue);
      for (size_t j = 0; j < params.size(); ++j)
        for (int64_t i = 0, n = grads[j] ? params[j].numElements() : 0; i < n; ++i)
          grads[j][i] = std::clamp(grads[j][i], -bound, bound);
    }
    for (size_t j = 0; j < params.size(); ++j) {
      int64_t n = params[j].numElements();
      if (std::optional<size_t> out = step.stateUpdate[j])
        std::memcpy(exe.parameterData(j), step.outputs[*out].data(), n * sizeof(float));
      if (grads[j])
        dlc_optim_step(&*config, updates, exe.parameterData(j), grads[j],
                       statePtrs[j].data(), n);
    }
    exe.parametersUpdated();
    return step.outputs[0][0];
  };
  // The validation loss (and accuracy) of `exe`'s current parameters.
  auto validate = [&]() -> ::dlc::Metrics {
    bindEvaluation(*validation, [&](const ParameterSpec &p) -> const float * {
      for (size_t j = 0; j < params.size(); ++j)
        if (params[j].name == p.name)
          return exe.parameterData(j);
      return nullptr;
    });
    return evaluate(*validation);
  };
  if (validation)
    for (std::optional<Step> *step : {&validation->full, &validation->last})
      for (const ParameterSpec &p : *step ? (*step)->exe->parameters()
                                          : std::vector<ParameterSpec>())
        if (llvm::none_of(params, [&](const ParameterSpec &q) { return q.name == p.name; }))
          return fail("the evaluation form of the model has a parameter '" + p.name +
                      "' that training does not bind");

  bool live = llvm::sys::Process::StandardOutIsDisplayed();
  int64_t stepsPerEpoch = fullSteps + (last ? 1 : 0);
  SplitMix64 rng{args.seed};
  // A classification loss adds the accuracy columns (as Keras's CSVLogger
  // logs the metrics there are).
  bool classifying = full->scores.has_value();
  std::string csv = std::string("epoch,loss,samples_per_s,seconds,lr,val_loss") +
                    (classifying ? ",accuracy,val_accuracy\n" : "\n");
  // Early stopping: the best validation loss so far, its epoch and its
  // parameters (BatchNorm statistics included).
  double best = std::numeric_limits<double>::infinity();
  int64_t bestEpoch = 0, wait = 0;
  std::vector<std::vector<float>> bestParams;
  // Each finished epoch's schedule metric: a resumed run replays them.
  std::vector<double> metrics;
  // What each epoch of this run measured, for the curves.
  std::vector<::dlc::EpochRecord> records;
  // The tensors of a checkpoint: parameters, optimizer state, best epoch's.
  auto checkpointTensors = [&](bool withBest) {
    std::vector<CheckpointTensor> tensors;
    for (size_t j = 0; j < params.size(); ++j)
      tensors.push_back({"param/" + params[j].name, params[j].shape, exe.parameterData(j)});
    for (size_t j = 0; j < params.size(); ++j)
      for (size_t k = 0; k < state[j].size(); ++k)
        tensors.push_back(
            {fmt::format("state{}/{}", k, params[j].name), params[j].shape, state[j][k].data()});
    if (withBest)
      for (size_t j = 0; j < bestParams.size(); ++j)
        tensors.push_back({"best/" + params[j].name, params[j].shape, bestParams[j].data()});
    return tensors;
  };
  int64_t firstEpoch = 1;
  if (!args.resume.empty()) {
    auto checkpoint = Checkpoint::open(args.resume);
    if (!checkpoint)
      return fail(checkpoint.takeError());
    const CheckpointMeta &m = checkpoint->meta();
    std::string file = "--resume: '" + args.resume + "' ";
    if (m.optimizer != config->kind || m.stateCount != stateCount) {
      bool known = m.optimizer >= DLC_OPTIM_SGD && m.optimizer <= DLC_OPTIM_ADAGRAD;
      return fail(file + fmt::format("was written by another optimizer ({} with {} state "
                                     "buffers; this run: {} with {})",
                                     known ? dlc_optim_name(static_cast<dlc_optimizer>(
                                                 m.optimizer))
                                           : "unknown",
                                     m.stateCount, dlc_optim_name(config->kind),
                                     stateCount));
    }
    if (m.samples != samples)
      return fail(file + fmt::format("was written for {} training samples per epoch, this "
                                     "run has {}",
                                     m.samples, samples));
    if (m.epoch >= args.epochs)
      return fail(file + fmt::format("is at epoch {}: --epochs {} leaves nothing to train",
                                     m.epoch, args.epochs));
    size_t held = checkpoint->names("param/").size();
    if (held != params.size())
      return fail(file + fmt::format("does not fit this model: it holds {} parameters, "
                                     "the model has {}",
                                     held, params.size()));
    if (checkpoint->has("best/" + params.front().name)) {
      bestParams.resize(params.size());
      for (size_t j = 0; j < params.size(); ++j)
        bestParams[j].resize(params[j].numElements());
    }
    for (const CheckpointTensor &t : checkpointTensors(!bestParams.empty()))
      if (llvm::Error err =
              checkpoint->read(t.name, t.shape, const_cast<float *>(t.data)))
        return fail(std::move(err));
    exe.parametersUpdated();
    updates = m.updates;
    rng.state = m.rng;
    best = m.best;
    bestEpoch = m.bestEpoch;
    wait = m.wait;
    metrics = m.metrics;
    if (schedule)
      for (double metric : metrics)
        schedule->step(metric);
    firstEpoch = m.epoch + 1;
  }
  if (args.saveEvery)
    if (std::error_code ec = llvm::sys::fs::create_directories(args.outputDir))
      return fail("cannot create the output directory '" + args.outputDir +
                  "': " + ec.message());
  for (int64_t epoch = firstEpoch; epoch <= args.epochs; ++epoch) {
    if (schedule)
      config->lr = schedule->lr();
    std::vector<int64_t> order = epochOrder(samples, args.shuffle ? &rng : nullptr);
    double start = dlc_now_ms(), lastDraw = -1e9, lossSum = 0;
    int64_t seen = 0, correct = 0, counted = 0;
    for (int64_t s = 0; s < stepsPerEpoch; ++s) {
      Step &step = s < fullSteps ? *full : *last;
      gatherBatch(step, *datasets, order, s * batch);
      lossSum += static_cast<double>(runStep(step)) * step.batch;
      seen += step.batch;
      if (step.scores)
        step.countCorrect(correct, counted);
      // On a terminal: a progress bar, redrawn at most every 100 ms.
      if (live && (dlc_now_ms() - lastDraw > 100 || s + 1 == stepsPerEpoch)) {
        lastDraw = dlc_now_ms();
        double elapsed = (lastDraw - start) / 1000;
        double eta = elapsed / (s + 1) * (stepsPerEpoch - s - 1);
        int filled = static_cast<int>(20 * (s + 1) / stepsPerEpoch);
        std::string accuracy =
            classifying && counted
                ? fmt::format(" accuracy {:.4f}", static_cast<double>(correct) / counted)
                : "";
        llvm::outs() << fmt::format("\repoch {}/{} [{}{}] {}/{} loss {:.6f}{} {:.1f} "
                                    "samples/s ETA {:.1f} s ",
                                    epoch, args.epochs, std::string(filled, '='),
                                    std::string(20 - filled, ' '), s + 1, stepsPerEpoch,
                                    lossSum / seen, accuracy, seen / std::max(elapsed, 1e-9),
                                    eta);
        llvm::outs().flush();
      }
    }
    double seconds = (dlc_now_ms() - start) / 1000;
    double loss = lossSum / seen, rate = seen / std::max(seconds, 1e-9);
    std::optional<double> valLoss, accuracy, valAccuracy;
    if (classifying)
      accuracy = counted ? static_cast<double>(correct) / counted : std::nan("");
    if (validation) {
      ::dlc::Metrics m = validate();
      valLoss = m.loss;
      valAccuracy = m.accuracy;
    }
    std::string extra;
    if (accuracy)
      extra += fmt::format(", accuracy {:.4f}", *accuracy);
    if (valLoss)
      extra += fmt::format(", val_loss {:.6f}", *valLoss);
    if (valAccuracy)
      extra += fmt::format(", val_accuracy {:.4f}", *valAccuracy);
    if (schedule)
      extra += fmt::format(", lr {:.6g}", config->lr);
    llvm::outs() << (live ? "\r" : "")
                 << fmt::format("epoch {}/{}: loss {:.6f}{}, {:.1f} samples/s, {:.3f} s{}\n",
                                epoch, args.epochs, loss, extra, rate, seconds,
                                live ? std::string(40, ' ') : "");
    auto optional = [](std::optional<double> v) {
      return v ? fmt::format("{:.9g}", *v) : std::string();
    };
    csv += fmt::format("{},{:.9g},{:.3f},{:.6f},{:.9g},{}", epoch, loss, rate, seconds,
                       config->lr, optional(valLoss));
    csv += classifying ? fmt::format(",{},{}\n", optional(accuracy), optional(valAccuracy))
                       : "\n";
    records.push_back({epoch, loss, valLoss, accuracy, valAccuracy});
    // torch's order: the epoch's training and validation, then the
    // schedule's step (reduce-on-plateau on the validation loss if any).
    metrics.push_back(valLoss ? *valLoss : loss);
    if (schedule)
      schedule->step(metrics.back());
    if (args.patience) {
      // Keras's EarlyStopping: an improvement beats the best by min_delta.
      if (*valLoss < best - args.minDelta) {
        best = *valLoss;
        bestEpoch = epoch;
        wait = 0;
        bestParams.resize(params.size());
        for (size_t j = 0; j < params.size(); ++j)
          bestParams[j].assign(exe.parameterData(j),
                               exe.parameterData(j) + params[j].numElements());
      } else if (++wait >= *args.patience) {
        llvm::outs() << fmt::format("early stop after epoch {}: no improvement of the "
                                    "validation loss in {} epochs\n",
                                    epoch, *args.patience);
        break;
      }
    }
    if (args.saveEvery && epoch % args.saveEvery == 0) {
      std::string path = args.outputDir + "/checkpoint.safetensors";
      CheckpointMeta m;
      m.optimizer = config->kind;
      m.stateCount = stateCount;
      m.epoch = epoch;
      m.updates = updates;
      m.samples = samples;
      m.rng = rng.state;
      m.bestEpoch = bestEpoch;
      m.wait = wait;
      m.best = best;
      m.metrics = metrics;
      if (llvm::Error err = saveCheckpoint(path, checkpointTensors(true), m))
        return fail(std::move(err));
      llvm::outs() << fmt::format("checkpoint of epoch {}: {}\n", epoch, path);
    }
  }
  if (args.patience && !bestParams.empty()) {
    for (size_t j = 0; j < params.size(); ++j)
      std::memcpy(exe.parameterData(j), bestParams[j].data(),
                  bestParams[j].size() * sizeof(float));
    llvm::outs() << fmt::format("restored the parameters of epoch {} (val_loss {:.6f})\n",
                                bestEpoch, best);
  }
  // The trained parameters and the BatchNorm statistics.
  if (std::error_code ec = llvm::sys::fs::create_directories(args.outputDir))
    return fail("cannot create the output directory '" + args.outputDir +
                "': " + ec.message());
  for (size_t j = 0; j < params.size(); ++j)
    if (!full->gradients[j].empty() || full->stateUpdate[j])
      if (writeNpy(args.outputDir, params[j].name, params[j].shape, exe.parameterData(j)))
        return 1;
  auto writeText = [](const std::string &path, const std::string &text) {
    std::error_code ec;
    llvm::ToolOutputFile file(path, ec, llvm::sys::fs::OF_Text);
    if (ec)
      return fail("cannot write '" + path + "': " + ec.message());
    file.os() << text;
    file.os().flush();
    if (file.os().has_error())
      return fail("cannot write '" + path + "': " + file.os().error().message());
    file.keep();
    return 0;
  };
  if (!args.logFile.empty() && writeText(args.logFile, csv))
    return 1;
  if (!curveFile.empty() &&
      writeText(curveFile,
                renderCurves(records, "dlc train " +
                                          llvm::sys::path::filename(args.model).str() +
                                          " --optimizer " + args.optimizer)))
    return 1;
  return 0;
}
