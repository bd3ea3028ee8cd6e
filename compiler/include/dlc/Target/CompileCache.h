//===- CompileCache.h - machine code kept across compiles --------*- C++ -*-===//
//
// An on-disk cache of compiled models: `<dir>/<key>.o` (the object files
// of the model's parts, one after another) and `<dir>/<key>.json` (its
// format version, the parts' sizes, its SHA-256, and what only the
// pipeline knows: the prepared values' types, the arena's size). The key is
// a SHA-256 over the model's text once its parameters are arguments, minus
// their values (so other weights hit), the settings that decide the code
// (options, target CPU and features) and this build of dlc. Entries are
// written to a temporary file and renamed, checked when read (a damaged or
// stale one reads as a miss and is rewritten), and evicted least recently
// used first past a size bound.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TARGET_COMPILECACHE_H
#define DLC_TARGET_COMPILECACHE_H

#include "dlc/Target/Model.h"
#include "llvm/Support/MemoryBuffer.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace llvm {
class TargetMachine;
} // namespace llvm

namespace mlir::dlc {

/// A compiled model: its object files and what only the pipeline knows.
struct CompiledCode {
  /// The entry's file: the object files one after another.
  std::unique_ptr<llvm::MemoryBuffer> file;
  /// Each object file's bytes, in `file`.
  std::vector<llvm::StringRef> objects;
  std::vector<TensorSpec> prepared;
  int64_t arenaBytes = 0;
};

/// Copies of object files, as buffers the JIT takes ownership of.
std::vector<std::unique_ptr<llvm::MemoryBuffer>>
objectBuffers(llvm::ArrayRef<llvm::StringRef> objects);

class CompileCache {
public:
  /// A cache in `dir` (created when first written) bounded by `maxBytes`.
  CompileCache(std::string dir, int64_t maxBytes)
      : dir(std::move(dir)), maxBytes(maxBytes) {}

  /// The key of `module` (parameters externalized) compiled with
  /// `settings` (options, target): see the file comment.
  static std::string key(ModuleOp module, llvm::StringRef settings);

  /// The entry of `key`, renewed for eviction; nothing when it is absent,
  /// unreadable or damaged.
  std::optional<CompiledCode> read(llvm::StringRef key) const;

  /// Stores an entry (the objects first, then the description that vouches
  /// for them) and evicts past the bound. A failure (read-only directory,
  /// full disk) only costs the next compile its time.
  void write(llvm::StringRef key, llvm::ArrayRef<llvm::StringRef> objects,
             const std::vector<TensorSpec> &prepared, int64_t arenaBytes) const;

private:
  std::string dir;
  int64_t maxBytes;
};

/// The CPU `tm` compiles for and its features, for cache settings.
std::string targetSettings(const llvm::TargetMachine &tm);

} // namespace mlir::dlc

#endif // DLC_TARGET_COMPILECACHE_H
