//===- Checkpoint.cpp - dlc train's checkpoints ---------------------------===//
//
// Reads and writes the checkpoint of Checkpoint.h through the runtime's
// safetensors reader and writer. Every refusal names the file and what is
// wrong with it.
//
//===----------------------------------------------------------------------===//

#include "Checkpoint.h"

#include "dlc/runtime/safetensors.h"

#include "llvm/ADT/STLExtras.h"

#include <cstring>
#include <map>

using namespace dlc;

namespace {

constexpr int64_t kVersion = 1;
constexpr int64_t kMetaSize = 11;

uint64_t fnv1a(uint64_t hash, const void *data, size_t size) {
  const auto *bytes = static_cast<const unsigned char *>(data);
  for (size_t i = 0; i < size; ++i)
    hash = (hash ^ bytes[i]) * 0x100000001b3ULL;
  return hash;
}

int64_t bitsOf(double value) {
  int64_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return bits;
}

double doubleOf(int64_t bits) {
  double value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

} // namespace

llvm::Error dlc::saveCheckpoint(llvm::StringRef path,
                                llvm::ArrayRef<CheckpointTensor> tensors,
                                const CheckpointMeta &meta) {
  std::vector<int64_t> metaValues = {kVersion,
                                     meta.optimizer,
                                     meta.stateCount,
                                     meta.epoch,
                                     meta.updates,
                                     meta.samples,
                                     static_cast<int64_t>(meta.rng),
                                     meta.bestEpoch,
                                     meta.wait,
                                     bitsOf(meta.best),
                                     static_cast<int64_t>(meta.metrics.size())};
  std::vector<int64_t> metrics;
  for (double m : meta.metrics)
    metrics.push_back(bitsOf(m));
  if (metrics.empty())
    metrics.push_back(0);
  // (name, bytes) of every tensor, for the checksum in name order.
  std::map<std::string, std::pair<const void *, size_t>> contents;
  std::vector<std::string> names;
  std::vector<dlc_tensor> raw;
  auto add = [&](const std::string &name, llvm::ArrayRef<int64_t> shape, const float *f32,
                 const int64_t *i64) {
    dlc_tensor t{};
    t.rank = static_cast<int64_t>(shape.size());
    std::copy(shape.begin(), shape.end(), t.shape);
    size_t n = 1;
    for (int64_t d : shape)
      n *= static_cast<size_t>(d);
    if (i64) {
      t.dtype = DLC_I64;
      t.data_i64 = const_cast<int64_t *>(i64);
      contents[name] = {i64, n * sizeof(int64_t)};
    } else {
      t.dtype = DLC_F32;
      t.data = const_cast<float *>(f32);
      contents[name] = {f32, n * sizeof(float)};
    }
    names.push_back(name);
    raw.push_back(t);
  };
  for (const CheckpointTensor &t : tensors)
    add(t.name, t.shape, t.data, nullptr);
  add("dlc.meta", {kMetaSize}, nullptr, metaValues.data());
  add("dlc.metrics", {static_cast<int64_t>(metrics.size())}, nullptr, metrics.data());
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (auto &[name, bytes] : contents) {
    hash = fnv1a(hash, name.data(), name.size() + 1);
    hash = fnv1a(hash, bytes.first, bytes.second);
  }
  int64_t checksum = static_cast<int64_t>(hash);
  add("dlc.checksum", {1}, nullptr, &checksum);
  std::vector<const char *> cnames;
  for (const std::string &n : names)
    cnames.push_back(n.c_str());
  char err[512];
  if (dlc_safetensors_write(path.str().c_str(), static_cast<int64_t>(raw.size()),
                            cnames.data(), raw.data(), err, sizeof(err)) != 0)
    return llvm::createStringError("cannot write the checkpoint: %s", err);
  return llvm::Error::success();
}

llvm::Expected<Checkpoint> Checkpoint::open(llvm::StringRef path) {
  char err[512];
  dlc_safetensors *raw = nullptr;
  if (dlc_safetensors_open(path.str().c_str(), &raw, err, sizeof(err)) != 0)
    return llvm::createStringError("--resume: %s", err);
  Checkpoint c;
  c.path = path.str();
  c.file.reset(raw, dlc_safetensors_close);
  auto refuse = [&](const std::string &why) {
    return llvm::createStringError("--resume: '%s' %s", c.path.c_str(), why.c_str());
  };
  auto i64 = [&](const char *name, int64_t minCount) -> const int64_t * {
    int64_t i = dlc_safetensors_find(raw, name);
    if (i < 0 || dlc_safetensors_dtype(raw, i) != DLC_I64 ||
        dlc_safetensors_rank(raw, i) != 1 || dlc_safetensors_shape(raw, i)[0] < minCount)
      return nullptr;
    return static_cast<const int64_t *>(dlc_safetensors_data(raw, i));
  };
  if (!i64("dlc.meta", kMetaSize) || !i64("dlc.checksum", 1) || !i64("dlc.metrics", 1))
    return refuse("is not a dlc train checkpoint (no dlc.meta, dlc.metrics or "
                  "dlc.checksum tensor)");
  // The checksum over every other tensor, in name order.
  std::map<std::string, int64_t> order;
  for (int64_t i = 0; i < dlc_safetensors_count(raw); ++i)
    if (std::strcmp(dlc_safetensors_name(raw, i), "dlc.checksum") != 0)
      order[dlc_safetensors_name(raw, i)] = i;
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (auto &[name, i] : order) {
    hash = fnv1a(hash, name.data(), name.size() + 1);
    hash = fnv1a(hash, dlc_safetensors_data(raw, i), dlc_safetensors_nbytes(raw, i));
  }
  int64_t stored;
  std::memcpy(&stored, i64("dlc.checksum", 1), sizeof(stored));
  if (static_cast<int64_t>(hash) != stored)
    return refuse("is corrupt: its checksum does not match its contents");
  int64_t m[kMetaSize];
  std::memcpy(m, i64("dlc.meta", kMetaSize), sizeof(m));
  if (m[0] != kVersion)
    return refuse("is a checkpoint of version " + std::to_string(m[0]) +
                  ", this dlc reads version " + std::to_string(kVersion));
  CheckpointMeta &meta = c.info;
  meta.optimizer = m[1];
  meta.stateCount = m[2];
  meta.epoch = m[3];
  meta.updates = m[4];
  meta.samples = m[5];
  meta.rng = static_cast<uint64_t>(m[6]);
  meta.bestEpoch = m[7];
  meta.wait = m[8];
  meta.best = doubleOf(m[9]);
  if (m[10] < 0 || !i64("dlc.metrics", std::max<int64_t>(m[10], 1)))
    return refuse("is corrupt: dlc.metrics is shorter than its epoch count");
  std::vector<int64_t> bits(m[10]);
  std::memcpy(bits.data(), i64("dlc.metrics", 1), bits.size() * sizeof(int64_t));
  for (int64_t b : bits)
    meta.metrics.push_back(doubleOf(b));
  return c;
}

bool Checkpoint::has(llvm::StringRef name) const {
  return dlc_safetensors_find(file.get(), name.str().c_str()) >= 0;
}

std::vector<std::string> Checkpoint::names(llvm::StringRef prefix) const {
  std::vector<std::string> out;
  for (int64_t i = 0; i < dlc_safetensors_count(file.get()); ++i)
    if (llvm::StringRef(dlc_safetensors_name(file.get(), i)).starts_with(prefix))
      out.push_back(dlc_safetensors_name(file.get(), i));
  return out;
}

llvm::Error Checkpoint::read(llvm::StringRef name, llvm::ArrayRef<int64_t> shape,
                             float *out) const {
  int64_t i = dlc_safetensors_find(file.get(), name.str().c_str());
  if (i < 0)
    return llvm::createStringError("--resume: '%s' does not fit this model and "
                                   "optimizer: it has no tensor '%s'",
                                   path.c_str(), name.str().c_str());
  const int64_t *got = dlc_safetensors_shape(file.get(), i);
  if (dlc_safetensors_dtype(file.get(), i) != DLC_F32 ||
      !llvm::equal(llvm::ArrayRef(got, dlc_safetensors_rank(file.get(), i)), shape))
    return llvm::createStringError("--resume: '%s' does not fit this model: tensor '%s' "
                                   "is not f32 of the parameter's shape",
                                   path.c_str(), name.str().c_str());
  size_t n = 1;
  for (int64_t d : shape)
    n *= static_cast<size_t>(d);
  std::memcpy(out, dlc_safetensors_data(file.get(), i), n * sizeof(float));
  return llvm::Error::success();
}
