//===- Commands.h - the dlc subcommands --------------------------*- C++ -*-===//
//
// One function per subcommand, taking plain option structs, so dlc.cpp only
// parses the command line.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TOOLS_DLC_COMMANDS_H
#define DLC_TOOLS_DLC_COMMANDS_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dlc {

struct CompileArgs {
  std::string model, output, emit;
  bool training = false;
  int optLevel = 3;
  /// Print the wall-clock time of each compilation phase (stderr).
  bool timePhases = false;
  /// obj/so: the parameters inside the artefact (one blob) rather than in
  /// a .safetensors file next to it.
  bool embedParams = false;
  /// The CPU (LLVM name; empty: the host's) and extra features to compile
  /// for (obj, so, asm, llvm).
  std::string targetCpu, targetFeatures;
  /// The compile cache (obj, so; not with embedParams); empty: none.
  std::string cacheDir;
  int64_t cacheMaxMB = 1024;
  /// so: threads compiling the model's parts in parallel; 0: the host's.
  unsigned compileThreads = 0;
};

struct RunArgs {
  std::string model, outputDir;
  std::vector<std::string> inputs; ///< NAME=FILE
  int threads = 0;                 ///< 0: all hardware threads
  int optLevel = 3;
  /// Differentiate first: the outputs are the loss and every parameter's
  /// gradient (dlc grad, dlc bench --grad).
  bool grad = false;
  /// With `grad`: recompute cheap forward values in the backward.
  bool recompute = false;
  /// Parameters compiled into the code rather than bound at load time.
  bool paramsAsConstants = false;
  /// Print the wall-clock time of each compilation phase (stderr).
  bool timePhases = false;
  /// A .safetensors file holding a value for every parameter (by name).
  std::string paramsFile;
  /// The compile cache's directory; empty: none (--no-cache).
  std::string cacheDir;
  /// Its size bound (least recently used entries go first).
  int64_t cacheMaxMB = 1024;
  /// Threads compiling the model's parts in parallel; 0: the host's.
  unsigned compileThreads = 0;
  /// dlc run: also return every layer's result and report the first one
  /// holding NaN or Inf.
  bool checkNumerics = false;
};

struct BenchArgs {
  RunArgs run;
  int iters = 20, warmup = 3;
  /// Also print the time, share and GFLOPS of every layer's kernels.
  bool perLayer = false;
  /// Also print every kernel on its own (time, share, its layer and op).
  bool perKernel = false;
};

/// dlc train: the data, the optimizer (torch.optim's names and defaults;
/// an unset hyper-parameter keeps its default) and the loop.
struct TrainArgs {
  std::string model, outputDir;
  std::vector<std::string> inputs; ///< NAME=FILE (.npy)
  std::string optimizer;           ///< sgd|adam|adamw|rmsprop|adadelta|adagrad
  std::optional<double> lr, momentum, dampening, weightDecay, beta1, beta2, eps, alpha,
      rho, lrDecay, initialAccumulator;
  bool nesterov = false, amsgrad = false, centered = false;
  int64_t batch = 32, epochs = 1;
  int shuffle = 0;
  uint64_t seed = 0;
  /// Drop the last batch when --batch does not divide the data.
  bool dropLast = false;
  /// A CSV file of the epochs' losses (empty: none).
  std::string logFile;
  /// An SVG file of the epochs' loss and accuracy curves (empty: the log
  /// file's name with .svg, if there is a log file).
  std::string curveFile;
  /// --lr-schedule's SPEC (Schedule.h; empty: a constant learning rate).
  std::string lrSchedule;
  /// Gradient clipping: the global L2 norm's bound, each element's bound.
  std::optional<double> clipGradNorm, clipGradValue;
  /// Validation data: the last fraction of the -i data, or --val files.
  std::optional<double> valSplit;
  std::vector<std::string> valInputs; ///< NAME=FILE (.npy)
  /// Early stopping on the validation loss (best parameters restored).
  std::optional<int64_t> patience;
  double minDelta = 0;
  /// Write DIR/checkpoint.safetensors every N epochs (0: never).
  int64_t saveEvery = 0;
  /// A checkpoint to continue from (empty: start afresh).
  std::string resume;
  int threads = 0;
  int optLevel = 3;
  std::string cacheDir;
  int64_t cacheMaxMB = 1024;
  unsigned compileThreads = 0;
};

/// dlc eval: the mean loss of trained parameters (DIR/<name>.npy) on data.
struct EvalArgs {
  std::string model, paramsDir;
  std::vector<std::string> inputs; ///< NAME=FILE (.npy)
  int64_t batch = 32;
  int threads = 0;
  int optLevel = 3;
  std::string cacheDir;
  int64_t cacheMaxMB = 1024;
  unsigned compileThreads = 0;
};

struct ImportArgs {
  std::string model, output;
};

int compileCommand(const CompileArgs &args);
/// ONNX -> dlc-dialect text with the weights as resources and the node
/// names as locations.
int importCommand(const ImportArgs &args);
int runCommand(const RunArgs &args);
/// The gradient of the model's scalar loss with respect to every trainable
/// parameter, one DIR/<parameter>.npy each; prints the loss.
int gradCommand(const RunArgs &args);
int benchCommand(const BenchArgs &args);
/// Trains the model (whose output is a scalar loss) on the -i data and
/// writes every trained parameter and BatchNorm running statistic as
/// DIR/<name>.npy.
int trainCommand(const TrainArgs &args);
/// Evaluates the model's loss (in evaluation form: BatchNorm on running
/// statistics, no dropout) with parameters read from DIR/<name>.npy, over
/// the -i data in batches; prints `loss <mean over the samples>`.
int evalCommand(const EvalArgs &args);

/// The compile cache's directory: `explicitDir` when given, else
/// $XDG_CACHE_HOME/dlc, else $HOME/.cache/dlc ("" when neither is set).
std::string defaultCacheDir(const std::string &explicitDir);

} // namespace dlc

#endif // DLC_TOOLS_DLC_COMMANDS_H
