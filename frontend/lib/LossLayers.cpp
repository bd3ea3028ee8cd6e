//===- LossLayers.cpp - losses and detection helpers of the Graph API -------===//
//
// Losses map one-to-one onto the dlc loss ops; the margin softmaxes and the
// center loss own their class matrix / centers as parameters. Detection
// helpers wrap box decoding and NMS.
//
//===----------------------------------------------------------------------===//

#include "dlc/Frontend/Graph.h"
#include "LayerErrors.h"

using dlc::Graph;
using dlc::Tensor;
using A = dlc::Graph::Attr;

namespace {
std::vector<Graph::Attr> lossAttrs(const dlc::LossOptions &o, bool withIgnore) {
  std::vector<Graph::Attr> attrs = {A::string("reduction", o.reduction())};
  if (withIgnore && o.hasIgnoreIndex())
    attrs.push_back(A::integer("ignore_index", o.ignoreIndex()));
  return attrs;
}
} // namespace

Tensor Graph::softmaxCrossEntropy(Tensor logits, Tensor labels, const LossOptions &o,
                                  Tensor weight) {
  std::string full = layerName("softmax_cross_entropy", o.name());
  return guarded([&] {
    std::vector<Tensor> operands = {logits, labels};
    if (weight.valid())
      operands.push_back(weight);
    return opNamed("softmax_cross_entropy", operands, lossAttrs(o, true), 2, full,
                   "softmax_cross_entropy")[0];
  });
}

Tensor Graph::nllLoss(Tensor logProbs, Tensor labels, const LossOptions &o,
                      Tensor weight) {
  std::string full = layerName("nll_loss", o.name());
  return guarded([&] {
    std::vector<Tensor> operands = {logProbs, labels};
    if (weight.valid())
      operands.push_back(weight);
    return opNamed("nll_loss", operands, lossAttrs(o, true), 1, full, "nll_loss")[0];
  });
}

Tensor Graph::mseLoss(Tensor input, Tensor target, const LossOptions &o) {
  std::string full = layerName("mse_loss", o.name());
  return guarded([&] {
    return opNamed("mse_loss", {input, target}, lossAttrs(o, false), 1, full,
                   "mse_loss")[0];
  });
}

Tensor Graph::klDiv(Tensor logProbs, Tensor target, const LossOptions &o) {
  std::string full = layerName("kl_div", o.name());
  return guarded([&] {
    return opNamed("kl_div", {logProbs, target}, lossAttrs(o, false), 1, full,
                   "kl_div")[0];
  });
}

Tensor Graph::centerLoss(Tensor features, Tensor labels, int64_t classes,
                         const LossOptions &o) {
  std::string full = layerName("center_loss", o.name());
  return guarded([&] {
    if (features.rank() != 2)
      detail::fail("center_loss", full, "features must be [N, D]");
    Tensor centers = createParameter(full + ".centers", {classes, features.dim(1)},
                                     Init::KaimingNormal, 2, 2);
    return opNamed("center_loss", {features, labels, centers}, lossAttrs(o, false), 1,
                   full, "center_loss")[0];
  });
}

Tensor Graph::contrastiveLoss(Tensor x1, Tensor x2, Tensor similar, double margin,
                              const LossOptions &o) {
  std::string full = layerName("contrastive_loss", o.name());
  return guarded([&] {
    std::vector<Attr> attrs = lossAttrs(o, false);
    attrs.push_back(A::real("margin", margin));
    return opNamed("contrastive_loss", {x1, x2, similar}, attrs, 1, full,
                   "contrastive_loss")[0];
  });
}

/// The margin softmaxes' class matrix W is [D, classes].
static Tensor marginLoss(Graph &g, const std::string &op, Tensor features, Tensor labels,
                         int64_t classes, std::vector<Graph::Attr> attrs,
                         const dlc::LossOptions &o) {
  std::string full = g.layerName(op, o.name());
  if (features.rank() != 2)
    dlc::detail::fail(op, full, "features must be [N, D]");
  Tensor w = g.parameter(full + ".weight", {features.dim(1), classes},
                         dlc::Init::XavierUniform, features.dim(1), classes);
  attrs.push_back(A::string("reduction", o.reduction()));
  // Results: the loss and the margin-modified logits.
  return g.op(op, {features, w, labels}, attrs, 2, full, op)[0];
}

Tensor Graph::lSoftmaxLoss(Tensor features, Tensor labels, int64_t classes,
                           int64_t margin, const LossOptions &o) {
  return guarded([&] {
    return marginLoss(*this, "l_softmax_loss", features, labels, classes,
                      {A::integer("margin", margin)}, o);
  });
}

Tensor Graph::aSoftmaxLoss(Tensor features, Tensor labels, int64_t classes,
                           int64_t margin, const LossOptions &o) {
  return guarded([&] {
    return marginLoss(*this, "a_softmax_loss", features, labels, classes,
                      {A::integer("margin", margin)}, o);
  });
}

Tensor Graph::amSoftmaxLoss(Tensor features, Tensor labels, int64_t classes,
                            double scale, double margin, const LossOptions &o) {
  return guarded([&] {
    return marginLoss(*this, "am_softmax_loss", features, labels, classes,
                      {A::real("scale", scale), A::real("margin", margin)}, o);
  });
}

Tensor Graph::boxDecode(Tensor anchors, Tensor deltas, std::vector<double> variances,
                        const std::string &name) {
  std::string full = layerName("box_decode", name);
  return guarded([&] {
    std::vector<Attr> attrs;
    if (!variances.empty())
      attrs.push_back(A::realArray("variances", variances));
    return opNamed("box_decode", {anchors, deltas}, attrs, 1, full, "box_decode")[0];
  });
}

Tensor Graph::nms(Tensor boxes, Tensor scores, double iouThreshold, int64_t maxOutput,
                  const std::string &name) {
  std::string full = layerName("nms", name);
  return guarded([&] {
    return opNamed("nms", {boxes, scores},
                   {A::real("iou_threshold", iouThreshold),
                    A::integer("max_output", maxOutput)},
                   1, full, "nms")[0];
  });
}
