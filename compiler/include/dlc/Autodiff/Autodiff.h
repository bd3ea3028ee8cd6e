//===- Autodiff.h - reverse-mode differentiation of a dlc graph --*- C++ -*-===//
//
// Turns a model function whose single result is a scalar loss into its
// gradient function: the same forward, then the backward built from every
// op's DifferentiableOpInterface rule, returning the loss and the gradient
// of every trainable parameter (`dlc.constant` marked `dlc.param =
// "trainable"`), named after the parameter. The library function is what
// `dlc grad`, the C++ API and the `dlc-autodiff` pass all call.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_AUTODIFF_AUTODIFF_H
#define DLC_AUTODIFF_AUTODIFF_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/LLVM.h"

#include <string>
#include <vector>

namespace mlir::dlc {

struct DifferentiateOptions {
  /// Recompute cheap elementwise forward values (activations, arithmetic)
  /// next to their backward uses instead of keeping them alive from the
  /// forward: less memory, a little more compute.
  bool recompute = false;
  /// Also return the updated state of the layers that keep one: after the
  /// gradients, the new running mean and variance of every training-mode
  /// BatchNorm (`dlc.batch_norm_train`) whose running statistics are
  /// parameters (`dlc.param` constants), named after those. What a
  /// training step writes back (dlc train); the ONNX-style model outputs
  /// are unchanged otherwise.
  bool stateUpdates = false;
};

/// The parameters a gradient function returns, in order.
struct GradientInfo {
  std::vector<std::string> parameters;
  /// The resource key of each parameter's value (its ONNX initializer's
  /// name; empty for a non-resource constant): the name the parameter is
  /// bound under at run time (ExternalizeParameters).
  std::vector<std::string> parameterKeys;
  /// With `stateUpdates`: the results after the gradients, and the
  /// resource key of the state each one replaces.
  std::vector<std::string> states, stateKeys;
};

/// Rewrites `func` in place: results become (loss, d loss / d p for every
/// trainable parameter p[, each updated state with `stateUpdates`]). Fails with one error listing every op on the
/// path from the parameters to the loss that has no gradient rule.
FailureOr<GradientInfo> differentiate(func::FuncOp func,
                                      const DifferentiateOptions &options = {});

} // namespace mlir::dlc

#endif // DLC_AUTODIFF_AUTODIFF_H
