//===- timer.cpp - monotonic wall clock for benchmarks ----------*- C++ -*-===//
//
// dlc_now_ms on std::chrono::steady_clock, which is monotonic by definition
// (CLOCK_MONOTONIC on Linux), so benchmark intervals survive NTP adjustments.
//
//===----------------------------------------------------------------------===//

#include "dlc/runtime/timer.h"

#include <chrono>

extern "C" double dlc_now_ms(void) {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch())
      .count();
}
