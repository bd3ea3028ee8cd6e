//===- ProfileTest.cpp - per-kernel timers --------------------------------===//
//
// dlc_profile_begin/end must add each kernel's own elapsed time (measured
// here against sleeps of known length) and count its runs, per kernel
// number, until a reset.
//
//===----------------------------------------------------------------------===//

#include "dlc/runtime/profile.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace {

void sleepMs(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

TEST(ProfileTest, AccumulatesTimeAndCallsPerKernel) {
  dlc_profile_reset();
  for (int run = 0; run < 2; ++run) {
    dlc_profile_begin(0);
    sleepMs(10);
    dlc_profile_end(0);
    dlc_profile_begin(3);
    sleepMs(20);
    dlc_profile_end(3);
  }
  EXPECT_EQ(dlc_profile_kernels(), 4);
  EXPECT_EQ(dlc_profile_calls(0), 2);
  EXPECT_EQ(dlc_profile_calls(3), 2);
  EXPECT_EQ(dlc_profile_calls(1), 0);
  EXPECT_GE(dlc_profile_ms(0), 20.0);
  EXPECT_LT(dlc_profile_ms(0), 40.0 + 200.0); // a loaded machine may oversleep
  EXPECT_GE(dlc_profile_ms(3), 40.0);
  EXPECT_EQ(dlc_profile_ms(1), 0.0);
}

TEST(ProfileTest, ResetForgets) {
  dlc_profile_begin(1);
  dlc_profile_end(1);
  dlc_profile_reset();
  EXPECT_EQ(dlc_profile_kernels(), 0);
  EXPECT_EQ(dlc_profile_calls(1), 0);
  EXPECT_EQ(dlc_profile_ms(1), 0.0);
}

TEST(ProfileTest, IgnoresOutOfRangeKernels) {
  dlc_profile_reset();
  dlc_profile_begin(-1);
  dlc_profile_end(-1);
  dlc_profile_begin(int64_t(1) << 40);
  dlc_profile_end(int64_t(1) << 40);
  EXPECT_EQ(dlc_profile_kernels(), 0);
  EXPECT_EQ(dlc_profile_ms(-1), 0.0);
}

} // namespace
