//===- ConvolutionGradients.cpp - adjoint rules of the convolutions ---------===//
//
// conv2d: the input adjoint is the transposed convolution of the output
// adjoint with the same filter, strides, padding, dilations and groups (its
// output_padding restores the rows and columns past the last window when
// the stride leaves a remainder); the filter adjoint is a batched GEMM, per
// image and group, of the input's im2col patches with the output adjoint
// (contracting over the output positions), summed over the images; the
// bias adjoint sums over N, H, W.
// conv_transpose2d is the same pair read the other way round: its input
// adjoint is a conv2d, its filter adjoint the GEMM of the output adjoint's
// patches with the input. im2col and col2im are each other's adjoint.
// Every adjoint is a dlc.conv2d, dlc.conv_transpose2d or dlc.matmul, so
// the lowering's im2col GEMM and tiling handle the backward as they do the
// forward.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/ConvolutionOps.h"
#include "dlc/Dialect/DLC/DataMovementOps.h"
#include "dlc/Dialect/DLC/GradientUtils.h"
#include "dlc/Dialect/DLC/LinearOps.h"
#include "dlc/Dialect/DLC/ReductionOps.h"
#include "dlc/Dialect/DLC/ShapeUtils.h"

using namespace mlir;
using namespace mlir::dlc;
using grad::Emitter;

namespace {

ArrayRef<int64_t> shapeOf(Value v) { return cast<RankedTensorType>(v.getType()).getShape(); }

/// `x` permuted by `perm`; a reshape (no copy) when only unit dims move.
Value permute(Emitter &e, Value x, ArrayRef<int64_t> perm) {
  ArrayRef<int64_t> shape = shapeOf(x);
  SmallVector<int64_t> permuted, moved;
  for (int64_t d : perm) {
    permuted.push_back(shape[d]);
    if (shape[d] != 1)
      moved.push_back(d);
  }
  if (llvm::is_sorted(moved))
    return e.reshape(x, permuted);
  return e.transpose(x, perm);
}

/// The filter adjoint of a convolution reading windows of `image`
/// ([N, CI, H, W]) whose output adjoint is `adjoint` ([N, CO, OH, OW], one
/// position per window):
///
///   dW[co, ci, i, j] = sum_{n, oy, ox} adjoint[n, co, oy, ox] *
///       image[n, g*CI/G + ci, oy*sh + i*dh - pt, ox*sw + j*dw - pl]
///
/// with g = co / (CO/G), as [CO, CI/G, KH, KW]. Per image and group it is
/// the GEMM patches [CI/G*KH*KW, L] x adjoint^T [L, CO/G] (L = OH*OW),
/// summed over the images: the patches, the largest operand, are used as
/// im2col lays them out; only the adjoint (KH*KW times smaller) and the
/// filter-sized products are moved.
Value filterAdjoint(Emitter &e, Value image, Value adjoint, ArrayRef<int64_t> kernel,
                    ArrayRef<int64_t> strides, ArrayRef<int64_t> padding,
                    ArrayRef<int64_t> dilations, int64_t groups) {
  ArrayRef<int64_t> in = shapeOf(image), out = shapeOf(adjoint);
  int64_t n = in[0], perGroupIn = in[1] / groups, perGroupOut = out[1] / groups;
  int64_t rows = perGroupIn * kernel[0] * kernel[1], windows = out[2] * out[3];
  // Batch dims (N, G); G dropped when 1 so that the matmul stays rank 3.
  SmallVector<int64_t> batch{n};
  if (groups != 1)
    batch.push_back(groups);
  auto shaped = [&](std::initializer_list<int64_t> tail) {
    SmallVector<int64_t> shape(batch);
    shape.append(tail);
    return shape;
  };
  Value cols = Im2ColOp::create(e.b, e.loc, image, kernel, strides, padding, dilations);
  cols = e.reshape(cols, shaped({rows, windows}));
  int64_t rank = static_cast<int64_t>(batch.size()) + 2;
  SmallVector<int64_t> swapLast = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  std::swap(swapLast[rank - 2], swapLast[rank - 1]);
  Value g = permute(e, e.reshape(adjoint, shaped({perGroupOut, windows})), swapLast);
  Value product = MatMulOp::create(e.b, e.loc, cols, g); // [N, (G,) rows, CO/G]
  if (n != 1)
    product = ReduceSumOp::create(e.b, e.loc, product, ArrayRef<int64_t>{0}, false);
  product = e.reshape(product, {groups, rows, perGroupOut});
  product = permute(e, product, {0, 2, 1});
  return e.reshape(product, {groups * perGroupOut, perGroupIn, kernel[0], kernel[1]});
}

/// The bias adjoint of a convolution: the output adjoint summed over N, H, W.
Value biasAdjoint(Emitter &e, Value g) {
  return ReduceSumOp::create(e.b, e.loc, g, ArrayRef<int64_t>{0, 2, 3}, false);
}

} // namespace

DLC_ADJOINTS(Conv2DOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g)
    return success();
  Emitter e(b, getLoc());
  ArrayRef<int64_t> in = shapeOf(getInput()), w = shapeOf(getFilter());
  ArrayRef<int64_t> s = getStrides(), p = getPadding(), d = getDilations();
  if (needed[0]) {
    // The rows (columns) after the last window, which the transposed
    // convolution must still produce: the stride's remainder.
    SmallVector<int64_t> extra(2);
    for (int a = 0; a < 2; ++a)
      extra[a] = (in[2 + a] + p[a] + p[a + 2] - d[a] * (w[2 + a] - 1) - 1) % s[a];
    operandAdjoints[0] = ConvTranspose2DOp::create(b, getLoc(), g, getFilter(), Value(), s,
                                                   p, extra, d, getGroups());
  }
  if (needed[1])
    operandAdjoints[1] =
        filterAdjoint(e, getInput(), g, w.drop_front(2), s, p, d, getGroups());
  if (getBias() && needed[2])
    operandAdjoints[2] = biasAdjoint(e, g);
  return success();
}

DLC_ADJOINTS(ConvTranspose2DOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g)
    return success();
  Emitter e(b, getLoc());
  ArrayRef<int64_t> in = shapeOf(getInput()), w = shapeOf(getFilter());
  ArrayRef<int64_t> out = shapeOf(g);
  ArrayRef<int64_t> s = getStrides(), p = getPadding(), d = getDilations();
  ArrayRef<int64_t> kernel = w.drop_front(2);
  // The convolution reading g has H + floor(output_padding / stride) windows
  // per column (likewise per row): more than H only when output_padding
  // reaches the stride (allowed while it is below the dilation).
  int64_t windows[2];
  for (int a = 0; a < 2; ++a)
    windows[a] = windowOutputSize(out[2 + a], kernel[a], s[a], p[a], p[a + 2], d[a],
                                  /*ceilMode=*/false);
  if (needed[0]) {
    // conv2d's filter layout [F, C/G, KH, KW] is conv_transpose2d's
    // [C, F/G, KH, KW] read with the roles of C and F swapped.
    Value dx = Conv2DOp::create(b, getLoc(), g, getFilter(), Value(), s, p, d, getGroups());
    if (windows[0] != in[2] || windows[1] != in[3])
      dx = SliceOp::create(b, getLoc(), dx, ArrayRef<int64_t>{0, 0},
                           ArrayRef<int64_t>{in[2], in[3]}, b.getDenseI64ArrayAttr({2, 3}),
                           b.getDenseI64ArrayAttr({1, 1}));
    operandAdjoints[0] = dx;
  }
  if (needed[1]) {
    // The windows past the input read no input element: zeros there.
    Value x = getInput();
    if (windows[0] != in[2] || windows[1] != in[3])
      x = PadOp::create(b, getLoc(), x,
                        ArrayRef<int64_t>{0, 0, 0, 0, 0, 0, windows[0] - in[2],
                                          windows[1] - in[3]});
    operandAdjoints[1] = filterAdjoint(e, g, x, kernel, s, p, d, getGroups());
  }
  if (getBias() && needed[2])
    operandAdjoints[2] = biasAdjoint(e, g);
  return success();
}

DLC_ADJOINTS(Im2ColOp) {
  grad::initAdjoints(*this, operandAdjoints);
  if (!resultAdjoints[0] || !needed[0])
    return success();
  ArrayRef<int64_t> in = shapeOf(getInput());
  operandAdjoints[0] = Col2ImOp::create(b, getLoc(), resultAdjoints[0], in.drop_front(2),
                                        getKernelShape(), getStrides(), getPadding(),
                                        getDilations());
  return success();
}

DLC_ADJOINTS(Col2ImOp) {
  grad::initAdjoints(*this, operandAdjoints);
  if (!resultAdjoints[0] || !needed[0])
    return success();
  operandAdjoints[0] = Im2ColOp::create(b, getLoc(), resultAdjoints[0], getKernelShape(),
                                        getStrides(), getPadding(), getDilations());
  return success();
}
