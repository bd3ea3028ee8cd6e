//===- PadInPlace.cpp - the dlc-pad-in-place pass ---------------------------===//
//
// Rewrites a constant-valued tensor.pad
//
//   %p = tensor.pad %src low[l] high[h] { tensor.yield %v }
//
// into a fill of the padded tensor whose interior the source's producer
// writes (see Passes.td):
//
//   %f = linalg.generic outs(tensor.empty) { yield %v }
//   %i = tensor.extract_slice %f[l] [src shape] [1]
//   %w = <the elementwise producer of %src, its destination %i>
//        (or an elementwise copy of %src into %i)
//   %p = tensor.insert_slice %w into %f[l] [src shape] [1]
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_PADINPLACE
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

/// Whether `op` can be rebuilt to write its single result into another
/// destination: elementwise (all loops parallel), its result read through
/// the identity, its destination's value unused, `pad` its only user.
bool canRetarget(linalg::GenericOp op, tensor::PadOp pad) {
  if (!op || !op.hasPureTensorSemantics() || op->getNumResults() != 1 ||
      op.getNumDpsInits() != 1 || !op->getResult(0).hasOneUse() ||
      op.getNumParallelLoops() != op.getNumLoops())
    return false;
  OpOperand *init = op.getDpsInitOperand(0);
  return op.getMatchingIndexingMap(init).isIdentity() &&
         !op.payloadUsesValueFromOperand(init) &&
         op->getBlock() == pad->getBlock();
}

/// An elementwise generic over `type`'s shape: `outs(dest) { yield
/// body(ins) }` with identity maps.
Value buildElementwise(OpBuilder &b, Location loc, ValueRange ins, Value dest,
                       function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  auto type = cast<RankedTensorType>(dest.getType());
  AffineMap id = b.getMultiDimIdentityMap(type.getRank());
  SmallVector<AffineMap> maps(ins.size() + 1, id);
  SmallVector<utils::IteratorType> iterators(type.getRank(), utils::IteratorType::parallel);
  auto op = linalg::GenericOp::create(
      b, loc, TypeRange{type}, ins, ValueRange{dest}, maps, iterators,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        linalg::YieldOp::create(nb, l, body(nb, l, args));
      });
  return op.getResult(0);
}

/// Whether `pad` pads the H and W of an NCHW tensor only (a convolution's
/// or a pooling's input).
bool padsImagesOnly(tensor::PadOp pad) {
  ArrayRef<int64_t> low = pad.getStaticLow(), high = pad.getStaticHigh();
  return pad.getSourceType().getRank() == 4 && low[0] == 0 && low[1] == 0 &&
         high[0] == 0 && high[1] == 0;
}

/// `dest` (an NCHW tensor padded in H and W only, see padsImagesOnly) with
/// `value` written into its border around the [H, W] interior at
/// (`low[2]`, `low[3]`), the interior left as it is: one parallel kernel
/// over the image planes writing the border rows and columns. A fill of the
/// whole padded tensor before its interior was written wrote every element
/// once more than needed (a ResNet stem's 8x64x114x114 max pooling input:
/// 27 MB); a fill per side was eight small kernels per pad, whose start-up
/// cost more than they saved in MobileNet v2.
Value fillBorder(OpBuilder &b, Location loc, Value dest, Value value, ArrayRef<int64_t> low,
                 ArrayRef<int64_t> interior) {
  auto type = cast<RankedTensorType>(dest.getType());
  ArrayRef<int64_t> shape = type.getShape();
  int64_t h = interior[2], w = interior[3], top = low[2], left = low[3];
  int64_t bottom = shape[2] - top - h, right = shape[3] - left - w;
  auto forall = scf::ForallOp::create(
      b, loc, getAsIndexOpFoldResult(b.getContext(), {shape[0], shape[1]}), ValueRange{dest},
      std::nullopt);
  OpBuilder nb = OpBuilder::atBlockBegin(forall.getBody());
  Value n = forall.getInductionVar(0), c = forall.getInductionVar(1);
  Value out = forall.getRegionIterArgs()[0];
  auto planeType = RankedTensorType::get({shape[2], shape[3]}, type.getElementType());
  SmallVector<OpFoldResult> offsets = {n, c, nb.getIndexAttr(0), nb.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {nb.getIndexAttr(1), nb.getIndexAttr(1),
                                     nb.getIndexAttr(shape[2]), nb.getIndexAttr(shape[3])};
  SmallVector<OpFoldResult> strides(4, nb.getIndexAttr(1));
  Value plane = tensor::ExtractSliceOp::create(nb, loc, planeType, out, offsets, sizes, strides);
  // One splat write per side: rows [row, row + rows) by columns [col, col + cols).
  auto writeBox = [&](int64_t row, int64_t col, int64_t rows, int64_t cols) {
    if (rows == 0 || cols == 0)
      return;
    auto vectorType = VectorType::get({rows, cols}, type.getElementType());
    Value splat = vector::BroadcastOp::create(nb, loc, vectorType, value);
    SmallVector<Value> indices = {arith::ConstantIndexOp::create(nb, loc, row),
                                  arith::ConstantIndexOp::create(nb, loc, col)};
    plane = vector::TransferWriteOp::create(nb, loc, splat, plane, indices,
                                            SmallVector<bool>{true, true})
                .getResult();
  };
  writeBox(0, 0, top, shape[3]);
  writeBox(top + h, 0, bottom, shape[3]);
  writeBox(top, 0, h, left);
  writeBox(top, left + w, h, right);
  nb.setInsertionPointToEnd(forall.getTerminator().getBody());
  tensor::ParallelInsertSliceOp::create(nb, loc, plane, out, offsets, sizes, strides);
  return forall.getResult(0);
}

LogicalResult rewritePad(RewriterBase &rewriter, tensor::PadOp pad, int64_t id) {
  Value value = pad.getConstantPaddingValue();
  auto srcType = pad.getSourceType();
  auto padType = pad.getResultType();
  if (!value || !srcType.hasStaticShape() || !padType.hasStaticShape() ||
      !pad.getStaticLow().size() ||
      llvm::any_of(pad.getStaticLow(), ShapedType::isDynamic) ||
      llvm::any_of(pad.getStaticHigh(), ShapedType::isDynamic) || pad.getNofold())
    return failure();
  Location loc = pad.getLoc();
  auto source = pad.getSource().getDefiningOp<linalg::GenericOp>();
  bool retarget = canRetarget(source, pad);
  // The fill goes before the producer it becomes the destination of (else
  // before the pad): the border value must be defined there.
  Operation *at = retarget ? source.getOperation() : pad.getOperation();
  if (Operation *def = value.getDefiningOp())
    if (def->getBlock() == at->getBlock() && !def->isBeforeInBlock(at))
      return failure();
  rewriter.setInsertionPoint(at);
  // A constant yielded from inside the pad's region goes with the pad: a
  // copy of it is made outside.
  if (Operation *def = value.getDefiningOp(); def && pad->isProperAncestor(def))
    value = rewriter.clone(*def)->getResult(0);
  // (Each padded tensor's empty tensor is marked as its own, so that CSE
  // does not merge the fills of two same-shaped pads into one value that
  // both would then write, which bufferization resolves by copying it.)
  auto emptyOp = tensor::EmptyOp::create(rewriter, loc, padType.getShape(),
                                         padType.getElementType());
  emptyOp->setAttr("dlc.padded", rewriter.getI64IntegerAttr(id));
  Value empty = emptyOp;
  // The pads of images get their border after the interior is written (an
  // op with a region could not move before the writer of a convolution's
  // initial value, which dlc-tile-and-vectorize redirects into the
  // interior); any other pad is filled whole first.
  bool border = padsImagesOnly(pad);
  Value fill = border ? empty
                      : buildElementwise(rewriter, loc, {}, empty,
                                         [&](OpBuilder &, Location, ValueRange) { return value; });
  SmallVector<OpFoldResult> offsets = pad.getMixedLowPad();
  SmallVector<OpFoldResult> sizes, strides(srcType.getRank(), rewriter.getIndexAttr(1));
  for (int64_t d : srcType.getShape())
    sizes.push_back(rewriter.getIndexAttr(d));
  Value interior = tensor::ExtractSliceOp::create(rewriter, loc, srcType, fill, offsets,
                                                  sizes, strides);
  Value written;
  if (retarget) {
    IRMapping mapping;
    mapping.map(source.getDpsInitOperand(0)->get(), interior);
    Operation *clone = rewriter.clone(*source, mapping);
    written = clone->getResult(0);
    rewriter.setInsertionPoint(pad);
  } else {
    rewriter.setInsertionPoint(pad);
    written = buildElementwise(rewriter, loc, {pad.getSource()}, interior,
                               [](OpBuilder &, Location, ValueRange args) { return args[0]; });
  }
  Value padded = tensor::InsertSliceOp::create(rewriter, loc, written, fill, offsets, sizes,
                                               strides);
  if (border)
    padded = fillBorder(rewriter, loc, padded, value, pad.getStaticLow(), srcType.getShape());
  rewriter.replaceOp(pad, padded);
  if (retarget)
    rewriter.eraseOp(source);
  return success();
}

struct PadInPlace : mlir::dlc::impl::PadInPlaceBase<PadInPlace> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    SmallVector<tensor::PadOp> pads;
    getOperation().walk([&](tensor::PadOp pad) { pads.push_back(pad); });
    int64_t id = 0;
    for (tensor::PadOp pad : pads)
      if (succeeded(rewritePad(rewriter, pad, id)))
        ++id;
  }
};

} // namespace
