//===- DetectionOps.cpp - dlc detection ops: shape inference, verifiers -===//
//
// The detection helpers: box decoding, non-maximum suppression.
// Diagnostics follow OpUtils.h: lowercase, naming the operand, stating
// the expected and the actual value.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/DetectionOps.h"
#include "OpUtils.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;



#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/DetectionOps.cpp.inc"
