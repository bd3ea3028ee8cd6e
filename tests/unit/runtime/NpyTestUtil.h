//===- NpyTestUtil.h - scratch files for the .npy tests ---------*- C++ -*-===//
//
// Shared by the .npy unit tests: a fixture that owns a fresh scratch
// directory per test, and helpers to build .npy byte strings by hand, so the
// tests state the file layout themselves instead of trusting the writer.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TESTS_UNIT_RUNTIME_NPYTESTUTIL_H
#define DLC_TESTS_UNIT_RUNTIME_NPYTESTUTIL_H

#include "dlc/runtime/npy.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace dlc::test {

/// A fixture with a private scratch directory, removed after each test.
class NpyFixture : public ::testing::Test {
protected:
  void SetUp() override {
    std::string tmpl = ::testing::TempDir() + "dlc-npy-XXXXXX";
    ASSERT_NE(mkdtemp(&tmpl[0]), nullptr);
    dir = tmpl;
  }
  void TearDown() override {
    namespace fs = std::filesystem;
    std::error_code ec;
    // Tests may leave read-only directories behind; make them removable.
    for (auto &entry : fs::recursive_directory_iterator(dir, ec))
      if (entry.is_directory(ec))
        fs::permissions(entry.path(), fs::perms::owner_all,
                        fs::perm_options::add, ec);
    fs::remove_all(dir, ec);
  }

  std::string path(const std::string &name) const { return dir + "/" + name; }

  static void writeBytes(const std::string &p, const std::string &bytes) {
    // Unlink rather than truncate: ext4 flushes truncated-and-rewritten files
    // on close (auto_da_alloc), which made the fuzz loop take seconds.
    std::remove(p.c_str());
    std::ofstream(p, std::ios::binary) << bytes;
  }
  static std::string readBytes(const std::string &p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  std::vector<std::string> listDir() const {
    std::vector<std::string> names;
    std::error_code ec;
    for (auto &e : std::filesystem::directory_iterator(dir, ec))
      names.push_back(e.path().filename().string());
    return names;
  }

  /// Reads `p`, expecting failure; checks the output was left empty and
  /// returns the message.
  static std::string readError(const std::string &p) {
    dlc_tensor t;
    std::memset(&t, 0x5a, sizeof(t)); // garbage in: must be reset on failure
    char err[512];
    EXPECT_NE(dlc_npy_read(p.c_str(), &t, err, sizeof(err)), 0);
    EXPECT_EQ(t.data, nullptr);
    EXPECT_EQ(t.rank, 0);
    return err;
  }

  std::string dir;
};

/// Raw bytes of `n` floats.
inline std::string floatBytes(const float *data, size_t n) {
  return std::string(reinterpret_cast<const char *>(data), n * sizeof(float));
}

/// A .npy file assembled by hand: magic, version `major`.0, the header
/// length field (2 bytes for 1.0, 4 for 2.0/3.0), `header` verbatim and
/// `data`. No padding is added, so tests control every byte.
inline std::string npyBytes(const std::string &header, const std::string &data,
                            int major = 1) {
  std::string out("\x93NUMPY", 6);
  out += char(major);
  out += '\0';
  uint32_t len = uint32_t(header.size());
  for (int i = 0; i < (major == 1 ? 2 : 4); ++i)
    out += char((len >> (8 * i)) & 0xff);
  return out + header + data;
}

/// Runs `write` in a child process as user and group 'nobody': a test run
/// as root ignores directory permissions, and this is how it reaches the
/// "Permission denied" paths. `write` returns whether it failed as
/// expected, with its message in `err`. Returns nothing when privileges
/// cannot be dropped here, else {failed as expected, message}.
inline std::optional<std::pair<bool, std::string>>
runAsNobody(const std::function<bool(char *err, size_t len)> &write) {
  int fds[2];
  if (pipe(fds) != 0)
    return std::nullopt;
  pid_t pid = fork();
  if (pid < 0)
    return std::nullopt;
  if (pid == 0) {
    close(fds[0]);
    if (setgid(65534) != 0 || setuid(65534) != 0)
      _exit(2);
    char err[512] = "";
    bool failed = write(err, sizeof(err));
    ssize_t ignored = ::write(fds[1], err, strlen(err));
    (void)ignored;
    _exit(failed ? 0 : 1);
  }
  close(fds[1]);
  std::string message;
  char buf[256];
  for (ssize_t n; (n = read(fds[0], buf, sizeof(buf))) > 0;)
    message.append(buf, size_t(n));
  close(fds[0]);
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) == 2)
    return std::nullopt;
  return std::make_pair(WEXITSTATUS(status) == 0, message);
}

} // namespace dlc::test

#endif // DLC_TESTS_UNIT_RUNTIME_NPYTESTUTIL_H
