//===- Reduction.cpp - dlc reductions over axes to linalg -===//
//
// Lowers reductions over axes.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "dlc/Conversion/DLCToLinalg/DLCToLinalg.h"

using namespace mlir;
using namespace mlir::dlc;

void mlir::dlc::populateReductionToLinalgPatterns(RewritePatternSet &patterns) {
  (void)patterns;
}
