//===- NormalizationOps.cpp - dlc normalization ops: shape inference, verifiers -===//
//
// The normalization: batch_norm (inference, training), lrn.
// Diagnostics follow OpUtils.h: lowercase, naming the operand, stating
// the expected and the actual value.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/NormalizationOps.h"
#include "OpUtils.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

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


#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/NormalizationOps.cpp.inc"
