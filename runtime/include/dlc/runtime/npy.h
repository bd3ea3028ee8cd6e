//===- npy.h - float32/int64 tensors and NumPy .npy files --------*- C -*-===//
//
// The runtime's tensor I/O: a plain C tensor (rank, shape, malloc'ed data in
// C order, float32 or int64) and reading/writing it as a NumPy .npy file, so
// inputs, labels, reference outputs and weights move between dlc and Python
// without a conversion step. Reading accepts what numpy.save writes for
// float32, int64 and int32 arrays (format versions 1.0-3.0; int32 is widened
// to int64) and rejects everything else with a message that says what was
// found; it never trusts the file, so corrupt input is an error, not a
// crash. This header is C ABI only: it compiles as C (C99) and C++.
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

/// The element type of a dlc_tensor. DLC_F32 is 0, so a zero-initialized
/// tensor (or one written as `{rank, {shape...}, data}`) is float32.
typedef enum dlc_dtype {
  DLC_F32 = 0, ///< float32, values in `data` ('<f4' in .npy files)
  DLC_I64 = 1  ///< int64, values in `data_i64` ('<i8' in .npy files)
} dlc_dtype;

/// A dense tensor in C (row-major) order: float32 values in `data` or, when
/// `dtype` is DLC_I64, int64 values in `data_i64` (the other pointer is
/// NULL). The data is owned by the tensor when it was filled by one of the
/// readers and is released with dlc_tensor_free; a rank-0 tensor is a scalar
/// holding one element. The int64 fields come last so that C code written
/// for float-only tensors (`{rank, {shape}, data}`) keeps compiling.
typedef struct dlc_tensor {
  int64_t rank;
  int64_t shape[DLC_TENSOR_MAX_RANK];
  float *data;
  dlc_dtype dtype;
  int64_t *data_i64;
} dlc_tensor;

/// What dlc_npy_read_as returns when the file is a readable .npy array of
/// another dtype than requested (other failures return -1).
#define DLC_NPY_DTYPE_MISMATCH 2

/// Number of elements (the product of the first `rank` extents; 1 for a
/// scalar). Returns -1 if the rank or an extent is invalid or the product
/// overflows.
int64_t dlc_tensor_numel(const dlc_tensor *t);

/// Frees `t->data` and `t->data_i64` and resets `t` to an empty scalar with no data. Safe to
/// call on NULL, on a zero-initialized tensor, and twice.
void dlc_tensor_free(dlc_tensor *t);

/// Reads a float32 ('<f4', C order) .npy file into `out`, allocating
/// `out->data` with malloc. Returns 0 on success. On failure returns nonzero,
/// leaves `out` empty (safe to free) and writes a lowercase message naming
/// the file into `err` (truncated to `errlen` bytes, always NUL-terminated;
/// `err` may be NULL).
int dlc_npy_read(const char *path, dlc_tensor *out, char *err, size_t errlen);

/// Reads a C-order .npy file as a tensor of `dtype`: DLC_F32 accepts
/// float32 ('<f4'); DLC_I64 accepts int64 ('<i8') and int32 ('<i4', widened
/// to int64, since labels are often saved as int32). Returns 0 on success;
/// DLC_NPY_DTYPE_MISMATCH when the file holds another dtype, with a message
/// "'<path>' has dtype '<found>' but <expected> is expected"; -1 on any
/// other failure. `out` and `err` behave as for dlc_npy_read.
int dlc_npy_read_as(const char *path, dlc_dtype dtype, dlc_tensor *out,
                    char *err, size_t errlen);

/// "float32" or "int64", for messages.
const char *dlc_dtype_name(dlc_dtype dtype);

/// Writes `t` as a version 1.0 C-order .npy file, '<f4' for DLC_F32 and
/// '<i8' for DLC_I64, byte for byte what numpy.save writes for the same
/// array. The file is written to a temporary
/// name in the same directory and renamed over `path`, so a failure never
/// leaves a partial file behind. Returns 0 on success, nonzero with a message
/// in `err` (as for dlc_npy_read) on failure.
int dlc_npy_write(const char *path, const dlc_tensor *t, char *err,
                  size_t errlen);

#ifdef __cplusplus
} // extern "C"
#endif

#endif // DLC_RUNTIME_NPY_H
