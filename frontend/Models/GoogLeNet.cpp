//===- GoogLeNet.cpp - GoogLeNet (Inception v1) and Inception v3 ----------===//
//
// The Inception networks exactly as torchvision builds them, without the
// auxiliary classifiers (torchvision drops them from the pretrained models;
// they only matter for training). Every conv is torchvision's BasicConv2d:
// conv without bias, BN with eps 0.001, ReLU ("<name>.conv", "<name>.bn").
//
// GoogLeNet (Szegedy et al., "Going Deeper with Convolutions", 2014): the
// stem, nine Inception modules of four branches (1x1; 1x1 then 3x3; 1x1
// then "5x5"; 3x3 max pool then 1x1), max pools in ceil mode between the
// groups, global average pooling, Dropout(0.2), the classifier. Like
// torchvision, the "5x5" branch uses a 3x3 kernel (a known slip of the
// original port that its pretrained weights depend on), BN replaces the
// paper's LRN, and transform_input is off.
//
// Inception v3 (Szegedy et al., "Rethinking the Inception Architecture for
// Computer Vision", 2015): the 299x299 stem, Mixed_5b..5d (InceptionA),
// Mixed_6a (B, grid reduction), Mixed_6b..6e (C, factorized 7x7), Mixed_7a
// (D, reduction), Mixed_7b..7c (E, expanded 3x3 branches), global average
// pooling, Dropout(0.5), the classifier. The smallest input is 75x75.
//
//===----------------------------------------------------------------------===//

#include "Builders.h"

namespace dlc::zoo::detail {

namespace {

/// torchvision's BasicConv2d as module `name`.
Tensor basicConv(Graph &g, Tensor x, const std::string &name, int64_t out, Pair kernel,
                 Pair stride = 1, Padding padding = 0) {
  auto s = g.scope(name);
  x = g.conv2d(x, out, kernel,
               Conv2dOptions().stride(stride).padding(padding).bias(false).name("conv"));
  x = g.batchNorm(x, BatchNormOptions().eps(0.001).name("bn"));
  return g.relu(x, "relu");
}

//===----------------------------------------------------------------------===//
// GoogLeNet
//===----------------------------------------------------------------------===//

Tensor inceptionV1(Graph &g, Tensor x, const std::string &name, int64_t ch1x1,
                   int64_t ch3x3red, int64_t ch3x3, int64_t ch5x5red, int64_t ch5x5,
                   int64_t poolProj) {
  auto s = g.scope(name);
  Tensor b1 = basicConv(g, x, "branch1", ch1x1, 1);
  Tensor b2, b3, b4;
  {
    auto bs = g.scope("branch2");
    b2 = basicConv(g, x, "0", ch3x3red, 1);
    b2 = basicConv(g, b2, "1", ch3x3, 3, 1, 1);
  }
  {
    auto bs = g.scope("branch3");
    b3 = basicConv(g, x, "0", ch5x5red, 1);
    b3 = basicConv(g, b3, "1", ch5x5, 3, 1, 1); // torchvision's 3x3, see above
  }
  {
    auto bs = g.scope("branch4");
    b4 = g.maxPool2d(x, 3, PoolOptions().stride(1).padding(1).ceilMode(true).name("0"));
    b4 = basicConv(g, b4, "1", poolProj, 1);
  }
  return g.concat({b1, b2, b3, b4}, 1, "cat");
}

//===----------------------------------------------------------------------===//
// Inception v3
//===----------------------------------------------------------------------===//

/// The 3x3 stride-1 average pool (padding 1, counting the padding, as
/// F.avg_pool2d's default) in front of the pool branches.
Tensor avgPool3(Graph &g, Tensor x) {
  return g.avgPool2d(x, 3, PoolOptions().stride(1).padding(1).name("avg_pool"));
}

Tensor maxPool3s2(Graph &g, Tensor x) {
  return g.maxPool2d(x, 3, PoolOptions().stride(2).name("max_pool"));
}

Tensor inceptionA(Graph &g, Tensor x, const std::string &name, int64_t poolFeatures) {
  auto s = g.scope(name);
  Tensor b1 = basicConv(g, x, "branch1x1", 64, 1);
  Tensor b5 = basicConv(g, x, "branch5x5_1", 48, 1);
  b5 = basicConv(g, b5, "branch5x5_2", 64, 5, 1, 2);
  Tensor b3 = basicConv(g, x, "branch3x3dbl_1", 64, 1);
  b3 = basicConv(g, b3, "branch3x3dbl_2", 96, 3, 1, 1);
  b3 = basicConv(g, b3, "branch3x3dbl_3", 96, 3, 1, 1);
  Tensor bp = basicConv(g, avgPool3(g, x), "branch_pool", poolFeatures, 1);
  return g.concat({b1, b5, b3, bp}, 1, "cat");
}

Tensor inceptionB(Graph &g, Tensor x, const std::string &name) {
  auto s = g.scope(name);
  Tensor b3 = basicConv(g, x, "branch3x3", 384, 3, 2);
  Tensor bd = basicConv(g, x, "branch3x3dbl_1", 64, 1);
  bd = basicConv(g, bd, "branch3x3dbl_2", 96, 3, 1, 1);
  bd = basicConv(g, bd, "branch3x3dbl_3", 96, 3, 2);
  Tensor bp = maxPool3s2(g, x);
  return g.concat({b3, bd, bp}, 1, "cat");
}

Tensor inceptionC(Graph &g, Tensor x, const std::string &name, int64_t c7) {
  auto s = g.scope(name);
  Pair k17(1, 7), k71(7, 1);
  Padding p17(0, 3), p71(3, 0);
  Tensor b1 = basicConv(g, x, "branch1x1", 192, 1);
  Tensor b7 = basicConv(g, x, "branch7x7_1", c7, 1);
  b7 = basicConv(g, b7, "branch7x7_2", c7, k17, 1, p17);
  b7 = basicConv(g, b7, "branch7x7_3", 192, k71, 1, p71);
  Tensor bd = basicConv(g, x, "branch7x7dbl_1", c7, 1);
  bd = basicConv(g, bd, "branch7x7dbl_2", c7, k71, 1, p71);
  bd = basicConv(g, bd, "branch7x7dbl_3", c7, k17, 1, p17);
  bd = basicConv(g, bd, "branch7x7dbl_4", c7, k71, 1, p71);
  bd = basicConv(g, bd, "branch7x7dbl_5", 192, k17, 1, p17);
  Tensor bp = basicConv(g, avgPool3(g, x), "branch_pool", 192, 1);
  return g.concat({b1, b7, bd, bp}, 1, "cat");
}

Tensor inceptionD(Graph &g, Tensor x, const std::string &name) {
  auto s = g.scope(name);
  Tensor b3 = basicConv(g, x, "branch3x3_1", 192, 1);
  b3 = basicConv(g, b3, "branch3x3_2", 320, 3, 2);
  Tensor b7 = basicConv(g, x, "branch7x7x3_1", 192, 1);
  b7 = basicConv(g, b7, "branch7x7x3_2", 192, Pair(1, 7), 1, Padding(0, 3));
  b7 = basicConv(g, b7, "branch7x7x3_3", 192, Pair(7, 1), 1, Padding(3, 0));
  b7 = basicConv(g, b7, "branch7x7x3_4", 192, 3, 2);
  Tensor bp = maxPool3s2(g, x);
  return g.concat({b3, b7, bp}, 1, "cat");
}

Tensor inceptionE(Graph &g, Tensor x, const std::string &name) {
  auto s = g.scope(name);
  Pair k13(1, 3), k31(3, 1);
  Padding p13(0, 1), p31(1, 0);
  Tensor b1 = basicConv(g, x, "branch1x1", 320, 1);
  Tensor b3 = basicConv(g, x, "branch3x3_1", 384, 1);
  b3 = g.concat({basicConv(g, b3, "branch3x3_2a", 384, k13, 1, p13),
                 basicConv(g, b3, "branch3x3_2b", 384, k31, 1, p31)},
                1, "cat_3x3");
  Tensor bd = basicConv(g, x, "branch3x3dbl_1", 448, 1);
  bd = basicConv(g, bd, "branch3x3dbl_2", 384, 3, 1, 1);
  bd = g.concat({basicConv(g, bd, "branch3x3dbl_3a", 384, k13, 1, p13),
                 basicConv(g, bd, "branch3x3dbl_3b", 384, k31, 1, p31)},
                1, "cat_3x3dbl");
  Tensor bp = basicConv(g, avgPool3(g, x), "branch_pool", 192, 1);
  return g.concat({b1, b3, bd, bp}, 1, "cat");
}

} // namespace

void buildGoogLeNet(Graph &g, const ZooOptions &o) {
  Tensor x = imageInput(g, o);
  auto ceilPool = [&](Tensor t, Pair k, const std::string &name) {
    return g.maxPool2d(t, k, PoolOptions().stride(2).ceilMode(true).name(name));
  };
  x = basicConv(g, x, "conv1", 64, 7, 2, 3);
  x = ceilPool(x, 3, "maxpool1");
  x = basicConv(g, x, "conv2", 64, 1);
  x = basicConv(g, x, "conv3", 192, 3, 1, 1);
  x = ceilPool(x, 3, "maxpool2");
  x = inceptionV1(g, x, "inception3a", 64, 96, 128, 16, 32, 32);
  x = inceptionV1(g, x, "inception3b", 128, 128, 192, 32, 96, 64);
  x = ceilPool(x, 3, "maxpool3");
  x = inceptionV1(g, x, "inception4a", 192, 96, 208, 16, 48, 64);
  x = inceptionV1(g, x, "inception4b", 160, 112, 224, 24, 64, 64);
  x = inceptionV1(g, x, "inception4c", 128, 128, 256, 24, 64, 64);
  x = inceptionV1(g, x, "inception4d", 112, 144, 288, 32, 64, 64);
  x = inceptionV1(g, x, "inception4e", 256, 160, 320, 32, 128, 128);
  x = ceilPool(x, 2, "maxpool4");
  x = inceptionV1(g, x, "inception5a", 256, 160, 320, 32, 128, 128);
  x = inceptionV1(g, x, "inception5b", 384, 192, 384, 48, 128, 128);
  x = g.flatten(g.adaptiveAvgPool2d(x, 1, "avgpool"), 1);
  x = g.dropout(x, 0.2, DropoutOptions().name("dropout"));
  g.output(g.linear(x, o.classes, LinearOptions().name("fc")), "logits");
}

void buildInceptionV3(Graph &g, const ZooOptions &o) {
  Tensor x = imageInput(g, o);
  x = basicConv(g, x, "Conv2d_1a_3x3", 32, 3, 2);
  x = basicConv(g, x, "Conv2d_2a_3x3", 32, 3);
  x = basicConv(g, x, "Conv2d_2b_3x3", 64, 3, 1, 1);
  x = g.maxPool2d(x, 3, PoolOptions().stride(2).name("maxpool1"));
  x = basicConv(g, x, "Conv2d_3b_1x1", 80, 1);
  x = basicConv(g, x, "Conv2d_4a_3x3", 192, 3);
  x = g.maxPool2d(x, 3, PoolOptions().stride(2).name("maxpool2"));
  x = inceptionA(g, x, "Mixed_5b", 32);
  x = inceptionA(g, x, "Mixed_5c", 64);
  x = inceptionA(g, x, "Mixed_5d", 64);
  x = inceptionB(g, x, "Mixed_6a");
  x = inceptionC(g, x, "Mixed_6b", 128);
  x = inceptionC(g, x, "Mixed_6c", 160);
  x = inceptionC(g, x, "Mixed_6d", 160);
  x = inceptionC(g, x, "Mixed_6e", 192);
  x = inceptionD(g, x, "Mixed_7a");
  x = inceptionE(g, x, "Mixed_7b");
  x = inceptionE(g, x, "Mixed_7c");
  x = g.flatten(g.adaptiveAvgPool2d(x, 1, "avgpool"), 1);
  x = g.dropout(x, 0.5, DropoutOptions().name("dropout"));
  g.output(g.linear(x, o.classes, LinearOptions().name("fc")), "logits");
}

} // namespace dlc::zoo::detail
