//===- ConvertDataMovement.cpp - ONNX shape and data-movement operators -----===//
//
// Reshape, Flatten, Squeeze, Unsqueeze, Transpose, Concat, Split, Slice,
// Pad, Gather and Expand, plus the operators that only describe values known
// at import time: Constant, Shape, Size, ConstantOfShape, Range, Where, ScatterND.
// Each computes its result shape here (ONNX's rules, attribute or input
// form by opset), folds on known data, and otherwise emits the dlc op.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "dlc/Dialect/DLC/ShapeUtils.h"

#include "onnx/onnx_pb.h"

#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::dlc::onnx_import;

namespace {


/// Sets output 0 to input 0 reshaped to `shape` (folded when known; an
/// empty result is known too).
LogicalResult emitReshape(NodeContext &ctx, const Shape &shape) {
  if (numElements(shape) == 0) {
    HostTensor empty;
    empty.dtype = ctx.dtype(0);
    empty.shape = shape;
    ctx.setHost(0, std::move(empty));
    return success();
  }
  if (const HostTensor *x = ctx.host(0)) {
    ctx.setHost(0, x->reshaped(shape));
    return success();
  }
  FailureOr<Value> x = ctx.value(0);
  if (failed(x))
    return failure();
  FailureOr<Value> y = ctx.reshape(*x, shape);
  if (failed(y))
    return failure();
  ctx.set(0, *y);
  return success();
}

/// Axes from the `axes` attribute (before `inputOpset`) or input 1.
FailureOr<std::vector<int64_t>> readAxes(NodeContext &ctx, int64_t inputOpset,
                                         bool &present) {
  if (ctx.opset < inputOpset) {
    present = ctx.hasAttr("axes");
    return ctx.attrInts("axes");
  }
  present = ctx.has(1);
  if (!present)
    return std::vector<int64_t>{};
  return ctx.ints(1, "axes");
}

LogicalResult convertReshape(NodeContext &ctx) {
  FailureOr<std::vector<int64_t>> target = ctx.ints(1, "the shape");
  if (failed(target))
    return failure();
  Shape in = ctx.shape(0);
  bool allowZero = ctx.opset >= 14 && ctx.attrInt("allowzero", 0) != 0;
  Shape out;
  int64_t inferred = -1, known = 1;
  for (size_t i = 0; i < target->size(); ++i) {
    int64_t d = (*target)[i];
    if (d == 0 && !allowZero) {
      if (i >= in.size())
        return ctx.fail("shape entry " + llvm::Twine(i) +
                        " is 0 (copy the input's extent) but the input has rank " +
                        llvm::Twine(in.size()));
      d = in[i];
    } else if (d == -1) {
      if (inferred >= 0)
        return ctx.fail("the shape has more than one -1");
      inferred = static_cast<int64_t>(i);
      out.push_back(1);
      continue;
    } else if (d < 0) {
      return ctx.fail("shape entry " + llvm::Twine(i) + " is " + llvm::Twine(d));
    }
    out.push_back(d);
    known *= d;
  }
  int64_t total = numElements(in);
  if (inferred >= 0) {
    if (known == 0 || total % known != 0)
      return ctx.fail("cannot reshape " + mlir::dlc::shapeToString(in) + " (" + llvm::Twine(total) +
                      " elements) to " + mlir::dlc::shapeToString(*target));
    out[inferred] = total / known;
  }
  if (numElements(out) != total)
    return ctx.fail("cannot reshape " + mlir::dlc::shapeToString(in) + " (" + llvm::Twine(total) +
                    " elements) to " + mlir::dlc::shapeToString(out) + " (" +
                    llvm::Twine(numElements(out)) + " elements)");
  return emitReshape(ctx, out);
}

LogicalResult convertFlatten(NodeContext &ctx) {
  Shape in = ctx.shape(0);
  int64_t rank = static_cast<int64_t>(in.size());
  int64_t a = ctx.attrInt("axis", 1);
  if (a < -rank || a > rank)
    return ctx.fail("axis " + llvm::Twine(a) + " is out of range for rank " +
                    llvm::Twine(rank));
  if (a < 0)
    a += rank;
  Shape out = {numElements(llvm::ArrayRef<int64_t>(in).take_front(a)),
               numElements(llvm::ArrayRef<int64_t>(in).drop_front(a))};
  return emitReshape(ctx, out);
}

LogicalResult convertSqueeze(NodeContext &ctx) {
  bool present = false;
  FailureOr<std::vector<int64_t>> axes = readAxes(ctx, 13, present);
  if (failed(axes))
    return failure();
  Shape in = ctx.shape(0);
  int64_t rank = static_cast<int64_t>(in.size());
  std::vector<bool> drop(rank, false);
  if (!present || axes->empty()) {
    for (int64_t d = 0; d < rank; ++d)
      drop[d] = in[d] == 1;
  }
  for (int64_t a : *axes) {
    FailureOr<int64_t> d = ctx.axis(a, rank, "axis");
    if (failed(d))
      return failure();
    if (in[*d] != 1)
      return ctx.fail("cannot squeeze dimension " + llvm::Twine(*d) + " of extent " +
                      llvm::Twine(in[*d]));
    drop[*d] = true;
  }
  Shape out;
  for (int64_t d = 0; d < rank; ++d)
    if (!drop[d])
      out.push_back(in[d]);
  return emitReshape(ctx, out);
}

LogicalResult convertUnsqueeze(NodeContext &ctx) {
  bool present = false;
  FailureOr<std::vector<int64_t>> axes = readAxes(ctx, 13, present);
  if (failed(axes))
    return failure();
  Shape in = ctx.shape(0);
  int64_t rank = static_cast<int64_t>(in.size() + axes->size());
  std::vector<bool> inserted(rank, false);
  for (int64_t a : *axes) {
    FailureOr<int64_t> d = ctx.axis(a, rank, "axis");
    if (failed(d))
      return failure();
    if (inserted[*d])
      return ctx.fail("axis " + llvm::Twine(a) + " is given twice");
    inserted[*d] = true;
  }
  Shape out;
  size_t next = 0;
  for (int64_t d = 0; d < rank; ++d)
    out.push_back(inserted[d] ? 1 : in[next++]);
  return emitReshape(ctx, out);
}

LogicalResult convertTranspose(NodeContext &ctx) {
  int64_t rank = ctx.rank(0);
  std::vector<int64_t> perm;
  for (int64_t d = rank - 1; d >= 0; --d)
    perm.push_back(d);
  perm = ctx.attrInts("perm", perm);
  std::vector<bool> seen(rank, false);
  if (static_cast<int64_t>(perm.size()) != rank)
    return ctx.fail("perm has " + llvm::Twine(perm.size()) +
                    " entries but the input has rank " + llvm::Twine(rank));
  for (int64_t p : perm) {
    if (p < 0 || p >= rank || seen[p])
      return ctx.fail("perm is not a permutation of 0.." + llvm::Twine(rank - 1));
    seen[p] = true;
  }
  if (const HostTensor *x = ctx.host(0)) {
    ctx.setHost(0, transpose(*x, perm));
    return success();
  }
  FailureOr<Value> x = ctx.value(0);
  if (failed(x))
    return failure();
  FailureOr<Value> y = ctx.transpose(*x, perm);
  if (failed(y))
    return failure();
  ctx.set(0, *y);
  return success();
}

LogicalResult convertConcat(NodeContext &ctx) {
  if (ctx.numInputs() == 0)
    return ctx.fail("needs at least one input");
  if (!ctx.hasAttr("axis"))
    return ctx.fail("the 'axis' attribute is required");
  FailureOr<int64_t> axis = ctx.axis(ctx.attrInt("axis", 0), ctx.rank(0), "axis");
  if (failed(axis))
    return failure();
  Shape first = ctx.shape(0);
  for (unsigned i = 1; i < ctx.numInputs(); ++i) {
    Shape s = ctx.shape(i);
    bool ok = s.size() == first.size();
    for (size_t d = 0; ok && d < s.size(); ++d)
      ok = static_cast<int64_t>(d) == *axis || s[d] == first[d];
    if (!ok)
      return ctx.fail("input " + llvm::Twine(i) + " has shape " + mlir::dlc::shapeToString(s) +
                      ", which does not match input 0 (" + mlir::dlc::shapeToString(first) +
                      ") outside axis " + llvm::Twine(*axis));
  }
  if (ctx.allHost()) {
    std::vector<const HostTensor *> parts;
    for (unsigned i = 0; i < ctx.numInputs(); ++i)
      parts.push_back(ctx.host(i));
    ctx.setHost(0, concat(parts, *axis));
    return success();
  }
  SmallVector<Value> parts;
  for (unsigned i = 0; i < ctx.numInputs(); ++i) {
    if (numElements(ctx.shape(i)) == 0)
      continue; // ONNX allows empty pieces; they add nothing
    FailureOr<Value> v = ctx.f32(i);
    if (failed(v))
      return failure();
    parts.push_back(*v);
  }
  if (parts.size() == 1) {
    ctx.set(0, parts.front());
    return success();
  }
  return ctx.emit("concat", parts, {ctx.named("axis", *axis)});
}

LogicalResult convertSplit(NodeContext &ctx) {
  Shape in = ctx.shape(0);
  FailureOr<int64_t> axis =
      ctx.axis(ctx.attrInt("axis", 0), static_cast<int64_t>(in.size()), "axis");
  if (failed(axis))
    return failure();
  std::vector<int64_t> sizes;
  if (ctx.opset < 13) {
    sizes = ctx.attrInts("split");
  } else if (ctx.has(1)) {
    FailureOr<std::vector<int64_t>> s = ctx.ints(1, "the split sizes");
    if (failed(s))
      return failure();
    sizes = *s;
  }
  int64_t extent = in[*axis], n = ctx.numOutputs();
  if (sizes.empty()) {
    if (n == 0 || extent % n != 0)
      return ctx.fail("cannot split extent " + llvm::Twine(extent) + " into " +
                      llvm::Twine(n) + " equal parts");
    sizes.assign(n, extent / n);
  }
  int64_t total = 0;
  for (int64_t s : sizes)
    total += s;
  if (static_cast<int64_t>(sizes.size()) != n || total != extent ||
      llvm::any_of(sizes, [](int64_t s) { return s < 0; }))
    return ctx.fail("split sizes do not divide extent " + llvm::Twine(extent) +
                    " of axis " + llvm::Twine(*axis) + " into " + llvm::Twine(n) +
                    " outputs");
  if (const HostTensor *x = ctx.host(0)) {
    int64_t offset = 0;
    for (int64_t i = 0; i < n; ++i) {
      Shape starts(in.size(), 0), steps(in.size(), 1), out = in;
      starts[*axis] = offset;
      out[*axis] = sizes[i];
      ctx.setHost(i, slice(*x, starts, steps, out));
      offset += sizes[i];
    }
    return success();
  }
  FailureOr<Value> x = ctx.f32(0);
  if (failed(x))
    return failure();
  // Empty pieces are known (set() makes them constants); dlc.split takes
  // the others, which still cover the axis.
  std::vector<int64_t> nonEmpty;
  for (int64_t s : sizes)
    if (s > 0)
      nonEmpty.push_back(s);
  FailureOr<Operation *> op = nullptr;
  if (numElements(in) > 0)
    op = ctx.op("split", *x, {ctx.named("axis", *axis), ctx.named("sizes", nonEmpty)},
                nonEmpty.size());
  if (failed(op))
    return failure();
  for (int64_t i = 0, next = 0; i < n; ++i) {
    if (*op && sizes[i] > 0) {
      ctx.set(i, (*op)->getResult(next++));
      continue;
    }
    HostTensor empty;
    empty.shape = in;
    empty.shape[*axis] = 0;
    ctx.setHost(i, std::move(empty));
  }
  return success();
}

/// ONNX Slice's normalization of one axis: the first index, the step and
/// the number of elements taken.
struct AxisSlice {
  int64_t start = 0, step = 1, extent = 0;
};

AxisSlice normalizeSlice(int64_t dim, int64_t start, int64_t end, int64_t step) {
  auto clamp = [](int64_t v, int64_t lo, int64_t hi) { return std::max(lo, std::min(v, hi)); };
  if (start < 0)
    start = start <= std::numeric_limits<int64_t>::min() + dim ? -1 - dim : start + dim;
  if (end < 0)
    end = end <= std::numeric_limits<int64_t>::min() + dim ? -1 - dim : end + dim;
  if (step > 0) {
    start = clamp(start, 0, dim);
    end = clamp(end, 0, dim);
  } else {
    start = clamp(start, 0, dim - 1);
    end = clamp(end, -1, dim - 1);
  }
  AxisSlice s;
  s.start = start;
  s.step = step;
  int64_t span = end - start;
  s.extent = step > 0 ? std::max<int64_t>(0, (span + step - 1) / step)
                      : std::max<int64_t>(0, (-span + (-step) - 1) / (-step));
  return s;
}

LogicalResult convertSlice(NodeContext &ctx) {
  std::vector<int64_t> starts, ends, axes, steps;
  if (ctx.opset < 10) {
    starts = ctx.attrInts("starts");
    ends = ctx.attrInts("ends");
    axes = ctx.attrInts("axes");
  } else {
    FailureOr<std::vector<int64_t>> s = ctx.ints(1, "starts"), e = ctx.ints(2, "ends");
    if (failed(s) || failed(e))
      return failure();
    starts = *s;
    ends = *e;
    if (ctx.has(3)) {
      FailureOr<std::vector<int64_t>> a = ctx.ints(3, "axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
    if (ctx.has(4)) {
      FailureOr<std::vector<int64_t>> st = ctx.ints(4, "steps");
      if (failed(st))
        return failure();
      steps = *st;
    }
  }
  Shape in = ctx.shape(0);
  int64_t rank = static_cast<int64_t>(in.size());
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(static_cast<int64_t>(i));
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return ctx.fail("starts, ends, axes and steps must have one entry per sliced axis");
  Shape first(rank, 0), step(rank, 1), out = in;
  std::vector<bool> seen(rank, false);
  for (size_t i = 0; i < starts.size(); ++i) {
    FailureOr<int64_t> a = ctx.axis(axes[i], rank, "axis");
    if (failed(a))
      return failure();
    if (seen[*a])
      return ctx.fail("axis " + llvm::Twine(*a) + " is sliced twice");
    seen[*a] = true;
    if (steps[i] == 0)
      return ctx.fail("a step is 0");
    AxisSlice s = normalizeSlice(in[*a], starts[i], ends[i], steps[i]);
    first[*a] = s.start;
    step[*a] = s.step;
    out[*a] = s.extent;
    axes[i] = *a;
  }
  if (const HostTensor *x = ctx.host(0)) {
    ctx.setHost(0, slice(*x, first, step, out));
    return success();
  }
  FailureOr<Value> x = ctx.f32(0);
  if (failed(x))
    return failure();
  return ctx.emit("slice", *x,
                               {ctx.named("starts", llvm::ArrayRef<int64_t>(starts)),
                                ctx.named("ends", llvm::ArrayRef<int64_t>(ends)),
                                ctx.named("axes", llvm::ArrayRef<int64_t>(axes)),
                                ctx.named("steps", llvm::ArrayRef<int64_t>(steps))});
}

/// 1 where an element of `in` padded by `pads` (ONNX layout, negative
/// entries crop) comes from the padding, 0 where it comes from the input.
HostTensor paddingMask(const Shape &in, llvm::ArrayRef<int64_t> pads) {
  size_t rank = in.size();
  Shape out(rank);
  for (size_t d = 0; d < rank; ++d)
    out[d] = in[d] + pads[d] + pads[d + rank];
  HostTensor mask = HostTensor::ofFloats(out, std::vector<float>(numElements(out), 0));
  Shape strides = stridesOf(out);
  for (int64_t i = 0, e = mask.numel(); i < e; ++i) {
    bool padded = false;
    for (size_t d = 0; d < rank && !padded; ++d) {
      int64_t source = (i / strides[d]) % out[d] - pads[d];
      padded = source < 0 || source >= in[d];
    }
    mask.floats[i] = padded ? 1.0f : 0.0f;
  }
  return mask;
}

LogicalResult convertPad(NodeContext &ctx) {
  std::vector<int64_t> pads;
  float value = 0;
  std::string mode = ctx.attrString("mode", "constant");
  bool runtimeValue = false;
  if (ctx.opset < 11) {
    pads = ctx.attrInts("pads");
    value = ctx.attrFloat("value", 0.0f);
  } else {
    FailureOr<std::vector<int64_t>> p = ctx.ints(1, "pads");
    if (failed(p))
      return failure();
    pads = *p;
    if (ctx.has(2) && mode == "constant") {
      if (ctx.host(2)) {
        FailureOr<double> v = ctx.scalar(2, "constant_value");
        if (failed(v))
          return failure();
        value = static_cast<float>(*v);
      } else {
        runtimeValue = true;
      }
    }
    if (ctx.has(3))
      return ctx.fail("the axes input (opset 18) is not supported");
  }
  if (mode != "constant" && mode != "reflect" && mode != "edge")
    return ctx.fail("mode '" + mode + "' is not one of constant, reflect, edge");
  Shape in = ctx.shape(0);
  if (pads.size() != 2 * in.size())
    return ctx.fail("pads has " + llvm::Twine(pads.size()) + " entries for rank " +
                    llvm::Twine(in.size()));
  FailureOr<Value> x = ctx.f32(0);
  if (failed(x))
    return failure();
  FailureOr<Value> y = ctx.op1("pad", *x,
                               {ctx.named("pads", llvm::ArrayRef<int64_t>(pads)),
                                ctx.named("mode", llvm::StringRef(mode)),
                                ctx.named("value", value)});
  if (failed(y))
    return failure();
  if (runtimeValue) {
    // A value computed at run time: pad with 0, then add value * mask.
    FailureOr<Value> v = ctx.f32(2);
    if (failed(v))
      return failure();
    if (cast<RankedTensorType>(v->getType()).getNumElements() != 1)
      return ctx.fail("constant_value must hold one value");
    FailureOr<Value> scalar = ctx.reshape(*v, {});
    FailureOr<Value> mask = ctx.constant(paddingMask(in, pads));
    if (failed(scalar) || failed(mask))
      return failure();
    FailureOr<Value> fill = ctx.op1("mul", {*mask, *scalar});
    if (failed(fill))
      return failure();
    y = ctx.op1("add", {*y, *fill});
    if (failed(y))
      return failure();
  }
  ctx.set(0, *y);
  return success();
}

LogicalResult convertGather(NodeContext &ctx) {
  Shape data = ctx.shape(0);
  FailureOr<int64_t> axis =
      ctx.axis(ctx.attrInt("axis", 0), static_cast<int64_t>(data.size()), "axis");
  if (failed(axis))
    return failure();
  const HostTensor *indices = ctx.host(1);
  if (indices) {
    if (indices->isFloat())
      return ctx.fail("indices must be integers, got " + dtypeName(indices->dtype));
    int64_t extent = data[*axis];
    for (int64_t i : indices->ints)
      if (i < -extent || i >= extent)
        return ctx.fail("index " + llvm::Twine(i) + " is out of range for axis " +
                        llvm::Twine(*axis) + " of extent " + llvm::Twine(extent));
    if (const HostTensor *x = ctx.host(0)) {
      ctx.setHost(0, gather(*x, *indices, *axis));
      return success();
    }
  }
  FailureOr<Value> x = ctx.f32(0);
  if (failed(x))
    return failure();
  FailureOr<Value> idx = indices ? ctx.constant(indices->cast(kInt64)) : ctx.value(1);
  if (failed(idx))
    return failure();
  FailureOr<Value> y = ctx.op1("gather", {*x, *idx}, {ctx.named("axis", *axis)});
  if (failed(y))
    return failure();
  ctx.set(0, *y);
  return success();
}

/// ScatterND, folded only (the attention masks Swin transformers build by
/// assigning to slices).
LogicalResult convertScatterND(NodeContext &ctx) {
  std::string reduction = ctx.attrString("reduction", "none");
  if (reduction != "none" && reduction != "add" && reduction != "mul")
    return ctx.fail("attribute 'reduction' must be none, add or mul, got '" + reduction +
                    "'");
  if (!ctx.allHost())
    return ctx.fail("is supported only on values known at import time");
  auto folded = scatterND(*ctx.host(0), *ctx.host(1), *ctx.host(2), reduction);
  if (!folded)
    return ctx.fail(llvm::toString(folded.takeError()));
  ctx.setHost(0, std::move(*folded));
  return success();
}

LogicalResult convertExpand(NodeContext &ctx) {
  FailureOr<std::vector<int64_t>> shape = ctx.ints(1, "the shape");
  if (failed(shape))
    return failure();
  Shape in = ctx.shape(0), out(std::max(in.size(), shape->size()), 1);
  for (size_t i = 0; i < out.size(); ++i) {
    int64_t a = i < in.size() ? in[in.size() - 1 - i] : 1;
    int64_t b = i < shape->size() ? (*shape)[shape->size() - 1 - i] : 1;
    if (a != b && a != 1 && b != 1)
      return ctx.fail("cannot expand " + mlir::dlc::shapeToString(in) + " to " + mlir::dlc::shapeToString(*shape));
    out[out.size() - 1 - i] = a == 1 ? b : a;
  }
  if (const HostTensor *x = ctx.host(0)) {
    ctx.setHost(0, broadcastTo(*x, out));
    return success();
  }
  FailureOr<Value> x = ctx.f32(0);
  if (failed(x))
    return failure();
  if (out == in) {
    ctx.set(0, *x);
    return success();
  }
  return ctx.emit("expand", *x, {ctx.named("shape", llvm::ArrayRef<int64_t>(*shape))});
}

//===----------------------------------------------------------------------===//
// Values known at import time
//===----------------------------------------------------------------------===//

LogicalResult convertConstant(NodeContext &ctx) {
  if (const onnx::AttributeProto *a = ctx.attr("value")) {
    auto t = decodeTensor(a->t());
    if (!t)
      return ctx.fail(llvm::toString(t.takeError()));
    ctx.setHost(0, std::move(*t));
  } else if (const onnx::AttributeProto *f = ctx.attr("value_float")) {
    ctx.setHost(0, HostTensor::ofFloats({}, {f->f()}));
  } else if (ctx.hasAttr("value_floats")) {
    std::vector<float> v = ctx.attrFloats("value_floats");
    ctx.setHost(0, HostTensor::ofFloats({static_cast<int64_t>(v.size())}, v));
  } else if (const onnx::AttributeProto *i = ctx.attr("value_int")) {
    ctx.setHost(0, HostTensor::ofInts({}, {i->i()}));
  } else if (ctx.hasAttr("value_ints")) {
    std::vector<int64_t> v = ctx.attrInts("value_ints");
    ctx.setHost(0, HostTensor::ofInts({static_cast<int64_t>(v.size())}, v));
  } else {
    return ctx.fail("only tensor, float and int constants are supported (not sparse "
                    "or string ones)");
  }
  return success();
}

LogicalResult convertShape(NodeContext &ctx) {
  Shape in = ctx.shape(0);
  int64_t rank = static_cast<int64_t>(in.size());
  int64_t start = ctx.attrInt("start", 0), end = ctx.attrInt("end", rank);
  auto clampAxis = [&](int64_t a) {
    if (a < 0)
      a += rank;
    return std::max<int64_t>(0, std::min(a, rank));
  };
  start = clampAxis(start);
  end = clampAxis(end);
  std::vector<int64_t> dims;
  for (int64_t d = start; d < end; ++d)
    dims.push_back(in[d]);
  ctx.setHost(0, HostTensor::ofInts({static_cast<int64_t>(dims.size())}, dims));
  return success();
}

LogicalResult convertSize(NodeContext &ctx) {
  ctx.setHost(0, HostTensor::ofInts({}, {numElements(ctx.shape(0))}));
  return success();
}

LogicalResult convertConstantOfShape(NodeContext &ctx) {
  FailureOr<std::vector<int64_t>> shape = ctx.ints(0, "the shape");
  if (failed(shape))
    return failure();
  if (llvm::any_of(*shape, [](int64_t d) { return d < 0; }))
    return ctx.fail("the shape " + mlir::dlc::shapeToString(*shape) + " has a negative extent");
  HostTensor fill = HostTensor::ofFloats({}, {0.0f});
  if (const onnx::AttributeProto *a = ctx.attr("value")) {
    auto t = decodeTensor(a->t());
    if (!t)
      return ctx.fail(llvm::toString(t.takeError()));
    if (t->numel() != 1)
      return ctx.fail("the value must hold one element");
    fill = std::move(*t);
  }
  ctx.setHost(0, broadcastTo(fill.reshaped({}), *shape));
  return success();
}

LogicalResult convertRange(NodeContext &ctx) {
  if (!ctx.allHost())
    return ctx.fail("is supported only on values known at import time");
  const HostTensor &startT = *ctx.host(0);
  FailureOr<double> start = ctx.scalar(0, "start"), limit = ctx.scalar(1, "limit"),
                    delta = ctx.scalar(2, "delta");
  if (failed(start) || failed(limit) || failed(delta))
    return failure();
  if (*delta == 0)
    return ctx.fail("delta is 0");
  double count = std::ceil((*limit - *start) / *delta);
  int64_t n = count > 0 ? static_cast<int64_t>(count) : 0;
  if (n > (int64_t(1) << 32))
    return ctx.fail("the range has more than 2^32 elements");
  HostTensor out;
  out.dtype = startT.dtype;
  out.shape = {n};
  for (int64_t i = 0; i < n; ++i) {
    if (out.isFloat())
      out.floats.push_back(static_cast<float>(*start + i * *delta));
    else
      out.ints.push_back(static_cast<int64_t>(*start) + i * static_cast<int64_t>(*delta));
  }
  ctx.setHost(0, std::move(out));
  return success();
}

LogicalResult convertWhere(NodeContext &ctx) {
  if (!ctx.allHost())
    return ctx.fail("is supported only on values known at import time");
  auto r = where(*ctx.host(0), *ctx.host(1), *ctx.host(2));
  if (!r)
    return ctx.fail(llvm::toString(r.takeError()));
  ctx.setHost(0, std::move(*r));
  return success();
}

} // namespace

void mlir::dlc::onnx_import::registerDataMovementOps(OpTable &table) {
  table["::Reshape"] = {convertReshape};
  table["::Flatten"] = {convertFlatten};
  table["::Squeeze"] = {convertSqueeze};
  table["::Unsqueeze"] = {convertUnsqueeze};
  table["::Transpose"] = {convertTranspose};
  table["::Concat"] = {convertConcat};
  table["::Split"] = {convertSplit};
  table["::Slice"] = {convertSlice};
  table["::Pad"] = {convertPad};
  table["::Gather"] = {convertGather};
  table["::Expand"] = {convertExpand};
  table["::Constant"] = {convertConstant};
  table["::Shape"] = {convertShape};
  table["::Size"] = {convertSize, /*foldOnly=*/true};
  table["::ConstantOfShape"] = {convertConstantOfShape, /*foldOnly=*/true};
  table["::ScatterND"] = {convertScatterND, /*foldOnly=*/true};
  table["::Range"] = {convertRange, /*foldOnly=*/true};
  table["::Where"] = {convertWhere, /*foldOnly=*/true};
}
