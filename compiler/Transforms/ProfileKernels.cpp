//===- ProfileKernels.cpp - the dlc-profile-kernels pass --------------------===//
//
// Times every kernel of the public functions: each top-level op that does
// the work of a layer (a loop nest, a linalg op, a copy, a call) is wrapped
// in calls to the runtime's dlc_profile_begin(k) / dlc_profile_end(k)
// (runtime/include/dlc/runtime/profile.h), k numbering the kernels of the
// module in order; the module attribute `dlc.profile_kernels` lists each
// kernel's location (its layer's name) and op, for `dlc bench --per-layer`.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"
#include "dlc/Transforms/Parameters.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_PROFILEKERNELS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

/// Whether `op` is timed: a kernel, or a call out.
bool isTimed(Operation *op) {
  return mlir::dlc::isKernel(op) || isa<func::CallOp>(op);
}

/// Declares `void name(i64)` in `module` unless it is declared.
func::FuncOp declare(OpBuilder &b, ModuleOp module, StringRef name) {
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  auto func = func::FuncOp::create(
      b, module.getLoc(), name, b.getFunctionType({b.getI64Type()}, {}));
  func.setPrivate();
  return func;
}

struct ProfileKernels : mlir::dlc::impl::ProfileKernelsBase<ProfileKernels> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    OpBuilder b(&getContext());
    SmallVector<Operation *> kernels;
    for (auto func : module.getOps<func::FuncOp>()) {
      // (A prepare function runs once per binding of the parameters.)
      if (func.isPrivate() || func.isExternal() || func->hasAttr(mlir::dlc::kPrepareFunctionAttr))
        continue;
      for (Operation &op : func.getBody().getOps())
        if (isTimed(&op))
          kernels.push_back(&op);
    }
    if (kernels.empty())
      return;
    func::FuncOp begin = declare(b, module, "dlc_profile_begin");
    func::FuncOp end = declare(b, module, "dlc_profile_end");
    for (FuncOp f : {begin, end})
      if (f.getFunctionType() != b.getFunctionType({b.getI64Type()}, {})) {
        f.emitError("'") << f.getName() << "' is declared with another type";
        return signalPassFailure();
      }
    SmallVector<Attribute> table;
    for (auto [k, op] : llvm::enumerate(kernels)) {
      Location loc = op->getLoc();
      b.setInsertionPoint(op);
      Value id = arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(k));
      func::CallOp::create(b, loc, begin, ValueRange{id});
      b.setInsertionPointAfter(op);
      func::CallOp::create(b, loc, end, ValueRange{id});
      table.push_back(b.getDictionaryAttr(
          {b.getNamedAttr("loc", LocationAttr(loc)),
           b.getNamedAttr("op", b.getStringAttr(op->getName().getStringRef()))}));
    }
    module->setAttr("dlc.profile_kernels", b.getArrayAttr(table));
  }
  using FuncOp = func::FuncOp;
};

} // namespace
