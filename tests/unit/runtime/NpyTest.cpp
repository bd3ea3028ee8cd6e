//===- NpyTest.cpp - .npy reader and writer -------------------------------===//
//
// Checks dlc_npy_write against a hand-written byte layout (what numpy.save
// produces), round trips on random shapes, the header forms numpy and other
// writers produce, every read error with its message, and that corrupt input
// (every truncation, random byte mutations) is rejected rather than crashing.
//
//===----------------------------------------------------------------------===//

#include "NpyTestUtil.h"

#include <cmath>
#include <limits>
#include <random>

using dlc::test::floatBytes;
using dlc::test::npyBytes;
using NpyTest = dlc::test::NpyFixture;

namespace {

/// The header of 3x4 '<f4' as numpy 1.24 writes it: sorted keys, 20 spaces
/// of room for shape[0] to grow to 21 digits, padding to 128 bytes in total.
const char kHeader3x4[] =
    "\x93NUMPY\x01\x00\x76\x00"
    "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }"
    "                                                          \n";

TEST_F(NpyTest, WritesNumpyByteLayout) {
  float data[12];
  for (int i = 0; i < 12; ++i)
    data[i] = float(i) - 5.5f;
  dlc_tensor t = {2, {3, 4}, data};
  char err[256];
  ASSERT_EQ(dlc_npy_write(path("a.npy").c_str(), &t, err, sizeof(err)), 0)
      << err;
  std::string expected(kHeader3x4, sizeof(kHeader3x4) - 1);
  ASSERT_EQ(expected.size(), 128u);
  expected += floatBytes(data, 12);
  EXPECT_EQ(readBytes(path("a.npy")), expected);
  // Only the final name exists: the temporary was renamed, not copied.
  EXPECT_EQ(listDir(), std::vector<std::string>{"a.npy"});
}

TEST_F(NpyTest, WritesScalarAndVectorHeaders) {
  float x = 2.5f;
  dlc_tensor scalar = {0, {}, &x};
  ASSERT_EQ(dlc_npy_write(path("s.npy").c_str(), &scalar, nullptr, 0), 0);
  // No growth padding for shape (); 62 spaces pad the header to 128 bytes.
  std::string expected("\x93NUMPY\x01\x00\x76\x00", 10);
  expected += "{'descr': '<f4', 'fortran_order': False, 'shape': (), }" +
              std::string(62, ' ') + "\n" + floatBytes(&x, 1);
  EXPECT_EQ(readBytes(path("s.npy")), expected);

  float v[7] = {};
  dlc_tensor vec = {1, {7}, v};
  ASSERT_EQ(dlc_npy_write(path("v.npy").c_str(), &vec, nullptr, 0), 0);
  std::string bytes = readBytes(path("v.npy"));
  // A 1-tuple keeps Python's trailing comma.
  EXPECT_NE(bytes.find("'shape': (7,), }"), std::string::npos);
  EXPECT_EQ(bytes.size(), 128u + sizeof(v));
  EXPECT_EQ(bytes[127], '\n');
}

TEST_F(NpyTest, RoundTripsRandomShapes) {
  std::mt19937 rng(1234);
  std::uniform_real_distribution<float> value(-1e6f, 1e6f);
  // Explicit rank 0 and rank 5 cases first, then random ranks 0..8 with
  // extents 0..4 (so some tensors are empty).
  std::vector<std::vector<int64_t>> shapes = {{}, {2, 3, 1, 4, 2}};
  for (int i = 0; i < 60; ++i) {
    std::vector<int64_t> s(rng() % 9);
    for (auto &d : s)
      d = rng() % 5;
    shapes.push_back(s);
  }
  for (const auto &shape : shapes) {
    dlc_tensor t = {int64_t(shape.size()), {}, nullptr};
    for (size_t i = 0; i < shape.size(); ++i)
      t.shape[i] = shape[i];
    std::vector<float> data(size_t(dlc_tensor_numel(&t)));
    for (float &f : data)
      f = value(rng);
    t.data = data.data();
    char err[256];
    ASSERT_EQ(dlc_npy_write(path("r.npy").c_str(), &t, err, sizeof(err)), 0)
        << err;
    dlc_tensor back;
    ASSERT_EQ(dlc_npy_read(path("r.npy").c_str(), &back, err, sizeof(err)), 0)
        << err;
    ASSERT_EQ(back.rank, t.rank);
    for (int64_t i = 0; i < t.rank; ++i)
      EXPECT_EQ(back.shape[i], t.shape[i]);
    ASSERT_NE(back.data, nullptr);
    if (!data.empty()) { // memcmp wants non-null pointers even for 0 bytes
      EXPECT_EQ(std::memcmp(back.data, data.data(), data.size() * 4), 0);
    }
    dlc_tensor_free(&back);
    EXPECT_EQ(back.data, nullptr);
  }
}

TEST_F(NpyTest, RoundTripsSpecialValuesBitExactly) {
  float data[6] = {-0.0f, std::numeric_limits<float>::infinity(),
                   -std::numeric_limits<float>::infinity(),
                   std::numeric_limits<float>::denorm_min(),
                   std::numeric_limits<float>::max(), 0.0f};
  uint32_t nanBits = 0x7fc01234; // a NaN with a payload
  std::memcpy(&data[5], &nanBits, 4);
  dlc_tensor t = {1, {6}, data};
  ASSERT_EQ(dlc_npy_write(path("s.npy").c_str(), &t, nullptr, 0), 0);
  dlc_tensor back;
  ASSERT_EQ(dlc_npy_read(path("s.npy").c_str(), &back, nullptr, 0), 0);
  EXPECT_EQ(std::memcmp(back.data, data, sizeof(data)), 0);
  dlc_tensor_free(&back);
}

TEST_F(NpyTest, OverwritesExistingFile) {
  float a[4] = {1, 2, 3, 4}, b = 9;
  dlc_tensor big = {1, {4}, a}, small = {0, {}, &b};
  ASSERT_EQ(dlc_npy_write(path("o.npy").c_str(), &big, nullptr, 0), 0);
  ASSERT_EQ(dlc_npy_write(path("o.npy").c_str(), &small, nullptr, 0), 0);
  dlc_tensor back;
  ASSERT_EQ(dlc_npy_read(path("o.npy").c_str(), &back, nullptr, 0), 0);
  EXPECT_EQ(back.rank, 0);
  EXPECT_EQ(back.data[0], 9.0f);
  dlc_tensor_free(&back);
  EXPECT_EQ(listDir().size(), 1u);
}

TEST_F(NpyTest, ReadsHeaderVariants) {
  const float data[3] = {1.5f, -2.0f, 3.25f};
  const std::string raw = floatBytes(data, 3);
  struct Case {
    std::string header;
    int major;
  } cases[] = {
      // Keys in any order, no trailing comma, no padding or newline.
      {"{'shape': (3,), 'fortran_order': False, 'descr': '<f4'}", 1},
      // Double quotes, odd whitespace, native-order dtype.
      {" { \"descr\" :\"=f4\",\n'fortran_order':False ,'shape':( 3 , ) , } \n",
       1},
      // Fortran order is the same layout for rank 1.
      {"{'descr': '<f4', 'fortran_order': True, 'shape': (3,), }\n", 1},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }\n", 2},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }\n", 3},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.header);
    writeBytes(path("h.npy"), npyBytes(c.header, raw, c.major));
    dlc_tensor t;
    char err[256];
    ASSERT_EQ(dlc_npy_read(path("h.npy").c_str(), &t, err, sizeof(err)), 0)
        << err;
    EXPECT_EQ(t.rank, 1);
    EXPECT_EQ(t.shape[0], 3);
    EXPECT_EQ(std::memcmp(t.data, data, sizeof(data)), 0);
    dlc_tensor_free(&t);
  }
}

TEST_F(NpyTest, ReportsMissingFileAndDirectory) {
  EXPECT_EQ(readError(path("x.npy")),
            "cannot open '" + path("x.npy") + "': No such file or directory");
  EXPECT_EQ(readError(dir), "cannot open '" + dir + "': Is a directory");
}

TEST_F(NpyTest, ReportsBadMagicAndEmptyFile) {
  writeBytes(path("x.npy"), "PK\x03\x04 this is a zip file");
  EXPECT_EQ(readError(path("x.npy")),
            "'" + path("x.npy") + "' is not a .npy file (bad magic)");
  writeBytes(path("e.npy"), "");
  EXPECT_EQ(readError(path("e.npy")),
            "'" + path("e.npy") + "' is empty; not a .npy file");
}

TEST_F(NpyTest, ReportsTruncatedData) {
  float data[5] = {};
  std::string bytes(kHeader3x4, sizeof(kHeader3x4) - 1);
  writeBytes(path("x.npy"), bytes + floatBytes(data, 5));
  EXPECT_EQ(readError(path("x.npy")),
            "'" + path("x.npy") +
                "' is truncated: header says 3x4 float32 (48 bytes) but only "
                "20 data bytes follow");
}

TEST_F(NpyTest, ReportsTruncatedHeader) {
  std::string header(kHeader3x4, sizeof(kHeader3x4) - 1);
  writeBytes(path("x.npy"), header.substr(0, 50));
  EXPECT_EQ(readError(path("x.npy")),
            "'" + path("x.npy") +
                "' is truncated inside its header (118 header bytes declared, "
                "40 present)");
  // Cut inside the magic/version/length prefix itself.
  writeBytes(path("y.npy"), header.substr(0, 9));
  EXPECT_EQ(readError(path("y.npy")),
            "'" + path("y.npy") + "' is truncated inside its header");
}

TEST_F(NpyTest, ReportsUnsupportedDtypes) {
  for (const char *descr : {"<f8", ">f4", "|u1", "<i4"}) {
    writeBytes(path("x.npy"),
               npyBytes(std::string("{'descr': '") + descr +
                            "', 'fortran_order': False, 'shape': (2,), }",
                        std::string(16, '\0')));
    EXPECT_EQ(readError(path("x.npy")), "'" + path("x.npy") + "' has dtype '" +
                                            descr +
                                            "'; only float32 ('<f4') is "
                                            "supported");
  }
  writeBytes(path("s.npy"),
             npyBytes("{'descr': [('a', '<f4')], 'fortran_order': False, "
                      "'shape': (2,), }",
                      std::string(8, '\0')));
  EXPECT_EQ(readError(path("s.npy")),
            "'" + path("s.npy") +
                "' has a structured dtype; only float32 ('<f4') is supported");
}

TEST_F(NpyTest, ReportsFortranOrder) {
  writeBytes(path("x.npy"),
             npyBytes("{'descr': '<f4', 'fortran_order': True, 'shape': (2, "
                      "3), }",
                      std::string(24, '\0')));
  EXPECT_EQ(readError(path("x.npy")),
            "'" + path("x.npy") +
                "' is Fortran-ordered; only C order is supported");
}

TEST_F(NpyTest, ReportsBadShapes) {
  auto file = [&](const std::string &shape) {
    writeBytes(path("x.npy"),
               npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': " +
                            shape + ", }",
                        std::string(64, '\0')));
    return readError(path("x.npy"));
  };
  const std::string p = "'" + path("x.npy") + "'";
  EXPECT_EQ(file("(1, 1, 1, 1, 1, 1, 1, 1, 1)"),
            p + " has rank 9; at most 8 dimensions are supported");
  EXPECT_EQ(file("(4, -3)"), p + " has negative dimension -3 in its shape");
  EXPECT_EQ(file("(99999999999999999999,)"),
            p + " has a shape whose size overflows");
  EXPECT_EQ(file("(4611686018427387904, 4)"),
            p + " has a shape whose size overflows");
  EXPECT_EQ(file("(2305843009213693952,)"), // 2^61 elements: 2^63 bytes
            p + " has a shape whose size overflows");
}

TEST_F(NpyTest, ReportsMalformedHeaders) {
  const std::string ok = "'descr': '<f4', 'fortran_order': False";
  struct Case {
    std::string header, reason;
  } cases[] = {
      {"", "expected '{'"},
      {"[" + ok + "]", "expected '{'"},
      {"{" + ok + "}", "missing key 'shape'"},
      {"{'shape': (2,), 'fortran_order': False}", "missing key 'descr'"},
      {"{" + ok + ", 'shape': (2)}", "'shape' is not a tuple"},
      {"{" + ok + ", 'shape': [2]}", "'shape' is not a tuple"},
      {"{" + ok + ", 'shape': ('2',)}", "shape entry 0 is not an integer"},
      {"{" + ok + ", 'shape': (2,,)}", "unexpected character in value"},
      {"{" + ok + ", 'shape': (2,)", "expected ',' or '}' after value"},
      {"{" + ok + ", 'shape': (2, 3}", "expected ',' or a closing bracket"},
      {"{" + ok + ", 'shape' (2,)}", "expected ':' after key"},
      {"{" + ok + ", 'shape': (2,), 'extra': 1}", "unknown key 'extra'"},
      {"{" + ok + ", 'shape': (2,), 'descr': '<f4'}",
       "duplicate key 'descr'"},
      {"{" + ok + ", 'shape': (2,)} x", "unexpected text after the dictionary"},
      {"{'descr': '<f4, 'fortran_order': False, 'shape': (2,)}",
       "expected ',' or '}' after value"},
      {"{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}",
       "'fortran_order' is not True or False"},
      {"{'descr': 4, 'fortran_order': False, 'shape': (2,)}",
       "'descr' is not a string"},
      {"{'descr': '<f4", "unterminated string"},
      {"{" + ok + ", 'shape': " + std::string(5000, '(') + "}",
       "values nested too deeply"},
      {"{" + ok + ", 'shape': (-,)}", "malformed integer"},
      {"{" + ok + ", 'shape': (2.0,)}", "expected ',' or a closing bracket"},
      {std::string("{'descr'\0: '<f4'}", 17), "expected ':' after key"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.header.substr(0, 80));
    writeBytes(path("x.npy"), npyBytes(c.header, std::string(8, '\0')));
    EXPECT_EQ(readError(path("x.npy")),
              "'" + path("x.npy") + "' has a malformed header: " + c.reason);
  }
}

TEST_F(NpyTest, ReportsUnsupportedVersion) {
  std::string bytes = npyBytes("{}", "");
  bytes[6] = 4;
  writeBytes(path("x.npy"), bytes);
  EXPECT_EQ(readError(path("x.npy")),
            "'" + path("x.npy") + "' has unsupported .npy format version 4.0");
}

TEST_F(NpyTest, TruncatesLongMessagesSafely) {
  char err[8];
  std::memset(err, 'z', sizeof(err));
  dlc_tensor t;
  EXPECT_NE(dlc_npy_read(path("x.npy").c_str(), &t, err, sizeof(err)), 0);
  EXPECT_EQ(std::string(err), "cannot ");
  // No buffer at all is allowed too.
  EXPECT_NE(dlc_npy_read(path("x.npy").c_str(), &t, nullptr, 0), 0);
}

TEST_F(NpyTest, RejectsEveryTruncationAndSurvivesMutations) {
  float data[12] = {};
  dlc_tensor t = {2, {3, 4}, data};
  ASSERT_EQ(dlc_npy_write(path("v.npy").c_str(), &t, nullptr, 0), 0);
  const std::string valid = readBytes(path("v.npy"));
  for (size_t n = 0; n < valid.size(); ++n) {
    writeBytes(path("c.npy"), valid.substr(0, n));
    EXPECT_FALSE(readError(path("c.npy")).empty()) << "prefix " << n;
  }
  // Random damage to the prefix and header: every outcome must be a clean
  // success whose data fits the file, or an error with a message (ASan and
  // UBSan builds of this test catch any out-of-bounds access).
  std::mt19937 rng(99);
  const char interesting[] = "(),:'\"{}-0123456789 \n\\[]TF";
  for (int iter = 0; iter < 3000; ++iter) {
    std::string bytes = valid;
    for (int k = 1 + int(rng() % 4); k > 0; --k) {
      size_t at = rng() % 128;
      bytes[at] = rng() % 2 ? char(rng()) : interesting[rng() % 27];
    }
    writeBytes(path("m.npy"), bytes);
    dlc_tensor back;
    char err[256];
    if (dlc_npy_read(path("m.npy").c_str(), &back, err, sizeof(err)) == 0) {
      EXPECT_LE(dlc_tensor_numel(&back) * 4, int64_t(valid.size()));
      dlc_tensor_free(&back);
    } else {
      EXPECT_GT(std::strlen(err), 10u);
      EXPECT_EQ(back.data, nullptr);
    }
  }
}

} // namespace
