//===- HoistParameterComputation.cpp - dlc-hoist-parameter-computation ------===//
//
// What a model computes from its parameters alone moves into a prepare
// function that runs once per binding (see Passes.td). Runs on tensors,
// after the kernels are shaped (so that the weight repacking of
// dlc-conv-to-gemm and dlc-tile-and-vectorize is among what moves) and
// before bufferization.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Parameters.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

#include <functional>

namespace mlir::dlc {
#define GEN_PASS_DEF_HOISTPARAMETERCOMPUTATION
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// The bytes of a statically shaped tensor, else nullopt.
std::optional<int64_t> tensorBytes(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape() || !tensor.getElementType().isIntOrFloat())
    return std::nullopt;
  return tensor.getNumElements() * ((tensor.getElementTypeBitWidth() + 7) / 8);
}

/// Every value `op` reads from outside itself: operands and values its
/// regions capture.
SmallVector<Value> inputsOf(Operation *op) {
  SmallVector<Value> values(op->getOperands());
  visitUsedValuesDefinedAbove(op->getRegions(),
                              [&](OpOperand *use) { values.push_back(use->get()); });
  return values;
}

/// Moves the parameter computation of `func` into a new prepare function.
LogicalResult hoist(func::FuncOp func) {
  Block &body = func.front();
  SmallVector<unsigned> parameters;
  // What the prepare function can compute, with the bytes of parameters
  // each value is computed from (the measure of an expansion: a broadcast
  // split into tiles grows by little at each step).
  llvm::DenseMap<Value, int64_t> available;
  for (BlockArgument arg : func.getArguments())
    if (isParameterArgument(arg)) {
      parameters.push_back(arg.getArgNumber());
      available[arg] = tensorBytes(arg.getType()).value_or(0);
    }
  if (parameters.empty())
    return success();

  // The ops to move, in order. `free` holds what any function can
  // recompute from nothing: constants, tensor.empty, slices and fills of
  // them (a tiled transpose's destination).
  llvm::SetVector<Operation *> moved;
  llvm::DenseSet<Value> free;
  for (Operation &op : body.without_terminator()) {
    if (!isMemoryEffectFree(&op) || op.getNumResults() == 0)
      continue;
    SmallVector<Value> inputs = inputsOf(&op);
    if (llvm::all_of(inputs, [&](Value v) { return free.contains(v); })) {
      free.insert(op.result_begin(), op.result_end());
      continue;
    }
    bool readsParameters = false, computable = true;
    int64_t bytesIn = 0, bytesOut = 0;
    for (Value v : inputs) {
      if (auto it = available.find(v); it != available.end()) {
        readsParameters = true;
        bytesIn += it->second;
        continue;
      }
      computable = computable && free.contains(v);
    }
    for (Type type : op.getResultTypes()) {
      std::optional<int64_t> bytes = tensorBytes(type);
      computable = computable && bytes;
      bytesOut += bytes.value_or(0);
    }
    if (!computable || !readsParameters || !worthPreparing(bytesIn, bytesOut))
      continue;
    moved.insert(&op);
    for (Value result : op.getResults())
      available[result] = bytesIn;
  }

  // The prepared values: moved results the model still reads.
  auto stays = [&](OpOperand &use) {
    return !moved.contains(body.findAncestorOpInBlock(*use.getOwner()));
  };
  SmallVector<Value> prepared;
  for (Operation *op : moved)
    for (Value result : op->getResults())
      if (llvm::any_of(result.getUses(), stays))
        prepared.push_back(result);

  // @f_prepare(parameters...) -> (prepared...).
  MLIRContext *ctx = func.getContext();
  OpBuilder b(ctx);
  b.setInsertionPointAfter(func);
  SmallVector<Type> parameterTypes, preparedTypes;
  for (unsigned index : parameters)
    parameterTypes.push_back(func.getArgument(index).getType());
  for (Value v : prepared)
    preparedTypes.push_back(v.getType());
  auto prepare = func::FuncOp::create(b, func.getLoc(), prepareFunctionName(func.getName()),
                                      b.getFunctionType(parameterTypes, preparedTypes));
  prepare->setAttr(kPrepareFunctionAttr, b.getUnitAttr());
  Block *entry = prepare.addEntryBlock();
  IRMapping mapping;
  for (auto [i, index] : llvm::enumerate(parameters)) {
    mapping.map(func.getArgument(index), entry->getArgument(i));
    for (NamedAttribute attr : func.getArgAttrDict(index))
      if (attr.getName() == kParamAttr || attr.getName() == kNameAttr)
        prepare.setArgAttr(i, attr.getName(), attr.getValue());
  }
  b.setInsertionPointToStart(entry);
  // Clones `op` after what it reads that is not there yet (free values).
  std::function<void(Operation *)> cloneWithInputs = [&](Operation *op) {
    for (Value v : inputsOf(op))
      if (!mapping.contains(v))
        cloneWithInputs(v.getDefiningOp());
    b.clone(*op, mapping);
  };
  for (Operation *op : moved)
    cloneWithInputs(op);
  SmallVector<Value> results;
  for (Value v : prepared)
    results.push_back(mapping.lookup(v));
  func::ReturnOp::create(b, func.getLoc(), results);

  // The model reads them as arguments after its parameters.
  for (auto [i, value] : llvm::enumerate(prepared)) {
    unsigned index = func.getNumArguments();
    NamedAttribute attr = b.getNamedAttr(kPreparedAttr, b.getI64IntegerAttr(i));
    if (failed(func.insertArgument(index, value.getType(),
                                   b.getDictionaryAttr(ArrayRef(attr)), value.getLoc())))
      return failure();
    value.replaceUsesWithIf(func.getArgument(index), stays);
  }
  for (Operation *op : llvm::reverse(moved))
    op->erase();

  SmallVector<Attribute> types;
  for (Type type : preparedTypes)
    types.push_back(TypeAttr::get(type));
  func->getParentOfType<ModuleOp>()->setAttr(kPreparedAttr, b.getArrayAttr(types));
  return success();
}

struct HoistParameterComputation
    : mlir::dlc::impl::HoistParameterComputationBase<HoistParameterComputation> {
  void runOnOperation() override {
    for (auto func : llvm::to_vector(getOperation().getOps<func::FuncOp>()))
      if (!func.isExternal() && !func.isPrivate() &&
          !func->hasAttr(kPrepareFunctionAttr) && failed(hoist(func)))
        return signalPassFailure();
  }
};

} // namespace
