//===- DetectionOps.cpp - dlc detection ops: shape inference, verifiers -===//
//
// The detection helpers: box decoding, non-maximum suppression.
// Diagnostics follow OpUtils.h: lowercase, naming the operand, stating
// the expected and the actual value.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/DetectionOps.h"
#include "OpUtils.h"

#include "llvm/Support/Format.h"

#include <cmath>

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

namespace {
/// A float as printf's %g writes it ("0.1", "inf").
std::string num(double value) {
  std::string s;
  llvm::raw_string_ostream(s) << llvm::format("%g", value);
  return s;
}

/// "[0.1, 0.2]" for diagnostics about float arrays.
std::string floats(ArrayRef<float> values) {
  std::string s = "[";
  for (size_t i = 0; i < values.size(); ++i)
    s += (i ? ", " : "") + num(values[i]);
  return s + "]";
}
} // namespace

//===----------------------------------------------------------------------===//
// box_decode
//===----------------------------------------------------------------------===//

LogicalResult BoxDecodeOp::inferReturnTypes(MLIRContext *ctx,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  StringRef op = "box_decode";
  ArrayRef<int64_t> anchors = shapeOf(adaptor.getAnchors());
  ArrayRef<int64_t> deltas = shapeOf(adaptor.getDeltas());
  if (anchors.size() != 2 || anchors[1] != 4)
    return fail(loc, op, "anchors must have shape [A, 4], got ", str(anchors));
  if (deltas.size() != 3 || deltas[1] != anchors[0] || deltas[2] != 4)
    return fail(loc, op, "deltas must have shape [N, ", anchors[0], ", 4] (A = ",
                anchors[0], " from anchors), got ", str(deltas));
  StringRef format = adaptor.getAnchorFormat();
  if (format != "corners" && format != "center")
    return fail(loc, op, "anchor_format must be 'corners' or 'center', got '",
                format, "'");
  ArrayRef<float> variances = adaptor.getVariances();
  if (variances.size() != 4)
    return fail(loc, op, "variances must have 4 values, got ", variances.size());
  for (float v : variances)
    if (!(v > 0.0f) || std::isinf(v))
      return fail(loc, op, "variances must be positive and finite, got ",
                  floats(variances));
  if (auto clip = adaptor.getClip())
    if (!clip->isFinite())
      return fail(loc, op, "clip must be finite, got ",
                  num(clip->convertToDouble()));
  types.push_back(f32Tensor(ctx, deltas));
  return success();
}

//===----------------------------------------------------------------------===//
// nms
//===----------------------------------------------------------------------===//

LogicalResult NMSOp::inferReturnTypes(MLIRContext *ctx,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &types) {
  StringRef op = "nms";
  ArrayRef<int64_t> boxes = shapeOf(adaptor.getBoxes());
  ArrayRef<int64_t> scores = shapeOf(adaptor.getScores());
  if (boxes.size() != 3 || boxes[2] != 4)
    return fail(loc, op, "boxes must have shape [N, B, 4], got ", str(boxes));
  if (scores.size() != 2 && scores.size() != 3)
    return fail(loc, op, "scores must have rank 2 ([N, B]) or 3 ([N, C, B]), got rank ",
                scores.size(), " (", str(scores), ")");
  if (scores.front() != boxes[0] || scores.back() != boxes[1])
    return fail(loc, op, "scores must have shape [", boxes[0], ", ", boxes[1],
                "] or [", boxes[0], ", C, ", boxes[1],
                "] (N and B from boxes), got ", str(scores));
  int64_t k = adaptor.getMaxOutput();
  if (k <= 0)
    return fail(loc, op, "max_output must be positive, got ", k);
  double iou = adaptor.getIouThreshold().convertToDouble();
  if (!(iou >= 0.0 && iou <= 1.0))
    return fail(loc, op, "iou_threshold must be in [0, 1], got ", num(iou));
  if (auto threshold = adaptor.getScoreThreshold())
    if (threshold->isNaN())
      return fail(loc, op, "score_threshold must not be NaN");
  SmallVector<int64_t> out(scores.begin(), scores.end());
  out.back() = k;
  types.push_back(RankedTensorType::get(out, IntegerType::get(ctx, 64)));
  return success();
}

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/DetectionOps.cpp.inc"
