//===- LossOps.cpp - dlc loss ops: shape inference, verifiers -===//
//
// The losses: cross-entropy, NLL, MSE, KL divergence, center, contrastive, margin softmaxes.
// Diagnostics follow OpUtils.h: lowercase, naming the operand, stating
// the expected and the actual value.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/LossOps.h"
#include "OpUtils.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;



#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/LossOps.cpp.inc"
