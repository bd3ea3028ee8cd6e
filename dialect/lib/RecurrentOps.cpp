//===- RecurrentOps.cpp - dlc recurrent ops: shape inference, verifiers -===//
//
// The recurrent layers: RNN, LSTM (plain, peephole, coupled), GRU; sequences and cells.
// Diagnostics follow OpUtils.h: lowercase, naming the operand, stating
// the expected and the actual value.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/RecurrentOps.h"
#include "OpUtils.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;



#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/RecurrentOps.cpp.inc"
