//===- MemoryTest.cpp - resident memory and its peak ----------------------===//
//
// Touching a 256 MiB block must raise the peak by about that much, freeing
// it must not lower the peak, and a reset must bring the peak back near the
// current resident size.
//
//===----------------------------------------------------------------------===//

#include "dlc/runtime/memory.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

namespace {

constexpr int64_t kBlock = int64_t(256) << 20;

TEST(MemoryTest, PeakFollowsATouchedBlockAndResets) {
  ASSERT_EQ(dlc_reset_peak_rss(), 0);
  int64_t before = dlc_rss_bytes();
  ASSERT_GT(before, 0);
  EXPECT_LT(dlc_peak_rss_bytes() - before, kBlock / 4);

  char *block = static_cast<char *>(std::malloc(kBlock));
  ASSERT_NE(block, nullptr);
  std::memset(block, 1, kBlock); // resident only once touched
  int64_t during = dlc_rss_bytes();
  EXPECT_GE(during - before, kBlock * 9 / 10);
  std::free(block);

  int64_t peak = dlc_peak_rss_bytes();
  EXPECT_GE(peak - before, kBlock * 9 / 10);
  EXPECT_LT(peak - before, kBlock * 2);

  ASSERT_EQ(dlc_reset_peak_rss(), 0);
  EXPECT_LT(dlc_peak_rss_bytes() - dlc_rss_bytes(), kBlock / 4);
}

} // namespace
