//===- SplitEmptyTensors.cpp - the dlc-split-empty-tensors pass -------------===//
//
// Gives every use of a tensor.empty its own copy of the op, so that
// bufferization allocates one buffer per temporary instead of one buffer
// shared by everything CSE merged (see Passes.td).
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_SPLITEMPTYTENSORS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

struct SplitEmptyTensors : mlir::dlc::impl::SplitEmptyTensorsBase<SplitEmptyTensors> {
  void runOnOperation() override {
    SmallVector<tensor::EmptyOp> empties;
    getOperation().walk([&](tensor::EmptyOp op) { empties.push_back(op); });
    for (tensor::EmptyOp empty : empties) {
      if (empty->hasOneUse() || empty->use_empty())
        continue;
      // Each use gets a clone placed right before its user (or the user's
      // ancestor in the op's block); the original goes.
      SmallVector<OpOperand *> uses;
      for (OpOperand &use : empty->getUses())
        uses.push_back(&use);
      for (OpOperand *use : uses) {
        Operation *user = empty->getBlock()->findAncestorOpInBlock(*use->getOwner());
        if (!user)
          continue;
        OpBuilder b(user);
        use->set(b.clone(*empty)->getResult(0));
      }
      if (empty->use_empty())
        empty->erase();
    }
  }
};

} // namespace
