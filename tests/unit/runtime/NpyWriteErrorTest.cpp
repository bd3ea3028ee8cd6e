//===- NpyWriteErrorTest.cpp - .npy write failures ------------------------===//
//
// Every way dlc_npy_write can fail reports the target path and the reason,
// and leaves no file (final or temporary) behind. The permission test drops
// root privileges in a child process, since root may write anywhere.
//
//===----------------------------------------------------------------------===//

#include "NpyTestUtil.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using NpyWriteErrorTest = dlc::test::NpyFixture;

namespace {

float gData[6] = {1, 2, 3, 4, 5, 6};

std::string writeError(const std::string &p, const dlc_tensor &t) {
  char err[512] = "";
  EXPECT_NE(dlc_npy_write(p.c_str(), &t, err, sizeof(err)), 0);
  return err;
}

TEST_F(NpyWriteErrorTest, ReportsMissingDirectory) {
  dlc_tensor t = {2, {2, 3}, gData};
  std::string p = path("nope/x.npy");
  EXPECT_EQ(writeError(p, t),
            "cannot write '" + p + "': No such file or directory");
}

TEST_F(NpyWriteErrorTest, ReportsParentThatIsAFile) {
  writeBytes(path("file"), "not a directory");
  dlc_tensor t = {2, {2, 3}, gData};
  std::string p = path("file/x.npy");
  EXPECT_EQ(writeError(p, t), "cannot write '" + p + "': Not a directory");
}

TEST_F(NpyWriteErrorTest, RenameFailureRemovesTemporary) {
  // The temporary is written fine; renaming it over a directory fails.
  ASSERT_EQ(mkdir(path("x.npy").c_str(), 0755), 0);
  dlc_tensor t = {2, {2, 3}, gData};
  EXPECT_EQ(writeError(path("x.npy"), t),
            "cannot write '" + path("x.npy") + "': Is a directory");
  EXPECT_EQ(listDir(), std::vector<std::string>{"x.npy"});
}

TEST_F(NpyWriteErrorTest, ReportsUnwritableDirectory) {
  std::string ro = path("ro");
  ASSERT_EQ(mkdir(ro.c_str(), 0555), 0);
  ASSERT_EQ(chmod(dir.c_str(), 0755), 0); // let an unprivileged child in
  std::string p = ro + "/x.npy";
  dlc_tensor t = {2, {2, 3}, gData};
  if (geteuid() != 0) {
    EXPECT_EQ(writeError(p, t), "cannot write '" + p + "': Permission denied");
  } else {
    // Root ignores directory permissions: try as 'nobody' in a child and
    // send the message back through a pipe.
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      if (setgid(65534) != 0 || setuid(65534) != 0)
        _exit(2);
      char err[512] = "";
      int rc = dlc_npy_write(p.c_str(), &t, err, sizeof(err));
      ssize_t ignored = write(fds[1], err, strlen(err));
      (void)ignored;
      _exit(rc != 0 ? 0 : 1);
    }
    close(fds[1]);
    std::string msg;
    char buf[256];
    for (ssize_t n; (n = read(fds[0], buf, sizeof(buf))) > 0;)
      msg.append(buf, size_t(n));
    close(fds[0]);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    if (WEXITSTATUS(status) == 2)
      GTEST_SKIP() << "cannot drop root privileges here";
    EXPECT_EQ(WEXITSTATUS(status), 0) << "write unexpectedly succeeded";
    EXPECT_EQ(msg, "cannot write '" + p + "': Permission denied");
  }
  EXPECT_TRUE(std::filesystem::is_empty(ro));
}

TEST_F(NpyWriteErrorTest, RejectsInvalidTensors) {
  std::string p = path("x.npy");
  dlc_tensor rank9 = {9, {}, gData};
  EXPECT_EQ(writeError(p, rank9),
            "cannot write '" + p + "': rank 9 is outside 0..8");
  dlc_tensor negative = {2, {2, -3}, gData};
  EXPECT_EQ(writeError(p, negative),
            "cannot write '" + p +
                "': shape 2x-3 has a negative extent or overflows");
  dlc_tensor noData = {1, {6}, nullptr};
  EXPECT_EQ(writeError(p, noData),
            "cannot write '" + p + "': tensor has no data");
  EXPECT_TRUE(listDir().empty());
  // An empty tensor needs no data pointer.
  dlc_tensor empty = {2, {0, 5}, nullptr};
  EXPECT_EQ(dlc_npy_write(p.c_str(), &empty, nullptr, 0), 0);
}

} // namespace
