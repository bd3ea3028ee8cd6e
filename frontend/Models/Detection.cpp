//===- Detection.cpp - YOLO-style and SSD-style detectors ------------------===//
//
// Two small single-shot detectors: enough architecture to exercise the
// detection ops end to end, not reproductions of published checkpoints.
// --classes is the number of object classes (SSD: including background).
//
// yolo_head (after Redmon & Farhadi, "YOLO9000: Better, Faster, Stronger",
// 2016, and its Tiny-YOLOv2 backbone): five 3x3 conv (no bias) + BN +
// LeakyReLU(0.1) + 2x2 max pool stages (16, 32, 64, 128, 256 channels), a
// 3x3 conv to 512 with BN and LeakyReLU, then the YOLO head: a 1x1 conv
// with bias predicting B * (5 + C) numbers per cell of the S/32 x S/32 grid,
// B = 5 anchors. Output "predictions" [N, G, G, B, 5 + C] holds the raw
// (tx, ty, tw, th, objectness, class scores) per anchor, Darknet's channel
// order b * (5 + C) + k. Deviations: Tiny-YOLOv2's sixth pool and 1024-wide
// convs are left out (a smaller backbone), and the sigmoid/exp decoding
// against the anchor priors is left to the loss or post-processing.
//
// ssd_head (after Liu et al., "SSD: Single Shot MultiBox Detector", 2016):
// a small backbone (three 3x3 stride-2 conv + BN + ReLU stages: 32, 64, 128
// channels) gives the first feature map at stride 8; four extra 3x3 stride-2
// convs with bias and ReLU (256 channels) give four more, at strides 16 to
// 128 (38, 19, 10, 5, 3 cells at 300x300). On each map a 3x3 conv predicts
// 4 default boxes x C class scores and a 3x3 conv 4 x 4 box offsets. The
// default boxes follow the paper: scales s_k = 0.2 + 0.7 (k - 1) / (m - 1),
// aspect ratios 1, 2, 1/2 and an extra box of scale sqrt(s_k s_{k+1})
// (s_{m+1} = 1), centred on the cells, in normalized [0, 1] corners clipped
// to the image. Offsets decode against them with variances (0.1, 0.1, 0.2,
// 0.2); softmax gives class probabilities (class 0 is background); greedy
// per-class NMS (IoU 0.45, top 200, as the paper) runs on the object
// classes. Outputs:
//   "boxes"  [N, A, 4]  decoded corners (x1, y1, x2, y2), normalized;
//   "scores" [N, A, C]  class probabilities;
//   "keep"   [N, C - 1, K]  i64: per object class, the indices into A of
//            the boxes NMS keeps, best first, -1 padded (K = min(A, 200)).
//
//===----------------------------------------------------------------------===//

#include "Builders.h"

#include <algorithm>
#include <cmath>

namespace dlc::zoo::detail {

namespace {

/// conv (no bias) + BN + activation as "<scope>.conv", "<scope>.bn".
Tensor convBnAct(Graph &g, Tensor x, const std::string &name, int64_t out,
                 int64_t stride, bool leaky) {
  auto s = g.scope(name);
  x = g.conv2d(x, out, 3,
               Conv2dOptions().stride(stride).padding(1).bias(false).name("conv"));
  x = g.batchNorm(x, BatchNormOptions().name("bn"));
  return leaky ? g.leakyRelu(x, 0.1, "act") : g.relu(x, "act");
}

/// [N, A * K, H, W] conv output -> [N, H * W * A, K] (anchor index
/// (y * W + x) * A + a, the order the default boxes are generated in).
Tensor perAnchor(Graph &g, Tensor x, int64_t perCell, const std::string &name) {
  int64_t n = x.dim(0), h = x.dim(2), w = x.dim(3);
  int64_t anchors = x.dim(1) / perCell;
  x = g.transpose(x, {0, 2, 3, 1}, name + "_nhwc");
  return g.reshape(x, {n, h * w * anchors, perCell}, name + "_flat");
}

/// SSD default boxes for maps of `sizes` cells: 4 per cell, corners.
std::vector<float> defaultBoxes(const std::vector<int64_t> &sizes) {
  const double smin = 0.2, smax = 0.9;
  size_t m = sizes.size();
  auto scale = [&](size_t k) {
    if (k >= m)
      return 1.0;
    return m == 1 ? smin : smin + (smax - smin) * double(k) / double(m - 1);
  };
  std::vector<float> boxes;
  for (size_t k = 0; k < m; ++k) {
    double s = scale(k), extra = std::sqrt(s * scale(k + 1)), r = std::sqrt(2.0);
    const double wh[4][2] = {{s, s}, {extra, extra}, {s * r, s / r}, {s / r, s * r}};
    int64_t f = sizes[k];
    for (int64_t i = 0; i < f; ++i)
      for (int64_t j = 0; j < f; ++j) {
        double cx = (double(j) + 0.5) / double(f), cy = (double(i) + 0.5) / double(f);
        for (const auto &b : wh) {
          auto clip = [](double v) { return float(std::min(1.0, std::max(0.0, v))); };
          boxes.push_back(clip(cx - b[0] / 2));
          boxes.push_back(clip(cy - b[1] / 2));
          boxes.push_back(clip(cx + b[0] / 2));
          boxes.push_back(clip(cy + b[1] / 2));
        }
      }
  }
  return boxes;
}

} // namespace

void buildYoloHead(Graph &g, const ZooOptions &o) {
  const int64_t anchors = 5;
  Tensor x = imageInput(g, o);
  {
    auto s = g.scope("backbone");
    int64_t i = 0;
    for (int64_t c : {16, 32, 64, 128, 256}) {
      x = convBnAct(g, x, seq(i), c, 1, /*leaky=*/true);
      x = g.maxPool2d(x, 2, PoolOptions().stride(2).name(seq(i) + ".pool"));
      ++i;
    }
    x = convBnAct(g, x, seq(i), 512, 1, /*leaky=*/true);
  }
  int64_t perAnchorValues = 5 + o.classes;
  x = g.conv2d(x, anchors * perAnchorValues, 1, Conv2dOptions().name("head"));
  int64_t n = x.dim(0), h = x.dim(2), w = x.dim(3);
  x = g.reshape(x, {n, anchors, perAnchorValues, h, w}, "split_anchors");
  g.output(g.transpose(x, {0, 3, 4, 1, 2}, "predictions"), "predictions");
}

void buildSSDHead(Graph &g, const ZooOptions &o) {
  const int64_t boxesPerCell = 4;
  int64_t classes = o.classes;
  Tensor x = imageInput(g, o);
  std::vector<Tensor> maps;
  {
    auto s = g.scope("backbone");
    x = convBnAct(g, x, "0", 32, 2, false);
    x = convBnAct(g, x, "1", 64, 2, false);
    x = convBnAct(g, x, "2", 128, 2, false);
  }
  maps.push_back(x);
  {
    auto s = g.scope("extras");
    for (int64_t i = 0; i < 4; ++i) {
      x = g.conv2d(x, 256, 3, Conv2dOptions().stride(2).padding(1).name(seq(i)));
      x = g.relu(x, seq(i) + ".relu");
      maps.push_back(x);
    }
  }

  std::vector<Tensor> cls, loc;
  std::vector<int64_t> sizes;
  for (size_t k = 0; k < maps.size(); ++k) {
    sizes.push_back(maps[k].dim(2));
    Tensor c = g.conv2d(maps[k], boxesPerCell * classes, 3,
                        Conv2dOptions().padding(1).name("cls_heads." + seq(k)));
    Tensor l = g.conv2d(maps[k], boxesPerCell * 4, 3,
                        Conv2dOptions().padding(1).name("box_heads." + seq(k)));
    cls.push_back(perAnchor(g, c, classes, "cls_heads." + seq(k)));
    loc.push_back(perAnchor(g, l, 4, "box_heads." + seq(k)));
  }
  Tensor logits = g.concat(cls, 1, "cls_cat");  // [N, A, C]
  Tensor deltas = g.concat(loc, 1, "box_cat");  // [N, A, 4]
  int64_t a = logits.dim(1);

  std::vector<float> anchorData = defaultBoxes(sizes);
  Tensor anchors = g.constant(anchorData, {a, 4}, "default_boxes");
  Tensor boxes = g.boxDecode(anchors, deltas, {0.1, 0.1, 0.2, 0.2}, "decode");
  Tensor scores = g.softmax(logits, -1, "softmax");

  // Per-class NMS on the object classes: scores [N, C - 1, A].
  Tensor objects = g.slice(scores, {1}, {classes}, {2}, {}, "object_scores");
  objects = g.transpose(objects, {0, 2, 1}, "class_major");
  int64_t keepCount = std::min<int64_t>(a, 200);
  Tensor keep = g.nms(boxes, objects, 0.45, keepCount, "nms");

  g.output(boxes, "boxes");
  g.output(scores, "scores");
  g.output(keep, "keep");
}

} // namespace dlc::zoo::detail
