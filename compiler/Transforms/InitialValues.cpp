//===- InitialValues.cpp - accumulators that start from their initial value ===//
//
// A convolution's or matrix product's output starts as its initial value:
// the bias broadcast over the pixels, bias + residual
// (dlc-fuse-conv-epilogue), or zeros. Written by an op of its own, that
// value went through memory twice: written over the whole output, then
// read back by every register tile as its accumulators' start (MobileNet
// v2's expansion layers spent a third of their time on it). Here the
// register tiles compute it themselves: their accumulators start from the
// writer's body applied to the bias (and residual) tile, read straight from
// the writer's inputs, and when every tile does, the writer goes.
//
//===----------------------------------------------------------------------===//

#include "TilingUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;

namespace {

/// Whether `op` writes nothing but a value computed lane by lane from
/// tensors it reads through projected permutations (a broadcast bias,
/// bias + residual) or a scalar (a fill).
bool isInitialValueWriter(Operation *op) {
  if (auto fill = dyn_cast<linalg::FillOp>(op))
    return fill.hasPureTensorSemantics();
  auto generic = dyn_cast<linalg::GenericOp>(op);
  if (!generic || !generic.hasPureTensorSemantics() || generic.getNumDpsInits() != 1 ||
      generic.getNumReductionLoops() != 0 || generic.getNumDpsInputs() == 0 ||
      !generic.getMatchingIndexingMap(generic.getDpsInitOperand(0)).isIdentity() ||
      !dlc::hasElementwiseBody(generic))
    return false;
  return llvm::all_of(generic.getDpsInputOperands(), [&](OpOperand *input) {
    return isa<RankedTensorType>(input->get().getType()) &&
           generic.getMatchingIndexingMap(input).isProjectedPermutation();
  });
}

/// `writer` (an initial value writer) remade to write `reshape`'s result
/// directly: the same values in the reshaped shape. nullptr where an input
/// cannot follow (a collapse that merges a dim the bias is indexed by).
Operation *reshapeWriter(RewriterBase &rewriter, Operation *writer, Operation *reshape) {
  auto expand = dyn_cast<tensor::ExpandShapeOp>(reshape);
  auto collapse = dyn_cast<tensor::CollapseShapeOp>(reshape);
  SmallVector<ReassociationIndices> groups =
      expand ? expand.getReassociationIndices() : collapse.getReassociationIndices();
  auto resultType = cast<RankedTensorType>(reshape->getResult(0).getType());
  Value dest = cast<DestinationStyleOpInterface>(writer).getDpsInits()[0];
  Location loc = writer->getLoc();
  MLIRContext *ctx = rewriter.getContext();

  auto generic = dyn_cast<linalg::GenericOp>(writer);
  // Each input's new map and reshape (expand: one group per dim).
  SmallVector<AffineMap> maps;
  SmallVector<SmallVector<ReassociationIndices>> inputGroups;
  if (generic) {
    // The group of old dim `d` (expand) or the group holding it (collapse).
    auto groupOf = [&](unsigned d) -> unsigned {
      for (auto [i, group] : llvm::enumerate(groups))
        if (llvm::is_contained(group, (int64_t)d))
          return i;
      return 0;
    };
    for (OpOperand *input : generic.getDpsInputOperands()) {
      AffineMap map = generic.getMatchingIndexingMap(input);
      SmallVector<AffineExpr> results;
      SmallVector<ReassociationIndices> reshaped;
      int64_t next = 0;
      for (AffineExpr expr : map.getResults()) {
        unsigned d = cast<AffineDimExpr>(expr).getPosition();
        if (expand) {
          ReassociationIndices group;
          for (int64_t n : groups[d]) {
            results.push_back(getAffineDimExpr(n, ctx));
            group.push_back(next++);
          }
          reshaped.push_back(group);
        } else {
          unsigned g = groupOf(d);
          if (groups[g].size() != 1)
            return nullptr;
          results.push_back(getAffineDimExpr(g, ctx));
        }
      }
      maps.push_back(AffineMap::get(resultType.getRank(), 0, results, ctx));
      inputGroups.push_back(reshaped);
    }
    maps.push_back(rewriter.getMultiDimIdentityMap(resultType.getRank()));
  }

  rewriter.setInsertionPoint(reshape);
  Value newDest =
      expand ? tensor::ExpandShapeOp::create(rewriter, loc, resultType, dest, groups).getResult()
             : tensor::CollapseShapeOp::create(rewriter, loc, dest, groups).getResult();
  if (auto fill = dyn_cast<linalg::FillOp>(writer))
    return linalg::FillOp::create(rewriter, loc, fill.getInputs(), ValueRange{newDest});

  SmallVector<Value> inputs;
  for (auto [input, reshaped, map] :
       llvm::zip(generic.getDpsInputs(), inputGroups, maps)) {
    auto type = cast<RankedTensorType>(input.getType());
    if (!expand || type.getRank() == map.getNumResults()) {
      inputs.push_back(input);
      continue;
    }
    SmallVector<int64_t> shape;
    for (AffineExpr expr : map.getResults())
      shape.push_back(resultType.getDimSize(cast<AffineDimExpr>(expr).getPosition()));
    inputs.push_back(tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get(shape, type.getElementType()), input, reshaped));
  }
  auto reshaped = linalg::GenericOp::create(
      rewriter, loc, TypeRange{resultType}, inputs, ValueRange{newDest}, maps,
      SmallVector<utils::IteratorType>(resultType.getRank(), utils::IteratorType::parallel));
  rewriter.cloneRegionBefore(generic.getRegion(), reshaped.getRegion(),
                             reshaped.getRegion().end());
  return reshaped;
}

/// Where tile `value` lies in the tensor it was cut from: that tensor, the
/// tile's offsets in it and, for each dim of the tile, the dim of the
/// tensor it spans. Followed through extract_slice ops, the iter_args and
/// shared_outs of the loops tiling made (a tile's place in them holds the
/// initial value until the tile is written), the results of loops that
/// carry a tensor unchanged, and inserts of other, disjoint slices (the
/// parts of an extent split into whole tiles and a remainder).
struct TileOrigin {
  Value tensor;
  SmallVector<OpFoldResult> offsets;
  SmallVector<unsigned> dims;
};

OpFoldResult addOffsets(OpBuilder &b, Location loc, OpFoldResult x, OpFoldResult y) {
  std::optional<int64_t> cx = getConstantIntValue(x), cy = getConstantIntValue(y);
  if (cx && cy)
    return b.getIndexAttr(*cx + *cy);
  if (cx == 0)
    return y;
  if (cy == 0)
    return x;
  return arith::AddIOp::create(b, loc, getValueOrCreateConstantIndexOp(b, loc, x),
                               getValueOrCreateConstantIndexOp(b, loc, y))
      .getResult();
}

/// Whether two slices of one tensor (static offsets and sizes, unit
/// strides) do not overlap.
bool disjoint(OffsetSizeAndStrideOpInterface a, OffsetSizeAndStrideOpInterface b) {
  if (!a.hasUnitStride() || !b.hasUnitStride())
    return false;
  for (auto [ao, as, bo, bs] : llvm::zip(a.getMixedOffsets(), a.getMixedSizes(),
                                         b.getMixedOffsets(), b.getMixedSizes())) {
    std::optional<int64_t> aOff = getConstantIntValue(ao), aSize = getConstantIntValue(as);
    std::optional<int64_t> bOff = getConstantIntValue(bo), bSize = getConstantIntValue(bs);
    if (aOff && aSize && bOff && bSize && (*aOff + *aSize <= *bOff || *bOff + *bSize <= *aOff))
      return true;
  }
  return false;
}

std::optional<TileOrigin> traceTile(OpBuilder &b, Location loc, Value value) {
  if (auto slice = value.getDefiningOp<tensor::ExtractSliceOp>()) {
    if (!slice.hasUnitStride())
      return std::nullopt;
    Value source = slice.getSource();
    while (auto insert = source.getDefiningOp<tensor::InsertSliceOp>()) {
      if (!disjoint(slice, insert))
        return std::nullopt;
      source = insert.getDest();
    }
    std::optional<TileOrigin> origin = traceTile(b, loc, source);
    if (!origin)
      return std::nullopt;
    llvm::SmallBitVector dropped = slice.getDroppedDims();
    SmallVector<unsigned> dims;
    for (auto [s, offset] : llvm::enumerate(slice.getMixedOffsets())) {
      unsigned d = origin->dims[s];
      origin->offsets[d] = addOffsets(b, loc, origin->offsets[d], offset);
      if (!dropped.test(s))
        dims.push_back(d);
    }
    origin->dims = std::move(dims);
    return origin;
  }
  // (A tensor a loop carries without writing it.)
  if (auto result = dyn_cast<OpResult>(value))
    if (auto loop = dyn_cast<scf::ForOp>(result.getOwner()))
      if (dlc::carriesUnchanged(loop, result.getResultNumber()))
        return traceTile(b, loc, loop.getInitArgs()[result.getResultNumber()]);
  if (auto arg = dyn_cast<BlockArgument>(value)) {
    Operation *owner = arg.getOwner()->getParentOp();
    if (auto loop = dyn_cast<scf::ForOp>(owner))
      if (OpOperand *init = loop.getTiedLoopInit(arg))
        return traceTile(b, loc, init->get());
    if (auto forall = dyn_cast<scf::ForallOp>(owner))
      if (OpOperand *init = forall.getTiedOpOperand(arg))
        return traceTile(b, loc, init->get());
  }
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type)
    return std::nullopt;
  TileOrigin origin{value, SmallVector<OpFoldResult>(type.getRank(), b.getIndexAttr(0)), {}};
  for (unsigned d = 0; d < type.getRank(); ++d)
    origin.dims.push_back(d);
  return origin;
}

/// The values of `input` (read by `writer` through `map`) on the tile that
/// `read` reads of the writer's result, lying at `origin` in it, as a
/// vector of `read`'s shape. Only reads that need no transposition: a row
/// of the input broadcast over rows (the bias along an NCHW
/// convolution's channels when they are the vector lanes), a column of
/// it with each element splatted over a row (the bias along a matrix
/// product's rows), a tile of it in its own order (a residual). nullptr
/// otherwise.
Value readInput(RewriterBase &rewriter, vector::TransferReadOp read, const TileOrigin &origin,
                Value input, AffineMap map) {
  MLIRContext *ctx = rewriter.getContext();
  Location loc = read.getLoc();
  auto vectorType = read.getVectorType();
  auto inputType = cast<RankedTensorType>(input.getType());
  // The index of the tile's first element in the writer's result, then in
  // the input.
  SmallVector<OpFoldResult> start = origin.offsets;
  for (auto [t, index] : llvm::enumerate(read.getIndices()))
    start[origin.dims[t]] = addOffsets(rewriter, loc, start[origin.dims[t]], index);
  SmallVector<Value> indices;
  for (AffineExpr expr : map.getResults())
    indices.push_back(getValueOrCreateConstantIndexOp(
        rewriter, loc, start[cast<AffineDimExpr>(expr).getPosition()]));
  // Each vector dim's input dim (or none: broadcast).
  SmallVector<AffineExpr> results;
  SmallVector<std::optional<unsigned>> inputDims;
  for (AffineExpr expr : read.getPermutationMap().getResults()) {
    auto tileDim = dyn_cast<AffineDimExpr>(expr);
    std::optional<unsigned> pos;
    if (tileDim)
      pos = map.getResultPosition(getAffineDimExpr(origin.dims[tileDim.getPosition()], ctx));
    inputDims.push_back(pos);
    results.push_back(pos ? getAffineDimExpr(*pos, ctx) : getAffineConstantExpr(0, ctx));
  }
  AffineMap inputMap = AffineMap::get(inputType.getRank(), 0, results, ctx);
  Type elementType = inputType.getElementType();
  Value padding =
      arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(elementType));
  auto type = VectorType::get(vectorType.getShape(), elementType);
  SmallVector<bool> inBounds(vectorType.getRank(), true);
  if (inputMap.isMinorIdentityWithBroadcasting())
    return vector::TransferReadOp::create(rewriter, loc, type, input, indices, padding,
                                          inputMap, inBounds);
  // A tile of the input in its own order, across dims the vector does not
  // span (a residual's rows of pixels under an NCHW output's channels):
  // the read of a slice that drops those dims.
  if (llvm::all_of(inputDims, [](std::optional<unsigned> d) { return d.has_value(); }) &&
      llvm::is_sorted(inputDims) &&
      std::adjacent_find(inputDims.begin(), inputDims.end()) == inputDims.end()) {
    SmallVector<OpFoldResult> offsets(indices.begin(), indices.end());
    SmallVector<OpFoldResult> sizes(inputType.getRank(), rewriter.getIndexAttr(1));
    SmallVector<OpFoldResult> strides(inputType.getRank(), rewriter.getIndexAttr(1));
    for (auto [v, d] : llvm::enumerate(inputDims))
      sizes[*d] = rewriter.getIndexAttr(vectorType.getDimSize(v));
    auto sliceType = RankedTensorType::get(vectorType.getShape(), elementType);
    Value slice = tensor::ExtractSliceOp::create(rewriter, loc, sliceType, input, offsets,
                                                 sizes, strides);
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    return vector::TransferReadOp::create(
        rewriter, loc, type, slice, SmallVector<Value>(vectorType.getRank(), zero), padding,
        rewriter.getMultiDimIdentityMap(vectorType.getRank()), inBounds);
  }
  // A column splatted over rows: each element from memory, broadcast.
  if (vectorType.getRank() != 2 || !inputDims[0] || inputDims[1] ||
      vectorType.getDimSize(0) > 64)
    return nullptr;
  Value result = arith::ConstantOp::create(rewriter, loc, type, rewriter.getZeroAttr(type));
  auto rowType = VectorType::get({vectorType.getDimSize(1)}, elementType);
  for (int64_t i = 0; i < vectorType.getDimSize(0); ++i) {
    SmallVector<Value> at = indices;
    at[*inputDims[0]] = getValueOrCreateConstantIndexOp(
        rewriter, loc, addOffsets(rewriter, loc, at[*inputDims[0]], rewriter.getIndexAttr(i)));
    Value element = tensor::ExtractOp::create(rewriter, loc, input, at);
    Value row = vector::BroadcastOp::create(rewriter, loc, rowType, element);
    result = vector::InsertOp::create(rewriter, loc, row, result, i);
  }
  return result;
}

/// `read`'s vector computed from `writer`'s inputs instead, or nullptr.
Value computeInitialValue(RewriterBase &rewriter, vector::TransferReadOp read,
                          Operation *writer) {
  if (read.getMask() || !read.getPermutationMap().isProjectedPermutation())
    return nullptr;
  // In bounds (linalg::vectorize leaves a read of a whole static tile
  // unmarked).
  auto tileType = cast<RankedTensorType>(read.getBase().getType());
  for (auto [i, expr] : llvm::enumerate(read.getPermutationMap().getResults())) {
    if (read.getInBoundsValues()[i])
      continue;
    unsigned t = cast<AffineDimExpr>(expr).getPosition();
    std::optional<int64_t> index = getConstantIntValue(read.getIndices()[t]);
    if (!index || tileType.isDynamicDim(t) ||
        *index + read.getVectorType().getDimSize(i) > tileType.getDimSize(t))
      return nullptr;
  }
  rewriter.setInsertionPoint(read);
  Location loc = read.getLoc();
  std::optional<TileOrigin> origin = traceTile(rewriter, loc, read.getBase());
  if (!origin || origin->tensor != writer->getResult(0))
    return nullptr;
  if (auto fill = dyn_cast<linalg::FillOp>(writer)) {
    if (fill.getInputs()[0].getType() != read.getVectorType().getElementType())
      return nullptr;
    return vector::BroadcastOp::create(rewriter, loc, read.getVectorType(),
                                       fill.getInputs()[0]);
  }
  auto generic = cast<linalg::GenericOp>(writer);
  SmallVector<Value> inputs;
  for (OpOperand *input : generic.getDpsInputOperands()) {
    Value value = readInput(rewriter, read, *origin, input->get(),
                            generic.getMatchingIndexingMap(input));
    if (!value)
      return nullptr;
    inputs.push_back(value);
  }
  Value result = dlc::applyBody(rewriter, generic, inputs, read);
  return result.getType() == read.getVectorType() ? result : nullptr;
}

} // namespace

Operation *mlir::dlc::initialValueWriter(RewriterBase &rewriter, linalg::LinalgOp op) {
  if (op.getNumDpsInits() != 1 || !op.hasPureTensorSemantics())
    return nullptr;
  OpOperand &init = op.getDpsInitsMutable()[0];
  Operation *reshape = init.get().getDefiningOp();
  if (!init.get().hasOneUse() || !reshape)
    return nullptr;
  if (isInitialValueWriter(reshape))
    return reshape;
  if (!isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(reshape))
    return nullptr;
  Operation *writer = reshape->getOperand(0).getDefiningOp();
  if (!writer || !reshape->getOperand(0).hasOneUse() || !isInitialValueWriter(writer))
    return nullptr;
  Operation *reshaped = reshapeWriter(rewriter, writer, reshape);
  if (!reshaped)
    return nullptr;
  init.set(reshaped->getResult(0));
  rewriter.eraseOp(reshape);
  rewriter.eraseOp(writer);
  return reshaped;
}

void mlir::dlc::InitialValueWriters::mark(RewriterBase &rewriter, linalg::LinalgOp op) {
  Operation *writer = initialValueWriter(rewriter, op);
  if (!writer)
    return;
  op->setAttr(kInitialValueAttr, rewriter.getI64IntegerAttr(writers.size()));
  writers.push_back(writer);
  started.push_back(false);
  incomplete.push_back(false);
}

void mlir::dlc::InitialValueWriters::forget(Operation *writer) {
  for (auto [w, i] : llvm::zip(writers, incomplete))
    if (w == writer) {
      w = nullptr;
      i = true;
    }
}

void mlir::dlc::InitialValueWriters::start(RewriterBase &rewriter, Operation *root,
                                           bool retry) {
  SmallVector<std::pair<vector::TransferReadOp, int64_t>> reads;
  root->walk([&](Operation *op) {
    auto id = op->getAttrOfType<IntegerAttr>(kInitialValueAttr);
    if (!id)
      return;
    // A tile read inside a loop over K blocks is read once per block, and
    // only the first time from the initial value.
    auto read = dyn_cast<vector::TransferReadOp>(op);
    if (read && !isInReductionLoop(read)) {
      reads.push_back({read, id.getInt()});
      return;
    }
    op->removeAttr(kInitialValueAttr);
    incomplete[id.getInt()] = true;
  });
  for (auto [read, id] : reads) {
    Value value =
        writers[id] ? computeInitialValue(rewriter, read, writers[id]) : Value();
    if (!value) {
      if (!retry) {
        read->removeAttr(kInitialValueAttr);
        incomplete[id] = true;
      }
      continue;
    }
    rewriter.replaceOp(read, value);
    started[id] = true;
  }
}

void mlir::dlc::InitialValueWriters::eraseUnread(RewriterBase &rewriter) {
  for (auto [writer, s, i] : llvm::zip(writers, started, incomplete))
    if (writer && s && !i)
      rewriter.replaceOp(writer, cast<DestinationStyleOpInterface>(writer).getDpsInits()[0]);
  writers.clear();
}
