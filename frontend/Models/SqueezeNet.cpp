//===- SqueezeNet.cpp - SqueezeNet 1.0 and 1.1 -----------------------------===//
//
// SqueezeNet (Iandola et al., "SqueezeNet: AlexNet-level accuracy with 50x
// fewer parameters and <0.5MB model size", 2016) and the 1.1 revision from
// the authors' repository, exactly as torchvision builds them. A Fire module
// squeezes with a 1x1 conv, then concatenates a 1x1 and a 3x3 (padding 1)
// expansion, each conv with bias and followed by ReLU. Max pools are 3x3
// stride 2 in ceil mode. The classifier is Dropout(0.5), a 1x1 conv to the
// classes, ReLU and global average pooling (so the logits are
// non-negative, as torchvision's). Module paths "features.N.squeeze",
// "features.N.expand1x1", "classifier.1".
//
//===----------------------------------------------------------------------===//

#include "Builders.h"

namespace dlc::zoo::detail {

namespace {

Tensor fire(Graph &g, Tensor x, int64_t index, int64_t squeeze, int64_t expand1x1,
            int64_t expand3x3) {
  auto s = g.scope(seq(index));
  Conv2dOptions conv = Conv2dOptions().init(Init::KaimingUniform);
  x = g.relu(g.conv2d(x, squeeze, 1, Conv2dOptions(conv).name("squeeze")),
             "squeeze_activation");
  Tensor a = g.relu(g.conv2d(x, expand1x1, 1, Conv2dOptions(conv).name("expand1x1")),
                    "expand1x1_activation");
  Tensor b = g.relu(
      g.conv2d(x, expand3x3, 3, Conv2dOptions(conv).padding(1).name("expand3x3")),
      "expand3x3_activation");
  return g.concat({a, b}, 1, "cat");
}

Tensor pool(Graph &g, Tensor x, int64_t index) {
  return g.maxPool2d(x, 3, PoolOptions().stride(2).ceilMode(true).name(seq(index)));
}

void classify(Graph &g, Tensor x, int64_t classes) {
  auto s = g.scope("classifier");
  x = g.dropout(x, 0.5, DropoutOptions().name("0"));
  x = g.conv2d(x, classes, 1, Conv2dOptions().init(Init::Normal001).name("1"));
  x = g.relu(x, "2");
  x = g.adaptiveAvgPool2d(x, 1, "3");
  g.output(g.flatten(x, 1), "logits");
}

} // namespace

void buildSqueezeNet10(Graph &g, const ZooOptions &o) {
  Tensor x = imageInput(g, o);
  {
    auto s = g.scope("features");
    x = g.conv2d(x, 96, 7,
                 Conv2dOptions().stride(2).init(Init::KaimingUniform).name("0"));
    x = g.relu(x, "1");
    x = pool(g, x, 2);
    x = fire(g, x, 3, 16, 64, 64);
    x = fire(g, x, 4, 16, 64, 64);
    x = fire(g, x, 5, 32, 128, 128);
    x = pool(g, x, 6);
    x = fire(g, x, 7, 32, 128, 128);
    x = fire(g, x, 8, 48, 192, 192);
    x = fire(g, x, 9, 48, 192, 192);
    x = fire(g, x, 10, 64, 256, 256);
    x = pool(g, x, 11);
    x = fire(g, x, 12, 64, 256, 256);
  }
  classify(g, x, o.classes);
}

void buildSqueezeNet11(Graph &g, const ZooOptions &o) {
  Tensor x = imageInput(g, o);
  {
    auto s = g.scope("features");
    x = g.conv2d(x, 64, 3,
                 Conv2dOptions().stride(2).init(Init::KaimingUniform).name("0"));
    x = g.relu(x, "1");
    x = pool(g, x, 2);
    x = fire(g, x, 3, 16, 64, 64);
    x = fire(g, x, 4, 16, 64, 64);
    x = pool(g, x, 5);
    x = fire(g, x, 6, 32, 128, 128);
    x = fire(g, x, 7, 32, 128, 128);
    x = pool(g, x, 8);
    x = fire(g, x, 9, 48, 192, 192);
    x = fire(g, x, 10, 48, 192, 192);
    x = fire(g, x, 11, 64, 256, 256);
    x = fire(g, x, 12, 64, 256, 256);
  }
  classify(g, x, o.classes);
}

} // namespace dlc::zoo::detail
