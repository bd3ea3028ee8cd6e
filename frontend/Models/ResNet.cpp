//===- ResNet.cpp - ResNet, pre-activation ResNet, ResNeXt, SE-ResNet ------===//
//
// Residual networks (He et al., "Deep Residual Learning for Image
// Recognition", 2015) as torchvision builds them: a 7x7 stride-2 stem conv,
// BN, ReLU and a 3x3 stride-2 max pool (224 -> 112 -> 56), four stages of
// basic (ResNet-18/34) or bottleneck (50/101/152) blocks whose first block
// halves the size with a stride-2 conv (56 -> 28 -> 14 -> 7) and doubles the
// channels, global average pooling and one linear layer. Convs have no
// bias; BN eps 1e-5; a projection shortcut (1x1 conv + BN, "downsample.0/1")
// wherever the shape changes. The bottleneck is torchvision's "v1.5": the
// stride sits on the 3x3 conv.
//
// ResNeXt-50 32x4d (Xie et al., "Aggregated Residual Transformations",
// 2016): torchvision's bottleneck with 32 groups of width 4 in the 3x3 conv.
//
// SE-ResNet-50 (Hu et al., "Squeeze-and-Excitation Networks", 2017): each
// bottleneck rescales its residual branch, after bn3 and before the
// addition, by sigmoid(fc2(relu(fc1(global_avg_pool(x))))) with fc1 reducing
// the channels 16-fold ("se.fc1", "se.fc2", with biases, as timm's
// seresnet50). Deviation: the stride is on the 3x3 conv (torchvision v1.5,
// as timm) where the paper's Caffe model strides the first 1x1 conv; the
// parameter count is the same.
//
// Pre-activation ResNet-18 (He et al., "Identity Mappings in Deep Residual
// Networks", 2016): each basic block computes
// conv2(relu(bn2(conv1(relu(bn1(x)))))) + shortcut. As the paper's appendix
// prescribes, the stem's BN-ReLU is the first block's pre-activation (so
// layer1.0 has no bn1), projection shortcuts (a 1x1 conv without BN) take
// the pre-activated input, and an extra BN-ReLU ("final_bn") follows the
// last block.
//
//===----------------------------------------------------------------------===//

#include "Builders.h"

namespace dlc::zoo::detail {

namespace {

struct ResNetConfig {
  bool bottleneck = false;
  std::vector<int64_t> blocks; ///< blocks per stage
  int64_t groups = 1;
  int64_t widthPerGroup = 64;
  bool squeezeExcite = false;
  bool preActivation = false;
};

Tensor conv(Graph &g, Tensor x, int64_t out, int64_t kernel, int64_t stride,
            const std::string &name, int64_t groups = 1) {
  return g.conv2d(x, out, kernel,
                  Conv2dOptions()
                      .stride(stride)
                      .padding(kernel / 2)
                      .groups(groups)
                      .bias(false)
                      .init(Init::KaimingNormal)
                      .name(name));
}

Tensor bn(Graph &g, Tensor x, const std::string &name) {
  return g.batchNorm(x, BatchNormOptions().name(name));
}

/// The squeeze-and-excitation gate of `x` [N, C, H, W], in scope "se".
Tensor squeezeExcite(Graph &g, Tensor x, int64_t reduction) {
  auto s = g.scope("se");
  int64_t n = x.dim(0), c = x.dim(1);
  Tensor w = g.flatten(g.globalAvgPool(x, "pool"), 1);
  w = g.relu(g.linear(w, c / reduction, LinearOptions().name("fc1")));
  w = g.sigmoid(g.linear(w, c, LinearOptions().name("fc2")));
  return g.mul(x, g.reshape(w, {n, c, 1, 1}), "scale");
}

/// The projection shortcut "downsample": 1x1 conv (stride) + BN.
Tensor projection(Graph &g, Tensor x, int64_t out, int64_t stride, bool withBn) {
  auto s = g.scope("downsample");
  x = conv(g, x, out, 1, stride, "0");
  return withBn ? bn(g, x, "1") : x;
}

Tensor basicBlock(Graph &g, Tensor x, int64_t planes, int64_t stride) {
  bool project = stride != 1 || x.dim(1) != planes;
  Tensor out = g.relu(bn(g, conv(g, x, planes, 3, stride, "conv1"), "bn1"));
  out = bn(g, conv(g, out, planes, 3, 1, "conv2"), "bn2");
  Tensor identity = project ? projection(g, x, planes, stride, true) : x;
  return g.relu(g.add(out, identity));
}

Tensor bottleneck(Graph &g, Tensor x, int64_t planes, int64_t stride,
                  const ResNetConfig &c) {
  int64_t width = planes * c.widthPerGroup / 64 * c.groups;
  int64_t out = planes * 4;
  bool project = stride != 1 || x.dim(1) != out;
  Tensor y = g.relu(bn(g, conv(g, x, width, 1, 1, "conv1"), "bn1"));
  y = g.relu(bn(g, conv(g, y, width, 3, stride, "conv2", c.groups), "bn2"));
  y = bn(g, conv(g, y, out, 1, 1, "conv3"), "bn3");
  if (c.squeezeExcite)
    y = squeezeExcite(g, y, 16);
  Tensor identity = project ? projection(g, x, out, stride, true) : x;
  return g.relu(g.add(y, identity));
}

/// He et al. 2016's full pre-activation unit. `activated` says the input
/// already went through BN-ReLU (the stem's, for the first block).
Tensor preActBlock(Graph &g, Tensor x, int64_t planes, int64_t stride,
                   bool activated) {
  bool project = stride != 1 || x.dim(1) != planes;
  Tensor pre = activated ? x : g.relu(bn(g, x, "bn1"));
  Tensor shortcut = project ? projection(g, pre, planes, stride, false) : x;
  Tensor y = conv(g, pre, planes, 3, stride, "conv1");
  y = conv(g, g.relu(bn(g, y, "bn2")), planes, 3, 1, "conv2");
  return g.add(y, shortcut);
}

void buildResNet(Graph &g, const ZooOptions &o, const ResNetConfig &c) {
  Tensor x = imageInput(g, o);
  x = g.relu(bn(g, conv(g, x, 64, 7, 2, "conv1"), "bn1"), "relu");
  x = g.maxPool2d(x, 3, PoolOptions().stride(2).padding(1).name("maxpool"));
  for (size_t stage = 0; stage < c.blocks.size(); ++stage) {
    auto s = g.scope("layer" + std::to_string(stage + 1));
    int64_t planes = int64_t(64) << stage;
    for (int64_t b = 0; b < c.blocks[stage]; ++b) {
      auto bs = g.scope(seq(b));
      int64_t stride = (stage > 0 && b == 0) ? 2 : 1;
      if (c.preActivation)
        x = preActBlock(g, x, planes, stride, /*activated=*/stage == 0 && b == 0);
      else if (c.bottleneck)
        x = bottleneck(g, x, planes, stride, c);
      else
        x = basicBlock(g, x, planes, stride);
    }
  }
  if (c.preActivation)
    x = g.relu(bn(g, x, "final_bn"));
  poolAndClassify(g, x, o.classes, "avgpool", "fc");
}

} // namespace

void buildResNet18(Graph &g, const ZooOptions &o) {
  buildResNet(g, o, {false, {2, 2, 2, 2}});
}
void buildResNet34(Graph &g, const ZooOptions &o) {
  buildResNet(g, o, {false, {3, 4, 6, 3}});
}
void buildResNet50(Graph &g, const ZooOptions &o) {
  buildResNet(g, o, {true, {3, 4, 6, 3}});
}
void buildResNet101(Graph &g, const ZooOptions &o) {
  buildResNet(g, o, {true, {3, 4, 23, 3}});
}
void buildResNet152(Graph &g, const ZooOptions &o) {
  buildResNet(g, o, {true, {3, 8, 36, 3}});
}
void buildResNeXt50(Graph &g, const ZooOptions &o) {
  buildResNet(g, o, {true, {3, 4, 6, 3}, /*groups=*/32, /*widthPerGroup=*/4});
}
void buildSEResNet50(Graph &g, const ZooOptions &o) {
  buildResNet(g, o, {true, {3, 4, 6, 3}, 1, 64, /*squeezeExcite=*/true});
}
void buildPreActResNet18(Graph &g, const ZooOptions &o) {
  buildResNet(g, o, {false, {2, 2, 2, 2}, 1, 64, false, /*preActivation=*/true});
}

} // namespace dlc::zoo::detail
