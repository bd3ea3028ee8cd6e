//===- TrainStep.h - dlc train's data sets and compiled steps ---*- C++ -*-===//
//
// What dlc train and dlc eval share: the data sets (a named model input
// each, samples along the first dimension; DataFiles.h), the model compiled
// for batches of them (the gradient function with its state updates, or the
// evaluation form), and the loss (and, for a classification loss, the
// accuracy) of the evaluation form over a data set.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TOOLS_DLC_TRAINSTEP_H
#define DLC_TOOLS_DLC_TRAINSTEP_H

#include "Commands.h"
#include "DataFiles.h"
#include "Session.h"

#include "dlc/Target/JIT.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dlc {

using mlir::dlc::Executable;
using mlir::dlc::ParameterSpec;
using mlir::dlc::Tensor;

/// A named model input and its data: `samples` rows of `rowSize` elements,
/// read from `path` (DataFiles.h).
struct Dataset {
  std::string name;
  Tensor data;
  int64_t rowSize = 0;
  std::string path;
  DataKind kind = DataKind::Array;

  /// Input `name`'s data set read from `file`, rows along its first
  /// dimension.
  static Dataset of(llvm::StringRef name, DataFile file) {
    int64_t samples = file.data.shape.empty() ? 0 : file.data.shape[0];
    int64_t rowSize = samples ? file.data.numElements() / samples : 0;
    return {name.str(), std::move(file.data), rowSize, std::move(file.path), file.kind};
  }
};

/// One compiled gradient function for batches of `batch` samples, with
/// its outputs' buffers and where each parameter's gradient and each
/// state's update come from.
struct Step {
  /// Its own context: importing the same ONNX model twice into one context
  /// would rename the second import's resources.
  std::unique_ptr<Session> session;
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
  /// Where the loss is a cross-entropy or NLL over class scores [N, C,
  /// d...] against an int64 labels input [N, d...]: the output holding the
  /// scores (an extra result after the others) and the input holding the
  /// labels, for accuracy. Unset for other losses.
  std::optional<size_t> scores, labels;
  int64_t classes = 0, positions = 1;
  std::optional<int64_t> ignoreIndex;

  /// Adds the last run's labels (but those equal to the ignore index) to
  /// `counted` and those its scores' argmax class equals to `correct`.
  void countCorrect(int64_t &correct, int64_t &counted) const;
};


/// Gives every parameter constant that holds its value inline (a .mlir
/// model's dense<...>) a resource named after its layer, so that it is
/// bound at run time under that name, as ONNX initializers are (and as
/// dlc train names its files).
void parametersAsResources(mlir::func::FuncOp func);

/// Loads the model specialised to batches of `batch` samples of
/// `datasets` (`partial`: the last batch, smaller than the others),
/// differentiates it (with state updates) and compiles it; with `forward`,
/// compiles its evaluation form instead (the loss only).
/// Reports and returns nothing on failure.
std::optional<Step> compileStep(const TrainArgs &args, const std::vector<Dataset> &datasets,
                                int64_t batch, bool partial, bool forward = false);

/// Reads NAME=SPEC data sets (DataFiles.h; `who` names the command or flag
/// in errors); checks that they are non-empty and share their first
/// dimension.
std::optional<std::vector<Dataset>> readDatasets(const std::vector<std::string> &specs,
                                                 llvm::StringRef who = "dlc train");

/// Gives the images and labels of IDX and CIFAR files the layout and type
/// of the model input they feed: images the model's sample shape where it
/// holds as many values (28x28 images as 1x28x28 or 784), labels float32
/// where the model takes float targets. Reads the model's inputs from
/// `model` (silently: compiling it later reports its errors). Reports and
/// returns false when images cannot fit.
bool fitDataToModel(llvm::StringRef model, std::vector<Dataset> &datasets);

/// Copies the samples `order[begin, begin + step.batch)` into the inputs
/// of `step`.
void gatherBatch(Step &step, const std::vector<Dataset> &datasets,
                 const std::vector<int64_t> &order, int64_t begin);

/// Splits the last `fraction` of every data set's samples off (Keras's
/// validation_split: the first floor(n * (1 - fraction)) samples train).
std::optional<std::vector<Dataset>> splitValidation(std::vector<Dataset> &datasets,
                                                    double fraction);

/// The model's evaluation form compiled for a data set: batches of
/// `batch` samples in order, and the last, partial batch.
struct Evaluation {
  std::vector<Dataset> data;
  std::optional<Step> full, last;
  int64_t fullSteps = 0;
  std::vector<int64_t> order;
};


/// Compiles the evaluation form for `data` in batches of --batch.
std::optional<Evaluation> compileEvaluation(const TrainArgs &args, std::vector<Dataset> data);

/// Binds each parameter of the evaluation's executables to `value(name)`
/// (nullptr: an error, reported by `value`). Returns false on failure.
bool bindEvaluation(Evaluation &e,
                    llvm::function_ref<const float *(const ParameterSpec &)> value);

/// The loss and, for a classification loss, the accuracy over a data set.
struct Metrics {
  double loss = 0;
  std::optional<double> accuracy;
};

/// The mean of the per-sample loss over the evaluation's data (each
/// batch's loss, a mean over its samples, weighted by its size) and the
/// fraction of the labels the argmax of the class scores hits.
Metrics evaluate(Evaluation &e);

} // namespace dlc

#endif // DLC_TOOLS_DLC_TRAINSTEP_H
