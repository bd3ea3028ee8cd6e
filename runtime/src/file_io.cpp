//===- file_io.cpp - POSIX file helpers of the runtime --------------------===//
//
// See file_io.h.
//
//===----------------------------------------------------------------------===//

#include "file_io.h"

#include <atomic>
#include <cerrno>
#include <fcntl.h>
#include <string>
#include <unistd.h>

size_t dlc::runtime::readFully(int fd, void *buf, size_t n) {
  size_t got = 0;
  errno = 0;
  while (got < n) {
    ssize_t r = ::read(fd, static_cast<char *>(buf) + got, n - got);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    got += static_cast<size_t>(r);
  }
  return got;
}

bool dlc::runtime::writeFully(int fd, const void *buf, size_t n) {
  const char *p = static_cast<const char *>(buf);
  while (n > 0) {
    ssize_t w = ::write(fd, p, n < (size_t(1) << 30) ? n : (size_t(1) << 30));
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0) {
      if (w == 0) // no progress and no errno: report a generic I/O error
        errno = EIO;
      return false;
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

dlc::runtime::FdCloser::~FdCloser() {
  if (fd >= 0)
    ::close(fd);
}

int dlc::runtime::writeFileAtomically(const char *path,
                                      const std::function<bool(int fd)> &body) {
  // A unique sibling name: same directory, so rename() is atomic.
  static std::atomic<unsigned> counter{0};
  std::string tmp;
  int fd = -1;
  for (int attempt = 0; fd < 0 && attempt < 100; ++attempt) {
    tmp = std::string(path) + ".tmp." + std::to_string(::getpid()) + "." +
          std::to_string(counter++);
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST)
      break;
  }
  if (fd < 0)
    return errno;
  bool ok = body(fd) && ::fsync(fd) == 0;
  int savedErrno = errno;
  if (::close(fd) != 0 && ok) {
    ok = false;
    savedErrno = errno;
  }
  if (ok && ::rename(tmp.c_str(), path) != 0) {
    ok = false;
    savedErrno = errno;
  }
  if (!ok) {
    ::unlink(tmp.c_str());
    return savedErrno ? savedErrno : EIO;
  }
  return 0;
}
