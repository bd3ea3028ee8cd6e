//===- DataMovementOps.cpp - dlc datamovement ops: shape inference, verifiers -===//
//
// The constants and data movement: reshape, transpose, concat, split, slice, gather, pad.
// Diagnostics follow OpUtils.h: lowercase, naming the operand, stating
// the expected and the actual value.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/DataMovementOps.h"
#include "OpUtils.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

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


#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/DataMovementOps.cpp.inc"
