//===- CopiesToLoops.cpp - the dlc-copies-to-loops pass ---------------------===//
//
// Strided memref.copy -> linalg.copy, so no runtime library call remains.
// A copy between contiguous views (a channel range of an NCHW tensor: a
// DenseNet concatenation) stays a memref.copy, which becomes a memcpy.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"

#define DEBUG_TYPE "dlc-copies-to-loops"

namespace mlir::dlc {
#define GEN_PASS_DEF_COPIESTOLOOPS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {
struct CopiesToLoops : mlir::dlc::impl::CopiesToLoopsBase<CopiesToLoops> {
  void runOnOperation() override {
    auto contiguous = [](Value v) {
      auto type = cast<MemRefType>(v.getType());
      return type.getLayout().isIdentity() ||
             memref::isStaticShapeAndContiguousRowMajor(type);
    };
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](memref::CopyOp copy) {
      if (!contiguous(copy.getSource()) || !contiguous(copy.getTarget()))
        copies.push_back(copy);
    });
    for (memref::CopyOp copy : copies) {
      OpBuilder b(copy);
      linalg::CopyOp::create(b, copy.getLoc(), copy.getSource(), copy.getTarget());
      copy.erase();
    }
  }
};
} // namespace
