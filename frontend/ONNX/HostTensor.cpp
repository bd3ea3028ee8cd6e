//===- HostTensor.cpp - tensors the ONNX importer computes with -------------===//
//
// See HostTensor.h. Every index computed here stays inside the tensors: the
// decoders check sizes against the declared shape before copying, and the
// folds only run on operands the callers have checked.
//
//===----------------------------------------------------------------------===//

#include "HostTensor.h"

#include "onnx/onnx_pb.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

using namespace mlir::dlc::onnx_import;
using llvm::ArrayRef;

std::string mlir::dlc::onnx_import::dtypeName(int32_t dtype) {
  if (onnx::TensorProto_DataType_IsValid(dtype))
    return onnx::TensorProto_DataType_Name(
        static_cast<onnx::TensorProto_DataType>(dtype));
  return "type " + std::to_string(dtype);
}

bool mlir::dlc::onnx_import::isFloatDType(int32_t dtype) {
  return dtype == kFloat || dtype == kDouble || dtype == kFloat16 || dtype == kBFloat16;
}

bool mlir::dlc::onnx_import::isIntDType(int32_t dtype) {
  switch (dtype) {
  case kUInt8: case kInt8: case kUInt16: case kInt16: case kInt32: case kInt64:
  case kBool: case kUInt32: case kUInt64:
    return true;
  default:
    return false;
  }
}

int64_t mlir::dlc::onnx_import::numElements(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

HostTensor HostTensor::ofInts(Shape shape, std::vector<int64_t> values, int32_t dtype) {
  HostTensor t;
  t.dtype = dtype;
  t.shape = std::move(shape);
  t.ints = std::move(values);
  return t;
}

HostTensor HostTensor::ofFloats(Shape shape, std::vector<float> values) {
  HostTensor t;
  t.dtype = kFloat;
  t.shape = std::move(shape);
  t.floats = std::move(values);
  return t;
}

HostTensor HostTensor::pick(Shape newShape, ArrayRef<int64_t> sources) const {
  HostTensor out;
  out.dtype = dtype;
  out.shape = std::move(newShape);
  if (isFloat()) {
    out.floats.reserve(sources.size());
    for (int64_t s : sources)
      out.floats.push_back(floats[s]);
  } else {
    out.ints.reserve(sources.size());
    for (int64_t s : sources)
      out.ints.push_back(ints[s]);
  }
  return out;
}

HostTensor HostTensor::reshaped(Shape newShape) const {
  HostTensor out = *this;
  out.shape = std::move(newShape);
  return out;
}

HostTensor HostTensor::cast(int32_t to) const {
  HostTensor out;
  out.dtype = to;
  out.shape = shape;
  if (isFloatDType(to)) {
    out.floats.reserve(numel());
    for (int64_t i = 0, e = numel(); i < e; ++i)
      out.floats.push_back(static_cast<float>(at(i)));
    return out;
  }
  out.ints.reserve(numel());
  for (int64_t i = 0, e = numel(); i < e; ++i) {
    double v = at(i);
    if (to == kBool) {
      out.ints.push_back(v != 0);
      continue;
    }
    // Truncate toward zero; saturate what int64 cannot hold (NaN -> 0)
    // instead of invoking undefined behaviour.
    if (std::isnan(v))
      v = 0;
    v = std::trunc(v);
    if (v >= 9.2233720368547758e18)
      out.ints.push_back(std::numeric_limits<int64_t>::max());
    else if (v <= -9.2233720368547758e18)
      out.ints.push_back(std::numeric_limits<int64_t>::min());
    else
      out.ints.push_back(static_cast<int64_t>(v));
  }
  return out;
}

//===----------------------------------------------------------------------===//
// Decoding
//===----------------------------------------------------------------------===//

namespace {
float halfToFloat(uint16_t h) {
  uint32_t sign = (h >> 15) & 1, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
  float value;
  if (exponent == 0)
    value = std::ldexp(static_cast<float>(mantissa), -24);
  else if (exponent == 31)
    value = mantissa ? std::numeric_limits<float>::quiet_NaN()
                     : std::numeric_limits<float>::infinity();
  else
    value = std::ldexp(static_cast<float>(mantissa | 0x400), static_cast<int>(exponent) - 25);
  return sign ? -value : value;
}

float bfloat16ToFloat(uint16_t b) {
  uint32_t bits = static_cast<uint32_t>(b) << 16;
  float f;
  std::memcpy(&f, &bits, sizeof(f));
  return f;
}

int64_t elementBytes(int32_t dtype) {
  switch (dtype) {
  case kFloat: case kInt32: case kUInt32: return 4;
  case kDouble: case kInt64: case kUInt64: return 8;
  case kFloat16: case kBFloat16: case kInt16: case kUInt16: return 2;
  case kInt8: case kUInt8: case kBool: return 1;
  default: return 0;
  }
}

template <typename T> T load(const char *p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

/// Appends element `i` of little-endian raw data of `dtype` to `t`.
void appendRaw(HostTensor &t, const char *p) {
  switch (t.dtype) {
  case kFloat: t.floats.push_back(load<float>(p)); break;
  case kDouble: t.floats.push_back(static_cast<float>(load<double>(p))); break;
  case kFloat16: t.floats.push_back(halfToFloat(load<uint16_t>(p))); break;
  case kBFloat16: t.floats.push_back(bfloat16ToFloat(load<uint16_t>(p))); break;
  case kInt8: t.ints.push_back(load<int8_t>(p)); break;
  case kUInt8: t.ints.push_back(load<uint8_t>(p)); break;
  case kBool: t.ints.push_back(load<uint8_t>(p) != 0); break;
  case kInt16: t.ints.push_back(load<int16_t>(p)); break;
  case kUInt16: t.ints.push_back(load<uint16_t>(p)); break;
  case kInt32: t.ints.push_back(load<int32_t>(p)); break;
  case kUInt32: t.ints.push_back(load<uint32_t>(p)); break;
  case kInt64: t.ints.push_back(load<int64_t>(p)); break;
  // uint64 beyond INT64_MAX wraps; only shape arithmetic folds them.
  case kUInt64: t.ints.push_back(static_cast<int64_t>(load<uint64_t>(p))); break;
  default: break;
  }
}
} // namespace

llvm::Expected<HostTensor> mlir::dlc::onnx_import::decodeTensor(const onnx::TensorProto &proto) {
  auto error = [&](const llvm::Twine &what) {
    std::string name = proto.name().empty() ? "a tensor" : "tensor '" + proto.name() + "'";
    return llvm::createStringError(llvm::inconvertibleErrorCode(), name + ": " + what);
  };
  HostTensor t;
  t.dtype = proto.data_type();
  // 2^40 elements is far beyond any real tensor and keeps products exact.
  constexpr int64_t kMaxElements = int64_t(1) << 40;
  int64_t n = 1;
  for (int64_t d : proto.dims()) {
    if (d < 0)
      return error("negative dimension " + llvm::Twine(d));
    if (d > 0 && n > kMaxElements / d)
      return error("more than 2^40 elements");
    n *= d;
    t.shape.push_back(d);
  }
  if (proto.data_location() == onnx::TensorProto::EXTERNAL)
    return error("weights in external data files are not supported; save the "
                 "model with its weights inside the .onnx file");
  if (t.dtype == kString)
    return error("string tensors are not supported");
  int64_t bytes = elementBytes(t.dtype);
  if (bytes == 0)
    return error("element type " + dtypeName(t.dtype) + " is not supported");
  if (proto.has_raw_data()) {
    const std::string &raw = proto.raw_data();
    if (static_cast<int64_t>(raw.size()) != n * bytes)
      return error("raw data holds " + llvm::Twine(raw.size()) + " bytes but " +
                   llvm::Twine(n) + " " + dtypeName(t.dtype) + " elements need " +
                   llvm::Twine(n * bytes));
    if (t.isFloat())
      t.floats.reserve(n);
    else
      t.ints.reserve(n);
    for (int64_t i = 0; i < n; ++i)
      appendRaw(t, raw.data() + i * bytes);
    return t;
  }
  auto checkCount = [&](int64_t count) -> llvm::Error {
    if (count != n)
      return error("holds " + llvm::Twine(count) + " values but its shape needs " +
                   llvm::Twine(n));
    return llvm::Error::success();
  };
  switch (t.dtype) {
  case kFloat:
    if (auto err = checkCount(proto.float_data_size()))
      return std::move(err);
    t.floats.assign(proto.float_data().begin(), proto.float_data().end());
    break;
  case kDouble:
    if (auto err = checkCount(proto.double_data_size()))
      return std::move(err);
    for (double v : proto.double_data())
      t.floats.push_back(static_cast<float>(v));
    break;
  case kInt64:
    if (auto err = checkCount(proto.int64_data_size()))
      return std::move(err);
    t.ints.assign(proto.int64_data().begin(), proto.int64_data().end());
    break;
  case kUInt32:
  case kUInt64:
    if (auto err = checkCount(proto.uint64_data_size()))
      return std::move(err);
    for (uint64_t v : proto.uint64_data())
      t.ints.push_back(static_cast<int64_t>(v));
    break;
  case kFloat16:
  case kBFloat16:
    if (auto err = checkCount(proto.int32_data_size()))
      return std::move(err);
    for (int32_t v : proto.int32_data())
      t.floats.push_back(t.dtype == kFloat16 ? halfToFloat(static_cast<uint16_t>(v))
                                             : bfloat16ToFloat(static_cast<uint16_t>(v)));
    break;
  default: // the int32_data types
    if (auto err = checkCount(proto.int32_data_size()))
      return std::move(err);
    for (int32_t v : proto.int32_data())
      t.ints.push_back(t.dtype == kBool ? (v != 0) : v);
    break;
  }
  return t;
}

//===----------------------------------------------------------------------===//
// Folding primitives
//===----------------------------------------------------------------------===//

Shape mlir::dlc::onnx_import::stridesOf(ArrayRef<int64_t> shape) {
  Shape strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

namespace {
/// Calls `fn(index)` for every multi-index of `shape` in row-major order.
template <typename Fn> void forEachIndex(const Shape &shape, Fn fn) {
  int64_t n = numElements(shape);
  Shape index(shape.size(), 0);
  for (int64_t i = 0; i < n; ++i) {
    fn(index);
    for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
}

/// The offset in a tensor of `shape` that NumPy broadcasting reads for the
/// output multi-index `index` (right-aligned; unit dims read index 0).
int64_t broadcastSource(const Shape &index, const Shape &shape, const Shape &strides) {
  int64_t offset = 0, shift = static_cast<int64_t>(index.size() - shape.size());
  for (size_t d = 0; d < shape.size(); ++d)
    if (shape[d] != 1)
      offset += index[d + shift] * strides[d];
  return offset;
}

std::optional<Shape> broadcastShape(const Shape &a, const Shape &b) {
  Shape out(std::max(a.size(), b.size()), 1);
  for (size_t i = 0; i < out.size(); ++i) {
    int64_t x = i < a.size() ? a[a.size() - 1 - i] : 1;
    int64_t y = i < b.size() ? b[b.size() - 1 - i] : 1;
    if (x != y && x != 1 && y != 1)
      return std::nullopt;
    out[out.size() - 1 - i] = x == 1 ? y : x;
  }
  return out;
}
} // namespace

HostTensor mlir::dlc::onnx_import::transpose(const HostTensor &t, ArrayRef<int64_t> perm) {
  Shape outShape;
  for (int64_t p : perm)
    outShape.push_back(t.shape[p]);
  Shape strides = stridesOf(t.shape);
  std::vector<int64_t> sources;
  sources.reserve(t.numel());
  forEachIndex(outShape, [&](const Shape &index) {
    int64_t offset = 0;
    for (size_t d = 0; d < perm.size(); ++d)
      offset += index[d] * strides[perm[d]];
    sources.push_back(offset);
  });
  return t.pick(outShape, sources);
}

HostTensor mlir::dlc::onnx_import::slice(const HostTensor &t, ArrayRef<int64_t> starts,
                                   ArrayRef<int64_t> steps, const Shape &outShape) {
  Shape strides = stridesOf(t.shape);
  std::vector<int64_t> sources;
  forEachIndex(outShape, [&](const Shape &index) {
    int64_t offset = 0;
    for (size_t d = 0; d < index.size(); ++d)
      offset += (starts[d] + index[d] * steps[d]) * strides[d];
    sources.push_back(offset);
  });
  return t.pick(outShape, sources);
}

HostTensor mlir::dlc::onnx_import::concat(ArrayRef<const HostTensor *> parts, int64_t axis) {
  HostTensor out;
  out.dtype = parts.front()->dtype;
  out.shape = parts.front()->shape;
  out.shape[axis] = 0;
  for (const HostTensor *p : parts)
    out.shape[axis] += p->shape[axis];
  int64_t outer = numElements(ArrayRef<int64_t>(out.shape).take_front(axis));
  for (int64_t o = 0; o < outer; ++o) {
    for (const HostTensor *p : parts) {
      int64_t block = numElements(ArrayRef<int64_t>(p->shape).drop_front(axis));
      if (out.isFloat())
        out.floats.insert(out.floats.end(), p->floats.begin() + o * block,
                          p->floats.begin() + (o + 1) * block);
      else
        out.ints.insert(out.ints.end(), p->ints.begin() + o * block,
                        p->ints.begin() + (o + 1) * block);
    }
  }
  return out;
}

HostTensor mlir::dlc::onnx_import::gather(const HostTensor &data, const HostTensor &indices,
                                    int64_t axis) {
  Shape outShape(data.shape.begin(), data.shape.begin() + axis);
  outShape.insert(outShape.end(), indices.shape.begin(), indices.shape.end());
  outShape.insert(outShape.end(), data.shape.begin() + axis + 1, data.shape.end());
  int64_t extent = data.shape[axis];
  int64_t inner = numElements(ArrayRef<int64_t>(data.shape).drop_front(axis + 1));
  int64_t outer = numElements(ArrayRef<int64_t>(data.shape).take_front(axis));
  std::vector<int64_t> sources;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t k = 0; k < indices.numel(); ++k) {
      int64_t idx = indices.ints[k] < 0 ? indices.ints[k] + extent : indices.ints[k];
      for (int64_t i = 0; i < inner; ++i)
        sources.push_back((o * extent + idx) * inner + i);
    }
  return data.pick(outShape, sources);
}

HostTensor mlir::dlc::onnx_import::broadcastTo(const HostTensor &t, const Shape &shape) {
  Shape strides = stridesOf(t.shape);
  std::vector<int64_t> sources;
  forEachIndex(shape, [&](const Shape &index) {
    sources.push_back(broadcastSource(index, t.shape, strides));
  });
  return t.pick(shape, sources);
}

llvm::Expected<HostTensor> mlir::dlc::onnx_import::binary(BinaryFn fn, const HostTensor &lhs,
                                                    const HostTensor &rhs) {
  std::optional<Shape> shape = broadcastShape(lhs.shape, rhs.shape);
  if (!shape)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the operand shapes do not broadcast");
  bool compare = fn == BinaryFn::Equal || fn == BinaryFn::Less || fn == BinaryFn::Greater;
  bool floating = lhs.isFloat() || rhs.isFloat();
  HostTensor out;
  out.dtype = compare ? kBool : lhs.dtype;
  out.shape = *shape;
  Shape ls = stridesOf(lhs.shape), rs = stridesOf(rhs.shape);
  bool divByZero = false;
  forEachIndex(*shape, [&](const Shape &index) {
    int64_t li = broadcastSource(index, lhs.shape, ls);
    int64_t ri = broadcastSource(index, rhs.shape, rs);
    if (floating || out.isFloat()) {
      double a = lhs.at(li), b = rhs.at(ri), r = 0;
      switch (fn) {
      case BinaryFn::Add: r = a + b; break;
      case BinaryFn::Sub: r = a - b; break;
      case BinaryFn::Mul: r = a * b; break;
      case BinaryFn::Div: r = a / b; break;
      case BinaryFn::Pow: r = std::pow(a, b); break;
      case BinaryFn::Max: r = std::isnan(a) || std::isnan(b) ? NAN : std::max(a, b); break;
      case BinaryFn::Min: r = std::isnan(a) || std::isnan(b) ? NAN : std::min(a, b); break;
      case BinaryFn::Equal: r = a == b; break;
      case BinaryFn::Less: r = a < b; break;
      case BinaryFn::Greater: r = a > b; break;
      case BinaryFn::FMod: r = std::fmod(a, b); break;
      case BinaryFn::Mod:
        r = std::fmod(a, b);
        if (r != 0 && (r < 0) != (b < 0))
          r += b;
        break;
      }
      if (out.isFloat())
        out.floats.push_back(static_cast<float>(r));
      else
        out.ints.push_back(static_cast<int64_t>(r));
      return;
    }
    int64_t a = lhs.ints[li], b = rhs.ints[ri], r = 0;
    // Shape arithmetic only: wrap instead of overflowing into UB.
    auto wrap = [](uint64_t v) { return static_cast<int64_t>(v); };
    switch (fn) {
    case BinaryFn::Add: r = wrap(uint64_t(a) + uint64_t(b)); break;
    case BinaryFn::Sub: r = wrap(uint64_t(a) - uint64_t(b)); break;
    case BinaryFn::Mul: r = wrap(uint64_t(a) * uint64_t(b)); break;
    case BinaryFn::Div:
      if (b == 0 || (a == std::numeric_limits<int64_t>::min() && b == -1)) {
        divByZero = true;
        r = 0;
      } else {
        r = a / b;
      }
      break;
    case BinaryFn::Pow: {
      r = 1;
      for (int64_t k = 0; k < b && k < 64; ++k)
        r = wrap(uint64_t(r) * uint64_t(a));
      break;
    }
    case BinaryFn::Max: r = std::max(a, b); break;
    case BinaryFn::Min: r = std::min(a, b); break;
    case BinaryFn::Equal: r = a == b; break;
    case BinaryFn::Less: r = a < b; break;
    case BinaryFn::Greater: r = a > b; break;
    case BinaryFn::Mod:
    case BinaryFn::FMod:
      if (b == 0 || (a == std::numeric_limits<int64_t>::min() && b == -1)) {
        divByZero = b == 0;
        r = 0;
        break;
      }
      r = a % b;
      if (fn == BinaryFn::Mod && r != 0 && (r < 0) != (b < 0))
        r += b;
      break;
    }
    out.ints.push_back(r);
  });
  if (divByZero)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "integer division or modulo by zero");
  return out;
}

HostTensor mlir::dlc::onnx_import::unary(UnaryFn fn, const HostTensor &t) {
  HostTensor out;
  out.dtype = t.dtype;
  out.shape = t.shape;
  for (int64_t i = 0, e = t.numel(); i < e; ++i) {
    if (!t.isFloat()) {
      int64_t v = t.ints[i];
      switch (fn) {
      case UnaryFn::Neg: v = static_cast<int64_t>(0 - static_cast<uint64_t>(v)); break;
      case UnaryFn::Abs: v = v < 0 ? static_cast<int64_t>(0 - static_cast<uint64_t>(v)) : v; break;
      case UnaryFn::Relu: v = std::max<int64_t>(v, 0); break;
      case UnaryFn::Not: v = !v; break;
      case UnaryFn::Erf: v = static_cast<int64_t>(std::erf(static_cast<double>(v))); break;
      default: break; // Floor/Ceil of an integer is the integer
      }
      out.ints.push_back(v);
      continue;
    }
    double v = t.floats[i];
    switch (fn) {
    case UnaryFn::Neg: v = -v; break;
    case UnaryFn::Abs: v = std::fabs(v); break;
    case UnaryFn::Sqrt: v = std::sqrt(v); break;
    case UnaryFn::Exp: v = std::exp(v); break;
    case UnaryFn::Log: v = std::log(v); break;
    case UnaryFn::Reciprocal: v = 1.0 / v; break;
    case UnaryFn::Relu: v = v > 0 ? v : 0; break;
    case UnaryFn::Sigmoid: v = 1.0 / (1.0 + std::exp(-v)); break;
    case UnaryFn::Tanh: v = std::tanh(v); break;
    case UnaryFn::Erf: v = std::erf(v); break;
    case UnaryFn::Softplus: v = std::max(v, 0.0) + std::log1p(std::exp(-std::fabs(v))); break;
    case UnaryFn::HardSwish: v = v * std::min(std::max(v + 3.0, 0.0), 6.0) / 6.0; break;
    case UnaryFn::Floor: v = std::floor(v); break;
    case UnaryFn::Ceil: v = std::ceil(v); break;
    case UnaryFn::Not: v = v == 0; break;
    }
    out.floats.push_back(static_cast<float>(v));
  }
  return out;
}

llvm::Expected<HostTensor> mlir::dlc::onnx_import::where(const HostTensor &cond,
                                                   const HostTensor &x,
                                                   const HostTensor &y) {
  std::optional<Shape> shape = broadcastShape(cond.shape, x.shape);
  if (shape)
    shape = broadcastShape(*shape, y.shape);
  if (!shape)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the operand shapes do not broadcast");
  HostTensor c = broadcastTo(cond, *shape), a = broadcastTo(x, *shape),
             b = broadcastTo(y, *shape);
  for (int64_t i = 0, e = a.numel(); i < e; ++i) {
    if (c.at(i) != 0)
      continue;
    if (a.isFloat())
      a.floats[i] = b.floats[i];
    else
      a.ints[i] = b.ints[i];
  }
  return a;
}

HostTensor mlir::dlc::onnx_import::reduce(ReduceFn fn, const HostTensor &t,
                                    ArrayRef<int64_t> axes, bool keepDims) {
  int64_t rank = static_cast<int64_t>(t.shape.size());
  std::vector<bool> reduced(rank, axes.empty());
  for (int64_t a : axes)
    reduced[a] = true;
  Shape kept;
  for (int64_t d = 0; d < rank; ++d)
    kept.push_back(reduced[d] ? 1 : t.shape[d]);
  int64_t n = numElements(kept);
  std::vector<double> acc(n, fn == ReduceFn::Prod ? 1.0
                              : fn == ReduceFn::Max ? -INFINITY
                              : fn == ReduceFn::Min ? INFINITY : 0.0);
  Shape keptStrides = stridesOf(kept);
  int64_t i = 0;
  forEachIndex(t.shape, [&](const Shape &index) {
    int64_t o = 0;
    for (int64_t d = 0; d < rank; ++d)
      if (!reduced[d])
        o += index[d] * keptStrides[d];
    double v = t.at(i++);
    switch (fn) {
    case ReduceFn::Sum: case ReduceFn::Mean: acc[o] += v; break;
    case ReduceFn::Prod: acc[o] *= v; break;
    case ReduceFn::Max: acc[o] = std::isnan(v) ? v : std::max(acc[o], v); break;
    case ReduceFn::Min: acc[o] = std::isnan(v) ? v : std::min(acc[o], v); break;
    }
  });
  if (fn == ReduceFn::Mean && n > 0) {
    int64_t count = t.numel() / n;
    for (double &v : acc)
      v /= static_cast<double>(count);
  }
  Shape outShape;
  for (int64_t d = 0; d < rank; ++d)
    if (!reduced[d] || keepDims)
      outShape.push_back(kept[d]);
  HostTensor out;
  out.dtype = t.dtype;
  out.shape = outShape;
  for (double v : acc) {
    if (out.isFloat())
      out.floats.push_back(static_cast<float>(v));
    else
      out.ints.push_back(static_cast<int64_t>(v));
  }
  return out;
}

llvm::Expected<HostTensor> mlir::dlc::onnx_import::scatterND(const HostTensor &data,
                                                       const HostTensor &indices,
                                                       const HostTensor &updates,
                                                       llvm::StringRef reduction) {
  auto fail = [](const llvm::Twine &message) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
  };
  if (indices.isFloat())
    return fail("indices must be integers, got " + dtypeName(indices.dtype));
  if (indices.shape.empty())
    return fail("indices must have at least one dimension");
  int64_t k = indices.shape.back();
  int64_t rank = static_cast<int64_t>(data.shape.size());
  if (k < 1 || k > rank)
    return fail("the last dimension of indices (" + llvm::Twine(k) +
                ") must be between 1 and the rank of data (" + llvm::Twine(rank) + ")");
  Shape expected(indices.shape.begin(), indices.shape.end() - 1);
  expected.insert(expected.end(), data.shape.begin() + k, data.shape.end());
  if (updates.shape != expected)
    return fail("updates must have the shape indices.shape[:-1] + data.shape[k:]");
  if (updates.isFloat() != data.isFloat())
    return fail("updates must have the element type of data");
  bool add = reduction == "add", mul = reduction == "mul";
  auto combine = [&](auto &x, auto u) { x = add ? x + u : mul ? x * u : u; };
  HostTensor out = data;
  Shape strides = stridesOf(data.shape);
  int64_t sliceSize = numElements(llvm::ArrayRef<int64_t>(data.shape).drop_front(k));
  int64_t slices = numElements(llvm::ArrayRef<int64_t>(indices.shape).drop_back());
  for (int64_t s = 0; s < slices; ++s) {
    int64_t offset = 0;
    for (int64_t d = 0; d < k; ++d) {
      int64_t i = indices.ints[s * k + d], extent = data.shape[d];
      if (i < -extent || i >= extent)
        return fail("index " + llvm::Twine(i) + " is out of range for dimension " +
                    llvm::Twine(d) + " of extent " + llvm::Twine(extent));
      offset += (i < 0 ? i + extent : i) * strides[d];
    }
    for (int64_t e = 0; e < sliceSize; ++e) {
      int64_t to = offset + e, from = s * sliceSize + e;
      if (out.isFloat())
        combine(out.floats[to], updates.floats[from]);
      else
        combine(out.ints[to], updates.ints[from]);
    }
  }
  return out;
}
