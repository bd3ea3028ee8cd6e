//===- AutodiffPass.cpp - the dlc-autodiff pass -----------------------------===//
//
// A thin wrapper around mlir::dlc::differentiate for dlc-opt and pipelines.
//
//===----------------------------------------------------------------------===//

#include "dlc/Autodiff/Autodiff.h"
#include "dlc/Autodiff/Passes.h"

#include "mlir/IR/BuiltinOps.h"

#define DEBUG_TYPE "dlc-autodiff"

namespace mlir::dlc {
#define GEN_PASS_DEF_AUTODIFF
#include "dlc/Autodiff/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {
struct AutodiffPass : mlir::dlc::impl::AutodiffBase<AutodiffPass> {
  using AutodiffBase::AutodiffBase;
  void runOnOperation() override {
    auto func = getOperation().lookupSymbol<func::FuncOp>(entry);
    if (!func || func.isExternal()) {
      getOperation().emitError("no model function '") << entry << "' to differentiate";
      return signalPassFailure();
    }
    dlc::DifferentiateOptions options;
    options.recompute = recompute;
    if (failed(dlc::differentiate(func, options)))
      signalPassFailure();
  }
};
} // namespace
