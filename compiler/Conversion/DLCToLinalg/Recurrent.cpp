//===- Recurrent.cpp - dlc RNN, LSTM and GRU layers and cells to linalg -===//
//
// Lowers RNN, LSTM and GRU layers and cells.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "dlc/Conversion/DLCToLinalg/DLCToLinalg.h"

using namespace mlir;
using namespace mlir::dlc;

void mlir::dlc::populateRecurrentToLinalgPatterns(RewritePatternSet &patterns) {
  (void)patterns;
}
