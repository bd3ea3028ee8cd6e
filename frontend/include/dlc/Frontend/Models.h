//===- Models.h - the model zoo -----------------------------------*- C++ -*-===//
//
// Functions that build each architecture of the catalogue with the Graph
// API, configurable in classes, input size and batch. Names follow
// torchvision where torchvision has the model (resnet18, mobilenet_v2, ...)
// and lower_snake_case otherwise (zfnet, se_resnet50, lstm_lm, ...). With
// 1000 classes and the standard input, parameter counts equal torchvision's.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_FRONTEND_MODELS_H
#define DLC_FRONTEND_MODELS_H

#include "dlc/Frontend/Graph.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dlc::zoo {

/// What a model is built for. Zeros pick the model's defaults; negative
/// values (and a zero batch) are errors.
struct ZooOptions {
  int64_t classes = 0;   ///< 0: the model's default (1000 for ImageNet models;
                         ///< the vocabulary for sequence models)
  int64_t inputSize = 0; ///< 0: the model's default (224, 299, 64, sequence length...)
  int64_t batch = 1;
  uint64_t seed = 0;
};

struct ModelInfo {
  std::string name;
  std::string description;   ///< one line for `dlc zoo --list`
  int64_t defaultClasses;    ///< 0: the model has no class count (DCGAN)
  int64_t defaultInputSize;
  int64_t smallInputSize;    ///< the smallest input the architecture accepts well (tests)
  /// Builds the model into `graph` (inputs, layers, outputs). `options` has
  /// its zeros replaced by the defaults.
  std::function<void(Graph &, const ZooOptions &)> build;
  /// The architecture takes exactly defaultInputSize (DCGAN's 64x64 images).
  bool fixedInputSize = false;
  /// The smallest class count the model takes (SSD needs a background class
  /// and at least one object class).
  int64_t minClasses = 1;
};

/// Every model, in listing order.
const std::vector<ModelInfo> &models();
/// The model called `name`, or null.
const ModelInfo *findModel(const std::string &name);
/// Builds `name` into a new graph; throws GraphError for an unknown name or
/// options the architecture cannot take. Every message starts with
/// "zoo model 'NAME'"; a layer that rejects its input (an image too small
/// for a kernel) is named after it: "zoo model 'vgg11' (input size 16):
/// maxpool2d 'features.20': ...".
std::unique_ptr<Graph> buildModel(const std::string &name, ZooOptions options = {});

} // namespace dlc::zoo

#endif // DLC_FRONTEND_MODELS_H
