//===- DeallocAfterLastUse.cpp - the dlc-dealloc-after-last-use pass --------===//
//
// Moves each memref.dealloc up to just after the last use of its buffer or
// of anything that may alias it, so that temporaries are freed when they
// die instead of when the function returns (see Passes.td).
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_DEALLOCAFTERLASTUSE
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

/// The last operation of `block` before `limit` that uses `buffer` or a
/// value that may alias it (transitively, any memref result of a user),
/// or null when there is none. Fails when a use cannot be placed in
/// `block` (a use outside it).
FailureOr<Operation *> lastUse(Value buffer, Block *block, Operation *limit) {
  llvm::SetVector<Value> aliases;
  aliases.insert(buffer);
  Operation *last = nullptr;
  for (size_t i = 0; i < aliases.size(); ++i) {
    for (Operation *user : aliases[i].getUsers()) {
      if (user == limit)
        continue;
      Operation *inBlock = block->findAncestorOpInBlock(*user);
      if (!inBlock || !inBlock->isBeforeInBlock(limit))
        return failure();
      if (!last || last->isBeforeInBlock(inBlock))
        last = inBlock;
      for (Value result : user->getResults())
        if (isa<BaseMemRefType>(result.getType()))
          aliases.insert(result);
      // A result of an enclosing op may carry an alias out of a region
      // (a loop yielding it).
      if (inBlock != user)
        for (Value result : inBlock->getResults())
          if (isa<BaseMemRefType>(result.getType()))
            aliases.insert(result);
    }
  }
  return last;
}

struct DeallocAfterLastUse
    : mlir::dlc::impl::DeallocAfterLastUseBase<DeallocAfterLastUse> {
  void runOnOperation() override {
    SmallVector<memref::DeallocOp> deallocs;
    getOperation().walk([&](memref::DeallocOp op) { deallocs.push_back(op); });
    for (memref::DeallocOp dealloc : deallocs) {
      auto alloc = dealloc.getMemref().getDefiningOp<memref::AllocOp>();
      Block *block = dealloc->getBlock();
      if (!alloc || alloc->getBlock() != block)
        continue;
      FailureOr<Operation *> last = lastUse(alloc.getResult(), block, dealloc);
      if (failed(last))
        continue;
      Operation *after = *last ? *last : alloc.getOperation();
      if (after->getNextNode() != dealloc)
        dealloc->moveAfter(after);
    }
  }
};

} // namespace
