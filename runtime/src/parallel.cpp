//===- parallel.cpp - thread count of generated parallel loops --*- C++ -*-===//
//
// Thin wrappers over the OpenMP API of libomp, the runtime that generated
// parallel loops call into (through __kmpc_fork_call). Going through the
// OpenMP ICVs rather than a private thread pool means the settings here and
// OMP_NUM_THREADS in the environment control the same threads.
//
//===----------------------------------------------------------------------===//

#include "dlc/runtime/parallel.h"

#include <omp.h>

extern "C" void dlc_set_num_threads(int n) {
  omp_set_num_threads(n > 0 ? n : dlc_hardware_threads());
}

extern "C" int dlc_get_num_threads(void) { return omp_get_max_threads(); }

extern "C" int dlc_hardware_threads(void) {
  // libomp derives this from the affinity mask, not the machine's CPU count.
  int n = omp_get_num_procs();
  return n > 0 ? n : 1;
}
