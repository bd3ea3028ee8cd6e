//===- npy.h - float32 tensors and NumPy .npy files --------------*- C -*-===//
//
// The runtime's tensor I/O: a plain C tensor (rank, shape, malloc'ed float32
// data in C order) and reading/writing it as a NumPy .npy file, so inputs,
// reference outputs and weights move between dlc and Python without a
// conversion step. Reading accepts what numpy.save writes for float32 arrays
// (format versions 1.0-3.0) and rejects everything else with a message that
// says what was found; it never trusts the file, so corrupt input is an
// error, not a crash. This header is C ABI only: it compiles as C and C++.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_NPY_H
#define DLC_RUNTIME_NPY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The largest rank a dlc_tensor can hold.
#define DLC_TENSOR_MAX_RANK 8

/// A dense float32 tensor in C (row-major) order. `data` is owned by the
/// tensor when it was filled by dlc_npy_read and is released with
/// dlc_tensor_free; a rank-0 tensor is a scalar holding one element.
typedef struct dlc_tensor {
  int64_t rank;
  int64_t shape[DLC_TENSOR_MAX_RANK];
  float *data;
} dlc_tensor;

/// Number of elements (the product of the first `rank` extents; 1 for a
/// scalar). Returns -1 if the rank or an extent is invalid or the product
/// overflows.
int64_t dlc_tensor_numel(const dlc_tensor *t);

/// Frees `t->data` and resets `t` to an empty scalar with no data. Safe to
/// call on NULL, on a zero-initialized tensor, and twice.
void dlc_tensor_free(dlc_tensor *t);

/// Reads a float32 ('<f4', C order) .npy file into `out`, allocating
/// `out->data` with malloc. Returns 0 on success. On failure returns nonzero,
/// leaves `out` empty (safe to free) and writes a lowercase message naming
/// the file into `err` (truncated to `errlen` bytes, always NUL-terminated;
/// `err` may be NULL).
int dlc_npy_read(const char *path, dlc_tensor *out, char *err, size_t errlen);

/// Writes `t` as a version 1.0 '<f4' C-order .npy file, byte for byte what
/// numpy.save writes for the same array. The file is written to a temporary
/// name in the same directory and renamed over `path`, so a failure never
/// leaves a partial file behind. Returns 0 on success, nonzero with a message
/// in `err` (as for dlc_npy_read) on failure.
int dlc_npy_write(const char *path, const dlc_tensor *t, char *err,
                  size_t errlen);

#ifdef __cplusplus
} // extern "C"
#endif

#endif // DLC_RUNTIME_NPY_H
