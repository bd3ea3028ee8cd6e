//===- AddCEntryPoints.cpp - the dlc-add-c-entry-points pass ----------------===//
//
// After bufferization the model function takes one memref per input and per
// output. Callers outside MLIR (a C program linking the AOT library, the
// JIT) should not build memref descriptors, so this pass adds
//
//   void dlc_<f>(float *in0, ..., float *out0, ...)   // one buffer a tensor
//   void dlc_<f>_packed(void **buffers)                // same, as an array
//
// built from LLVM-dialect descriptor structs that are cast to the memref
// types; the casts cancel against the func-to-llvm materializations.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Parameters.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_ADDCENTRYPOINTS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

/// Builds the memref descriptor of a contiguous buffer at `ptr` and casts it
/// to `type` (static shape, identity layout).
Value buildMemRef(OpBuilder &b, Location loc, Value ptr, MemRefType type) {
  MLIRContext *ctx = b.getContext();
  Type i64 = b.getI64Type(), ptrType = LLVM::LLVMPointerType::get(ctx);
  int64_t rank = type.getRank();
  SmallVector<Type> fields{ptrType, ptrType, i64};
  if (rank > 0) {
    fields.push_back(LLVM::LLVMArrayType::get(i64, rank));
    fields.push_back(LLVM::LLVMArrayType::get(i64, rank));
  }
  auto descType = LLVM::LLVMStructType::getLiteral(ctx, fields);
  auto constant = [&](int64_t v) {
    return LLVM::ConstantOp::create(b, loc, i64, b.getI64IntegerAttr(v));
  };
  Value desc = LLVM::PoisonOp::create(b, loc, descType);
  desc = LLVM::InsertValueOp::create(b, loc, desc, ptr, ArrayRef<int64_t>{0});
  desc = LLVM::InsertValueOp::create(b, loc, desc, ptr, ArrayRef<int64_t>{1});
  desc = LLVM::InsertValueOp::create(b, loc, desc, constant(0), ArrayRef<int64_t>{2});
  int64_t stride = 1;
  for (int64_t d = rank - 1; d >= 0; --d) {
    desc = LLVM::InsertValueOp::create(b, loc, desc, constant(type.getDimSize(d)),
                                       ArrayRef<int64_t>{3, d});
    desc = LLVM::InsertValueOp::create(b, loc, desc, constant(stride),
                                       ArrayRef<int64_t>{4, d});
    stride *= type.getDimSize(d);
  }
  return UnrealizedConversionCastOp::create(b, loc, type, desc).getResult(0);
}

struct AddCEntryPoints
    : mlir::dlc::impl::AddCEntryPointsBase<AddCEntryPoints> {
  using AddCEntryPointsBase::AddCEntryPointsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto func = module.lookupSymbol<func::FuncOp>(entry);
    if (!func) {
      module.emitError("no function named '") << entry << "' to wrap";
      return signalPassFailure();
    }
    if (failed(wrap(func, "dlc_" + entry)))
      return signalPassFailure();
    // The prepare function of a model with parameters as arguments.
    std::string prepare = mlir::dlc::prepareFunctionName(entry.getValue());
    if (auto prepareFunc = module.lookupSymbol<func::FuncOp>(prepare))
      if (failed(wrap(prepareFunc, "dlc_" + prepare)))
        return signalPassFailure();
  }

  /// Adds `plainName` and `plainName_packed` around `func`.
  LogicalResult wrap(func::FuncOp func, const std::string &plainName) {
    FunctionType type = func.getFunctionType();
    if (type.getNumResults() != 0) {
      return func.emitError("expected the bufferized model function to return its "
                            "results through out-parameters, found ")
             << type.getNumResults() << " results";
    }
    SmallVector<MemRefType> memrefs;
    for (Type t : type.getInputs()) {
      auto memref = dyn_cast<MemRefType>(t);
      if (!memref || !memref.hasStaticShape() || !memref.getLayout().isIdentity()) {
        return func.emitError("expected static identity-layout memref arguments, found ")
               << t;
      }
      memrefs.push_back(memref);
    }
    // Only the wrappers are exported: a model function named `main` must not
    // clash with a C program's main.
    MLIRContext *ctx = &getContext();
    func.setPrivate();
    func->setAttr("llvm.linkage",
                  LLVM::LinkageAttr::get(ctx, LLVM::Linkage::Internal));
    Location loc = func.getLoc();
    Type ptrType = LLVM::LLVMPointerType::get(ctx);
    OpBuilder b(ctx);
    b.setInsertionPointAfter(func);

    // dlc_<f>(ptr...): one pointer per memref argument.
    SmallVector<Type> ptrs(memrefs.size(), ptrType);
    auto plain = func::FuncOp::create(b, loc, plainName, b.getFunctionType(ptrs, {}));
    {
      OpBuilder::InsertionGuard guard(b);
      Block *body = plain.addEntryBlock();
      b.setInsertionPointToStart(body);
      SmallVector<Value> args;
      for (auto [ptr, memref] : llvm::zip(body->getArguments(), memrefs))
        args.push_back(buildMemRef(b, loc, ptr, memref));
      func::CallOp::create(b, loc, func, args);
      func::ReturnOp::create(b, loc);
    }

    // dlc_<f>_packed(ptr): loads the pointers from an array.
    auto packed = func::FuncOp::create(b, loc, plainName + "_packed",
                                       b.getFunctionType({ptrType}, {}));
    {
      OpBuilder::InsertionGuard guard(b);
      Block *body = packed.addEntryBlock();
      b.setInsertionPointToStart(body);
      SmallVector<Value> args;
      for (size_t i = 0; i < memrefs.size(); ++i) {
        Value slot = LLVM::GEPOp::create(b, loc, ptrType, ptrType, body->getArgument(0),
                                         ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(i)});
        args.push_back(LLVM::LoadOp::create(b, loc, ptrType, slot));
      }
      func::CallOp::create(b, loc, plain, args);
      func::ReturnOp::create(b, loc);
    }
    return success();
  }
};

} // namespace
