//===- file_io.h - POSIX file helpers of the runtime's readers/writers ----===//
//
// Internal to the runtime (not installed): full reads and writes that retry
// short transfers and EINTR, an fd closer, and the atomic publication of a
// written file (a unique temporary sibling, fsynced, renamed over the
// destination) that dlc_npy_write and dlc_safetensors_write share.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_SRC_FILE_IO_H
#define DLC_RUNTIME_SRC_FILE_IO_H

#include <cstddef>
#include <functional>

namespace dlc::runtime {

/// Reads up to `n` bytes, retrying short reads and EINTR; returns the count
/// actually read (less than `n` only at end of file or on an error, which
/// leaves errno set).
size_t readFully(int fd, void *buf, size_t n);

/// Writes all `n` bytes in chunks (write() may stop short, and a single call
/// is capped well below SSIZE_MAX); returns false with errno set on error.
bool writeFully(int fd, const void *buf, size_t n);

/// Closes an fd on every return path.
struct FdCloser {
  int fd;
  ~FdCloser();
};

/// Writes `path` all or nothing: `body` writes the contents into a unique
/// temporary file in the same directory (returning false, errno set, on a
/// failure), which is then fsynced (so a crash cannot leave the new name on
/// an empty file) and renamed over `path`. Returns 0, or the errno of the
/// failure, after which no temporary file is left.
int writeFileAtomically(const char *path, const std::function<bool(int fd)> &body);

} // namespace dlc::runtime

#endif // DLC_RUNTIME_SRC_FILE_IO_H
