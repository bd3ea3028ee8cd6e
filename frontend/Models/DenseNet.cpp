//===- DenseNet.cpp - DenseNet-121 -----------------------------------------===//
//
// DenseNet-121 (Huang et al., "Densely Connected Convolutional Networks",
// 2016) exactly as torchvision builds it: growth rate 32, blocks of 6, 12,
// 24 and 16 layers, bottleneck width 4 * 32, 64 initial features,
// compression 0.5, no dropout. Each dense layer is
// BN-ReLU-conv1x1(128)-BN-ReLU-conv3x3(32) on the concatenation of every
// earlier feature map of its block; transitions are BN-ReLU-conv1x1 halving
// the channels, then 2x2 average pooling. Module paths as torchvision's
// ("features.denseblock1.denselayer1.conv1", "features.transition1.conv",
// "features.norm5", "classifier").
//
// The concatenation is built incrementally (each layer appends its 32 new
// channels to the running feature map), which is the same tensor as
// torchvision's torch.cat(prev_features) with one concat per layer.
//
//===----------------------------------------------------------------------===//

#include "Builders.h"

namespace dlc::zoo::detail {

namespace {

Tensor bnReluConv(Graph &g, Tensor x, int64_t out, int64_t kernel,
                  const std::string &norm, const std::string &relu,
                  const std::string &conv) {
  x = g.relu(g.batchNorm(x, BatchNormOptions().name(norm)), relu);
  return g.conv2d(x, out, kernel,
                  Conv2dOptions()
                      .padding(kernel / 2)
                      .bias(false)
                      .init(Init::KaimingNormal)
                      .name(conv));
}

} // namespace

void buildDenseNet121(Graph &g, const ZooOptions &o) {
  const int64_t growth = 32, bnSize = 4;
  const std::vector<int64_t> blocks = {6, 12, 24, 16};
  Tensor x = imageInput(g, o);
  {
    auto s = g.scope("features");
    x = g.conv2d(x, 64, 7,
                 Conv2dOptions()
                     .stride(2)
                     .padding(3)
                     .bias(false)
                     .init(Init::KaimingNormal)
                     .name("conv0"));
    x = g.relu(g.batchNorm(x, BatchNormOptions().name("norm0")), "relu0");
    x = g.maxPool2d(x, 3, PoolOptions().stride(2).padding(1).name("pool0"));
    for (size_t b = 0; b < blocks.size(); ++b) {
      {
        auto bs = g.scope("denseblock" + std::to_string(b + 1));
        for (int64_t l = 0; l < blocks[b]; ++l) {
          auto ls = g.scope("denselayer" + std::to_string(l + 1));
          Tensor y = bnReluConv(g, x, bnSize * growth, 1, "norm1", "relu1", "conv1");
          y = bnReluConv(g, y, growth, 3, "norm2", "relu2", "conv2");
          x = g.concat({x, y}, 1, "cat");
        }
      }
      if (b + 1 < blocks.size()) {
        auto ts = g.scope("transition" + std::to_string(b + 1));
        x = bnReluConv(g, x, x.dim(1) / 2, 1, "norm", "relu", "conv");
        x = g.avgPool2d(x, 2, PoolOptions().stride(2).name("pool"));
      }
    }
    x = g.batchNorm(x, BatchNormOptions().name("norm5"));
  }
  x = g.relu(x);
  poolAndClassify(g, x, o.classes, "avgpool", "classifier");
}

} // namespace dlc::zoo::detail
