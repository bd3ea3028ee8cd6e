//===- BufferAliases.h - uses of a buffer and its aliases --------*- C++ -*-===//
//
// Shared by the passes that move or remove buffers after bufferization.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TRANSFORMS_BUFFERALIASES_H
#define DLC_TRANSFORMS_BUFFERALIASES_H

#include "mlir/IR/Block.h"
#include "mlir/Support/LLVM.h"

namespace mlir::dlc {

/// The last operation of `block` before `limit` that uses `buffer` or a
/// value that may alias it (transitively, any memref result of a user),
/// or null when there is none. Fails when a use cannot be placed in
/// `block` before `limit` (a use outside the block, or after `limit`);
/// `limit` itself is not a use.
FailureOr<Operation *> lastUseBefore(Value buffer, Block *block, Operation *limit);

} // namespace mlir::dlc

#endif // DLC_TRANSFORMS_BUFFERALIASES_H
