//===- DetectionTest.cpp - box_decode, nms, and i64 tensors through the JIT ===//
//
// box_decode against torchvision's BoxCoder.decode_single written out in
// double precision (corner and centre anchors, SSD variances, the
// log(1000/16) clip and a clip that is really hit). nms against the textbook
// sorted greedy algorithm (stable sort by descending score, keep a box
// unless a kept box overlaps it with IoU > threshold), with the IoU
// computed here: random clustered boxes, one and several classes, a score
// threshold, ties, everything suppressed, fewer survivors than max_output,
// zero-area boxes, an IoU exactly at the threshold and reversed corners.
// The nms results are i64 tensors, so these tests also cover i64 outputs
// (and inputs) of the JIT.
//
//===----------------------------------------------------------------------===//

#include "OpTestUtils.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

#include <cmath>
#include <limits>
#include <numeric>

using namespace dlc::test;
using mlir::dlc::ElementType;

namespace {

//===----------------------------------------------------------------------===//
// box_decode
//===----------------------------------------------------------------------===//

struct DecodeCase {
  std::string name;
  int64_t n, a;
  bool center = false;                        ///< anchor_format = "center"
  std::vector<double> variances = {1, 1, 1, 1}; ///< empty: attribute omitted
  std::optional<double> clip;
  double deltaRange = 1.0; ///< deltas uniform in [-range, range)
  JITOptions options = optimized();
};

RefTensor decodeReference(const DecodeCase &c, const Tensor &anchors,
                          const Tensor &deltas) {
  RefTensor out = zeros({c.n, c.a, 4});
  std::vector<double> v = c.variances.empty() ? std::vector<double>{1, 1, 1, 1}
                                              : c.variances;
  for (int64_t i = 0; i < c.n; ++i)
    for (int64_t j = 0; j < c.a; ++j) {
      const float *p = anchors.data.data() + 4 * j;
      const float *d = deltas.data.data() + 4 * (i * c.a + j);
      double cx, cy, w, h;
      if (c.center) {
        cx = p[0], cy = p[1], w = p[2], h = p[3];
      } else {
        w = double(p[2]) - p[0], h = double(p[3]) - p[1];
        cx = p[0] + 0.5 * w, cy = p[1] + 0.5 * h;
      }
      double dx = d[0] * v[0], dy = d[1] * v[1], dw = d[2] * v[2], dh = d[3] * v[3];
      if (c.clip) {
        dw = std::min(dw, *c.clip);
        dh = std::min(dh, *c.clip);
      }
      double pcx = dx * w + cx, pcy = dy * h + cy;
      double pw = std::exp(dw) * w, ph = std::exp(dh) * h;
      double *o = out.data.data() + 4 * (i * c.a + j);
      o[0] = pcx - 0.5 * pw;
      o[1] = pcy - 0.5 * ph;
      o[2] = pcx + 0.5 * pw;
      o[3] = pcy + 0.5 * ph;
    }
  return out;
}

class BoxDecodeTest : public ::testing::TestWithParam<DecodeCase> {};

TEST_P(BoxDecodeTest, MatchesBoxCoder) {
  const DecodeCase &c = GetParam();
  Rng rng = testRng();
  Tensor anchors{{c.a, 4}, std::vector<float>(4 * c.a)};
  for (int64_t j = 0; j < c.a; ++j) {
    float x = float(rng.uniform(0, 20)), y = float(rng.uniform(0, 20));
    float w = float(rng.uniform(0.5, 8)), h = float(rng.uniform(0.5, 8));
    float *p = anchors.data.data() + 4 * j;
    if (c.center) {
      p[0] = x, p[1] = y, p[2] = w, p[3] = h;
    } else {
      p[0] = x, p[1] = y, p[2] = x + w, p[3] = y + h;
    }
  }
  Tensor deltas = rng.tensor({c.n, c.a, 4}, -c.deltaRange, c.deltaRange);
  Attrs attrs;
  std::string extra;
  if (c.center)
    extra += "anchor_format = \"center\"";
  if (!c.variances.empty()) {
    std::string v;
    for (double x : c.variances)
      v += (v.empty() ? "" : ", ") + std::to_string(x);
    extra += std::string(extra.empty() ? "" : ", ") + "variances = array<f32: " + v + ">";
  }
  if (c.clip)
    extra += std::string(extra.empty() ? "" : ", ") + "clip = " +
             std::to_string(*c.clip) + " : f32";
  std::string model = buildModel("box_decode", {{c.a, 4}, {c.n, c.a, 4}}, attrs,
                                 {c.n, c.a, 4});
  if (!extra.empty()) {
    size_t at = model.find(" : (");
    model.insert(at, " {" + extra + "}");
  }
  // std::to_string keeps 6 decimals: the reference uses what the model says.
  DecodeCase parsed = c;
  if (c.clip)
    parsed.clip = double(float(std::stod(std::to_string(*c.clip))));
  for (double &x : parsed.variances)
    x = double(float(std::stod(std::to_string(x))));
  EXPECT_TRUE(runAndCompare(model, {anchors, deltas},
                            decodeReference(parsed, anchors, deltas), c.options,
                            Tolerance{1e-4, 1e-4}));
}

const double kTorchClip = std::log(1000.0 / 16.0);

INSTANTIATE_TEST_SUITE_P(
    Detection, BoxDecodeTest,
    ::testing::Values(
        DecodeCase{"CornersDefault", 2, 13, false, {}},
        DecodeCase{"CornersDefaultO0", 3, 7, false, {}, std::nullopt, 1.0, unoptimized()},
        DecodeCase{"CornersTorchWeights", 1, 33, false, {0.1, 0.1, 0.2, 0.2}, kTorchClip},
        DecodeCase{"CenterSSD", 2, 17, true, {0.1, 0.1, 0.2, 0.2}},
        DecodeCase{"CenterSSDO0", 2, 17, true, {0.1, 0.1, 0.2, 0.2}, std::nullopt, 1.0,
                   unoptimized()},
        // Deltas up to 3 with a clip of 0.5: most dw/dh are clipped.
        DecodeCase{"ClipHit", 3, 5, false, {1, 1, 1, 1}, 0.5, 3.0},
        DecodeCase{"ClipHitCenterO0", 1, 65, true, {1, 2, 1.5, 0.5}, 0.25, 3.0,
                   unoptimized()},
        DecodeCase{"SingleAnchor", 1, 1, false, {0.1, 0.1, 0.2, 0.2}, kTorchClip}),
    [](const auto &info) { return info.param.name; });

//===----------------------------------------------------------------------===//
// nms
//===----------------------------------------------------------------------===//

/// IoU in double, with the coordinates sorted per axis and 0 for an empty
/// union.
double iou(const float *a, const float *b) {
  auto lo = [](const float *p, int k) { return std::min<double>(p[k], p[k + 2]); };
  auto hi = [](const float *p, int k) { return std::max<double>(p[k], p[k + 2]); };
  double areaA = (hi(a, 0) - lo(a, 0)) * (hi(a, 1) - lo(a, 1));
  double areaB = (hi(b, 0) - lo(b, 0)) * (hi(b, 1) - lo(b, 1));
  double iw = std::max(0.0, std::min(hi(a, 0), hi(b, 0)) - std::max(lo(a, 0), lo(b, 0)));
  double ih = std::max(0.0, std::min(hi(a, 1), hi(b, 1)) - std::max(lo(a, 1), lo(b, 1)));
  double inter = iw * ih, uni = areaA + areaB - inter;
  return uni > 0 ? inter / uni : 0.0;
}

/// The sorted greedy NMS of one (image, class): `boxes` points at B boxes,
/// `scores` at B scores; returns K indices padded with -1.
std::vector<int64_t> nmsReference(const float *boxes, const float *scores, int64_t b,
                                  int64_t k, double iouThreshold,
                                  std::optional<double> scoreThreshold) {
  std::vector<int64_t> order(b);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int64_t x, int64_t y) { return scores[x] > scores[y]; });
  std::vector<int64_t> kept;
  for (int64_t i : order) {
    if (std::isnan(scores[i]) || (scoreThreshold && !(scores[i] > *scoreThreshold)))
      continue;
    bool suppressed = false;
    for (int64_t j : kept)
      suppressed |= iou(boxes + 4 * i, boxes + 4 * j) > iouThreshold;
    if (!suppressed)
      kept.push_back(i);
  }
  kept.resize(std::max<int64_t>(k, kept.size()), -1);
  kept.resize(k);
  return kept;
}

std::string f32(double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.9e", v); // always a float literal
  return buf;
}

/// The one-op nms model; `classes` 0 means scores [N, B].
std::string nmsModel(int64_t n, int64_t b, int64_t classes, int64_t k, double iouT,
                     std::optional<double> scoreT) {
  Shape scores = classes ? Shape{n, classes, b} : Shape{n, b};
  Shape out = classes ? Shape{n, classes, k} : Shape{n, k};
  std::string outType = "tensor<";
  for (int64_t d : out)
    outType += std::to_string(d) + "x";
  outType += "i64>";
  std::string attrs = "{iou_threshold = " + f32(iouT) + " : f32, max_output = " +
                      std::to_string(k) + " : i64";
  if (scoreT)
    attrs += ", score_threshold = " + f32(*scoreT) + " : f32";
  attrs += "}";
  return "func.func @main(%boxes: " + tensorType({n, b, 4}) + ", %scores: " +
         tensorType(scores) + ") -> " + outType + " {\n  %0 = dlc.nms %boxes, %scores " +
         attrs + " : (" + tensorType({n, b, 4}) + ", " + tensorType(scores) + ") -> " +
         outType + "\n  return %0 : " + outType + "\n}\n";
}

/// Compiles and runs `model` on `inputs`; returns its outputs (or fails).
::testing::AssertionResult runModel(const std::string &model,
                                    const std::vector<Tensor> &inputs,
                                    const JITOptions &options,
                                    std::vector<Tensor> &outputs) {
  mlir::MLIRContext &ctx = context();
  std::string diagnostics;
  mlir::ScopedDiagnosticHandler handler(&ctx, [&](mlir::Diagnostic &diag) {
    diagnostics += diag.str() + "\n";
    return mlir::success();
  });
  auto module = mlir::parseSourceString<mlir::ModuleOp>(model, &ctx);
  if (!module)
    return ::testing::AssertionFailure() << "does not parse:\n" << diagnostics << model;
  auto exe = mlir::dlc::Executable::compile(*module, options);
  if (!exe)
    return ::testing::AssertionFailure()
           << llvm::toString(exe.takeError()) << "\n" << diagnostics << model;
  auto result = (*exe)->run(inputs);
  if (!result)
    return ::testing::AssertionFailure() << llvm::toString(result.takeError());
  outputs = std::move(*result);
  return ::testing::AssertionSuccess();
}

std::string indices(const std::vector<int64_t> &v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i)
    s += (i ? ", " : "") + std::to_string(v[i]);
  return s + "]";
}

/// Runs nms on `boxes` [N, B, 4] and `scores` ([N, B] or [N, C, B]) with
/// both JIT configurations and compares with the reference row by row.
void checkNMS(const Tensor &boxes, const Tensor &scores, int64_t k, double iouT,
              std::optional<double> scoreT,
              const std::vector<int64_t> *expected = nullptr) {
  int64_t n = boxes.shape[0], b = boxes.shape[1];
  int64_t classes = scores.shape.size() == 3 ? scores.shape[1] : 0;
  int64_t rows = n * std::max<int64_t>(classes, 1);
  std::vector<int64_t> want;
  for (int64_t r = 0; r < rows; ++r) {
    int64_t image = r / std::max<int64_t>(classes, 1);
    auto row = nmsReference(boxes.data.data() + image * b * 4,
                            scores.data.data() + r * b, b, k, iouT, scoreT);
    want.insert(want.end(), row.begin(), row.end());
  }
  if (expected)
    ASSERT_EQ(indices(want), indices(*expected)) << "the reference disagrees with "
                                                    "the hand-computed answer";
  std::string model = nmsModel(n, b, classes, k, iouT, scoreT);
  for (const JITOptions &options : {optimized(), unoptimized()}) {
    SCOPED_TRACE("optLevel=" + std::to_string(options.optLevel));
    std::vector<Tensor> out;
    ASSERT_TRUE(runModel(model, {boxes, scores}, options, out));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].type, ElementType::I64);
    Shape shape = classes ? Shape{n, classes, k} : Shape{n, k};
    EXPECT_EQ(out[0].shape, shape);
    EXPECT_EQ(indices(out[0].i64), indices(want)) << model;
  }
}

/// Random boxes around a few cluster centres, so that many overlap.
Tensor clusteredBoxes(Rng &rng, int64_t n, int64_t b, int64_t clusters) {
  Tensor t{{n, b, 4}, std::vector<float>(n * b * 4)};
  std::vector<std::pair<double, double>> centres;
  for (int64_t i = 0; i < clusters; ++i)
    centres.push_back({rng.uniform(0, 30), rng.uniform(0, 30)});
  for (int64_t i = 0; i < n * b; ++i) {
    auto [cx, cy] = centres[rng.range(0, clusters - 1)];
    double x = cx + rng.uniform(-2, 2), y = cy + rng.uniform(-2, 2);
    double w = rng.uniform(2, 6), h = rng.uniform(2, 6);
    float *p = t.data.data() + 4 * i;
    p[0] = float(x), p[1] = float(y), p[2] = float(x + w), p[3] = float(y + h);
  }
  return t;
}

TEST(NMSTest, RandomOneClass) {
  Rng rng = testRng();
  Tensor boxes = clusteredBoxes(rng, 2, 13, 3);
  checkNMS(boxes, rng.tensor({2, 13}, 0, 1), 5, 0.5, std::nullopt);
}

TEST(NMSTest, RandomOneClassLowThreshold) {
  Rng rng = testRng();
  Tensor boxes = clusteredBoxes(rng, 3, 33, 5);
  checkNMS(boxes, rng.tensor({3, 33}, -1, 1), 7, 0.1, std::nullopt);
}

TEST(NMSTest, RandomClassesWithScoreThreshold) {
  Rng rng = testRng();
  Tensor boxes = clusteredBoxes(rng, 3, 17, 4);
  checkNMS(boxes, rng.tensor({3, 4, 17}, 0, 1), 7, 0.3, 0.2);
}

TEST(NMSTest, RandomClassesMoreSlotsThanBoxes) {
  // max_output > B: every row is padded with -1.
  Rng rng = testRng();
  Tensor boxes = clusteredBoxes(rng, 2, 5, 2);
  checkNMS(boxes, rng.tensor({2, 3, 5}, 0, 1), 9, 0.5, 0.5);
}

TEST(NMSTest, ThresholdOneKeepsEverything) {
  // IoU is never > 1: all boxes come out, sorted by score.
  Rng rng = testRng();
  Tensor boxes = clusteredBoxes(rng, 1, 7, 1);
  checkNMS(boxes, rng.tensor({1, 7}, 0, 1), 7, 1.0, std::nullopt);
}

Tensor boxesOf(const std::vector<std::vector<float>> &list) {
  Tensor t{{1, int64_t(list.size()), 4}, {}};
  for (const auto &b : list)
    t.data.insert(t.data.end(), b.begin(), b.end());
  return t;
}

Tensor scoresOf(const std::vector<float> &s) {
  return Tensor{{1, int64_t(s.size())}, s};
}

TEST(NMSTest, TiesKeepTheLowerIndex) {
  // Boxes 1 and 3 are identical with equal scores: 1 wins and suppresses 3.
  // Boxes 0 and 4 are disjoint from everything with the same score as 1:
  // they come out in index order 0, 1, 4. Box 2 overlaps box 1 by IoU 0.6.
  Tensor boxes = boxesOf({{20, 20, 22, 22},
                          {0, 0, 10, 10},
                          {0, 0, 10, 6},
                          {0, 0, 10, 10},
                          {40, 40, 41, 41}});
  std::vector<int64_t> want = {0, 1, 4, -1, -1};
  checkNMS(boxes, scoresOf({0.5f, 0.5f, 0.4f, 0.5f, 0.5f}), 5, 0.5, std::nullopt, &want);
}

TEST(NMSTest, AllSuppressedButOne) {
  // Identical boxes: only the best score survives.
  Tensor boxes = boxesOf({{1, 1, 5, 5}, {1, 1, 5, 5}, {1, 1, 5, 5}, {1, 1, 5, 5}});
  std::vector<int64_t> want = {2, -1, -1};
  checkNMS(boxes, scoresOf({0.1f, 0.3f, 0.9f, 0.2f}), 3, 0.5, std::nullopt, &want);
}

TEST(NMSTest, AllBelowScoreThreshold) {
  // score_threshold is strict: a score equal to it is dropped too.
  Tensor boxes = boxesOf({{0, 0, 1, 1}, {5, 5, 6, 6}, {9, 9, 10, 10}});
  std::vector<int64_t> want = {-1, -1};
  checkNMS(boxes, scoresOf({0.25f, 0.1f, -3.0f}), 2, 0.5, 0.25, &want);
}

TEST(NMSTest, ZeroAreaBoxes) {
  // Points and segments have IoU 0 with everything (an empty union counts
  // as 0): none is suppressed, not even two identical points; and a point
  // inside a real box does not suppress it.
  Tensor boxes = boxesOf({{2, 2, 2, 2},
                          {2, 2, 2, 2},
                          {0, 0, 4, 4},
                          {1, 3, 3, 3},
                          {0, 0, 4, 4}});
  std::vector<int64_t> want = {0, 1, 2, 3, -1, -1};
  checkNMS(boxes, scoresOf({0.9f, 0.8f, 0.7f, 0.6f, 0.5f}), 6, 0.3, std::nullopt, &want);
}

TEST(NMSTest, IoUExactlyAtThresholdIsKept) {
  // [0,0,2,1] and [0,0,1,1]: intersection 1, union 2, IoU exactly 0.5;
  // suppression needs IoU > threshold.
  Tensor boxes = boxesOf({{0, 0, 2, 1}, {0, 0, 1, 1}, {0, 0, 1.9f, 1}});
  std::vector<int64_t> want = {0, 1, -1};
  checkNMS(boxes, scoresOf({0.9f, 0.8f, 0.7f}), 3, 0.5, std::nullopt, &want);
}

TEST(NMSTest, EitherDiagonal) {
  // ONNX's (y1, x1, y2, x2) order for every box, with the other diagonal
  // (y2, x2, y1, x1) for every other box: the same IoUs, so the same result.
  Rng rng = testRng();
  Tensor boxes = clusteredBoxes(rng, 1, 11, 2);
  Tensor scores = rng.tensor({1, 11}, 0, 1);
  Tensor flipped = boxes;
  for (int64_t i = 0; i < 11; ++i) {
    float *p = flipped.data.data() + 4 * i;
    std::swap(p[0], p[1]), std::swap(p[2], p[3]);
    if (i % 2)
      std::swap(p[0], p[2]), std::swap(p[1], p[3]);
  }
  std::vector<int64_t> want = nmsReference(boxes.data.data(), scores.data.data(), 11, 11,
                                           0.4, std::nullopt);
  checkNMS(flipped, scores, 11, 0.4, std::nullopt, &want);
}

TEST(NMSTest, NaNScoresAreNeverSelected) {
  float nan = std::numeric_limits<float>::quiet_NaN();
  Tensor boxes = boxesOf({{0, 0, 1, 1}, {5, 5, 6, 6}, {9, 9, 10, 10}});
  std::vector<int64_t> want = {2, 1, -1};
  checkNMS(boxes, scoresOf({nan, 0.1f, 0.3f}), 3, 0.5, std::nullopt, &want);
}

//===----------------------------------------------------------------------===//
// An SSD head's post-processing: decode, then suppress per class
//===----------------------------------------------------------------------===//

TEST(NMSTest, DecodeThenSuppress) {
  Rng rng = testRng();
  const int64_t n = 2, a = 9, classes = 3, k = 4;
  Tensor anchors = clusteredBoxes(rng, 1, a, 2);
  anchors.shape = {a, 4};
  Tensor deltas = rng.tensor({n, a, 4}, -0.5, 0.5);
  Tensor scores = rng.tensor({n, classes, a}, 0, 1);
  std::string model = R"mlir(
func.func @main(%anchors: tensor<9x4xf32>, %deltas: tensor<2x9x4xf32>, %scores: tensor<2x3x9xf32>)
    -> (tensor<2x9x4xf32>, tensor<2x3x4xi64>) {
  %boxes = dlc.box_decode %anchors, %deltas {variances = array<f32: 0.5, 0.5, 0.25, 0.25>} : (tensor<9x4xf32>, tensor<2x9x4xf32>) -> tensor<2x9x4xf32>
  %keep = dlc.nms %boxes, %scores {iou_threshold = 0.25 : f32, max_output = 4 : i64, score_threshold = 0.125 : f32} : (tensor<2x9x4xf32>, tensor<2x3x9xf32>) -> tensor<2x3x4xi64>
  return %boxes, %keep : tensor<2x9x4xf32>, tensor<2x3x4xi64>
}
)mlir";
  for (const JITOptions &options : {optimized(), unoptimized()}) {
    std::vector<Tensor> out;
    ASSERT_TRUE(runModel(model, {anchors, deltas, scores}, options, out));
    ASSERT_EQ(out.size(), 2u);
    DecodeCase c{"", n, a, false, {0.5, 0.5, 0.25, 0.25}};
    RefTensor decoded = decodeReference(c, anchors, deltas);
    for (size_t i = 0; i < decoded.data.size(); ++i)
      ASSERT_NEAR(out[0].data[i], decoded.data[i], 1e-4) << i;
    // Suppress on the boxes the model decoded (a tie at the threshold could
    // otherwise flip on a rounding difference of the decode).
    std::vector<int64_t> want;
    for (int64_t r = 0; r < n * classes; ++r) {
      auto row = nmsReference(out[0].data.data() + (r / classes) * a * 4,
                              scores.data.data() + r * a, a, k, 0.25, 0.125);
      want.insert(want.end(), row.begin(), row.end());
    }
    EXPECT_EQ(indices(out[1].i64), indices(want));
  }
}

//===----------------------------------------------------------------------===//
// i64 inputs
//===----------------------------------------------------------------------===//

TEST(I64TensorTest, InputsAndOutputsThroughTheJIT) {
  // An i64 input read by compiled code (labels turned into float offsets),
  // an i64 input returned as is, and an i64 result of nms.
  std::string model = R"mlir(
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @main(%x: tensor<2x3xf32> {dlc.name = "x"}, %labels: tensor<2x3xi64> {dlc.name = "labels"},
                %boxes: tensor<1x3x4xf32>, %scores: tensor<1x3xf32>)
    -> (tensor<2x3xf32>, tensor<2x3xi64>, tensor<1x2xi64>) {
  %init = tensor.empty() : tensor<2x3xf32>
  %y = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %labels : tensor<2x3xf32>, tensor<2x3xi64>) outs(%init : tensor<2x3xf32>) {
  ^bb0(%a: f32, %l: i64, %o: f32):
    %f = arith.sitofp %l : i64 to f32
    %s = arith.addf %a, %f : f32
    linalg.yield %s : f32
  } -> tensor<2x3xf32>
  %keep = dlc.nms %boxes, %scores {iou_threshold = 0.5 : f32, max_output = 2 : i64} : (tensor<1x3x4xf32>, tensor<1x3xf32>) -> tensor<1x2xi64>
  return %y, %labels, %keep : tensor<2x3xf32>, tensor<2x3xi64>, tensor<1x2xi64>
}
)mlir";
  Tensor x{{2, 3}, {0.5f, 1.5f, -2.0f, 0.0f, 3.25f, -1.0f}};
  Tensor labels = Tensor::ofI64({2, 3}, {0, 1, -7, 1000000, 2, -1});
  Tensor boxes = boxesOf({{0, 0, 2, 2}, {0, 0, 2, 2.1f}, {5, 5, 6, 6}});
  Tensor scores = scoresOf({0.2f, 0.9f, 0.1f});
  for (const JITOptions &options : {optimized(), unoptimized()}) {
    std::vector<Tensor> out;
    ASSERT_TRUE(runModel(model, {x, labels, boxes, scores}, options, out));
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].type, ElementType::F32);
    for (int i = 0; i < 6; ++i)
      EXPECT_EQ(out[0].data[i], x.data[i] + float(labels.i64[i])) << i;
    EXPECT_EQ(out[1].type, ElementType::I64);
    EXPECT_EQ(indices(out[1].i64), indices(labels.i64));
    EXPECT_EQ(indices(out[2].i64), "[1, 2]");
  }
}

TEST(I64TensorTest, SignatureAndTypeChecks) {
  mlir::MLIRContext &ctx = context();
  auto module = mlir::parseSourceString<mlir::ModuleOp>(R"mlir(
func.func @main(%i: tensor<4xi64> {dlc.name = "idx"}) -> tensor<4xi64> {
  return %i : tensor<4xi64>
}
)mlir",
                                                        &ctx);
  ASSERT_TRUE(module);
  auto exe = mlir::dlc::Executable::compile(*module, optimized());
  ASSERT_TRUE(static_cast<bool>(exe)) << llvm::toString(exe.takeError());
  const auto &sig = (*exe)->signature();
  EXPECT_EQ(sig.inputs[0].type, ElementType::I64);
  EXPECT_EQ(sig.outputs[0].type, ElementType::I64);
  auto wrongType = (*exe)->run({Tensor{{4}, std::vector<float>(4)}});
  ASSERT_FALSE(static_cast<bool>(wrongType));
  EXPECT_EQ(llvm::toString(wrongType.takeError()), "input 'idx' must be i64, got f32");
  auto wrongShape = (*exe)->run({Tensor::ofI64({5}, std::vector<int64_t>(5))});
  ASSERT_FALSE(static_cast<bool>(wrongShape));
  EXPECT_EQ(llvm::toString(wrongShape.takeError()), "input 'idx' must have shape 4");
  auto ok = (*exe)->run({Tensor::ofI64({4}, {9, -8, 7, INT64_MIN})});
  ASSERT_TRUE(static_cast<bool>(ok)) << llvm::toString(ok.takeError());
  EXPECT_EQ(indices((*ok)[0].i64), indices({9, -8, 7, INT64_MIN}));

  // Other element types are still rejected, naming what is accepted.
  std::string diagnostics;
  mlir::ScopedDiagnosticHandler handler(&ctx, [&](mlir::Diagnostic &diag) {
    diagnostics += diag.str() + "\n";
    return mlir::success();
  });
  auto bad = mlir::parseSourceString<mlir::ModuleOp>(R"mlir(
func.func @main(%i: tensor<4xi32>) -> tensor<4xi32> {
  return %i : tensor<4xi32>
}
)mlir",
                                                     &ctx);
  ASSERT_TRUE(bad);
  auto failed = mlir::dlc::Executable::compile(*bad, optimized());
  ASSERT_FALSE(static_cast<bool>(failed));
  llvm::consumeError(failed.takeError());
  EXPECT_NE(diagnostics.find("input 0 must be a statically shaped f32 or i64 tensor, got "
                             "'tensor<4xi32>'"),
            std::string::npos)
      << diagnostics;
}

} // namespace
