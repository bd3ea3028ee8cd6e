//===- DeallocAfterLastUse.cpp - the dlc-dealloc-after-last-use pass --------===//
//
// Moves each memref.dealloc up to just after the last use of its buffer or
// of anything that may alias it, so that temporaries are freed when they
// die instead of when the function returns (see Passes.td).
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "BufferAliases.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_DEALLOCAFTERLASTUSE
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

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
      FailureOr<Operation *> last =
          mlir::dlc::lastUseBefore(alloc.getResult(), block, dealloc);
      if (failed(last))
        continue;
      Operation *after = *last ? *last : alloc.getOperation();
      if (after->getNextNode() != dealloc)
        dealloc->moveAfter(after);
    }
  }
};

} // namespace
