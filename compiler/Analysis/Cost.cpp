//===- Cost.cpp - per-layer parameters and multiply-accumulates -------------===//
//
// Ops are matched by name and read through their generic attribute/operand
// interface, so the cost model stays one table instead of a dependency on
// every op family's generated accessors.
//
//===----------------------------------------------------------------------===//

#include "dlc/Analysis/Cost.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;

namespace {
ArrayRef<int64_t> shapeOf(Value v) {
  if (auto t = dyn_cast<RankedTensorType>(v.getType()))
    return t.getShape();
  return {};
}

int64_t numel(Value v) {
  int64_t n = 1;
  for (int64_t d : shapeOf(v))
    n *= d;
  return n;
}

bool boolAttr(Operation *op, StringRef name) {
  auto a = dyn_cast_or_null<BoolAttr>(op->getAttr(name));
  return a && a.getValue();
}


/// Operand positions that hold buffers, not parameters (BatchNorm running
/// statistics).
bool isBufferOperand(Operation *op, unsigned index) {
  StringRef name = op->getName().stripDialect();
  return (name == "batch_norm" || name == "batch_norm_train") && index >= 3;
}
} // namespace

std::string mlir::dlc::shapeText(llvm::ArrayRef<int64_t> shape) {
  std::string text;
  for (int64_t d : shape)
    text += (text.empty() ? "" : "x") +
            (ShapedType::isDynamic(d) ? std::string("?") : std::to_string(d));
  return text.empty() ? "scalar" : text;
}

std::string mlir::dlc::layerName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location l : fused.getLocations())
      if (auto name = dyn_cast<NameLoc>(l))
        return name.getName().str();
  if (auto file = dyn_cast<FileLineColLoc>(loc)) {
    StringRef path = file.getFilename().getValue();
    return (path.rsplit('/').second.empty() ? path : path.rsplit('/').second).str() +
           ":" + std::to_string(file.getLine());
  }
  return "?";
}

int64_t mlir::dlc::countOpMacs(Operation *op) {
  if (op->getDialect() == nullptr || op->getDialect()->getNamespace() != "dlc" ||
      op->getNumResults() == 0)
    return 0;
  StringRef name = op->getName().stripDialect();
  Value out = op->getResult(0);
  if (name == "conv2d") {
    // N·OH·OW·F · (C/groups)·KH·KW: the filter is [F, C/groups, KH, KW].
    ArrayRef<int64_t> w = shapeOf(op->getOperand(1));
    return numel(out) * w[1] * w[2] * w[3];
  }
  if (name == "conv_transpose2d") {
    // Every input pixel meets every (F/groups)·KH·KW filter tap.
    ArrayRef<int64_t> w = shapeOf(op->getOperand(1));
    return numel(op->getOperand(0)) * w[1] * w[2] * w[3];
  }
  if (name == "matmul") {
    ArrayRef<int64_t> lhs = shapeOf(op->getOperand(0));
    return numel(out) * lhs.back();
  }
  if (name == "gemm") {
    ArrayRef<int64_t> a = shapeOf(op->getOperand(0));
    return numel(out) * (boolAttr(op, "trans_a") ? a[0] : a[1]);
  }
  if (name == "rnn" || name == "lstm" || name == "gru") {
    // Per step and batch row: [G·H, I] and [G·H, H] matrix-vector products.
    ArrayRef<int64_t> x = shapeOf(op->getOperand(0));
    ArrayRef<int64_t> w = shapeOf(op->getOperand(1)), r = shapeOf(op->getOperand(2));
    return x[0] * x[1] * (w[0] * w[1] + r[0] * r[1]);
  }
  if (name == "rnn_cell" || name == "lstm_cell" || name == "gru_cell") {
    ArrayRef<int64_t> x = shapeOf(op->getOperand(0));
    unsigned first = name == "lstm_cell" ? 3 : 2;
    ArrayRef<int64_t> w = shapeOf(op->getOperand(first));
    ArrayRef<int64_t> r = shapeOf(op->getOperand(first + 1));
    return x[0] * (w[0] * w[1] + r[0] * r[1]);
  }
  if (name == "l_softmax_loss" || name == "a_softmax_loss" || name == "am_softmax_loss") {
    // The logits x·W: [N, D] x [D, C] (or [C, D]).
    ArrayRef<int64_t> w = shapeOf(op->getOperand(1));
    return shapeOf(op->getOperand(0))[0] * w[0] * w[1];
  }
  return 0;
}

mlir::dlc::ModelCost mlir::dlc::analyzeCost(Operation *function) {
  ModelCost cost;
  llvm::DenseSet<Operation *> counted;
  function->walk([&](Operation *op) {
    if (!op->getDialect() || op->getDialect()->getNamespace() != "dlc" ||
        op->getName().stripDialect() == "constant")
      return;
    LayerCost layer;
    layer.name = layerName(op->getLoc());
    layer.op = op->getName().stripDialect().str();
    for (Value r : op->getResults())
      layer.outputShapes.emplace_back(shapeOf(r).begin(), shapeOf(r).end());
    for (OpOperand &use : op->getOpOperands()) {
      Operation *def = use.get().getDefiningOp();
      if (!def || def->getName().getStringRef() != "dlc.constant")
        continue;
      if (isBufferOperand(op, use.getOperandNumber()))
        continue;
      auto kind = def->getAttrOfType<StringAttr>("dlc.param");
      if (kind && kind.getValue() == "buffer")
        continue;
      // Small unnamed constants (scales, fixed BN affines) are not
      // parameters; constants marked by the Graph API or stored as named
      // resources (weights of .mlir/ONNX models) are.
      bool isParameter =
          kind || isa<DenseResourceElementsAttr>(def->getAttr("value"));
      if (!isParameter || !counted.insert(def).second)
        continue;
      layer.params += numel(use.get());
    }
    layer.macs = countOpMacs(op);
    cost.params += layer.params;
    cost.macs += layer.macs;
    cost.layers.push_back(std::move(layer));
  });
  return cost;
}
