//===- parallel.h - thread count of generated parallel loops -----*- C -*-===//
//
// Generated code runs its parallel loops on the LLVM OpenMP runtime (libomp),
// so the number of threads it uses is OpenMP's nthreads setting. These calls
// let a host program or the dlc driver read and change it without including
// <omp.h> or knowing which OpenMP runtime is underneath. C ABI only.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_PARALLEL_H
#define DLC_RUNTIME_PARALLEL_H

#ifdef __cplusplus
extern "C" {
#endif

/// Sets how many threads the next parallel loops use; `n <= 0` restores the
/// default of dlc_hardware_threads(). As with omp_set_num_threads, the
/// setting belongs to the calling thread: call it on the thread that runs the
/// generated code (threads that never call it keep the process default).
void dlc_set_num_threads(int n);

/// The number of threads a parallel loop started from the calling thread
/// would use (omp_get_max_threads).
int dlc_get_num_threads(void);

/// The number of processors this process may run on (its CPU affinity mask,
/// so containers and taskset limits are respected); at least 1.
int dlc_hardware_threads(void);

#ifdef __cplusplus
} // extern "C"
#endif

#endif // DLC_RUNTIME_PARALLEL_H
