//===- DataMovementOps.h - dlc datamovement ops -*- C++ -*-===//
//
// The constants and data movement: reshape, transpose, concat, split, slice,
// gather, pad, expand, cast (generated from DataMovementOps.td).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_DATA_MOVEMENTOPS_H
#define DLC_DIALECT_DLC_DATA_MOVEMENTOPS_H

#include "dlc/Dialect/DLC/DLCDialect.h"
#include "dlc/Dialect/DLC/DifferentiableOpInterface.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/DataMovementOps.h.inc"

namespace mlir::dlc {

/// One axis of a `dlc.slice` after ONNX's normalization: the output reads
/// input indices `start + j * step` for `j` in [0, size).
struct SliceAxisBounds {
  int64_t start = 0;
  int64_t step = 1;
  int64_t size = 0;
};

/// The normalized bounds of every input axis of a slice (axes not named
/// keep start 0, step 1 and their full extent). Fails, with a diagnostic at
/// `loc` when there is one, on malformed attributes.
FailureOr<SmallVector<SliceAxisBounds>>
computeSliceBounds(std::optional<Location> loc, ArrayRef<int64_t> inputShape,
                   ArrayRef<int64_t> starts, ArrayRef<int64_t> ends,
                   std::optional<ArrayRef<int64_t>> axes,
                   std::optional<ArrayRef<int64_t>> steps);

} // namespace mlir::dlc

#endif // DLC_DIALECT_DLC_DATA_MOVEMENTOPS_H
