//===- Passes.td - the dlc autodiff pass --------------------*- tablegen -*-===//
//
// Reverse-mode differentiation (see Autodiff.h).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_AUTODIFF_PASSES_TD
#define DLC_AUTODIFF_PASSES_TD

include "mlir/Pass/PassBase.td"

def Autodiff : Pass<"dlc-autodiff", "ModuleOp"> {
  let summary = "Turn a loss function into a loss-and-gradients function";
  let description = [{
    The model function (`entry`) must return one scalar f32 loss. Its
    results become the loss followed by the gradient of every trainable
    parameter (`dlc.constant` with `dlc.param = "trainable"`), named by
    `dlc.name` after the parameter. The backward is built by walking the
    ops from the loss back to the parameters and asking each op's
    DifferentiableOpInterface for the adjoints of its operands; adjoints of
    values used more than once are summed. Forward values the backward needs
    are reused (saved), or, with `recompute`, cheap elementwise ones are
    computed again next to their use. Every op on the path without a
    gradient rule is reported in one error.
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"main\"",
           "The model function">,
    Option<"recompute", "recompute", "bool", /*default=*/"false",
           "Recompute cheap elementwise forward values in the backward">,
  ];
  let dependentDialects = ["::mlir::dlc::DLCDialect"];
}

#endif // DLC_AUTODIFF_PASSES_TD
