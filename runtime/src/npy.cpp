//===- npy.cpp - NumPy .npy reading and writing -----------------*- C++ -*-===//
//
// Reads and writes float32 and int64 tensors (reading int32 as int64) in the
// NumPy .npy format: a magic string,
// a version, a header length, a Python dict literal describing dtype, order
// and shape, then the raw data. The reader treats every byte as hostile: the
// dict goes to the parser in npy_header.cpp, every length is checked against
// what the file really holds before anything is allocated or read, and sizes
// are computed with overflow checks. The writer reproduces numpy.save's
// header exactly and publishes the file with an atomic rename.
//
//===----------------------------------------------------------------------===//

#include "dlc/runtime/npy.h"
#include "file_io.h"
#include "npy_header.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

// .npy data is little endian and we copy it verbatim; a big-endian port
// would need byte swapping on both paths.
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "dlc runtime .npy I/O assumes a little-endian host"
#endif

using dlc::runtime::fail;
using dlc::runtime::FdCloser;
using dlc::runtime::parseNpyHeader;
using dlc::runtime::readFully;
using dlc::runtime::writeFileAtomically;
using dlc::runtime::writeFully;

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicLen = 6;

/// "3x4" for a 3-by-4 shape, "scalar" for rank 0: used in size messages.
std::string shapeText(const int64_t *shape, int64_t rank) {
  if (rank == 0)
    return "scalar";
  std::string s;
  for (int64_t i = 0; i < rank; ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  return s;
}

} // namespace

extern "C" int64_t dlc_tensor_numel(const dlc_tensor *t) {
  if (!t || t->rank < 0 || t->rank > DLC_TENSOR_MAX_RANK)
    return -1;
  // A zero extent makes the tensor empty however large the others are, so
  // look for one before multiplying (a product can also wrap to exactly 0).
  bool empty = false;
  for (int64_t i = 0; i < t->rank; ++i) {
    if (t->shape[i] < 0)
      return -1;
    empty |= t->shape[i] == 0;
  }
  int64_t n = 1;
  for (int64_t i = 0; i < t->rank && !empty; ++i)
    if (__builtin_mul_overflow(n, t->shape[i], &n))
      return -1;
  return empty ? 0 : n;
}

extern "C" void dlc_tensor_free(dlc_tensor *t) {
  if (!t)
    return;
  std::free(t->data);
  std::free(t->data_i64);
  std::memset(t, 0, sizeof(*t));
}

extern "C" const char *dlc_dtype_name(dlc_dtype dtype) {
  return dtype == DLC_I64 ? "int64" : "float32";
}

namespace {

/// The element layouts a file may hold ('=' is native order, which the
/// #error above makes little endian).
enum class FileType { F32, I64, I32, Other };

FileType fileTypeOf(const std::string &descr) {
  if (descr == "<f4" || descr == "=f4")
    return FileType::F32;
  if (descr == "<i8" || descr == "=i8")
    return FileType::I64;
  if (descr == "<i4" || descr == "=i4")
    return FileType::I32;
  return FileType::Other;
}

/// The reader behind both entry points: `want` null is dlc_npy_read's
/// float32-only contract (and messages), otherwise dlc_npy_read_as's.
int readNpy(const char *path, const dlc_dtype *want, dlc_tensor *out, char *err,
            size_t errlen) {
  if (err && errlen)
    err[0] = '\0';
  if (out)
    std::memset(out, 0, sizeof(*out));
  if (!path || !out)
    return fail(err, errlen, "dlc_npy_read: null path or output tensor");

  FdCloser file{::open(path, O_RDONLY | O_CLOEXEC)};
  struct stat st;
  if (file.fd < 0 || ::fstat(file.fd, &st) != 0)
    return fail(err, errlen, "cannot open '%s': %s", path, strerror(errno));
  if (S_ISDIR(st.st_mode))
    return fail(err, errlen, "cannot open '%s': %s", path, strerror(EISDIR));
  // Sizes are checked against the file before reading; pipes have no size,
  // and for them a short read is the only evidence of truncation.
  const bool sized = S_ISREG(st.st_mode);
  const uint64_t fileSize = sized ? uint64_t(st.st_size) : UINT64_MAX;

  unsigned char prefix[12];
  size_t got = readFully(file.fd, prefix, 8);
  if (got == 0)
    return fail(err, errlen, "'%s' is empty; not a .npy file", path);
  if (std::memcmp(prefix, kMagic, got < kMagicLen ? got : kMagicLen) != 0)
    return fail(err, errlen, "'%s' is not a .npy file (bad magic)", path);
  if (got < 8)
    return fail(err, errlen, "'%s' is truncated inside its header", path);
  unsigned major = prefix[6], minor = prefix[7];
  if (major < 1 || major > 3 || minor != 0)
    return fail(err, errlen, "'%s' has unsupported .npy format version %u.%u",
                path, major, minor);
  // Version 1.0 has a 2-byte header length; 2.0 and 3.0 (UTF-8 header) have
  // 4 bytes. Both are little endian.
  size_t lenBytes = major == 1 ? 2 : 4;
  if (readFully(file.fd, prefix + 8, lenBytes) != lenBytes)
    return fail(err, errlen, "'%s' is truncated inside its header", path);
  uint64_t headerLen = 0;
  for (size_t i = 0; i < lenBytes; ++i)
    headerLen |= uint64_t(prefix[8 + i]) << (8 * i);
  const uint64_t dataOffset = 8 + lenBytes + headerLen;
  if (sized && dataOffset > fileSize)
    return fail(err, errlen,
                "'%s' is truncated inside its header (%llu header bytes "
                "declared, %llu present)",
                path, (unsigned long long)headerLen,
                (unsigned long long)(fileSize - 8 - lenBytes));
  // No float32 header of rank <= 8 comes near this; the cap keeps a corrupt
  // length from a pipe (which has no size to check) from allocating GBs.
  if (headerLen > (1u << 20))
    return fail(err, errlen,
                "'%s' has a malformed header: declared length %llu is "
                "implausibly large",
                path, (unsigned long long)headerLen);
  std::string header(headerLen, '\0');
  if (readFully(file.fd, &header[0], headerLen) != headerLen)
    return fail(err, errlen, "'%s' is truncated inside its header", path);

  dlc_tensor t{};
  std::string descr;
  if (int rc = parseNpyHeader(header, path, t, err, errlen, want ? &descr : nullptr))
    return rc;
  FileType fileType = want ? fileTypeOf(descr) : FileType::F32;
  if (want && *want == DLC_F32 && fileType != FileType::F32) {
    fail(err, errlen, "'%s' has dtype '%s' but float32 ('<f4') is expected", path,
         descr.c_str());
    return DLC_NPY_DTYPE_MISMATCH;
  }
  if (want && *want == DLC_I64 && fileType != FileType::I64 &&
      fileType != FileType::I32) {
    fail(err, errlen,
         "'%s' has dtype '%s' but int64 ('<i8', or int32 '<i4') is expected", path,
         descr.c_str());
    return DLC_NPY_DTYPE_MISMATCH;
  }
  const char *typeName = fileType == FileType::F32   ? "float32"
                         : fileType == FileType::I64 ? "int64"
                                                     : "int32";
  const uint64_t fileElement = fileType == FileType::I64 ? 8 : 4;
  const uint64_t memElement = fileType == FileType::F32 ? 4 : 8;
  int64_t numel = dlc_tensor_numel(&t);
  uint64_t bytes, memBytes;
  if (numel < 0 || __builtin_mul_overflow(uint64_t(numel), fileElement, &bytes) ||
      __builtin_mul_overflow(uint64_t(numel), memElement, &memBytes) ||
      memBytes > SIZE_MAX / 2)
    return fail(err, errlen, "'%s' has a shape whose size overflows", path);
  std::string shapeStr = shapeText(t.shape, t.rank);
  if (sized && fileSize - dataOffset < bytes)
    return fail(err, errlen,
                "'%s' is truncated: header says %s %s (%llu bytes) but "
                "only %llu data bytes follow",
                path, shapeStr.c_str(), typeName, (unsigned long long)bytes,
                (unsigned long long)(fileSize - dataOffset));

  // Never malloc(0): a non-NULL pointer means "read succeeded" to callers.
  void *data = std::malloc(memBytes ? memBytes : 1);
  if (!data)
    return fail(err, errlen, "'%s' needs %llu bytes: out of memory", path,
                (unsigned long long)memBytes);
  got = readFully(file.fd, data, bytes);
  if (got != bytes) {
    std::free(data);
    return fail(err, errlen,
                "'%s' is truncated: header says %s %s (%llu bytes) but "
                "only %llu data bytes follow",
                path, shapeStr.c_str(), typeName, (unsigned long long)bytes,
                (unsigned long long)got);
  }
  if (fileType == FileType::F32) {
    t.data = static_cast<float *>(data);
  } else {
    t.dtype = DLC_I64;
    t.data_i64 = static_cast<int64_t *>(data);
    // Widen int32 in place from the back: element i moves from byte 4i to
    // byte 8i, never over an element that is still to be read.
    if (fileType == FileType::I32)
      for (int64_t i = numel - 1; i >= 0; --i) {
        int32_t v;
        std::memcpy(&v, static_cast<char *>(data) + 4 * i, 4);
        t.data_i64[i] = v;
      }
  }
  *out = t;
  return 0;
}

} // namespace

extern "C" int dlc_npy_read(const char *path, dlc_tensor *out, char *err,
                            size_t errlen) {
  return readNpy(path, nullptr, out, err, errlen);
}

extern "C" int dlc_npy_read_as(const char *path, dlc_dtype dtype, dlc_tensor *out,
                               char *err, size_t errlen) {
  if (dtype != DLC_F32 && dtype != DLC_I64) {
    if (err && errlen)
      err[0] = '\0';
    if (out)
      std::memset(out, 0, sizeof(*out));
    return fail(err, errlen, "dlc_npy_read_as: unknown dtype %d", int(dtype));
  }
  return readNpy(path, &dtype, out, err, errlen);
}

extern "C" int dlc_npy_write(const char *path, const dlc_tensor *t, char *err,
                             size_t errlen) {
  if (err && errlen)
    err[0] = '\0';
  if (!path || !t)
    return fail(err, errlen, "dlc_npy_write: null path or tensor");
  if (t->rank < 0 || t->rank > DLC_TENSOR_MAX_RANK)
    return fail(err, errlen,
                "cannot write '%s': rank %lld is outside 0..%d", path,
                (long long)t->rank, DLC_TENSOR_MAX_RANK);
  if (t->dtype != DLC_F32 && t->dtype != DLC_I64)
    return fail(err, errlen, "cannot write '%s': unknown dtype %d", path,
                int(t->dtype));
  const bool isI64 = t->dtype == DLC_I64;
  const size_t element = isI64 ? 8 : 4;
  const void *data = isI64 ? static_cast<const void *>(t->data_i64)
                           : static_cast<const void *>(t->data);
  int64_t numel = dlc_tensor_numel(t);
  if (numel < 0 || uint64_t(numel) > SIZE_MAX / element)
    return fail(err, errlen,
                "cannot write '%s': shape %s has a negative extent or "
                "overflows", path, shapeText(t->shape, t->rank).c_str());
  if (numel > 0 && !data)
    return fail(err, errlen, "cannot write '%s': tensor has no data", path);
  const size_t bytes = size_t(numel) * element;

  // numpy.save's header: sorted keys, Python tuple repr, then room for the
  // first extent to grow to 21 digits, padded so the data starts on a
  // 64-byte boundary and the header ends in '\n'.
  std::string dict = std::string("{'descr': '") + (isI64 ? "<i8" : "<f4") +
                     "', 'fortran_order': False, 'shape': (";
  for (int64_t i = 0; i < t->rank; ++i)
    dict += (i ? ", " : "") + std::to_string(t->shape[i]);
  dict += t->rank == 1 ? ",), }" : "), }";
  if (t->rank > 0) {
    size_t digits = std::to_string(t->shape[0]).size();
    dict.append(digits < 21 ? 21 - digits : 0, ' ');
  }
  size_t pad = 64 - (10 + dict.size() + 1) % 64;
  dict.append(pad, ' ');
  dict += '\n';
  std::string file(kMagic, kMagicLen);
  file += '\x01';
  file += '\x00';
  file += char(dict.size() & 0xff);
  file += char(dict.size() >> 8);
  file += dict;

  if (int e = writeFileAtomically(path, [&](int fd) {
        return writeFully(fd, file.data(), file.size()) && writeFully(fd, data, bytes);
      }))
    return fail(err, errlen, "cannot write '%s': %s", path, strerror(e));
  return 0;
}
