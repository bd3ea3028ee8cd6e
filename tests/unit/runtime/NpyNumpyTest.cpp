//===- NpyNumpyTest.cpp - .npy interoperability with NumPy ----------------===//
//
// The real reference for the .npy format is NumPy itself: files written by
// dlc_npy_write must load in numpy with the right shape and values and be
// byte-identical to numpy.save's, and files numpy writes (all three format
// versions) must read back. Skipped when no python3 with numpy is installed.
//
//===----------------------------------------------------------------------===//

#include "NpyTestUtil.h"

using NpyNumpyTest = dlc::test::NpyFixture;

namespace {

/// The first python3 that can import numpy, or "" if there is none. The
/// system interpreter comes first: a pyenv/venv python3 on PATH often lacks
/// numpy even when python3-numpy is installed.
const std::string &numpyPython() {
  static const std::string python = [] {
    for (const char *py : {"/usr/bin/python3", "python3"}) {
      std::string cmd = std::string(py) + " -c \"import numpy\" >/dev/null 2>&1";
      if (std::system(cmd.c_str()) == 0)
        return std::string(py);
    }
    return std::string();
  }();
  return python;
}

#define REQUIRE_NUMPY()                                                        \
  if (numpyPython().empty())                                                   \
  GTEST_SKIP() << "python3 with numpy is not available"

/// Runs `script` with `args`; returns the exit status (0 = all asserts held).
int runPython(const std::string &dir, const std::string &script,
              const std::string &args) {
  std::string file = dir + "/check.py";
  std::ofstream(file) << script;
  return std::system((numpyPython() + " '" + file + "' " + args).c_str());
}

/// Loads argv[1] (written by dlc), checks dtype, shape argv[3:] and values
/// i*0.5-3, then saves the same array with numpy.save to argv[2].
const char kCheckScript[] = R"(
import sys, numpy as np
path, ref, shape = sys.argv[1], sys.argv[2], tuple(int(x) for x in sys.argv[3:])
a = np.load(path)
assert a.dtype == np.float32, a.dtype
assert a.shape == shape, (a.shape, shape)
n = int(np.prod(shape, dtype=np.int64))
want = (np.arange(n, dtype=np.float32) * np.float32(0.5) - np.float32(3)).reshape(shape)
assert np.array_equal(a, want), (a, want)
np.save(ref, want)
)";

TEST_F(NpyNumpyTest, NumpyLoadsWhatDlcWritesByteForByte) {
  REQUIRE_NUMPY();
  const std::vector<std::vector<int64_t>> shapes = {
      {}, {5}, {3, 4}, {2, 1, 3, 2, 2}, {0, 3}, {1, 2, 1, 2, 1, 2, 1, 2},
      {123456}};
  for (const auto &shape : shapes) {
    dlc_tensor t = {int64_t(shape.size()), {}, nullptr};
    std::string args = "'" + path("dlc.npy") + "' '" + path("ref.npy") + "'";
    for (size_t i = 0; i < shape.size(); ++i) {
      t.shape[i] = shape[i];
      args += " " + std::to_string(shape[i]);
    }
    SCOPED_TRACE(args);
    std::vector<float> data(size_t(dlc_tensor_numel(&t)));
    for (size_t i = 0; i < data.size(); ++i)
      data[i] = float(i) * 0.5f - 3.0f;
    t.data = data.data();
    char err[256];
    ASSERT_EQ(dlc_npy_write(path("dlc.npy").c_str(), &t, err, sizeof(err)), 0)
        << err;
    ASSERT_EQ(runPython(dir, kCheckScript, args), 0);
    EXPECT_EQ(readBytes(path("dlc.npy")), readBytes(path("ref.npy")));
  }
}

TEST_F(NpyNumpyTest, ReadsWhatNumpyWrites) {
  REQUIRE_NUMPY();
  const char script[] = R"(
import sys, numpy as np
d = sys.argv[1]
a = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / np.float32(8)
np.save(d + '/v1.npy', a)
np.save(d + '/scalar.npy', np.float32(7.25))
for v in (2, 3):
    with open(d + '/v%d.npy' % v, 'wb') as f:
        np.lib.format.write_array(f, a, version=(v, 0))
np.save(d + '/fortran.npy', np.asfortranarray(a))
np.save(d + '/f64.npy', a.astype(np.float64))
)";
  ASSERT_EQ(runPython(dir, script, "'" + dir + "'"), 0);
  for (const char *name : {"v1.npy", "v2.npy", "v3.npy"}) {
    SCOPED_TRACE(name);
    dlc_tensor t;
    char err[256];
    ASSERT_EQ(dlc_npy_read(path(name).c_str(), &t, err, sizeof(err)), 0)
        << err;
    ASSERT_EQ(t.rank, 3);
    EXPECT_EQ(t.shape[0], 2);
    EXPECT_EQ(t.shape[1], 3);
    EXPECT_EQ(t.shape[2], 4);
    for (int i = 0; i < 24; ++i)
      EXPECT_EQ(t.data[i], float(i) / 8.0f);
    dlc_tensor_free(&t);
  }
  dlc_tensor s;
  ASSERT_EQ(dlc_npy_read(path("scalar.npy").c_str(), &s, nullptr, 0), 0);
  EXPECT_EQ(s.rank, 0);
  EXPECT_EQ(s.data[0], 7.25f);
  dlc_tensor_free(&s);
  EXPECT_EQ(readError(path("fortran.npy")),
            "'" + path("fortran.npy") +
                "' is Fortran-ordered; only C order is supported");
  EXPECT_EQ(readError(path("f64.npy")),
            "'" + path("f64.npy") +
                "' has dtype '<f8'; only float32 ('<f4') is supported");
}

} // namespace
