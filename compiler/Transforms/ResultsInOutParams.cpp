//===- ResultsInOutParams.cpp - the dlc-results-in-out-params pass ----------===//
//
// A result copied into its output argument from a reshape of a temporary
// allocation is computed in the output argument instead (see Passes.td):
//
//   %a = memref.alloc() : memref<1x8x18xf32>        %a = memref.expand_shape
//   ... writes %a ...                        ->          %out [[0, 1], [2, 3]]
//   %v = memref.expand_shape %a [[0], [1], [2, 3]]  ... writes %a ...
//   memref.copy %v, %out                            return
//   return
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "BufferAliases.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_RESULTSINOUTPARAMS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

/// Whether `type` is a static memref with the identity layout (every
/// reshape of it is a view, and so is the inverse reshape).
bool isStaticContiguous(MemRefType type) {
  return type.hasStaticShape() && type.getLayout().isIdentity();
}

/// Rewrites `copy` when its source is a chain of reshapes of an allocation
/// of the same block and its target an argument used by nothing else.
LogicalResult computeInOutParam(memref::CopyOp copy) {
  Block *block = copy->getBlock();
  auto out = dyn_cast<BlockArgument>(copy.getTarget());
  if (!out || out.getOwner() != block || !out.hasOneUse() ||
      !isStaticContiguous(cast<MemRefType>(out.getType())))
    return failure();
  // The reshapes from the allocation to the copied value, last first.
  SmallVector<Operation *> reshapes;
  Value source = copy.getSource();
  while (Operation *def = source.getDefiningOp()) {
    if (!isa<memref::ExpandShapeOp, memref::CollapseShapeOp>(def))
      break;
    reshapes.push_back(def);
    source = def->getOperand(0);
  }
  auto alloc = source.getDefiningOp<memref::AllocOp>();
  if (reshapes.empty() || !alloc || alloc->getBlock() != block ||
      !isStaticContiguous(alloc.getType()))
    return failure();
  // Nothing may read or write the buffer after the copy (the output
  // argument would see it), nor outside the block.
  if (failed(dlc::lastUseBefore(alloc.getResult(), block, copy)))
    return failure();
  // Undo the reshapes on the output argument, at the allocation.
  OpBuilder b(alloc);
  Value view = out;
  for (Operation *reshape : reshapes) {
    Location loc = reshape->getLoc();
    if (auto expand = dyn_cast<memref::ExpandShapeOp>(reshape))
      view = memref::CollapseShapeOp::create(b, loc, view,
                                             expand.getReassociationIndices());
    else if (auto collapse = dyn_cast<memref::CollapseShapeOp>(reshape))
      view = memref::ExpandShapeOp::create(b, loc, collapse.getSrcType(), view,
                                           collapse.getReassociationIndices());
  }
  if (view.getType() != alloc.getType())
    return failure(); // (cannot happen for identity layouts; kept as a guard)
  alloc.getResult().replaceAllUsesWith(view);
  copy->erase();
  alloc->erase();
  for (Operation *reshape : reshapes)
    if (reshape->use_empty())
      reshape->erase();
  return success();
}

struct ResultsInOutParams
    : mlir::dlc::impl::ResultsInOutParamsBase<ResultsInOutParams> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    SmallVector<memref::CopyOp> copies;
    for (Operation &op : func.getBody().front())
      if (auto copy = dyn_cast<memref::CopyOp>(op))
        copies.push_back(copy);
    for (memref::CopyOp copy : copies)
      (void)computeInOutParam(copy);
  }
};

} // namespace
