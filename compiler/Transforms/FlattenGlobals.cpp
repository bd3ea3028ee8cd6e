//===- FlattenGlobals.cpp - the dlc-flatten-globals pass --------------------===//
//
// Multi-dimensional constant memref globals -> 1-D globals read through
// memref.expand_shape, so that LLVM gets one flat array per weight instead
// of nested arrays built element row by element row (see Passes.td).
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#define DEBUG_TYPE "dlc-flatten-globals"

namespace mlir::dlc {
#define GEN_PASS_DEF_FLATTENGLOBALS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

/// The initial value reshaped to `type`, or null if it cannot be.
ElementsAttr flatValue(ElementsAttr value, ShapedType type) {
  if (auto dense = dyn_cast<DenseElementsAttr>(value))
    return dense.reshape(type);
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value))
    return DenseResourceElementsAttr::get(type, resource.getRawHandle());
  return nullptr;
}

struct FlattenGlobals : mlir::dlc::impl::FlattenGlobalsBase<FlattenGlobals> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    llvm::StringMap<memref::GlobalOp> flattened;
    for (auto global : module.getOps<memref::GlobalOp>()) {
      MemRefType type = global.getType();
      auto initial = dyn_cast_or_null<ElementsAttr>(global.getInitialValueAttr());
      if (!global.getConstant() || !initial || type.getRank() < 2 ||
          !type.hasStaticShape() || !type.getLayout().isIdentity())
        continue;
      auto flatType = MemRefType::get({type.getNumElements()}, type.getElementType(),
                                      MemRefLayoutAttrInterface(), type.getMemorySpace());
      ElementsAttr value = flatValue(
          initial, RankedTensorType::get(flatType.getShape(), type.getElementType()));
      if (!value)
        continue;
      global.setTypeAttr(TypeAttr::get(flatType));
      global.setInitialValueAttr(value);
      flattened[global.getSymName()] = global;
    }
    if (flattened.empty())
      return;
    module.walk([&](memref::GetGlobalOp get) {
      auto it = flattened.find(get.getName());
      if (it == flattened.end())
        return;
      auto shaped = cast<MemRefType>(get.getType());
      OpBuilder b(get);
      Value flat = memref::GetGlobalOp::create(b, get.getLoc(),
                                               it->second.getType(), get.getName());
      SmallVector<ReassociationIndices> all(1);
      for (int64_t d = 0; d < shaped.getRank(); ++d)
        all[0].push_back(d);
      Value expanded = memref::ExpandShapeOp::create(b, get.getLoc(), shaped, flat, all);
      get.replaceAllUsesWith(expanded);
      get.erase();
    });
  }
};

} // namespace
