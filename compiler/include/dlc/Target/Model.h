//===- Model.h - a model's signature and how to compile it -------*- C++ -*-===//
//
// A model is a module with one model function (`@main`, or the single public
// function). Its signature — tensor names and shapes — is read once at the
// dlc level, before lowering renames or bufferizes anything, and travels with
// the compiled artefact (JIT executable, C header).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TARGET_MODEL_H
#define DLC_TARGET_MODEL_H

#include "dlc/Pipelines/Pipelines.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringRef.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mlir::dlc {

/// The element types a model's inputs and outputs may have: f32 for
/// activations and weights, i64 for labels and indices (gather indices,
/// class labels, the boxes nms keeps).
enum class ElementType { F32, I64 };

/// "f32" or "i64".
llvm::StringRef elementTypeName(ElementType type);

/// Bytes per element (4 or 8).
int64_t elementSize(ElementType type);

/// One input or output tensor.
struct TensorSpec {
  std::string name;
  std::vector<int64_t> shape;
  ElementType type = ElementType::F32;
  int64_t numElements() const;
  std::string shapeString() const; ///< "1x3x32x32"
};

/// A parameter of a model compiled with parameters as runtime state (see
/// dlc/Transforms/Parameters.h): its name, shape and kind ("trainable" or
/// "buffer"), always f32.
struct ParameterSpec : TensorSpec {
  std::string kind;
};

struct ModelSignature {
  std::string function;
  std::vector<TensorSpec> inputs, outputs;
};

/// Names come from the `dlc.name` argument/result attributes, else
/// "input<i>" / "output<i>". Emits an error (and fails) when there is no
/// unique model function or a type is not a static f32 or i64 tensor.
FailureOr<ModelSignature> getModelSignature(ModuleOp module);

/// A compiled module's parameter table (dlc.parameters): each parameter's
/// spec and the values it was compiled with (those of the model file, as
/// the module's attributes: copyF32Values reads them), and the types of the
/// values its prepare function computes (dlc.prepared).
struct ParameterTable {
  std::vector<ParameterSpec> parameters;
  std::vector<Attribute> values;
  std::vector<TensorSpec> prepared;
};

/// Runs dlc-externalize-parameters on the model function `function` of
/// `module`: its parameters become arguments (Parameters.h).
LogicalResult externalizeParameters(ModuleOp module, llvm::StringRef function);

/// Reads the tables that dlc-externalize-parameters and
/// dlc-hoist-parameter-computation left on `module` (empty when the
/// parameters stayed constants); fails on a malformed table.
FailureOr<ParameterTable> readParameterTable(ModuleOp module);

/// Multiply-accumulates of the model function's convolutions and matrix
/// products (what bench reports GFLOPS against; 2 FLOPs per MAC).
int64_t countMacs(ModuleOp module, llvm::StringRef function);

/// Wall-clock milliseconds per compilation phase, in order (--time-phases).
using PhaseTimes = std::vector<std::pair<std::string, double>>;

/// MLIR's pass-manager instrumentation for every runPipeline of this
/// process (the driver's --print-ir-after-all, --print-ir-after=PASS and
/// --mlir-timing), printed on stderr.
struct PipelineInstrumentation {
  /// The module after every pass.
  bool printAfterAll = false;
  /// The module after each pass of these (pass arguments, as
  /// `dlc-tile-and-vectorize`).
  std::vector<std::string> printAfter;
  /// MLIR's pass timing report, one per runPipeline.
  bool timing = false;
};
void setPipelineInstrumentation(PipelineInstrumentation instrumentation);

/// The pass arguments of the pipeline `options` builds (for checking
/// PipelineInstrumentation::printAfter against).
std::vector<std::string> pipelinePassNames(MLIRContext *context,
                                           const PipelineOptions &options);

/// Runs the dlc pipeline on `module` in place. Diagnostics go to the
/// context's handler. With `times`, each phase runs on its own and its
/// time is appended there under its name.
LogicalResult runPipeline(ModuleOp module, const PipelineOptions &options,
                          PhaseTimes *times = nullptr);

/// Milliseconds from `start` to now.
double millisecondsSince(std::chrono::steady_clock::time_point start);

/// `name` with every character outside [A-Za-z0-9._-] replaced by '_'.
std::string sanitizeName(llvm::StringRef name);

} // namespace mlir::dlc

#endif // DLC_TARGET_MODEL_H
