//===- ExternalizeParameters.cpp - the dlc-externalize-parameters pass ------===//
//
// The model's parameters become arguments of its function and their values
// a table on the module (see Passes.td and dlc/Transforms/Parameters.h).
// Also the helpers of Parameters.h.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Parameters.h"
#include "dlc/Transforms/Passes.h"
#include "dlc/Dialect/DLC/DLCOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_EXTERNALIZEPARAMETERS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

bool mlir::dlc::copyF32Values(Attribute value, MutableArrayRef<float> out) {
  if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(value)) {
    std::optional<ArrayRef<float>> data = resource.tryGetAsArrayRef();
    if (!data || data->size() != out.size())
      return false;
    llvm::copy(*data, out.begin());
    return true;
  }
  auto dense = dyn_cast<DenseElementsAttr>(value);
  if (!dense || !dense.getElementType().isF32() ||
      dense.getNumElements() != static_cast<int64_t>(out.size()))
    return false;
  llvm::copy(dense.getValues<float>(), out.begin());
  return true;
}

std::string mlir::dlc::prepareFunctionName(StringRef function) {
  return (function + "_prepare").str();
}

bool mlir::dlc::isParameterArgument(Value value) {
  auto arg = dyn_cast<BlockArgument>(value);
  if (!arg)
    return false;
  auto func = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp());
  return func && arg.getOwner()->isEntryBlock() &&
         func.getArgAttr(arg.getArgNumber(), kParamAttr);
}

static bool isParameterDerived(Value value, unsigned depth, bool &sawParameter) {
  if (isParameterArgument(value)) {
    sawParameter = true;
    return true;
  }
  Operation *def = value.getDefiningOp();
  if (!def || !isMemoryEffectFree(def))
    return false;
  // Constants and tensor.empty.
  if (def->getNumOperands() == 0 && def->getNumRegions() == 0)
    return true;
  if (depth == 0)
    return false;
  for (Value operand : def->getOperands())
    if (!isParameterDerived(operand, depth - 1, sawParameter))
      return false;
  bool captured = true;
  visitUsedValuesDefinedAbove(def->getRegions(), [&](OpOperand *use) {
    captured = captured && isParameterDerived(use->get(), depth - 1, sawParameter);
  });
  return captured;
}

bool mlir::dlc::isParameterDerived(Value value, unsigned depth) {
  bool sawParameter = false;
  return ::isParameterDerived(value, depth, sawParameter) && sawParameter;
}

namespace {

struct ExternalizeParameters
    : mlir::dlc::impl::ExternalizeParametersBase<ExternalizeParameters> {
  using ExternalizeParametersBase::ExternalizeParametersBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto func = module.lookupSymbol<func::FuncOp>(entry);
    if (!func || func.isExternal()) {
      module.emitError("no model function named '") << entry << "'";
      return signalPassFailure();
    }
    // The parameters, one per distinct value, in program order.
    llvm::MapVector<Attribute, SmallVector<ConstantOp>> byValue;
    func.walk([&](ConstantOp constant) {
      auto type = dyn_cast<RankedTensorType>(constant.getType());
      if (constant->hasAttr(kParamAttr) && type && type.hasStaticShape() &&
          type.getElementType().isF32())
        byValue[constant.getValue()].push_back(constant);
    });
    if (byValue.empty())
      return;
    MLIRContext *ctx = &getContext();
    Builder b(ctx);
    llvm::StringSet<> names;
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      if (auto name = func.getArgAttrOfType<StringAttr>(i, kNameAttr))
        names.insert(name.getValue());
    SmallVector<Attribute> table;
    for (auto &[value, constants] : byValue) {
      std::string name;
      if (auto resource = dyn_cast<DenseResourceElementsAttr>(value))
        name = resource.getRawHandle().getKey().str();
      if (name.empty())
        name = "param" + std::to_string(table.size());
      std::string unique = name;
      for (int suffix = 1; !names.insert(unique).second; ++suffix)
        unique = name + "_" + std::to_string(suffix);
      // Trainable if any use of the value is.
      StringRef kind = "buffer";
      for (ConstantOp constant : constants)
        if (auto k = constant->getAttrOfType<StringAttr>(kParamAttr);
            k && k.getValue() == "trainable")
          kind = "trainable";
      NamedAttribute attrs[] = {b.getNamedAttr(kNameAttr, b.getStringAttr(unique)),
                                b.getNamedAttr(kParamAttr, b.getStringAttr(kind))};
      unsigned index = func.getNumArguments();
      if (failed(func.insertArgument(index, constants.front().getType(),
                                     b.getDictionaryAttr(attrs),
                                     constants.front().getLoc())))
        return signalPassFailure();
      BlockArgument arg = func.getArgument(index);
      for (ConstantOp constant : constants) {
        constant.getResult().replaceAllUsesWith(arg);
        constant.erase();
      }
      NamedAttribute entryAttrs[] = {b.getNamedAttr("name", b.getStringAttr(unique)),
                                     b.getNamedAttr("kind", b.getStringAttr(kind)),
                                     b.getNamedAttr("value", value)};
      table.push_back(b.getDictionaryAttr(entryAttrs));
    }
    module->setAttr(kParametersAttr, b.getArrayAttr(table));
  }
};

} // namespace
