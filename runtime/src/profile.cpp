//===- profile.cpp - per-kernel timers called by profiled models -*- C++ -*-===//
//
// See profile.h. One slot per kernel number, grown on first use; the clock
// is steady_clock (CLOCK_MONOTONIC), read twice per kernel run (~20 ns each,
// against kernels of microseconds and more).
//
//===----------------------------------------------------------------------===//

#include "dlc/runtime/profile.h"

#include <chrono>
#include <vector>

namespace {
struct Slot {
  std::chrono::steady_clock::time_point start;
  double ms = 0;
  int64_t calls = 0;
};
// Kernel numbers come from the compiler, densely from 0.
constexpr int64_t kMaxKernels = int64_t(1) << 20;
std::vector<Slot> slots;

Slot *slot(int64_t kernel) {
  if (kernel < 0 || kernel >= kMaxKernels)
    return nullptr;
  if (static_cast<size_t>(kernel) >= slots.size())
    slots.resize(kernel + 1);
  return &slots[kernel];
}
} // namespace

extern "C" void dlc_profile_begin(int64_t kernel) {
  if (Slot *s = slot(kernel))
    s->start = std::chrono::steady_clock::now();
}

extern "C" void dlc_profile_end(int64_t kernel) {
  auto now = std::chrono::steady_clock::now();
  if (Slot *s = slot(kernel)) {
    s->ms += std::chrono::duration<double, std::milli>(now - s->start).count();
    ++s->calls;
  }
}

extern "C" void dlc_profile_reset(void) { slots.clear(); }

extern "C" int64_t dlc_profile_kernels(void) { return static_cast<int64_t>(slots.size()); }

extern "C" double dlc_profile_ms(int64_t kernel) {
  return kernel >= 0 && static_cast<size_t>(kernel) < slots.size() ? slots[kernel].ms : 0;
}

extern "C" int64_t dlc_profile_calls(int64_t kernel) {
  return kernel >= 0 && static_cast<size_t>(kernel) < slots.size() ? slots[kernel].calls
                                                                   : 0;
}
