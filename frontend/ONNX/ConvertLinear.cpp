//===- ConvertLinear.cpp - ONNX Gemm, MatMul and reductions -----------------===//
//
// Gemm maps to dlc.gemm one to one. MatMul follows NumPy: rank-1 operands
// are promoted to matrices and the added dimension dropped again. The
// reductions take their axes from the attribute, or from input 1 where the
// opset moved them there (ReduceSum 13), and fold on known values.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "onnx/onnx_pb.h"

using namespace mlir;
using namespace mlir::dlc::onnx_import;

namespace {

LogicalResult convertGemm(NodeContext &ctx) {
  SmallVector<Value> operands;
  for (unsigned i = 0; i < 3; ++i) {
    if (!ctx.has(i))
      continue;
    FailureOr<Value> v = ctx.f32(i);
    if (failed(v))
      return failure();
    operands.push_back(*v);
  }
  return ctx.emit("gemm", operands,
              {ctx.namedBool("trans_a", ctx.attrInt("transA", 0) != 0),
               ctx.namedBool("trans_b", ctx.attrInt("transB", 0) != 0),
               ctx.named("alpha", ctx.attrFloat("alpha", 1.0f)),
               ctx.named("beta", ctx.attrFloat("beta", 1.0f))});
}

LogicalResult convertMatMul(NodeContext &ctx) {
  FailureOr<Value> a = ctx.f32(0), b = ctx.f32(1);
  if (failed(a) || failed(b))
    return failure();
  Shape as = ctx.shape(0), bs = ctx.shape(1);
  if (as.empty() || bs.empty())
    return ctx.fail("operands must have rank >= 1");
  bool vecA = as.size() == 1, vecB = bs.size() == 1;
  if (vecA)
    a = ctx.reshape(*a, {1, as[0]});
  if (succeeded(a) && vecB)
    b = ctx.reshape(*b, {bs[0], 1});
  if (failed(a) || failed(b))
    return failure();
  FailureOr<Value> y = ctx.op1("matmul", {*a, *b});
  if (failed(y))
    return failure();
  if (vecA || vecB) {
    auto shape = cast<RankedTensorType>(y->getType()).getShape();
    Shape out(shape.begin(), shape.end());
    if (vecB)
      out.erase(out.end() - 1);
    if (vecA)
      out.erase(out.end() - 1 - (vecB ? 0 : 1));
    y = ctx.reshape(*y, out);
    if (failed(y))
      return failure();
  }
  ctx.set(0, *y);
  return success();
}

template <ReduceFn fn> constexpr const char *reduceOpName() {
  switch (fn) {
  case ReduceFn::Sum: return "reduce_sum";
  case ReduceFn::Mean: return "reduce_mean";
  case ReduceFn::Max: return "reduce_max";
  case ReduceFn::Min: return "reduce_min";
  default: return nullptr; // ReduceProd folds only
  }
}

/// ReduceSum/Mean/Max/Min/Prod; `axesInputOpset` is the opset from which
/// the axes are input 1 (ReduceSum: 13; the others: 18, beyond dlc's range).
template <ReduceFn fn, int axesInputOpset = 18> LogicalResult convertReduce(NodeContext &ctx) {
  std::vector<int64_t> axes;
  if (ctx.opset >= axesInputOpset) {
    if (ctx.has(1)) {
      FailureOr<std::vector<int64_t>> a = ctx.ints(1, "axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
    if (axes.empty() && ctx.attrInt("noop_with_empty_axes", 0) != 0) {
      ctx.forward(0, 0);
      return success();
    }
  } else {
    axes = ctx.attrInts("axes");
  }
  int64_t rank = ctx.rank(0);
  std::vector<bool> seen(rank, false);
  for (int64_t &a : axes) {
    FailureOr<int64_t> d = ctx.axis(a, rank, "axis");
    if (failed(d))
      return failure();
    if (seen[*d])
      return ctx.fail("axis " + llvm::Twine(a) + " is given twice");
    seen[*d] = true;
    a = *d;
  }
  bool keepDims = ctx.attrInt("keepdims", 1) != 0;
  if (const HostTensor *x = ctx.host(0)) {
    ctx.setHost(0, reduce(fn, *x, axes, keepDims));
    return success();
  }
  constexpr const char *name = reduceOpName<fn>();
  if (!name)
    return ctx.fail("is supported only on values known at import time");
  FailureOr<Value> x = ctx.f32(0);
  if (failed(x))
    return failure();
  FailureOr<Value> y = ctx.op1(name, *x,
                               {ctx.named("axes", llvm::ArrayRef<int64_t>(axes)),
                                ctx.namedBool("keepdims", keepDims)});
  if (failed(y))
    return failure();
  ctx.set(0, *y);
  return success();
}

/// ReduceL2 (no fold: it appears on activations, not on shapes).
LogicalResult convertReduceL2(NodeContext &ctx) {
  int64_t rank = ctx.rank(0);
  std::vector<int64_t> axes = ctx.attrInts("axes");
  for (int64_t &a : axes) {
    FailureOr<int64_t> d = ctx.axis(a, rank, "axis");
    if (failed(d))
      return failure();
    a = *d;
  }
  FailureOr<Value> x = ctx.f32(0);
  if (failed(x))
    return failure();
  return ctx.emit("reduce_l2", *x,
              {ctx.named("axes", llvm::ArrayRef<int64_t>(axes)),
               ctx.namedBool("keepdims", ctx.attrInt("keepdims", 1) != 0)});
}

} // namespace

void mlir::dlc::onnx_import::registerLinearOps(OpTable &table) {
  table["::Gemm"] = {convertGemm};
  table["::MatMul"] = {convertMatMul};
  table["::ReduceSum"] = {convertReduce<ReduceFn::Sum, 13>};
  table["::ReduceMean"] = {convertReduce<ReduceFn::Mean>};
  table["::ReduceMax"] = {convertReduce<ReduceFn::Max>};
  table["::ReduceMin"] = {convertReduce<ReduceFn::Min>};
  table["::ReduceProd"] = {convertReduce<ReduceFn::Prod>, /*foldOnly=*/true};
  table["::ReduceL2"] = {convertReduceL2};
}
