//===- Normalization.cpp - dlc batch_norm_train and lrn to linalg -===//
//
// Lowers batch_norm_train and lrn.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "dlc/Conversion/DLCToLinalg/DLCToLinalg.h"

using namespace mlir;
using namespace mlir::dlc;

void mlir::dlc::populateNormalizationToLinalgPatterns(RewritePatternSet &patterns) {
  (void)patterns;
}
