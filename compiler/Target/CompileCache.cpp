//===- CompileCache.cpp - machine code kept across compiles -----------------===//
//
// See CompileCache.h.
//
//===----------------------------------------------------------------------===//

#include "dlc/Target/CompileCache.h"
#include "dlc/Transforms/Parameters.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OperationSupport.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <algorithm>
#include <array>
#include <chrono>

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// The version of the cache's entries (bump when their layout changes).
constexpr int kCacheFormat = 2;

std::string hex(llvm::ArrayRef<uint8_t> bytes) { return llvm::toHex(bytes, true); }

/// What identifies this build of dlc: the executable that holds the
/// compiler (its path, size and modification time).
std::string buildStamp() {
  std::string exe = llvm::sys::fs::getMainExecutable(nullptr, nullptr);
  llvm::sys::fs::file_status status;
  if (exe.empty() || llvm::sys::fs::status(exe, status))
    return "unknown build";
  return exe + ":" + std::to_string(status.getSize()) + ":" +
         std::to_string(status.getLastModificationTime().time_since_epoch().count());
}

} // namespace

std::string mlir::dlc::targetSettings(const llvm::TargetMachine &tm) {
  return (tm.getTargetCPU() + " " + tm.getTargetFeatureString()).str();
}

std::string CompileCache::key(ModuleOp module, llvm::StringRef settings) {
  llvm::SHA256 hash;
  auto add = [&](llvm::StringRef text) {
    hash.update(text);
    hash.update(llvm::StringRef("\0", 1));
  };
  add("dlc-compile-cache " + std::to_string(kCacheFormat));
  add(buildStamp());
  add(settings);
  // The code: everything but the parameters' values (their names, kinds
  // and shapes are in the function's signature).
  Attribute parameters = module->getAttr(kParametersAttr);
  module->removeAttr(kParametersAttr);
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os, OpPrintingFlags().printGenericOpForm());
  if (parameters)
    module->setAttr(kParametersAttr, parameters);
  add(text);
  std::array<uint8_t, 32> digest = hash.final();
  return hex(digest);
}

namespace {

/// A cache entry: `<dir>/<key>.o` and `<dir>/<key>.json`.
struct CacheEntry {
  std::string object, meta;
  CacheEntry(llvm::StringRef dir, llvm::StringRef key) {
    llvm::SmallString<256> path(dir);
    llvm::sys::path::append(path, key + ".o");
    object = path.str().str();
    path = dir;
    llvm::sys::path::append(path, key + ".json");
    meta = path.str().str();
  }
};

/// Reads a cache entry; nothing when it is absent, unreadable or damaged
/// (the object's checksum differs from the one recorded with it).
std::optional<CompiledCode> readEntry(const CacheEntry &entry) {
  auto meta = llvm::MemoryBuffer::getFile(entry.meta);
  auto object = llvm::MemoryBuffer::getFile(entry.object, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!meta || !object)
    return std::nullopt;
  llvm::Expected<llvm::json::Value> json = llvm::json::parse((*meta)->getBuffer());
  if (!json) {
    llvm::consumeError(json.takeError());
    return std::nullopt;
  }
  const llvm::json::Object *root = json->getAsObject();
  if (!root || root->getInteger("format") != kCacheFormat)
    return std::nullopt;
  std::optional<llvm::StringRef> sum = root->getString("sha256");
  if (!sum || *sum != hex(llvm::SHA256::hash(llvm::arrayRefFromStringRef(
                           (*object)->getBuffer()))))
    return std::nullopt;
  CompiledCode code;
  // The object files' sizes, which add up to the file's.
  const llvm::json::Array *sizes = root->getArray("objects");
  if (!sizes || sizes->empty())
    return std::nullopt;
  llvm::StringRef rest = (*object)->getBuffer();
  for (const llvm::json::Value &value : *sizes) {
    std::optional<int64_t> size = value.getAsInteger();
    if (!size || *size <= 0 || static_cast<uint64_t>(*size) > rest.size())
      return std::nullopt;
    code.objects.push_back(rest.take_front(*size));
    rest = rest.drop_front(*size);
  }
  if (!rest.empty())
    return std::nullopt;
  code.arenaBytes = root->getInteger("arena_bytes").value_or(0);
  const llvm::json::Array *prepared = root->getArray("prepared");
  if (!prepared)
    return std::nullopt;
  for (const llvm::json::Value &value : *prepared) {
    const llvm::json::Object *spec = value.getAsObject();
    const llvm::json::Array *shape = spec ? spec->getArray("shape") : nullptr;
    std::optional<llvm::StringRef> type = spec ? spec->getString("type") : std::nullopt;
    if (!shape || !type || (*type != "f32" && *type != "i64"))
      return std::nullopt;
    TensorSpec t;
    t.name = "prepared" + std::to_string(code.prepared.size());
    t.type = *type == "i64" ? ElementType::I64 : ElementType::F32;
    for (const llvm::json::Value &extent : *shape) {
      std::optional<int64_t> e = extent.getAsInteger();
      if (!e || *e < 0)
        return std::nullopt;
      t.shape.push_back(*e);
    }
    code.prepared.push_back(std::move(t));
  }
  code.file = std::move(*object);
  return code;
}

/// Keeps the cache in `dir` within `maxBytes`: removes whole entries, least
/// recently used first (the description's modification time, which a hit
/// renews), until 3/4 of the bound; never `keep`. Also removes temporary
/// files an interrupted writer left, when older than an hour.
void evict(llvm::StringRef dir, int64_t maxBytes, llvm::StringRef keep) {
  struct Entry {
    std::string stem;
    int64_t bytes = 0;
    llvm::sys::TimePoint<> used;
  };
  llvm::StringMap<Entry> entries;
  int64_t total = 0;
  auto now = std::chrono::system_clock::now();
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec)) {
    llvm::sys::fs::file_status status;
    if (llvm::sys::fs::status(it->path(), status) ||
        status.type() != llvm::sys::fs::file_type::regular_file)
      continue;
    llvm::StringRef name = llvm::sys::path::filename(it->path());
    if (name.starts_with(".tmp-")) {
      if (now - status.getLastModificationTime() > std::chrono::hours(1))
        llvm::sys::fs::remove(it->path());
      continue;
    }
    llvm::StringRef stem = llvm::sys::path::stem(name);
    llvm::StringRef ext = llvm::sys::path::extension(name);
    if (stem.size() != 64 || (ext != ".o" && ext != ".json"))
      continue;
    Entry &entry = entries[stem];
    entry.stem = (dir + "/" + stem).str();
    entry.bytes += static_cast<int64_t>(status.getSize());
    if (ext == ".json")
      entry.used = status.getLastModificationTime();
    total += static_cast<int64_t>(status.getSize());
  }
  if (total <= maxBytes)
    return;
  std::vector<const Entry *> order;
  for (const auto &entry : entries)
    if (entry.first() != keep)
      order.push_back(&entry.second);
  llvm::sort(order, [](const Entry *a, const Entry *b) { return a->used < b->used; });
  for (const Entry *entry : order) {
    if (total <= maxBytes / 4 * 3)
      break;
    // The description first: a reader never trusts an object without it.
    llvm::sys::fs::remove(entry->stem + ".json");
    llvm::sys::fs::remove(entry->stem + ".o");
    total -= entry->bytes;
  }
}

/// Writes `path` atomically (a temporary file in its directory, renamed).
bool writeAtomically(llvm::StringRef path, llvm::StringRef bytes) {
  llvm::SmallString<256> temp;
  llvm::StringRef dir = llvm::sys::path::parent_path(path);
  int fd;
  if (llvm::sys::fs::createUniqueFile(dir + "/.tmp-%%%%%%%%", fd, temp))
    return false;
  bool ok;
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << bytes;
    os.flush();
    ok = !os.has_error();
    os.clear_error();
  }
  if (!ok || llvm::sys::fs::rename(temp, path)) {
    llvm::sys::fs::remove(temp);
    return false;
  }
  return true;
}

/// Stores a cache entry: the object first, then the file that vouches for
/// it. A failure (read-only directory, full disk) only costs the next
/// compile its time.
void writeEntry(const CacheEntry &entry, llvm::ArrayRef<llvm::StringRef> objects,
                const std::vector<TensorSpec> &prepared, int64_t arenaBytes,
                int64_t maxBytes) {
  std::string object;
  llvm::json::Array sizes;
  for (llvm::StringRef part : objects) {
    object += part;
    sizes.push_back(static_cast<int64_t>(part.size()));
  }
  llvm::SmallString<256> dir(entry.object);
  llvm::sys::path::remove_filename(dir);
  if (llvm::sys::fs::create_directories(dir))
    return;
  llvm::json::Array specs;
  for (const TensorSpec &t : prepared)
    specs.push_back(llvm::json::Object{
        {"shape", llvm::json::Array(t.shape)},
        {"type", elementTypeName(t.type)}});
  llvm::json::Object root{
      {"format", kCacheFormat},
      {"objects", std::move(sizes)},
      {"sha256", hex(llvm::SHA256::hash(llvm::arrayRefFromStringRef(object)))},
      {"arena_bytes", arenaBytes},
      {"prepared", std::move(specs)}};
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::json::Value(std::move(root));
  if (writeAtomically(entry.object, object) && writeAtomically(entry.meta, text))
    evict(dir, maxBytes, llvm::sys::path::stem(entry.meta));
}


} // namespace

std::optional<CompiledCode> CompileCache::read(llvm::StringRef key) const {
  CacheEntry entry(dir, key);
  std::optional<CompiledCode> code = readEntry(entry);
  if (!code)
    return std::nullopt;
  // A hit renews the entry for eviction (least recently used first).
  int fd;
  if (!llvm::sys::fs::openFileForReadWrite(entry.meta, fd, llvm::sys::fs::CD_OpenExisting,
                                           llvm::sys::fs::OF_None)) {
    (void)llvm::sys::fs::setLastAccessAndModificationTime(fd,
                                                          std::chrono::system_clock::now());
    llvm::sys::Process::SafelyCloseFileDescriptor(fd);
  }
  return code;
}

void CompileCache::write(llvm::StringRef key, llvm::ArrayRef<llvm::StringRef> objects,
                         const std::vector<TensorSpec> &prepared, int64_t arenaBytes) const {
  writeEntry(CacheEntry(dir, key), objects, prepared, arenaBytes, maxBytes);
}

std::vector<std::unique_ptr<llvm::MemoryBuffer>>
mlir::dlc::objectBuffers(llvm::ArrayRef<llvm::StringRef> objects) {
  std::vector<std::unique_ptr<llvm::MemoryBuffer>> buffers;
  for (llvm::StringRef object : objects)
    buffers.push_back(llvm::MemoryBuffer::getMemBufferCopy(object, "dlc-model.o"));
  return buffers;
}
