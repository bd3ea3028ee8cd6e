//===- LinearGradients.cpp - adjoint rules of matmul and gemm ---------------===//
//
// matmul: dA = g B^T, dB = A^T g, summed over broadcast batch dimensions.
// gemm (y = alpha op(A) op(B) + beta C): each operand's adjoint is itself a
// gemm with the transposes arranged so that no transpose is materialized,
// and dC = beta g summed down to C's shape.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/GradientUtils.h"
#include "dlc/Dialect/DLC/LinearOps.h"

using namespace mlir;
using namespace mlir::dlc;
using grad::Emitter;

namespace {
/// `x` with its last two dimensions swapped.
Value swapLast(Emitter &e, Value x) {
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  SmallVector<int64_t> perm;
  for (int64_t d = 0; d < rank; ++d)
    perm.push_back(d);
  std::swap(perm[rank - 1], perm[rank - 2]);
  return e.transpose(x, perm);
}
} // namespace

DLC_ADJOINTS(MatMulOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g)
    return success();
  Emitter e(b, getLoc());
  if (needed[0])
    operandAdjoints[0] =
        e.reduceLike(MatMulOp::create(b, getLoc(), g, swapLast(e, getRhs())), getLhs());
  if (needed[1])
    operandAdjoints[1] =
        e.reduceLike(MatMulOp::create(b, getLoc(), swapLast(e, getLhs()), g), getRhs());
  return success();
}

DLC_ADJOINTS(GemmOp) {
  grad::initAdjoints(*this, operandAdjoints);
  Value g = resultAdjoints[0];
  if (!g)
    return success();
  Emitter e(b, getLoc());
  bool ta = getTransA(), tb = getTransB();
  auto alpha = getAlphaAttr(), beta = getBetaAttr();
  auto gemm = [&](Value x, Value y, bool tx, bool ty) -> Value {
    return GemmOp::create(b, getLoc(), x, y, Value(), b.getBoolAttr(tx), b.getBoolAttr(ty),
                          alpha, b.getF32FloatAttr(0.0f));
  };
  // d op(A) = g op(B)^T and d op(B) = op(A)^T g, transposed back where the
  // operand was transposed.
  if (needed[0])
    operandAdjoints[0] = ta ? gemm(getB(), g, tb, true) : gemm(g, getB(), false, !tb);
  if (needed[1])
    operandAdjoints[1] = tb ? gemm(g, getA(), true, ta) : gemm(getA(), g, !ta, false);
  if (getC() && needed[2])
    operandAdjoints[2] = e.reduceLike(e.mul(g, e.scalar(beta.getValueAsDouble())), getC());
  return success();
}
