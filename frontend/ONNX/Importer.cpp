//===- Importer.cpp - ONNX graphs into the dlc dialect ----------------------===//
//
// The driver of the import: parse the ModelProto, check it (opsets, inputs,
// that every operator has a converter, all at once), build `func.func` with
// one argument per graph input, run the converters node by node, and return
// the graph outputs. Also the NodeContext services converters use, and the
// TensorProto file reader behind `-i NAME=FILE.pb`.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "dlc/Dialect/DLC/ShapeUtils.h"
#include "../lib/BuildOp.h"

#include "dlc/Dialect/DLC/DLCDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/BuiltinDialect.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"

#include "onnx/defs/schema.h"
#include "onnx/onnx_pb.h"
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <climits>
#include <map>

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::onnx_import;

namespace {
/// The oldest and newest default-domain opsets the converters know:
/// through opset 17 every operator, at 18 to 20 those whose definition did
/// not change after 17 (see checkNewOpset).
constexpr int64_t kMinOpset = 7, kMaxOpset = 20, kFullOpset = 17;

std::string normalizeDomain(const std::string &domain) {
  return domain == "ai.onnx" ? std::string() : domain;
}

const OpTable &opTable() {
  static const OpTable table = [] {
    OpTable t;
    registerElementwiseOps(t);
    registerDataMovementOps(t);
    registerLinearOps(t);
    registerConvolutionOps(t);
    registerRecurrentOps(t);
    registerTrainingOps(t);
    return t;
  }();
  return table;
}

/// Parses a serialized protobuf message of any size up to 2 GiB; false when
/// the bytes are not exactly one well-formed message.
bool parseMessage(google::protobuf::MessageLite &message, llvm::StringRef bytes) {
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    return false;
  google::protobuf::io::ArrayInputStream raw(bytes.data(), static_cast<int>(bytes.size()));
  google::protobuf::io::CodedInputStream coded(&raw);
  coded.SetTotalBytesLimit(INT_MAX);
  return message.ParseFromCodedStream(&coded) && coded.ConsumedEntireMessage();
}

} // namespace

//===----------------------------------------------------------------------===//
// NodeContext
//===----------------------------------------------------------------------===//

NodeContext::NodeContext(Importer &importer, const onnx::NodeProto &node, int64_t opset)
    : node(node), opset(opset), loc(importer.fileLoc), b(importer.builder),
      importer(importer) {
  nodeName = !node.name().empty()             ? node.name()
             : node.output_size() > 0 ? node.output(0)
                                      : node.op_type();
  loc = NameLoc::get(StringAttr::get(&importer.context, nodeName), importer.fileLoc);
}

llvm::StringRef NodeContext::opType() const { return node.op_type(); }

unsigned NodeContext::numInputs() const { return node.input_size(); }

bool NodeContext::has(unsigned i) const {
  return i < static_cast<unsigned>(node.input_size()) && !node.input(i).empty();
}

Val *NodeContext::input(unsigned i) const {
  if (!has(i))
    return nullptr;
  auto it = importer.values.find(node.input(i));
  return it == importer.values.end() ? nullptr : &it->second;
}

const HostTensor *NodeContext::host(unsigned i) const {
  Val *v = input(i);
  return v ? v->host.get() : nullptr;
}

bool NodeContext::allHost() const {
  for (unsigned i = 0; i < numInputs(); ++i)
    if (has(i) && !host(i))
      return false;
  return true;
}

FailureOr<Value> NodeContext::value(unsigned i) {
  Val *v = input(i);
  if (!v)
    return fail("input " + llvm::Twine(i) + " is missing");
  return importer.materialize(*v, loc, node.input(i));
}

FailureOr<Value> NodeContext::f32(unsigned i) {
  FailureOr<Value> v = value(i);
  if (failed(v))
    return failure();
  if (!cast<RankedTensorType>(v->getType()).getElementType().isF32())
    return fail("input " + llvm::Twine(i) + " ('" + node.input(i) +
                "') is an int64 tensor computed at run time; dlc supports this "
                "operator on float32 tensors (integers only where they fold at "
                "import time)");
  return v;
}

Shape NodeContext::shape(unsigned i) const {
  Val *v = input(i);
  if (!v)
    return {};
  if (v->value) {
    auto type = cast<RankedTensorType>(v->value.getType());
    return Shape(type.getShape().begin(), type.getShape().end());
  }
  return v->host->shape;
}

int32_t NodeContext::dtype(unsigned i) const {
  Val *v = input(i);
  if (!v)
    return kUndefined;
  if (v->host)
    return v->host->dtype;
  Type element = cast<RankedTensorType>(v->value.getType()).getElementType();
  return element.isF32() ? kFloat : kInt64;
}

FailureOr<std::vector<int64_t>> NodeContext::ints(unsigned i, llvm::StringRef what) {
  const HostTensor *t = host(i);
  if (!t) {
    (void)fail(what + " ('" + node.input(i) +
               "') must be known at import time: an initializer, a Constant, a "
               "computation on shapes, or an int64 input whose value is given "
               "(dlc compiles static shapes)");
    return failure();
  }
  if (t->isFloat()) {
    (void)fail(what + " must be integers, got " + dtypeName(t->dtype));
    return failure();
  }
  return t->ints;
}

FailureOr<double> NodeContext::scalar(unsigned i, llvm::StringRef what) {
  const HostTensor *t = host(i);
  if (!t) {
    (void)fail(what + " ('" + node.input(i) +
               "') must be known at import time (an initializer or a Constant)");
    return failure();
  }
  if (t->numel() != 1) {
    (void)fail(what + " must hold one value, got shape " + mlir::dlc::shapeToString(t->shape));
    return failure();
  }
  return t->at(0);
}

const onnx::AttributeProto *NodeContext::attr(llvm::StringRef name) const {
  for (const onnx::AttributeProto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t NodeContext::attrInt(llvm::StringRef name, int64_t def) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->i() : def;
}

float NodeContext::attrFloat(llvm::StringRef name, float def) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->f() : def;
}

std::string NodeContext::attrString(llvm::StringRef name, llvm::StringRef def) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->s() : def.str();
}

std::vector<int64_t> NodeContext::attrInts(llvm::StringRef name,
                                           std::vector<int64_t> def) const {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return def;
  return std::vector<int64_t>(a->ints().begin(), a->ints().end());
}

std::vector<float> NodeContext::attrFloats(llvm::StringRef name) const {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return {};
  return std::vector<float>(a->floats().begin(), a->floats().end());
}

std::vector<std::string> NodeContext::attrStrings(llvm::StringRef name) const {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return {};
  return std::vector<std::string>(a->strings().begin(), a->strings().end());
}

unsigned NodeContext::numOutputs() const { return node.output_size(); }

bool NodeContext::wants(unsigned i) const {
  return i < static_cast<unsigned>(node.output_size()) && !node.output(i).empty();
}

void NodeContext::set(unsigned i, Value v) {
  if (!wants(i))
    return;
  // An empty tensor has no values to compute: it is known. (The op that
  // produced it is dead and canonicalization removes it.)
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getNumElements() == 0) {
    HostTensor empty;
    empty.dtype = type.getElementType().isF32() ? kFloat : kInt64;
    empty.shape.assign(type.getShape().begin(), type.getShape().end());
    setHost(i, std::move(empty));
    return;
  }
  Val val;
  val.value = v;
  importer.values[node.output(i)] = std::move(val);
}

void NodeContext::setHost(unsigned i, HostTensor t) {
  if (!wants(i))
    return;
  Val val;
  val.host = std::make_shared<const HostTensor>(std::move(t));
  importer.values[node.output(i)] = std::move(val);
}

void NodeContext::forward(unsigned i, unsigned j) {
  if (!wants(i))
    return;
  // A forwarded weight keeps its initializer's name and constant.
  importer.values[node.output(i)] = *input(j);
}

FailureOr<Operation *> NodeContext::op(llvm::StringRef name, ValueRange operands,
                                       llvm::ArrayRef<NamedAttribute> attributes,
                                       unsigned numResults, TypeRange types) {
  BuiltOp built = buildOp(b, loc, name, operands, attributes, numResults, types);
  if (!built.op) {
    (void)fail(built.error);
    return failure();
  }
  return built.op;
}

FailureOr<Value> NodeContext::op1(llvm::StringRef name, ValueRange operands,
                                  llvm::ArrayRef<NamedAttribute> attributes,
                                  TypeRange types) {
  FailureOr<Operation *> o = op(name, operands, attributes, 1, types);
  if (failed(o))
    return failure();
  return (*o)->getResult(0);
}

LogicalResult NodeContext::emit(llvm::StringRef name, ValueRange operands,
                                llvm::ArrayRef<NamedAttribute> attributes,
                                TypeRange types) {
  FailureOr<Value> v = op1(name, operands, attributes, types);
  if (failed(v))
    return failure();
  set(0, *v);
  return success();
}

FailureOr<Value> NodeContext::reshape(Value v, llvm::ArrayRef<int64_t> shape) {
  if (cast<RankedTensorType>(v.getType()).getShape() == shape)
    return v;
  return op1("reshape", v, {named("shape", shape)});
}

FailureOr<Value> NodeContext::transpose(Value v, llvm::ArrayRef<int64_t> perm) {
  bool identity = true;
  for (size_t i = 0; i < perm.size(); ++i)
    identity &= perm[i] == static_cast<int64_t>(i);
  if (identity)
    return v;
  return op1("transpose", v, {named("perm", perm)});
}

FailureOr<Value> NodeContext::constant(const HostTensor &t) {
  Val val;
  val.host = std::make_shared<const HostTensor>(t);
  return importer.materialize(val, loc, nodeName);
}

NamedAttribute NodeContext::named(llvm::StringRef name, int64_t v) const {
  return b.getNamedAttr(name, b.getI64IntegerAttr(v));
}
NamedAttribute NodeContext::named(llvm::StringRef name, float v) const {
  return b.getNamedAttr(name, b.getF32FloatAttr(v));
}
NamedAttribute NodeContext::namedBool(llvm::StringRef name, bool v) const {
  return b.getNamedAttr(name, b.getBoolAttr(v));
}
NamedAttribute NodeContext::named(llvm::StringRef name, llvm::ArrayRef<int64_t> v) const {
  return b.getNamedAttr(name, b.getDenseI64ArrayAttr(v));
}
NamedAttribute NodeContext::named(llvm::StringRef name, llvm::StringRef v) const {
  return b.getNamedAttr(name, b.getStringAttr(v));
}

bool NodeContext::isGraphOutput(unsigned i) const {
  return wants(i) && importer.graphOutputs.contains(node.output(i));
}

LogicalResult NodeContext::fail(const llvm::Twine &message) const {
  return emitError(loc) << "node '" << nodeName << "' (" << node.op_type()
                        << "): " << message;
}

FailureOr<int64_t> NodeContext::axis(int64_t a, int64_t rank, llvm::StringRef what) const {
  if (a < -rank || a >= std::max<int64_t>(rank, 1)) {
    (void)fail(what + " " + llvm::Twine(a) + " is out of range for rank " +
               llvm::Twine(rank));
    return failure();
  }
  return a < 0 ? a + rank : a;
}

//===----------------------------------------------------------------------===//
// Importer
//===----------------------------------------------------------------------===//

Importer::Importer(MLIRContext &context, llvm::StringRef fileName,
                   const ONNXImportOptions &options)
    : context(context), builder(&context),
      fileLoc(FileLineColLoc::get(&context, fileName, 0, 0)), options(options),
      fileName(fileName.str()) {}

Type Importer::elementType(MLIRContext &ctx, int32_t dtype) {
  if (isFloatDType(dtype))
    return dtype == kFloat ? Float32Type::get(&ctx) : Type();
  if (isIntDType(dtype) && dtype != kBool)
    return IntegerType::get(&ctx, 64);
  return Type();
}

FailureOr<Value> Importer::materialize(Val &val, Location loc, llvm::StringRef name) {
  if (val.value)
    return val.value;
  if (!val.initializer.empty())
    if (Value shared = initializerValues.lookup(val.initializer))
      return val.value = shared;
  const HostTensor &t = *val.host;
  Type element = elementType(context, t.dtype);
  if (!element)
    return emitError(loc) << "'" << name << "' has element type " << dtypeName(t.dtype)
                          << ", which dlc has no tensors of (float32 and int64 only)";
  auto type = RankedTensorType::get(t.shape, element);
  ElementsAttr value;
  // Initializers (and big folded tensors) are resources: their names stay
  // the ONNX names, and the text form keeps them out of the op.
  bool resource = element.isF32() && (!val.initializer.empty() || t.numel() > 1024);
  if (resource) {
    auto blob = HeapAsmResourceBlob::allocateAndCopyInferAlign<float>(t.floats);
    std::string key = val.initializer.empty() ? name.str() : val.initializer;
    value = DenseResourceElementsAttr::get(type, key, std::move(blob));
  } else if (element.isF32()) {
    value = DenseElementsAttr::get(type, llvm::ArrayRef<float>(t.floats));
  } else {
    value = DenseElementsAttr::get(type, llvm::ArrayRef<int64_t>(t.ints));
  }
  Location at = val.initializer.empty()
                    ? loc
                    : NameLoc::get(StringAttr::get(&context, val.initializer), fileLoc);
  BuiltOp built = buildOp(builder, at, "constant", {},
                          {builder.getNamedAttr("value", value)}, 1);
  if (!built.op)
    return emitError(loc) << "'" << name << "': " << built.error;
  val.value = built.op->getResult(0);
  if (!val.initializer.empty())
    initializerValues[val.initializer] = val.value;
  return val.value;
}

namespace {

/// One graph input as the function will see it.
struct InputSpec {
  std::string name;
  Shape shape;
  int32_t dtype;
};

/// The element type and shape of a graph input, specialised by the hints.
FailureOr<InputSpec> readInput(const onnx::ValueInfoProto &info,
                               const ONNXImportOptions &options, Location loc) {
  InputSpec spec;
  spec.name = info.name();
  if (!info.type().has_tensor_type())
    return emitError(loc) << "input '" << spec.name
                          << "' is not a tensor (sequences, maps and optionals are "
                             "not supported)";
  const onnx::TypeProto_Tensor &tensor = info.type().tensor_type();
  spec.dtype = tensor.elem_type();
  // int32 inputs are read widened (like .npy '<i4' files).
  if (spec.dtype != kFloat && spec.dtype != kInt64 && spec.dtype != kInt32)
    return emitError(loc) << "input '" << spec.name << "' has element type "
                          << dtypeName(spec.dtype)
                          << "; dlc models take float32 or int64 (int32 widened) inputs";
  auto hint = options.inputs.find(spec.name);
  const ONNXInputHint *given = hint == options.inputs.end() ? nullptr : &hint->second;
  if (!tensor.has_shape()) {
    if (!given)
      return emitError(loc) << "input '" << spec.name
                            << "' has no shape in the model; give the input (-i) so "
                               "that its shape is known";
    spec.shape = given->shape;
    return spec;
  }
  const auto &dims = tensor.shape().dim();
  if (given && given->shape.size() != static_cast<size_t>(dims.size()))
    return emitError(loc) << "input '" << spec.name << "' has rank " << dims.size()
                          << " in the model, but the given tensor has shape "
                          << mlir::dlc::shapeToString(given->shape);
  std::string declared;
  bool mismatch = false;
  for (int i = 0; i < dims.size(); ++i) {
    const onnx::TensorShapeProto_Dimension &d = dims[i];
    declared += (i ? "x" : "");
    if (d.has_dim_value()) {
      declared += std::to_string(d.dim_value());
      if (d.dim_value() < 0)
        return emitError(loc) << "input '" << spec.name << "' has a negative dimension";
      if (given && given->shape[i] != d.dim_value())
        mismatch = true;
      spec.shape.push_back(given ? given->shape[i] : d.dim_value());
      continue;
    }
    std::string symbol = d.has_dim_param() && !d.dim_param().empty() ? d.dim_param() : "?";
    declared += symbol;
    if (given) {
      spec.shape.push_back(given->shape[i]);
      continue;
    }
    emitWarning(loc) << "input '" << spec.name << "': dimension " << i << " ('"
                     << symbol << "') is symbolic and no tensor was given for it; "
                     << "it is set to 1";
    spec.shape.push_back(1);
  }
  if (mismatch)
    return emitError(loc) << "input '" << spec.name << "' must have shape " << declared
                          << " but the given tensor has shape "
                          << mlir::dlc::shapeToString(given->shape);
  return spec;
}

/// Lists every node whose operator has no converter, grouped by operator.
LogicalResult checkSupported(const onnx::GraphProto &graph,
                             const std::map<std::string, int64_t> &opsets,
                             Location loc) {
  struct Use {
    std::string domain;
    int64_t opset;
    std::vector<std::string> nodes;
  };
  std::map<std::string, Use> unsupported;
  size_t count = 0;
  for (const onnx::NodeProto &node : graph.node()) {
    std::string domain = normalizeDomain(node.domain());
    if (opTable().count(domain + "::" + node.op_type()))
      continue;
    auto opset = opsets.find(domain);
    std::string key = (domain.empty() ? "" : domain + ".") + node.op_type();
    Use &use = unsupported[key];
    use.domain = domain;
    use.opset = opset == opsets.end() ? -1 : opset->second;
    use.nodes.push_back(!node.name().empty() ? node.name()
                        : node.output_size() ? node.output(0)
                                             : std::string("?"));
    ++count;
  }
  if (unsupported.empty())
    return success();
  InFlightDiagnostic diag = emitError(loc);
  diag << count << (count == 1 ? " node uses" : " nodes use") << " "
       << (unsupported.size() == 1 ? "an ONNX operator" : "ONNX operators")
       << " dlc does not support: ";
  bool first = true;
  for (auto &[op, use] : unsupported) {
    diag << (first ? "" : "; ") << op;
    if (use.opset >= 0)
      diag << " (opset " << use.opset << ")";
    else
      diag << " (domain '" << use.domain << "' has no opset_import)";
    diag << " at node" << (use.nodes.size() == 1 ? " " : "s ");
    for (size_t i = 0; i < use.nodes.size(); ++i)
      diag << (i ? ", " : "") << "'" << use.nodes[i] << "'";
    first = false;
  }
  return failure();
}

/// A model older than opset 7 imports when each of its operators has the
/// same definition at its opset as at opset 7 (ONNX's schema registry says
/// since which version each definition holds); the others are listed.
LogicalResult checkOldOpset(const onnx::GraphProto &graph, int64_t opset, Location loc) {
  std::map<std::string, std::string> changed;
  for (const onnx::NodeProto &node : graph.node()) {
    if (!normalizeDomain(node.domain()).empty())
      continue;
    const onnx::OpSchema *old =
        onnx::OpSchemaRegistry::Schema(node.op_type(), static_cast<int>(opset));
    const onnx::OpSchema *at7 =
        onnx::OpSchemaRegistry::Schema(node.op_type(), static_cast<int>(kMinOpset));
    if (!old)
      changed[node.op_type()] = "it does not exist at opset " + std::to_string(opset);
    else if (!at7 || old->since_version() != at7->since_version())
      changed[node.op_type()] =
          "its opset-" + std::to_string(opset) + " form (since version " +
          std::to_string(old->since_version()) + ") differs from opset " +
          std::to_string(kMinOpset) + "'s";
  }
  if (changed.empty())
    return success();
  InFlightDiagnostic diag = emitError(loc);
  diag << "ONNX opset " << opset << " is older than dlc imports (" << kMinOpset
       << " to " << kMaxOpset << ") for: ";
  bool first = true;
  for (auto &[op, why] : changed) {
    diag << (first ? "" : "; ") << op << " (" << why << ")";
    first = false;
  }
  return failure();
}

/// Checks the node's attributes against the types its ONNX schema declares
/// (when the registry knows the operator at this opset): an attribute of
/// another type would otherwise read as 0 or "" (protobuf's default).
LogicalResult checkAttributeTypes(NodeContext &ctx, const std::string &domain) {
  const onnx::OpSchema *schema = onnx::OpSchemaRegistry::Schema(
      ctx.node.op_type(), static_cast<int>(ctx.opset), domain);
  if (!schema)
    return success();
  for (const onnx::AttributeProto &a : ctx.node.attribute()) {
    auto declared = schema->attributes().find(a.name());
    if (declared == schema->attributes().end() ||
        a.type() == onnx::AttributeProto::UNDEFINED || a.type() == declared->second.type)
      continue;
    return ctx.fail("attribute '" + a.name() + "' must be " +
                    onnx::AttributeProto::AttributeType_Name(declared->second.type) +
                    ", got " + onnx::AttributeProto::AttributeType_Name(a.type()));
  }
  return success();
}

/// A model of opset 18 to 20 imports when none of its operators is one that
/// dlc imports and whose definition changed after opset 17 in what dlc reads
/// (Debian's libonnx registry ends at 17, so ONNX's Changelog is copied
/// here; changes that only add element types, as Cast, Reshape or Equal at
/// 19, do not count). Operators added since (Gelu, opset 20) have their own
/// converters; the others are reported as unsupported.
LogicalResult checkNewOpset(const onnx::GraphProto &graph, int64_t opset, Location loc) {
  static const std::map<std::string, std::pair<int64_t, const char *>> changed = {
      {"AveragePool", {19, "dilations"}},
      {"Pad", {18, "axes input"}},
      {"ReduceL2", {18, "axes input"}},
      {"ReduceMax", {18, "axes input"}},
      {"ReduceMean", {18, "axes input"}},
      {"ReduceMin", {18, "axes input"}},
      {"ReduceProd", {18, "axes input"}},
      {"Split", {18, "num_outputs"}}};
  std::map<std::string, std::string> found;
  for (const onnx::NodeProto &node : graph.node()) {
    auto it = changed.find(node.op_type());
    if (normalizeDomain(node.domain()).empty() && it != changed.end() &&
        it->second.first <= opset)
      found[node.op_type()] = "opset " + std::to_string(it->second.first) + ": " +
                              it->second.second;
  }
  if (found.empty())
    return success();
  InFlightDiagnostic diag = emitError(loc);
  diag << "ONNX opset " << opset << " imports only operators defined as at opset "
       << kFullOpset << "; these changed: ";
  bool first = true;
  for (auto &[op, why] : found) {
    diag << (first ? "" : "; ") << op << " (" << why << ")";
    first = false;
  }
  return failure();
}

/// Compares a computed value with the shape the model declares for it. A
/// difference is a warning, as in ONNX Runtime: declared shapes are an
/// exporter's shape inference, which can disagree with the computation
/// (e.g. ceil-mode pooling, where PyTorch and newer ONNX drop a window that
/// would start in the padding and older shape inference does not).
void checkDeclared(const onnx::ValueInfoProto &info, const Shape &shape, Location loc,
                   llvm::StringRef what) {
  if (!info.type().has_tensor_type() || !info.type().tensor_type().has_shape())
    return;
  const auto &dims = info.type().tensor_type().shape().dim();
  bool mismatch = dims.size() != static_cast<int>(shape.size());
  std::string declared;
  for (int i = 0; i < dims.size(); ++i) {
    declared += (i ? "x" : "");
    if (dims[i].has_dim_value()) {
      declared += std::to_string(dims[i].dim_value());
      if (!mismatch && dims[i].dim_value() != shape[i])
        mismatch = true;
    } else {
      declared += dims[i].has_dim_param() ? dims[i].dim_param() : "?";
    }
  }
  if (mismatch)
    emitWarning(loc) << what << " '" << info.name() << "' is declared "
                     << (dims.empty() ? "scalar" : declared) << " but computes to "
                     << mlir::dlc::shapeToString(shape) << "; dlc uses the computed shape";
}

} // namespace

OwningOpRef<ModuleOp> Importer::run(llvm::StringRef bytes) {
  context.loadDialect<DLCDialect, func::FuncDialect>();
  onnx::ModelProto model;
  if (!parseMessage(model, bytes)) {
    emitError(fileLoc) << "not a valid ONNX model: the protobuf data is truncated or "
                          "corrupt";
    return nullptr;
  }
  if (!model.has_graph() || model.graph().output_size() == 0) {
    emitError(fileLoc) << "not an ONNX model: the file holds no graph with outputs";
    return nullptr;
  }
  std::map<std::string, int64_t> opsets;
  for (const onnx::OperatorSetIdProto &o : model.opset_import())
    opsets[normalizeDomain(o.domain())] = o.version();
  auto defaultOpset = opsets.find("");
  if (defaultOpset == opsets.end() && model.ir_version() < 3)
    opsets[""] = 1; // IR versions before opset_import meant opset 1
  defaultOpset = opsets.find("");
  bool usesDefault = llvm::any_of(model.graph().node(), [](const onnx::NodeProto &n) {
    return normalizeDomain(n.domain()).empty();
  });
  if (usesDefault && defaultOpset == opsets.end()) {
    emitError(fileLoc) << "the model declares no opset for the default ONNX domain";
    return nullptr;
  }
  if (usesDefault && defaultOpset->second > kMaxOpset) {
    emitError(fileLoc) << "ONNX opset " << defaultOpset->second
                       << " is not supported: dlc imports opsets " << kMinOpset
                       << " to " << kMaxOpset;
    return nullptr;
  }
  if (usesDefault && defaultOpset->second < kMinOpset &&
      failed(checkOldOpset(model.graph(), defaultOpset->second, fileLoc)))
    return nullptr;
  if (usesDefault && defaultOpset->second > kFullOpset &&
      failed(checkNewOpset(model.graph(), defaultOpset->second, fileLoc)))
    return nullptr;
  const onnx::GraphProto &graph = model.graph();
  if (failed(checkSupported(graph, opsets, fileLoc)))
    return nullptr;
  if (graph.sparse_initializer_size() > 0) {
    emitError(fileLoc) << "sparse initializers are not supported";
    return nullptr;
  }

  // Initializers: known values under their ONNX names.
  llvm::StringSet<> initializerNames;
  for (const onnx::TensorProto &init : graph.initializer()) {
    auto decoded = decodeTensor(init);
    if (!decoded) {
      emitError(fileLoc) << "initializer: " << llvm::toString(decoded.takeError());
      return nullptr;
    }
    Val val;
    val.host = std::make_shared<const HostTensor>(std::move(*decoded));
    val.initializer = init.name();
    values[init.name()] = std::move(val);
    initializerNames.insert(init.name());
  }

  // Graph inputs (an input that is also an initializer is a weight with a
  // default, as IR < 4 lists them; the initializer wins).
  std::vector<InputSpec> inputs;
  for (const onnx::ValueInfoProto &info : graph.input()) {
    if (initializerNames.contains(info.name()))
      continue;
    auto spec = readInput(info, options, fileLoc);
    if (failed(spec))
      return nullptr;
    inputs.push_back(*spec);
  }
  for (const auto &hint : options.inputs)
    if (llvm::none_of(inputs, [&](const InputSpec &s) { return s.name == hint.first(); })) {
      std::string names;
      for (const InputSpec &s : inputs)
        names += (names.empty() ? "" : ", ") + s.name;
      emitError(fileLoc) << "the model has no input named '" << hint.first()
                         << "' (its inputs: " << names << ")";
      return nullptr;
    }

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());
  SmallVector<Type> argTypes;
  for (const InputSpec &in : inputs)
    argTypes.push_back(RankedTensorType::get(in.shape, elementType(context, in.dtype)));
  auto func = func::FuncOp::create(builder, fileLoc, options.function,
                                   builder.getFunctionType(argTypes, {}));
  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToEnd(entry);
  // Without folding of parameters, float initializers are values of the
  // graph from the start: what computes on them becomes ops.
  if (!options.foldParameters)
    for (const onnx::TensorProto &init : graph.initializer()) {
      Val &val = values[init.name()];
      if (val.host->dtype != kFloat)
        continue;
      if (failed(materialize(val, fileLoc, init.name())))
        return nullptr;
      val.host.reset();
    }
  for (size_t i = 0; i < inputs.size(); ++i) {
    Val val;
    val.value = entry->getArgument(i);
    auto hint = options.inputs.find(inputs[i].name);
    if (hint != options.inputs.end() && hint->second.int64Values &&
        inputs[i].dtype != kFloat)
      val.host = std::make_shared<const HostTensor>(
          HostTensor::ofInts(inputs[i].shape, *hint->second.int64Values));
    values[inputs[i].name] = std::move(val);
  }

  for (const onnx::ValueInfoProto &out : graph.output())
    graphOutputs.insert(out.name());
  // Declared shapes of intermediate values, checked as they are computed.
  llvm::StringMap<const onnx::ValueInfoProto *> declared;
  for (const onnx::ValueInfoProto &info : graph.value_info())
    declared[info.name()] = &info;

  for (const onnx::NodeProto &node : graph.node()) {
    std::string domain = normalizeDomain(node.domain());
    const OpDef &def = opTable().find(domain + "::" + node.op_type())->second;
    NodeContext ctx(*this, node, opsets[domain]);
    for (int i = 0; i < node.input_size(); ++i)
      if (!node.input(i).empty() && !values.count(node.input(i))) {
        (void)ctx.fail("input '" + node.input(i) +
                       "' is not a graph input, an initializer or the output of an "
                       "earlier node (a missing initializer, or nodes out of order)");
        return nullptr;
      }
    if (failed(checkAttributeTypes(ctx, domain)) || failed(def.convert(ctx)))
      return nullptr;
    for (int i = 0; i < node.output_size(); ++i) {
      const std::string &out = node.output(i);
      if (out.empty())
        continue;
      auto it = values.find(out);
      if (it == values.end()) {
        (void)ctx.fail("output " + llvm::Twine(i) + " ('" + out +
                       "') is not supported by dlc's converter");
        return nullptr;
      }
      auto decl = declared.find(out);
      if (decl != declared.end()) {
        Val &v = it->second;
        Shape shape = v.value ? Shape(cast<RankedTensorType>(v.value.getType())
                                          .getShape()
                                          .begin(),
                                      cast<RankedTensorType>(v.value.getType())
                                          .getShape()
                                          .end())
                              : v.host->shape;
        checkDeclared(*decl->second, shape, ctx.loc, "value");
      }
    }
  }

  SmallVector<Value> results;
  SmallVector<Type> resultTypes;
  for (const onnx::ValueInfoProto &out : graph.output()) {
    auto it = values.find(out.name());
    if (it == values.end()) {
      emitError(fileLoc) << "graph output '" << out.name()
                         << "' is not computed by any node";
      return nullptr;
    }
    if (out.type().has_tensor_type()) {
      int32_t dtype = out.type().tensor_type().elem_type();
      if (dtype != kFloat && dtype != kInt64) {
        emitError(fileLoc) << "graph output '" << out.name() << "' has element type "
                           << dtypeName(dtype)
                           << "; dlc models produce float32 or int64 outputs";
        return nullptr;
      }
    }
    auto value = materialize(it->second, fileLoc, out.name());
    if (failed(value))
      return nullptr;
    auto type = cast<RankedTensorType>(value->getType());
    checkDeclared(out, Shape(type.getShape().begin(), type.getShape().end()), fileLoc,
                  "graph output");
    results.push_back(*value);
    resultTypes.push_back(type);
  }
  func::ReturnOp::create(builder, fileLoc, results);
  func.setFunctionType(builder.getFunctionType(argTypes, resultTypes));
  for (size_t i = 0; i < inputs.size(); ++i)
    func.setArgAttr(i, "dlc.name", builder.getStringAttr(inputs[i].name));
  for (int i = 0; i < graph.output_size(); ++i)
    func.setResultAttr(i, "dlc.name", builder.getStringAttr(graph.output(i).name()));

  // Weights are parameters; BatchNorm's running statistics are buffers.
  func.walk([&](Operation *op) {
    if (op->getName().getStringRef() != "dlc.constant")
      return;
    auto value = op->getAttrOfType<DenseResourceElementsAttr>("value");
    if (!value || !initializerNames.contains(value.getRawHandle().getKey()))
      return;
    bool buffer = llvm::any_of(op->getUses(), [](OpOperand &use) {
      llvm::StringRef user = use.getOwner()->getName().getStringRef();
      return (user == "dlc.batch_norm" || user == "dlc.batch_norm_train") &&
             use.getOperandNumber() >= 3;
    });
    op->setAttr("dlc.param", builder.getStringAttr(buffer ? "buffer" : "trainable"));
  });
  return module;
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> mlir::dlc::importONNXBuffer(llvm::StringRef bytes,
                                                  llvm::StringRef fileName,
                                                  MLIRContext &context,
                                                  const ONNXImportOptions &options) {
  Importer importer(context, fileName, options);
  return importer.run(bytes);
}

OwningOpRef<ModuleOp> mlir::dlc::importONNX(llvm::StringRef path, MLIRContext &context,
                                            const ONNXImportOptions &options) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    emitError(FileLineColLoc::get(&context, path, 0, 0))
        << "cannot read the model: " << buffer.getError().message();
    return nullptr;
  }
  return importONNXBuffer((*buffer)->getBuffer(), path, context, options);
}

llvm::Expected<ONNXTensorFile> mlir::dlc::readONNXTensorFile(llvm::StringRef path) {
  auto error = [&](const llvm::Twine &what) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "'" + path + "': " + what);
  };
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return error("cannot read: " + buffer.getError().message());
  onnx::TensorProto proto;
  if (!parseMessage(proto, (*buffer)->getBuffer()))
    return error("not an ONNX TensorProto (truncated or corrupt protobuf data)");
  auto decoded = decodeTensor(proto);
  if (!decoded)
    return error(llvm::toString(decoded.takeError()));
  if (decoded->dtype != kFloat && !isIntDType(decoded->dtype))
    return error("element type " + dtypeName(decoded->dtype) +
                 " is not supported (float32 or an integer type)");
  ONNXTensorFile out;
  out.name = proto.name();
  out.shape = decoded->shape;
  out.isInt64 = !decoded->isFloat();
  out.f32 = std::move(decoded->floats);
  out.i64 = std::move(decoded->ints);
  return out;
}
