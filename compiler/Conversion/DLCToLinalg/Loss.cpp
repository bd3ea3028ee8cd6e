//===- Loss.cpp - dlc the losses to linalg -===//
//
// Lowers the losses.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "dlc/Conversion/DLCToLinalg/DLCToLinalg.h"

using namespace mlir;
using namespace mlir::dlc;

void mlir::dlc::populateLossToLinalgPatterns(RewritePatternSet &patterns) {
  (void)patterns;
}
