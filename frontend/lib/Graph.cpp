//===- Graph.cpp - the C++ graph-builder API --------------------------------===//
//
// Every layer method reduces to Graph::op: create the dlc op by name with its
// operands and attributes, infer its result types through the op's own
// InferTypeOpInterface and run its verifier, with diagnostics captured. A
// failure erases the op and throws GraphError naming the layer, so the
// checks users see are exactly the dialect's (one source of truth), and the
// builder needs no generated op headers.
//
//===----------------------------------------------------------------------===//

#include "dlc/Frontend/Graph.h"
#include "BuildOp.h"
#include "LayerErrors.h"

#include "dlc/Dialect/DLC/DLCDialect.h"
#include "dlc/Registration.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <map>
#include <random>
#include <set>

using dlc::Graph;
using dlc::Tensor;
using dlc::detail::shapeStr;

namespace {
int64_t product(const dlc::Shape &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// FNV-1a: a stable hash of a parameter name, so each parameter's values
/// depend on the graph seed and its name, not on creation order.
uint64_t hashName(const std::string &s, uint64_t seed) {
  uint64_t h = 1469598103934665603ull ^ (seed * 0x9E3779B97F4A7C15ull);
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

/// Uniform [0, 1) and standard normal draws written out (not the
/// std:: distributions), so values are the same with every standard library.
struct InitRng {
  std::mt19937_64 engine;
  explicit InitRng(uint64_t seed) : engine(seed) {}
  double uniform() { return (engine() >> 11) * (1.0 / 9007199254740992.0); }
  /// Box-Muller; each pair of uniforms gives two normals (cos and sin).
  double normal() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double u1 = uniform(), u2 = uniform();
    if (u1 < 1e-300)
      u1 = 1e-300;
    double r = std::sqrt(-2.0 * std::log(u1)), theta = 6.283185307179586 * u2;
    spare = r * std::sin(theta);
    hasSpare = true;
    return r * std::cos(theta);
  }
  double spare = 0;
  bool hasSpare = false;
};

} // namespace

//===----------------------------------------------------------------------===//
// Tensor
//===----------------------------------------------------------------------===//

int64_t Tensor::dim(int64_t d) const {
  int64_t r = rank();
  if (d < -r || d >= r)
    throw GraphError("dimension " + std::to_string(d) + " is out of range for a " +
                     shapeStr(shape_) + " tensor");
  return shape_[d < 0 ? d + r : d];
}

int64_t Tensor::numElements() const { return product(shape_); }

mlir::Value Tensor::value() const { return mlir::Value::getFromOpaquePointer(value_); }

//===----------------------------------------------------------------------===//
// Graph state
//===----------------------------------------------------------------------===//

struct Graph::Impl {
  std::unique_ptr<mlir::MLIRContext> ownedContext;
  mlir::MLIRContext *ctx = nullptr;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  mlir::func::FuncOp func;
  std::unique_ptr<mlir::OpBuilder> builder;
  uint64_t seed = 0;
  std::vector<std::string> scopes;
  std::map<std::string, int64_t> kindCounters;
  std::set<std::string> parameterNames;
  std::vector<ParameterInfo> parameters;
  std::map<std::string, mlir::Operation *> parameterOps;
  std::set<std::string> inputNames;
  std::vector<std::string> inputOrder;
  std::vector<std::pair<mlir::Value, std::string>> outputs;
  bool finished = false;

  void init(mlir::MLIRContext *context, const std::string &name, uint64_t s) {
    ctx = context;
    ctx->getOrLoadDialect<mlir::dlc::DLCDialect>();
    ctx->getOrLoadDialect<mlir::func::FuncDialect>();
    seed = s;
    builder = std::make_unique<mlir::OpBuilder>(ctx);
    mlir::Location loc = mlir::NameLoc::get(mlir::StringAttr::get(ctx, name));
    module = mlir::ModuleOp::create(loc);
    builder->setInsertionPointToEnd(module->getBody());
    func = mlir::func::FuncOp::create(*builder, loc, name,
                                      builder->getFunctionType({}, {}));
    mlir::Block *entry = func.addEntryBlock();
    builder->setInsertionPointToEnd(entry);
  }
};

static std::unique_ptr<mlir::MLIRContext> makeContext() {
  mlir::DialectRegistry registry;
  mlir::dlc::registerDialects(registry);
  mlir::dlc::registerTranslations(registry);
  return std::make_unique<mlir::MLIRContext>(registry);
}

Graph::Graph(std::string name, uint64_t seed) : impl(std::make_unique<Impl>()) {
  impl->ownedContext = makeContext();
  impl->init(impl->ownedContext.get(), name, seed);
}

Graph::Graph(mlir::MLIRContext &context, std::string name, uint64_t seed)
    : impl(std::make_unique<Impl>()) {
  impl->init(&context, name, seed);
}

Graph::~Graph() {
  // The module must die before a context the graph owns.
  impl->module = nullptr;
}

mlir::MLIRContext &Graph::context() { return *impl->ctx; }

void Graph::error(const std::string &layer, const std::string &name,
                  const std::string &message) {
  detail::fail(layer, name, message);
}

Tensor Graph::wrap(mlir::Value value) {
  Tensor t;
  t.graph_ = this;
  t.value_ = value.getAsOpaquePointer();
  auto type = mlir::cast<mlir::RankedTensorType>(value.getType());
  t.shape_.assign(type.getShape().begin(), type.getShape().end());
  t.dtype_ = type.getElementType().isF32() ? DType::F32 : DType::I64;
  return t;
}

Graph::Scope::~Scope() {
  if (graph)
    graph->impl->scopes.pop_back();
}

Graph::Scope Graph::scope(const std::string &prefix) {
  impl->scopes.push_back(prefix);
  return Scope(this);
}

std::string Graph::layerName(const std::string &kind, const std::string &name) {
  std::string base = name;
  if (base.empty())
    base = kind + "_" + std::to_string(impl->kindCounters[kind]++);
  std::string full;
  for (const std::string &s : impl->scopes)
    full += s + ".";
  return full + base;
}

//===----------------------------------------------------------------------===//
// Inputs, outputs, parameters
//===----------------------------------------------------------------------===//

Tensor Graph::input(const std::string &name, Shape shape, DType dtype) {
  if (impl->finished)
    error("input", name, "the graph is finished; no inputs can be added");
  if (name.empty())
    throw GraphError("input: a name is required");
  if (!impl->inputNames.insert(name).second)
    error("input", name, "an input with this name already exists");
  for (int64_t d : shape)
    if (d <= 0)
      error("input", name, "extents must be positive, got " + shapeStr(shape));
  mlir::Type element = dtype == DType::F32
                           ? mlir::Type(impl->builder->getF32Type())
                           : mlir::Type(impl->builder->getI64Type());
  auto type = mlir::RankedTensorType::get(shape, element);
  mlir::Block &entry = impl->func.getBody().front();
  mlir::Value arg = entry.addArgument(
      type, mlir::NameLoc::get(mlir::StringAttr::get(impl->ctx, name)));
  impl->func.setFunctionType(impl->builder->getFunctionType(
      entry.getArgumentTypes(), impl->func.getFunctionType().getResults()));
  impl->inputOrder.push_back(name);
  return wrap(arg);
}

void Graph::output(Tensor value, const std::string &name) {
  if (impl->finished)
    error("output", name, "the graph is finished; no outputs can be added");
  if (value.graph() != this)
    error("output", name, "the value does not belong to this graph");
  std::string n = name.empty() ? "output" + std::to_string(impl->outputs.size()) : name;
  for (auto &o : impl->outputs)
    if (o.second == n)
      error("output", n, "an output with this name already exists");
  impl->outputs.emplace_back(value.value(), n);
}

static mlir::Value makeConstant(mlir::OpBuilder &b, mlir::Location loc,
                                mlir::ElementsAttr value) {
  mlir::OperationState state(loc, "dlc.constant");
  state.addAttribute("value", value);
  state.addTypes(value.getType());
  return b.create(state)->getResult(0);
}

Tensor Graph::parameter(const std::string &name, Shape shape, Init init,
                        int64_t fanIn, int64_t fanOut, bool trainable, double value) {
  return createParameter(layerName("parameter", name), std::move(shape), init, fanIn,
                         fanOut, trainable, value);
}

Tensor Graph::createParameter(const std::string &full, Shape shape, Init init,
                              int64_t fanIn, int64_t fanOut, bool trainable,
                              double value) {
  if (!impl->parameterNames.insert(full).second)
    error("parameter", full, "a parameter with this name already exists");
  for (int64_t d : shape)
    if (d <= 0)
      error("parameter", full, "extents must be positive, got " + shapeStr(shape));
  int64_t n = product(shape);
  std::vector<float> data(n);
  InitRng rng(hashName(full, impl->seed));
  auto uniform = [&](double bound) {
    for (float &v : data)
      v = static_cast<float>((2.0 * rng.uniform() - 1.0) * bound);
  };
  auto normal = [&](double stddev) {
    for (float &v : data)
      v = static_cast<float>(rng.normal() * stddev);
  };
  double in = static_cast<double>(std::max<int64_t>(fanIn, 1));
  double out = static_cast<double>(std::max<int64_t>(fanOut, 1));
  switch (init) {
  case Init::Default:
    uniform(1.0 / std::sqrt(in));
    break;
  case Init::KaimingNormal:
    normal(std::sqrt(2.0 / out));
    break;
  case Init::KaimingUniform:
    uniform(std::sqrt(6.0 / in));
    break;
  case Init::XavierNormal:
    normal(std::sqrt(2.0 / (in + out)));
    break;
  case Init::XavierUniform:
    uniform(std::sqrt(6.0 / (in + out)));
    break;
  case Init::Normal001:
    normal(0.01);
    break;
  case Init::Zeros:
    break;
  case Init::Ones:
    std::fill(data.begin(), data.end(), 1.0f);
    break;
  case Init::Constant:
    std::fill(data.begin(), data.end(), static_cast<float>(value));
    break;
  }
  auto type = mlir::RankedTensorType::get(shape, impl->builder->getF32Type());
  auto blob = mlir::HeapAsmResourceBlob::allocateAndCopyInferAlign<float>(data);
  auto attr = mlir::DenseResourceElementsAttr::get(type, full, std::move(blob));
  mlir::Location loc = mlir::NameLoc::get(mlir::StringAttr::get(impl->ctx, full));
  mlir::Value v = makeConstant(*impl->builder, loc, attr);
  v.getDefiningOp()->setAttr("dlc.param",
                             impl->builder->getStringAttr(trainable ? "trainable" : "buffer"));
  impl->parameters.push_back({full, shape, trainable});
  impl->parameterOps[full] = v.getDefiningOp();
  return wrap(v);
}

Tensor Graph::constant(const std::vector<float> &values, Shape shape,
                       const std::string &name) {
  std::string full = layerName("constant", name);
  if (static_cast<int64_t>(values.size()) != product(shape))
    error("constant", full, std::to_string(values.size()) + " values do not fill a " +
                                shapeStr(shape) + " tensor");
  auto type = mlir::RankedTensorType::get(shape, impl->builder->getF32Type());
  auto attr = mlir::DenseElementsAttr::get(type, llvm::ArrayRef<float>(values));
  return wrap(makeConstant(*impl->builder,
                           mlir::NameLoc::get(mlir::StringAttr::get(impl->ctx, full)),
                           mlir::cast<mlir::ElementsAttr>(attr)));
}

Tensor Graph::constantIndices(const std::vector<int64_t> &values, Shape shape,
                              const std::string &name) {
  std::string full = layerName("constant", name);
  if (static_cast<int64_t>(values.size()) != product(shape))
    error("constant", full, std::to_string(values.size()) + " values do not fill a " +
                                shapeStr(shape) + " tensor");
  auto type = mlir::RankedTensorType::get(shape, impl->builder->getI64Type());
  auto attr = mlir::DenseElementsAttr::get(type, llvm::ArrayRef<int64_t>(values));
  return wrap(makeConstant(*impl->builder,
                           mlir::NameLoc::get(mlir::StringAttr::get(impl->ctx, full)),
                           mlir::cast<mlir::ElementsAttr>(attr)));
}

const std::vector<dlc::ParameterInfo> &Graph::parameters() const {
  return impl->parameters;
}

std::vector<float> Graph::parameterValues(const std::string &name) const {
  auto it = impl->parameterOps.find(name);
  if (it == impl->parameterOps.end())
    throw GraphError("parameter '" + name + "' does not exist");
  auto attr = mlir::cast<mlir::DenseResourceElementsAttr>(
      it->second->getAttrOfType<mlir::ElementsAttr>("value"));
  mlir::AsmResourceBlob *blob = attr.getRawHandle().getBlob();
  llvm::ArrayRef<float> data = blob->getDataAs<float>();
  return std::vector<float>(data.begin(), data.end());
}

int64_t Graph::numParameters() const {
  int64_t n = 0;
  for (const ParameterInfo &p : impl->parameters)
    if (p.trainable)
      n += product(p.shape);
  return n;
}

//===----------------------------------------------------------------------===//
// Generic op creation
//===----------------------------------------------------------------------===//

std::vector<Tensor> Graph::op(const std::string &opName,
                              const std::vector<Tensor> &operands,
                              const std::vector<Attr> &attrs, unsigned numResults,
                              const std::string &name, const std::string &layer,
                              const std::vector<int32_t> &operandSegments) {
  std::string kind = layer.empty() ? opName : layer;
  return opNamed(opName, operands, attrs, numResults, layerName(kind, name), kind,
                 operandSegments);
}

std::vector<Tensor> Graph::opNamed(const std::string &opName,
                                   const std::vector<Tensor> &operands,
                                   const std::vector<Attr> &attrs, unsigned numResults,
                                   const std::string &full, const std::string &layer,
                                   const std::vector<int32_t> &operandSegments) {
  std::string kind = layer.empty() ? opName : layer;
  if (impl->finished)
    error(kind, full, "the graph is finished; no layers can be added");
  mlir::MLIRContext *ctx = impl->ctx;
  mlir::Location loc = mlir::NameLoc::get(mlir::StringAttr::get(ctx, full));
  llvm::SmallVector<mlir::Value> values;
  for (size_t i = 0; i < operands.size(); ++i) {
    if (operands[i].graph() != this)
      error(kind, full, "operand " + std::to_string(i) +
                            (operands[i].valid() ? " belongs to another graph"
                                                 : " is an empty tensor"));
    values.push_back(operands[i].value());
  }
  mlir::Builder &b = *impl->builder;
  llvm::SmallVector<mlir::NamedAttribute> attributes;
  for (const Attr &a : attrs) {
    mlir::Attribute value;
    switch (a.kind) {
    case Attr::Kind::Int:
      value = b.getI64IntegerAttr(a.i);
      break;
    case Attr::Kind::Float:
      value = b.getF32FloatAttr(static_cast<float>(a.f));
      break;
    case Attr::Kind::Bool:
      value = b.getBoolAttr(a.i != 0);
      break;
    case Attr::Kind::String:
      value = b.getStringAttr(a.s);
      break;
    case Attr::Kind::Ints:
      value = b.getDenseI64ArrayAttr(a.ints);
      break;
    case Attr::Kind::Floats: {
      llvm::SmallVector<float> reals(a.reals.begin(), a.reals.end());
      value = b.getDenseF32ArrayAttr(reals);
      break;
    }
    }
    attributes.push_back(b.getNamedAttr(a.name, value));
  }
  if (!operandSegments.empty())
    attributes.push_back(b.getNamedAttr("operandSegmentSizes",
                                        b.getDenseI32ArrayAttr(operandSegments)));
  mlir::dlc::BuiltOp built =
      mlir::dlc::buildOp(*impl->builder, loc, opName, values, attributes, numResults);
  if (!built.op)
    error(kind, full, built.error);
  mlir::Operation *op = built.op;
  std::vector<Tensor> results;
  for (mlir::Value r : op->getResults())
    results.push_back(wrap(r));
  return results;
}

Graph::Checkpoint Graph::checkpoint() {
  mlir::Block &entry = impl->func.getBody().front();
  return {entry.empty() ? nullptr : &entry.back(), impl->parameters.size()};
}

void Graph::rollback(const Checkpoint &c) {
  mlir::Block &entry = impl->func.getBody().front();
  auto *last = static_cast<mlir::Operation *>(c.lastOp);
  while (!entry.empty() && &entry.back() != last) {
    mlir::Operation &op = entry.back();
    op.dropAllUses();
    op.erase();
  }
  while (impl->parameters.size() > c.numParameters) {
    impl->parameterNames.erase(impl->parameters.back().name);
    impl->parameterOps.erase(impl->parameters.back().name);
    impl->parameters.pop_back();
  }
}

//===----------------------------------------------------------------------===//
// The result
//===----------------------------------------------------------------------===//

mlir::ModuleOp Graph::module() {
  if (!impl->finished) {
    impl->finished = true;
    llvm::SmallVector<mlir::Value> values;
    llvm::SmallVector<mlir::Type> types;
    for (auto &[v, n] : impl->outputs) {
      values.push_back(v);
      types.push_back(v.getType());
    }
    mlir::func::ReturnOp::create(*impl->builder, impl->func.getLoc(), values);
    mlir::Block &entry = impl->func.getBody().front();
    impl->func.setFunctionType(
        impl->builder->getFunctionType(entry.getArgumentTypes(), types));
    // Names go on at the end: argument attributes must match the final
    // argument count.
    for (size_t i = 0; i < impl->inputOrder.size(); ++i)
      impl->func.setArgAttr(i, "dlc.name",
                            impl->builder->getStringAttr(impl->inputOrder[i]));
    for (size_t i = 0; i < impl->outputs.size(); ++i)
      impl->func.setResultAttr(i, "dlc.name",
                               impl->builder->getStringAttr(impl->outputs[i].second));
  }
  return *impl->module;
}

std::string Graph::str() {
  std::string text;
  llvm::raw_string_ostream os(text);
  // Layer names travel as locations: `dlc stats` and diagnostics show them.
  module()->print(os, mlir::OpPrintingFlags().enableDebugInfo(true, /*prettyForm=*/false));
  return text;
}

void Graph::save(const std::string &path) {
  std::string text = str();
  std::string tmp = path + ".tmp";
  std::error_code ec;
  {
    llvm::raw_fd_ostream os(tmp, ec);
    if (ec)
      throw GraphError("cannot write '" + path + "': " + ec.message());
    os << text;
    os.close();
    if (os.has_error()) {
      os.clear_error();
      llvm::sys::fs::remove(tmp);
      throw GraphError("cannot write '" + path + "': write failed");
    }
  }
  if ((ec = llvm::sys::fs::rename(tmp, path))) {
    llvm::sys::fs::remove(tmp);
    throw GraphError("cannot write '" + path + "': " + ec.message());
  }
}

llvm::Expected<std::unique_ptr<mlir::dlc::Executable>>
Graph::compile(const mlir::dlc::JITOptions &options) {
  mlir::OwningOpRef<mlir::ModuleOp> copy = module().clone();
  return mlir::dlc::Executable::compile(*copy, options);
}
