//===- Parameters.h - the parameter ABI of compiled models -------*- C++ -*-===//
//
// Parameters (weights, BatchNorm statistics) are runtime state bound when a
// model is loaded, not constants in the code. dlc-externalize-parameters
// turns them into arguments of the model function; the names below are the
// attributes that describe them on the way to the runtime, which reads the
// module's tables after compiling:
//
//   @f(inputs..., parameters..., prepared...)      the model, then
//   @f_prepare(parameters...) -> (prepared...)      run once per binding
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TRANSFORMS_PARAMETERS_H
#define DLC_TRANSFORMS_PARAMETERS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace mlir::dlc {

/// On a constant or function argument: "trainable" or "buffer".
constexpr llvm::StringLiteral kParamAttr = "dlc.param";
/// On a function argument or result: the tensor's name.
constexpr llvm::StringLiteral kNameAttr = "dlc.name";
/// On the module: the parameter table, [{name, kind, value}] in argument order.
constexpr llvm::StringLiteral kParametersAttr = "dlc.parameters";
/// On the module: the prepared values' tensor types, in argument order; on
/// a model function's argument: its index among them.
constexpr llvm::StringLiteral kPreparedAttr = "dlc.prepared";
/// On a prepare function (unit).
constexpr llvm::StringLiteral kPrepareFunctionAttr = "dlc.prepare";

/// The name of the prepare function of model function `function`.
std::string prepareFunctionName(llvm::StringRef function);

/// Whether `value` is a function argument marked as a parameter.
bool isParameterArgument(Value value);

/// Whether `value` is computed from parameters and constants alone, through
/// side-effect-free ops (looking at most `depth` ops up), with at least one
/// parameter among them: what dlc-hoist-parameter-computation will move
/// into the prepare function.
bool isParameterDerived(Value value, unsigned depth = 8);

/// Copies the f32 values of `value` (a dense or resource-blob elements
/// attribute, as dlc.constant and the parameter table hold them) into
/// `out`, which has room for exactly their count. False for anything else,
/// or a blob of another size.
bool copyF32Values(Attribute value, llvm::MutableArrayRef<float> out);

/// Whether a value computed from `bytesIn` bytes of parameters that takes
/// `bytesOut` bytes is worth computing once per binding: not when it
/// expands them (a bias broadcast to an activation's shape is cheaper to
/// compute where it is used than to keep, and the layer that accumulates
/// into it would have to copy it first).
inline bool worthPreparing(int64_t bytesIn, int64_t bytesOut) {
  return bytesOut <= 2 * bytesIn + 4096;
}

} // namespace mlir::dlc

#endif // DLC_TRANSFORMS_PARAMETERS_H
