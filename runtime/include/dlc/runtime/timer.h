//===- timer.h - monotonic wall clock for benchmarks -------------*- C -*-===//
//
// A monotonic clock in milliseconds for timing compiled models and training
// steps. Monotonic rather than calendar time, so a clock adjustment during a
// run cannot produce negative or inflated timings. C ABI only.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_TIMER_H
#define DLC_RUNTIME_TIMER_H

#ifdef __cplusplus
extern "C" {
#endif

/// Milliseconds since an arbitrary fixed point (sub-microsecond resolution).
/// Only differences between two calls are meaningful; never decreases.
double dlc_now_ms(void);

#ifdef __cplusplus
} // extern "C"
#endif

#endif // DLC_RUNTIME_TIMER_H
