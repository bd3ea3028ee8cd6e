//===- PlanMemory.cpp - the dlc-plan-memory pass ----------------------------===//
//
// Places the temporaries of each public function in one arena planned at
// compile time: every `memref.alloc` of the function's body with a static
// shape and a `memref.dealloc` in the same block (its lifetime: from the
// alloc to the dealloc, which dlc-dealloc-after-last-use put right after
// its last use) gets an offset such that no two buffers alive at the same
// time overlap (greedy first fit, largest first), and becomes a
// `memref.view` of the arena.
//
// The arena is a zero-initialized module global (.bss), so a model run
// repeatedly touches the same pages: before, each temporary of 256 KiB and
// more was mapped and unmapped per run, and MobileNet v2 spent 40% of its
// time in page faults. A run that finds the arena busy (the same model
// running on another thread) allocates a private one: an atomic flag
// (memref.atomic_rmw) claims the global.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Parameters.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_PLANMEMORY
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

constexpr int64_t kAlignment = 64;

struct Buffer {
  memref::AllocOp alloc;
  memref::DeallocOp dealloc;
  int64_t begin, end; // positions in the block
  int64_t bytes;
  int64_t offset = -1;
};

/// The byte size of a static, identity-layout memref type, or nullopt.
std::optional<int64_t> staticBytes(MemRefType type) {
  if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
      !type.getElementType().isIntOrIndexOrFloat() || type.getElementType().isIndex() ||
      type.getMemorySpace())
    return std::nullopt;
  int64_t bits = type.getElementTypeBitWidth();
  if (bits % 8 != 0)
    return std::nullopt;
  return type.getNumElements() * bits / 8;
}

/// Offsets for `buffers` (sorted by nothing in particular): largest first,
/// each at the lowest 64-byte aligned offset where it overlaps no placed
/// buffer whose lifetime overlaps its own. Returns the arena size.
int64_t assignOffsets(MutableArrayRef<Buffer> buffers) {
  SmallVector<Buffer *> order;
  for (Buffer &b : buffers)
    order.push_back(&b);
  llvm::stable_sort(order, [](Buffer *a, Buffer *b) { return a->bytes > b->bytes; });
  SmallVector<Buffer *> placed;
  int64_t size = 0;
  for (Buffer *b : order) {
    // Address ranges taken by buffers alive at the same time, by start.
    SmallVector<std::pair<int64_t, int64_t>> taken;
    for (Buffer *p : placed)
      if (p->begin < b->end && b->begin < p->end)
        taken.push_back({p->offset, p->offset + p->bytes});
    llvm::sort(taken);
    int64_t offset = 0;
    for (auto [lo, hi] : taken) {
      if (offset + b->bytes <= lo)
        break;
      offset = std::max<int64_t>(offset, llvm::alignTo(hi, kAlignment));
    }
    b->offset = offset;
    size = std::max(size, offset + b->bytes);
    placed.push_back(b);
  }
  return static_cast<int64_t>(llvm::alignTo(size, kAlignment));
}

struct PlanMemory : mlir::dlc::impl::PlanMemoryBase<PlanMemory> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    int64_t total = 0;
    // (A prepare function runs once per binding: its temporaries are
    // allocated and freed, not kept resident in an arena.)
    for (auto func : llvm::to_vector(module.getOps<func::FuncOp>()))
      if (!func.isPrivate() && !func.isExternal() &&
          !func->hasAttr(mlir::dlc::kPrepareFunctionAttr))
        total += plan(func, symbols);
    if (total > 0)
      module->setAttr("dlc.arena_bytes",
                      IntegerAttr::get(IntegerType::get(&getContext(), 64), total));
  }

  /// Plans `func`'s temporaries; returns its arena's size (0: none).
  int64_t plan(func::FuncOp func, SymbolTable &symbols) {
    Block &body = func.getBody().front();
    auto ret = dyn_cast<func::ReturnOp>(body.getTerminator());
    if (!ret || !func.getBody().hasOneBlock())
      return 0;
    DenseMap<Operation *, int64_t> position;
    for (auto [i, op] : llvm::enumerate(body))
      position[&op] = i;
    SmallVector<Buffer> buffers;
    for (auto alloc : body.getOps<memref::AllocOp>()) {
      std::optional<int64_t> bytes = staticBytes(alloc.getType());
      if (!bytes || *bytes == 0 || !alloc.getDynamicSizes().empty() ||
          !alloc.getSymbolOperands().empty())
        continue;
      if (alloc.getAlignment() && kAlignment % *alloc.getAlignment() != 0)
        continue;
      memref::DeallocOp dealloc;
      for (Operation *user : alloc->getUsers())
        if (auto d = dyn_cast<memref::DeallocOp>(user); d && d->getBlock() == &body)
          dealloc = d;
      if (!dealloc)
        continue;
      buffers.push_back({alloc, dealloc, position[alloc], position[dealloc], *bytes});
    }
    // One small buffer stays a malloc; one large one is planned too: the
    // allocator maps it from the kernel at every run (dlc-buffer-allocator,
    // 256 KiB and more), faulting it in page by page (a convolution's
    // padded input: 10% of its time).
    if (buffers.empty() || (buffers.size() == 1 && buffers.front().bytes < (256 << 10)))
      return 0;
    int64_t size = assignOffsets(buffers);
    // The most bytes alive at once: the least any packing could reach.
    SmallVector<std::pair<int64_t, int64_t>> events;
    for (const Buffer &buffer : buffers) {
      events.push_back({buffer.begin, buffer.bytes});
      events.push_back({buffer.end, -buffer.bytes});
    }
    llvm::sort(events);
    int64_t live = 0, peak = 0;
    for (auto [at, delta] : events)
      peak = std::max(peak, live += delta);
    numBuffers += buffers.size();
    liveBytes += peak;
    arenaBytes += size;

    OpBuilder b(func.getContext());
    MLIRContext *ctx = func.getContext();
    // (Named so that `dlc bench --per-layer` shows the claim and release.)
    Location loc = NameLoc::get(StringAttr::get(ctx, "memory arena"), func.getLoc());
    auto arenaType = MemRefType::get({size}, b.getI8Type());
    auto flagType = MemRefType::get({}, b.getI32Type());
    // The module's arena and its busy flag (both zero-initialized).
    b.setInsertionPoint(func);
    auto arenaGlobal = memref::GlobalOp::create(
        b, loc, (func.getName() + "_arena").str(), b.getStringAttr("private"), arenaType,
        UnitAttr::get(ctx), /*constant=*/false, b.getI64IntegerAttr(kAlignment));
    symbols.insert(arenaGlobal);
    auto flagGlobal = memref::GlobalOp::create(
        b, loc, (func.getName() + "_arena_busy").str(), b.getStringAttr("private"),
        flagType, DenseElementsAttr::get(RankedTensorType::get({}, b.getI32Type()),
                                         b.getI32IntegerAttr(0).getValue()),
        /*constant=*/false, IntegerAttr());
    symbols.insert(flagGlobal);

    // Claim the global arena, or allocate a private one if it is busy.
    b.setInsertionPointToStart(&body);
    Value flag = memref::GetGlobalOp::create(b, loc, flagType, flagGlobal.getSymName());
    Value one = arith::ConstantIntOp::create(b, loc, 1, 32);
    Value zero = arith::ConstantIntOp::create(b, loc, 0, 32);
    Value old = memref::AtomicRMWOp::create(b, loc, arith::AtomicRMWKind::assign, one, flag,
                                            ValueRange{});
    Value mine = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, old, zero);
    auto choose = scf::IfOp::create(b, loc, TypeRange{arenaType}, mine, /*withElse=*/true);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(choose.thenBlock());
      Value global = memref::GetGlobalOp::create(b, loc, arenaType, arenaGlobal.getSymName());
      scf::YieldOp::create(b, loc, global);
      b.setInsertionPointToStart(choose.elseBlock());
      Value own = memref::AllocOp::create(b, loc, arenaType, b.getI64IntegerAttr(kAlignment));
      scf::YieldOp::create(b, loc, own);
    }
    Value arena = choose.getResult(0);

    // Each buffer a view of the arena; its dealloc goes. (The offsets are
    // constants after the arena's claim, one per value.)
    DenseMap<int64_t, Value> offsets;
    for (Buffer &buffer : buffers) {
      Value &offset = offsets[buffer.offset];
      if (!offset) {
        b.setInsertionPointAfter(choose);
        offset = arith::ConstantIndexOp::create(b, loc, buffer.offset);
      }
      b.setInsertionPoint(buffer.alloc);
      Value view = memref::ViewOp::create(b, buffer.alloc.getLoc(), buffer.alloc.getType(),
                                          arena, offset, ValueRange{});
      buffer.alloc.getResult().replaceAllUsesWith(view);
      buffer.dealloc->erase();
      buffer.alloc->erase();
    }

    // Give the arena back before returning.
    b.setInsertionPoint(ret);
    auto release = scf::IfOp::create(b, loc, TypeRange{}, mine, /*withElse=*/true);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(release.thenBlock());
      memref::AtomicRMWOp::create(b, loc, arith::AtomicRMWKind::assign, zero, flag,
                                  ValueRange{});
      b.setInsertionPointToStart(release.elseBlock());
      memref::DeallocOp::create(b, loc, arena);
    }
    return size;
  }
};

} // namespace
