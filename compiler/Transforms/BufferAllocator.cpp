//===- BufferAllocator.cpp - the dlc-buffer-allocator pass ------------------===//
//
// Defines, in the module, the allocation functions that finalize-memref-to-
// llvm calls with `use-generic-functions` (see Passes.td):
//
//   _mlir_memref_to_llvm_alloc(n):  n + 64 bytes from mmap when that is at
//     least kMapThreshold, else from malloc; the first word holds the
//     mapping's length (0: malloc's); returns the block + 64.
//   _mlir_memref_to_llvm_free(p):   munmap or free of p - 64.
//
// Both are internal to the module, so two compiled models linked into one
// program do not clash, and an AOT object needs nothing beyond libc.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/LLVMIR/FunctionCallUtils.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_BUFFERALLOCATOR
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

// Blocks from this size up are mapped for themselves (glibc's own default
// threshold starts at 128 KiB but rises as blocks are freed, up to 32 MiB).
constexpr int64_t kMapThreshold = 256 * 1024;
// The header in front of each block: one word used, 64 keeps the caller's
// alignment arithmetic (it over-allocates by the alignment) cheap.
constexpr int64_t kHeader = 64;
// Linux mmap arguments.
constexpr int32_t kProtReadWrite = 0x1 | 0x2, kMapPrivateAnonymous = 0x02 | 0x20;

Value constI64(OpBuilder &b, Location loc, int64_t v) {
  return LLVM::ConstantOp::create(b, loc, b.getI64Type(), b.getI64IntegerAttr(v));
}
Value constI32(OpBuilder &b, Location loc, int32_t v) {
  return LLVM::ConstantOp::create(b, loc, b.getI32Type(), b.getI32IntegerAttr(v));
}

/// An internal function `name` of `type` with an entry block, or failure
/// (reported) when the module already has a symbol of that name.
FailureOr<LLVM::LLVMFuncOp> define(OpBuilder &b, ModuleOp module, StringRef name,
                                   LLVM::LLVMFunctionType type) {
  if (module.lookupSymbol(name))
    return module.emitError("dlc-buffer-allocator: the module already defines "
                            "_mlir_memref_to_llvm_alloc or _mlir_memref_to_llvm_free");
  b.setInsertionPointToEnd(module.getBody());
  auto fn = LLVM::LLVMFuncOp::create(b, module.getLoc(), name, type,
                                     LLVM::Linkage::Internal);
  Block *entry = fn.addEntryBlock(b);
  b.setInsertionPointToStart(entry);
  return fn;
}

LogicalResult defineAlloc(OpBuilder &b, ModuleOp module) {
  MLIRContext *ctx = b.getContext();
  Location loc = module.getLoc();
  Type ptr = LLVM::LLVMPointerType::get(ctx), i64 = b.getI64Type(),
       i32 = b.getI32Type();
  // (libc's, declared as the memref lowering would; an existing
  // declaration of another signature is reported.)
  auto mmap = LLVM::lookupOrCreateFn(b, module, "mmap", {ptr, i64, i32, i32, i32, i64}, ptr);
  auto malloc = LLVM::lookupOrCreateMallocFn(b, module, i64);
  auto fn = define(b, module, "_mlir_memref_to_llvm_alloc",
                   LLVM::LLVMFunctionType::get(ptr, {i64}));
  if (failed(mmap) || failed(malloc) || failed(fn))
    return failure();
  Region &body = fn->getBody();
  Block *entry = &body.front();
  Block *mapBlock = b.createBlock(&body), *mallocBlock = b.createBlock(&body);
  Block *done = b.createBlock(&body, body.end(), {ptr, i64}, {loc, loc});
  Block *fail = b.createBlock(&body);

  b.setInsertionPointToEnd(entry);
  Value total = LLVM::AddOp::create(b, loc, entry->getArgument(0),
                                    constI64(b, loc, kHeader));
  Value big = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::uge, total,
                                   constI64(b, loc, kMapThreshold));
  LLVM::CondBrOp::create(b, loc, big, mapBlock, mallocBlock);

  b.setInsertionPointToEnd(mapBlock);
  Value null = LLVM::ZeroOp::create(b, loc, ptr);
  Value mapped =
      LLVM::CallOp::create(b, loc, *mmap,
                           ValueRange{null, total, constI32(b, loc, kProtReadWrite),
                                      constI32(b, loc, kMapPrivateAnonymous),
                                      constI32(b, loc, -1), constI64(b, loc, 0)})
          .getResult();
  // MAP_FAILED is (void *)-1.
  Value failed = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq,
                                      LLVM::PtrToIntOp::create(b, loc, i64, mapped),
                                      constI64(b, loc, -1));
  LLVM::CondBrOp::create(b, loc, failed, fail, ValueRange{}, done,
                         ValueRange{mapped, total});

  b.setInsertionPointToEnd(mallocBlock);
  Value allocated =
      LLVM::CallOp::create(b, loc, *malloc, ValueRange{total}).getResult();
  Value isNull = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, allocated,
                                      LLVM::ZeroOp::create(b, loc, ptr));
  LLVM::CondBrOp::create(b, loc, isNull, fail, ValueRange{}, done,
                         ValueRange{allocated, constI64(b, loc, 0)});

  b.setInsertionPointToEnd(done);
  LLVM::StoreOp::create(b, loc, done->getArgument(1), done->getArgument(0));
  Value user = LLVM::GEPOp::create(b, loc, ptr, b.getI8Type(), done->getArgument(0),
                                   ArrayRef<LLVM::GEPArg>{kHeader});
  LLVM::ReturnOp::create(b, loc, user);

  b.setInsertionPointToEnd(fail);
  LLVM::ReturnOp::create(b, loc, LLVM::ZeroOp::create(b, loc, ptr).getResult());
  return success();
}

LogicalResult defineFree(OpBuilder &b, ModuleOp module) {
  MLIRContext *ctx = b.getContext();
  Location loc = module.getLoc();
  Type ptr = LLVM::LLVMPointerType::get(ctx), i64 = b.getI64Type(),
       i32 = b.getI32Type(), voidType = LLVM::LLVMVoidType::get(ctx);
  auto munmap = LLVM::lookupOrCreateFn(b, module, "munmap", {ptr, i64}, i32);
  auto free = LLVM::lookupOrCreateFreeFn(b, module);
  auto fn = define(b, module, "_mlir_memref_to_llvm_free",
                   LLVM::LLVMFunctionType::get(voidType, {ptr}));
  if (failed(munmap) || failed(free) || failed(fn))
    return failure();
  Region &body = fn->getBody();
  Block *entry = &body.front();
  Block *release = b.createBlock(&body), *unmapBlock = b.createBlock(&body),
        *freeBlock = b.createBlock(&body), *done = b.createBlock(&body);

  b.setInsertionPointToEnd(entry);
  Value user = entry->getArgument(0);
  Value isNull = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, user,
                                      LLVM::ZeroOp::create(b, loc, ptr));
  LLVM::CondBrOp::create(b, loc, isNull, done, release);

  b.setInsertionPointToEnd(release);
  Value block = LLVM::GEPOp::create(b, loc, ptr, b.getI8Type(), user,
                                    ArrayRef<LLVM::GEPArg>{-kHeader});
  Value length = LLVM::LoadOp::create(b, loc, i64, block);
  Value mapped = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::ne, length,
                                      constI64(b, loc, 0));
  LLVM::CondBrOp::create(b, loc, mapped, unmapBlock, freeBlock);

  b.setInsertionPointToEnd(unmapBlock);
  LLVM::CallOp::create(b, loc, *munmap, ValueRange{block, length});
  LLVM::BrOp::create(b, loc, done);

  b.setInsertionPointToEnd(freeBlock);
  LLVM::CallOp::create(b, loc, *free, ValueRange{block});
  LLVM::BrOp::create(b, loc, done);

  b.setInsertionPointToEnd(done);
  LLVM::ReturnOp::create(b, loc, ValueRange{});
  return success();
}

struct BufferAllocator : mlir::dlc::impl::BufferAllocatorBase<BufferAllocator> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    OpBuilder b(&getContext());
    // (Each failure is reported where it happens.)
    if (failed(defineAlloc(b, module)) || failed(defineFree(b, module)))
      return signalPassFailure();
  }
};

} // namespace
