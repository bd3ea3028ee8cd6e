//===- WeightPacker.cpp - weights re-laid out for the microkernels --------===//
//
// See WeightPacker.h.
//
//===----------------------------------------------------------------------===//

#include "WeightPacker.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// `values` (of `shape`) transposed by `perm`: result dim i is dim perm[i].
std::vector<float> transposeData(ArrayRef<float> values, ArrayRef<int64_t> shape,
                                 ArrayRef<int64_t> perm) {
  size_t rank = shape.size();
  SmallVector<int64_t> strides(rank, 1), outShape(rank);
  for (int64_t d = static_cast<int64_t>(rank) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  for (size_t i = 0; i < rank; ++i)
    outShape[i] = shape[perm[i]];
  std::vector<float> out(values.size());
  SmallVector<int64_t> index(rank, 0);
  for (float &v : out) {
    int64_t offset = 0;
    for (size_t i = 0; i < rank; ++i)
      offset += index[i] * strides[perm[i]];
    v = values[offset];
    for (int64_t i = static_cast<int64_t>(rank) - 1; i >= 0; --i) {
      if (++index[i] < outShape[i])
        break;
      index[i] = 0;
    }
  }
  return out;
}

/// Whether `op` copies its one input into its output (through any input
/// map, the output's the identity).
bool isCopy(linalg::GenericOp op) {
  if (op.getNumDpsInputs() != 1 || op.getNumDpsInits() != 1 ||
      op.getNumParallelLoops() != op.getNumLoops() ||
      !op.getMatchingIndexingMap(op.getDpsInitOperand(0)).isIdentity())
    return false;
  Block &body = op.getRegion().front();
  return body.getOperations().size() == 1 &&
         cast<linalg::YieldOp>(body.getTerminator()).getOperand(0) == body.getArgument(0);
}

} // namespace

Value WeightPacker::pack(RewriterBase &rewriter, Location loc, Value filter,
                         ArrayRef<int64_t> shape, ArrayRef<int64_t> perm,
                         AffineMap toFilter) {
  auto type = cast<RankedTensorType>(filter.getType());
  SmallVector<int64_t> packedShape;
  for (int64_t p : perm)
    packedShape.push_back(shape[p]);
  auto packedType = RankedTensorType::get(packedShape, type.getElementType());
  if (auto constant = filter.getDefiningOp<arith::ConstantOp>())
    if (Attribute packed = packConstant(constant.getValue(), packedType, shape, perm))
      return arith::ConstantOp::create(rewriter, loc, cast<TypedAttr>(packed));
  // At run time: one copy reading the filter through `toFilter`, or, when
  // the filter is itself a copy (a transposed convolution's flipped
  // filter), reading that copy's source through both maps: the flipped
  // filter is never materialized (9 MB for a 512-channel 3x3 layer).
  Value source = filter;
  AffineMap map = toFilter;
  if (auto copy = filter.getDefiningOp<linalg::GenericOp>(); copy && isCopy(copy)) {
    source = copy.getDpsInputOperand(0)->get();
    map = copy.getMatchingIndexingMap(copy.getDpsInputOperand(0)).compose(toFilter);
  }
  Value init = tensor::EmptyOp::create(rewriter, loc, packedShape, type.getElementType());
  auto packed = linalg::GenericOp::create(
      rewriter, loc, TypeRange{packedType}, ValueRange{source}, ValueRange{init},
      ArrayRef<AffineMap>{map, rewriter.getMultiDimIdentityMap(packedShape.size())},
      SmallVector<utils::IteratorType>(packedShape.size(), utils::IteratorType::parallel),
      [](OpBuilder &nb, Location l, ValueRange args) {
        linalg::YieldOp::create(nb, l, args[0]);
      });
  return packed.getResult(0);
}


Attribute WeightPacker::packConstant(Attribute value, RankedTensorType packedType,
                                     ArrayRef<int64_t> shape, ArrayRef<int64_t> perm) {
  auto key = std::make_tuple(value.getAsOpaquePointer(),
                             std::vector<int64_t>(shape.begin(), shape.end()),
                             std::vector<int64_t>(perm.begin(), perm.end()));
  if (auto it = cache.find(key); it != cache.end())
    return it->second;
  auto sourceType = cast<ShapedType>(cast<TypedAttr>(value).getType());
  if (!sourceType.getElementType().isF32() || !sourceType.hasStaticShape())
    return nullptr;
  Attribute packed;
  if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(value)) {
    std::optional<ArrayRef<float>> data = resource.tryGetAsArrayRef();
    if (!data || static_cast<int64_t>(data->size()) != sourceType.getNumElements())
      return nullptr;
    std::vector<float> out = transposeData(*data, shape, perm);
    std::string name = (resource.getRawHandle().getKey() + ".packed").str();
    packed = DenseF32ResourceElementsAttr::get(
        packedType, name, HeapAsmResourceBlob::allocateAndCopyInferAlign<float>(out));
  } else if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    if (dense.isSplat()) {
      packed = dense.resizeSplat(packedType);
    } else {
      SmallVector<float> data(dense.getValues<float>());
      packed = DenseElementsAttr::get(packedType,
                                      ArrayRef<float>(transposeData(data, shape, perm)));
    }
  }
  if (packed)
    cache[key] = packed;
  return packed;
}

