//===- NpyWriteErrorTest.cpp - .npy write failures ------------------------===//
//
// Every way dlc_npy_write can fail reports the target path and the reason,
// and leaves no file (final or temporary) behind. The permission test drops
// root privileges in a child process, since root may write anywhere.
//
//===----------------------------------------------------------------------===//

#include "NpyTestUtil.h"

#include <sys/stat.h>
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
    // Root ignores directory permissions: try as 'nobody'.
    auto result = dlc::test::runAsNobody([&](char *err, size_t len) {
      return dlc_npy_write(p.c_str(), &t, err, len) != 0;
    });
    if (!result)
      GTEST_SKIP() << "cannot drop root privileges here";
    EXPECT_TRUE(result->first) << "write unexpectedly succeeded";
    EXPECT_EQ(result->second, "cannot write '" + p + "': Permission denied");
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
