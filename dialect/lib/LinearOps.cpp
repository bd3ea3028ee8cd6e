//===- LinearOps.cpp - dlc linear ops: shape inference, verifiers -===//
//
// The dense layers: matmul, gemm.
// Diagnostics follow OpUtils.h: lowercase, naming the operand, stating
// the expected and the actual value.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/LinearOps.h"
#include "OpUtils.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

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


#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/LinearOps.cpp.inc"
