//===- NpyDtypeTest.cpp - int64 and int32 .npy files ----------------------===//
//
// The integer side of the .npy I/O: dlc_npy_write of DLC_I64 tensors is
// byte-identical to numpy.save (checked against bytes written out here from
// the format spec, and against numpy itself when it is installed);
// dlc_npy_read_as reads '<i8' and widens '<i4'; a file of the wrong dtype is
// DLC_NPY_DTYPE_MISMATCH with a message naming both dtypes; dlc_npy_read
// keeps its float32-only contract.
//
//===----------------------------------------------------------------------===//

#include "NpyTestUtil.h"

#include <climits>

using NpyDtypeTest = dlc::test::NpyFixture;
using dlc::test::npyBytes;

namespace {

template <typename T> std::string rawBytes(const std::vector<T> &values) {
  return std::string(reinterpret_cast<const char *>(values.data()),
                     values.size() * sizeof(T));
}

/// numpy.save's version 1.0 header for a C-order array: the dict, spaces up
/// to a 64-byte boundary (counting the 10-byte preamble) and '\n'. Written
/// out from the format spec (and numpy/lib/format.py's padding rule, which
/// leaves room for the first extent to grow to 21 digits), independently of
/// the writer under test.
std::string numpyHeader(const std::string &descr, const std::string &shape,
                        int64_t firstExtentDigits) {
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " +
                     shape + ", }";
  if (firstExtentDigits > 0)
    dict.append(21 - firstExtentDigits, ' ');
  while ((10 + dict.size() + 1) % 64 != 0)
    dict += ' ';
  return dict + "\n";
}

/// Reads `p` with dlc_npy_read_as(`dtype`), expecting `rc`; returns the
/// message and checks the output was left empty.
std::string readAsError(const std::string &p, dlc_dtype dtype, int rc) {
  dlc_tensor t;
  std::memset(&t, 0x5a, sizeof(t));
  char err[512];
  EXPECT_EQ(dlc_npy_read_as(p.c_str(), dtype, &t, err, sizeof(err)), rc);
  EXPECT_EQ(t.data, nullptr);
  EXPECT_EQ(t.data_i64, nullptr);
  EXPECT_EQ(t.rank, 0);
  return err;
}

TEST_F(NpyDtypeTest, WritesInt64ByteForByteAsNumpySave) {
  std::vector<int64_t> values = {0, -1, 7, INT64_MAX, INT64_MIN, 42};
  dlc_tensor t{};
  t.rank = 2;
  t.shape[0] = 2;
  t.shape[1] = 3;
  t.dtype = DLC_I64;
  t.data_i64 = values.data();
  char err[256];
  ASSERT_EQ(dlc_npy_write(path("a.npy").c_str(), &t, err, sizeof(err)), 0) << err;
  std::string header = numpyHeader("<i8", "(2, 3)", 1);
  EXPECT_EQ(header.size() + 10, 128u);
  EXPECT_EQ(readBytes(path("a.npy")), npyBytes(header, rawBytes(values)));

  // Rank 1 and rank 0: Python's one-element tuple and the empty tuple.
  t.rank = 1;
  t.shape[0] = 6;
  ASSERT_EQ(dlc_npy_write(path("b.npy").c_str(), &t, err, sizeof(err)), 0) << err;
  EXPECT_EQ(readBytes(path("b.npy")),
            npyBytes(numpyHeader("<i8", "(6,)", 1), rawBytes(values)));
  t.rank = 0;
  ASSERT_EQ(dlc_npy_write(path("c.npy").c_str(), &t, err, sizeof(err)), 0) << err;
  EXPECT_EQ(readBytes(path("c.npy")),
            npyBytes(numpyHeader("<i8", "()", 0),
                     rawBytes(std::vector<int64_t>{values[0]})));
}

TEST_F(NpyDtypeTest, Float32WriteIsUnchangedByTheDtypeField) {
  // A tensor built the old way (no dtype, zero-initialized) is float32.
  float values[3] = {1.5f, -2.0f, 0.25f};
  dlc_tensor t = {1, {3}, values};
  char err[256];
  ASSERT_EQ(dlc_npy_write(path("f.npy").c_str(), &t, err, sizeof(err)), 0) << err;
  EXPECT_EQ(readBytes(path("f.npy")),
            npyBytes(numpyHeader("<f4", "(3,)", 1),
                     rawBytes(std::vector<float>(values, values + 3))));
}

TEST_F(NpyDtypeTest, ReadsInt64) {
  std::vector<int64_t> values = {3, -4, INT64_MAX, INT64_MIN};
  for (const char *descr : {"<i8", "=i8"}) {
    SCOPED_TRACE(descr);
    writeBytes(path("i8.npy"),
               npyBytes(numpyHeader(descr, "(2, 2)", 1), rawBytes(values)));
    dlc_tensor t;
    char err[256];
    ASSERT_EQ(dlc_npy_read_as(path("i8.npy").c_str(), DLC_I64, &t, err, sizeof(err)), 0)
        << err;
    EXPECT_EQ(t.dtype, DLC_I64);
    EXPECT_EQ(t.data, nullptr);
    ASSERT_EQ(t.rank, 2);
    EXPECT_EQ(t.shape[0], 2);
    EXPECT_EQ(t.shape[1], 2);
    for (size_t i = 0; i < values.size(); ++i)
      EXPECT_EQ(t.data_i64[i], values[i]) << i;
    dlc_tensor_free(&t);
    EXPECT_EQ(t.data_i64, nullptr);
  }
}

TEST_F(NpyDtypeTest, WidensInt32) {
  // Odd counts, negatives and the extremes: the in-place widening must
  // neither clobber unread elements nor lose the sign.
  for (size_t n : {size_t(0), size_t(1), size_t(5), size_t(1001)}) {
    SCOPED_TRACE(n);
    std::vector<int32_t> values(n);
    for (size_t i = 0; i < n; ++i)
      values[i] = int32_t(i * 7919) * (i % 2 ? -1 : 1);
    if (n >= 5) {
      values[1] = INT32_MIN;
      values[2] = INT32_MAX;
      values[3] = -1;
    }
    writeBytes(path("i4.npy"),
               npyBytes(numpyHeader("<i4", "(" + std::to_string(n) + ",)",
                                    int64_t(std::to_string(n).size())),
                        rawBytes(values)));
    dlc_tensor t;
    char err[256];
    ASSERT_EQ(dlc_npy_read_as(path("i4.npy").c_str(), DLC_I64, &t, err, sizeof(err)), 0)
        << err;
    EXPECT_EQ(t.dtype, DLC_I64);
    ASSERT_EQ(t.rank, 1);
    EXPECT_EQ(t.shape[0], int64_t(n));
    ASSERT_NE(t.data_i64, nullptr);
    for (size_t i = 0; i < n; ++i)
      ASSERT_EQ(t.data_i64[i], int64_t(values[i])) << i;
    dlc_tensor_free(&t);
  }
}

TEST_F(NpyDtypeTest, ReadAsFloat32) {
  std::vector<float> values = {0.5f, -1.0f};
  writeBytes(path("f4.npy"), npyBytes(numpyHeader("<f4", "(2,)", 1), rawBytes(values)));
  dlc_tensor t;
  ASSERT_EQ(dlc_npy_read_as(path("f4.npy").c_str(), DLC_F32, &t, nullptr, 0), 0);
  EXPECT_EQ(t.dtype, DLC_F32);
  EXPECT_EQ(t.data_i64, nullptr);
  EXPECT_EQ(t.data[0], 0.5f);
  EXPECT_EQ(t.data[1], -1.0f);
  dlc_tensor_free(&t);
}

TEST_F(NpyDtypeTest, WrongDtypeNamesBoth) {
  std::string i8 = path("i8.npy"), f4 = path("f4.npy"), f8 = path("f8.npy"),
              u1 = path("u1.npy"), i4 = path("i4.npy");
  writeBytes(i8, npyBytes(numpyHeader("<i8", "(1,)", 1), std::string(8, '\0')));
  writeBytes(i4, npyBytes(numpyHeader("<i4", "(1,)", 1), std::string(4, '\0')));
  writeBytes(f4, npyBytes(numpyHeader("<f4", "(1,)", 1), std::string(4, '\0')));
  writeBytes(f8, npyBytes(numpyHeader("<f8", "(1,)", 1), std::string(8, '\0')));
  writeBytes(u1, npyBytes(numpyHeader("|u1", "(1,)", 1), std::string(1, '\0')));
  EXPECT_EQ(readAsError(i8, DLC_F32, DLC_NPY_DTYPE_MISMATCH),
            "'" + i8 + "' has dtype '<i8' but float32 ('<f4') is expected");
  EXPECT_EQ(readAsError(i4, DLC_F32, DLC_NPY_DTYPE_MISMATCH),
            "'" + i4 + "' has dtype '<i4' but float32 ('<f4') is expected");
  EXPECT_EQ(readAsError(f4, DLC_I64, DLC_NPY_DTYPE_MISMATCH),
            "'" + f4 + "' has dtype '<f4' but int64 ('<i8', or int32 '<i4') is expected");
  EXPECT_EQ(readAsError(f8, DLC_I64, DLC_NPY_DTYPE_MISMATCH),
            "'" + f8 + "' has dtype '<f8' but int64 ('<i8', or int32 '<i4') is expected");
  EXPECT_EQ(readAsError(u1, DLC_I64, DLC_NPY_DTYPE_MISMATCH),
            "'" + u1 + "' has dtype '|u1' but int64 ('<i8', or int32 '<i4') is expected");
  // The float32-only reader keeps its message.
  EXPECT_EQ(readError(i8),
            "'" + i8 + "' has dtype '<i8'; only float32 ('<f4') is supported");
  // Other failures are not dtype mismatches.
  EXPECT_EQ(readAsError(path("missing.npy"), DLC_I64, -1),
            "cannot open '" + path("missing.npy") + "': No such file or directory");
  EXPECT_EQ(readAsError(i8, dlc_dtype(7), -1), "dlc_npy_read_as: unknown dtype 7");
}

TEST_F(NpyDtypeTest, TruncatedIntegerDataNamesTheFileDtype) {
  writeBytes(path("i4.npy"),
             npyBytes(numpyHeader("<i4", "(3,)", 1), std::string(8, '\0')));
  EXPECT_EQ(readAsError(path("i4.npy"), DLC_I64, -1),
            "'" + path("i4.npy") +
                "' is truncated: header says 3 int32 (12 bytes) but only 8 data "
                "bytes follow");
  writeBytes(path("i8.npy"),
             npyBytes(numpyHeader("<i8", "(2,)", 1), std::string(15, '\0')));
  EXPECT_EQ(readAsError(path("i8.npy"), DLC_I64, -1),
            "'" + path("i8.npy") +
                "' is truncated: header says 2 int64 (16 bytes) but only 15 data "
                "bytes follow");
}

TEST_F(NpyDtypeTest, Int64RoundTrip) {
  const std::vector<std::vector<int64_t>> shapes = {{}, {0}, {7}, {2, 0, 3}, {3, 1, 5}};
  for (const auto &shape : shapes) {
    dlc_tensor t{};
    t.rank = int64_t(shape.size());
    for (size_t i = 0; i < shape.size(); ++i)
      t.shape[i] = shape[i];
    std::vector<int64_t> values(size_t(dlc_tensor_numel(&t)));
    for (size_t i = 0; i < values.size(); ++i)
      values[i] = int64_t(i) * 1000003 - 5;
    t.dtype = DLC_I64;
    t.data_i64 = values.data();
    char err[256];
    ASSERT_EQ(dlc_npy_write(path("r.npy").c_str(), &t, err, sizeof(err)), 0) << err;
    dlc_tensor back;
    ASSERT_EQ(dlc_npy_read_as(path("r.npy").c_str(), DLC_I64, &back, err, sizeof(err)),
              0)
        << err;
    ASSERT_EQ(back.rank, t.rank);
    for (int64_t i = 0; i < t.rank; ++i)
      EXPECT_EQ(back.shape[i], t.shape[i]);
    for (size_t i = 0; i < values.size(); ++i)
      EXPECT_EQ(back.data_i64[i], values[i]);
    dlc_tensor_free(&back);
  }
}

TEST_F(NpyDtypeTest, WriteRejectsAnUnknownDtypeOrMissingData) {
  dlc_tensor t{};
  t.rank = 1;
  t.shape[0] = 2;
  t.dtype = DLC_I64;
  char err[256];
  EXPECT_NE(dlc_npy_write(path("x.npy").c_str(), &t, err, sizeof(err)), 0);
  EXPECT_EQ(std::string(err), "cannot write '" + path("x.npy") + "': tensor has no data");
  t.dtype = dlc_dtype(3);
  EXPECT_NE(dlc_npy_write(path("x.npy").c_str(), &t, err, sizeof(err)), 0);
  EXPECT_EQ(std::string(err), "cannot write '" + path("x.npy") + "': unknown dtype 3");
  EXPECT_TRUE(listDir().empty());
}

//===----------------------------------------------------------------------===//
// Against numpy itself
//===----------------------------------------------------------------------===//

bool haveNumpy() {
  static const bool have =
      std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") == 0;
  return have;
}

TEST_F(NpyDtypeTest, NumpyAgreesOnInt64AndInt32) {
  if (!haveNumpy())
    GTEST_SKIP() << "/usr/bin/python3 with numpy is not available";
  // dlc writes int64 arrays; numpy.save writes the same arrays as
  // references and int32/int64 files for dlc to read.
  std::vector<int64_t> values(2 * 3 * 5);
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = int64_t(i) * 3 - 40;
  dlc_tensor t{};
  t.rank = 3;
  t.shape[0] = 2;
  t.shape[1] = 3;
  t.shape[2] = 5;
  t.dtype = DLC_I64;
  t.data_i64 = values.data();
  char err[256];
  ASSERT_EQ(dlc_npy_write(path("dlc.npy").c_str(), &t, err, sizeof(err)), 0) << err;
  std::ofstream(path("gen.py")) << R"(
import sys, numpy as np
d = sys.argv[1]
a = (np.arange(30, dtype=np.int64) * 3 - 40).reshape(2, 3, 5)
assert np.array_equal(np.load(d + '/dlc.npy'), a)
assert np.load(d + '/dlc.npy').dtype == np.int64
np.save(d + '/ref.npy', a)
np.save(d + '/i32.npy', a.astype(np.int32))
np.save(d + '/scalar.npy', np.int64(-9))
)";
  ASSERT_EQ(std::system(("/usr/bin/python3 '" + path("gen.py") + "' '" + dir + "'").c_str()),
            0);
  EXPECT_EQ(readBytes(path("dlc.npy")), readBytes(path("ref.npy")));
  for (const char *name : {"ref.npy", "i32.npy"}) {
    SCOPED_TRACE(name);
    dlc_tensor back;
    ASSERT_EQ(dlc_npy_read_as(path(name).c_str(), DLC_I64, &back, err, sizeof(err)), 0)
        << err;
    ASSERT_EQ(back.rank, 3);
    EXPECT_EQ(back.shape[2], 5);
    for (size_t i = 0; i < values.size(); ++i)
      EXPECT_EQ(back.data_i64[i], values[i]);
    dlc_tensor_free(&back);
  }
  dlc_tensor s;
  ASSERT_EQ(dlc_npy_read_as(path("scalar.npy").c_str(), DLC_I64, &s, err, sizeof(err)), 0)
      << err;
  EXPECT_EQ(s.rank, 0);
  EXPECT_EQ(s.data_i64[0], -9);
  dlc_tensor_free(&s);
}

} // namespace
