//===- SplitEmptyTensors.cpp - the dlc-split-empty-tensors pass -------------===//
//
// Gives every use of a tensor.empty, and of a linalg.fill of one, its own
// copy of the op (a reshape of an empty tensor being one), so that
// bufferization allocates one buffer per temporary instead of one buffer
// shared by everything CSE merged (see Passes.td).
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_SPLITEMPTYTENSORS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

/// When `use` is the destination of `tensor.insert_slice %v into %t` and
/// %v was computed in place in `tensor.extract_slice %t` of the same
/// offsets, sizes and strides (the destination of the op, or of the loop,
/// that makes %v, followed through reshapes and through the parts of an op
/// split into parts), that extract_slice's use of %t.
OpOperand *extractOfInsert(OpOperand &use) {
  auto insert = dyn_cast<tensor::InsertSliceOp>(use.getOwner());
  if (!insert || use.getOperandNumber() != insert.getDestMutable().getOperandNumber())
    return nullptr;
  // The value %v was written into: the destination of its maker, of that
  // destination's maker, and so on.
  Value init = insert.getSource();
  while (auto result = dyn_cast<OpResult>(init)) {
    Operation *maker = result.getOwner();
    if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(maker))
      init = maker->getOperand(0);
    else if (auto dps = dyn_cast<DestinationStyleOpInterface>(maker))
      init = dps.getDpsInitOperand(result.getResultNumber())->get();
    else if (auto forall = dyn_cast<scf::ForallOp>(maker))
      init = forall.getOutputs()[result.getResultNumber()];
    else if (auto loop = dyn_cast<scf::ForOp>(maker))
      init = loop.getInitArgs()[result.getResultNumber()];
    else
      break;
  }
  auto extract = init.getDefiningOp<tensor::ExtractSliceOp>();
  if (!extract || extract.getSource() != use.get() ||
      !extract.getType().hasStaticShape() || extract.getType() != insert.getSourceType() ||
      extract.getMixedOffsets() != insert.getMixedOffsets() ||
      extract.getMixedSizes() != insert.getMixedSizes() ||
      extract.getMixedStrides() != insert.getMixedStrides())
    return nullptr;
  return &extract.getSourceMutable();
}

/// Gives every use of `op`'s single result its own clone of `op`, placed
/// right before the user (or the user's ancestor in `op`'s block), with
/// clones of the operand producers `cloneOperand` picks; erases `op` (and
/// those producers) when no use is left. An op with one use (and its
/// picked producers) moves right before its user.
void splitPerUse(Operation *op, function_ref<bool(OpOperand &)> cloneOperand) {
  if (op->use_empty())
    return;
  if (op->getResult(0).hasOneUse()) {
    // Just moved next to its user: a buffer is allocated where its op is,
    // and a zero fill that CSE hoisted into the forward would otherwise hold
    // a gradient's buffer from the forward to the backward.
    Operation *user = op->getBlock()->findAncestorOpInBlock(
        *op->getResult(0).getUses().begin()->getOwner());
    if (!user || user == op)
      return;
    op->moveBefore(user);
    for (OpOperand &operand : op->getOpOperands())
      if (cloneOperand(operand) && operand.get().hasOneUse())
        operand.get().getDefiningOp()->moveBefore(op);
    return;
  }
  SmallVector<OpOperand *> uses;
  for (OpOperand &use : op->getResult(0).getUses())
    uses.push_back(&use);
  // An insert_slice back into the tensor of what was computed in a slice
  // extracted from it (an op split into parts writes its first part so) is
  // the same buffer as that slice: it shares the extract's clone.
  llvm::DenseMap<OpOperand *, OpOperand *> sharesWith;
  for (OpOperand *use : uses)
    if (OpOperand *extract = extractOfInsert(*use))
      sharesWith[use] = extract;
  llvm::DenseMap<OpOperand *, Value> clones;
  // (Extracts first: their clones are placed before the inserts' users.)
  std::stable_partition(uses.begin(), uses.end(),
                        [&](OpOperand *use) { return !sharesWith.count(use); });
  for (OpOperand *use : uses) {
    if (OpOperand *extract = sharesWith.lookup(use)) {
      if (Value clone = clones.lookup(extract)) {
        use->set(clone);
        continue;
      }
    }
    Operation *user = op->getBlock()->findAncestorOpInBlock(*use->getOwner());
    if (!user)
      continue;
    OpBuilder b(user);
    IRMapping mapping;
    for (OpOperand &operand : op->getOpOperands())
      if (cloneOperand(operand))
        mapping.map(operand.get(), b.clone(*operand.get().getDefiningOp())->getResult(0));
    Value clone = b.clone(*op, mapping)->getResult(0);
    clones[use] = clone;
    use->set(clone);
  }
  if (!op->use_empty())
    return;
  SmallVector<Operation *> producers;
  for (OpOperand &operand : op->getOpOperands())
    if (cloneOperand(operand))
      producers.push_back(operand.get().getDefiningOp());
  op->erase();
  for (Operation *producer : producers)
    if (producer->use_empty())
      producer->erase();
}

struct SplitEmptyTensors : mlir::dlc::impl::SplitEmptyTensorsBase<SplitEmptyTensors> {
  void runOnOperation() override {
    // A reshape of an empty tensor is an empty tensor of its own shape (CSE
    // shares reshapes too: a forward and a backward elementwise op writing
    // into collapse_shape(empty) shared one buffer from one to the other).
    SmallVector<Operation *> reshapes;
    getOperation().walk([&](Operation *op) {
      if (isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(op) &&
          op->getOperand(0).getDefiningOp<tensor::EmptyOp>() &&
          cast<RankedTensorType>(op->getResult(0).getType()).hasStaticShape())
        reshapes.push_back(op);
    });
    for (Operation *reshape : reshapes) {
      OpBuilder b(reshape);
      auto type = cast<RankedTensorType>(reshape->getResult(0).getType());
      Value empty = tensor::EmptyOp::create(b, reshape->getLoc(), type.getShape(),
                                            type.getElementType());
      Value source = reshape->getOperand(0);
      reshape->getResult(0).replaceAllUsesWith(empty);
      reshape->erase();
      if (source.use_empty())
        source.getDefiningOp()->erase();
    }
    // A fill of an empty tensor (a zero accumulator) first: CSE shares
    // those as well, and a shared one is copied for each in-place user.
    SmallVector<linalg::FillOp> fills;
    getOperation().walk([&](linalg::FillOp op) {
      if (op.hasPureTensorSemantics() &&
          op.getOutputs()[0].getDefiningOp<tensor::EmptyOp>())
        fills.push_back(op);
    });
    for (linalg::FillOp fill : fills)
      splitPerUse(fill, [&](OpOperand &operand) {
        return operand.get() == fill.getOutputs()[0];
      });
    SmallVector<tensor::EmptyOp> empties;
    getOperation().walk([&](tensor::EmptyOp op) { empties.push_back(op); });
    for (tensor::EmptyOp empty : empties)
      splitPerUse(empty, [](OpOperand &) { return false; });
  }
};

} // namespace
