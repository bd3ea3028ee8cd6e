//===- Importer.h - the ONNX importer's internals ----------------*- C++ -*-===//
//
// The importer walks an ONNX graph in order and keeps, per ONNX value name,
// what it knows: an SSA value of the function being built, a tensor known
// at import time (HostTensor), or both. Each operator has a converter, a
// function of a NodeContext, registered by family (Convert<Family>.cpp).
// A converter folds when every input it needs is known and can be folded,
// and otherwise creates dlc ops through NodeContext::op, which infers types
// and verifies with the dialect and reports failures against the node.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_FRONTEND_ONNX_IMPORTER_H
#define DLC_FRONTEND_ONNX_IMPORTER_H

#include "HostTensor.h"

#include "dlc/Frontend/ONNX.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <memory>
#include <optional>

namespace onnx {
class NodeProto;
class AttributeProto;
} // namespace onnx

namespace mlir::dlc::onnx_import {

/// What the importer knows of one ONNX value.
struct Val {
  /// The SSA value, once something needs it at run time.
  Value value;
  /// The value, when it is known at import time.
  std::shared_ptr<const HostTensor> host;
  /// For initializers: the ONNX name, which becomes the resource's name.
  std::string initializer;
};

class Importer;

/// One node being converted: its inputs, attributes and outputs, and the
/// means to create dlc ops for it. Input and output indices are ONNX's; an
/// absent optional input is one beyond the list or with an empty name.
class NodeContext {
public:
  NodeContext(Importer &importer, const onnx::NodeProto &node, int64_t opset);

  const onnx::NodeProto &node;
  /// The opset version of the node's domain.
  const int64_t opset;
  Location loc;
  OpBuilder &b;

  llvm::StringRef opType() const;
  const std::string &name() const { return nodeName; }

  //===--- inputs -------------------------------------------------------===//
  unsigned numInputs() const;
  bool has(unsigned i) const;
  /// The known value of input `i`, or null.
  const HostTensor *host(unsigned i) const;
  /// Whether every present input is known at import time.
  bool allHost() const;
  /// Input `i` as an SSA value (materializing a known one as a constant).
  FailureOr<Value> value(unsigned i);
  /// Input `i` as an SSA f32 tensor; an int64 one computed at run time is
  /// reported (dlc computes on int64 only where it folds shapes, and in
  /// indices, labels and step counts).
  FailureOr<Value> f32(unsigned i);
  /// Shape and ONNX element type of input `i`.
  Shape shape(unsigned i) const;
  int32_t dtype(unsigned i) const;
  int64_t rank(unsigned i) const { return static_cast<int64_t>(shape(i).size()); }
  /// The integers of a known input; fails (with an error naming `what`)
  /// when the input is computed at run time.
  FailureOr<std::vector<int64_t>> ints(unsigned i, llvm::StringRef what);
  /// The single number of a known input.
  FailureOr<double> scalar(unsigned i, llvm::StringRef what);

  //===--- attributes ---------------------------------------------------===//
  const onnx::AttributeProto *attr(llvm::StringRef name) const;
  bool hasAttr(llvm::StringRef name) const { return attr(name) != nullptr; }
  int64_t attrInt(llvm::StringRef name, int64_t def) const;
  float attrFloat(llvm::StringRef name, float def) const;
  std::string attrString(llvm::StringRef name, llvm::StringRef def) const;
  std::vector<int64_t> attrInts(llvm::StringRef name,
                                std::vector<int64_t> def = {}) const;
  std::vector<float> attrFloats(llvm::StringRef name) const;
  std::vector<std::string> attrStrings(llvm::StringRef name) const;

  //===--- outputs ------------------------------------------------------===//
  unsigned numOutputs() const;
  /// Whether output `i` exists and has a name (is used by someone).
  bool wants(unsigned i) const;
  void set(unsigned i, Value v);
  void setHost(unsigned i, HostTensor t);
  /// Output `i` is input `j` (Identity, no-op reshapes).
  void forward(unsigned i, unsigned j);

  //===--- creating dlc ops ----------------------------------------------===//
  /// `dlc.<name>` with inferred result types (or `types`), verified; a
  /// failure is reported against the node.
  FailureOr<Operation *> op(llvm::StringRef name, ValueRange operands,
                            llvm::ArrayRef<NamedAttribute> attributes = {},
                            unsigned numResults = 1, TypeRange types = {});
  /// Creates a single-result op and makes it output 0 of the node.
  LogicalResult emit(llvm::StringRef name, ValueRange operands,
                     llvm::ArrayRef<NamedAttribute> attributes = {},
                     TypeRange types = {});
  /// The same for a single-result op.
  FailureOr<Value> op1(llvm::StringRef name, ValueRange operands,
                       llvm::ArrayRef<NamedAttribute> attributes = {},
                       TypeRange types = {});
  FailureOr<Value> reshape(Value v, llvm::ArrayRef<int64_t> shape);
  FailureOr<Value> transpose(Value v, llvm::ArrayRef<int64_t> perm);
  /// A constant (f32 when `t` is floating, else i64).
  FailureOr<Value> constant(const HostTensor &t);

  NamedAttribute named(llvm::StringRef name, int64_t v) const;
  NamedAttribute named(llvm::StringRef name, float v) const;
  NamedAttribute namedBool(llvm::StringRef name, bool v) const;
  NamedAttribute named(llvm::StringRef name, llvm::ArrayRef<int64_t> v) const;
  NamedAttribute named(llvm::StringRef name, llvm::StringRef v) const;

  /// Whether output `i` is one of the graph's outputs.
  bool isGraphOutput(unsigned i) const;

  /// Reports "node '<name>' (<op>): <message>" and returns failure.
  LogicalResult fail(const llvm::Twine &message) const;

  /// Normalizes axis `a` of a rank-`rank` tensor (negative counts from the
  /// end); reports `what` out of range.
  FailureOr<int64_t> axis(int64_t a, int64_t rank, llvm::StringRef what) const;

private:
  Val *input(unsigned i) const;
  Importer &importer;
  std::string nodeName;
};

/// A converter: folds or emits dlc ops for one node.
using Converter = LogicalResult (*)(NodeContext &);

struct OpDef {
  Converter convert = nullptr;
  /// Handled only when the result can be computed at import time (shape
  /// arithmetic that exporters emit: ConstantOfShape, Range, Equal, ...);
  /// such ops are not counted as unsupported before conversion.
  bool foldOnly = false;
};

/// Keyed by "<domain>::<op_type>" with the default domain spelled "".
using OpTable = llvm::StringMap<OpDef>;

void registerElementwiseOps(OpTable &table);
void registerDataMovementOps(OpTable &table);
void registerLinearOps(OpTable &table);
void registerConvolutionOps(OpTable &table);
void registerRecurrentOps(OpTable &table);
void registerTrainingOps(OpTable &table);

/// The domain of the ai.onnx.preview.training operators.
inline constexpr llvm::StringLiteral kTrainingDomain = "ai.onnx.preview.training";

/// The shared state of one import.
class Importer {
public:
  Importer(MLIRContext &context, llvm::StringRef fileName,
           const ONNXImportOptions &options);
  OwningOpRef<ModuleOp> run(llvm::StringRef bytes);

  MLIRContext &context;
  OpBuilder builder;
  Location fileLoc;
  llvm::StringMap<Val> values;
  /// The names of the graph outputs.
  llvm::StringSet<> graphOutputs;
  /// The constant of each initializer, shared by every name it travels under.
  llvm::StringMap<Value> initializerValues;

  /// The SSA value of `val`, creating its constant on first use.
  FailureOr<Value> materialize(Val &val, Location loc, llvm::StringRef name);
  /// The MLIR type of a known tensor, or failure for element types dlc has
  /// no tensors of.
  static Type elementType(MLIRContext &ctx, int32_t dtype);

private:
  const ONNXImportOptions &options;
  std::string fileName;
};

} // namespace mlir::dlc::onnx_import

#endif // DLC_FRONTEND_ONNX_IMPORTER_H
