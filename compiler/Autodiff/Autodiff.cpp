//===- Autodiff.cpp - reverse-mode differentiation of a dlc graph -----------===//
//
// See Autodiff.h. One pass over the forward in program order finds the
// values that depend on a parameter; one pass backwards from the loss finds
// those that reach it; the ops whose operands are both are differentiated
// in reverse order, each through its DifferentiableOpInterface rule, with
// the adjoints of values used several times summed. The backward is
// appended after the forward in the same function, so every activation it
// needs is simply the forward's SSA value.
//
//===----------------------------------------------------------------------===//

#include "dlc/Autodiff/Autodiff.h"
#include "dlc/Dialect/DLC/DLCOps.h"
#include "dlc/Dialect/DLC/GradientUtils.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"

#include <map>

using namespace mlir;
using namespace mlir::dlc;

namespace {

bool isF32Tensor(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  return type && type.getElementType().isF32();
}

/// The name a parameter's gradient is written under: the constant's layer
/// name (NameLoc), else its resource's name, else `param<i>`.
std::string parameterName(ConstantOp op, size_t index) {
  if (auto name = dyn_cast<NameLoc>(op.getLoc()))
    return name.getName().str();
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(op.getValue()))
    return resource.getRawHandle().getKey().str();
  return "param" + std::to_string(index);
}

/// The resource key of a constant's value; empty when it is not a resource.
std::string resourceKey(ConstantOp op) {
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(op.getValue()))
    return resource.getRawHandle().getKey().str();
  return "";
}

/// Elementwise ops cheap enough to compute twice (`recompute`).
bool isCheapElementwise(Operation *op) {
  return isa<ReluOp, SigmoidOp, TanhOp, LeakyReluOp, ClipOp, HardSigmoidOp, HardSwishOp,
             ExpOp, NegOp, AbsOp, AddOp, SubOp, MulOp>(op) &&
         op->getNumResults() == 1;
}

/// With `recompute`, each cheap elementwise forward value the backward reads
/// is computed again just before its first backward use, so the forward
/// value can be released after the forward.
void recomputeCheapValues(ArrayRef<Operation *> forward, Operation *firstBackward) {
  if (!firstBackward)
    return;
  Block *block = firstBackward->getBlock();
  for (Operation *op : forward) {
    if (!isCheapElementwise(op))
      continue;
    SmallVector<OpOperand *> backwardUses;
    Operation *first = nullptr;
    for (OpOperand &use : op->getResult(0).getUses()) {
      Operation *user = block->findAncestorOpInBlock(*use.getOwner());
      if (!user || user->isBeforeInBlock(firstBackward))
        continue;
      backwardUses.push_back(&use);
      if (!first || user->isBeforeInBlock(first))
        first = user;
    }
    if (backwardUses.empty())
      continue;
    OpBuilder b(first);
    Operation *copy = b.clone(*op);
    for (OpOperand *use : backwardUses)
      use->set(copy->getResult(0));
  }
}

} // namespace

FailureOr<GradientInfo> mlir::dlc::differentiate(func::FuncOp func,
                                                 const DifferentiateOptions &options) {
  if (func.getBody().getBlocks().size() != 1)
    return func.emitError("the model function must be a single block");
  Block &body = func.getBody().front();
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  if (ret.getNumOperands() != 1)
    return func.emitError("a model to differentiate must return one value, the "
                          "loss; it returns ")
           << ret.getNumOperands();
  Value loss = ret.getOperand(0);
  auto lossType = cast<RankedTensorType>(loss.getType());
  if (!lossType.getElementType().isF32() || lossType.getNumElements() != 1)
    return func.emitError("the loss must be a scalar f32 tensor, got ") << lossType;

  // The parameters, in program order.
  SmallVector<ConstantOp> params;
  for (Operation &op : body)
    if (auto constant = dyn_cast<ConstantOp>(op))
      if (auto role = constant->getAttrOfType<StringAttr>("dlc.param");
          role && role.getValue() == "trainable" && isF32Tensor(constant))
        params.push_back(constant);
  if (params.empty())
    return func.emitError("the model has no trainable parameters (dlc.constant with "
                          "dlc.param = \"trainable\")");

  // Values that depend on a parameter, and values that reach the loss.
  llvm::DenseSet<Value> varied, useful;
  for (ConstantOp p : params)
    varied.insert(p.getResult());
  SmallVector<Operation *> forward;
  for (Operation &op : body.without_terminator()) {
    forward.push_back(&op);
    if (llvm::any_of(op.getOperands(), [&](Value v) { return varied.contains(v); }))
      for (Value r : op.getResults())
        if (isF32Tensor(r))
          varied.insert(r);
  }
  useful.insert(loss);
  for (Operation *op : llvm::reverse(forward))
    if (llvm::any_of(op->getResults(), [&](Value r) { return useful.contains(r); }))
      for (Value v : op->getOperands())
        useful.insert(v);
  auto active = [&](Value v) {
    return varied.contains(v) && useful.contains(v) && isF32Tensor(v);
  };

  OpBuilder b(ret);
  llvm::DenseMap<Value, Value> adjoints;
  adjoints[loss] = grad::filled(b, ret.getLoc(), lossType, 1.0);
  Operation *firstBackward = adjoints[loss].getDefiningOp();
  std::map<std::string, std::vector<Location>> missing;
  // Values downstream of an op without a rule: reached from the loss but
  // without an adjoint. The walk goes on through them so that every op
  // missing a rule is found, not only the last one.
  llvm::DenseSet<Value> poisoned;
  for (Operation *op : llvm::reverse(forward)) {
    SmallVector<Value> resultAdjoints;
    bool reached = false, tainted = false;
    for (Value r : op->getResults()) {
      resultAdjoints.push_back(adjoints.lookup(r));
      reached |= static_cast<bool>(resultAdjoints.back());
      tainted |= poisoned.contains(r);
    }
    SmallVector<bool> needed;
    for (Value v : op->getOperands())
      needed.push_back(active(v));
    if ((!reached && !tainted) || llvm::none_of(needed, [](bool n) { return n; }))
      continue;
    auto rule = dyn_cast<DifferentiableOpInterface>(op);
    if (!rule)
      missing[op->getName().getStringRef().str()].push_back(op->getLoc());
    if (!rule || tainted) {
      for (auto [i, v] : llvm::enumerate(op->getOperands()))
        if (needed[i])
          poisoned.insert(v);
      continue;
    }
    SmallVector<Value> operandAdjoints;
    if (failed(rule.buildAdjoints(b, resultAdjoints, needed, operandAdjoints)))
      return failure();
    for (auto [i, v] : llvm::enumerate(op->getOperands())) {
      if (!needed[i] || i >= operandAdjoints.size() || !operandAdjoints[i])
        continue;
      Value a = operandAdjoints[i];
      if (a.getType() != v.getType())
        return op->emitError("gradient rule produced ")
               << a.getType() << " for operand " << i << " of type " << v.getType();
      Value &slot = adjoints[v];
      slot = slot ? AddOp::create(b, op->getLoc(), slot, a).getResult() : a;
    }
  }
  if (!missing.empty()) {
    size_t count = 0;
    for (auto &entry : missing)
      count += entry.second.size();
    InFlightDiagnostic diag = func.emitError();
    diag << count << (count == 1 ? " op" : " ops")
         << " on the path from the parameters to the loss "
         << (count == 1 ? "has" : "have") << " no gradient rule: ";
    bool first = true;
    for (auto &[name, locs] : missing) {
      diag << (first ? "" : ", ") << "'" << name << "'";
      if (locs.size() > 1)
        diag << " (x" << locs.size() << ")";
      first = false;
      for (Location loc : locs) {
        // Name the layer/node when the location carries one.
        Diagnostic &note = diag.attachNote(loc);
        note << "'" << name << "'";
        if (auto layer = dyn_cast<NameLoc>(loc))
          note << " ('" << layer.getName().getValue() << "')";
        note << " is here";
      }
    }
    return failure();
  }

  GradientInfo info;
  SmallVector<Value> results = {loss};
  llvm::StringSet<> names;
  std::string lossName = "loss";
  if (auto attr = func.getResultAttrOfType<StringAttr>(0, "dlc.name"))
    lossName = attr.getValue().str();
  names.insert(lossName);
  for (auto [i, p] : llvm::enumerate(params)) {
    results.push_back(grad::orZeros(b, p.getLoc(), adjoints.lookup(p.getResult()),
                                    p.getResult()));
    std::string name = parameterName(p, i);
    for (int k = 1; !names.insert(name).second; ++k)
      name = parameterName(p, i) + "_" + std::to_string(k);
    info.parameters.push_back(name);
    info.parameterKeys.push_back(resourceKey(p));
  }
  // The training-mode BatchNorms' new running statistics, where the old
  // ones are parameters the step should replace.
  if (options.stateUpdates)
    for (Operation &op : body)
      if (auto bn = dyn_cast<BatchNormTrainOp>(op))
        for (auto [operand, result] :
             {std::pair(bn.getRunningMean(), bn.getNewRunningMean()),
              std::pair(bn.getRunningVar(), bn.getNewRunningVar())}) {
          auto state = operand.getDefiningOp<ConstantOp>();
          if (!state || !state->hasAttr("dlc.param"))
            continue;
          std::string name = parameterName(state, info.states.size());
          for (int k = 1; !names.insert(name).second; ++k)
            name = parameterName(state, info.states.size()) + "_" + std::to_string(k);
          results.push_back(result);
          info.states.push_back(name);
          info.stateKeys.push_back(resourceKey(state));
        }
  func::ReturnOp::create(b, ret.getLoc(), results);
  ret.erase();
  func.setFunctionType(
      FunctionType::get(func.getContext(), func.getArgumentTypes(),
                        ValueRange(results).getTypes()));
  // One attribute dictionary per new result: the loss keeps its name, each
  // gradient is named after its parameter.
  SmallVector<DictionaryAttr> resultAttrs;
  auto named = [&](StringRef name) {
    return b.getDictionaryAttr(b.getNamedAttr("dlc.name", b.getStringAttr(name)));
  };
  resultAttrs.push_back(named(lossName));
  for (const std::string &name : info.parameters)
    resultAttrs.push_back(named(name));
  for (const std::string &name : info.states)
    resultAttrs.push_back(named(name));
  func.setAllResultAttrs(resultAttrs);
  if (options.recompute)
    recomputeCheapValues(forward, firstBackward);
  return info;
}
