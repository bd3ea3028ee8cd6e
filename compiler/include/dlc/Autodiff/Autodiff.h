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
};

/// The parameters a gradient function returns, in order.
struct GradientInfo {
  std::vector<std::string> parameters;
};

/// Rewrites `func` in place: results become (loss, d loss / d p for every
/// trainable parameter p). Fails with one error listing every op on the
/// path from the parameters to the loss that has no gradient rule.
FailureOr<GradientInfo> differentiate(func::FuncOp func,
                                      const DifferentiateOptions &options = {});

} // namespace mlir::dlc

#endif // DLC_AUTODIFF_AUTODIFF_H
