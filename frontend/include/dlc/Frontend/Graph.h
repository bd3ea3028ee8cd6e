//===- Graph.h - the C++ graph-builder API -------------------------*- C++ -*-===//
//
// A layer-level API for building models in C++, in the spirit of PyTorch's
// C++ frontend: create a Graph, add inputs, call layers with options structs
// (chainable setters with defaults), and hand the graph to the compiler:
//
//   dlc::Graph g("main", /*seed=*/42);
//   dlc::Tensor x = g.input("image", {1, 3, 32, 32});
//   x = g.relu(g.conv2d(x, 16, 3, dlc::Conv2dOptions().padding(1).name("conv1")));
//   x = g.linear(g.flatten(g.globalAvgPool(x)), 10, dlc::LinearOptions().name("fc"));
//   g.output(g.softmax(x), "probs");
//   auto exe = g.compile();              // JIT; or g.save("model.mlir")
//   auto probs = (*exe)->run({image});
//
// Every layer call checks its operands right away (through the dlc ops' own
// shape inference and verifiers) and throws dlc::GraphError naming the
// layer on a mismatch, so a bad model fails at the line that built it.
// Parameters are initialized when created (seeded Kaiming/Xavier/PyTorch
// defaults) and stored as dense_resource constants named after the layer
// ("layer1.0.conv1.weight"), so the module written by save() compiles and
// runs on its own. Layers carry their name as the op's location, which is
// what `dlc stats` prints.
//
// The library is built with exceptions; code that catches GraphError must
// be compiled with -fexceptions too.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_FRONTEND_GRAPH_H
#define DLC_FRONTEND_GRAPH_H

#include "dlc/Target/JIT.h"

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace mlir {
class MLIRContext;
class ModuleOp;
class Value;
} // namespace mlir

namespace dlc {

class Graph;

/// A bad layer call: mismatched shapes, invalid options. The message names
/// the layer ("conv2d 'layer1.0.conv1': ...").
class GraphError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

using Shape = std::vector<int64_t>;

/// Element types of graph values: activations and parameters are f32, class
/// labels and indices i64.
enum class DType { F32, I64 };

/// A value in a Graph (the output of a layer or an input). Cheap to copy.
class Tensor {
public:
  Tensor() = default;
  const Shape &shape() const { return shape_; }
  int64_t rank() const { return static_cast<int64_t>(shape_.size()); }
  /// The extent of dimension `d`; negative `d` counts from the end.
  int64_t dim(int64_t d) const;
  int64_t numElements() const;
  DType dtype() const { return dtype_; }
  bool valid() const { return graph_ != nullptr; }
  Graph *graph() const { return graph_; }
  /// The underlying SSA value (for code that extends the builder).
  mlir::Value value() const;

private:
  friend class Graph;
  Graph *graph_ = nullptr;
  void *value_ = nullptr; ///< opaque mlir::Value implementation pointer
  Shape shape_;
  DType dtype_ = DType::F32;
};

/// A pair of extents (kernel, stride, dilation): `3` means 3x3.
struct Pair {
  int64_t h = 1, w = 1;
  Pair() = default;
  Pair(int64_t v) : h(v), w(v) {}
  Pair(int64_t h, int64_t w) : h(h), w(w) {}
};

/// Convolution/pooling padding: explicit (one value, {h, w} or
/// {top, left, bottom, right}), or "same" / "valid" as in Keras and ONNX
/// auto_pad (same: output = ceil(input / stride), the extra pixel at the
/// bottom/right like SAME_UPPER).
struct Padding {
  enum class Mode { Explicit, Same, Valid };
  Mode mode = Mode::Explicit;
  int64_t top = 0, left = 0, bottom = 0, right = 0;
  Padding() = default;
  Padding(int64_t p) : top(p), left(p), bottom(p), right(p) {}
  Padding(int64_t ph, int64_t pw) : top(ph), left(pw), bottom(ph), right(pw) {}
  Padding(int64_t t, int64_t l, int64_t b, int64_t r)
      : top(t), left(l), bottom(b), right(r) {}
  static Padding same() { Padding p; p.mode = Mode::Same; return p; }
  static Padding valid() { Padding p; p.mode = Mode::Valid; return p; }
};

/// Parameter initializers. `Default` is PyTorch's default for the layer
/// (uniform in +-1/sqrt(fan_in) for conv/linear weights and biases).
enum class Init {
  Default,
  KaimingNormal,  ///< N(0, 2/fan_out) (torchvision's conv init: mode fan_out, relu)
  KaimingUniform, ///< U(+-sqrt(6/fan_in))
  XavierNormal,   ///< N(0, 2/(fan_in + fan_out))
  XavierUniform,  ///< U(+-sqrt(6/(fan_in + fan_out)))
  Normal001,      ///< N(0, 0.01^2) (torchvision's linear init for VGG, GoogLeNet)
  Zeros,
  Ones,
  Constant, ///< every element the given value (PReLU's 0.25)
};

/// Chainable option setters with defaults, like torch's TORCH_ARG:
/// `Conv2dOptions().stride(2).padding(1).name("conv1")`.
#define DLC_ARG(T, NAME)                                                       \
public:                                                                        \
  auto &NAME(T value) {                                                        \
    NAME##_ = std::move(value);                                                \
    return *this;                                                              \
  }                                                                            \
  const T &NAME() const { return NAME##_; }                                    \
                                                                               \
private:                                                                       \
  T NAME##_

struct Conv2dOptions {
  DLC_ARG(Pair, stride) = 1;
  DLC_ARG(Padding, padding) = 0;
  DLC_ARG(Pair, dilation) = 1;
  DLC_ARG(int64_t, groups) = 1;
  DLC_ARG(bool, bias) = true;
  DLC_ARG(Init, init) = Init::Default;
  DLC_ARG(std::string, name);
};

struct ConvTranspose2dOptions {
  DLC_ARG(Pair, stride) = 1;
  DLC_ARG(Padding, padding) = 0;
  DLC_ARG(Pair, outputPadding) = 0;
  DLC_ARG(Pair, dilation) = 1;
  DLC_ARG(int64_t, groups) = 1;
  DLC_ARG(bool, bias) = true;
  DLC_ARG(Init, init) = Init::Default;
  DLC_ARG(std::string, name);
};

struct LinearOptions {
  DLC_ARG(bool, bias) = true;
  DLC_ARG(Init, init) = Init::Default;
  DLC_ARG(std::string, name);
};

/// BatchNorm over dim 1. `training` selects batch statistics (and the
/// running-statistic update, exposed by batchNormTrain()); otherwise the
/// running statistics normalize.
struct BatchNormOptions {
  DLC_ARG(double, eps) = 1e-5;
  DLC_ARG(double, momentum) = 0.1;
  DLC_ARG(bool, affine) = true;
  DLC_ARG(std::string, name);
};

struct PoolOptions {
  DLC_ARG(Pair, stride) = 0; ///< 0: the kernel size (PyTorch's default)
  DLC_ARG(Padding, padding) = 0;
  DLC_ARG(Pair, dilation) = 1; ///< max pooling only
  DLC_ARG(bool, ceilMode) = false;
  DLC_ARG(bool, countIncludePad) = true; ///< average pooling only (PyTorch default)
  DLC_ARG(std::string, name);
};

struct LRNOptions {
  DLC_ARG(double, alpha) = 1e-4;
  DLC_ARG(double, beta) = 0.75;
  DLC_ARG(double, k) = 1.0;
  DLC_ARG(std::string, name);
};

struct DropoutOptions {
  DLC_ARG(bool, training) = false; ///< identity unless training
  DLC_ARG(int64_t, seed) = 0;      ///< 0: derived from the graph seed and name
  DLC_ARG(std::string, name);
};

/// Recurrent layers: ONNX gate layouts, PyTorch-style stacking.
struct RNNOptions {
  DLC_ARG(int64_t, numLayers) = 1;
  DLC_ARG(bool, bias) = true;
  DLC_ARG(std::string, nonlinearity) = "tanh"; ///< RNN: "tanh" or "relu"
  DLC_ARG(bool, peephole) = false;             ///< LSTM only
  DLC_ARG(bool, coupledInputForget) = false;   ///< LSTM only (i = 1 - f)
  DLC_ARG(bool, linearBeforeReset) = true;     ///< GRU: true is PyTorch's GRU
  DLC_ARG(std::string, name);
};

/// Loss reductions: "mean" (default), "sum", "none" (KL also "batchmean").
struct LossOptions {
  DLC_ARG(std::string, reduction) = "mean";
  DLC_ARG(int64_t, ignoreIndex) = -100; ///< PyTorch's default
  DLC_ARG(bool, hasIgnoreIndex) = false;
  DLC_ARG(std::string, name);
};

#undef DLC_ARG

/// A recurrent layer's outputs: every step's top-layer hidden state
/// ([T, N, H]) and the final state of every layer.
struct RecurrentOutput {
  Tensor output;
  std::vector<Tensor> h; ///< one [N, H] per layer
  std::vector<Tensor> c; ///< LSTM only
};

/// The weights of a recurrent cell, created once and applied at every step
/// (decoders, attention loops).
struct CellWeights {
  std::string kind; ///< "rnn", "lstm", "gru"
  int64_t inputSize = 0, hiddenSize = 0;
  Tensor w, r, b;
  RNNOptions options;
};

/// One trainable parameter or buffer of the graph.
struct ParameterInfo {
  std::string name;
  Shape shape;
  bool trainable = true; ///< false for BatchNorm running statistics
};

class Graph {
public:
  /// `name` is the model function's name; `seed` drives every initializer.
  explicit Graph(std::string name = "main", uint64_t seed = 0);
  /// Builds into an existing context (which must outlive the graph).
  Graph(mlir::MLIRContext &context, std::string name = "main", uint64_t seed = 0);
  ~Graph();
  Graph(const Graph &) = delete;
  Graph &operator=(const Graph &) = delete;

  //===--------------------------------------------------------------------===//
  // Inputs, outputs, names, parameters
  //===--------------------------------------------------------------------===//

  Tensor input(const std::string &name, Shape shape, DType dtype = DType::F32);
  void output(Tensor value, const std::string &name = "");

  /// Names of layers built while the returned guard lives get `prefix.`
  /// prepended (nested scopes join with '.'), like PyTorch module paths.
  class Scope {
  public:
    Scope(Scope &&other) noexcept : graph(other.graph) { other.graph = nullptr; }
    ~Scope();

  private:
    friend class Graph;
    explicit Scope(Graph *graph) : graph(graph) {}
    Graph *graph;
  };
  [[nodiscard]] Scope scope(const std::string &prefix);

  /// A parameter of `shape` initialized with `init`, named `<scope>.<name>`.
  Tensor parameter(const std::string &name, Shape shape, Init init,
                   int64_t fanIn, int64_t fanOut, bool trainable = true,
                   double value = 0.0);
  /// A constant f32 tensor (not a parameter).
  Tensor constant(const std::vector<float> &values, Shape shape,
                  const std::string &name = "");
  /// A constant i64 tensor (labels, indices).
  Tensor constantIndices(const std::vector<int64_t> &values, Shape shape,
                         const std::string &name = "");

  //===--------------------------------------------------------------------===//
  // Convolution and normalization
  //===--------------------------------------------------------------------===//

  /// NCHW convolution with a [out, in/groups, kh, kw] filter (+ bias [out]).
  Tensor conv2d(Tensor x, int64_t outChannels, Pair kernel,
                const Conv2dOptions &options = {});
  /// Transposed convolution (PyTorch ConvTranspose2d), filter [in, out/groups, kh, kw].
  Tensor convTranspose2d(Tensor x, int64_t outChannels, Pair kernel,
                         const ConvTranspose2dOptions &options = {});
  /// Inference BatchNorm with learned scale/shift and running statistics.
  Tensor batchNorm(Tensor x, const BatchNormOptions &options = {});
  /// Training BatchNorm: returns {output, new running mean, new running var}.
  std::vector<Tensor> batchNormTrain(Tensor x, const BatchNormOptions &options = {});
  Tensor lrn(Tensor x, int64_t size, const LRNOptions &options = {});
  /// PyTorch nn.Unfold / nn.Fold.
  Tensor im2col(Tensor x, Pair kernel, const Conv2dOptions &options = {});
  Tensor col2im(Tensor x, Pair outputSize, Pair kernel,
                const Conv2dOptions &options = {});

  //===--------------------------------------------------------------------===//
  // Activations and elementwise arithmetic
  //===--------------------------------------------------------------------===//

  Tensor relu(Tensor x, const std::string &name = "");
  Tensor relu6(Tensor x, const std::string &name = "");
  Tensor sigmoid(Tensor x, const std::string &name = "");
  Tensor tanh(Tensor x, const std::string &name = "");
  Tensor leakyRelu(Tensor x, double alpha = 0.01, const std::string &name = "");
  Tensor clip(Tensor x, double min, double max, const std::string &name = "");
  /// PReLU with one learned slope per channel (or one shared when
  /// `numParameters` is 1), initialized to 0.25 like PyTorch.
  Tensor prelu(Tensor x, int64_t numParameters = 1, const std::string &name = "");
  /// Maxout over `pieces` consecutive channels.
  Tensor maxout(Tensor x, int64_t pieces, const std::string &name = "");
  Tensor softmax(Tensor x, int64_t axis = -1, const std::string &name = "");
  Tensor logSoftmax(Tensor x, int64_t axis = -1, const std::string &name = "");
  Tensor dropout(Tensor x, double p = 0.5, const DropoutOptions &options = {});
  Tensor exp(Tensor x, const std::string &name = "");
  Tensor log(Tensor x, const std::string &name = "");
  Tensor sqrt(Tensor x, const std::string &name = "");
  Tensor neg(Tensor x, const std::string &name = "");
  Tensor add(Tensor a, Tensor b, const std::string &name = "");
  Tensor sub(Tensor a, Tensor b, const std::string &name = "");
  Tensor mul(Tensor a, Tensor b, const std::string &name = "");
  Tensor div(Tensor a, Tensor b, const std::string &name = "");
  Tensor maximum(Tensor a, Tensor b, const std::string &name = "");
  /// x * s for a scalar s (a rank-0 constant broadcast).
  Tensor scale(Tensor x, double s, const std::string &name = "");

  //===--------------------------------------------------------------------===//
  // Pooling
  //===--------------------------------------------------------------------===//

  Tensor maxPool2d(Tensor x, Pair kernel, const PoolOptions &options = {});
  Tensor avgPool2d(Tensor x, Pair kernel, const PoolOptions &options = {});
  Tensor globalAvgPool(Tensor x, const std::string &name = "");
  Tensor globalMaxPool(Tensor x, const std::string &name = "");
  Tensor adaptiveAvgPool2d(Tensor x, Pair outputSize, const std::string &name = "");
  Tensor adaptiveMaxPool2d(Tensor x, Pair outputSize, const std::string &name = "");
  /// Spatial pyramid pooling (He et al.): adaptive max pooling to each
  /// level's n x n bins, flattened and concatenated: [N, C * sum(n^2)].
  Tensor spatialPyramidPool(Tensor x, const std::vector<int64_t> &levels,
                            const std::string &name = "");
  /// torchvision.ops.roi_pool: rois [K, 5] (batch, x1, y1, x2, y2).
  Tensor roiPool(Tensor x, Tensor rois, Pair outputSize, double spatialScale,
                 const std::string &name = "");

  //===--------------------------------------------------------------------===//
  // Dense layers and data movement
  //===--------------------------------------------------------------------===//

  /// y = x W^T + b over the last dimension of a 2-D x (nn.Linear).
  Tensor linear(Tensor x, int64_t outFeatures, const LinearOptions &options = {});
  Tensor matmul(Tensor a, Tensor b, const std::string &name = "");
  Tensor flatten(Tensor x, int64_t axis = 1, const std::string &name = "");
  Tensor reshape(Tensor x, Shape shape, const std::string &name = "");
  Tensor transpose(Tensor x, std::vector<int64_t> perm, const std::string &name = "");
  Tensor concat(const std::vector<Tensor> &xs, int64_t axis, const std::string &name = "");
  std::vector<Tensor> split(Tensor x, const std::vector<int64_t> &sizes, int64_t axis,
                            const std::string &name = "");
  Tensor slice(Tensor x, std::vector<int64_t> starts, std::vector<int64_t> ends,
               std::vector<int64_t> axes, std::vector<int64_t> steps = {},
               const std::string &name = "");
  Tensor channelShuffle(Tensor x, int64_t groups, const std::string &name = "");
  Tensor gather(Tensor data, Tensor indices, int64_t axis = 0, const std::string &name = "");
  /// nn.Embedding: a [num, dim] table (N(0, 1) init) gathered by i64 indices.
  Tensor embedding(Tensor indices, int64_t num, int64_t dim, const std::string &name = "");
  Tensor reduceMean(Tensor x, std::vector<int64_t> axes, bool keepdims = true,
                    const std::string &name = "");
  Tensor reduceSum(Tensor x, std::vector<int64_t> axes, bool keepdims = true,
                   const std::string &name = "");

  //===--------------------------------------------------------------------===//
  // Recurrent layers and attention
  //===--------------------------------------------------------------------===//

  /// x: [T, N, I] (sequence first). Stacked layers feed each other.
  RecurrentOutput rnn(Tensor x, int64_t hidden, const RNNOptions &options = {});
  RecurrentOutput lstm(Tensor x, int64_t hidden, const RNNOptions &options = {});
  RecurrentOutput gru(Tensor x, int64_t hidden, const RNNOptions &options = {});
  /// Weights for a cell applied step by step.
  CellWeights cellWeights(const std::string &kind, int64_t inputSize, int64_t hidden,
                          const RNNOptions &options = {});
  /// One step: returns {h} (rnn, gru) or {h, c} (lstm).
  std::vector<Tensor> cell(const CellWeights &weights, Tensor x, Tensor h,
                           Tensor c = {}, const std::string &name = "");
  /// softmax(q k^T * scale) v over [N, Tq, D] x [N, Tk, D] x [N, Tk, Dv]
  /// (Luong dot-product; scaled by 1/sqrt(D) when `scaled`).
  Tensor dotProductAttention(Tensor query, Tensor keys, Tensor values,
                             bool scaled = true, const std::string &name = "");
  /// Bahdanau additive attention: score = v^T tanh(W_q q + W_k k) with
  /// learned W_q [units, Dq], W_k [units, Dk], v [units].
  Tensor additiveAttention(Tensor query, Tensor keys, Tensor values, int64_t units,
                           const std::string &name = "");

  //===--------------------------------------------------------------------===//
  // Losses (rank-0 result unless reduction is "none")
  //===--------------------------------------------------------------------===//

  Tensor softmaxCrossEntropy(Tensor logits, Tensor labels, const LossOptions &options = {},
                             Tensor weight = {});
  Tensor nllLoss(Tensor logProbs, Tensor labels, const LossOptions &options = {},
                 Tensor weight = {});
  Tensor mseLoss(Tensor input, Tensor target, const LossOptions &options = {});
  Tensor klDiv(Tensor logProbs, Tensor target, const LossOptions &options = {});
  /// Center loss with learned centers [classes, D].
  Tensor centerLoss(Tensor features, Tensor labels, int64_t classes,
                    const LossOptions &options = {});
  Tensor contrastiveLoss(Tensor x1, Tensor x2, Tensor similar, double margin = 1.0,
                         const LossOptions &options = {});
  /// Large-margin softmax losses with a learned class matrix.
  Tensor lSoftmaxLoss(Tensor features, Tensor labels, int64_t classes, int64_t margin,
                      const LossOptions &options = {});
  Tensor aSoftmaxLoss(Tensor features, Tensor labels, int64_t classes, int64_t margin,
                      const LossOptions &options = {});
  Tensor amSoftmaxLoss(Tensor features, Tensor labels, int64_t classes,
                       double scale = 30.0, double margin = 0.35,
                       const LossOptions &options = {});

  //===--------------------------------------------------------------------===//
  // Detection
  //===--------------------------------------------------------------------===//

  /// Decodes [N, A, 4] deltas against [A, 4] corner anchors.
  Tensor boxDecode(Tensor anchors, Tensor deltas, std::vector<double> variances,
                   const std::string &name = "");
  /// Indices [N, K] (i64, -1 padded) of the boxes NMS keeps.
  Tensor nms(Tensor boxes, Tensor scores, double iouThreshold, int64_t maxOutput,
             const std::string &name = "");

  //===--------------------------------------------------------------------===//
  // Extending the builder: any dlc op by name
  //===--------------------------------------------------------------------===//

  /// An attribute of a generic op: i64, f64 (stored as f32), bool, string,
  /// an i64 array or an f32 array.
  struct Attr {
    enum class Kind { Int, Float, Bool, String, Ints, Floats } kind;
    std::string name;
    int64_t i = 0;
    double f = 0;
    std::string s;
    std::vector<int64_t> ints;
    std::vector<double> reals;
    static Attr integer(std::string n, int64_t v) { Attr a{Kind::Int, std::move(n)}; a.i = v; return a; }
    static Attr real(std::string n, double v) { Attr a{Kind::Float, std::move(n)}; a.f = v; return a; }
    static Attr boolean(std::string n, bool v) { Attr a{Kind::Bool, std::move(n)}; a.i = v; return a; }
    static Attr string(std::string n, std::string v) { Attr a{Kind::String, std::move(n)}; a.s = std::move(v); return a; }
    static Attr array(std::string n, std::vector<int64_t> v) { Attr a{Kind::Ints, std::move(n)}; a.ints = std::move(v); return a; }
    /// An f32 array (DenseF32ArrayAttr).
    static Attr realArray(std::string n, std::vector<double> v) { Attr a{Kind::Floats, std::move(n)}; a.reals = std::move(v); return a; }
  };
  /// Creates `dlc.<op>` with `numResults` inferred results. `layer` is the
  /// user-facing layer kind in errors; `name` the layer's name (generated
  /// from `layer` when empty). `operandSegments` is needed for ops with
  /// several optional operands.
  std::vector<Tensor> op(const std::string &op, const std::vector<Tensor> &operands,
                         const std::vector<Attr> &attrs = {}, unsigned numResults = 1,
                         const std::string &name = "", const std::string &layer = "",
                         const std::vector<int32_t> &operandSegments = {});

  //===--------------------------------------------------------------------===//
  // The result
  //===--------------------------------------------------------------------===//

  /// The module (finished with its return on first call; no layer may be
  /// added afterwards). Owned by the graph.
  mlir::ModuleOp module();
  mlir::MLIRContext &context();
  /// The module as MLIR text (weights as dense_resource blobs).
  std::string str();
  /// Writes str() to `path` (temporary file then rename); throws GraphError.
  void save(const std::string &path);
  /// JIT-compiles a copy of the module.
  llvm::Expected<std::unique_ptr<mlir::dlc::Executable>>
  compile(const mlir::dlc::JITOptions &options = {});

  /// Every parameter and buffer in creation order.
  const std::vector<ParameterInfo> &parameters() const;
  /// Trainable parameter elements (what torchvision's counts report).
  int64_t numParameters() const;
  /// The current values of the parameter or buffer `name` (full name, e.g.
  /// "layer1.0.conv1.weight"); throws GraphError for an unknown name.
  std::vector<float> parameterValues(const std::string &name) const;

  /// The unique name for a layer of `kind` (scoped; "conv2d_3" when empty).
  std::string layerName(const std::string &kind, const std::string &name);

private:
  struct Impl;
  std::unique_ptr<Impl> impl;
  Tensor wrap(mlir::Value value);
  [[noreturn]] void error(const std::string &layer, const std::string &name,
                          const std::string &message);
  /// op() with an already resolved (scoped, unique) layer name.
  std::vector<Tensor> opNamed(const std::string &op, const std::vector<Tensor> &operands,
                              const std::vector<Attr> &attrs, unsigned numResults,
                              const std::string &fullName, const std::string &layer,
                              const std::vector<int32_t> &operandSegments = {});
  /// parameter() with an already resolved name.
  Tensor createParameter(const std::string &fullName, Shape shape, Init init,
                         int64_t fanIn, int64_t fanOut, bool trainable = true,
                         double value = 0.0);
  RecurrentOutput recurrent(const std::string &kind, Tensor x, int64_t hidden,
                            const RNNOptions &options);

  /// A failed layer call removes what it created (ops and parameters), so
  /// the graph stays as it was before the call.
  struct Checkpoint {
    void *lastOp;
    size_t numParameters;
  };
  Checkpoint checkpoint();
  void rollback(const Checkpoint &checkpoint);
  template <typename F> auto guarded(F &&f) -> decltype(f()) {
    Checkpoint c = checkpoint();
    try {
      return f();
    } catch (...) {
      rollback(c);
      throw;
    }
  }
};

} // namespace dlc

#endif // DLC_FRONTEND_GRAPH_H
