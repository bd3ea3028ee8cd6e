//===- TensorFiles.h - .npy files of the dlc subcommands ----------*- C++ -*-===//
//
// Reading a .npy array whatever its element type dlc supports (float32, or
// int64 with int32 widened), and writing a tensor as DIR/<sanitized
// name>.npy: shared by run, grad and train.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TOOLS_DLC_TENSORFILES_H
#define DLC_TOOLS_DLC_TENSORFILES_H

#include "dlc/Target/JIT.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace dlc {

/// A .npy file as an f32 tensor, else (integer data) as an i64 one;
/// nothing, with the reader's message in `error`, when it is neither.
std::optional<mlir::dlc::Tensor> readNpyAnyType(llvm::StringRef path, std::string &error);

/// Writes `data` of `shape` (f32, or i64 when `i64` is given) as
/// `dir`/<sanitized `name`>.npy, atomically. Reports and returns 1 on
/// failure, 0 on success.
int writeNpy(llvm::StringRef dir, llvm::StringRef name, llvm::ArrayRef<int64_t> shape,
             const float *data, const int64_t *i64 = nullptr);

} // namespace dlc

#endif // DLC_TOOLS_DLC_TENSORFILES_H
