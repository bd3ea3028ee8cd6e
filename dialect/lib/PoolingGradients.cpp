//===- PoolingGradients.cpp - adjoint rules of the pooling ops --------------===//
//
// max_pool2d routes each output gradient to its window's first maximum
// (PyTorch's tie rule): its rule switches the forward to
// max_pool2d_with_indices, which computes the same output and the arg-max
// indices (the original op is left without uses for the canonicalizer to
// drop), and max_pool2d_backward gathers the gradient by those indices.
// avg_pool2d spreads g / divisor over each window: the divided gradient is
// repeated for every tap and summed back onto the input by col2im. The
// global poolings broadcast back (max: to the elements equal to the
// maximum, split evenly among ties as torch.amax does). adaptive_avg_pool2d
// is linear and separable: per axis a broadcast when the bins tile the
// input, else a matmul with a constant [input, bins] matrix.
// adaptive_max_pool2d and roi_pool recompute their arg-maxes in their
// backward ops; the ROIs get no gradient.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/ConvolutionOps.h"
#include "dlc/Dialect/DLC/DataMovementOps.h"
#include "dlc/Dialect/DLC/GradientUtils.h"
#include "dlc/Dialect/DLC/LinearOps.h"
#include "dlc/Dialect/DLC/PoolingOps.h"
#include "dlc/Dialect/DLC/ShapeUtils.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace mlir::dlc;
using grad::Emitter;

namespace {

ArrayRef<int64_t> shapeOf(Value v) { return cast<RankedTensorType>(v.getType()).getShape(); }

/// An f32 dlc.constant of `shape` holding `values` (row-major).
Value constant(OpBuilder &b, Location loc, ArrayRef<int64_t> shape, ArrayRef<float> values) {
  auto type = RankedTensorType::get(shape, b.getF32Type());
  return ConstantOp::create(b, loc, cast<ElementsAttr>(DenseElementsAttr::get(type, values)));
}

/// max_pool2d_backward of `g` by the indices of a max_pool2d_with_indices.
Value maxPoolAdjoint(OpBuilder &b, MaxPool2DWithIndicesOp forward, Value g) {
  ArrayRef<int64_t> in = shapeOf(forward.getInput());
  return MaxPool2DBackwardOp::create(b, forward.getLoc(), g, forward.getIndices(),
                                     in.drop_front(2), forward.getKernelShape(),
                                     forward.getStrides(), forward.getPadding(),
                                     forward.getDilations(), forward.getCeilMode(),
                                     forward.getStorageOrder());
}

/// PyTorch's adaptive bin `o` of `bins` over `size` elements:
/// [floor(o * size / bins), ceil((o + 1) * size / bins)).
std::pair<int64_t, int64_t> adaptiveBin(int64_t o, int64_t size, int64_t bins) {
  return {o * size / bins, ((o + 1) * size + bins - 1) / bins};
}

/// The adjoint of adaptive average pooling along spatial axis `axis` (2 or
/// 3) of `v`, from `bins` to `size` elements: each element gets the sum of
/// g / |bin| over the bins holding it.
Value spreadAdaptiveAxis(Emitter &e, Value v, int64_t axis, int64_t size, int64_t bins) {
  SmallVector<int64_t> shape(shapeOf(v));
  if (size % bins == 0) {
    // Equal bins that tile the axis: repeat each bin's g / |bin|.
    int64_t width = size / bins;
    if (width == 1)
      return v;
    SmallVector<int64_t> split(shape), repeated(shape), merged(shape);
    split.insert(split.begin() + axis + 1, 1);
    repeated.insert(repeated.begin() + axis + 1, width);
    merged[axis] = size;
    Value scaled = e.mul(v, e.scalar(1.0 / static_cast<double>(width)));
    Value wide = ExpandOp::create(e.b, e.loc, e.reshape(scaled, split), repeated);
    return e.reshape(wide, merged);
  }
  // Overlapping or repeating bins: a matmul with the [size, bins] matrix
  // m[x, o] = 1 / |bin o| where x is in bin o (transposed for the columns).
  bool rows = axis == 2;
  SmallVector<float> matrix(size * bins, 0.0f);
  for (int64_t o = 0; o < bins; ++o) {
    auto [start, end] = adaptiveBin(o, size, bins);
    for (int64_t x = start; x < end; ++x)
      matrix[rows ? x * bins + o : o * size + x] = 1.0f / static_cast<float>(end - start);
  }
  Value m = constant(e.b, e.loc, rows ? ArrayRef<int64_t>{size, bins}
                                      : ArrayRef<int64_t>{bins, size},
                     matrix);
  return rows ? MatMulOp::create(e.b, e.loc, m, v) : MatMulOp::create(e.b, e.loc, v, m);
}

} // namespace

DLC_ADJOINTS(MaxPool2DOp) {
  grad::initAdjoints(*this, operandAdjoints);
  if (!resultAdjoints[0] || !needed[0])
    return success();
  // The same pooling with indices, right after this op so that it dominates
  // every use of the output it takes over.
  OpBuilder forward(getContext());
  forward.setInsertionPointAfter(*this);
  auto withIndices = MaxPool2DWithIndicesOp::create(
      forward, getLoc(), getInput(), getKernelShape(), getStrides(), getPadding(),
      getDilations(), getCeilMode(), /*storage_order=*/0);
  getOutput().replaceAllUsesWith(withIndices.getOutput());
  operandAdjoints[0] = maxPoolAdjoint(b, withIndices, resultAdjoints[0]);
  return success();
}

DLC_ADJOINTS(MaxPool2DWithIndicesOp) {
  grad::initAdjoints(*this, operandAdjoints);
  if (resultAdjoints[0] && needed[0])
    operandAdjoints[0] = maxPoolAdjoint(b, *this, resultAdjoints[0]);
  return success();
}

DLC_ADJOINTS(AvgPool2DOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g || !needed[0])
    return success();
  Emitter e(b, getLoc());
  ArrayRef<int64_t> in = shapeOf(getInput()), out = shapeOf(g);
  ArrayRef<int64_t> k = getKernelShape(), s = getStrides(), p = getPadding();
  bool includePad = getCountIncludePad();
  // g / divisor, the divisor per output position as the forward has it.
  SmallVector<float> reciprocal;
  for (int64_t y = 0; y < out[2]; ++y)
    for (int64_t x = 0; x < out[3]; ++x) {
      int64_t count = avgPoolDivisor(y, in[2], k[0], s[0], p[0], p[2], includePad) *
                      avgPoolDivisor(x, in[3], k[1], s[1], p[1], p[3], includePad);
      reciprocal.push_back(count > 0 ? 1.0f / static_cast<float>(count) : 0.0f);
    }
  Value scaled = e.mul(g, constant(b, getLoc(), out.drop_front(2), reciprocal));
  // Every tap of window l receives scaled[l]: the columns col2im sums.
  int64_t n = out[0], c = out[1], taps = k[0] * k[1], windows = out[2] * out[3];
  Value cols = ExpandOp::create(b, getLoc(), e.reshape(scaled, {n, c, 1, windows}),
                                ArrayRef<int64_t>{n, c, taps, windows});
  cols = e.reshape(cols, {n, c * taps, windows});
  // ceil_mode windows may reach past the end padding: col2im over an image
  // extended by those rows/columns (so that it counts the same windows),
  // cropped afterwards; what lands there matches no input element.
  int64_t extra[2];
  for (int a = 0; a < 2; ++a)
    extra[a] = std::max<int64_t>(0, (out[2 + a] - 1) * s[a] + k[a] - in[2 + a] - p[a] -
                                        p[a + 2]);
  int64_t one[] = {1, 1};
  Value dx = Col2ImOp::create(b, getLoc(), cols,
                              ArrayRef<int64_t>{in[2] + extra[0], in[3] + extra[1]}, k, s,
                              p, one);
  if (extra[0] > 0 || extra[1] > 0)
    dx = SliceOp::create(b, getLoc(), dx, ArrayRef<int64_t>{0, 0},
                         ArrayRef<int64_t>{in[2], in[3]}, b.getDenseI64ArrayAttr({2, 3}),
                         b.getDenseI64ArrayAttr({1, 1}));
  operandAdjoints[0] = dx;
  return success();
}

DLC_ADJOINTS(GlobalAvgPoolOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g || !needed[0])
    return success();
  Emitter e(b, getLoc());
  ArrayRef<int64_t> in = shapeOf(getInput());
  int64_t count = 1;
  for (int64_t extent : in.drop_front(2))
    count *= extent;
  operandAdjoints[0] =
      ExpandOp::create(b, getLoc(), e.mul(g, e.scalar(1.0 / static_cast<double>(count))),
                       in);
  return success();
}

DLC_ADJOINTS(GlobalMaxPoolOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g || !needed[0])
    return success();
  Emitter e(b, getLoc());
  SmallVector<int64_t> spatial;
  for (int64_t d = 2, rank = shapeOf(getInput()).size(); d < rank; ++d)
    spatial.push_back(d);
  Value hit = e.compare(getInput(), getOutput(), "eq");
  operandAdjoints[0] = e.mul(hit, e.div(g, e.sumKeep(hit, spatial)));
  return success();
}

DLC_ADJOINTS(AdaptiveAvgPool2DOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g || !needed[0])
    return success();
  Emitter e(b, getLoc());
  ArrayRef<int64_t> in = shapeOf(getInput()), out = shapeOf(g);
  Value rows = spreadAdaptiveAxis(e, g, 2, in[2], out[2]);
  operandAdjoints[0] = spreadAdaptiveAxis(e, rows, 3, in[3], out[3]);
  return success();
}

DLC_ADJOINTS(AdaptiveMaxPool2DOp) {
  grad::initAdjoints(*this, operandAdjoints);
  if (resultAdjoints[0] && needed[0])
    operandAdjoints[0] =
        AdaptiveMaxPool2DBackwardOp::create(b, getLoc(), getInput(), resultAdjoints[0]);
  return success();
}

DLC_ADJOINTS(RoiPoolOp) {
  grad::initAdjoints(*this, operandAdjoints);
  if (resultAdjoints[0] && needed[0])
    operandAdjoints[0] = RoiPoolBackwardOp::create(b, getLoc(), getInput(), getRois(),
                                                   resultAdjoints[0], getSpatialScaleAttr());
  return success();
}
