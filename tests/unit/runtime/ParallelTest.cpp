//===- ParallelTest.cpp - thread count of generated parallel loops --------===//
//
// Checks the thread-count calls against what actually happens in libomp: a
// parallel region is forked exactly the way MLIR's OpenMP lowering emits it
// (__kmpc_fork_call with an outlined microtask) and its team is counted.
//
//===----------------------------------------------------------------------===//

#include "dlc/runtime/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <thread>

// The libomp entry point generated code calls; declared here because tests
// do not see <omp.h> (it is private to dlc_runtime).
extern "C" {
struct ident_t {
  int32_t reserved1, flags, reserved2, reserved3;
  const char *psource;
};
typedef void (*kmpc_micro)(int32_t *gtid, int32_t *btid, ...);
void __kmpc_fork_call(ident_t *loc, int32_t nargs, kmpc_micro fn, ...);
}

namespace {

/// Body of the parallel region: each team member bumps the counter once.
void countMember(int32_t *, int32_t *, std::atomic<int> *count) { ++*count; }

/// The team size of a parallel region started from the calling thread.
int forkAndCount() {
  static ident_t loc = {0, 2 /*KMP_IDENT_KMPC*/, 0, 0, ";unknown;unknown;0;0;;"};
  std::atomic<int> count{0};
  __kmpc_fork_call(&loc, 1, reinterpret_cast<kmpc_micro>(&countMember),
                   &count);
  return count;
}

/// Restores the default so test order does not matter.
struct ParallelTest : ::testing::Test {
  void TearDown() override { dlc_set_num_threads(0); }
};

TEST_F(ParallelTest, HardwareThreadsIsPlausible) {
  int n = dlc_hardware_threads();
  EXPECT_GE(n, 1);
  if (unsigned all = std::thread::hardware_concurrency()) {
    EXPECT_LE(unsigned(n), all);
  }
}

TEST_F(ParallelTest, SetThenGetRoundTrips) {
  dlc_set_num_threads(3);
  EXPECT_EQ(dlc_get_num_threads(), 3);
  dlc_set_num_threads(1);
  EXPECT_EQ(dlc_get_num_threads(), 1);
}

TEST_F(ParallelTest, NonPositiveRestoresHardwareDefault) {
  dlc_set_num_threads(5);
  dlc_set_num_threads(0);
  EXPECT_EQ(dlc_get_num_threads(), dlc_hardware_threads());
  dlc_set_num_threads(5);
  dlc_set_num_threads(-2);
  EXPECT_EQ(dlc_get_num_threads(), dlc_hardware_threads());
}

TEST_F(ParallelTest, ParallelRegionUsesTheSetting) {
  // 3 exceeds the 2 cores of small CI machines on purpose: libomp honours
  // the request (dynamic adjustment is off by default), proving the value
  // comes from the setting rather than the core count.
  dlc_set_num_threads(3);
  EXPECT_EQ(forkAndCount(), 3);
  dlc_set_num_threads(1);
  EXPECT_EQ(forkAndCount(), 1);
}

TEST_F(ParallelTest, SettingBelongsToTheCallingThread) {
  dlc_set_num_threads(2);
  int seenInside = 0, teamInside = 0;
  std::thread other([&] {
    dlc_set_num_threads(3);
    seenInside = dlc_get_num_threads();
    teamInside = forkAndCount();
  });
  other.join();
  EXPECT_EQ(seenInside, 3);
  EXPECT_EQ(teamInside, 3);
  EXPECT_EQ(dlc_get_num_threads(), 2);
  EXPECT_EQ(forkAndCount(), 2);
}

} // namespace
