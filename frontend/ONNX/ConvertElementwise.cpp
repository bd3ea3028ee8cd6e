//===- ConvertElementwise.cpp - ONNX elementwise operators ------------------===//
//
// Unary and broadcasting binary arithmetic, the variadic Sum/Max/Min/Mean,
// the activations (Relu, Sigmoid, Tanh, LeakyRelu, PRelu, Clip, HardSigmoid,
// HardSwish, Softplus, Erf and Gelu), Softmax and
// LogSoftmax (with the 2-D coercion of opsets before 13), Dropout, Identity
// and Cast. Every one folds when all its inputs are known at import time.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "onnx/onnx_pb.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::dlc::onnx_import;

namespace {

//===----------------------------------------------------------------------===//
// Unary
//===----------------------------------------------------------------------===//

template <UnaryFn fn> constexpr const char *unaryOpName() {
  switch (fn) {
  case UnaryFn::Neg: return "neg";
  case UnaryFn::Abs: return "abs";
  case UnaryFn::Sqrt: return "sqrt";
  case UnaryFn::Exp: return "exp";
  case UnaryFn::Log: return "log";
  case UnaryFn::Reciprocal: return "reciprocal";
  case UnaryFn::Relu: return "relu";
  case UnaryFn::Sigmoid: return "sigmoid";
  case UnaryFn::Tanh: return "tanh";
  case UnaryFn::Erf: return "erf";
  case UnaryFn::Softplus: return "softplus";
  case UnaryFn::HardSwish: return "hard_swish";
  default: return nullptr; // fold only
  }
}

template <UnaryFn fn> LogicalResult convertUnary(NodeContext &ctx) {
  if (const HostTensor *x = ctx.host(0)) {
    ctx.setHost(0, unary(fn, *x));
    return success();
  }
  constexpr const char *name = unaryOpName<fn>();
  if (!name)
    return ctx.fail("is supported only on values known at import time");
  FailureOr<Value> x = ctx.f32(0);
  if (failed(x))
    return failure();
  return ctx.emit(name, *x);
}

//===----------------------------------------------------------------------===//
// Binary and variadic
//===----------------------------------------------------------------------===//

const char *binaryOpName(BinaryFn fn) {
  switch (fn) {
  case BinaryFn::Add: return "add";
  case BinaryFn::Sub: return "sub";
  case BinaryFn::Mul: return "mul";
  case BinaryFn::Div: return "div";
  case BinaryFn::Pow: return "pow";
  case BinaryFn::Max: return "max";
  case BinaryFn::Min: return "min";
  default: return nullptr; // comparisons fold only
  }
}

/// `value` converted to f32 when it is int64 (dlc.cast).
FailureOr<Value> asF32(NodeContext &ctx, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getElementType().isF32())
    return value;
  return ctx.op1("cast", value, {}, type.clone(ctx.b.getF32Type()));
}

/// lhs `fn` rhs on SSA values: f32, except that Pow takes an int64 exponent
/// (converted) and an int64 base (computed in f32, the result truncated
/// back to int64 like ONNX's reference).
FailureOr<Value> emitBinary(NodeContext &ctx, BinaryFn fn, unsigned lhsIndex,
                            Value lhs, Value rhs) {
  const char *name = binaryOpName(fn);
  if (!name) {
    (void)ctx.fail("is supported only on values known at import time");
    return failure();
  }
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  bool intBase = !lhsType.getElementType().isF32();
  if (fn == BinaryFn::Pow) {
    FailureOr<Value> base = asF32(ctx, lhs), exponent = asF32(ctx, rhs);
    if (failed(base) || failed(exponent))
      return failure();
    FailureOr<Value> y = ctx.op1(name, {*base, *exponent});
    if (failed(y) || !intBase)
      return y;
    auto type = cast<RankedTensorType>(y->getType());
    return ctx.op1("cast", *y, {}, type.clone(lhsType.getElementType()));
  }
  for (Value v : {lhs, rhs})
    if (!cast<RankedTensorType>(v.getType()).getElementType().isF32()) {
      (void)ctx.fail("input " + llvm::Twine(v == lhs ? lhsIndex : lhsIndex + 1) +
                     " is an int64 tensor computed at run time; dlc supports this "
                     "operator on float32 tensors (integers only where they fold "
                     "at import time)");
      return failure();
    }
  return ctx.op1(name, {lhs, rhs});
}

template <BinaryFn fn> LogicalResult convertBinary(NodeContext &ctx) {
  if (ctx.allHost()) {
    auto folded = binary(fn, *ctx.host(0), *ctx.host(1));
    if (!folded)
      return ctx.fail(llvm::toString(folded.takeError()));
    ctx.setHost(0, std::move(*folded));
    return success();
  }
  FailureOr<Value> lhs = ctx.value(0), rhs = ctx.value(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  FailureOr<Value> y = emitBinary(ctx, fn, 0, *lhs, *rhs);
  if (failed(y))
    return failure();
  ctx.set(0, *y);
  return success();
}

/// Mod: fmod = 0 takes the divisor's sign (integers only, as ONNX
/// requires), fmod = 1 the dividend's. Folded only (the shifted-window
/// arithmetic of Swin transformers).
LogicalResult convertMod(NodeContext &ctx) {
  int64_t fmod = ctx.attrInt("fmod", 0);
  if (fmod != 0 && fmod != 1)
    return ctx.fail("attribute 'fmod' must be 0 or 1, got " + llvm::Twine(fmod));
  if (!ctx.allHost())
    return ctx.fail("is supported only on values known at import time");
  const HostTensor &lhs = *ctx.host(0), &rhs = *ctx.host(1);
  if (fmod == 0 && (lhs.isFloat() || rhs.isFloat()))
    return ctx.fail("attribute 'fmod' must be 1 for floating-point inputs");
  auto folded = binary(fmod ? BinaryFn::FMod : BinaryFn::Mod, lhs, rhs);
  if (!folded)
    return ctx.fail(llvm::toString(folded.takeError()));
  ctx.setHost(0, std::move(*folded));
  return success();
}

/// Sum, Max, Min (a left fold of the binary op) and Mean (Sum / n).
template <BinaryFn fn, bool mean = false> LogicalResult convertVariadic(NodeContext &ctx) {
  unsigned n = ctx.numInputs();
  if (n == 0)
    return ctx.fail("needs at least one input");
  if (ctx.allHost()) {
    HostTensor acc = *ctx.host(0);
    for (unsigned i = 1; i < n; ++i) {
      auto next = binary(fn, acc, *ctx.host(i));
      if (!next)
        return ctx.fail(llvm::toString(next.takeError()));
      acc = std::move(*next);
    }
    if (mean) {
      auto scaled = binary(BinaryFn::Div, acc,
                           HostTensor::ofFloats({}, {static_cast<float>(n)}));
      if (!scaled)
        return ctx.fail(llvm::toString(scaled.takeError()));
      acc = std::move(*scaled);
    }
    ctx.setHost(0, std::move(acc));
    return success();
  }
  FailureOr<Value> acc = ctx.f32(0);
  if (failed(acc))
    return failure();
  for (unsigned i = 1; i < n && succeeded(acc); ++i) {
    FailureOr<Value> next = ctx.f32(i);
    if (failed(next))
      return failure();
    acc = emitBinary(ctx, fn, i - 1, *acc, *next);
  }
  if (succeeded(acc) && mean) {
    FailureOr<Value> count =
        ctx.constant(HostTensor::ofFloats({}, {static_cast<float>(n)}));
    if (failed(count))
      return failure();
    acc = ctx.op1("div", {*acc, *count});
  }
  if (failed(acc))
    return failure();
  ctx.set(0, *acc);
  return success();
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

LogicalResult convertLeakyRelu(NodeContext &ctx) {
  FailureOr<Value> x = ctx.f32(0);
  if (failed(x))
    return failure();
  return ctx.emit("leaky_relu", *x, {ctx.named("alpha", ctx.attrFloat("alpha", 0.01f))});
}

LogicalResult convertHardSigmoid(NodeContext &ctx) {
  FailureOr<Value> x = ctx.f32(0);
  if (failed(x))
    return failure();
  return ctx.emit("hard_sigmoid", *x,
                  {ctx.named("alpha", ctx.attrFloat("alpha", 0.2f)),
                   ctx.named("beta", ctx.attrFloat("beta", 0.5f))});
}

/// Gelu (opset 20): dlc.gelu, whose verifier rejects an `approximate` other
/// than "none" and "tanh".
LogicalResult convertGelu(NodeContext &ctx) {
  FailureOr<Value> x = ctx.f32(0);
  if (failed(x))
    return failure();
  return ctx.emit("gelu", *x,
                  {ctx.named("approximate", llvm::StringRef(ctx.attrString("approximate",
                                                                           "none")))});
}

/// ONNX broadcasts the slope right-aligned; dlc.prelu reads a rank-1 slope
/// per channel, so a rank-1 slope of a rank > 2 input gets leading 1s.
LogicalResult convertPRelu(NodeContext &ctx) {
  FailureOr<Value> x = ctx.f32(0), slope = ctx.f32(1);
  if (failed(x) || failed(slope))
    return failure();
  if (ctx.rank(1) == 1 && ctx.rank(0) > 2) {
    Shape s(ctx.rank(0) - 1, 1);
    s.push_back(ctx.shape(1)[0]);
    slope = ctx.reshape(*slope, s);
    if (failed(slope))
      return failure();
  }
  return ctx.emit("prelu", {*x, *slope});
}

/// y = min(max(x, min), max): dlc.clip for known bounds with min <= max,
/// else dlc.max and dlc.min (bounds computed at run time, or crossed).
LogicalResult convertClip(NodeContext &ctx) {
  constexpr float inf = std::numeric_limits<float>::infinity();
  FailureOr<Value> x = ctx.f32(0);
  if (failed(x))
    return failure();
  std::optional<float> lo, hi;
  bool runtimeBounds = false;
  if (ctx.opset < 11) {
    lo = ctx.attrFloat("min", -inf);
    hi = ctx.attrFloat("max", inf);
  } else {
    lo = -inf;
    hi = inf;
    for (unsigned i : {1u, 2u}) {
      if (!ctx.has(i))
        continue;
      const HostTensor *bound = ctx.host(i);
      if (!bound) {
        runtimeBounds = true;
        continue;
      }
      if (bound->numel() != 1)
        return ctx.fail("the " + llvm::Twine(i == 1 ? "min" : "max") +
                        " bound must be a scalar");
      (i == 1 ? lo : hi) = static_cast<float>(bound->at(0));
    }
  }
  if (!runtimeBounds && *lo <= *hi) {
    FailureOr<Value> y = ctx.op1("clip", *x, {ctx.named("min", *lo), ctx.named("max", *hi)});
    if (failed(y))
      return failure();
    ctx.set(0, *y);
    return success();
  }
  Value y = *x;
  for (unsigned i : {1u, 2u}) {
    FailureOr<Value> bound;
    if (ctx.opset >= 11 && ctx.has(i) && !ctx.host(i))
      bound = ctx.f32(i);
    else
      bound = ctx.constant(HostTensor::ofFloats({}, {i == 1 ? *lo : *hi}));
    if (failed(bound))
      return failure();
    FailureOr<Value> next = ctx.op1(i == 1 ? "max" : "min", {y, *bound});
    if (failed(next))
      return failure();
    y = *next;
  }
  ctx.set(0, y);
  return success();
}

/// Softmax and LogSoftmax. Before opset 13 the input is coerced to 2-D at
/// `axis` (default 1) and normalized over the whole trailing block.
template <bool log> LogicalResult convertSoftmax(NodeContext &ctx) {
  FailureOr<Value> x = ctx.f32(0);
  if (failed(x))
    return failure();
  const char *name = log ? "log_softmax" : "softmax";
  int64_t rank = ctx.rank(0);
  FailureOr<int64_t> axis =
      ctx.axis(ctx.attrInt("axis", ctx.opset < 13 ? 1 : -1), rank, "axis");
  if (failed(axis))
    return failure();
  Shape shape = ctx.shape(0);
  FailureOr<Value> y;
  if (ctx.opset >= 13 || *axis == rank - 1) {
    y = ctx.op1(name, *x, {ctx.named("axis", *axis)});
  } else {
    int64_t outer = numElements(llvm::ArrayRef<int64_t>(shape).take_front(*axis));
    int64_t inner = numElements(llvm::ArrayRef<int64_t>(shape).drop_front(*axis));
    FailureOr<Value> flat = ctx.reshape(*x, {outer, inner});
    if (failed(flat))
      return failure();
    y = ctx.op1(name, *flat, {ctx.named("axis", int64_t(1))});
    if (succeeded(y))
      y = ctx.reshape(*y, shape);
  }
  if (failed(y))
    return failure();
  ctx.set(0, *y);
  return success();
}

/// Dropout: the identity at inference (as every ONNX runtime runs it);
/// training mode (opset >= 12, a known true training_mode) is dlc.dropout
/// with the node's seed.
LogicalResult convertDropout(NodeContext &ctx) {
  bool training = false;
  if (ctx.opset >= 12 && ctx.has(2)) {
    FailureOr<double> mode = ctx.scalar(2, "training_mode");
    if (failed(mode))
      return failure();
    training = *mode != 0;
  }
  // The ratio matters only in training (at inference any ratio is fine,
  // even one computed at run time). A ratio of 0 drops nothing in training
  // either (torchvision's Swin exports its attention dropout so).
  float ratio = ctx.attrFloat("ratio", 0.5f);
  if (training && ctx.opset >= 12 && ctx.has(1)) {
    FailureOr<double> r = ctx.scalar(1, "ratio");
    if (failed(r))
      return failure();
    ratio = static_cast<float>(*r);
  }
  if (!training || ratio == 0) {
    ctx.forward(0, 0);
    if (ctx.wants(1)) {
      // Nothing is dropped: the mask is all true (bool before opset 10 too).
      Shape shape = ctx.shape(0);
      ctx.setHost(1, HostTensor::ofInts(shape, std::vector<int64_t>(numElements(shape), 1),
                                        ctx.opset >= 10 ? kBool : ctx.dtype(0)));
    }
    return success();
  }
  if (ctx.wants(1))
    return ctx.fail("the mask output of a training-mode Dropout is not supported "
                    "(it is a bool tensor, and dlc has none)");
  FailureOr<Value> x = ctx.f32(0);
  if (failed(x))
    return failure();
  FailureOr<Operation *> op =
      ctx.op("dropout", *x,
             {ctx.named("ratio", ratio), ctx.named("seed", ctx.attrInt("seed", 0)),
              ctx.namedBool("training", true)},
             2);
  if (failed(op))
    return failure();
  ctx.set(0, (*op)->getResult(0));
  return success();
}

LogicalResult convertIdentity(NodeContext &ctx) {
  ctx.forward(0, 0);
  return success();
}

/// Cast: folded on known values; at run time between float32 and int64
/// (dlc.cast), the identity between types dlc holds alike.
LogicalResult convertCast(NodeContext &ctx) {
  int64_t to = ctx.attrInt("to", kUndefined);
  if (const HostTensor *x = ctx.host(0)) {
    if (!isFloatDType(static_cast<int32_t>(to)) && !isIntDType(static_cast<int32_t>(to)))
      return ctx.fail("cast to " + dtypeName(static_cast<int32_t>(to)) +
                      " is not supported");
    ctx.setHost(0, x->cast(static_cast<int32_t>(to)));
    return success();
  }
  Type target = Importer::elementType(*ctx.b.getContext(), static_cast<int32_t>(to));
  if (!target)
    return ctx.fail("cast to " + dtypeName(static_cast<int32_t>(to)) +
                    " is not supported at run time: dlc computes on float32 and "
                    "int64 tensors");
  FailureOr<Value> x = ctx.value(0);
  if (failed(x))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  if (type.getElementType() == target) {
    ctx.set(0, *x);
    return success();
  }
  FailureOr<Value> y = ctx.op1("cast", *x, {}, type.clone(target));
  if (failed(y))
    return failure();
  ctx.set(0, *y);
  return success();
}

} // namespace

void mlir::dlc::onnx_import::registerElementwiseOps(OpTable &table) {
  table["::Relu"] = {convertUnary<UnaryFn::Relu>};
  table["::Sigmoid"] = {convertUnary<UnaryFn::Sigmoid>};
  table["::Tanh"] = {convertUnary<UnaryFn::Tanh>};
  table["::Erf"] = {convertUnary<UnaryFn::Erf>};
  table["::Softplus"] = {convertUnary<UnaryFn::Softplus>};
  table["::HardSwish"] = {convertUnary<UnaryFn::HardSwish>};
  table["::HardSigmoid"] = {convertHardSigmoid};
  table["::Gelu"] = {convertGelu};
  table["::Exp"] = {convertUnary<UnaryFn::Exp>};
  table["::Log"] = {convertUnary<UnaryFn::Log>};
  table["::Sqrt"] = {convertUnary<UnaryFn::Sqrt>};
  table["::Neg"] = {convertUnary<UnaryFn::Neg>};
  table["::Abs"] = {convertUnary<UnaryFn::Abs>};
  table["::Reciprocal"] = {convertUnary<UnaryFn::Reciprocal>};
  table["::Floor"] = {convertUnary<UnaryFn::Floor>, /*foldOnly=*/true};
  table["::Ceil"] = {convertUnary<UnaryFn::Ceil>, /*foldOnly=*/true};
  table["::Not"] = {convertUnary<UnaryFn::Not>, /*foldOnly=*/true};
  table["::Add"] = {convertBinary<BinaryFn::Add>};
  table["::Sub"] = {convertBinary<BinaryFn::Sub>};
  table["::Mul"] = {convertBinary<BinaryFn::Mul>};
  table["::Div"] = {convertBinary<BinaryFn::Div>};
  table["::Pow"] = {convertBinary<BinaryFn::Pow>};
  table["::Equal"] = {convertBinary<BinaryFn::Equal>, /*foldOnly=*/true};
  table["::Less"] = {convertBinary<BinaryFn::Less>, /*foldOnly=*/true};
  table["::Greater"] = {convertBinary<BinaryFn::Greater>, /*foldOnly=*/true};
  table["::Mod"] = {convertMod, /*foldOnly=*/true};
  table["::Sum"] = {convertVariadic<BinaryFn::Add>};
  table["::Mean"] = {convertVariadic<BinaryFn::Add, /*mean=*/true>};
  table["::Max"] = {convertVariadic<BinaryFn::Max>};
  table["::Min"] = {convertVariadic<BinaryFn::Min>};
  table["::LeakyRelu"] = {convertLeakyRelu};
  table["::PRelu"] = {convertPRelu};
  table["::Clip"] = {convertClip};
  table["::Softmax"] = {convertSoftmax<false>};
  table["::LogSoftmax"] = {convertSoftmax<true>};
  table["::Dropout"] = {convertDropout};
  table["::Identity"] = {convertIdentity};
  table["::Cast"] = {convertCast};
}
