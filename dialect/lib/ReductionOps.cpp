//===- ReductionOps.cpp - dlc reduction ops: shape inference, verifiers -===//
//
// The reductions over axes: sum, mean, max, min.
// Diagnostics follow OpUtils.h: lowercase, naming the operand, stating
// the expected and the actual value.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/ReductionOps.h"
#include "OpUtils.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;



#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/ReductionOps.cpp.inc"
