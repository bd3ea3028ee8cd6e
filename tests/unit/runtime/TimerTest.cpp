//===- TimerTest.cpp - monotonic millisecond clock ------------------------===//
//
// dlc_now_ms must never go backwards and must measure real elapsed time in
// milliseconds (not seconds or microseconds).
//
//===----------------------------------------------------------------------===//

#include "dlc/runtime/timer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace {

TEST(TimerTest, NeverDecreases) {
  double last = dlc_now_ms();
  for (int i = 0; i < 100000; ++i) {
    double now = dlc_now_ms();
    ASSERT_GE(now, last);
    last = now;
  }
}

TEST(TimerTest, MeasuresMilliseconds) {
  double start = dlc_now_ms();
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  double elapsed = dlc_now_ms() - start;
  EXPECT_GE(elapsed, 29.0);
  EXPECT_LT(elapsed, 3000.0); // generous: the machine may be loaded
}

} // namespace
