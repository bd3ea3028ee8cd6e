//===- VGG.cpp - VGG-11, VGG-16 and ZFNet ----------------------------------===//
//
// Plain stacks of convolutions and max pools followed by three fully
// connected layers.
//
// VGG (Simonyan & Zisserman, "Very Deep Convolutional Networks for
// Large-Scale Image Recognition", 2014) exactly as torchvision builds it:
// 3x3 convolutions with bias and padding 1, each followed by ReLU; 2x2
// stride-2 max pools; adaptive average pooling to 7x7 (so inputs other than
// 224 still reach the 25088-wide classifier); classifier Linear-ReLU-Dropout
// twice then the last Linear. Module paths "features.N" / "classifier.N".
//
// ZFNet (Zeiler & Fergus, "Visualizing and Understanding Convolutional
// Networks", 2013, Fig. 3): 96 7x7 stride-2 filters, ReLU, 3x3 stride-2 max
// pool, local contrast normalization; 256 5x5 stride-2 filters, ReLU, pool,
// normalization; 384, 384, 256 3x3 filters; pool; two 4096-wide fully
// connected layers with dropout 0.5; the classifier. The paper gives the
// sizes 224 -> 110 -> 55 -> 26 -> 13 -> 6, which fixes conv1's padding at 1
// and the first two pools at ceil mode. Deviations: the normalization is
// Krizhevsky et al.'s LRN (size 5, alpha 1e-4, beta 0.75, k 2), as the paper
// does not give its constants; an adaptive 6x6 average pool before the
// classifier (identity at 224, as in torchvision's AlexNet) lets smaller
// inputs through; module paths follow torchvision's AlexNet.
//
//===----------------------------------------------------------------------===//

#include "Builders.h"

namespace dlc::zoo::detail {

namespace {

/// torchvision's classifier: Linear(in, 4096) ReLU Dropout Linear(4096, 4096)
/// ReLU Dropout Linear(4096, classes), as "classifier.0" ... "classifier.6".
Tensor classifier(Graph &g, Tensor x, int64_t classes, Init init) {
  auto s = g.scope("classifier");
  x = g.linear(x, 4096, LinearOptions().init(init).name("0"));
  x = g.relu(x, "1");
  x = g.dropout(x, 0.5, DropoutOptions().name("2"));
  x = g.linear(x, 4096, LinearOptions().init(init).name("3"));
  x = g.relu(x, "4");
  x = g.dropout(x, 0.5, DropoutOptions().name("5"));
  return g.linear(x, classes, LinearOptions().init(init).name("6"));
}

/// torchvision's make_layers(cfg, batch_norm=False): a channel count is a
/// 3x3 conv + ReLU (two Sequential slots), 0 is a 2x2 max pool.
void buildVgg(Graph &g, const ZooOptions &o, const std::vector<int64_t> &cfg) {
  Tensor x = imageInput(g, o);
  {
    auto s = g.scope("features");
    int64_t i = 0;
    for (int64_t c : cfg) {
      if (c == 0) {
        x = g.maxPool2d(x, 2, PoolOptions().stride(2).name(seq(i++)));
        continue;
      }
      x = g.conv2d(x, c, 3,
                   Conv2dOptions().padding(1).init(Init::KaimingNormal).name(seq(i)));
      x = g.relu(x, seq(i + 1));
      i += 2;
    }
  }
  x = g.adaptiveAvgPool2d(x, 7, "avgpool");
  x = g.flatten(x, 1);
  g.output(classifier(g, x, o.classes, Init::Normal001), "logits");
}

} // namespace

void buildVgg11(Graph &g, const ZooOptions &o) {
  buildVgg(g, o, {64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0});
}

void buildVgg16(Graph &g, const ZooOptions &o) {
  buildVgg(g, o, {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512,
                  512, 0});
}

void buildZFNet(Graph &g, const ZooOptions &o) {
  Tensor x = imageInput(g, o);
  LRNOptions lrn = LRNOptions().alpha(1e-4).beta(0.75).k(2.0);
  {
    auto s = g.scope("features");
    x = g.conv2d(x, 96, 7, Conv2dOptions().stride(2).padding(1).name("0"));
    x = g.relu(x, "1");
    x = g.maxPool2d(x, 3, PoolOptions().stride(2).ceilMode(true).name("2"));
    x = g.lrn(x, 5, LRNOptions(lrn).name("3"));
    x = g.conv2d(x, 256, 5, Conv2dOptions().stride(2).name("4"));
    x = g.relu(x, "5");
    x = g.maxPool2d(x, 3, PoolOptions().stride(2).ceilMode(true).name("6"));
    x = g.lrn(x, 5, LRNOptions(lrn).name("7"));
    x = g.conv2d(x, 384, 3, Conv2dOptions().padding(1).name("8"));
    x = g.relu(x, "9");
    x = g.conv2d(x, 384, 3, Conv2dOptions().padding(1).name("10"));
    x = g.relu(x, "11");
    x = g.conv2d(x, 256, 3, Conv2dOptions().padding(1).name("12"));
    x = g.relu(x, "13");
    x = g.maxPool2d(x, 3, PoolOptions().stride(2).name("14"));
  }
  x = g.adaptiveAvgPool2d(x, 6, "avgpool");
  x = g.flatten(x, 1);
  g.output(classifier(g, x, o.classes, Init::Default), "logits");
}

} // namespace dlc::zoo::detail
