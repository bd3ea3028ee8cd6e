//===- SafetensorsTest.cpp - .safetensors reading and writing -------------===//
//
// The reference files are built byte by byte in the tests themselves (an
// 8-byte length, JSON text written out literally, raw values), so neither
// the reader nor the writer is checked against the other alone: the
// writer's output is compared with hand-written bytes, and the reader is
// fed hand-written files, including one corrupt file per validation rule.
// A last test exchanges files with Python's safetensors when it is
// installed (skipped otherwise).
//
//===----------------------------------------------------------------------===//

#include "dlc/runtime/safetensors.h"

#include "NpyTestUtil.h"

#include <cfloat>
#include <climits>
#include <sys/stat.h>
#include <unistd.h>

namespace {

/// `n` as 8 little-endian bytes: the header length field.
std::string le64(uint64_t n) {
  std::string s;
  for (int i = 0; i < 8; ++i)
    s += char((n >> (8 * i)) & 0xff);
  return s;
}

/// A safetensors file: length field, `json` verbatim (no padding added, so
/// tests control every byte), then `data`.
std::string stFile(const std::string &json, const std::string &data) {
  return le64(json.size()) + json + data;
}

template <typename T> std::string raw(std::initializer_list<T> values) {
  std::string s;
  for (T v : values)
    s.append(reinterpret_cast<const char *>(&v), sizeof(T));
  return s;
}

float bitsToFloat(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

class SafetensorsTest : public dlc::test::NpyFixture {
protected:
  /// Opens `p`, expecting success (the handle is closed in TearDown).
  dlc_safetensors *open(const std::string &p) {
    char err[512] = "";
    dlc_safetensors *st = nullptr;
    EXPECT_EQ(dlc_safetensors_open(p.c_str(), &st, err, sizeof(err)), 0) << err;
    EXPECT_STREQ(err, "");
    handles.push_back(st);
    return st;
  }
  /// Writes `bytes` to a file and opens it, expecting failure; checks the
  /// handle is NULL and the message names the file; returns code and message.
  std::pair<int, std::string> openError(const std::string &bytes) {
    std::string p = path("bad.safetensors");
    writeBytes(p, bytes);
    return openPathError(p);
  }
  static std::pair<int, std::string> openPathError(const std::string &p) {
    char err[512] = "";
    dlc_safetensors *st = reinterpret_cast<dlc_safetensors *>(&err);
    int rc = dlc_safetensors_open(p.c_str(), &st, err, sizeof(err));
    EXPECT_NE(rc, 0);
    EXPECT_EQ(st, nullptr);
    if (rc == 0)
      dlc_safetensors_close(st);
    EXPECT_NE(std::string(err).find("'" + p + "'"), std::string::npos) << err;
    return {rc, err};
  }
  /// dlc_safetensors_write of (name, tensor) pairs; returns code, message.
  static std::pair<int, std::string>
  write(const std::string &p, const std::vector<const char *> &names,
        const std::vector<dlc_tensor> &tensors) {
    char err[512] = "";
    int rc =
        dlc_safetensors_write(p.c_str(), int64_t(names.size()), names.data(),
                              tensors.data(), err, sizeof(err));
    return {rc, err};
  }
  void TearDown() override {
    for (dlc_safetensors *st : handles)
      dlc_safetensors_close(st);
    NpyFixture::TearDown();
  }
  std::vector<dlc_safetensors *> handles;
};

dlc_tensor f32Tensor(std::vector<int64_t> shape, float *data) {
  dlc_tensor t{};
  t.rank = int64_t(shape.size());
  for (size_t i = 0; i < shape.size(); ++i)
    t.shape[i] = shape[i];
  t.data = data;
  t.dtype = DLC_F32;
  return t;
}

dlc_tensor i64Tensor(std::vector<int64_t> shape, int64_t *data) {
  dlc_tensor t = f32Tensor(shape, nullptr);
  t.dtype = DLC_I64;
  t.data_i64 = data;
  return t;
}

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

TEST_F(SafetensorsTest, WriterProducesTheExpectedBytes) {
  float w[6] = {1, 2, 3, 4, 5, 6};
  int64_t idx[2] = {-1, int64_t(1) << 40};
  float s = 0.5f;
  std::string p = path("m.safetensors");
  auto [rc, msg] =
      write(p, {"w", "index", "s"},
            {f32Tensor({2, 3}, w), i64Tensor({2}, idx), f32Tensor({}, &s)});
  ASSERT_EQ(rc, 0) << msg;
  EXPECT_EQ(msg, "");
  // 170 bytes of JSON; 6 spaces make the data start at 8 + 176 = 184.
  std::string json =
      "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
      "\"index\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[24,40]},"
      "\"s\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[40,44]}}";
  ASSERT_EQ(json.size(), 170u);
  std::string expected =
      stFile(json + "      ", raw<float>({1, 2, 3, 4, 5, 6}) +
                                  raw<int64_t>({-1, int64_t(1) << 40}) +
                                  raw<float>({0.5f}));
  EXPECT_EQ(readBytes(p), expected);
  EXPECT_EQ(listDir(), std::vector<std::string>{"m.safetensors"});
}

TEST_F(SafetensorsTest, WriterPadsEmptyFileToEightBytes) {
  std::string p = path("empty.safetensors");
  char err[256] = "";
  ASSERT_EQ(
      dlc_safetensors_write(p.c_str(), 0, nullptr, nullptr, err, sizeof(err)),
      0)
      << err;
  EXPECT_EQ(readBytes(p), le64(8) + "{}      ");
  dlc_safetensors *st = open(p);
  ASSERT_NE(st, nullptr);
  EXPECT_EQ(dlc_safetensors_count(st), 0);
}

TEST_F(SafetensorsTest, RoundTripIsBitExact) {
  // Special float32 values (NaN payload, -0, denormal, infinities) must come
  // back bit for bit; so must the int64 extremes.
  std::vector<uint32_t> bits = {0x7fc12345, 0x80000000, 0x00000001, 0x7f800000,
                                0xff800000, 0x7f7fffff, 0x3eaaaaab, 0xc2f6e979};
  std::vector<float> f(bits.size());
  for (size_t i = 0; i < bits.size(); ++i)
    f[i] = bitsToFloat(bits[i]);
  int64_t ints[5] = {INT64_MIN, INT64_MAX, -1, 0, 42};
  float scalar = -3.25f;
  int64_t iscalar = 7;
  std::string p = path("rt.safetensors");
  std::vector<dlc_tensor> tensors = {
      f32Tensor({2, 1, 4}, f.data()),
      i64Tensor({5}, ints),
      f32Tensor({}, &scalar),
      i64Tensor({}, &iscalar),
      f32Tensor({0, 3}, nullptr), // empty: no data needed
      f32Tensor({1, 1, 1, 1, 1, 1, 1, 2}, f.data())};
  std::vector<const char *> names = {"f",       "i",     "scalar",
                                     "iscalar", "empty", "rank8"};
  auto [rc, msg] = write(p, names, tensors);
  ASSERT_EQ(rc, 0) << msg;
  std::string bytes = readBytes(p);
  uint64_t n = 0;
  std::memcpy(&n, bytes.data(), 8);
  EXPECT_EQ((8 + n) % 8, 0u);

  dlc_safetensors *st = open(p);
  ASSERT_NE(st, nullptr);
  ASSERT_EQ(dlc_safetensors_count(st), int64_t(names.size()));
  for (size_t i = 0; i < names.size(); ++i) {
    SCOPED_TRACE(names[i]);
    const dlc_tensor &t = tensors[i];
    EXPECT_STREQ(dlc_safetensors_name(st, int64_t(i)), names[i]);
    EXPECT_EQ(dlc_safetensors_find(st, names[i]), int64_t(i));
    EXPECT_EQ(dlc_safetensors_dtype(st, int64_t(i)), int(t.dtype));
    EXPECT_STREQ(dlc_safetensors_dtype_name(st, int64_t(i)),
                 t.dtype == DLC_F32 ? "F32" : "I64");
    ASSERT_EQ(dlc_safetensors_rank(st, int64_t(i)), t.rank);
    const int64_t *shape = dlc_safetensors_shape(st, int64_t(i));
    ASSERT_NE(shape, nullptr);
    for (int64_t d = 0; d < t.rank; ++d)
      EXPECT_EQ(shape[d], t.shape[d]);
    size_t bytesWanted =
        size_t(dlc_tensor_numel(&t)) * (t.dtype == DLC_F32 ? 4 : 8);
    EXPECT_EQ(dlc_safetensors_nbytes(st, int64_t(i)), bytesWanted);
    const void *src = t.dtype == DLC_F32
                          ? static_cast<const void *>(t.data)
                          : static_cast<const void *>(t.data_i64);
    ASSERT_NE(dlc_safetensors_data(st, int64_t(i)), nullptr);
    if (bytesWanted) {
      EXPECT_EQ(
          std::memcmp(dlc_safetensors_data(st, int64_t(i)), src, bytesWanted),
          0);
    }

    dlc_tensor out;
    char err[256] = "";
    ASSERT_EQ(dlc_safetensors_read_tensor(st, names[i], &out, err, sizeof(err)),
              0)
        << err;
    EXPECT_EQ(out.dtype, t.dtype);
    ASSERT_EQ(out.rank, t.rank);
    for (int64_t d = 0; d < t.rank; ++d)
      EXPECT_EQ(out.shape[d], t.shape[d]);
    if (t.dtype == DLC_F32) {
      ASSERT_NE(out.data, nullptr);
      EXPECT_EQ(out.data_i64, nullptr);
      if (bytesWanted) {
        EXPECT_EQ(std::memcmp(out.data, t.data, bytesWanted), 0);
      }
    } else {
      ASSERT_NE(out.data_i64, nullptr);
      EXPECT_EQ(out.data, nullptr);
      EXPECT_EQ(std::memcmp(out.data_i64, t.data_i64, bytesWanted), 0);
    }
    dlc_tensor_free(&out);
  }
  // The data section is aligned and the first tensor starts it.
  EXPECT_EQ(reinterpret_cast<uintptr_t>(dlc_safetensors_data(st, 0)) % 16, 0u);
}

TEST_F(SafetensorsTest, WriterEscapesNamesAsJson) {
  std::vector<const char *> names = {"a\"b",
                                     "back\\slash",
                                     "new\nline\ttab",
                                     "ctl\x01\x1f",
                                     "caf\xc3\xa9/\xf0\x9f\x98\x80",
                                     ""};
  std::vector<float> v(names.size());
  std::vector<dlc_tensor> tensors;
  for (size_t i = 0; i < names.size(); ++i) {
    v[i] = float(i);
    tensors.push_back(f32Tensor({}, &v[i]));
  }
  std::string p = path("names.safetensors");
  auto [rc, msg] = write(p, names, tensors);
  ASSERT_EQ(rc, 0) << msg;
  std::string bytes = readBytes(p);
  for (const char *escaped :
       {"\"a\\\"b\":", "\"back\\\\slash\":", "\"new\\nline\\ttab\":",
        "\"ctl\\u0001\\u001f\":", "\"caf\xc3\xa9/\xf0\x9f\x98\x80\":", "\"\":"})
    EXPECT_NE(bytes.find(escaped), std::string::npos) << escaped;
  dlc_safetensors *st = open(p);
  ASSERT_NE(st, nullptr);
  ASSERT_EQ(dlc_safetensors_count(st), int64_t(names.size()));
  for (size_t i = 0; i < names.size(); ++i) {
    EXPECT_STREQ(dlc_safetensors_name(st, int64_t(i)), names[i]);
    EXPECT_EQ(dlc_safetensors_find(st, names[i]), int64_t(i));
    float got;
    std::memcpy(&got, dlc_safetensors_data(st, int64_t(i)), 4);
    EXPECT_EQ(got, float(i));
  }
}

TEST_F(SafetensorsTest, WriteRejectsDuplicateNamesAndLeavesNothing) {
  float a[2] = {1, 2};
  std::string p = path("dup.safetensors");
  auto [rc, msg] =
      write(p, {"w", "b", "w"},
            {f32Tensor({2}, a), f32Tensor({1}, a), f32Tensor({2}, a)});
  EXPECT_EQ(rc, DLC_ST_INVALID);
  EXPECT_EQ(msg, "cannot write '" + p +
                     "': tensor name 'w' is used twice (tensors 0 and 2)");
  EXPECT_TRUE(listDir().empty());
}

TEST_F(SafetensorsTest, FailedWriteKeepsTheOldFile) {
  float a[2] = {1, 2};
  std::string p = path("keep.safetensors");
  ASSERT_EQ(write(p, {"a"}, {f32Tensor({2}, a)}).first, 0);
  std::string before = readBytes(p);
  EXPECT_EQ(write(p, {"a", "a"}, {f32Tensor({2}, a), f32Tensor({2}, a)}).first,
            DLC_ST_INVALID);
  EXPECT_EQ(readBytes(p), before);
  EXPECT_EQ(listDir(), std::vector<std::string>{"keep.safetensors"});
}

TEST_F(SafetensorsTest, WriteRejectsInvalidArguments) {
  float a[2] = {1, 2};
  std::string p = path("x.safetensors");
  std::string prefix = "cannot write '" + p + "': ";
  dlc_tensor rank9 = f32Tensor({1}, a);
  rank9.rank = 9;
  EXPECT_EQ(write(p, {"r"}, {rank9}),
            std::make_pair(DLC_ST_INVALID,
                           prefix + "tensor 'r' has rank 9, outside 0..8"));
  dlc_tensor badType = f32Tensor({2}, a);
  const int seven = 7; // as a C caller could store it (not valid C++)
  std::memcpy(&badType.dtype, &seven, sizeof(seven));
  EXPECT_EQ(write(p, {"t"}, {badType}),
            std::make_pair(DLC_ST_INVALID,
                           prefix + "tensor 't' has unknown dtype 7"));
  EXPECT_EQ(write(p, {"n"}, {f32Tensor({2, -1}, a)}),
            std::make_pair(DLC_ST_INVALID,
                           prefix +
                               "tensor 'n' has shape 2x-1 with a "
                               "negative extent or a size that overflows"));
  EXPECT_EQ(write(p, {"d"}, {f32Tensor({2}, nullptr)}),
            std::make_pair(DLC_ST_INVALID, prefix + "tensor 'd' has no data"));
  EXPECT_EQ(write(p, {"i"}, {i64Tensor({2}, nullptr)}),
            std::make_pair(DLC_ST_INVALID, prefix + "tensor 'i' has no data"));
  EXPECT_EQ(
      write(p, {nullptr}, {f32Tensor({2}, a)}),
      std::make_pair(DLC_ST_INVALID, prefix + "the name of tensor 0 is null"));
  EXPECT_EQ(write(p, {"__metadata__"}, {f32Tensor({2}, a)}),
            std::make_pair(DLC_ST_INVALID,
                           prefix + "'__metadata__' is reserved and cannot "
                                    "name a tensor"));
  EXPECT_EQ(write(p, {"bad\xff"}, {f32Tensor({2}, a)}).first, DLC_ST_INVALID);
  EXPECT_EQ(write(p, {"\xc0\xaf"}, {f32Tensor({2}, a)}).first, DLC_ST_INVALID);
  char err[256] = "";
  EXPECT_EQ(
      dlc_safetensors_write(p.c_str(), -1, nullptr, nullptr, err, sizeof(err)),
      DLC_ST_INVALID);
  EXPECT_NE(std::string(err), "");
  EXPECT_EQ(
      dlc_safetensors_write(p.c_str(), 1, nullptr, nullptr, err, sizeof(err)),
      DLC_ST_INVALID);
  EXPECT_EQ(dlc_safetensors_write(nullptr, 0, nullptr, nullptr, nullptr, 0),
            DLC_ST_INVALID);
  EXPECT_TRUE(listDir().empty());
}

TEST_F(SafetensorsTest, WriteReportsMissingDirectory) {
  float a[2] = {1, 2};
  std::string p = path("nope/x.safetensors");
  EXPECT_EQ(write(p, {"a"}, {f32Tensor({2}, a)}),
            std::make_pair(DLC_ST_IO, "cannot write '" + p +
                                          "': No such file or directory"));
  EXPECT_TRUE(listDir().empty());
}

TEST_F(SafetensorsTest, WriteRenameFailureRemovesTemporary) {
  // The temporary is written fine; renaming it over a directory fails.
  ASSERT_EQ(mkdir(path("x.safetensors").c_str(), 0755), 0);
  float a[2] = {1, 2};
  EXPECT_EQ(write(path("x.safetensors"), {"a"}, {f32Tensor({2}, a)}),
            std::make_pair(DLC_ST_IO, "cannot write '" + path("x.safetensors") +
                                          "': Is a directory"));
  EXPECT_EQ(listDir(), std::vector<std::string>{"x.safetensors"});
}

TEST_F(SafetensorsTest, WriteReportsUnwritableDirectory) {
  std::string ro = path("ro");
  ASSERT_EQ(mkdir(ro.c_str(), 0555), 0);
  ASSERT_EQ(chmod(dir.c_str(), 0755), 0); // let an unprivileged child in
  std::string p = ro + "/x.safetensors";
  float a[2] = {1, 2};
  dlc_tensor t = f32Tensor({2}, a);
  const char *name = "a";
  if (geteuid() != 0) {
    EXPECT_EQ(write(p, {name}, {t}),
              std::make_pair(DLC_ST_IO,
                             "cannot write '" + p + "': Permission denied"));
  } else {
    // Root ignores directory permissions: try as 'nobody'.
    auto result = dlc::test::runAsNobody([&](char *err, size_t len) {
      return dlc_safetensors_write(p.c_str(), 1, &name, &t, err, len) == DLC_ST_IO;
    });
    if (!result)
      GTEST_SKIP() << "cannot drop root privileges here";
    EXPECT_TRUE(result->first) << "write did not fail with DLC_ST_IO";
    EXPECT_EQ(result->second, "cannot write '" + p + "': Permission denied");
  }
  EXPECT_TRUE(std::filesystem::is_empty(ro));
}

//===----------------------------------------------------------------------===//
// Reading hand-made files
//===----------------------------------------------------------------------===//

TEST_F(SafetensorsTest, ReadsHandMadeFileWithMetadataAndPadding) {
  // Tensors listed out of offset order, metadata first, escapes in a
  // metadata value, whitespace inside the JSON and space padding after it.
  std::string json = "{ \"__metadata__\" : {\"format\":\"pt\", "
                     "\"note\":\"a\\\"b\\u00e9\\n\"},\n"
                     "  \"b\": {\"dtype\": \"I64\", \"shape\": [2], "
                     "\"data_offsets\": [12, 28]},\n"
                     "  \"a\": {\"data_offsets\": [0, 12], \"shape\": [3, 1], "
                     "\"dtype\": \"F32\","
                     " \"extra\": [null, true, false, -1.5e3, {}]}\n}";
  json.append(40, ' ');
  std::string p = path("hand.safetensors");
  writeBytes(p, stFile(json, raw<float>({1.5f, -2.0f, 3.25f}) +
                                 raw<int64_t>({-7, 9000000000})));
  dlc_safetensors *st = open(p);
  ASSERT_NE(st, nullptr);
  ASSERT_EQ(dlc_safetensors_count(st), 2);
  EXPECT_STREQ(dlc_safetensors_name(st, 0), "b");
  EXPECT_STREQ(dlc_safetensors_name(st, 1), "a");
  EXPECT_EQ(dlc_safetensors_find(st, "a"), 1);
  EXPECT_EQ(dlc_safetensors_find(st, "__metadata__"), -1);
  EXPECT_STREQ(dlc_safetensors_metadata(st, "format"), "pt");
  EXPECT_STREQ(dlc_safetensors_metadata(st, "note"), "a\"b\xc3\xa9\n");
  EXPECT_EQ(dlc_safetensors_metadata(st, "missing"), nullptr);

  dlc_tensor a, b;
  char err[256] = "";
  ASSERT_EQ(dlc_safetensors_read_tensor(st, "a", &a, err, sizeof(err)), 0)
      << err;
  EXPECT_EQ(a.dtype, DLC_F32);
  ASSERT_EQ(a.rank, 2);
  EXPECT_EQ(a.shape[0], 3);
  EXPECT_EQ(a.shape[1], 1);
  EXPECT_EQ(a.data[0], 1.5f);
  EXPECT_EQ(a.data[1], -2.0f);
  EXPECT_EQ(a.data[2], 3.25f);
  ASSERT_EQ(dlc_safetensors_read_tensor(st, "b", &b, err, sizeof(err)), 0)
      << err;
  EXPECT_EQ(b.dtype, DLC_I64);
  ASSERT_EQ(b.rank, 1);
  EXPECT_EQ(b.shape[0], 2);
  EXPECT_EQ(b.data_i64[0], -7);
  EXPECT_EQ(b.data_i64[1], 9000000000);
  dlc_tensor_free(&a);
  dlc_tensor_free(&b);
}

TEST_F(SafetensorsTest, DecodesUnicodeEscapesInNames) {
  std::string json = "{\"\\u00e9\\ud83d\\ude00\\/\\u0041\":{\"dtype\":\"U8\","
                     "\"shape\":[1],\"data_offsets\":[0,1]}}";
  std::string p = path("u.safetensors");
  writeBytes(p, stFile(json, "\x2a"));
  dlc_safetensors *st = open(p);
  ASSERT_NE(st, nullptr);
  EXPECT_STREQ(dlc_safetensors_name(st, 0), "\xc3\xa9\xf0\x9f\x98\x80/A");
}

TEST_F(SafetensorsTest, ReportsOtherDtypesByName) {
  std::string json =
      "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
      "\"bf\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[4,6]},"
      "\"u\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[6,8]},"
      "\"d\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[8,16]},"
      "\"i\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[16,24]},"
      "\"f4\":{\"dtype\":\"F4\",\"shape\":[2,3],\"data_offsets\":[24,27]}}";
  std::string data = raw<uint16_t>({0x3c00, 0xc000}) + raw<uint16_t>({0x3f80}) +
                     "\x01\xff" + raw<double>({2.5}) + raw<int32_t>({-3, 4}) +
                     "abc";
  std::string p = path("dtypes.safetensors");
  writeBytes(p, stFile(json, data));
  dlc_safetensors *st = open(p);
  ASSERT_NE(st, nullptr);
  const char *expected[][2] = {{"h", "F16"}, {"bf", "BF16"}, {"u", "U8"},
                               {"d", "F64"}, {"i", "I32"},   {"f4", "F4"}};
  const size_t sizes[] = {4, 2, 2, 8, 8, 3};
  ASSERT_EQ(dlc_safetensors_count(st), 6);
  for (int64_t i = 0; i < 6; ++i) {
    SCOPED_TRACE(expected[i][0]);
    EXPECT_STREQ(dlc_safetensors_name(st, i), expected[i][0]);
    EXPECT_STREQ(dlc_safetensors_dtype_name(st, i), expected[i][1]);
    EXPECT_EQ(dlc_safetensors_dtype(st, i), -1);
    EXPECT_EQ(dlc_safetensors_nbytes(st, i), sizes[i]);
    dlc_tensor t;
    std::memset(&t, 0x5a, sizeof(t));
    char err[256] = "";
    EXPECT_EQ(
        dlc_safetensors_read_tensor(st, expected[i][0], &t, err, sizeof(err)),
        DLC_ST_DTYPE);
    EXPECT_EQ(t.data, nullptr);
    EXPECT_EQ(t.data_i64, nullptr);
    EXPECT_EQ(std::string(err),
              "tensor '" + std::string(expected[i][0]) + "' in '" + p +
                  "' is " + expected[i][1] +
                  "; only F32 and I64 can be read as a dlc_tensor");
  }
  // The raw bytes are still reachable.
  double d;
  std::memcpy(&d, dlc_safetensors_data(st, 3), 8);
  EXPECT_EQ(d, 2.5);
  EXPECT_EQ(std::memcmp(dlc_safetensors_data(st, 5), "abc", 3), 0);
}

TEST_F(SafetensorsTest, MissingNameAndOutOfRangeIndex) {
  std::string p = path("one.safetensors");
  writeBytes(p, stFile("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],"
                       "\"data_offsets\":[0,4]}}",
                       raw<float>({1})));
  dlc_safetensors *st = open(p);
  ASSERT_NE(st, nullptr);
  EXPECT_EQ(dlc_safetensors_find(st, "b"), -1);
  EXPECT_EQ(dlc_safetensors_find(st, "A"), -1);
  EXPECT_EQ(dlc_safetensors_find(st, nullptr), -1);
  dlc_tensor t;
  std::memset(&t, 0x5a, sizeof(t));
  char err[256] = "";
  EXPECT_EQ(dlc_safetensors_read_tensor(st, "b", &t, err, sizeof(err)),
            DLC_ST_NOT_FOUND);
  EXPECT_EQ(std::string(err), "'" + p + "' has no tensor named 'b'");
  EXPECT_EQ(t.data, nullptr);
  EXPECT_EQ(t.rank, 0);
  for (int64_t i : {int64_t(-1), int64_t(1), INT64_MAX}) {
    EXPECT_EQ(dlc_safetensors_name(st, i), nullptr);
    EXPECT_EQ(dlc_safetensors_dtype_name(st, i), nullptr);
    EXPECT_EQ(dlc_safetensors_dtype(st, i), -1);
    EXPECT_EQ(dlc_safetensors_rank(st, i), -1);
    EXPECT_EQ(dlc_safetensors_shape(st, i), nullptr);
    EXPECT_EQ(dlc_safetensors_data(st, i), nullptr);
    EXPECT_EQ(dlc_safetensors_nbytes(st, i), 0u);
  }
  EXPECT_EQ(dlc_safetensors_read_tensor(st, nullptr, &t, err, sizeof(err)),
            DLC_ST_INVALID);
  EXPECT_EQ(dlc_safetensors_read_tensor(nullptr, "a", &t, nullptr, 0),
            DLC_ST_INVALID);
  // A NULL handle is an empty file to the accessors.
  EXPECT_EQ(dlc_safetensors_count(nullptr), 0);
  EXPECT_EQ(dlc_safetensors_name(nullptr, 0), nullptr);
  EXPECT_EQ(dlc_safetensors_metadata(nullptr, "k"), nullptr);
  dlc_safetensors_close(nullptr);
}

TEST_F(SafetensorsTest, RankAboveEightOpensButDoesNotFitADlcTensor) {
  std::string p = path("r9.safetensors");
  writeBytes(p,
             stFile("{\"x\":{\"dtype\":\"F32\",\"shape\":[1,1,1,1,1,1,1,1,2],"
                    "\"data_offsets\":[0,8]}}",
                    raw<float>({1, 2})));
  dlc_safetensors *st = open(p);
  ASSERT_NE(st, nullptr);
  EXPECT_EQ(dlc_safetensors_rank(st, 0), 9);
  EXPECT_EQ(dlc_safetensors_shape(st, 0)[8], 2);
  dlc_tensor t;
  char err[256] = "";
  EXPECT_EQ(dlc_safetensors_read_tensor(st, "x", &t, err, sizeof(err)),
            DLC_ST_UNSUPPORTED);
  EXPECT_EQ(std::string(err), "tensor 'x' in '" + p +
                                  "' has rank 9; a dlc_tensor holds at most 8");
}

//===----------------------------------------------------------------------===//
// Corrupt files
//===----------------------------------------------------------------------===//

TEST_F(SafetensorsTest, ReportsMissingFileAndDirectory) {
  auto [rc, msg] = openPathError(path("none.safetensors"));
  EXPECT_EQ(rc, DLC_ST_IO);
  EXPECT_EQ(msg, "cannot open '" + path("none.safetensors") +
                     "': No such file or directory");
  auto [rc2, msg2] = openPathError(dir);
  EXPECT_EQ(rc2, DLC_ST_IO);
  EXPECT_EQ(msg2, "cannot open '" + dir + "': Is a directory");
  EXPECT_EQ(dlc_safetensors_open(nullptr, nullptr, nullptr, 0), DLC_ST_INVALID);
}

/// `entry` as the only tensor "a" of a header.
std::string one(const std::string &entry) { return "{\"a\":" + entry + "}"; }

TEST_F(SafetensorsTest, RejectsEveryCorruption) {
  const std::string f8 = raw<float>({1, 2}); // 8 data bytes
  const std::string ok =
      "{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
  struct Case {
    const char *label;
    std::string bytes;
    std::string message; // expected after "'<path>' "
  };
  const std::vector<Case> cases = {
      // The length field.
      {"empty file", "", "is too short (0 bytes) to be a safetensors file"},
      {"short file", std::string("\x02\0\0\0\0", 5),
       "is too short (5 bytes) to be a "
       "safetensors file"},
      {"length beyond file", le64(1000) + "{}",
       "is corrupt or truncated: its header length is 1000 bytes but only 2 "
       "bytes follow"},
      {"huge length", le64(UINT64_MAX) + "{}",
       "is corrupt or truncated: its header length is 18446744073709551615 "
       "bytes but only 2 bytes follow"},
      // JSON syntax.
      {"empty header", stFile("", ""),
       "is corrupt: invalid JSON header (unexpected end of JSON at byte 0)"},
      {"cut-off JSON", stFile("{\"a\":", ""),
       "is corrupt: invalid JSON header (unexpected end of JSON at byte 5)"},
      {"missing colon", stFile("{\"a\" 1}", ""),
       "is corrupt: invalid JSON header (expected ':' at byte 5)"},
      {"trailing comma", stFile("{\"a\":" + ok + ",}", f8),
       "is corrupt: invalid JSON header (expected a string key at byte 54)"},
      {"unterminated string", stFile("{\"a\":\"xyz}", ""),
       "is corrupt: invalid JSON header (unterminated string at byte 10)"},
      {"bad escape", stFile("{\"a\\x\":1}", ""),
       "is corrupt: invalid JSON header (invalid escape in string at byte 5)"},
      {"lone surrogate", stFile("{\"\\ud800\":1}", ""),
       "is corrupt: invalid JSON header (unpaired surrogate in \\u escape at "
       "byte 8)"},
      {"bad hex", stFile("{\"\\u12g4\":1}", ""),
       "is corrupt: invalid JSON header (invalid \\u escape at byte 7)"},
      {"raw control character", stFile("{\"a\tb\":1}", ""),
       "is corrupt: invalid JSON header (control character in string at byte "
       "3)"},
      {"invalid UTF-8", stFile("{\"\xff\":1}", ""),
       "is corrupt: invalid JSON header (invalid UTF-8 in string at byte 2)"},
      {"overlong UTF-8", stFile("{\"\xc0\xaf\":1}", ""),
       "is corrupt: invalid JSON header (invalid UTF-8 in string at byte 2)"},
      {"deep nesting", stFile("{\"a\":" + std::string(100000, '['), ""),
       "is corrupt: invalid JSON header (JSON nested too deeply at byte 69)"},
      {"trailing garbage", stFile("{} x", ""),
       "is corrupt: invalid JSON header (unexpected text after the JSON value "
       "at byte 3)"},
      {"NUL after JSON", stFile(std::string("{}\0", 3), ""),
       "is corrupt: invalid JSON header (unexpected text after the JSON value "
       "at byte 2)"},
      {"leading zero", stFile("{\"a\":01}", ""),
       "is corrupt: invalid JSON header (invalid number (leading zero) at byte "
       "6)"},
      {"bad literal", stFile("{\"a\":tru}", ""),
       "is corrupt: invalid JSON header (invalid literal at byte 5)"},
      {"bare minus", stFile("{\"a\":-}", ""),
       "is corrupt: invalid JSON header (invalid number at byte 6)"},
      {"single quotes", stFile("{'a':1}", ""),
       "is corrupt: invalid JSON header (expected a string key at byte 1)"},
      // Structure.
      {"not an object", stFile("[1,2]", ""),
       "is corrupt: the JSON header is an array, not an object"},
      {"entry not an object", stFile(one("5"), ""),
       "is corrupt: entry 'a' is a number, not an object"},
      {"no dtype", stFile(one("{\"shape\":[2],\"data_offsets\":[0,8]}"), f8),
       "is corrupt: entry 'a' has no 'dtype' field"},
      {"no shape",
       stFile(one("{\"dtype\":\"F32\",\"data_offsets\":[0,8]}"), f8),
       "is corrupt: entry 'a' has no 'shape' field"},
      {"no data_offsets", stFile(one("{\"dtype\":\"F32\",\"shape\":[2]}"), f8),
       "is corrupt: entry 'a' has no 'data_offsets' field"},
      {"two dtypes",
       stFile(one("{\"dtype\":\"F32\",\"dtype\":\"I64\",\"shape\":[2],"
                  "\"data_offsets\":[0,8]}"),
              f8),
       "is corrupt: entry 'a' has two 'dtype' fields"},
      {"unknown dtype",
       stFile(one("{\"dtype\":\"F33\",\"shape\":[2],\"data_offsets\":[0,8]}"),
              f8),
       "is corrupt: entry 'a' has unknown dtype 'F33'"},
      {"lowercase dtype",
       stFile(one("{\"dtype\":\"f32\",\"shape\":[2],\"data_offsets\":[0,8]}"),
              f8),
       "is corrupt: entry 'a' has unknown dtype 'f32'"},
      {"numeric dtype",
       stFile(one("{\"dtype\":4,\"shape\":[2],\"data_offsets\":[0,8]}"), f8),
       "is corrupt: entry 'a' has a dtype that is a number, not a string"},
      {"shape not array",
       stFile(one("{\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]}"),
              f8),
       "is corrupt: entry 'a' has a shape that is a number, not an array"},
      {"negative extent",
       stFile(one("{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}"),
              f8),
       "is corrupt: entry 'a' has a shape extent that is not a non-negative "
       "integer"},
      {"fractional extent",
       stFile(one("{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}"),
              f8),
       "is corrupt: entry 'a' has a shape extent that is not a non-negative "
       "integer"},
      {"extent beyond int64",
       stFile(one("{\"dtype\":\"F32\",\"shape\":[99999999999999999999],"
                  "\"data_offsets\":[0,8]}"),
              f8),
       "is corrupt: entry 'a' has a shape extent that is not a non-negative "
       "integer"},
      {"size overflow",
       stFile(one("{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],"
                  "\"data_offsets\":[0,8]}"),
              f8),
       "is corrupt: entry 'a' has a shape 4294967296x4294967296 whose size "
       "overflows"},
      {"three offsets",
       stFile(one("{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,8]}"),
              f8),
       "is corrupt: entry 'a' has data_offsets that are not [begin, end] with "
       "non-negative integers"},
      {"negative offset",
       stFile(one("{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}"),
              f8),
       "is corrupt: entry 'a' has data_offsets that are not [begin, end] with "
       "non-negative integers"},
      {"offsets reversed",
       stFile(one("{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}"),
              f8),
       "is corrupt: entry 'a' has data_offsets [8, 0] that end before they "
       "begin"},
      {"size mismatch with shape",
       stFile(
           one("{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}"),
           f8 + f8),
       "is corrupt: entry 'a' is 2x2 F32 (16 bytes) but its data_offsets [0, "
       "12] span 12 bytes"},
      {"sub-byte size",
       stFile(one("{\"dtype\":\"F4\",\"shape\":[3],"
                  "\"data_offsets\":[0,2]}"),
              "ab"),
       "is corrupt: entry 'a' (3 F4) does not fill whole bytes"},
      {"offsets out of range",
       stFile(
           one("{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[100,108]}"),
           f8),
       "is truncated: entry 'a' has data_offsets [100, 108] but the data "
       "section holds only 8 bytes"},
      {"truncated data section", stFile(one(ok), f8.substr(0, 5)),
       "is truncated: entry 'a' has data_offsets [0, 8] but the data section "
       "holds only 5 bytes"},
      {"overlapping tensors",
       stFile("{\"a\":" + ok +
                  ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],"
                  "\"data_offsets\":[4,12]}}",
              f8 + f8),
       "is corrupt: tensors 'a' [0, 8] and 'b' [4, 12] overlap"},
      {"duplicate name", stFile("{\"a\":" + ok + ",\"a\":" + ok + "}", f8),
       "is corrupt: tensor 'a' appears twice"},
      {"NUL in name", stFile("{\"a\\u0000b\":" + ok + "}", f8),
       "is corrupt: a tensor name contains a NUL character"},
      {"metadata not an object", stFile("{\"__metadata__\":[]}", ""),
       "is corrupt: '__metadata__' is an array, not an object"},
      {"metadata value not a string",
       stFile("{\"__metadata__\":{\"k\":1}}", ""),
       "is corrupt: '__metadata__' value 'k' is a number, not a string"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.label);
    auto [rc, msg] = openError(c.bytes);
    EXPECT_EQ(rc, DLC_ST_CORRUPT);
    EXPECT_EQ(msg, "'" + path("bad.safetensors") + "' " + c.message);
  }
}

TEST_F(SafetensorsTest, TruncationsAndByteFlipsNeverCrash) {
  float a[3] = {1, 2, 3};
  int64_t b[2] = {4, 5};
  std::string good = path("good.safetensors");
  ASSERT_EQ(
      write(good, {"a", "b"}, {f32Tensor({3}, a), i64Tensor({2}, b)}).first, 0);
  const std::string bytes = readBytes(good);
  std::string p = path("fuzz.safetensors");
  // Every strict prefix is missing data the header promises (or the header).
  for (size_t len = 0; len < bytes.size(); ++len) {
    SCOPED_TRACE(len);
    auto [rc, msg] = openError(bytes.substr(0, len));
    EXPECT_EQ(rc, DLC_ST_CORRUPT);
  }
  // Changing any header byte either still opens or fails with a message.
  size_t opened = 0, failed = 0;
  for (size_t i = 0; i < bytes.size() - 28; ++i)
    for (char c : {'\0', '"', '{', '[', '9', '-', '\\', ' ', '\xff'}) {
      std::string mutated = bytes;
      mutated[i] = c;
      writeBytes(p, mutated);
      dlc_safetensors *st = nullptr;
      char err[512] = "";
      if (dlc_safetensors_open(p.c_str(), &st, err, sizeof(err)) == 0) {
        ++opened;
        EXPECT_NE(st, nullptr);
        dlc_safetensors_close(st);
      } else {
        ++failed;
        EXPECT_EQ(st, nullptr);
        EXPECT_NE(std::string(err), "");
      }
    }
  EXPECT_GT(opened, 0u); // e.g. a shape digit or padding changed harmlessly
  EXPECT_GT(failed, 0u);
}

} // namespace
