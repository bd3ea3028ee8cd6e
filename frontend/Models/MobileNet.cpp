//===- MobileNet.cpp - MobileNet v1/v2 and ShuffleNet v2 -------------------===//
//
// The compact networks built from depthwise convolutions.
//
// MobileNet v1 (Howard et al., "MobileNets: Efficient Convolutional Neural
// Networks for Mobile Vision Applications", 2017, Table 1), width multiplier
// 1.0: a 3x3 stride-2 conv to 32 channels, then 13 depthwise separable
// blocks (3x3 depthwise conv, BN, ReLU, 1x1 pointwise conv, BN, ReLU),
// global average pooling and a linear classifier. Convs have no bias. Table
// 1's second-to-last depthwise conv is printed "s2" on a 7x7 input; like the
// reference implementations it uses stride 1 here. Not in torchvision:
// module paths "features.0.{0,1}" (conv, bn) for the stem,
// "features.N.{0..5}" (dw conv, bn, relu, pw conv, bn, relu) for the blocks,
// "classifier" for the linear layer. Its count (4,231,976) equals Keras'
// MobileNet(alpha=1.0) trainable parameters.
//
// MobileNet v2 (Sandler et al., "MobileNetV2: Inverted Residuals and Linear
// Bottlenecks", 2018) exactly as torchvision builds it (width 1.0): inverted
// residual blocks of expansion (1x1, BN, ReLU6), depthwise 3x3 (BN, ReLU6)
// and linear projection (1x1, BN), with a residual add when the stride is 1
// and the channels are kept; a final 1x1 conv to 1280 with BN and ReLU6;
// Dropout(0.2) and the linear classifier.
//
// ShuffleNet v2 1.0x (Ma et al., "ShuffleNet V2: Practical Guidelines for
// Efficient CNN Architecture Design", 2018) exactly as torchvision builds
// it: stage channels 116, 232, 464 with 4, 8, 4 units; a stride-1 unit
// splits the channels in two halves, transforms one (1x1-BN-ReLU,
// depthwise 3x3-BN, 1x1-BN-ReLU) and concatenates it with the other; a
// stride-2 unit runs both branches on the whole input; both end in a
// channel shuffle with 2 groups. conv5 (1x1 to 1024), a mean over H and W,
// and the linear classifier "fc".
//
//===----------------------------------------------------------------------===//

#include "Builders.h"

namespace dlc::zoo::detail {

namespace {

enum class Act { None, ReLU, ReLU6 };

/// conv (no bias) + BN + activation, as Sequential slots `first`,
/// `first + 1` (and `first + 2` for the activation).
Tensor convBn(Graph &g, Tensor x, int64_t out, int64_t kernel, int64_t stride,
              int64_t groups, Act act, int64_t first = 0) {
  x = g.conv2d(x, out, kernel,
               Conv2dOptions()
                   .stride(stride)
                   .padding(kernel / 2)
                   .groups(groups)
                   .bias(false)
                   .init(Init::KaimingNormal)
                   .name(seq(first)));
  x = g.batchNorm(x, BatchNormOptions().name(seq(first + 1)));
  if (act == Act::ReLU)
    x = g.relu(x, seq(first + 2));
  else if (act == Act::ReLU6)
    x = g.relu6(x, seq(first + 2));
  return x;
}

/// torchvision's InvertedResidual (MobileNet v2) as "features.<index>".
Tensor invertedResidual(Graph &g, Tensor x, int64_t index, int64_t out, int64_t stride,
                        int64_t expand) {
  auto s = g.scope(seq(index));
  int64_t in = x.dim(1);
  int64_t hidden = in * expand;
  bool residual = stride == 1 && in == out;
  Tensor y = x;
  {
    auto cs = g.scope("conv");
    int64_t slot = 0;
    if (expand != 1) {
      auto es = g.scope(seq(slot++));
      y = convBn(g, y, hidden, 1, 1, 1, Act::ReLU6);
    }
    {
      auto ds = g.scope(seq(slot++));
      y = convBn(g, y, hidden, 3, stride, hidden, Act::ReLU6);
    }
    y = convBn(g, y, out, 1, 1, 1, Act::None, slot);
  }
  return residual ? g.add(x, y, "add") : y;
}

/// One ShuffleNet v2 unit (torchvision's InvertedResidual), in the current
/// scope.
Tensor shuffleUnit(Graph &g, Tensor x, int64_t out, int64_t stride) {
  int64_t branch = out / 2;
  auto dw = [&](Tensor t, int64_t channels, int64_t first) {
    t = g.conv2d(t, channels, 3,
                 Conv2dOptions()
                     .stride(stride)
                     .padding(1)
                     .groups(channels)
                     .bias(false)
                     .name(seq(first)));
    return g.batchNorm(t, BatchNormOptions().name(seq(first + 1)));
  };
  auto pw = [&](Tensor t, int64_t first) {
    t = g.conv2d(t, branch, 1, Conv2dOptions().bias(false).name(seq(first)));
    t = g.batchNorm(t, BatchNormOptions().name(seq(first + 1)));
    return g.relu(t, seq(first + 2));
  };
  Tensor left, right;
  if (stride == 1) {
    std::vector<Tensor> halves = g.split(x, {x.dim(1) / 2, x.dim(1) / 2}, 1, "chunk");
    left = halves[0];
    right = halves[1];
  } else {
    auto s = g.scope("branch1");
    left = pw(dw(x, x.dim(1), 0), 2);
    right = x;
  }
  {
    auto s = g.scope("branch2");
    right = pw(right, 0);
    right = dw(right, branch, 3);
    right = pw(right, 5);
  }
  return g.channelShuffle(g.concat({left, right}, 1, "cat"), 2, "shuffle");
}

} // namespace

void buildMobileNetV1(Graph &g, const ZooOptions &o) {
  // (pointwise output channels, depthwise stride) of Table 1's 13 blocks.
  const std::vector<std::pair<int64_t, int64_t>> blocks = {
      {64, 1},  {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2},  {512, 1},
      {512, 1}, {512, 1}, {512, 1}, {512, 1}, {1024, 2}, {1024, 1}};
  Tensor x = imageInput(g, o);
  {
    auto s = g.scope("features");
    {
      auto ss = g.scope("0");
      x = convBn(g, x, 32, 3, 2, 1, Act::ReLU);
    }
    for (size_t i = 0; i < blocks.size(); ++i) {
      auto bs = g.scope(seq(i + 1));
      x = convBn(g, x, x.dim(1), 3, blocks[i].second, x.dim(1), Act::ReLU, 0);
      x = convBn(g, x, blocks[i].first, 1, 1, 1, Act::ReLU, 3);
    }
  }
  poolAndClassify(g, x, o.classes, "avgpool", "classifier");
}

void buildMobileNetV2(Graph &g, const ZooOptions &o) {
  // torchvision's inverted_residual_setting: expansion t, channels c,
  // repeats n, first stride s.
  struct Stage {
    int64_t t, c, n, s;
  };
  const std::vector<Stage> stages = {{1, 16, 1, 1},  {6, 24, 2, 2},  {6, 32, 3, 2},
                                     {6, 64, 4, 2},  {6, 96, 3, 1},  {6, 160, 3, 2},
                                     {6, 320, 1, 1}};
  Tensor x = imageInput(g, o);
  {
    auto s = g.scope("features");
    {
      auto ss = g.scope("0");
      x = convBn(g, x, 32, 3, 2, 1, Act::ReLU6);
    }
    int64_t index = 1;
    for (const Stage &st : stages)
      for (int64_t i = 0; i < st.n; ++i)
        x = invertedResidual(g, x, index++, st.c, i == 0 ? st.s : 1, st.t);
    auto ls = g.scope(seq(index));
    x = convBn(g, x, 1280, 1, 1, 1, Act::ReLU6);
  }
  x = g.flatten(g.adaptiveAvgPool2d(x, 1, "avgpool"), 1);
  auto s = g.scope("classifier");
  x = g.dropout(x, 0.2, DropoutOptions().name("0"));
  g.output(g.linear(x, o.classes, LinearOptions().name("1")), "logits");
}

void buildShuffleNetV2(Graph &g, const ZooOptions &o) {
  const std::vector<int64_t> repeats = {4, 8, 4};
  const std::vector<int64_t> channels = {116, 232, 464};
  Tensor x = imageInput(g, o);
  {
    auto s = g.scope("conv1");
    x = convBn(g, x, 24, 3, 2, 1, Act::ReLU);
  }
  x = g.maxPool2d(x, 3, PoolOptions().stride(2).padding(1).name("maxpool"));
  for (size_t st = 0; st < repeats.size(); ++st) {
    auto s = g.scope("stage" + std::to_string(st + 2));
    for (int64_t i = 0; i < repeats[st]; ++i) {
      auto us = g.scope(seq(i));
      x = shuffleUnit(g, x, channels[st], i == 0 ? 2 : 1);
    }
  }
  {
    auto s = g.scope("conv5");
    x = convBn(g, x, 1024, 1, 1, 1, Act::ReLU);
  }
  x = g.reduceMean(x, {2, 3}, /*keepdims=*/false, "mean");
  g.output(g.linear(x, o.classes, LinearOptions().name("fc")), "logits");
}

} // namespace dlc::zoo::detail
