//===- safetensors.h - reading and writing .safetensors files ----*- C -*-===//
//
// The format the Python ecosystem (PyTorch, JAX, Hugging Face) exchanges
// weights in: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
// mapping each tensor name to {"dtype", "shape", "data_offsets"} (plus an
// optional "__metadata__" object of strings), then the raw little-endian
// data. See https://github.com/huggingface/safetensors ("Format").
//
// dlc_safetensors_open reads a whole file and validates all of it up front
// (header length, JSON syntax, every entry's fields, sizes against shapes,
// offsets against the data section, no overlapping tensors); it never
// trusts the file, so corrupt input is an error with a message, not a crash.
// Every dtype of the format is accepted and reported by name ("F16",
// "BF16", ...); F32 and I64 tensors can also be copied into a dlc_tensor.
// The writer stores float32/int64 dlc_tensors. This header is C ABI only: it
// compiles as C (C99) and C++.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_SAFETENSORS_H
#define DLC_RUNTIME_SAFETENSORS_H

#include "dlc/runtime/npy.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Return codes of the functions below (0 is success). Whatever the code,
/// a failing call also writes a lowercase message naming the file into
/// `err` (truncated to `err_len` bytes, always NUL-terminated; `err` may be
/// NULL).
#define DLC_ST_OK 0
#define DLC_ST_IO 1          ///< the file cannot be opened, read or written
#define DLC_ST_CORRUPT 2     ///< the file is not a valid safetensors file
#define DLC_ST_NOT_FOUND 3   ///< no tensor of that name
#define DLC_ST_DTYPE 4       ///< the tensor's dtype has no dlc_dtype
#define DLC_ST_UNSUPPORTED 5 ///< valid, but beyond dlc_tensor (rank > 8)
#define DLC_ST_INVALID 6     ///< bad arguments (null, duplicate names, ...)
#define DLC_ST_NOMEM 7       ///< out of memory

/// An open, fully validated safetensors file (opaque). Its tensors are
/// numbered 0..count-1 in the order the header lists them.
typedef struct dlc_safetensors dlc_safetensors;

/// Reads and validates the file at `path`. On success stores a handle in
/// `*out` (release it with dlc_safetensors_close) and returns 0; on failure
/// stores NULL and returns a DLC_ST_* code with a message in `err`.
/// Accepted beyond the strict layout Python's safetensors writes: tensors
/// in any order, gaps between them and bytes after the last one.
int dlc_safetensors_open(const char *path, dlc_safetensors **out, char *err,
                         size_t err_len);

/// Releases the handle and everything it owns (names, shapes, data
/// pointers). Safe to call on NULL.
void dlc_safetensors_close(dlc_safetensors *st);

/// The number of tensors (0 for NULL).
int64_t dlc_safetensors_count(const dlc_safetensors *st);

/// The name of tensor `i` (UTF-8, NUL-terminated), or NULL if `i` is out of
/// range.
const char *dlc_safetensors_name(const dlc_safetensors *st, int64_t i);

/// The index of the tensor named `name`, or -1 if there is none.
int64_t dlc_safetensors_find(const dlc_safetensors *st, const char *name);

/// The dtype of tensor `i` as the file spells it ("F32", "I64", "F16",
/// "BF16", "F64", "I32", "U8", "BOOL", ...), for messages such as "tensor
/// 'x' is F16, expected F32"; NULL if `i` is out of range.
const char *dlc_safetensors_dtype_name(const dlc_safetensors *st, int64_t i);

/// The dtype of tensor `i` as a dlc_dtype (DLC_F32 for "F32", DLC_I64 for
/// "I64"), or -1 for any other dtype or an out-of-range `i`.
int dlc_safetensors_dtype(const dlc_safetensors *st, int64_t i);

/// The rank of tensor `i` (0 for a scalar; may exceed DLC_TENSOR_MAX_RANK),
/// or -1 if `i` is out of range.
int64_t dlc_safetensors_rank(const dlc_safetensors *st, int64_t i);

/// The `rank` extents of tensor `i` (a valid pointer even for a scalar), or
/// NULL if `i` is out of range.
const int64_t *dlc_safetensors_shape(const dlc_safetensors *st, int64_t i);

/// The raw little-endian, C-order bytes of tensor `i`, valid until the
/// handle is closed; NULL if `i` is out of range. The data section is held
/// at a 16-byte aligned address, so the pointer is aligned to the element
/// size whenever the tensor's begin offset is. Python's safetensors sorts
/// tensors by decreasing element size, which keeps all offsets aligned;
/// dlc_safetensors_write keeps the caller's order, so e.g. an I64 after a
/// 3-element F32 is not. Copy with memcpy when unsure.
const void *dlc_safetensors_data(const dlc_safetensors *st, int64_t i);

/// The size of tensor `i`'s data in bytes (data_offsets end - begin), or 0
/// if `i` is out of range.
size_t dlc_safetensors_nbytes(const dlc_safetensors *st, int64_t i);

/// The value stored under `key` in the header's "__metadata__" object, or
/// NULL if there is no such key (or no metadata).
const char *dlc_safetensors_metadata(const dlc_safetensors *st,
                                     const char *key);

/// Copies the tensor named `name` into `out` (allocating its data with
/// malloc; release with dlc_tensor_free): F32 becomes DLC_F32, I64 becomes
/// DLC_I64. Returns 0 on success; DLC_ST_NOT_FOUND if there is no such
/// tensor, DLC_ST_DTYPE for any other dtype (the message names it),
/// DLC_ST_UNSUPPORTED for a rank above DLC_TENSOR_MAX_RANK. On failure
/// `out` is left empty (safe to free).
int dlc_safetensors_read_tensor(const dlc_safetensors *st, const char *name,
                                dlc_tensor *out, char *err, size_t err_len);

/// Writes `count` tensors (DLC_F32 as "F32", DLC_I64 as "I64") under
/// `names`, in the given order and packed back to back, to `path`. The JSON
/// header is padded with spaces so the data starts at a multiple of 8
/// bytes. Names must be distinct, valid UTF-8 and not "__metadata__"; they
/// are JSON-escaped as needed. The file is written to a temporary name in
/// the same directory and renamed over `path`, so a failure never leaves a
/// partial file behind. Returns 0 on success, DLC_ST_INVALID for bad
/// arguments or tensors, DLC_ST_IO when the file cannot be written, each
/// with a message in `err`.
int dlc_safetensors_write(const char *path, int64_t count,
                          const char *const *names, const dlc_tensor *tensors,
                          char *err, size_t err_len);

#ifdef __cplusplus
} // extern "C"
#endif

#endif // DLC_RUNTIME_SAFETENSORS_H
