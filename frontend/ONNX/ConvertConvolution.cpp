//===- ConvertConvolution.cpp - ONNX convolution, pooling, normalization ----===//
//
// Conv, ConvTranspose, MaxPool (with Indices), AveragePool, the global
// pools, BatchNormalization (inference and training mode) and LRN.
//
// dlc's windowed ops are 2-D. One spatial dimension is carried as a 2-D
// problem of height 1. 3-D pooling is separable (a window's max/average is
// the max/average over depth of the (H, W) windows, and the valid-element
// counts factor the same way), so it is a 2-D pool over [N, C*D, H, W]
// followed by a (depth x 1) pool over [N, C, D, OH*OW]. ONNX's auto_pad
// and output_shape rules are resolved here into explicit paddings.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "onnx/onnx_pb.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::dlc::onnx_import;

namespace {

/// A sliding window over the spatial dimensions, in ONNX terms.
struct Window {
  Shape kernel, strides, dilations, begin, end;
};

/// Reads strides, dilations and pads (or auto_pad) for `spatial` input
/// extents and a `kernel` (from the weights or kernel_shape).
FailureOr<Window> readWindow(NodeContext &ctx, const Shape &spatial, const Shape &kernel) {
  size_t k = spatial.size();
  Window w;
  w.kernel = kernel;
  w.strides = ctx.attrInts("strides", Shape(k, 1));
  w.dilations = ctx.attrInts("dilations", Shape(k, 1));
  if (w.strides.size() != k || w.dilations.size() != k) {
    (void)ctx.fail("strides and dilations must have " + llvm::Twine(k) + " entries");
    return failure();
  }
  for (size_t i = 0; i < k; ++i)
    if (w.strides[i] < 1 || w.dilations[i] < 1 || w.kernel[i] < 1) {
      (void)ctx.fail("kernel sizes, strides and dilations must be >= 1");
      return failure();
    }
  std::string autoPad = ctx.attrString("auto_pad", "NOTSET");
  if (autoPad == "NOTSET") {
    Shape pads = ctx.attrInts("pads", Shape(2 * k, 0));
    if (pads.size() != 2 * k) {
      (void)ctx.fail("pads must have " + llvm::Twine(2 * k) + " entries, got " +
                     llvm::Twine(pads.size()));
      return failure();
    }
    w.begin.assign(pads.begin(), pads.begin() + k);
    w.end.assign(pads.begin() + k, pads.end());
  } else if (autoPad == "VALID") {
    w.begin.assign(k, 0);
    w.end.assign(k, 0);
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (size_t i = 0; i < k; ++i) {
      int64_t out = (spatial[i] + w.strides[i] - 1) / w.strides[i];
      int64_t total = std::max<int64_t>(
          0, (out - 1) * w.strides[i] + (w.kernel[i] - 1) * w.dilations[i] + 1 - spatial[i]);
      int64_t small = total / 2, large = total - small;
      w.begin.push_back(autoPad == "SAME_UPPER" ? small : large);
      w.end.push_back(autoPad == "SAME_UPPER" ? large : small);
    }
  } else {
    (void)ctx.fail("unknown auto_pad '" + autoPad + "'");
    return failure();
  }
  if (llvm::any_of(w.begin, [](int64_t p) { return p < 0; }) ||
      llvm::any_of(w.end, [](int64_t p) { return p < 0; })) {
    (void)ctx.fail("pads must be >= 0");
    return failure();
  }
  return w;
}

/// The attributes of a 2-D window op: [h, w] pairs and [top, left, bottom,
/// right] padding.
SmallVector<NamedAttribute> windowAttrs(NodeContext &ctx, const Window &w,
                                        bool withDilations = true) {
  SmallVector<NamedAttribute> attrs = {
      ctx.named("strides", llvm::ArrayRef<int64_t>(w.strides)),
      ctx.named("padding", llvm::ArrayRef<int64_t>(
                               {w.begin[0], w.begin[1], w.end[0], w.end[1]}))};
  if (withDilations)
    attrs.push_back(ctx.named("dilations", llvm::ArrayRef<int64_t>(w.dilations)));
  return attrs;
}

/// A 1-D window as a 2-D one of height 1.
Window lift1D(const Window &w) {
  return {{1, w.kernel[0]}, {1, w.strides[0]}, {1, w.dilations[0]}, {0, w.begin[0]},
          {0, w.end[0]}};
}

/// [N, C, L] -> [N, C, 1, L] (and the same for weights [F, C, K]).
FailureOr<Value> lift(NodeContext &ctx, Value v) {
  auto s = cast<RankedTensorType>(v.getType()).getShape();
  return ctx.reshape(v, {s[0], s[1], 1, s[2]});
}

/// [N, C, 1, L] -> [N, C, L].
FailureOr<Value> lower(NodeContext &ctx, Value v) {
  auto s = cast<RankedTensorType>(v.getType()).getShape();
  return ctx.reshape(v, {s[0], s[1], s[3]});
}

Shape spatialOf(const Shape &s) { return Shape(s.begin() + 2, s.end()); }

LogicalResult checkSpatialRank(NodeContext &ctx, int64_t rank, bool allow3D) {
  if (rank < 3 || rank > (allow3D ? 5 : 4))
    return ctx.fail("expects an [N, C, spatial...] input with 1" +
                    llvm::Twine(allow3D ? " to 3" : " or 2") +
                    " spatial dimensions, got rank " + llvm::Twine(rank));
  return success();
}

//===----------------------------------------------------------------------===//
// Convolution
//===----------------------------------------------------------------------===//

/// The kernel extents of a Conv/ConvTranspose node: the weights' spatial
/// dimensions, which the kernel_shape attribute must repeat when present.
FailureOr<Shape> convKernel(NodeContext &ctx, bool allow3D) {
  Shape xs = ctx.shape(0), ws = ctx.shape(1);
  if (failed(checkSpatialRank(ctx, xs.size(), allow3D)))
    return failure();
  if (ws.size() != xs.size()) {
    (void)ctx.fail("the weights have rank " + llvm::Twine(ws.size()) +
                   " but the input has rank " + llvm::Twine(xs.size()));
    return failure();
  }
  Shape kernel = spatialOf(ws);
  if (ctx.hasAttr("kernel_shape") && ctx.attrInts("kernel_shape") != kernel) {
    (void)ctx.fail("kernel_shape does not match the weights' spatial extents");
    return failure();
  }
  return kernel;
}

LogicalResult convertConv(NodeContext &ctx) {
  Shape xs = ctx.shape(0);
  FailureOr<Shape> kernel = convKernel(ctx, /*allow3D=*/false);
  if (failed(kernel))
    return failure();
  FailureOr<Window> w = readWindow(ctx, spatialOf(xs), *kernel);
  if (failed(w))
    return failure();
  bool oneD = xs.size() == 3;
  FailureOr<Value> x = ctx.f32(0), filter = ctx.f32(1);
  if (failed(x) || failed(filter))
    return failure();
  SmallVector<Value> operands = {*x, *filter};
  if (oneD) {
    *w = lift1D(*w);
    FailureOr<Value> x2 = lift(ctx, *x), f2 = lift(ctx, *filter);
    if (failed(x2) || failed(f2))
      return failure();
    operands = {*x2, *f2};
  }
  if (ctx.has(2)) {
    FailureOr<Value> bias = ctx.f32(2);
    if (failed(bias))
      return failure();
    operands.push_back(*bias);
  }
  SmallVector<NamedAttribute> attrs = windowAttrs(ctx, *w);
  attrs.push_back(ctx.named("groups", ctx.attrInt("group", 1)));
  FailureOr<Value> y = ctx.op1("conv2d", operands, attrs);
  if (succeeded(y) && oneD)
    y = lower(ctx, *y);
  if (failed(y))
    return failure();
  ctx.set(0, *y);
  return success();
}

/// The padding of a transposed convolution, per spatial dimension: what
/// the output is cropped by at each end, the output padding dlc's op takes
/// (below the stride or dilation), and the rest, appended afterwards.
struct TransposedPadding {
  Shape begin, end, opPadding, after;
};

/// 3-D transposed convolution as a sum over the kernel's depth taps of 2-D
/// ones: the depth slices are a batch of 2-D problems ([N*D, C, H, W]);
/// tap kd's results land at output depth d*sd + kd*dd, placed by
/// interleaving zeros (stride) and padding (offset), then the sum is cropped
/// and padded in depth like the 2-D dimensions, and the bias added.
LogicalResult emitConvTranspose3D(NodeContext &ctx, const Shape &strides,
                                  const Shape &dilations, const TransposedPadding &p) {
  Shape xs = ctx.shape(0), ws = ctx.shape(1);
  int64_t n = xs[0], c = xs[1], d = xs[2], kd = ws[2];
  FailureOr<Value> x = ctx.f32(0);
  if (failed(x))
    return failure();
  FailureOr<Value> planes = ctx.transpose(*x, {0, 2, 1, 3, 4});
  if (succeeded(planes))
    planes = ctx.reshape(*planes, {n * d, c, xs[3], xs[4]});
  if (failed(planes))
    return failure();
  int64_t full = (d - 1) * strides[0] + (kd - 1) * dilations[0] + 1;
  Value sum;
  int64_t f = 0, oh = 0, ow = 0;
  for (int64_t tap = 0; tap < kd; ++tap) {
    FailureOr<Value> w;
    Shape wTap = {ws[0], ws[1], ws[3], ws[4]};
    if (const HostTensor *wt = ctx.host(1)) {
      Shape starts = {0, 0, tap, 0, 0}, steps(5, 1), picked = ws;
      picked[2] = 1;
      w = ctx.constant(slice(*wt, starts, steps, picked).reshaped(wTap));
    } else {
      w = ctx.f32(1);
      if (succeeded(w))
        w = ctx.op1("slice", *w,
                    {ctx.named("starts", llvm::ArrayRef<int64_t>{tap}),
                     ctx.named("ends", llvm::ArrayRef<int64_t>{tap + 1}),
                     ctx.named("axes", llvm::ArrayRef<int64_t>{2})});
      if (succeeded(w))
        w = ctx.reshape(*w, wTap);
    }
    if (failed(w))
      return failure();
    FailureOr<Value> y = ctx.op1(
        "conv_transpose2d", {*planes, *w},
        {ctx.named("strides", llvm::ArrayRef<int64_t>{strides[1], strides[2]}),
         ctx.named("padding", llvm::ArrayRef<int64_t>{p.begin[1], p.begin[2], p.end[1],
                                                      p.end[2]}),
         ctx.named("output_padding",
                   llvm::ArrayRef<int64_t>{p.opPadding[1], p.opPadding[2]}),
         ctx.named("dilations", llvm::ArrayRef<int64_t>{dilations[1], dilations[2]}),
         ctx.named("groups", ctx.attrInt("group", 1))});
    if (failed(y))
      return failure();
    auto ys = cast<RankedTensorType>(y->getType()).getShape();
    f = ys[1], oh = ys[2], ow = ys[3];
    int64_t m = f * oh * ow;
    // [N*D, F, OH, OW] -> [N, D, 1, M] -> stride zeros -> [N, full, M].
    y = ctx.reshape(*y, {n, d, 1, m});
    if (succeeded(y) && strides[0] > 1)
      y = ctx.op1("pad", *y,
                  {ctx.named("pads", llvm::ArrayRef<int64_t>{0, 0, 0, 0, 0, 0,
                                                             strides[0] - 1, 0})});
    if (succeeded(y))
      y = ctx.reshape(*y, {n, d * strides[0], m});
    int64_t before = tap * dilations[0];
    if (succeeded(y))
      y = ctx.op1("pad", *y,
                  {ctx.named("pads", llvm::ArrayRef<int64_t>{
                                         0, before, 0, 0,
                                         full - before - d * strides[0], 0})});
    if (failed(y))
      return failure();
    if (!sum) {
      sum = *y;
      continue;
    }
    FailureOr<Value> next = ctx.op1("add", {sum, *y});
    if (failed(next))
      return failure();
    sum = *next;
  }
  // Crop and pad the depth like the other dimensions, then lay out.
  int64_t od = full - p.begin[0] - p.end[0] + p.opPadding[0] + p.after[0];
  FailureOr<Value> y = ctx.op1(
      "pad", sum,
      {ctx.named("pads", llvm::ArrayRef<int64_t>{0, -p.begin[0], 0, 0,
                                                 p.opPadding[0] + p.after[0] - p.end[0],
                                                 0})});
  if (succeeded(y))
    y = ctx.reshape(*y, {n, od, f, oh, ow});
  if (succeeded(y))
    y = ctx.transpose(*y, {0, 2, 1, 3, 4});
  if (succeeded(y) && (p.after[1] > 0 || p.after[2] > 0))
    y = ctx.op1("pad", *y,
                {ctx.named("pads", llvm::ArrayRef<int64_t>{0, 0, 0, 0, 0, 0, 0, 0,
                                                           p.after[1], p.after[2]})});
  if (succeeded(y) && ctx.has(2)) {
    FailureOr<Value> bias = ctx.f32(2);
    if (succeeded(bias))
      bias = ctx.reshape(*bias, {f, 1, 1, 1});
    y = failed(bias) ? FailureOr<Value>(failure()) : ctx.op1("add", {*y, *bias});
  }
  if (failed(y))
    return failure();
  ctx.set(0, *y);
  return success();
}

LogicalResult convertConvTranspose(NodeContext &ctx) {
  Shape xs = ctx.shape(0);
  FailureOr<Shape> kernelShape = convKernel(ctx, /*allow3D=*/true);
  if (failed(kernelShape))
    return failure();
  size_t k = xs.size() - 2;
  Shape kernel = *kernelShape, spatial = spatialOf(xs);
  Shape strides = ctx.attrInts("strides", Shape(k, 1));
  Shape dilations = ctx.attrInts("dilations", Shape(k, 1));
  Shape outputPadding = ctx.attrInts("output_padding", Shape(k, 0));
  Shape outputShape = ctx.attrInts("output_shape");
  std::string autoPad = ctx.attrString("auto_pad", "NOTSET");
  if (strides.size() != k || dilations.size() != k || outputPadding.size() != k)
    return ctx.fail("strides, dilations and output_padding must have " +
                    llvm::Twine(k) + " entries");
  if (!outputShape.empty() && outputShape.size() == k + 2)
    outputShape.erase(outputShape.begin(), outputShape.begin() + 2);
  if (outputShape.empty() && (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER"))
    for (size_t i = 0; i < k; ++i)
      outputShape.push_back(spatial[i] * strides[i]);
  Shape begin(k, 0), end(k, 0), extra(k, 0);
  if (!outputShape.empty()) {
    if (outputShape.size() != k)
      return ctx.fail("output_shape must have " + llvm::Twine(k) + " entries");
    // ONNX: total padding from the requested size; a negative total is
    // output the scatter does not reach (zeros plus bias) at the end.
    for (size_t i = 0; i < k; ++i) {
      int64_t total = strides[i] * (spatial[i] - 1) + outputPadding[i] +
                      (kernel[i] - 1) * dilations[i] + 1 - outputShape[i];
      if (total < 0) {
        extra[i] = -total;
        continue;
      }
      int64_t small = total / 2, large = total - small;
      begin[i] = autoPad == "SAME_UPPER" ? small : large;
      end[i] = autoPad == "SAME_UPPER" ? large : small;
    }
  } else if (autoPad == "NOTSET") {
    Shape pads = ctx.attrInts("pads", Shape(2 * k, 0));
    if (pads.size() != 2 * k)
      return ctx.fail("pads must have " + llvm::Twine(2 * k) + " entries");
    begin.assign(pads.begin(), pads.begin() + k);
    end.assign(pads.begin() + k, pads.end());
  } else if (autoPad != "VALID") {
    return ctx.fail("unknown auto_pad '" + autoPad + "'");
  }
  // Output padding the dlc op takes (below the stride or dilation); the
  // rest is appended after it, with the bias added afterwards then.
  Shape opPadding(k, 0), after(k, 0);
  for (size_t i = 0; i < k; ++i) {
    int64_t want = outputPadding[i] + extra[i];
    int64_t limit = std::max(strides[i], dilations[i]) - 1;
    opPadding[i] = std::min(want, limit);
    after[i] = want - opPadding[i];
  }
  if (k == 3)
    return emitConvTranspose3D(ctx, strides, dilations, {begin, end, opPadding, after});
  bool padAfter = llvm::any_of(after, [](int64_t a) { return a > 0; });
  bool oneD = k == 1;
  FailureOr<Value> x = ctx.f32(0), filter = ctx.f32(1);
  if (failed(x) || failed(filter))
    return failure();
  SmallVector<Value> operands = {*x, *filter};
  if (oneD) {
    FailureOr<Value> x2 = lift(ctx, *x), f2 = lift(ctx, *filter);
    if (failed(x2) || failed(f2))
      return failure();
    operands = {*x2, *f2};
    strides.insert(strides.begin(), 1);
    dilations.insert(dilations.begin(), 1);
    begin.insert(begin.begin(), 0);
    end.insert(end.begin(), 0);
    opPadding.insert(opPadding.begin(), 0);
    after.insert(after.begin(), 0);
  }
  FailureOr<Value> bias;
  if (ctx.has(2)) {
    bias = ctx.f32(2);
    if (failed(bias))
      return failure();
    if (!padAfter)
      operands.push_back(*bias);
  }
  FailureOr<Value> y = ctx.op1(
      "conv_transpose2d", operands,
      {ctx.named("strides", llvm::ArrayRef<int64_t>(strides)),
       ctx.named("padding", llvm::ArrayRef<int64_t>({begin[0], begin[1], end[0], end[1]})),
       ctx.named("output_padding", llvm::ArrayRef<int64_t>(opPadding)),
       ctx.named("dilations", llvm::ArrayRef<int64_t>(dilations)),
       ctx.named("groups", ctx.attrInt("group", 1))});
  if (succeeded(y) && padAfter) {
    y = ctx.op1("pad", *y,
                {ctx.named("pads", llvm::ArrayRef<int64_t>({0, 0, 0, 0, 0, 0, after[0],
                                                            after[1]}))});
    if (succeeded(y) && ctx.has(2)) {
      int64_t f = cast<RankedTensorType>(bias->getType()).getNumElements();
      FailureOr<Value> b3 = ctx.reshape(*bias, {f, 1, 1});
      y = failed(b3) ? FailureOr<Value>(failure()) : ctx.op1("add", {*y, *b3});
    }
  }
  if (succeeded(y) && oneD)
    y = lower(ctx, *y);
  if (failed(y))
    return failure();
  ctx.set(0, *y);
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

/// One 2-D pool (max or average) with `w` over `x`.
FailureOr<Operation *> pool2D(NodeContext &ctx, Value x, const Window &w, bool max,
                              bool withIndices) {
  SmallVector<NamedAttribute> attrs = windowAttrs(ctx, w, /*withDilations=*/max);
  attrs.push_back(ctx.named("kernel_shape", llvm::ArrayRef<int64_t>(w.kernel)));
  attrs.push_back(ctx.namedBool("ceil_mode", ctx.attrInt("ceil_mode", 0) != 0));
  if (!max)
    attrs.push_back(
        ctx.namedBool("count_include_pad", ctx.attrInt("count_include_pad", 0) != 0));
  if (withIndices)
    attrs.push_back(ctx.named("storage_order", ctx.attrInt("storage_order", 0)));
  const char *name = !max ? "avg_pool2d" : withIndices ? "max_pool2d_with_indices"
                                                       : "max_pool2d";
  return ctx.op(name, x, attrs, withIndices ? 2 : 1);
}

template <bool max> LogicalResult convertPool(NodeContext &ctx) {
  Shape xs = ctx.shape(0);
  if (failed(checkSpatialRank(ctx, xs.size(), /*allow3D=*/true)))
    return failure();
  if (!ctx.hasAttr("kernel_shape"))
    return ctx.fail("the 'kernel_shape' attribute is required");
  Shape kernel = ctx.attrInts("kernel_shape");
  size_t k = xs.size() - 2;
  if (kernel.size() != k)
    return ctx.fail("kernel_shape has " + llvm::Twine(kernel.size()) +
                    " entries for " + llvm::Twine(k) + " spatial dimensions");
  if (!max && ctx.hasAttr("dilations") &&
      llvm::any_of(ctx.attrInts("dilations"), [](int64_t d) { return d != 1; }))
    return ctx.fail("dilated average pooling is not supported");
  FailureOr<Window> w = readWindow(ctx, spatialOf(xs), kernel);
  if (failed(w))
    return failure();
  bool indices = max && ctx.wants(1);
  FailureOr<Value> x = ctx.f32(0);
  if (failed(x))
    return failure();
  if (k == 2) {
    FailureOr<Operation *> op = pool2D(ctx, *x, *w, max, indices);
    if (failed(op))
      return failure();
    for (unsigned i = 0; i < (*op)->getNumResults(); ++i)
      ctx.set(i, (*op)->getResult(i));
    return success();
  }
  if (k == 1) {
    FailureOr<Value> x2 = lift(ctx, *x);
    if (failed(x2))
      return failure();
    FailureOr<Operation *> op = pool2D(ctx, *x2, lift1D(*w), max, indices);
    if (failed(op))
      return failure();
    // Indices of [N, C, 1, L] flatten exactly like those of [N, C, L].
    for (unsigned i = 0; i < (*op)->getNumResults(); ++i) {
      FailureOr<Value> r = lower(ctx, (*op)->getResult(i));
      if (failed(r))
        return failure();
      ctx.set(i, *r);
    }
    return success();
  }
  if (indices)
    return ctx.fail("the Indices output of 3-D max pooling is not supported");
  // 3-D: (H, W) windows on every depth slice, then the depth window.
  int64_t n = xs[0], c = xs[1], d = xs[2];
  Window hw = {{w->kernel[1], w->kernel[2]}, {w->strides[1], w->strides[2]},
               {w->dilations[1], w->dilations[2]}, {w->begin[1], w->begin[2]},
               {w->end[1], w->end[2]}};
  Window depth = {{w->kernel[0], 1}, {w->strides[0], 1}, {w->dilations[0], 1},
                  {w->begin[0], 0}, {w->end[0], 0}};
  FailureOr<Value> planes = ctx.reshape(*x, {n, c * d, xs[3], xs[4]});
  if (failed(planes))
    return failure();
  FailureOr<Operation *> first = pool2D(ctx, *planes, hw, max, false);
  if (failed(first))
    return failure();
  auto pooled = cast<RankedTensorType>((*first)->getResult(0).getType()).getShape();
  int64_t oh = pooled[2], ow = pooled[3];
  FailureOr<Value> columns = ctx.reshape((*first)->getResult(0), {n, c, d, oh * ow});
  if (failed(columns))
    return failure();
  FailureOr<Operation *> second = pool2D(ctx, *columns, depth, max, false);
  if (failed(second))
    return failure();
  int64_t od = cast<RankedTensorType>((*second)->getResult(0).getType()).getShape()[2];
  FailureOr<Value> y = ctx.reshape((*second)->getResult(0), {n, c, od, oh, ow});
  if (failed(y))
    return failure();
  ctx.set(0, *y);
  return success();
}

template <bool max> LogicalResult convertGlobalPool(NodeContext &ctx) {
  FailureOr<Value> x = ctx.f32(0);
  if (failed(x))
    return failure();
  return ctx.emit(max ? "global_max_pool" : "global_avg_pool", *x);
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

/// BatchNormalization. Training mode (opset 14's attribute, or the running
/// statistics requested as outputs before it) normalizes with the batch
/// statistics. ONNX's momentum weighs the old running value, dlc's (like
/// PyTorch's) the batch, hence 1 - momentum. The running variance is
/// updated with the unbiased batch variance (PyTorch, the study sheet),
/// except where the node's running statistics are graph outputs: there the
/// ONNX spec's population variance is what the model's users read.
LogicalResult convertBatchNorm(NodeContext &ctx) {
  if (ctx.opset < 9 && ctx.attrInt("spatial", 1) != 1)
    return ctx.fail("spatial = 0 (per-activation statistics) is not supported");
  bool training = ctx.opset >= 14 ? ctx.attrInt("training_mode", 0) != 0
                                  : ctx.wants(1) || ctx.wants(2);
  if (ctx.opset < 14 && (ctx.wants(3) || ctx.wants(4)))
    return ctx.fail("the saved_mean/saved_var outputs are not supported");
  SmallVector<Value> operands;
  for (unsigned i = 0; i < 5; ++i) {
    FailureOr<Value> v = ctx.f32(i);
    if (failed(v))
      return failure();
    operands.push_back(*v);
  }
  float epsilon = ctx.attrFloat("epsilon", 1e-5f);
  if (!training) {
    FailureOr<Value> y = ctx.op1("batch_norm", operands, {ctx.named("epsilon", epsilon)});
    if (failed(y))
      return failure();
    ctx.set(0, *y);
    return success();
  }
  bool onnxVariance = ctx.isGraphOutput(1) || ctx.isGraphOutput(2);
  FailureOr<Operation *> op = ctx.op(
      "batch_norm_train", operands,
      {ctx.named("epsilon", epsilon),
       ctx.named("momentum", 1.0f - ctx.attrFloat("momentum", 0.9f)),
       ctx.namedBool("unbiased_running_var", !onnxVariance)},
      5);
  if (failed(op))
    return failure();
  for (unsigned i = 0; i < 3; ++i)
    ctx.set(i, (*op)->getResult(i));
  return success();
}

LogicalResult convertLRN(NodeContext &ctx) {
  if (!ctx.hasAttr("size"))
    return ctx.fail("the 'size' attribute is required");
  FailureOr<Value> x = ctx.f32(0);
  if (failed(x))
    return failure();
  FailureOr<Value> y = ctx.op1("lrn", *x,
                               {ctx.named("size", ctx.attrInt("size", 1)),
                                ctx.named("alpha", ctx.attrFloat("alpha", 1e-4f)),
                                ctx.named("beta", ctx.attrFloat("beta", 0.75f)),
                                ctx.named("bias", ctx.attrFloat("bias", 1.0f))});
  if (failed(y))
    return failure();
  ctx.set(0, *y);
  return success();
}

} // namespace

void mlir::dlc::onnx_import::registerConvolutionOps(OpTable &table) {
  table["::Conv"] = {convertConv};
  table["::ConvTranspose"] = {convertConvTranspose};
  table["::MaxPool"] = {convertPool<true>};
  table["::AveragePool"] = {convertPool<false>};
  table["::GlobalAveragePool"] = {convertGlobalPool<false>};
  table["::GlobalMaxPool"] = {convertGlobalPool<true>};
  table["::BatchNormalization"] = {convertBatchNorm};
  table["::LRN"] = {convertLRN};
}
