//===- profile.h - per-kernel timers called by profiled models ---*- C -*-===//
//
// A model compiled with kernel profiling (`dlc bench --per-layer`, the
// pipeline's `profile` option) calls dlc_profile_begin(k) and
// dlc_profile_end(k) around each of its kernels (the top-level loops and
// copies of its function, numbered in order); these accumulate wall time and
// calls per kernel. The calls come from the thread that runs the model,
// never from inside a parallel region. C ABI only.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_PROFILE_H
#define DLC_RUNTIME_PROFILE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Kernel `kernel` (0 <= kernel < 2^20) starts.
void dlc_profile_begin(int64_t kernel);
/// Kernel `kernel` ends: its time since the matching begin is added.
void dlc_profile_end(int64_t kernel);
/// Forgets every kernel's time and calls.
void dlc_profile_reset(void);
/// One more than the largest kernel number seen since the reset.
int64_t dlc_profile_kernels(void);
/// Milliseconds spent in `kernel` since the reset (0 if never seen).
double dlc_profile_ms(int64_t kernel);
/// Completed runs of `kernel` since the reset.
int64_t dlc_profile_calls(int64_t kernel);

#ifdef __cplusplus
} // extern "C"
#endif

#endif // DLC_RUNTIME_PROFILE_H
