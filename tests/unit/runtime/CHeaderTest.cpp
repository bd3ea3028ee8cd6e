//===- CHeaderTest.cpp - call into the C-compiled header probe ------------===//
//
// Links against CHeaderTest.c (compiled as C99) so that a C compiler has
// accepted every runtime header and the C and C++ views of dlc_tensor agree.
//
//===----------------------------------------------------------------------===//

#include "dlc/runtime/npy.h"

#include <cstddef>

#include <gtest/gtest.h>

extern "C" int64_t dlc_c_header_probe(void);

namespace {

TEST(CHeaderTest, HeadersCompileAndLinkAsC) {
  EXPECT_EQ(dlc_c_header_probe(), 6);
  // The float32 layout is unchanged (rank, shape, data); the dtype and the
  // int64 payload were appended after it.
  EXPECT_EQ(offsetof(dlc_tensor, data), 8u + 8u * DLC_TENSOR_MAX_RANK);
  EXPECT_EQ(offsetof(dlc_tensor, dtype), offsetof(dlc_tensor, data) + sizeof(void *));
  EXPECT_EQ(sizeof(dlc_tensor),
            8u + 8u * DLC_TENSOR_MAX_RANK + sizeof(void *) + 8u + sizeof(void *));
}

} // namespace
