//===- Layers.cpp - the layer methods of the Graph API ----------------------===//
//
// Each layer creates its parameters (named `<layer>.weight`, `<layer>.bias`,
// ... like PyTorch modules; initialized like PyTorch's defaults unless the
// options say otherwise) and one or a few dlc ops through Graph::opNamed,
// which checks shapes with the dialect's own inference. Checks about the
// layer call itself (an input of the wrong rank for a layer that sizes its
// weights from it) are made here. Every call runs `guarded`, so a failure
// removes whatever the call had created.
//
//===----------------------------------------------------------------------===//

#include "dlc/Frontend/Graph.h"
#include "LayerErrors.h"

#include <cmath>

using dlc::Graph;
using dlc::Tensor;
using A = dlc::Graph::Attr;
using dlc::detail::fail;
using dlc::detail::shapeStr;

namespace {
void requireRank(const std::string &layer, const std::string &name, const Tensor &x,
                 int64_t rank, const char *layout) {
  if (!x.valid())
    fail(layer, name, "the input is an empty tensor");
  if (x.rank() != rank)
    fail(layer, name, "input must have rank " + std::to_string(rank) + " (" + layout +
                          "), got " + shapeStr(x.shape()));
}

void requirePositive(const std::string &layer, const std::string &name,
                     const std::string &what, const std::vector<int64_t> &values) {
  for (int64_t v : values)
    if (v <= 0) {
      std::string list;
      for (size_t i = 0; i < values.size(); ++i)
        list += (i ? ", " : "") + std::to_string(values[i]);
      fail(layer, name, what + " must be positive, got " + list);
    }
}

/// Explicit [top, left, bottom, right] padding for a window over `x`'s
/// spatial dims (same: output = ceil(in / stride), extra at the end).
std::vector<int64_t> resolvePadding(const dlc::Padding &p, const Tensor &x,
                                    dlc::Pair kernel, dlc::Pair stride,
                                    dlc::Pair dilation) {
  using Mode = dlc::Padding::Mode;
  if (p.mode == Mode::Explicit)
    return {p.top, p.left, p.bottom, p.right};
  if (p.mode == Mode::Valid)
    return {0, 0, 0, 0};
  std::vector<int64_t> pads(4);
  int64_t in[2] = {x.dim(2), x.dim(3)};
  int64_t k[2] = {kernel.h, kernel.w}, s[2] = {stride.h, stride.w},
          d[2] = {dilation.h, dilation.w};
  for (int i = 0; i < 2; ++i) {
    int64_t out = (in[i] + s[i] - 1) / s[i];
    int64_t total =
        std::max<int64_t>((out - 1) * s[i] + (k[i] - 1) * d[i] + 1 - in[i], 0);
    pads[i] = total / 2;
    pads[i + 2] = total - total / 2;
  }
  return pads;
}

std::vector<int64_t> pairOf(dlc::Pair p) { return {p.h, p.w}; }
} // namespace

//===----------------------------------------------------------------------===//
// Convolution and normalization
//===----------------------------------------------------------------------===//

Tensor Graph::conv2d(Tensor x, int64_t outChannels, Pair kernel,
                     const Conv2dOptions &o) {
  std::string name = layerName("conv2d", o.name());
  return guarded([&] {
    requireRank("conv2d", name, x, 4, "NCHW");
    requirePositive("conv2d", name, "out_channels", {outChannels});
    requirePositive("conv2d", name, "kernel size", {kernel.h, kernel.w});
    requirePositive("conv2d", name, "groups", {o.groups()});
    int64_t in = x.dim(1), g = o.groups();
    if (in % g || outChannels % g)
      fail("conv2d", name,
           "groups (" + std::to_string(g) + ") must divide the input channels (" +
               std::to_string(in) + ") and the output channels (" +
               std::to_string(outChannels) + ")");
    std::vector<int64_t> pads =
        resolvePadding(o.padding(), x, kernel, o.stride(), o.dilation());
    int64_t fanIn = in / g * kernel.h * kernel.w;
    int64_t fanOut = outChannels * kernel.h * kernel.w;
    std::vector<Tensor> operands = {
        x, createParameter(name + ".weight", {outChannels, in / g, kernel.h, kernel.w},
                           o.init(), fanIn, fanOut)};
    if (o.bias())
      operands.push_back(createParameter(
          name + ".bias", {outChannels},
          o.init() == Init::Default ? Init::Default : Init::Zeros, fanIn, fanOut));
    return opNamed("conv2d", operands,
                   {A::array("strides", pairOf(o.stride())), A::array("padding", pads),
                    A::array("dilations", pairOf(o.dilation())),
                    A::integer("groups", g)},
                   1, name, "conv2d")[0];
  });
}

Tensor Graph::convTranspose2d(Tensor x, int64_t outChannels, Pair kernel,
                              const ConvTranspose2dOptions &o) {
  std::string name = layerName("conv_transpose2d", o.name());
  return guarded([&] {
    requireRank("conv_transpose2d", name, x, 4, "NCHW");
    requirePositive("conv_transpose2d", name, "out_channels", {outChannels});
    requirePositive("conv_transpose2d", name, "kernel size", {kernel.h, kernel.w});
    requirePositive("conv_transpose2d", name, "groups", {o.groups()});
    int64_t in = x.dim(1), g = o.groups();
    if (in % g || outChannels % g)
      fail("conv_transpose2d", name,
           "groups (" + std::to_string(g) + ") must divide the input channels (" +
               std::to_string(in) + ") and the output channels (" +
               std::to_string(outChannels) + ")");
    if (o.padding().mode != Padding::Mode::Explicit)
      fail("conv_transpose2d", name, "takes explicit padding only");
    const Padding &p = o.padding();
    // PyTorch computes fan_in from weight.size(1) * k * k = out/g * k * k.
    int64_t fanIn = outChannels / g * kernel.h * kernel.w;
    std::vector<Tensor> operands = {
        x, createParameter(name + ".weight", {in, outChannels / g, kernel.h, kernel.w},
                           o.init(), fanIn, in * kernel.h * kernel.w)};
    if (o.bias())
      operands.push_back(createParameter(
          name + ".bias", {outChannels},
          o.init() == Init::Default ? Init::Default : Init::Zeros, fanIn, fanIn));
    return opNamed("conv_transpose2d", operands,
                   {A::array("strides", pairOf(o.stride())),
                    A::array("padding", {p.top, p.left, p.bottom, p.right}),
                    A::array("output_padding", pairOf(o.outputPadding())),
                    A::array("dilations", pairOf(o.dilation())),
                    A::integer("groups", g)},
                   1, name, "conv_transpose2d")[0];
  });
}

Tensor Graph::batchNorm(Tensor x, const BatchNormOptions &o) {
  std::string name = layerName("batch_norm", o.name());
  return guarded([&] {
    if (!x.valid() || x.rank() < 2)
      fail("batch_norm", name, "input must have rank >= 2 (N, C, ...)");
    int64_t c = x.dim(1);
    // Without `affine` the scale and shift are fixed ones and zeros.
    auto affineParam = [&](const char *suffix, Init init) {
      if (o.affine())
        return createParameter(name + suffix, {c}, init, c, c);
      return constant(std::vector<float>(c, init == Init::Ones ? 1.0f : 0.0f), {c},
                      name + suffix);
    };
    std::vector<Tensor> operands = {
        x, affineParam(".weight", Init::Ones), affineParam(".bias", Init::Zeros),
        createParameter(name + ".running_mean", {c}, Init::Zeros, c, c, false),
        createParameter(name + ".running_var", {c}, Init::Ones, c, c, false)};
    return opNamed("batch_norm", operands, {A::real("epsilon", o.eps())}, 1, name,
                   "batch_norm")[0];
  });
}

std::vector<Tensor> Graph::batchNormTrain(Tensor x, const BatchNormOptions &o) {
  std::string name = layerName("batch_norm_train", o.name());
  return guarded([&] {
    if (!x.valid() || x.rank() < 2)
      fail("batch_norm_train", name, "input must have rank >= 2 (N, C, ...)");
    int64_t c = x.dim(1);
    std::vector<Tensor> operands = {
        x, createParameter(name + ".weight", {c}, Init::Ones, c, c, true),
        createParameter(name + ".bias", {c}, Init::Zeros, c, c, true),
        createParameter(name + ".running_mean", {c}, Init::Zeros, c, c, false),
        createParameter(name + ".running_var", {c}, Init::Ones, c, c, false)};
    std::vector<Tensor> r = opNamed(
        "batch_norm_train", operands,
        {A::real("epsilon", o.eps()), A::real("momentum", o.momentum())},
        5, name, "batch_norm_train");
    return std::vector<Tensor>{r[0], r[1], r[2]};
  });
}

Tensor Graph::lrn(Tensor x, int64_t size, const LRNOptions &o) {
  std::string name = layerName("lrn", o.name());
  return guarded([&] {
    return opNamed("lrn", {x},
                   {A::integer("size", size), A::real("alpha", o.alpha()),
                    A::real("beta", o.beta()), A::real("bias", o.k())},
                   1, name, "lrn")[0];
  });
}

Tensor Graph::im2col(Tensor x, Pair kernel, const Conv2dOptions &o) {
  std::string name = layerName("im2col", o.name());
  return guarded([&] {
    requireRank("im2col", name, x, 4, "NCHW");
    std::vector<int64_t> pads =
        resolvePadding(o.padding(), x, kernel, o.stride(), o.dilation());
    return opNamed("im2col", {x},
                   {A::array("kernel_shape", pairOf(kernel)),
                    A::array("strides", pairOf(o.stride())), A::array("padding", pads),
                    A::array("dilations", pairOf(o.dilation()))},
                   1, name, "im2col")[0];
  });
}

Tensor Graph::col2im(Tensor x, Pair outputSize, Pair kernel, const Conv2dOptions &o) {
  std::string name = layerName("col2im", o.name());
  return guarded([&] {
    const Padding &p = o.padding();
    if (p.mode != Padding::Mode::Explicit)
      fail("col2im", name, "takes explicit padding only");
    return opNamed("col2im", {x},
                   {A::array("output_size", pairOf(outputSize)),
                    A::array("kernel_shape", pairOf(kernel)),
                    A::array("strides", pairOf(o.stride())),
                    A::array("padding", {p.top, p.left, p.bottom, p.right}),
                    A::array("dilations", pairOf(o.dilation()))},
                   1, name, "col2im")[0];
  });
}

//===----------------------------------------------------------------------===//
// Activations and elementwise arithmetic
//===----------------------------------------------------------------------===//

#define DLC_SIMPLE_LAYER(METHOD, OP)                                           \
  Tensor Graph::METHOD(Tensor x, const std::string &name) {                    \
    std::string full = layerName(OP, name);                                    \
    return guarded([&] { return opNamed(OP, {x}, {}, 1, full, OP)[0]; });      \
  }
DLC_SIMPLE_LAYER(relu, "relu")
DLC_SIMPLE_LAYER(sigmoid, "sigmoid")
DLC_SIMPLE_LAYER(tanh, "tanh")
DLC_SIMPLE_LAYER(exp, "exp")
DLC_SIMPLE_LAYER(log, "log")
DLC_SIMPLE_LAYER(sqrt, "sqrt")
DLC_SIMPLE_LAYER(neg, "neg")
DLC_SIMPLE_LAYER(globalAvgPool, "global_avg_pool")
DLC_SIMPLE_LAYER(globalMaxPool, "global_max_pool")
#undef DLC_SIMPLE_LAYER

#define DLC_BINARY_LAYER(METHOD, OP)                                           \
  Tensor Graph::METHOD(Tensor a, Tensor b, const std::string &name) {          \
    std::string full = layerName(OP, name);                                    \
    return guarded([&] { return opNamed(OP, {a, b}, {}, 1, full, OP)[0]; });   \
  }
DLC_BINARY_LAYER(add, "add")
DLC_BINARY_LAYER(sub, "sub")
DLC_BINARY_LAYER(mul, "mul")
DLC_BINARY_LAYER(div, "div")
DLC_BINARY_LAYER(maximum, "max")
DLC_BINARY_LAYER(matmul, "matmul")
#undef DLC_BINARY_LAYER

Tensor Graph::relu6(Tensor x, const std::string &name) {
  std::string full = layerName("relu6", name);
  return guarded([&] {
    return opNamed("clip", {x}, {A::real("min", 0.0), A::real("max", 6.0)}, 1, full,
                   "relu6")[0];
  });
}

Tensor Graph::clip(Tensor x, double min, double max, const std::string &name) {
  std::string full = layerName("clip", name);
  return guarded([&] {
    return opNamed("clip", {x}, {A::real("min", min), A::real("max", max)}, 1, full,
                   "clip")[0];
  });
}

Tensor Graph::leakyRelu(Tensor x, double alpha, const std::string &name) {
  std::string full = layerName("leaky_relu", name);
  return guarded([&] {
    return opNamed("leaky_relu", {x}, {A::real("alpha", alpha)}, 1, full,
                   "leaky_relu")[0];
  });
}

Tensor Graph::prelu(Tensor x, int64_t numParameters, const std::string &name) {
  std::string full = layerName("prelu", name);
  return guarded([&] {
    requirePositive("prelu", full, "num_parameters", {numParameters});
    if (numParameters > 1 && (x.rank() < 2 || x.dim(1) != numParameters))
      fail("prelu", full,
           std::to_string(numParameters) + " slopes need an input with " +
               std::to_string(numParameters) + " channels, got " + shapeStr(x.shape()));
    // PyTorch initializes the slopes to 0.25.
    Tensor slope = createParameter(full + ".weight", {numParameters}, Init::Constant, 1,
                                   1, true, 0.25);
    return opNamed("prelu", {x, slope}, {}, 1, full, "prelu")[0];
  });
}

Tensor Graph::maxout(Tensor x, int64_t pieces, const std::string &name) {
  std::string full = layerName("maxout", name);
  return guarded([&] {
    // Results: the maximum and the winning piece (for the backward).
    return opNamed("maxout", {x}, {A::integer("pieces", pieces)}, 2, full, "maxout")[0];
  });
}

Tensor Graph::softmax(Tensor x, int64_t axis, const std::string &name) {
  std::string full = layerName("softmax", name);
  return guarded([&] {
    return opNamed("softmax", {x}, {A::integer("axis", axis)}, 1, full, "softmax")[0];
  });
}

Tensor Graph::logSoftmax(Tensor x, int64_t axis, const std::string &name) {
  std::string full = layerName("log_softmax", name);
  return guarded([&] {
    return opNamed("log_softmax", {x}, {A::integer("axis", axis)}, 1, full,
                   "log_softmax")[0];
  });
}

Tensor Graph::dropout(Tensor x, double p, const DropoutOptions &o) {
  std::string full = layerName("dropout", o.name());
  return guarded([&] {
    if (!(p >= 0.0 && p < 1.0))
      fail("dropout", full, "p must be in [0, 1), got " + std::to_string(p));
    // At inference dropout is the identity: no op at all.
    if (!o.training())
      return x;
    int64_t seed = o.seed();
    if (seed == 0)
      for (char c : full)
        seed = seed * 131 + static_cast<unsigned char>(c);
    return opNamed("dropout", {x},
                   {A::real("ratio", p), A::integer("seed", seed),
                    A::boolean("training", true)},
                   2, full, "dropout")[0];
  });
}

Tensor Graph::scale(Tensor x, double s, const std::string &name) {
  std::string full = layerName("scale", name);
  return guarded([&] {
    Tensor c = constant({static_cast<float>(s)}, {}, full + ".scale");
    return opNamed("mul", {x, c}, {}, 1, full, "scale")[0];
  });
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

Tensor Graph::maxPool2d(Tensor x, Pair kernel, const PoolOptions &o) {
  std::string full = layerName("max_pool2d", o.name());
  return guarded([&] {
    requireRank("max_pool2d", full, x, 4, "NCHW");
    Pair stride = o.stride().h == 0 ? kernel : o.stride();
    return opNamed("max_pool2d", {x},
                   {A::array("kernel_shape", pairOf(kernel)),
                    A::array("strides", pairOf(stride)),
                    A::array("padding", resolvePadding(o.padding(), x, kernel, stride,
                                                       o.dilation())),
                    A::array("dilations", pairOf(o.dilation())),
                    A::boolean("ceil_mode", o.ceilMode())},
                   1, full, "max_pool2d")[0];
  });
}

Tensor Graph::avgPool2d(Tensor x, Pair kernel, const PoolOptions &o) {
  std::string full = layerName("avg_pool2d", o.name());
  return guarded([&] {
    requireRank("avg_pool2d", full, x, 4, "NCHW");
    Pair stride = o.stride().h == 0 ? kernel : o.stride();
    return opNamed("avg_pool2d", {x},
                   {A::array("kernel_shape", pairOf(kernel)),
                    A::array("strides", pairOf(stride)),
                    A::array("padding", resolvePadding(o.padding(), x, kernel, stride, 1)),
                    A::boolean("ceil_mode", o.ceilMode()),
                    A::boolean("count_include_pad", o.countIncludePad())},
                   1, full, "avg_pool2d")[0];
  });
}

Tensor Graph::adaptiveAvgPool2d(Tensor x, Pair outputSize, const std::string &name) {
  std::string full = layerName("adaptive_avg_pool2d", name);
  return guarded([&] {
    return opNamed("adaptive_avg_pool2d", {x},
                   {A::array("output_size", pairOf(outputSize))}, 1, full,
                   "adaptive_avg_pool2d")[0];
  });
}

Tensor Graph::adaptiveMaxPool2d(Tensor x, Pair outputSize, const std::string &name) {
  std::string full = layerName("adaptive_max_pool2d", name);
  return guarded([&] {
    return opNamed("adaptive_max_pool2d", {x},
                   {A::array("output_size", pairOf(outputSize))}, 1, full,
                   "adaptive_max_pool2d")[0];
  });
}

Tensor Graph::spatialPyramidPool(Tensor x, const std::vector<int64_t> &levels,
                                 const std::string &name) {
  std::string full = layerName("spp", name);
  return guarded([&] {
    requireRank("spp", full, x, 4, "NCHW");
    if (levels.empty())
      fail("spp", full, "needs at least one pyramid level");
    requirePositive("spp", full, "levels", levels);
    std::vector<Tensor> parts;
    for (size_t i = 0; i < levels.size(); ++i) {
      std::string level = full + ".level" + std::to_string(i);
      Tensor pooled = opNamed("adaptive_max_pool2d", {x},
                              {A::array("output_size", {levels[i], levels[i]})}, 1,
                              level + ".pool", "spp")[0];
      parts.push_back(opNamed("flatten", {pooled}, {A::integer("axis", 1)}, 1,
                              level + ".flatten", "spp")[0]);
    }
    if (parts.size() == 1)
      return parts[0];
    return opNamed("concat", parts, {A::integer("axis", 1)}, 1, full, "spp")[0];
  });
}

Tensor Graph::roiPool(Tensor x, Tensor rois, Pair outputSize, double spatialScale,
                      const std::string &name) {
  std::string full = layerName("roi_pool", name);
  return guarded([&] {
    return opNamed("roi_pool", {x, rois},
                   {A::array("pooled_size", pairOf(outputSize)),
                    A::real("spatial_scale", spatialScale)},
                   1, full, "roi_pool")[0];
  });
}

//===----------------------------------------------------------------------===//
// Dense layers and data movement
//===----------------------------------------------------------------------===//

Tensor Graph::linear(Tensor x, int64_t outFeatures, const LinearOptions &o) {
  std::string full = layerName("linear", o.name());
  return guarded([&] {
    if (!x.valid() || x.rank() < 1)
      fail("linear", full, "input must have rank >= 1");
    requirePositive("linear", full, "out_features", {outFeatures});
    int64_t in = x.dim(-1);
    Tensor w = createParameter(full + ".weight", {outFeatures, in}, o.init(), in,
                               outFeatures);
    std::vector<Tensor> operands = {x, w};
    if (o.bias())
      operands.push_back(createParameter(
          full + ".bias", {outFeatures},
          o.init() == Init::Default ? Init::Default : Init::Zeros, in, outFeatures));
    if (x.rank() == 2)
      return opNamed("gemm", operands, {A::boolean("trans_b", true)}, 1, full,
                     "linear")[0];
    // [..., in] -> [rows, in] -> gemm -> [..., out].
    Shape outShape = x.shape();
    outShape.back() = outFeatures;
    operands[0] = opNamed("reshape", {x}, {A::array("shape", {-1, in})}, 1,
                          full + ".flatten", "linear")[0];
    Tensor y = opNamed("gemm", operands, {A::boolean("trans_b", true)}, 1, full,
                       "linear")[0];
    return opNamed("reshape", {y}, {A::array("shape", outShape)}, 1,
                   full + ".unflatten", "linear")[0];
  });
}

Tensor Graph::flatten(Tensor x, int64_t axis, const std::string &name) {
  std::string full = layerName("flatten", name);
  return guarded([&] {
    return opNamed("flatten", {x}, {A::integer("axis", axis)}, 1, full, "flatten")[0];
  });
}

Tensor Graph::reshape(Tensor x, Shape shape, const std::string &name) {
  std::string full = layerName("reshape", name);
  return guarded([&] {
    return opNamed("reshape", {x}, {A::array("shape", shape)}, 1, full, "reshape")[0];
  });
}

Tensor Graph::transpose(Tensor x, std::vector<int64_t> perm, const std::string &name) {
  std::string full = layerName("transpose", name);
  return guarded([&] {
    return opNamed("transpose", {x}, {A::array("perm", perm)}, 1, full, "transpose")[0];
  });
}

Tensor Graph::concat(const std::vector<Tensor> &xs, int64_t axis,
                     const std::string &name) {
  std::string full = layerName("concat", name);
  return guarded([&] {
    if (xs.empty())
      fail("concat", full, "needs at least one input");
    return opNamed("concat", xs, {A::integer("axis", axis)}, 1, full, "concat")[0];
  });
}

std::vector<Tensor> Graph::split(Tensor x, const std::vector<int64_t> &sizes,
                                 int64_t axis, const std::string &name) {
  std::string full = layerName("split", name);
  return guarded([&] {
    if (sizes.empty())
      fail("split", full, "needs at least one size");
    return opNamed("split", {x}, {A::integer("axis", axis), A::array("sizes", sizes)},
                   static_cast<unsigned>(sizes.size()), full, "split");
  });
}

Tensor Graph::slice(Tensor x, std::vector<int64_t> starts, std::vector<int64_t> ends,
                    std::vector<int64_t> axes, std::vector<int64_t> steps,
                    const std::string &name) {
  std::string full = layerName("slice", name);
  return guarded([&] {
    std::vector<Attr> attrs = {A::array("starts", starts), A::array("ends", ends),
                               A::array("axes", axes)};
    if (!steps.empty())
      attrs.push_back(A::array("steps", steps));
    return opNamed("slice", {x}, attrs, 1, full, "slice")[0];
  });
}

Tensor Graph::channelShuffle(Tensor x, int64_t groups, const std::string &name) {
  std::string full = layerName("channel_shuffle", name);
  return guarded([&] {
    return opNamed("channel_shuffle", {x}, {A::integer("groups", groups)}, 1, full,
                   "channel_shuffle")[0];
  });
}

Tensor Graph::gather(Tensor data, Tensor indices, int64_t axis, const std::string &name) {
  std::string full = layerName("gather", name);
  return guarded([&] {
    return opNamed("gather", {data, indices}, {A::integer("axis", axis)}, 1, full,
                   "gather")[0];
  });
}

Tensor Graph::embedding(Tensor indices, int64_t num, int64_t dim,
                        const std::string &name) {
  std::string full = layerName("embedding", name);
  return guarded([&] {
    requirePositive("embedding", full, "num_embeddings and embedding_dim", {num, dim});
    if (!indices.valid() || indices.dtype() != DType::I64)
      fail("embedding", full, "indices must be an i64 tensor");
    // nn.Embedding initializes from N(0, 1): Kaiming normal with fan_out 2.
    Tensor table =
        createParameter(full + ".weight", {num, dim}, Init::KaimingNormal, 2, 2);
    return opNamed("gather", {table, indices}, {A::integer("axis", 0)}, 1, full,
                   "embedding")[0];
  });
}

Tensor Graph::reduceMean(Tensor x, std::vector<int64_t> axes, bool keepdims,
                         const std::string &name) {
  std::string full = layerName("reduce_mean", name);
  return guarded([&] {
    return opNamed("reduce_mean", {x},
                   {A::array("axes", axes), A::boolean("keepdims", keepdims)}, 1, full,
                   "reduce_mean")[0];
  });
}

Tensor Graph::reduceSum(Tensor x, std::vector<int64_t> axes, bool keepdims,
                        const std::string &name) {
  std::string full = layerName("reduce_sum", name);
  return guarded([&] {
    return opNamed("reduce_sum", {x},
                   {A::array("axes", axes), A::boolean("keepdims", keepdims)}, 1, full,
                   "reduce_sum")[0];
  });
}
