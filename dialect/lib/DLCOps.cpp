//===- DLCOps.cpp - dlc operations: shape inference and verifiers -----------===//
//
// Each op's `inferReturnTypes` checks its operands and attributes and
// computes the result type. It runs both when an op is built without a
// result type and when a parsed op is verified, so every diagnostic below
// is what a user sees for a malformed model. Messages are lowercase, name
// the operand, and state the expected and the actual value.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/DLCOps.h"
#include "dlc/Dialect/DLC/ShapeUtils.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::dlc;

namespace {
/// Emits "'dlc.<op>' op <message>" at `loc` (if any) and returns failure.
template <typename... Args>
LogicalResult fail(std::optional<Location> loc, StringRef op, Args &&...args) {
  return emitOptionalError(loc, "'dlc.", op, "' op ",
                           std::forward<Args>(args)...);
}

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

RankedTensorType f32Tensor(MLIRContext *ctx, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, Float32Type::get(ctx));
}

std::string str(ArrayRef<int64_t> shape) { return shapeToString(shape); }

/// Checks that `values` are all > 0 (or >= 0 when `allowZero`).
LogicalResult checkPositive(std::optional<Location> loc, StringRef op,
                            StringRef name, ArrayRef<int64_t> values,
                            bool allowZero = false) {
  for (int64_t v : values)
    if (v < 0 || (v == 0 && !allowZero))
      return fail(loc, op, name, " must be ", allowZero ? "non-negative" : "positive",
                  ", got [", llvm::make_range(values.begin(), values.end()), "]");
  return success();
}

/// Checks that `value` has rank `rank` and names it in the diagnostic.
LogicalResult checkRank(std::optional<Location> loc, StringRef op,
                        StringRef name, Value value, int64_t rank,
                        StringRef layout = "") {
  int64_t actual = shapeOf(value).size();
  if (actual == rank)
    return success();
  return fail(loc, op, name, " must have rank ", rank,
              layout.empty() ? "" : " (", layout, layout.empty() ? "" : ")",
              ", got rank ", actual, " (", str(shapeOf(value)), ")");
}

/// Normalizes `axis` (which may be negative) against `rank`.
FailureOr<int64_t> normalizeAxis(std::optional<Location> loc, StringRef op,
                                 int64_t axis, int64_t rank,
                                 bool inclusiveEnd = false) {
  // Negative axes count from the end (axis + rank) in both forms; the
  // inclusive form (ONNX Flatten) also accepts `rank` itself.
  int64_t lo = -rank, hi = inclusiveEnd ? rank : rank - 1;
  if (axis < lo || axis > hi)
    return fail(loc, op, "axis ", axis, " is out of range for rank ", rank,
                " (expected ", lo, " to ", hi, ")");
  return axis < 0 ? axis + rank : axis;
}

/// Spatial output extents of a pooling op over an NCHW input.
FailureOr<SmallVector<int64_t>>
inferPool2D(std::optional<Location> loc, StringRef op, Value input,
            ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
            ArrayRef<int64_t> padding, ArrayRef<int64_t> dilations,
            bool ceilMode) {
  if (failed(checkRank(loc, op, "input", input, 4, "NCHW")) ||
      failed(checkPositive(loc, op, "kernel_shape", kernel)) ||
      failed(checkPositive(loc, op, "strides", strides)) ||
      failed(checkPositive(loc, op, "dilations", dilations)) ||
      failed(checkPositive(loc, op, "padding", padding, /*allowZero=*/true)))
    return failure();
  for (int i = 0; i < 2; ++i)
    if (padding[i] >= kernel[i] || padding[i + 2] >= kernel[i])
      return fail(loc, op, "padding [", llvm::make_range(padding.begin(), padding.end()),
                  "] must be smaller than kernel_shape [",
                  llvm::make_range(kernel.begin(), kernel.end()), "]");
  ArrayRef<int64_t> in = shapeOf(input);
  SmallVector<int64_t> out{in[0], in[1], 0, 0};
  for (int i = 0; i < 2; ++i) {
    out[2 + i] = windowOutputSize(in[2 + i], kernel[i], strides[i], padding[i],
                                  padding[i + 2], dilations[i], ceilMode);
    if (out[2 + i] <= 0)
      return fail(loc, op, "kernel ", str(kernel), " (dilation ", str(dilations),
                  ") does not fit the padded input ", in[2] + padding[0] + padding[2],
                  "x", in[3] + padding[1] + padding[3]);
  }
  return out;
}
} // namespace

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  types.push_back(adaptor.getValue().getType());
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

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

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  StringRef op = "batch_norm";
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  if (in.size() < 2)
    return fail(loc, op, "input must have rank >= 2 (N, C, ...), got rank ",
                in.size());
  std::pair<StringRef, Value> params[] = {{"scale", adaptor.getScale()},
                                          {"bias", adaptor.getBias()},
                                          {"mean", adaptor.getMean()},
                                          {"variance", adaptor.getVariance()}};
  for (auto [name, value] : params) {
    ArrayRef<int64_t> s = shapeOf(value);
    if (s.size() != 1 || s[0] != in[1])
      return fail(loc, op, name, " must have shape ", in[1],
                  " (one per channel), got ", str(s));
  }
  if (adaptor.getEpsilon().convertToFloat() < 0)
    return fail(loc, op, "epsilon must be non-negative");
  types.push_back(adaptor.getInput().getType());
  return success();
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

LogicalResult ClipOp::verify() {
  float lo = getMin().convertToFloat(), hi = getMax().convertToFloat();
  if (!(lo <= hi))
    return emitOpError("min (") << lo << ") must not exceed max (" << hi << ")";
  return success();
}

//===----------------------------------------------------------------------===//
// Broadcasting binary ops
//===----------------------------------------------------------------------===//

static LogicalResult inferBroadcast(MLIRContext *ctx, std::optional<Location> loc,
                                    StringRef op, Value lhs, Value rhs,
                                    SmallVectorImpl<Type> &types) {
  auto shape = broadcastShapes(shapeOf(lhs), shapeOf(rhs));
  if (!shape)
    return fail(loc, op, "operand shapes ", str(shapeOf(lhs)), " and ",
                str(shapeOf(rhs)), " are not broadcast-compatible");
  types.push_back(f32Tensor(ctx, *shape));
  return success();
}

#define DLC_BROADCAST_INFER(OP, NAME)                                          \
  LogicalResult OP::inferReturnTypes(MLIRContext *ctx,                         \
                                     std::optional<Location> loc,              \
                                     Adaptor adaptor,                          \
                                     SmallVectorImpl<Type> &types) {           \
    return inferBroadcast(ctx, loc, NAME, adaptor.getLhs(), adaptor.getRhs(),  \
                          types);                                              \
  }
DLC_BROADCAST_INFER(AddOp, "add")
DLC_BROADCAST_INFER(SubOp, "sub")
DLC_BROADCAST_INFER(MulOp, "mul")
#undef DLC_BROADCAST_INFER

//===----------------------------------------------------------------------===//
// MatMulOp, GemmOp
//===----------------------------------------------------------------------===//

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  StringRef op = "matmul";
  ArrayRef<int64_t> a = shapeOf(adaptor.getLhs()), b = shapeOf(adaptor.getRhs());
  if (a.size() < 2 || b.size() < 2)
    return fail(loc, op, "operands must have rank >= 2, got ", str(a), " and ",
                str(b));
  if (a.back() != b[b.size() - 2])
    return fail(loc, op, "contracting dimensions differ: lhs ", str(a),
                " has K = ", a.back(), " but rhs ", str(b), " has K = ",
                b[b.size() - 2]);
  auto batch = broadcastShapes(a.drop_back(2), b.drop_back(2));
  if (!batch)
    return fail(loc, op, "batch dimensions of ", str(a), " and ", str(b),
                " are not broadcast-compatible");
  SmallVector<int64_t> out = *batch;
  out.push_back(a[a.size() - 2]);
  out.push_back(b.back());
  types.push_back(f32Tensor(ctx, out));
  return success();
}

LogicalResult GemmOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  StringRef op = "gemm";
  if (failed(checkRank(loc, op, "a", adaptor.getA(), 2)) ||
      failed(checkRank(loc, op, "b", adaptor.getB(), 2)))
    return failure();
  ArrayRef<int64_t> a = shapeOf(adaptor.getA()), b = shapeOf(adaptor.getB());
  bool ta = adaptor.getTransA(), tb = adaptor.getTransB();
  int64_t m = ta ? a[1] : a[0], ka = ta ? a[0] : a[1];
  int64_t kb = tb ? b[1] : b[0], n = tb ? b[0] : b[1];
  if (ka != kb)
    return fail(loc, op, "contracting dimensions differ: op(a) is ", m, "x", ka,
                " but op(b) is ", kb, "x", n);
  SmallVector<int64_t> out{m, n};
  if (Value c = adaptor.getC()) {
    auto shape = broadcastShapes(shapeOf(c), out);
    if (!shape || *shape != ArrayRef<int64_t>(out))
      return fail(loc, op, "c of shape ", str(shapeOf(c)),
                  " does not broadcast to the result shape ", str(out));
  }
  types.push_back(f32Tensor(ctx, out));
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

LogicalResult MaxPool2DOp::inferReturnTypes(MLIRContext *ctx,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  auto out = inferPool2D(loc, "max_pool2d", adaptor.getInput(),
                         adaptor.getKernelShape(), adaptor.getStrides(),
                         adaptor.getPadding(), adaptor.getDilations(),
                         adaptor.getCeilMode());
  if (failed(out))
    return failure();
  types.push_back(f32Tensor(ctx, *out));
  return success();
}

LogicalResult AvgPool2DOp::inferReturnTypes(MLIRContext *ctx,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  int64_t noDilation[] = {1, 1};
  auto out = inferPool2D(loc, "avg_pool2d", adaptor.getInput(),
                         adaptor.getKernelShape(), adaptor.getStrides(),
                         adaptor.getPadding(), noDilation, adaptor.getCeilMode());
  if (failed(out))
    return failure();
  types.push_back(f32Tensor(ctx, *out));
  return success();
}

LogicalResult GlobalAvgPoolOp::inferReturnTypes(MLIRContext *ctx,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  if (in.size() < 3)
    return fail(loc, "global_avg_pool",
                "input must have rank >= 3 (N, C, spatial...), got rank ",
                in.size());
  SmallVector<int64_t> out(in.begin(), in.end());
  std::fill(out.begin() + 2, out.end(), 1);
  types.push_back(f32Tensor(ctx, out));
  return success();
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  auto axis = normalizeAxis(loc, "flatten", static_cast<int64_t>(adaptor.getAxis()),
                            in.size(), /*inclusiveEnd=*/true);
  if (failed(axis))
    return failure();
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < static_cast<int64_t>(in.size()); ++i)
    (i < *axis ? outer : inner) *= in[i];
  types.push_back(f32Tensor(ctx, {outer, inner}));
  return success();
}

LogicalResult ReshapeOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  StringRef op = "reshape";
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  SmallVector<int64_t> out(adaptor.getShape());
  int64_t known = 1, inferred = -1;
  for (auto [i, d] : llvm::enumerate(out)) {
    if (d == 0) {
      if (i >= in.size())
        return fail(loc, op, "shape entry ", i, " is 0 (copy) but the input has rank ",
                    in.size());
      d = in[i];
    }
    if (d == -1) {
      if (inferred >= 0)
        return fail(loc, op, "shape may contain at most one -1");
      inferred = i;
      continue;
    }
    if (d < 0)
      return fail(loc, op, "shape entry ", i, " is ", d,
                  "; expected -1, 0 or a positive size");
    known *= d;
  }
  int64_t total = RankedTensorType::get(in, Float32Type::get(ctx)).getNumElements();
  if (inferred >= 0) {
    if (known == 0 || total % known != 0)
      return fail(loc, op, "cannot infer the -1 entry: ", total,
                  " elements are not a multiple of ", known);
    out[inferred] = total / known;
  } else if (known != total) {
    return fail(loc, op, "input has ", total, " elements (", str(in),
                ") but shape ", str(out), " has ", known);
  }
  types.push_back(f32Tensor(ctx, out));
  return success();
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *ctx,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> perm = adaptor.getPerm();
  if (perm.size() != in.size())
    return fail(loc, "transpose", "perm has ", perm.size(),
                " entries but the input has rank ", in.size());
  SmallVector<bool> seen(in.size(), false);
  SmallVector<int64_t> out;
  for (int64_t p : perm) {
    if (p < 0 || p >= static_cast<int64_t>(in.size()) || seen[p])
      return fail(loc, "transpose", "perm [",
                  llvm::make_range(perm.begin(), perm.end()),
                  "] is not a permutation of 0..", in.size() - 1);
    seen[p] = true;
    out.push_back(in[p]);
  }
  types.push_back(f32Tensor(ctx, out));
  return success();
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  StringRef op = "concat";
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return fail(loc, op, "needs at least one input");
  ArrayRef<int64_t> first = shapeOf(inputs.front());
  auto axis = normalizeAxis(loc, op, static_cast<int64_t>(adaptor.getAxis()),
                            first.size());
  if (failed(axis))
    return failure();
  SmallVector<int64_t> out(first);
  for (auto [i, v] : llvm::enumerate(inputs.drop_front())) {
    ArrayRef<int64_t> s = shapeOf(v);
    bool ok = s.size() == first.size();
    for (size_t d = 0; ok && d < s.size(); ++d)
      ok = d == static_cast<size_t>(*axis) || s[d] == first[d];
    if (!ok)
      return fail(loc, op, "input ", i + 1, " has shape ", str(s),
                  " which differs from input 0 (", str(first),
                  ") outside axis ", *axis);
    out[*axis] += s[*axis];
  }
  types.push_back(f32Tensor(ctx, out));
  return success();
}

LogicalResult SoftmaxOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  int64_t rank = shapeOf(adaptor.getInput()).size();
  if (failed(normalizeAxis(loc, "softmax", static_cast<int64_t>(adaptor.getAxis()),
                           rank)))
    return failure();
  types.push_back(adaptor.getInput().getType());
  return success();
}

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/DLCOps.cpp.inc"
