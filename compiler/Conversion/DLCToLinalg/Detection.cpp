//===- Detection.cpp - dlc box decoding and non-maximum suppression to linalg -===//
//
// Lowers box decoding and non-maximum suppression.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "dlc/Conversion/DLCToLinalg/DLCToLinalg.h"

using namespace mlir;
using namespace mlir::dlc;

void mlir::dlc::populateDetectionToLinalgPatterns(RewritePatternSet &patterns) {
  (void)patterns;
}
