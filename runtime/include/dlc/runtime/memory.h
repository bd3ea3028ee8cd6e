//===- memory.h - the process's resident memory, for benchmarks ---*- C -*-===//
//
// Peak resident memory of the running process, and a way to start measuring
// a new peak: what `dlc bench` reports for a model's run (a gradient step's
// peak memory is one of its costs). Linux only: it reads VmRSS/VmHWM from
// /proc/self/status and resets VmHWM through /proc/self/clear_refs. C ABI.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_MEMORY_H
#define DLC_RUNTIME_MEMORY_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Resident memory now, in bytes; -1 if it cannot be read.
int64_t dlc_rss_bytes(void);

/// The highest resident memory since the process started or since the last
/// dlc_reset_peak_rss, in bytes; -1 if it cannot be read.
int64_t dlc_peak_rss_bytes(void);

/// Returns the allocator's free memory to the system (glibc malloc_trim)
/// and starts a new peak at the current resident memory. Returns 0 on success,
/// -1 where the kernel does not support it (the peak then keeps counting
/// from the start of the process).
int dlc_reset_peak_rss(void);

#ifdef __cplusplus
} // extern "C"
#endif

#endif // DLC_RUNTIME_MEMORY_H
