//===- TilingUtils.cpp - tiling helpers shared by dlc's kernel passes -----===//
//
// See TilingUtils.h.
//
//===----------------------------------------------------------------------===//

#include "TilingUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;

FailureOr<linalg::LinalgOp>
mlir::dlc::tileLinalgOp(RewriterBase &rewriter, linalg::LinalgOp op, ArrayRef<int64_t> sizes,
                        bool forall, ArrayRef<int64_t> interchange) {
  if (llvm::all_of(sizes, [](int64_t s) { return s == 0; }))
    return op;
  scf::SCFTilingOptions options;
  options.setTileSizes(getAsIndexOpFoldResult(rewriter.getContext(), sizes));
  options.setInterchange(interchange);
  options.setLoopType(forall ? scf::SCFTilingOptions::LoopType::ForallOp
                             : scf::SCFTilingOptions::LoopType::ForOp);
  rewriter.setInsertionPoint(op);
  auto tiled = scf::tileUsingSCF(rewriter, cast<TilingInterface>(op.getOperation()),
                                 options);
  if (failed(tiled))
    return failure();
  // Mark the loops over reduction dims that take more than one step (one
  // loop per nonzero size, in loop order): a tile written inside one of
  // them is not final yet.
  SmallVector<int64_t> order(interchange);
  if (order.empty())
    order = llvm::to_vector(llvm::seq<int64_t>(0, sizes.size()));
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges(), loopDims;
  for (int64_t d : order)
    if (d < static_cast<int64_t>(sizes.size()) && sizes[d] != 0)
      loopDims.push_back(d);
  for (auto [i, loop] : llvm::enumerate(tiled->loops)) {
    if (!isa<scf::ForOp>(loop.getOperation()))
      continue;
    if (i >= loopDims.size()) {
      loop->setAttr(kReductionLoopAttr, rewriter.getUnitAttr());
      continue;
    }
    int64_t d = loopDims[i];
    if (iterators[d] == utils::IteratorType::reduction &&
        (ShapedType::isDynamic(ranges[d]) || ranges[d] > sizes[d]))
      loop->setAttr(kReductionLoopAttr, rewriter.getUnitAttr());
  }
  rewriter.replaceOp(op, tiled->replacements);
  return cast<linalg::LinalgOp>(tiled->tiledOps.front());
}

/// Splits `op` along `dim` at the last multiple of `reg` when its extent is
/// not a whole number of register tiles: the first part is, the second is
/// smaller than one tile. Returns the parts (just `op` when no split).
SmallVector<linalg::LinalgOp> mlir::dlc::splitRagged(RewriterBase &rewriter,
                                                     linalg::LinalgOp op, unsigned dim,
                                                     int64_t reg) {
  int64_t extent = op.getStaticLoopRanges()[dim];
  if (ShapedType::isDynamic(extent) || extent <= reg || extent % reg == 0)
    return {op};
  rewriter.setInsertionPoint(op);
  auto [whole, rest] =
      linalg::splitOp(rewriter, cast<TilingInterface>(op.getOperation()), dim,
                      rewriter.getIndexAttr(extent - extent % reg));
  SmallVector<linalg::LinalgOp> parts;
  for (TilingInterface part : {whole, rest})
    if (part)
      parts.push_back(cast<linalg::LinalgOp>(part.getOperation()));
  return parts;
}

/// Splits `op` along its vector dim `dim` into whole register tiles of
/// `reg` lanes and a remainder split further into powers of two (29 lanes
/// as 16 + 8 + 4 + 1): an odd vector (vector<8x20xf32>) is legalized lane
/// by lane.
SmallVector<linalg::LinalgOp> mlir::dlc::splitVectorDim(RewriterBase &rewriter,
                                                        linalg::LinalgOp op, unsigned dim,
                                                        int64_t reg) {
  SmallVector<linalg::LinalgOp> parts = splitRagged(rewriter, op, dim, reg);
  while (true) {
    int64_t extent = parts.back().getStaticLoopRanges()[dim];
    if (ShapedType::isDynamic(extent) || extent % reg == 0 ||
        llvm::isPowerOf2_64(static_cast<uint64_t>(extent)))
      return parts;
    linalg::LinalgOp last = parts.pop_back_val();
    parts.append(splitRagged(rewriter, last, dim,
                             llvm::bit_floor(static_cast<uint64_t>(extent))));
  }
}

bool mlir::dlc::carriesUnchanged(scf::ForOp loop, unsigned i) {
  Value yielded = loop.getYieldedValues()[i];
  if (yielded == loop.getRegionIterArgs()[i])
    return true;
  auto result = dyn_cast<OpResult>(yielded);
  auto inner = result ? dyn_cast<scf::ForOp>(result.getOwner()) : nullptr;
  unsigned j = result ? result.getResultNumber() : 0;
  return inner && inner.getInitArgs()[j] == loop.getRegionIterArgs()[i] &&
         carriesUnchanged(inner, j);
}

bool mlir::dlc::isInReductionLoop(Operation *op) {
  for (Operation *p = op->getParentOp(); p && !isa<func::FuncOp>(p); p = p->getParentOp())
    if (isa<scf::ForOp>(p) && p->hasAttr(kReductionLoopAttr))
      return true;
  return false;
}

void mlir::dlc::eraseReductionLoopMarks(Operation *root) {
  root->walk([](scf::ForOp loop) { loop->removeAttr(kReductionLoopAttr); });
}

void mlir::dlc::unrollTapLoops(Operation *root, int64_t budget,
                               llvm::function_ref<bool(Operation *)> isProduct) {
  bool changed = true;
  while (changed) {
    changed = false;
    SmallVector<scf::ForOp> loops;
    root->walk([&](scf::ForOp loop) {
      bool innermost = true;
      int64_t products = 0;
      loop.getBody()->walk([&](Operation *op) {
        if (isa<scf::ForOp>(op))
          innermost = false;
        else if (isProduct(op))
          ++products;
      });
      std::optional<APInt> trips = loop.getStaticTripCount();
      if (innermost && products > 0 && trips && trips->getSExtValue() > 1 &&
          trips->getSExtValue() * products <= budget)
        loops.push_back(loop);
    });
    for (scf::ForOp loop : loops)
      changed |= succeeded(loopUnrollFull(loop));
  }
}

void mlir::dlc::hoistAccumulators(RewriterBase &rewriter, Operation *root) {
  SmallVector<scf::ForOp> loops;
  root->walk([&](scf::ForOp loop) { loops.push_back(loop); });
  for (scf::ForOp loop : loops) {
    moveLoopInvariantCode(cast<LoopLikeOpInterface>(loop.getOperation()));
    hoistLoopInvariantSubsets(rewriter, loop);
  }
}

bool mlir::dlc::hasVectorizableBody(linalg::GenericOp op) {
  if (llvm::any_of(op.getStaticLoopRanges(), ShapedType::isDynamic) ||
      llvm::any_of(op.getIndexingMapsArray(),
                   [](AffineMap map) { return !map.isProjectedPermutation(); }))
    return false;
  for (Operation &inner : op.getRegion().front().without_terminator())
    if (isa<tensor::ExtractOp, linalg::IndexOp>(inner) || inner.getNumRegions() > 0 ||
        !llvm::all_of(inner.getResultTypes(),
                      [](Type t) { return t.isIntOrIndexOrFloat(); }))
      return false;
  return true;
}

SmallVector<ReassociationIndices> mlir::dlc::collapsibleLoops(linalg::GenericOp op) {
  SmallVector<ReassociationIndices> groups = {{0}};
  MLIRContext *ctx = op.getContext();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  // An operand that is a slice of a larger tensor (a padded tensor's
  // interior) is contiguous across dims p and p+1 only when it spans all of
  // dim p+1: its buffer would otherwise be a strided view that cannot be
  // collapsed (bufferization would copy it).
  auto spansInner = [](Value operand, unsigned pos) {
    auto slice = operand.getDefiningOp<tensor::ExtractSliceOp>();
    if (!slice)
      return true;
    if (slice.getSourceType().getRank() != slice.getType().getRank())
      return false;
    return slice.getSourceType().getDimSize(pos + 1) == slice.getType().getDimSize(pos + 1);
  };
  for (unsigned d = 1, e = op.getNumLoops(); d < e; ++d) {
    bool joins = iterators[d] == iterators[d - 1];
    for (OpOperand &operand : op->getOpOperands()) {
      AffineMap map = op.getMatchingIndexingMap(&operand);
      std::optional<unsigned> prev = map.getResultPosition(getAffineDimExpr(d - 1, ctx));
      std::optional<unsigned> cur = map.getResultPosition(getAffineDimExpr(d, ctx));
      if (prev.has_value() != cur.has_value() || (prev && *cur != *prev + 1) ||
          (prev && !spansInner(operand.get(), *prev))) {
        joins = false;
        break;
      }
    }
    if (joins)
      groups.back().push_back(d);
    else
      groups.push_back({d});
  }
  return groups;
}

/// Whether `op` is an epilogue of `input`: see Epilogue::consumer.
bool mlir::dlc::isUnaryEpilogue(linalg::GenericOp op, Value input) {
  if (op.getNumDpsInputs() != 1 || op.getNumDpsInits() != 1 ||
      op.getDpsInputs()[0] != input || !op.hasPureTensorSemantics() ||
      op.getNumReductionLoops() != 0 || op->getResult(0).getType() != input.getType() ||
      llvm::any_of(op.getIndexingMapsArray(), [](AffineMap m) { return !m.isIdentity(); }))
    return false;
  return hasElementwiseBody(op);
}

bool mlir::dlc::hasElementwiseBody(linalg::GenericOp op) {
  if (op.getNumDpsInits() != 1)
    return false;
  Block &body = op.getRegion().front();
  if (!body.getArguments().back().use_empty())
    return false;
  for (Operation &inner : body.without_terminator()) {
    if (isa<arith::ConstantOp>(inner))
      continue;
    if (!inner.hasTrait<OpTrait::Vectorizable>() || inner.getNumRegions() != 0 ||
        !isa<arith::ArithDialect, math::MathDialect>(inner.getDialect()))
      return false;
    for (Value operand : inner.getOperands())
      if (operand.getParentBlock() != &body && !operand.getDefiningOp<arith::ConstantOp>())
        return false;
  }
  Value yielded = body.getTerminator()->getOperand(0);
  return yielded.getParentBlock() == &body;
}

/// The epilogue of contraction `op`, if its result goes (through reshapes)
/// to one elementwise op only.
std::optional<mlir::dlc::Epilogue> mlir::dlc::findEpilogue(linalg::LinalgOp op) {
  if (op->getNumResults() != 1 || op.getNumDpsInits() != 1)
    return std::nullopt;
  Value value = op->getResult(0);
  while (value.hasOneUse()) {
    Operation *user = *value.getUsers().begin();
    if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(user)) {
      value = user->getResult(0);
      continue;
    }
    auto consumer = dyn_cast<linalg::GenericOp>(user);
    if (!consumer || !isUnaryEpilogue(consumer, value))
      return std::nullopt;
    Epilogue epilogue{consumer};
    // The initial value's writer, through reshapes.
    Value init = op.getDpsInits()[0];
    while (init.hasOneUse() && isa_and_nonnull<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(
                                   init.getDefiningOp())) {
      epilogue.initCollapses |= isa<tensor::CollapseShapeOp>(init.getDefiningOp());
      init = init.getDefiningOp()->getOperand(0);
    }
    Operation *writer = init.getDefiningOp();
    if (!init.hasOneUse() || !writer)
      return epilogue;
    if (auto fill = dyn_cast<linalg::FillOp>(writer))
      epilogue.initWriter = fill;
    if (auto generic = dyn_cast<linalg::GenericOp>(writer);
        generic && generic.getNumDpsInits() == 1 &&
        generic.getRegion().front().getArguments().back().use_empty())
      epilogue.initWriter = generic;
    return epilogue;
  }
  return std::nullopt;
}

void mlir::dlc::copyMarks(Operation *from, Operation *to) {
  for (StringRef name : {kEpilogueAttr.data(), kInitialValueAttr.data()})
    if (Attribute mark = from->getAttr(name))
      to->setAttr(name, mark);
}

Value mlir::dlc::applyBody(RewriterBase &rewriter, linalg::GenericOp op, ValueRange values,
                           Operation *before) {
  rewriter.setInsertionPoint(before);
  auto type = cast<VectorType>(values.front().getType());
  Block &body = op.getRegion().front();
  IRMapping mapping;
  mapping.map(body.getArguments().take_front(values.size()), values);
  auto splat = [&](Value scalar) -> Value {
    Operation *constant = rewriter.clone(*scalar.getDefiningOp());
    return vector::BroadcastOp::create(rewriter, before->getLoc(),
                                       VectorType::get(type.getShape(), scalar.getType()),
                                       constant->getResult(0));
  };
  for (Operation &inner : body.without_terminator()) {
    if (isa<arith::ConstantOp>(inner))
      continue;
    SmallVector<Value> operands;
    for (Value operand : inner.getOperands())
      operands.push_back(mapping.contains(operand) ? mapping.lookup(operand) : splat(operand));
    SmallVector<Type> types;
    for (Type t : inner.getResultTypes())
      types.push_back(VectorType::get(type.getShape(), t));
    // (At its own location: the layer it came from, for --per-layer and
    // the layer graph.)
    OperationState state(inner.getLoc(), inner.getName(), operands, types, inner.getAttrs());
    Operation *vectorOp = rewriter.create(state);
    mapping.map(inner.getResults(), vectorOp->getResults());
  }
  return mapping.lookup(body.getTerminator()->getOperand(0));
}
