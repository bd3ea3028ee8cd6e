//===- ONNX.h - ONNX models and tensors into dlc -----------------*- C++ -*-===//
//
// The ONNX front door. importONNX maps an ONNX graph (default-domain opsets 7
// to 17, 18 to 20 where the model's operators did not change after 17, plus
// the ai.onnx.preview.training optimizers) to one `func.func
// @main` in the dlc dialect:
//
//  - graph inputs become arguments named by `dlc.name`; a symbolic dimension
//    is specialised from the shape the caller gives for that input (the -i
//    files of `dlc run`), else set to 1 with a warning;
//  - initializers become `dlc.constant dense_resource<NAME>` under their ONNX
//    names, marked `dlc.param = "trainable"` (float weights) or "buffer"
//    (BatchNorm running statistics), so outputs and gradients can be written
//    under those names;
//  - everything computable at import time (Shape -> Gather -> Concat ->
//    Reshape chains, Constant nodes, Cast/Unsqueeze of constants, int64
//    inputs whose values the caller gives) is folded, so what remains are
//    tensor computations on f32/i64 tensors with static shapes;
//  - every node of an operator dlc does not support is reported in one
//    error, with node names and opsets, before anything is converted.
//
// Errors are MLIR diagnostics located at the file (wrapped in the node's
// name); nothing asserts on a malformed or hostile file.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_FRONTEND_ONNX_H
#define DLC_FRONTEND_ONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::dlc {

/// What the caller knows about the model's inputs before import.
struct ONNXInputHint {
  std::vector<int64_t> shape;
  /// The values of an int64 input, so that shape operands fed by it (a
  /// Reshape's shape, an Expand's shape) can be folded.
  std::optional<std::vector<int64_t>> int64Values;
};

struct ONNXImportOptions {
  /// Keyed by ONNX input name.
  llvm::StringMap<ONNXInputHint> inputs;
  /// The name of the function the graph becomes.
  std::string function = "main";
  /// Fold computations on float initializers (weight re-orderings, a
  /// transposed weight) into new constants. A model to differentiate keeps
  /// them as ops instead, so that gradients reach the initializers
  /// themselves (dlc grad and train turn this off).
  bool foldParameters = true;
};

/// Imports the ONNX model at `path`; emits errors and returns null on failure.
OwningOpRef<ModuleOp> importONNX(llvm::StringRef path, MLIRContext &context,
                                 const ONNXImportOptions &options = {});

/// Imports a serialized ModelProto; `fileName` names it in diagnostics.
OwningOpRef<ModuleOp> importONNXBuffer(llvm::StringRef bytes, llvm::StringRef fileName,
                                       MLIRContext &context,
                                       const ONNXImportOptions &options = {});

/// A tensor read from an ONNX TensorProto file (the conformance suite's
/// input_N.pb): float32 in `f32`, or an integer type widened to int64 in
/// `i64` (int8..int64, uint8..uint32, bool).
struct ONNXTensorFile {
  std::string name; ///< the TensorProto's own name (may be empty)
  std::vector<int64_t> shape;
  bool isInt64 = false;
  std::vector<float> f32;
  std::vector<int64_t> i64;
};

/// Reads a serialized TensorProto. Errors name the file and say what is
/// wrong (truncated, an unsupported element type, data that does not fill
/// the shape).
llvm::Expected<ONNXTensorFile> readONNXTensorFile(llvm::StringRef path);

} // namespace mlir::dlc

#endif // DLC_FRONTEND_ONNX_H
