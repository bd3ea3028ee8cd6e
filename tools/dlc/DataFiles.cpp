//===- DataFiles.cpp - the data files dlc train and eval read --------------===//
//
// See DataFiles.h. The byte formats are read whole into memory (the data
// sets they hold are tens of megabytes): gzip through zlib, whose gzip
// wrapper LLVM's compression API does not expose; IDX headers are
// big-endian.
//
//===----------------------------------------------------------------------===//

#include "DataFiles.h"
#include "TensorFiles.h"

#include "llvm/Support/Endian.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <fmt/format.h>
#include <zlib.h>

#include <limits>

using namespace mlir::dlc;
using ::dlc::DataFile;
using ::dlc::DataKind;

namespace {

/// The size of one CIFAR-10 record: a label byte, then 3 x 32 x 32 image
/// bytes (the red, green and blue planes, rows in order).
constexpr size_t kCifarImage = 3 * 32 * 32, kCifarRecord = 1 + kCifarImage;

llvm::Error failure(llvm::StringRef path, const llvm::Twine &what) {
  return llvm::createStringError("'" + path + "': " + what);
}

/// Whether `bytes` start with gzip's magic number.
bool isGzip(llvm::StringRef bytes) {
  return bytes.size() >= 2 && static_cast<uint8_t>(bytes[0]) == 0x1f &&
         static_cast<uint8_t>(bytes[1]) == 0x8b;
}

/// The decompressed bytes of a gzip file (every member of it, as gunzip).
llvm::Expected<std::string> gunzip(llvm::StringRef path, llvm::StringRef bytes) {
  z_stream zs{};
  // 16 + MAX_WBITS: a gzip header and trailer around the deflate data.
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
    return failure(path, "cannot start zlib's decompressor");
  zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  char chunk[1 << 16];
  int rc = Z_OK;
  while (true) {
    zs.next_out = reinterpret_cast<Bytef *>(chunk);
    zs.avail_out = sizeof(chunk);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(chunk, sizeof(chunk) - zs.avail_out);
    if (rc == Z_STREAM_END) {
      // Another member follows (concatenated gzip files).
      if (zs.avail_in > 0 && inflateReset(&zs) == Z_OK)
        continue;
      break;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
      inflateEnd(&zs);
      return failure(path, "truncated gzip data (the stream ends early)");
    }
    if (rc != Z_OK) {
      std::string why = zs.msg ? zs.msg : "error " + std::to_string(rc);
      inflateEnd(&zs);
      return failure(path, "corrupt gzip data (" + why + ")");
    }
  }
  inflateEnd(&zs);
  return out;
}

/// An IDX file of unsigned bytes: labels (one dimension) or images.
llvm::Expected<DataFile> readIdx(llvm::StringRef path, llvm::StringRef bytes) {
  if (bytes.size() < 4 || bytes[0] != 0 || bytes[1] != 0)
    return failure(path, "not an IDX file (no IDX magic number 0x000008NN) nor .npy; "
                         "CIFAR-10 batches are read as FILE:cifar-images and "
                         "FILE:cifar-labels");
  uint32_t magic = llvm::support::endian::read32be(bytes.data());
  int type = static_cast<uint8_t>(bytes[2]), rank = static_cast<uint8_t>(bytes[3]);
  if (type != 0x08)
    return failure(path, fmt::format("IDX element type 0x{:02X} (magic 0x{:08X}) is not "
                                     "supported: dlc reads unsigned bytes (0x08)",
                                     type, magic));
  if (rank == 0)
    return failure(path, "IDX file with no dimensions (magic 0x00000800)");
  size_t header = 4 + 4 * static_cast<size_t>(rank);
  if (bytes.size() < header)
    return failure(path, fmt::format("truncated IDX header: {} dimensions need {} bytes, "
                                     "the file has {}",
                                     rank, header, bytes.size()));
  std::vector<int64_t> shape;
  uint64_t count = 1;
  for (int i = 0; i < rank; ++i) {
    shape.push_back(llvm::support::endian::read32be(bytes.data() + 4 + 4 * i));
    // More values than the file has bytes is reported below; this only
    // keeps the product from overflowing.
    uint64_t dim = static_cast<uint64_t>(shape.back());
    count = dim && count > std::numeric_limits<uint64_t>::max() / 2 / dim
                ? std::numeric_limits<uint64_t>::max() / 2
                : count * dim;
  }
  uint64_t held = bytes.size() - header;
  TensorSpec spec{"", shape};
  if (held < count)
    return failure(path, fmt::format("truncated IDX data: a {} array needs {} bytes after "
                                     "the header, the file holds {}",
                                     spec.shapeString(), count, held));
  if (held > count)
    return failure(path, fmt::format("{} bytes after the data of the IDX {} array",
                                     held - count, spec.shapeString()));
  const uint8_t *data = reinterpret_cast<const uint8_t *>(bytes.data() + header);
  DataFile file;
  file.path = path.str();
  if (rank == 1) {
    file.kind = DataKind::Labels;
    file.data = Tensor::ofI64(shape, std::vector<int64_t>(data, data + count));
    return file;
  }
  file.kind = DataKind::Images;
  file.data = Tensor{shape, std::vector<float>(count)};
  for (uint64_t i = 0; i < count; ++i)
    file.data.data[i] = data[i] / 255.0f;
  return file;
}

/// The images or labels of a CIFAR-10 binary batch.
llvm::Expected<DataFile> readCifar(llvm::StringRef path, llvm::StringRef bytes, bool images) {
  if (bytes.size() % kCifarRecord != 0)
    return failure(path, fmt::format("not a CIFAR-10 binary batch: its {} bytes are not a "
                                     "whole number of {}-byte records (1 label byte and "
                                     "3x32x32 image bytes)",
                                     bytes.size(), kCifarRecord));
  int64_t n = static_cast<int64_t>(bytes.size() / kCifarRecord);
  const uint8_t *data = reinterpret_cast<const uint8_t *>(bytes.data());
  DataFile file;
  file.path = path.str();
  if (!images) {
    file.kind = DataKind::Labels;
    file.data = Tensor::ofI64({n}, std::vector<int64_t>(n));
    for (int64_t r = 0; r < n; ++r) {
      uint8_t label = data[r * kCifarRecord];
      if (label > 9)
        return failure(path, fmt::format("record {} has label {}: CIFAR-10 labels are "
                                         "0..9 (is this a CIFAR-100 batch?)",
                                         r, label));
      file.data.i64[r] = label;
    }
    return file;
  }
  file.kind = DataKind::Images;
  file.data = Tensor{{n, 3, 32, 32}, std::vector<float>(n * kCifarImage)};
  for (int64_t r = 0; r < n; ++r)
    for (size_t i = 0; i < kCifarImage; ++i)
      file.data.data[r * kCifarImage + i] = data[r * kCifarRecord + 1 + i] / 255.0f;
  return file;
}

} // namespace

llvm::Expected<DataFile> dlc::readDataFile(llvm::StringRef spec) {
  llvm::StringRef path = spec;
  std::optional<bool> cifarImages;
  for (auto [suffix, images] : {std::pair(":cifar-images", true),
                                std::pair(":cifar-labels", false)})
    if (spec.ends_with(suffix)) {
      path = spec.drop_back(llvm::StringRef(suffix).size());
      cifarImages = images;
    }
  if (!cifarImages && llvm::sys::path::extension(path) == ".npy") {
    std::string error;
    std::optional<Tensor> t = readNpyAnyType(path, error);
    if (!t)
      return llvm::createStringError(error);
    return DataFile{path.str(), std::move(*t), DataKind::Array};
  }
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return failure(path, "cannot read: " + buffer.getError().message());
  llvm::StringRef bytes = (*buffer)->getBuffer();
  std::string inflated;
  if (isGzip(bytes)) {
    auto out = gunzip(path, bytes);
    if (!out)
      return out.takeError();
    inflated = std::move(*out);
    bytes = inflated;
  }
  if (cifarImages)
    return readCifar(path, bytes, *cifarImages);
  return readIdx(path, bytes);
}
