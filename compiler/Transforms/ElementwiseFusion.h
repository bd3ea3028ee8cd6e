//===- ElementwiseFusion.h - dlc's elementwise fusion rule -*- C++ -*-===//
//
// The producer/consumer fusion of elementwise linalg ops that
// dlc-fuse-elementwise runs, and dlc-fuse-conv-epilogue again on the ops it
// makes: only elementwise consumers (contractions keep their multiply-add
// bodies for tile-and-vectorize), and no producer recomputed while it is
// still stored for another user.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TRANSFORMS_ELEMENTWISEFUSION_H
#define DLC_TRANSFORMS_ELEMENTWISEFUSION_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::dlc {

/// Adds the fusion patterns, and linalg's removal of the operands and
/// results the fused ops no longer use.
void populateElementwiseFusionPatterns(RewritePatternSet &patterns);

} // namespace mlir::dlc

#endif // DLC_TRANSFORMS_ELEMENTWISEFUSION_H
