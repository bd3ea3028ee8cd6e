//===- ConvolutionOps.cpp - dlc convolution ops: shape inference, verifiers -===//
//
// The convolution: conv2d, transposed convolution, im2col/col2im.
// Diagnostics follow OpUtils.h: lowercase, naming the operand, stating
// the expected and the actual value.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/ConvolutionOps.h"
#include "OpUtils.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

//===----------------------------------------------------------------------===//
// Conv2DOp, BatchNormOp
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  StringRef op = "conv2d";
  if (failed(checkRank(loc, op, "input", adaptor.getInput(), 4, "NCHW")) ||
      failed(checkRank(loc, op, "filter", adaptor.getFilter(), 4, "FCHW")) ||
      failed(checkPositive(loc, op, "strides", adaptor.getStrides())) ||
      failed(checkPositive(loc, op, "dilations", adaptor.getDilations())) ||
      failed(checkPositive(loc, op, "padding", adaptor.getPadding(), true)))
    return failure();
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> w = shapeOf(adaptor.getFilter());
  int64_t groups = adaptor.getGroups();
  if (groups < 1)
    return fail(loc, op, "groups must be positive, got ", groups);
  if (in[1] % groups != 0)
    return fail(loc, op, "input channels (", in[1],
                ") are not divisible by groups (", groups, ")");
  if (w[0] % groups != 0)
    return fail(loc, op, "output channels (", w[0],
                ") are not divisible by groups (", groups, ")");
  if (w[1] * groups != in[1])
    return fail(loc, op, "filter expects ", w[1] * groups,
                " input channels (", w[1], " per group x ", groups,
                " groups) but the input has ", in[1]);
  if (Value bias = adaptor.getBias()) {
    ArrayRef<int64_t> b = shapeOf(bias);
    if (b.size() != 1 || b[0] != w[0])
      return fail(loc, op, "bias must have shape ", w[0], " (one per output channel), got ",
                  str(b));
  }
  ArrayRef<int64_t> s = adaptor.getStrides(), p = adaptor.getPadding(),
                    d = adaptor.getDilations();
  SmallVector<int64_t> out{in[0], w[0], 0, 0};
  for (int i = 0; i < 2; ++i) {
    out[2 + i] = windowOutputSize(in[2 + i], w[2 + i], s[i], p[i], p[i + 2],
                                  d[i], /*ceilMode=*/false);
    if (out[2 + i] <= 0)
      return fail(loc, op, "kernel ", w[2], "x", w[3], " (dilation ", str(d),
                  ") does not fit the padded input ", in[2] + p[0] + p[2], "x",
                  in[3] + p[1] + p[3]);
  }
  types.push_back(f32Tensor(ctx, out));
  return success();
}


#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/ConvolutionOps.cpp.inc"
