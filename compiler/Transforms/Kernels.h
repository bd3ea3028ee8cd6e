//===- Kernels.h - what a kernel of a bufferized function is ----*- C++ -*-===//
//
// Shared by the passes that treat a bufferized model function as a sequence
// of kernels (dlc-profile-kernels, dlc-outline-kernels).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TRANSFORMS_KERNELS_H
#define DLC_TRANSFORMS_KERNELS_H

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Operation.h"

namespace mlir::dlc {

/// Whether `op`, a top-level op of a function, is a kernel: it has a body
/// (a loop nest, a linalg op) or copies memory (a loop nest once lowered);
/// allocations, views and constants are not.
inline bool isKernel(Operation *op) {
  if (op->hasTrait<OpTrait::IsTerminator>())
    return false;
  return op->getNumRegions() > 0 || isa<memref::CopyOp>(op);
}

} // namespace mlir::dlc

#endif // DLC_TRANSFORMS_KERNELS_H
