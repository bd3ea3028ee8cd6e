//===- EntryBoundaries.cpp - the dlc-entry-boundaries pass ------------------===//
//
// The tensor boundaries of public functions, made ready for one-shot
// bufferization with out-parameters: inputs read-only, one buffer per
// result (see Passes.td).
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/DenseSet.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_ENTRYBOUNDARIES
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

struct EntryBoundaries : mlir::dlc::impl::EntryBoundariesBase<EntryBoundaries> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isPrivate() || func.isExternal())
        continue;
      for (auto [index, type] : llvm::enumerate(func.getArgumentTypes()))
        if (isa<TensorType>(type))
          func.setArgAttr(index, bufferization::BufferizationDialect::kWritableAttrName,
                          BoolAttr::get(ctx, false));
      func.walk([](func::ReturnOp ret) {
        llvm::SmallDenseSet<Value> seen;
        OpBuilder b(ret);
        for (OpOperand &operand : ret->getOpOperands()) {
          auto type = dyn_cast<RankedTensorType>(operand.get().getType());
          if (!type || !type.hasStaticShape() || seen.insert(operand.get()).second)
            continue;
          operand.set(bufferization::AllocTensorOp::create(b, ret.getLoc(), type,
                                                           ValueRange{}, operand.get()));
        }
      });
    }
  }
};

} // namespace
