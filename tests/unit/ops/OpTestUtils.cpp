//===- OpTestUtils.cpp - numerics tests of dlc ops: shared helpers ----------===//
//
// See OpTestUtils.h. The index arithmetic here is deliberately written
// independently of dlc's own (ShapeUtils), so a shared mistake cannot hide.
//
//===----------------------------------------------------------------------===//

#include "OpTestUtils.h"

#include "dlc/Registration.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace dlc::test {

//===----------------------------------------------------------------------===//
// Shapes and indices
//===----------------------------------------------------------------------===//

int64_t numElements(const Shape &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::string shapeString(const Shape &shape) {
  if (shape.empty())
    return "scalar";
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  return s;
}

std::vector<int64_t> unravel(int64_t offset, const Shape &shape) {
  std::vector<int64_t> index(shape.size());
  for (size_t i = shape.size(); i-- > 0;) {
    index[i] = offset % shape[i];
    offset /= shape[i];
  }
  return index;
}

Shape broadcastShapes(const Shape &lhs, const Shape &rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  Shape out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t l = i + lhs.size() >= rank ? lhs[i + lhs.size() - rank] : 1;
    int64_t r = i + rhs.size() >= rank ? rhs[i + rhs.size() - rank] : 1;
    out[i] = std::max(l, r);
  }
  return out;
}

int64_t broadcastOffset(const std::vector<int64_t> &index, const Shape &in) {
  size_t skip = index.size() - in.size();
  int64_t offset = 0;
  for (size_t i = 0; i < in.size(); ++i)
    offset = offset * in[i] + (in[i] == 1 ? 0 : index[skip + i]);
  return offset;
}

RefTensor zeros(const Shape &shape) {
  return {shape, std::vector<double>(numElements(shape), 0.0)};
}

int64_t windowExtent(int64_t input, int64_t kernel, int64_t stride,
                     int64_t padBegin, int64_t padEnd, int64_t dilation,
                     bool ceilMode) {
  int64_t room = input + padBegin + padEnd - dilation * (kernel - 1) - 1;
  int64_t steps = ceilMode ? (room + stride - 1) / stride : room / stride;
  int64_t out = steps + 1;
  if (ceilMode && (out - 1) * stride >= input + padBegin)
    --out;
  return out;
}

//===----------------------------------------------------------------------===//
// Random data
//===----------------------------------------------------------------------===//

double Rng::uniform(double lo, double hi) {
  // 53 random bits -> [0, 1).
  double unit = static_cast<double>(engine() >> 11) * 0x1.0p-53;
  return lo + (hi - lo) * unit;
}

int64_t Rng::range(int64_t lo, int64_t hi) {
  return lo + static_cast<int64_t>(engine() % static_cast<uint64_t>(hi - lo + 1));
}

Tensor Rng::tensor(const Shape &shape, double lo, double hi) {
  Tensor t{shape, std::vector<float>(numElements(shape))};
  for (float &v : t.data)
    v = static_cast<float>(uniform(lo, hi));
  return t;
}

Rng testRng() {
  const ::testing::TestInfo *info =
      ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string(info->test_suite_name()) + "." + info->name();
  uint64_t hash = 14695981039346656037ull; // FNV-1a
  for (unsigned char c : name)
    hash = (hash ^ c) * 1099511628211ull;
  return Rng(hash);
}

//===----------------------------------------------------------------------===//
// Model text
//===----------------------------------------------------------------------===//

Attrs &Attrs::i64(const std::string &name, int64_t value) {
  entries.push_back(name + " = " + std::to_string(value) + " : i64");
  return *this;
}

Attrs &Attrs::array(const std::string &name, const std::vector<int64_t> &values) {
  std::string s = name + " = array<i64";
  for (size_t i = 0; i < values.size(); ++i)
    s += (i ? ", " : ": ") + std::to_string(values[i]);
  entries.push_back(s + ">");
  return *this;
}

Attrs &Attrs::f32(const std::string &name, double value) {
  // %e always yields a float literal ("2.000000000e-01"), never an integer.
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.9e", value);
  entries.push_back(name + " = " + buf + " : f32");
  return *this;
}

Attrs &Attrs::boolean(const std::string &name, bool value) {
  entries.push_back(name + (value ? " = true" : " = false"));
  return *this;
}

Attrs &Attrs::string(const std::string &name, const std::string &value) {
  entries.push_back(name + " = \"" + value + "\"");
  return *this;
}

std::string Attrs::str() const {
  if (entries.empty())
    return "";
  std::string s = " {";
  for (size_t i = 0; i < entries.size(); ++i)
    s += (i ? ", " : "") + entries[i];
  return s + "}";
}

/// The values of `t` from `offset` as a nested MLIR literal of `t`'s shape
/// from dim `d` on.
static std::string nested(const Tensor &t, size_t d, int64_t &offset) {
  if (d == t.shape.size()) {
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%.9g", t.data[offset++]);
    return buffer;
  }
  std::string text = "[";
  for (int64_t i = 0; i < t.shape[d]; ++i)
    text += (i ? ", " : "") + nested(t, d + 1, offset);
  return text + "]";
}

std::string denseConstant(const std::string &name, const Tensor &t,
                          const std::string &attrs) {
  int64_t offset = 0;
  return "  %" + name + " = dlc.constant " + (attrs.empty() ? "" : "{" + attrs + "} ") +
         "dense<" + nested(t, 0, offset) + "> : " + tensorType(t.shape) + "\n";
}

std::string tensorType(const Shape &shape) {
  std::string s = "tensor<";
  for (int64_t d : shape)
    s += std::to_string(d) + "x";
  return s + "f32>";
}

std::string i64TensorType(const Shape &shape) {
  std::string type = tensorType(shape);
  return type.replace(type.size() - 4, 3, "i64");
}

std::string buildModel(const std::string &op, const std::vector<Shape> &inputs,
                       const Attrs &attrs, const Shape &output, bool unaryFormat) {
  std::string args, operands, types;
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::string sep = i ? ", " : "";
    args += sep + "%arg" + std::to_string(i) + ": " + tensorType(inputs[i]);
    operands += sep + "%arg" + std::to_string(i);
    types += sep + tensorType(inputs[i]);
  }
  std::string result = tensorType(output);
  std::string signature =
      unaryFormat ? tensorType(inputs.front()) : "(" + types + ") -> " + result;
  return "func.func @main(" + args + ") -> " + result + " {\n" +
         "  %0 = dlc." + op + " " + operands + attrs.str() + " : " + signature +
         "\n" + "  return %0 : " + result + "\n}\n";
}

//===----------------------------------------------------------------------===//
// Compile, run, compare
//===----------------------------------------------------------------------===//

mlir::MLIRContext &context() {
  // Built once (loading every dialect is the slow part) and never destroyed,
  // so it outlives every module and executable of the run.
  static mlir::MLIRContext *ctx = [] {
    mlir::DialectRegistry registry;
    mlir::dlc::registerDialects(registry);
    mlir::dlc::registerTranslations(registry);
    auto *c = new mlir::MLIRContext(registry);
    c->loadAllAvailableDialects();
    return c;
  }();
  return *ctx;
}

namespace {

std::string optionsString(const JITOptions &options) {
  return "optLevel=" + std::to_string(options.optLevel) +
         (options.parallel ? ", parallel" : ", serial");
}

std::string indexString(const std::vector<int64_t> &index) {
  std::string s = "[";
  for (size_t i = 0; i < index.size(); ++i)
    s += (i ? ", " : "") + std::to_string(index[i]);
  return s + "]";
}

} // namespace

::testing::AssertionResult runAndCompare(const std::string &model,
                                         const std::vector<Tensor> &inputs,
                                         const RefTensor &expected,
                                         const JITOptions &options,
                                         Tolerance tolerance) {
  return runAndCompareAll(model, inputs, {expected}, options, {tolerance});
}

::testing::AssertionResult
runAndCompareAll(const std::string &model, const std::vector<Tensor> &inputs,
                 const std::vector<RefTensor> &expectedOutputs,
                 const JITOptions &options, std::vector<Tolerance> tolerances) {
  if (tolerances.empty())
    tolerances.push_back({});
  tolerances.resize(expectedOutputs.size(), tolerances.back());
  mlir::MLIRContext &ctx = context();
  std::string diagnostics;
  mlir::ScopedDiagnosticHandler handler(&ctx, [&](mlir::Diagnostic &diag) {
    diagnostics += diag.str() + "\n";
    return mlir::success();
  });
  auto failure = [&](const std::string &what) {
    return ::testing::AssertionFailure()
           << "[" << optionsString(options) << "] " << what << "\n"
           << (diagnostics.empty() ? "" : "diagnostics:\n" + diagnostics)
           << "model:\n"
           << model;
  };

  auto module = mlir::parseSourceString<mlir::ModuleOp>(model, &ctx);
  if (!module)
    return failure("the model does not parse");
  auto exe = mlir::dlc::Executable::compile(*module, options);
  if (!exe)
    return failure("compile() failed: " + llvm::toString(exe.takeError()));
  std::vector<Tensor> before = inputs;
  auto outputs = (*exe)->run(inputs);
  if (!outputs)
    return failure("run() failed: " + llvm::toString(outputs.takeError()));
  for (size_t i = 0; i < inputs.size(); ++i)
    if (std::memcmp(before[i].data.data(), inputs[i].data.data(),
                    inputs[i].data.size() * sizeof(float)) != 0 ||
        before[i].i64 != inputs[i].i64)
      return failure("the run modified input " + std::to_string(i));
  if (outputs->size() != expectedOutputs.size())
    return failure("expected " + std::to_string(expectedOutputs.size()) +
                   " outputs, got " + std::to_string(outputs->size()));
  std::string report;
  for (size_t o = 0; o < expectedOutputs.size(); ++o) {
    const RefTensor &expected = expectedOutputs[o];
    const Tolerance &tolerance = tolerances[o];
    const Tensor &actual = (*outputs)[o];
    if (actual.numElements() != static_cast<int64_t>(expected.data.size()) ||
        actual.shape != expected.shape)
      return failure("output " + std::to_string(o) + " has shape " +
                     shapeString(actual.shape) + ", the reference " +
                     shapeString(expected.shape));

    int64_t mismatches = 0, worst = -1;
    double worstError = 0.0;
    std::string examples;
    for (size_t i = 0; i < expected.data.size(); ++i) {
      // i64 outputs (indices) compare exactly through the same check.
      double e = expected.data[i];
      double a = actual.type == mlir::dlc::ElementType::I64
                     ? static_cast<double>(actual.i64[i])
                     : static_cast<double>(actual.data[i]);
      double error = std::fabs(a - e);
      bool ok = error <= tolerance.atol + tolerance.rtol * std::fabs(e);
      if (ok)
        continue;
      if (mismatches < 8) {
        char buf[160];
        std::snprintf(buf, sizeof(buf), "  at %s: actual %.9g, expected %.9g\n",
                      indexString(unravel(i, expected.shape)).c_str(), a, e);
        examples += buf;
      }
      ++mismatches;
      // NaN compares false everywhere: count it as the worst error.
      if (worst < 0 || !(error <= worstError)) {
        worst = static_cast<int64_t>(i);
        worstError = error;
      }
    }
    if (mismatches == 0)
      continue;
    char summary[240];
    std::snprintf(summary, sizeof(summary),
                  "output %zu: %lld of %zu elements of the %s result differ from "
                  "the reference (rtol %g, atol %g); largest error %.3g at %s",
                  o, static_cast<long long>(mismatches), expected.data.size(),
                  shapeString(expected.shape).c_str(), tolerance.rtol,
                  tolerance.atol, worstError,
                  indexString(unravel(worst, expected.shape)).c_str());
    report += std::string(summary) + ":\n" + examples;
  }
  if (report.empty())
    return ::testing::AssertionSuccess();
  return failure(report);
}

} // namespace dlc::test
