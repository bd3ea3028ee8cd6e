//===- npy_header.h - parse the dict header of a .npy file ------*- C++ -*-===//
//
// Internal to the runtime: the .npy header is a Python dict literal, parsed
// and validated here separately from the file I/O in npy.cpp so that the
// hostile-input parsing can be read (and fuzzed) on its own.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_SRC_NPY_HEADER_H
#define DLC_RUNTIME_SRC_NPY_HEADER_H

#include "dlc/runtime/npy.h"

#include <string>

namespace dlc::runtime {

/// Formats a message into the caller's buffer (which may be absent) and
/// returns the failure code, so error paths read `return fail(...)`.
__attribute__((format(printf, 3, 4))) int fail(char *err, size_t errlen,
                                               const char *fmt, ...);

/// Parses the header dict text of the .npy file `path` and checks that it
/// describes a C-order array of rank <= DLC_TENSOR_MAX_RANK with
/// non-negative extents, of dtype float32 when `descr` is null; otherwise
/// any plain dtype is accepted and its descr string (made printable) is
/// stored in `*descr` for the caller to check. On success fills `out.rank`
/// and `out.shape` and returns 0; otherwise returns nonzero with a message
/// naming `path`.
int parseNpyHeader(const std::string &header, const char *path,
                   dlc_tensor &out, char *err, size_t errlen,
                   std::string *descr = nullptr);

} // namespace dlc::runtime

#endif // DLC_RUNTIME_SRC_NPY_HEADER_H
