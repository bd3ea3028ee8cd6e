//===- dlc.cpp - the dlc driver ---------------------------------------------===//
//
// Parses the command line (the contract in shared/DESIGN.md) and calls one
// subcommand function. Usage errors are printed as `dlc: error: ...` with
// exit code 1 like every other error.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "Diagnostics.h"
#include "ZooStats.h"

#include "dlc/Pipelines/Pipelines.h"
#include "dlc/Target/Model.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#ifndef DLC_VERSION
#define DLC_VERSION "unknown"
#endif

namespace cl = llvm::cl;

static cl::SubCommand compileCmd("compile", "Compile a model (see --emit)");
static cl::SubCommand runCmd("run", "JIT-compile a model and run it on inputs");
static cl::SubCommand benchCmd("bench", "JIT-compile a model and time it");
static cl::SubCommand gradCmd("grad",
                              "Gradients of a model's scalar loss, one .npy per parameter");
static cl::SubCommand trainCmd(
    "train", "Train a model whose output is a scalar loss on .npy data (torch.optim "
             "optimizers); one .npy per trained parameter and BatchNorm statistic");
static cl::SubCommand evalCmd(
    "eval", "The mean loss of trained parameters (--params DIR of .npy files, as dlc train "
            "writes them) on data, the model in evaluation form; prints `loss <value>`");
static cl::SubCommand statsCmd("stats",
                               "Per-layer output shapes, parameters and MACs; totals");
static cl::SubCommand importCmd("import",
                                "Import an ONNX model as a dlc-dialect .mlir file");
static cl::SubCommand zooCmd("zoo", "Write a model of the zoo as .mlir (--list: list them)");
static cl::SubCommand completionCmd(
    "completion", "Print a shell completion script (bash): source <(dlc completion bash)");

static cl::opt<std::string> model(cl::Positional, cl::desc("MODEL"), cl::Required,
                                  cl::sub(compileCmd), cl::sub(runCmd),
                                  cl::sub(benchCmd), cl::sub(statsCmd),
                                  cl::sub(importCmd), cl::sub(gradCmd), cl::sub(trainCmd),
                                  cl::sub(evalCmd));
static cl::opt<std::string> compileOutput("o", cl::desc("Output file"),
                                          cl::value_desc("OUT"), cl::sub(compileCmd));
static cl::opt<std::string> runOutput("o", cl::desc("Directory for the outputs (.npy)"),
                                      cl::value_desc("DIR"), cl::sub(runCmd),
                                      cl::sub(gradCmd), cl::sub(trainCmd));
static cl::opt<std::string> importOutput("o", cl::desc("Output .mlir file (default: stdout)"),
                                         cl::value_desc("MODEL.mlir"), cl::sub(importCmd));
static cl::opt<std::string>
    emit("emit", cl::desc("What to write: dlc|linalg|llvm|asm|obj|so|dot (the layer graph for Graphviz)"),
         cl::init("so"), cl::sub(compileCmd));
static cl::opt<bool> training(
    "training",
    cl::desc("Compile the gradient function of a model whose output is a scalar loss (as "
             "dlc grad runs it): the loss, then each parameter's gradient"),
    cl::sub(compileCmd));
static cl::opt<unsigned> optLevel("O", cl::desc("Optimization level 0..3"),
                                  cl::Prefix, cl::init(3), cl::sub(compileCmd),
                                  cl::sub(runCmd), cl::sub(benchCmd), cl::sub(gradCmd), cl::sub(trainCmd), cl::sub(evalCmd));
static cl::list<std::string> inputs("i", cl::desc("Input tensor NAME=FILE: .npy (run, grad, bench: "
                                                   "also .pb), an MNIST IDX file (plain or .gz), "
                                                   "or a CIFAR-10 batch as FILE:cifar-images and "
                                                   "FILE:cifar-labels"),
                                    cl::value_desc("NAME=FILE"), cl::sub(runCmd),
                                    cl::sub(benchCmd), cl::sub(gradCmd), cl::sub(trainCmd), cl::sub(evalCmd));
static cl::opt<int> threads("threads", cl::desc("Threads (default: all cores)"),
                            cl::init(0), cl::sub(runCmd), cl::sub(benchCmd),
                            cl::sub(gradCmd), cl::sub(trainCmd), cl::sub(evalCmd));
static cl::opt<bool> benchGrad("grad",
                               cl::desc("Time the gradient function (forward + backward)"),
                               cl::sub(benchCmd));
static cl::opt<bool> recompute("recompute",
                               cl::desc("Recompute cheap forward values in the backward"),
                               cl::sub(gradCmd), cl::sub(benchCmd));
static cl::opt<std::string> targetCpu(
    "target-cpu",
    cl::desc("The CPU to compile for, as clang's -march (LLVM names: x86-64-v3 for any "
             "AVX2 machine, skylake-avx512, znver4, ...; default: this machine's)"),
    cl::value_desc("NAME"), cl::sub(compileCmd));
static cl::opt<std::string> targetFeatures(
    "target-features",
    cl::desc("CPU features to add or remove, as clang's -mattr (e.g. +avx512f,-avx512vl)"),
    cl::value_desc("LIST"), cl::sub(compileCmd));
static cl::opt<bool> embedParams(
    "embed-params",
    cl::desc("obj/so: keep the parameters inside the artefact (one blob, loaded with "
             "dlc_<f>_load_embedded) instead of a .safetensors file next to it"),
    cl::sub(compileCmd));
static cl::opt<bool> paramsAsConstants(
    "params-as-constants",
    cl::desc("Compile the parameters into the code as constants instead of binding "
             "them at load time (for comparison)"),
    cl::sub(runCmd), cl::sub(benchCmd), cl::sub(gradCmd));
static cl::opt<std::string> paramsFile(
    "params",
    cl::desc("Bind the parameters to the tensors of a .safetensors file, by name (every "
             "parameter, nothing else), or to the DIR/<name>.npy files dlc train writes"),
    cl::value_desc("FILE|DIR"), cl::sub(runCmd), cl::sub(benchCmd), cl::sub(gradCmd));
static cl::opt<std::string> cacheDir(
    "cache-dir",
    cl::desc("The compile cache (default: $XDG_CACHE_HOME/dlc, else ~/.cache/dlc): "
             "compiling the same model again, or with other weights, reuses its code"),
    cl::value_desc("DIR"), cl::sub(runCmd), cl::sub(benchCmd), cl::sub(gradCmd), cl::sub(trainCmd),
    cl::sub(compileCmd), cl::sub(evalCmd));
static cl::opt<int64_t> cacheMaxMB(
    "cache-max-mb",
    cl::desc("The compile cache's size bound in MiB; the least recently used entries "
             "are removed past it (default 1024)"),
    cl::init(1024), cl::sub(runCmd), cl::sub(benchCmd), cl::sub(gradCmd), cl::sub(trainCmd),
    cl::sub(compileCmd), cl::sub(evalCmd));
static cl::opt<bool> noCache("no-cache", cl::desc("Neither read nor write the compile cache"),
                             cl::sub(runCmd), cl::sub(benchCmd), cl::sub(gradCmd), cl::sub(trainCmd),
                             cl::sub(compileCmd), cl::sub(evalCmd));
static cl::opt<unsigned> compileThreads(
    "compile-threads",
    cl::desc("Threads that optimize and generate the code of the model's parts in "
             "parallel (default 0: one per hardware thread, at most 16; compile: so only)"),
    cl::init(0), cl::sub(runCmd), cl::sub(benchCmd), cl::sub(gradCmd), cl::sub(trainCmd),
    cl::sub(compileCmd), cl::sub(evalCmd));
static cl::opt<bool> statsDot(
    "dot", cl::desc("Print the layer graph for Graphviz instead (as compile --emit=dot)"),
    cl::sub(statsCmd));
static cl::opt<bool> checkNumerics(
    "check-numerics",
    cl::desc("Return every layer's result too and name the first layer whose result "
             "holds NaN or Inf (an error); slower: nothing is fused away"),
    cl::sub(runCmd));
static cl::opt<bool> timePhases(
    "time-phases",
    cl::desc("Print the time of each compilation phase (import, the pipeline's phases, "
             "LLVM IR, code generation, ...) on stderr"),
    cl::sub(compileCmd), cl::sub(runCmd), cl::sub(benchCmd), cl::sub(gradCmd));
static cl::opt<bool> printIRAfterAll(
    "print-ir-after-all",
    cl::desc("Print the module after every pass of dlc's pipeline (stderr)"),
    cl::sub(compileCmd), cl::sub(runCmd), cl::sub(benchCmd), cl::sub(gradCmd));
static cl::list<std::string> printIRAfter(
    "print-ir-after",
    cl::desc("Print the module after each run of these passes (comma-separated "
             "pass names, as dlc-tile-and-vectorize; stderr)"),
    cl::value_desc("PASS"), cl::CommaSeparated, cl::sub(compileCmd), cl::sub(runCmd),
    cl::sub(benchCmd), cl::sub(gradCmd));
static cl::opt<bool> mlirTiming(
    "mlir-timing",
    cl::desc("Print MLIR's time report of the pipeline's passes (stderr)"),
    cl::sub(compileCmd), cl::sub(runCmd), cl::sub(benchCmd), cl::sub(gradCmd));
static cl::opt<int> iters("iters", cl::desc("Timed iterations"), cl::init(20),
                          cl::sub(benchCmd));
static cl::opt<bool> perLayer("per-layer",
                              cl::desc("Time every layer's kernels: ms per run, share, "
                                       "GFLOPS, sorted"),
                              cl::sub(benchCmd));
static cl::opt<bool> perKernel(
    "per-kernel",
    cl::desc("Time every kernel on its own (a layer's bias fill, padding, convolution, "
             "...): ms per run, share, its layer and op, sorted"),
    cl::sub(benchCmd));
static cl::opt<int> warmup("warmup", cl::desc("Untimed warm-up iterations"),
                           cl::init(3), cl::sub(benchCmd));

// dlc train: the optimizer and its hyper-parameters (torch.optim's names;
// unset ones keep torch's defaults), the data loop.
static cl::opt<std::string> optimizer(
    "optimizer", cl::desc("sgd|adam|adamw|rmsprop|adadelta|adagrad (torch.optim's)"),
    cl::value_desc("NAME"), cl::sub(trainCmd));
static cl::opt<double> lr("lr", cl::desc("Learning rate (sgd: required)"),
                          cl::sub(trainCmd));
static cl::opt<double> momentum("momentum", cl::desc("Momentum (sgd, rmsprop)"),
                                cl::sub(trainCmd));
static cl::opt<double> dampening("dampening", cl::desc("Momentum dampening (sgd)"),
                                 cl::sub(trainCmd));
static cl::opt<bool> nesterov("nesterov", cl::desc("Nesterov momentum (sgd)"),
                              cl::sub(trainCmd));
static cl::opt<double> weightDecay("weight-decay",
                                   cl::desc("L2 weight decay (adamw: decoupled)"),
                                   cl::sub(trainCmd));
static cl::opt<double> beta1("beta1", cl::desc("adam/adamw beta1 (0.9)"), cl::sub(trainCmd));
static cl::opt<double> beta2("beta2", cl::desc("adam/adamw beta2 (0.999)"),
                             cl::sub(trainCmd));
static cl::opt<bool> amsgrad("amsgrad", cl::desc("AMSGrad variant (adam, adamw)"),
                             cl::sub(trainCmd));
static cl::opt<double> eps("eps", cl::desc("Term added to the denominator"),
                           cl::sub(trainCmd));
static cl::opt<double> alpha("alpha", cl::desc("Smoothing constant (rmsprop, 0.99)"),
                             cl::sub(trainCmd));
static cl::opt<bool> centered("centered", cl::desc("Centered RMSprop"), cl::sub(trainCmd));
static cl::opt<double> rho("rho", cl::desc("Decay of the running averages (adadelta, 0.9)"),
                           cl::sub(trainCmd));
static cl::opt<double> lrDecay("lr-decay", cl::desc("Learning-rate decay (adagrad)"),
                               cl::sub(trainCmd));
static cl::opt<double> initialAccumulator(
    "initial-accumulator-value", cl::desc("Initial sum of squares (adagrad)"),
    cl::sub(trainCmd));
static cl::opt<int64_t> trainBatch("batch", cl::desc("Samples per step (default 32)"),
                                   cl::init(32), cl::sub(trainCmd), cl::sub(evalCmd));
static cl::opt<int64_t> epochs("epochs", cl::desc("Passes over the data (default 1)"),
                               cl::init(1), cl::sub(trainCmd));
static cl::opt<int> shuffle("shuffle",
                            cl::desc("1: a seeded random sample order each epoch; 0 (the "
                                     "default): in order"),
                            cl::init(0), cl::sub(trainCmd));
static cl::opt<uint64_t> trainSeed("seed", cl::desc("The shuffle's seed (default 0)"),
                                   cl::init(0), cl::sub(trainCmd));
static cl::opt<bool> dropLast("drop-last",
                              cl::desc("Drop the last batch when --batch does not divide "
                                       "the data (default: keep it, smaller)"),
                              cl::sub(trainCmd));
static cl::opt<std::string> logFile(
    "log", cl::desc("Write each epoch's loss, learning rate, validation loss and (for a "
                    "classification loss) accuracies as CSV, and their curves as FILE.svg "
                    "beside it"),
    cl::value_desc("FILE.csv"), cl::sub(trainCmd));
static cl::opt<std::string> curveFile(
    "curve", cl::desc("Write the loss and accuracy curves (training and validation) as an "
                      "SVG image to this file (default with --log: beside the CSV)"),
    cl::value_desc("FILE.svg"), cl::sub(trainCmd));
static cl::opt<std::string> lrSchedule(
    "lr-schedule",
    cl::desc("Learning-rate schedule, stepped once per epoch (torch.optim.lr_scheduler's, "
             "scheduler.step() after each epoch): step:size=N[,gamma=0.1] | "
             "multistep:milestones=[A,B,...][,gamma=0.1] | exponential:gamma=G | "
             "cosine:t_max=N[,eta_min=0] | cosine-restarts:t_0=N[,t_mult=1][,eta_min=0] | "
             "warmup:epochs=N[,start=1/3][,end=1] (LinearLR) | "
             "plateau:[factor=0.1,patience=10,threshold=1e-4,threshold_mode=rel,cooldown=0,"
             "min_lr=0,eps=1e-8] (on the validation loss, else the training loss); "
             "warmup:...+KIND:... runs the warm-up, then KIND from its epoch 0 "
             "(SequentialLR)"),
    cl::value_desc("SPEC"), cl::sub(trainCmd));
static cl::opt<double> clipGradNorm(
    "clip-grad-norm",
    cl::desc("Scale the gradients so that their global L2 norm (over every parameter) "
             "is at most X (torch.nn.utils.clip_grad_norm_)"),
    cl::value_desc("X"), cl::sub(trainCmd));
static cl::opt<double> clipGradValue(
    "clip-grad-value",
    cl::desc("Clamp every gradient element to [-X, X] (torch.nn.utils.clip_grad_value_)"),
    cl::value_desc("X"), cl::sub(trainCmd));
static cl::opt<double> valSplit(
    "val-split",
    cl::desc("Validate on the last fraction F of the -i data (taken before shuffling; "
             "the first floor(n * (1 - F)) samples train)"),
    cl::value_desc("F"), cl::sub(trainCmd));
static cl::list<std::string> valInputs(
    "val", cl::desc("Validation data NAME=FILE (as -i), for every input the model takes"),
    cl::value_desc("NAME=FILE"), cl::sub(trainCmd));
static cl::opt<int64_t> patience(
    "patience",
    cl::desc("Stop when the validation loss has not improved for N epochs; the best "
             "epoch's parameters and BatchNorm statistics are written to -o"),
    cl::value_desc("N"), cl::sub(trainCmd));
static cl::opt<double> minDelta(
    "min-delta",
    cl::desc("Early stopping: an improvement lowers the best validation loss by more "
             "than X (default 0)"),
    cl::value_desc("X"), cl::init(0), cl::sub(trainCmd));
static cl::opt<int64_t> saveEvery(
    "save-every",
    cl::desc("Write a checkpoint (parameters, optimizer state, schedule, epoch, shuffle "
             "state) to DIR/checkpoint.safetensors every N epochs, atomically"),
    cl::value_desc("N"), cl::init(0), cl::sub(trainCmd));
static cl::opt<std::string> resume(
    "resume",
    cl::desc("Continue from a checkpoint of --save-every, with the same model, data and "
             "flags: the result equals an uninterrupted run's bit for bit"),
    cl::value_desc("CKPT"), cl::sub(trainCmd));
static cl::opt<std::string> evalParams(
    "params", cl::desc("The directory of the trained parameters (DIR/<name>.npy)"),
    cl::value_desc("DIR"), cl::sub(evalCmd));

static cl::opt<std::string> zooName(cl::Positional, cl::desc("NAME"), cl::sub(zooCmd));
static cl::opt<std::string> completionShell(cl::Positional, cl::desc("SHELL"), cl::Required,
                                            cl::sub(completionCmd));
static cl::opt<bool> zooList("list", cl::desc("List the zoo's models"), cl::sub(zooCmd));
static cl::opt<std::string> zooOutput("o", cl::desc("Output .mlir file"),
                                      cl::value_desc("FILE"), cl::sub(zooCmd));
static cl::opt<int64_t> zooClasses("classes", cl::desc("Classes (default: the model's)"),
                                   cl::init(0), cl::sub(zooCmd));
static cl::opt<int64_t> zooInputSize("input-size",
                                     cl::desc("Input size (default: the model's)"),
                                     cl::init(0), cl::sub(zooCmd));
static cl::opt<int64_t> zooBatch("batch", cl::desc("Batch size"), cl::init(1),
                                 cl::sub(zooCmd));
static cl::opt<uint64_t> zooSeed("seed", cl::desc("Initializer seed"), cl::init(0),
                                 cl::sub(zooCmd));

/// The bash completion script of dlc's command line, generated from the
/// registered subcommands and their visible options: the subcommand first,
/// then its options (`--name=` for those that take a value), else files.
static std::string bashCompletion() {
  std::string subcommands, cases;
  // (By name: the registry is a set of pointers.)
  std::vector<cl::SubCommand *> subs;
  for (cl::SubCommand *sub : cl::getRegisteredSubcommands())
    if (!sub->getName().empty())
      subs.push_back(sub);
  llvm::sort(subs, [](cl::SubCommand *a, cl::SubCommand *b) {
    return a->getName() < b->getName();
  });
  for (cl::SubCommand *sub : subs) {
    subcommands += (subcommands.empty() ? "" : " ") + sub->getName().str();
    std::vector<std::string> options = {"--help"};
    for (auto &[name, option] : cl::getRegisteredOptions(*sub)) {
      if (option->getOptionHiddenFlag() != cl::NotHidden || option->isPositional() ||
          name == "help")
        continue;
      std::string dash = name.size() == 1 ? "-" : "--";
      bool value = option->getValueExpectedFlag() == cl::ValueRequired &&
                   option->getFormattingFlag() != cl::Prefix;
      options.push_back(dash + name.str() + (value && name.size() > 1 ? "=" : ""));
    }
    llvm::sort(options);
    cases += "    " + sub->getName().str() + ") opts=\"" + llvm::join(options, " ") +
             "\" ;;\n";
  }
  return "# bash completion for dlc: source <(dlc completion bash)\n"
         "_dlc() {\n"
         "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" opts\n"
         "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
         "    COMPREPLY=($(compgen -W \"" + subcommands + " --help --version\" -- \"$cur\"))\n"
         "    return\n"
         "  fi\n"
         "  case \"${COMP_WORDS[1]}\" in\n" + cases +
         "    *) opts=\"\" ;;\n"
         "  esac\n"
         "  if [[ \"$cur\" == -* ]]; then\n"
         "    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
         "    [[ \"${COMPREPLY[0]}\" == *= ]] && compopt -o nospace 2>/dev/null\n"
         "  else\n"
         "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
         "  fi\n"
         "}\n"
         "complete -o filenames -F _dlc dlc\n";
}

int main(int argc, char **argv) {
  // `dlc --help` lists dlc's subcommands and options, not the hundreds of
  // LLVM options the libraries register at the top level (they still work,
  // for LLVM's developers, and `--help-hidden` lists them).
  static cl::OptionCategory dlcOptions("dlc options");
  cl::HideUnrelatedOptions(dlcOptions, cl::SubCommand::getTopLevel());
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "dlc " DLC_VERSION "\n  LLVM and MLIR " LLVM_VERSION_STRING "\n";
  });
  std::string errors;
  llvm::raw_string_ostream errorStream(errors);
  if (!cl::ParseCommandLineOptions(argc, argv, "dlc: a deep-learning compiler\n",
                                   &errorStream)) {
    llvm::StringRef rest(errors);
    bool first = true;
    while (!rest.empty()) {
      auto [line, tail] = rest.split('\n');
      line = line.trim();
      // LLVM prefixes its messages with the program name; ours has its own.
      for (llvm::StringRef prefix : {llvm::StringRef(argv[0]), llvm::StringRef("dlc")})
        if (line.starts_with(prefix))
          line = line.drop_front(prefix.size()).ltrim(": ");
      if (!line.empty()) {
        if (first)
          dlc::fail(line);
        else
          llvm::errs() << "dlc: note: " << line << "\n";
        first = false;
      }
      rest = tail;
    }
    return 1;
  }
  if (optLevel > 3)
    return dlc::fail("-O" + llvm::Twine(optLevel) + " is not a level; use -O0 to -O3");
  if (cacheMaxMB < 0)
    return dlc::fail("--cache-max-mb must be >= 0");
  if (!printIRAfter.empty()) {
    mlir::MLIRContext context;
    std::vector<std::string> known =
        mlir::dlc::pipelinePassNames(&context, mlir::dlc::PipelineOptions());
    for (const std::string &pass : printIRAfter)
      if (!llvm::is_contained(known, pass))
        return dlc::fail("--print-ir-after: no pass '" + pass +
                         "' in dlc's pipeline (its passes: " + llvm::join(known, ", ") +
                         ")");
  }
  mlir::dlc::setPipelineInstrumentation(
      {printIRAfterAll, std::vector<std::string>(printIRAfter.begin(), printIRAfter.end()),
       mlirTiming});
  if (compileCmd) {
    static const char *kinds[] = {"dlc", "linalg", "llvm", "asm", "obj", "so", "dot"};
    if (llvm::find(kinds, emit.getValue()) == std::end(kinds))
      return dlc::fail("unknown --emit=" + emit + " (expected dlc, linalg, llvm, asm, "
                       "obj, so or dot)");
    return dlc::compileCommand({model, compileOutput, emit, training,
                                static_cast<int>(optLevel), timePhases, embedParams,
                                targetCpu, targetFeatures,
                                noCache ? std::string() : dlc::defaultCacheDir(cacheDir),
                                cacheMaxMB, compileThreads});
  }
  if (statsCmd && statsDot) {
    dlc::CompileArgs dot;
    dot.model = model;
    dot.output = "-";
    dot.emit = "dot";
    return dlc::compileCommand(dot);
  }
  if (statsCmd)
    return dlc::statsCommand(model);
  if (importCmd)
    return dlc::importCommand({model, importOutput});
  if (completionCmd) {
    if (completionShell != "bash")
      return dlc::fail("no completion for shell '" + completionShell + "' (known: bash)");
    llvm::outs() << bashCompletion();
    return 0;
  }
  if (zooCmd)
    return dlc::zooCommand({zooName, zooOutput, zooList, zooClasses, zooInputSize,
                            zooBatch, zooSeed});
  if (threads < 0)
    return dlc::fail("--threads must be >= 0 (0 uses every core)");
  dlc::RunArgs run{model, runOutput, inputs, threads, static_cast<int>(optLevel),
                   benchGrad, recompute, paramsAsConstants, timePhases, paramsFile,
                   noCache ? std::string() : dlc::defaultCacheDir(cacheDir), cacheMaxMB,
                   compileThreads};
  if (trainCmd) {
    auto given = [](const cl::opt<double> &o) {
      return o.getNumOccurrences() ? std::optional<double>(o.getValue()) : std::nullopt;
    };
    dlc::TrainArgs train;
    train.model = model;
    train.outputDir = runOutput;
    train.inputs = inputs;
    train.optimizer = optimizer;
    train.lr = given(lr);
    train.momentum = given(momentum);
    train.dampening = given(dampening);
    train.weightDecay = given(weightDecay);
    train.beta1 = given(beta1);
    train.beta2 = given(beta2);
    train.eps = given(eps);
    train.alpha = given(alpha);
    train.rho = given(rho);
    train.lrDecay = given(lrDecay);
    train.initialAccumulator = given(initialAccumulator);
    train.nesterov = nesterov;
    train.amsgrad = amsgrad;
    train.centered = centered;
    train.batch = trainBatch;
    train.epochs = epochs;
    train.shuffle = shuffle;
    train.seed = trainSeed;
    train.dropLast = dropLast;
    train.logFile = logFile;
    train.curveFile = curveFile;
    train.lrSchedule = lrSchedule;
    train.clipGradNorm = given(clipGradNorm);
    train.clipGradValue = given(clipGradValue);
    train.valSplit = given(valSplit);
    train.valInputs = valInputs;
    if (patience.getNumOccurrences())
      train.patience = patience.getValue();
    train.minDelta = minDelta;
    train.saveEvery = saveEvery;
    train.resume = resume;
    train.threads = threads;
    train.optLevel = static_cast<int>(optLevel);
    train.cacheDir = run.cacheDir;
    train.cacheMaxMB = cacheMaxMB;
    train.compileThreads = compileThreads;
    return dlc::trainCommand(train);
  }
  run.checkNumerics = checkNumerics;
  if (evalCmd)
    return dlc::evalCommand({model, evalParams, inputs, trainBatch, threads,
                             static_cast<int>(optLevel), run.cacheDir, cacheMaxMB,
                             compileThreads});
  if (runCmd)
    return dlc::runCommand(run);
  if (gradCmd)
    return dlc::gradCommand(run);
  if (benchCmd)
    return dlc::benchCommand({run, iters, warmup, perLayer, perKernel});
  return dlc::fail("expected a command: compile, run, grad, train, eval, bench, stats, import or "
                   "zoo "
                   "(see dlc --help)");
}
