//===- Builders.h - the zoo's per-family builders (internal) ------*- C++ -*-===//
//
// What the family files (VGG.cpp, ResNet.cpp, ...) export to the registry in
// Zoo.cpp, and the few helpers they share. Not installed: users go through
// Models.h. Every builder receives options whose zeros the registry has
// already replaced by the model's defaults, and validated sizes.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_FRONTEND_MODELS_BUILDERS_H
#define DLC_FRONTEND_MODELS_BUILDERS_H

#include "dlc/Frontend/Models.h"

#include <string>

namespace dlc::zoo::detail {

/// The name of item `i` of a torch nn.Sequential ("features.3" is
/// `scope("features")` then `seq(3)`).
inline std::string seq(int64_t i) { return std::to_string(i); }

/// The NCHW image input every vision model starts from: "input",
/// [batch, 3, inputSize, inputSize].
inline Tensor imageInput(Graph &g, const ZooOptions &o) {
  return g.input("input", {o.batch, 3, o.inputSize, o.inputSize});
}

/// torchvision's flatten-then-classify ending: `x` is [N, C, H, W] features;
/// adaptive average pooling to 1x1 (named `pool`), flatten, the final linear
/// layer `fc` over `classes`, output "logits".
void poolAndClassify(Graph &g, Tensor x, int64_t classes, const std::string &pool,
                     const std::string &fc);

// VGG.cpp
void buildVgg11(Graph &g, const ZooOptions &o);
void buildVgg16(Graph &g, const ZooOptions &o);
void buildZFNet(Graph &g, const ZooOptions &o);
// GoogLeNet.cpp
void buildGoogLeNet(Graph &g, const ZooOptions &o);
void buildInceptionV3(Graph &g, const ZooOptions &o);
// ResNet.cpp
void buildResNet18(Graph &g, const ZooOptions &o);
void buildResNet34(Graph &g, const ZooOptions &o);
void buildResNet50(Graph &g, const ZooOptions &o);
void buildResNet101(Graph &g, const ZooOptions &o);
void buildResNet152(Graph &g, const ZooOptions &o);
void buildPreActResNet18(Graph &g, const ZooOptions &o);
void buildResNeXt50(Graph &g, const ZooOptions &o);
void buildSEResNet50(Graph &g, const ZooOptions &o);
// DenseNet.cpp
void buildDenseNet121(Graph &g, const ZooOptions &o);
// SqueezeNet.cpp
void buildSqueezeNet10(Graph &g, const ZooOptions &o);
void buildSqueezeNet11(Graph &g, const ZooOptions &o);
// MobileNet.cpp
void buildMobileNetV1(Graph &g, const ZooOptions &o);
void buildMobileNetV2(Graph &g, const ZooOptions &o);
void buildShuffleNetV2(Graph &g, const ZooOptions &o);
// Sequence.cpp
void buildLstmLM(Graph &g, const ZooOptions &o);
void buildSeq2SeqAttention(Graph &g, const ZooOptions &o);
// DCGAN.cpp
void buildDCGANGenerator(Graph &g, const ZooOptions &o);
void buildDCGANDiscriminator(Graph &g, const ZooOptions &o);
// Detection.cpp
void buildYoloHead(Graph &g, const ZooOptions &o);
void buildSSDHead(Graph &g, const ZooOptions &o);

} // namespace dlc::zoo::detail

#endif // DLC_FRONTEND_MODELS_BUILDERS_H
