//===- OutlineKernels.cpp - the dlc-outline-kernels pass --------------------===//
//
// After bufferization a model function is one long sequence of kernels
// (loop nests over views of the arena and the parameters) between views and
// constants. Each kernel moves into a private function of its own, called in
// its place with the values it uses from around it; kernels that print the
// same (ops, types, attributes; not the buffers they get) share one
// function. What follows then lowers and compiles each distinct kernel once
// (ResNet-50's model function has 161 kernels, 82 of them distinct; a copy
// is a kernel too: DenseNet-121's 767 concatenation copies), and the
// lowering's function passes run on the kernels in parallel.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringMap.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_OUTLINEKERNELS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using mlir::dlc::isKernel;

namespace {

/// Whether a value `op` defines is cloned into each kernel that uses it
/// rather than passed: constants (which the kernel's code folds).
bool isClonedIn(Operation *op) {
  return op->getNumOperands() == 0 && op->getNumRegions() == 0 &&
         op->hasTrait<OpTrait::ConstantLike>();
}

/// `kernel` printed without its name: the key under which identical
/// kernels share one function.
std::string codeOf(func::FuncOp kernel) {
  std::string code;
  llvm::raw_string_ostream os(code);
  kernel->print(os, OpPrintingFlags().printGenericOpForm());
  return code;
}

struct OutlineKernels : mlir::dlc::impl::OutlineKernelsBase<OutlineKernels> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> functions;
    for (auto function : module.getOps<func::FuncOp>())
      if (!function.isExternal())
        functions.push_back(function);
    llvm::StringMap<func::FuncOp> byCode;
    for (func::FuncOp function : functions) {
      SmallVector<Operation *> kernels;
      for (Operation &op : function.getBody().getOps())
        if (isKernel(&op))
          kernels.push_back(&op);
      Operation *after = function;
      for (Operation *op : kernels)
        outline(op, function, after, symbols, byCode);
    }
  }

  void outline(Operation *op, func::FuncOp parent, Operation *&after, SymbolTable &symbols,
               llvm::StringMap<func::FuncOp> &byCode) {
    MLIRContext *ctx = &getContext();
    llvm::SetVector<Value> used;
    getUsedValuesDefinedAbove(op->getRegions(), used);
    used.insert(op->operand_begin(), op->operand_end());
    SmallVector<Value> arguments;
    SmallVector<Operation *> clonedIn;
    for (Value value : used) {
      Operation *def = value.getDefiningOp();
      if (def && isClonedIn(def))
        clonedIn.push_back(def);
      else
        arguments.push_back(value);
    }
    // Made unlinked, named "kernel" while it is compared.
    OpBuilder b(ctx);
    auto kernel = func::FuncOp::create(
        b, op->getLoc(), "kernel",
        b.getFunctionType(ValueRange(arguments).getTypes(), op->getResultTypes()));
    kernel.setPrivate();
    Block *entry = kernel.addEntryBlock();
    IRMapping mapping;
    mapping.map(arguments, entry->getArguments());
    b.setInsertionPointToStart(entry);
    for (Operation *def : clonedIn)
      b.clone(*def, mapping);
    Operation *body = b.clone(*op, mapping);
    func::ReturnOp::create(b, op->getLoc(), body->getResults());

    auto [it, inserted] = byCode.try_emplace(codeOf(kernel), kernel);
    if (inserted) {
      kernel.setSymName((parent.getSymName() + "_kernel").str());
      // (In the order they run, after their function.)
      symbols.insert(kernel, std::next(Block::iterator(after)));
      after = kernel;
      kernel->setAttr("llvm.linkage",
                      LLVM::LinkageAttr::get(ctx, LLVM::Linkage::Internal));
    } else {
      kernel.erase();
      kernel = it->second;
    }
    b.setInsertionPoint(op);
    auto call = func::CallOp::create(b, op->getLoc(), kernel, arguments);
    op->replaceAllUsesWith(call.getResults());
    op->erase();
  }
};

} // namespace
