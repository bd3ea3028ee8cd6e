//===- ZooTest.cpp - the model zoo builds, counts and runs ----------------===//
//
// Three kinds of test of frontend/Models:
//   1. parameter counts at 1000 classes and the standard input, against
//      torchvision's published numbers or, for models torchvision lacks, a
//      derivation by hand from the papers' layer shapes (the arithmetic is
//      in the comments; none of it comes from running the zoo);
//   2. every model builds at its small input with few classes, JIT-compiles,
//      runs on random inputs, and returns outputs of the expected shapes
//      holding finite values (the time each takes is printed);
//   3. bad options and inputs too small for a kernel fail with a GraphError
//      that names the model and, for a layer, the layer.
//
//===----------------------------------------------------------------------===//

#include "dlc/Frontend/Models.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <cmath>
#include <iostream>
#include <random>

using dlc::Shape;
using dlc::zoo::buildModel;
using dlc::zoo::ZooOptions;

namespace {

//===----------------------------------------------------------------------===//
// 1. Parameter counts
//===----------------------------------------------------------------------===//

struct Count {
  const char *model;
  int64_t parameters;
};

// torchvision 0.14's numbers (the weights tables' "num_params" and
// sum(p.numel() for p in model.parameters())). BatchNorm running statistics
// are buffers there, as in the zoo.
const Count torchvisionCounts[] = {
    {"resnet18", 11689512},
    {"resnet34", 21797672},
    {"resnet50", 25557032},
    {"resnet101", 44549160},
    {"resnet152", 60192808},
    {"resnext50_32x4d", 25028904},
    {"vgg11", 132863336},
    {"vgg16", 138357544},
    {"mobilenet_v2", 3504872},
    {"squeezenet1_0", 1248424},
    {"squeezenet1_1", 1235496},
    {"shufflenet_v2_x1_0", 2278604},
    {"densenet121", 7978856},
    // GoogLeNet without the two auxiliary classifiers (torchvision deletes
    // them from the pretrained model; its table's 6,624,904 is that model).
    {"googlenet", 6624904},
    // torchvision lists 27,161,264 for Inception v3 *with* AuxLogits; the aux
    // head is BasicConv2d(768, 128, 1) = 98,304 + 256, BasicConv2d(128, 768,
    // 5) = 2,457,600 + 1,536 and Linear(768, 1000) = 769,000, together
    // 3,326,696. Without it: 27,161,264 - 3,326,696 = 23,834,568.
    {"inception_v3", 23834568},
};

// Models torchvision does not have: counts derived by hand.
const Count derivedCounts[] = {
    // ZFNet (Zeiler & Fergus 2013, Fig. 3), convs and linears with bias:
    // conv1 3*96*49+96 = 14,208; conv2 96*256*25+256 = 614,656;
    // conv3 256*384*9+384 = 885,120; conv4 384*384*9+384 = 1,327,488;
    // conv5 384*256*9+256 = 884,992; fc6 9216*4096+4096 = 37,752,832;
    // fc7 4096*4096+4096 = 16,781,312; fc8 4096*1000+1000 = 4,097,000.
    {"zfnet", 62357608},
    // Pre-activation ResNet-18: resnet18's convs and fc (11,689,512 minus
    // its 4,800 BN channels * 2 = 9,600 BN parameters: 11,679,912) plus BN
    // channels stem 64; layer1.0 none (the stem's BN-ReLU pre-activates it)
    // + bn2 64; layer1.1 64 + 64; layer2 (64 + 128) + (128 + 128); layer3
    // (128 + 256) + (256 + 256); layer4 (256 + 512) + (512 + 512); final 512:
    // 3,904 channels = 7,808 parameters; the projection shortcuts have no
    // BN. 11,679,912 + 7,808 = 11,687,720.
    {"preact_resnet18", 11687720},
    // SE-ResNet-50: resnet50 plus, per block of C output channels, fc1
    // C*C/16 + C/16 and fc2 C/16*C + C: C=256: 8,464 x3; C=512: 33,312 x4;
    // C=1024: 132,160 x6; C=2048: 526,464 x3; sum 2,530,992.
    // 25,557,032 + 2,530,992 = 28,088,024 (timm's seresnet50 has the same
    // count; Hu et al. report 28.1M).
    {"se_resnet50", 28088024},
    // MobileNet v1 1.0 (Howard et al. Table 1), convs without bias, BN scale
    // and shift: stem 864 + 64; depthwise 9 * 4,960 channels + BN 9,920;
    // pointwise 3,139,584 + BN 2 * 5,952 = 11,904; fc 1024*1000+1000 =
    // 1,025,000. Total 4,231,976 (= Keras MobileNet's trainable count).
    {"mobilenet_v1", 4231976},
    // LSTM LM, vocabulary 10,000, 650 units, 2 layers (nn.LSTM layout: two
    // bias vectors): embedding 10,000*650 = 6,500,000; per layer
    // 4*650*650*2 + 8*650 = 3,385,200, two layers 6,770,400; decoder
    // 650*10,000 + 10,000 = 6,510,000. Total 19,780,400.
    {"lstm_lm", 19780400},
    // seq2seq, vocabulary 10,000, embedding = hidden = attention units = 256:
    // encoder embedding 2,560,000; encoder GRU 3*256*256*2 + 6*256 =
    // 394,752; decoder embedding 2,560,000; decoder GRU cell on 512 inputs
    // 3*256*512 + 3*256*256 + 6*256 = 591,360; attention W_q, W_k 256*256
    // each + v 256 = 131,328; output 512*10,000 + 10,000 = 5,130,000.
    // Total 11,367,440.
    {"seq2seq_attention", 11367440},
    // DCGAN (PyTorch examples/dcgan), no conv biases, BN scale + shift:
    // generator 100*512*16 + 1,024 + 512*256*16 + 512 + 256*128*16 + 256 +
    // 128*64*16 + 128 + 64*3*16 = 3,576,704;
    {"dcgan_generator", 3576704},
    // discriminator 3*64*16 + 64*128*16 + 256 + 128*256*16 + 512 +
    // 256*512*16 + 1,024 + 512*16 = 2,765,568.
    {"dcgan_discriminator", 2765568},
    // YOLO head, 20 classes, 5 anchors: 3x3 convs without bias + BN:
    // 432+32, 4,608+64, 18,432+128, 73,728+256, 294,912+512,
    // 1,179,648+1,024; head 1x1 512*125 + 125 = 64,125. Total 1,637,901.
    {"yolo_head", 1637901},
    // SSD head, 21 classes, 4 boxes per cell: backbone 864+64, 18,432+128,
    // 73,728+256 (93,472); extras 128*256*9+256 = 295,168 and 3 x
    // (256*256*9+256 = 590,080) (2,065,408); class heads 128*84*9+84 =
    // 96,852 and 4 x (256*84*9+84 = 193,620) (871,332); box heads
    // 128*16*9+16 = 18,448 and 4 x 36,880 (165,968). Total 3,196,180.
    {"ssd_head", 3196180},
};

void PrintTo(const Count &c, std::ostream *os) { *os << c.model; }

class ParameterCount : public ::testing::TestWithParam<Count> {};

TEST_P(ParameterCount, MatchesReference) {
  const Count &c = GetParam();
  std::unique_ptr<dlc::Graph> g = buildModel(c.model);
  EXPECT_EQ(g->numParameters(), c.parameters) << c.model;
  // Running statistics are there, but as buffers.
  bool sawBuffer = false;
  for (const dlc::ParameterInfo &p : g->parameters())
    if (!p.trainable) {
      sawBuffer = true;
      EXPECT_TRUE(p.name.find("running_") != std::string::npos) << p.name;
    }
  (void)sawBuffer;
}

std::string countName(const ::testing::TestParamInfo<Count> &info) {
  return info.param.model;
}

INSTANTIATE_TEST_SUITE_P(Torchvision, ParameterCount,
                         ::testing::ValuesIn(torchvisionCounts), countName);
INSTANTIATE_TEST_SUITE_P(Derived, ParameterCount, ::testing::ValuesIn(derivedCounts),
                         countName);

TEST(ZooNames, TorchvisionModulePaths) {
  // Weights must be loadable by torchvision's state_dict keys.
  auto has = [](const dlc::Graph &g, const std::string &name) {
    for (const dlc::ParameterInfo &p : g.parameters())
      if (p.name == name)
        return true;
    return false;
  };
  ZooOptions small;
  small.classes = 10;
  small.inputSize = 32;
  auto r = buildModel("resnet18", small);
  for (const char *n : {"conv1.weight", "bn1.weight", "bn1.running_var",
                        "layer1.0.conv1.weight", "layer2.0.downsample.0.weight",
                        "layer2.0.downsample.1.bias", "fc.weight", "fc.bias"})
    EXPECT_TRUE(has(*r, n)) << n;
  auto v = buildModel("vgg11", small);
  for (const char *n : {"features.0.weight", "features.18.bias", "classifier.0.weight",
                        "classifier.6.weight"})
    EXPECT_TRUE(has(*v, n)) << n;
  auto m = buildModel("mobilenet_v2", small);
  for (const char *n : {"features.0.0.weight", "features.1.conv.0.0.weight",
                        "features.2.conv.3.running_mean", "features.18.1.weight",
                        "classifier.1.weight"})
    EXPECT_TRUE(has(*m, n)) << n;
  auto d = buildModel("densenet121", small);
  for (const char *n : {"features.denseblock1.denselayer1.norm1.weight",
                        "features.transition3.conv.weight", "features.norm5.bias",
                        "classifier.weight"})
    EXPECT_TRUE(has(*d, n)) << n;
  auto i = buildModel("inception_v3", ZooOptions{10, 75, 1, 0});
  for (const char *n : {"Conv2d_1a_3x3.conv.weight", "Mixed_7c.branch3x3dbl_3b.bn.weight",
                        "fc.weight"})
    EXPECT_TRUE(has(*i, n)) << n;
}

//===----------------------------------------------------------------------===//
// 2. Every model compiles and runs
//===----------------------------------------------------------------------===//

struct RunCase {
  const char *model;
  int64_t classes; ///< 0 for DCGAN
  std::vector<std::pair<std::string, Shape>> outputs;
};

// Small inputs (each model's smallInputSize) and batch 2.
std::vector<RunCase> runCases() {
  const int64_t n = 2;
  std::vector<RunCase> cases;
  for (const char *m :
       {"vgg11", "vgg16", "zfnet", "googlenet", "inception_v3", "resnet18", "resnet34",
        "resnet50", "resnet101", "resnet152", "preact_resnet18", "resnext50_32x4d",
        "se_resnet50", "densenet121", "squeezenet1_0", "squeezenet1_1", "mobilenet_v1",
        "mobilenet_v2", "shufflenet_v2_x1_0"})
    cases.push_back({m, 10, {{"logits", {n, 10}}}});
  // Sequence models: --input-size 4 steps, vocabulary 16.
  cases.push_back({"lstm_lm", 16, {{"logits", {4, n, 16}}}});
  cases.push_back({"seq2seq_attention", 16, {{"logits", {4, n, 16}}}});
  cases.push_back({"dcgan_generator", 0, {{"image", {n, 3, 64, 64}}}});
  cases.push_back({"dcgan_discriminator", 0, {{"probability", {n}}}});
  // 32x32 input: a 1x1 grid of 5 anchors x (5 + 3) numbers.
  cases.push_back({"yolo_head", 3, {{"predictions", {n, 1, 1, 5, 8}}}});
  // 32x32 input: maps of 4, 2, 1, 1, 1 cells, 4 boxes each: A = 92 boxes;
  // 4 classes (3 objects); K = min(92, 200).
  cases.push_back(
      {"ssd_head", 4, {{"boxes", {n, 92, 4}}, {"scores", {n, 92, 4}}, {"keep", {n, 3, 92}}}});
  return cases;
}

/// gtest prints the case by its model's name.
void PrintTo(const RunCase &c, std::ostream *os) { *os << c.model; }

/// The JIT's optimization level: DLC_ZOO_OPT_LEVEL, else 1.
int zooOptLevel() {
  const char *env = std::getenv("DLC_ZOO_OPT_LEVEL");
  return env ? std::atoi(env) : 1;
}

class ZooRun : public ::testing::TestWithParam<RunCase> {};

TEST_P(ZooRun, CompilesAndRuns) {
  const RunCase &c = GetParam();
  const dlc::zoo::ModelInfo *info = dlc::zoo::findModel(c.model);
  ASSERT_NE(info, nullptr);
  ZooOptions options;
  options.classes = c.classes;
  options.inputSize = info->smallInputSize;
  options.batch = 2;
  options.seed = 7;

  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<dlc::Graph> g = buildModel(c.model, options);
  auto built = std::chrono::steady_clock::now();
  // The inputs are tiny, so compile time dominates: -O1 keeps it down.
  mlir::dlc::JITOptions jit;
  jit.optLevel = zooOptLevel();
  auto exe = g->compile(jit);
  ASSERT_TRUE(static_cast<bool>(exe)) << llvm::toString(exe.takeError());
  auto compiled = std::chrono::steady_clock::now();

  // Random inputs: N(0, 1) images and noise; i64 tokens uniform in the
  // vocabulary.
  std::mt19937 rng(1234);
  std::normal_distribution<float> normal(0.f, 1.f);
  std::vector<mlir::dlc::Tensor> inputs;
  for (const mlir::dlc::TensorSpec &spec : (*exe)->signature().inputs) {
    if (spec.type == mlir::dlc::ElementType::I64) {
      std::uniform_int_distribution<int64_t> token(0, c.classes - 1);
      std::vector<int64_t> ids(spec.numElements());
      for (int64_t &v : ids)
        v = token(rng);
      inputs.push_back(mlir::dlc::Tensor::ofI64(spec.shape, std::move(ids)));
      continue;
    }
    mlir::dlc::Tensor t;
    t.shape = spec.shape;
    t.data.resize(spec.numElements());
    for (float &v : t.data)
      v = normal(rng);
    inputs.push_back(std::move(t));
  }
  auto outputs = (*exe)->run(inputs);
  ASSERT_TRUE(static_cast<bool>(outputs)) << llvm::toString(outputs.takeError());
  auto ran = std::chrono::steady_clock::now();

  const auto &specs = (*exe)->signature().outputs;
  ASSERT_EQ(specs.size(), c.outputs.size());
  ASSERT_EQ(outputs->size(), c.outputs.size());
  for (size_t i = 0; i < c.outputs.size(); ++i) {
    EXPECT_EQ(specs[i].name, c.outputs[i].first);
    EXPECT_EQ((*outputs)[i].shape, c.outputs[i].second) << specs[i].name;
    int64_t bad = 0;
    for (float v : (*outputs)[i].data)
      bad += !std::isfinite(v);
    EXPECT_EQ(bad, 0) << specs[i].name << " has non-finite values";
  }
  // Output ranges the architectures guarantee.
  std::string m = c.model;
  auto &first = (*outputs)[0].data;
  if (m == "dcgan_generator") {
    for (float v : first)
      ASSERT_TRUE(v >= -1.f && v <= 1.f) << v;
  }
  if (m == "dcgan_discriminator") {
    for (float v : first)
      ASSERT_TRUE(v >= 0.f && v <= 1.f) << v;
  }
  if (m == "ssd_head") {
    const auto &keep = (*outputs)[2];
    ASSERT_EQ(keep.type, mlir::dlc::ElementType::I64);
    for (int64_t v : keep.i64)
      ASSERT_TRUE(v >= -1 && v < 92) << v;
    // Every class keeps at least its best box.
    for (int64_t row = 0; row < 2 * 3; ++row)
      EXPECT_GE(keep.i64[row * 92], 0);
  }

  using ms = std::chrono::milliseconds;
  auto msBetween = [](auto a, auto b) { return std::chrono::duration_cast<ms>(b - a).count(); };
  std::cout << "[ timing ] " << c.model << ": build " << msBetween(start, built)
            << " ms, compile " << msBetween(built, compiled) << " ms, run "
            << msBetween(compiled, ran) << " ms\n";
}

std::string runName(const ::testing::TestParamInfo<RunCase> &info) {
  return info.param.model;
}

INSTANTIATE_TEST_SUITE_P(AllModels, ZooRun, ::testing::ValuesIn(runCases()), runName);

TEST(ZooRegistry, EveryModelHasARunCase) {
  std::vector<RunCase> cases = runCases();
  EXPECT_EQ(cases.size(), dlc::zoo::models().size());
  for (const dlc::zoo::ModelInfo &m : dlc::zoo::models()) {
    bool found = false;
    for (const RunCase &c : cases)
      found |= m.name == c.model;
    EXPECT_TRUE(found) << m.name;
  }
}

//===----------------------------------------------------------------------===//
// 3. Errors
//===----------------------------------------------------------------------===//

/// The message buildModel throws, or "" when it does not throw.
std::string buildError(const std::string &model, ZooOptions options) {
  try {
    buildModel(model, options);
  } catch (const dlc::GraphError &e) {
    return e.what();
  }
  return "";
}

#define EXPECT_CONTAINS(haystack, needle)                                            \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos)                  \
      << "message: \"" << (haystack) << "\"\nexpected to contain: \"" << (needle)   \
      << "\""

TEST(ZooErrors, UnknownModel) {
  std::string e = buildError("resnet19", {});
  EXPECT_CONTAINS(e, "unknown zoo model 'resnet19'");
  EXPECT_CONTAINS(e, "resnet18"); // lists the known names
  EXPECT_EQ(dlc::zoo::findModel("resnet19"), nullptr);
}

TEST(ZooErrors, NegativeSizes) {
  EXPECT_CONTAINS(buildError("resnet18", ZooOptions{-3, 0, 1, 0}),
                  "zoo model 'resnet18': classes must be positive, got -3");
  EXPECT_CONTAINS(buildError("vgg11", ZooOptions{0, -32, 1, 0}),
                  "zoo model 'vgg11': input size must be positive, got -32");
  EXPECT_CONTAINS(buildError("mobilenet_v2", ZooOptions{0, 0, 0, 0}),
                  "zoo model 'mobilenet_v2': batch must be positive, got 0");
  EXPECT_CONTAINS(buildError("lstm_lm", ZooOptions{0, 0, -2, 0}),
                  "zoo model 'lstm_lm': batch must be positive, got -2");
}

TEST(ZooErrors, OptionsTheArchitectureCannotTake) {
  EXPECT_CONTAINS(buildError("dcgan_discriminator", ZooOptions{0, 32, 1, 0}),
                  "zoo model 'dcgan_discriminator': the architecture takes only input "
                  "size 64, got 32");
  EXPECT_CONTAINS(buildError("dcgan_generator", ZooOptions{10, 0, 1, 0}),
                  "zoo model 'dcgan_generator': the model has no classes to set (got 10)");
  EXPECT_CONTAINS(buildError("ssd_head", ZooOptions{1, 32, 1, 0}),
                  "zoo model 'ssd_head': classes must be at least 2, got 1");
}

TEST(ZooErrors, InputTooSmallNamesModelAndLayer) {
  // VGG-11 at 16x16: four 2x2 pools leave 1x1, the fifth ("features.20")
  // has nothing to pool.
  std::string vgg = buildError("vgg11", ZooOptions{10, 16, 1, 0});
  EXPECT_CONTAINS(vgg, "zoo model 'vgg11' (input size 16): ");
  EXPECT_CONTAINS(vgg, "'features.20'");
  // Inception v3 at 32x32: the stem leaves 1x1 and Mixed_6a's unpadded 3x3
  // stride-2 conv does not fit.
  std::string inception = buildError("inception_v3", ZooOptions{10, 32, 1, 0});
  EXPECT_CONTAINS(inception, "zoo model 'inception_v3' (input size 32): ");
  EXPECT_CONTAINS(inception, "'Mixed_6a.branch3x3.conv'");
  // ZFNet at 48x48: conv5 leaves 2x2, too small for the last 3x3 pool.
  std::string zf = buildError("zfnet", ZooOptions{10, 48, 1, 0});
  EXPECT_CONTAINS(zf, "zoo model 'zfnet' (input size 48): ");
  EXPECT_CONTAINS(zf, "'features.14'");
}

} // namespace
