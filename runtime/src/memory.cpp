//===- memory.cpp - the process's resident memory, for benchmarks -*- C++ -*-===//
//
// See memory.h. /proc/self/status lines look like "VmHWM:    123456 kB".
//
//===----------------------------------------------------------------------===//

#include "dlc/runtime/memory.h"

#include <cstdio>
#include <cstring>
#include <malloc.h>

namespace {
/// The value of a "<key>: <n> kB" line of /proc/self/status, in bytes.
int64_t statusBytes(const char *key) {
  FILE *f = std::fopen("/proc/self/status", "r");
  if (!f)
    return -1;
  char line[256];
  int64_t bytes = -1;
  size_t len = std::strlen(key);
  while (std::fgets(line, sizeof(line), f)) {
    if (std::strncmp(line, key, len) != 0 || line[len] != ':')
      continue;
    long long kb = 0;
    if (std::sscanf(line + len + 1, "%lld", &kb) == 1)
      bytes = static_cast<int64_t>(kb) * 1024;
    break;
  }
  std::fclose(f);
  return bytes;
}
} // namespace

extern "C" int64_t dlc_rss_bytes(void) { return statusBytes("VmRSS"); }

extern "C" int64_t dlc_peak_rss_bytes(void) { return statusBytes("VmHWM"); }

extern "C" int dlc_reset_peak_rss(void) {
  // Memory the allocator keeps for reuse goes back to the system first, so
  // that the new peak counts everything the next work allocates (not only
  // what exceeds the allocator's cache of earlier work).
  malloc_trim(0);
  // Writing 5 to clear_refs resets the peak RSS (VmHWM) to the current RSS.
  FILE *f = std::fopen("/proc/self/clear_refs", "w");
  if (!f)
    return -1;
  int ok = std::fputs("5", f) >= 0;
  ok &= std::fclose(f) == 0;
  return ok ? 0 : -1;
}
