//===- Checkpoint.h - dlc train's checkpoints --------------------*- C++ -*-===//
//
// A training checkpoint is a safetensors file (dlc_safetensors_write:
// written to a temporary file and renamed, so a failed write never replaces
// the last good one): the parameters ("param/<name>"), the optimizer's state
// ("state<k>/<name>"), the best epoch's parameters under early stopping
// ("best/<name>"), and two I64 tensors: "dlc.meta" (the loop's counters and
// generator state) and "dlc.metrics" (each finished epoch's schedule metric,
// as the bits of a double, replayed into the schedule on resume). An I64
// "dlc.checksum" (FNV-1a 64 over every other tensor's name and bytes, in
// name order) is verified on load.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TOOLS_DLC_CHECKPOINT_H
#define DLC_TOOLS_DLC_CHECKPOINT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct dlc_safetensors;

namespace dlc {

/// The loop's state beside the tensors.
struct CheckpointMeta {
  int64_t optimizer = 0, stateCount = 0; ///< dlc_optimizer, its buffers
  int64_t epoch = 0;                     ///< epochs finished
  int64_t updates = 0;                   ///< optimizer steps taken
  int64_t samples = 0;                   ///< training samples per epoch
  uint64_t rng = 0;                      ///< the shuffle's SplitMix64 state
  int64_t bestEpoch = 0, wait = 0;       ///< early stopping
  double best = 0;
  std::vector<double> metrics; ///< per finished epoch: the schedule's metric
};

/// A tensor to save: name, shape, `count` f32 values at `data`.
struct CheckpointTensor {
  std::string name;
  std::vector<int64_t> shape;
  const float *data;
};

/// Writes the checkpoint atomically.
llvm::Error saveCheckpoint(llvm::StringRef path, llvm::ArrayRef<CheckpointTensor> tensors,
                           const CheckpointMeta &meta);

/// An opened checkpoint whose checksum and metadata have been verified.
class Checkpoint {
public:
  static llvm::Expected<Checkpoint> open(llvm::StringRef path);
  const CheckpointMeta &meta() const { return info; }
  bool has(llvm::StringRef name) const;
  /// The names of the f32 tensors starting with `prefix`.
  std::vector<std::string> names(llvm::StringRef prefix) const;
  /// Copies tensor `name`, which must be f32 of `shape`, into `out`.
  llvm::Error read(llvm::StringRef name, llvm::ArrayRef<int64_t> shape, float *out) const;

private:
  std::string path;
  std::shared_ptr<dlc_safetensors> file;
  CheckpointMeta info;
};

} // namespace dlc

#endif // DLC_TOOLS_DLC_CHECKPOINT_H
