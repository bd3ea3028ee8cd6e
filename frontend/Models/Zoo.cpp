//===- Zoo.cpp - the model zoo's registry ----------------------------------===//
//
// The list of zoo models with their defaults, and buildModel(): it fills in
// the defaults, rejects sizes no architecture can take, builds the model
// into a fresh Graph, and prefixes every error with the model's name so a
// layer that rejects its input ("input too small for the kernel") is
// reported as "zoo model 'vgg11' (input size 16): maxpool2d 'features.20':
// ...". The architectures themselves live in one file per family.
//
//===----------------------------------------------------------------------===//

#include "Builders.h"

namespace dlc::zoo {

using namespace detail;

void detail::poolAndClassify(Graph &g, Tensor x, int64_t classes,
                             const std::string &pool, const std::string &fc) {
  x = g.adaptiveAvgPool2d(x, 1, pool);
  x = g.flatten(x, 1);
  g.output(g.linear(x, classes, LinearOptions().name(fc)), "logits");
}

const std::vector<ModelInfo> &models() {
  // name, description, classes, input size, small input size, builder
  // (+ fixed input size, minimum classes).
  static const std::vector<ModelInfo> list = {
      {"vgg11", "VGG-11 (Simonyan & Zisserman 2014, torchvision config A)", 1000, 224,
       32, buildVgg11},
      {"vgg16", "VGG-16 (Simonyan & Zisserman 2014, torchvision config D)", 1000, 224,
       32, buildVgg16},
      {"zfnet", "ZFNet (Zeiler & Fergus 2013): 7x7 stride-2 first conv, LRN", 1000,
       224, 64, buildZFNet},
      {"googlenet", "GoogLeNet / Inception v1 (Szegedy et al. 2014, torchvision, no aux)",
       1000, 224, 32, buildGoogLeNet},
      {"inception_v3", "Inception v3 (Szegedy et al. 2015, torchvision, no aux logits)",
       1000, 299, 75, buildInceptionV3},
      {"resnet18", "ResNet-18 (He et al. 2015, torchvision)", 1000, 224, 32,
       buildResNet18},
      {"resnet34", "ResNet-34 (He et al. 2015, torchvision)", 1000, 224, 32,
       buildResNet34},
      {"resnet50", "ResNet-50 v1.5 (He et al. 2015, torchvision)", 1000, 224, 32,
       buildResNet50},
      {"resnet101", "ResNet-101 v1.5 (He et al. 2015, torchvision)", 1000, 224, 32,
       buildResNet101},
      {"resnet152", "ResNet-152 v1.5 (He et al. 2015, torchvision)", 1000, 224, 32,
       buildResNet152},
      {"preact_resnet18", "pre-activation ResNet-18 (He et al. 2016, BN-ReLU-conv)",
       1000, 224, 32, buildPreActResNet18},
      {"resnext50_32x4d", "ResNeXt-50 32x4d (Xie et al. 2016, torchvision)", 1000, 224,
       32, buildResNeXt50},
      {"se_resnet50", "SE-ResNet-50 (Hu et al. 2017, reduction 16)", 1000, 224, 32,
       buildSEResNet50},
      {"densenet121", "DenseNet-121 (Huang et al. 2016, torchvision)", 1000, 224, 32,
       buildDenseNet121},
      {"squeezenet1_0", "SqueezeNet 1.0 (Iandola et al. 2016, torchvision)", 1000, 224,
       32, buildSqueezeNet10},
      {"squeezenet1_1", "SqueezeNet 1.1 (torchvision)", 1000, 224, 32,
       buildSqueezeNet11},
      {"mobilenet_v1", "MobileNet v1 (Howard et al. 2017, width 1.0)", 1000, 224, 32,
       buildMobileNetV1},
      {"mobilenet_v2", "MobileNet v2 (Sandler et al. 2018, torchvision)", 1000, 224, 32,
       buildMobileNetV2},
      {"shufflenet_v2_x1_0", "ShuffleNet v2 1.0x (Ma et al. 2018, torchvision)", 1000,
       224, 32, buildShuffleNetV2},
      {"lstm_lm", "2-layer LSTM language model (Zaremba et al. 2014, medium)", 10000, 35,
       4, buildLstmLM},
      {"seq2seq_attention",
       "GRU encoder-decoder with additive attention (Bahdanau et al. 2014)", 10000, 16,
       4, buildSeq2SeqAttention},
      {"dcgan_generator", "DCGAN generator (Radford et al. 2015), 64x64, nz=100", 0, 64,
       64, buildDCGANGenerator, /*fixedInputSize=*/true},
      {"dcgan_discriminator", "DCGAN discriminator (Radford et al. 2015), 64x64", 0, 64,
       64, buildDCGANDiscriminator, /*fixedInputSize=*/true},
      {"yolo_head", "YOLO-style detector (Redmon et al.): small backbone, 1x1 head", 20,
       416, 32, buildYoloHead},
      {"ssd_head",
       "SSD-style detector (Liu et al. 2016): multi-scale heads, box decoding, NMS", 21,
       300, 32, buildSSDHead, /*fixedInputSize=*/false, /*minClasses=*/2},
  };
  return list;
}

const ModelInfo *findModel(const std::string &name) {
  for (const ModelInfo &m : models())
    if (m.name == name)
      return &m;
  return nullptr;
}

std::unique_ptr<Graph> buildModel(const std::string &name, ZooOptions options) {
  const ModelInfo *info = findModel(name);
  if (!info) {
    std::string known;
    for (const ModelInfo &m : models())
      known += (known.empty() ? "" : ", ") + m.name;
    throw GraphError("unknown zoo model '" + name + "' (known: " + known + ")");
  }
  std::string prefix = "zoo model '" + name + "'";
  auto fail = [&](const std::string &message) {
    throw GraphError(prefix + ": " + message);
  };

  if (options.classes < 0)
    fail("classes must be positive, got " + std::to_string(options.classes));
  if (options.inputSize < 0)
    fail("input size must be positive, got " + std::to_string(options.inputSize));
  if (options.batch <= 0)
    fail("batch must be positive, got " + std::to_string(options.batch));
  if (info->defaultClasses == 0 && options.classes != 0)
    fail("the model has no classes to set (got " + std::to_string(options.classes) +
         ")");
  if (options.classes == 0)
    options.classes = info->defaultClasses;
  if (options.inputSize == 0)
    options.inputSize = info->defaultInputSize;
  if (info->defaultClasses != 0 && options.classes < info->minClasses)
    fail("classes must be at least " + std::to_string(info->minClasses) + ", got " +
         std::to_string(options.classes));
  if (info->fixedInputSize && options.inputSize != info->defaultInputSize)
    fail("the architecture takes only input size " +
         std::to_string(info->defaultInputSize) + ", got " +
         std::to_string(options.inputSize));

  auto graph = std::make_unique<Graph>(name, options.seed);
  try {
    info->build(*graph, options);
  } catch (const GraphError &e) {
    // The layer's own message names the layer; add the model and its size.
    throw GraphError(prefix + " (input size " + std::to_string(options.inputSize) +
                     "): " + e.what());
  }
  return graph;
}

} // namespace dlc::zoo
