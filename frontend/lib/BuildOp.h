//===- BuildOp.h - create a dlc op by name, checked by the dialect -*- C++ -*-===//
//
// The Graph API and the ONNX importer create every dlc op the same way: by
// name, with result types inferred by the op's own InferTypeOpInterface and
// the op's verifier run at once. Nothing here asserts on bad operands: a
// failure erases the op and hands back the dialect's first error message, so
// each front door reports it in its own words (a GraphError naming the layer,
// a diagnostic naming the ONNX node) and the checks are exactly the dialect's.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_FRONTEND_LIB_BUILDOP_H
#define DLC_FRONTEND_LIB_BUILDOP_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Operation.h"

#include <string>

namespace mlir::dlc {

/// The outcome of buildOp: the op, or the reason it could not be built.
struct BuiltOp {
  Operation *op = nullptr;
  /// The dialect's message without its "'dlc.x' op " prefix, when `op` is null.
  std::string error;
};

/// Creates `dlc.<name>` at `b`'s insertion point. Result types come from the
/// op's InferTypeOpInterface, else from `resultTypes` when given, else every
/// result takes operand 0's type (the same-type elementwise ops). The op is
/// verified; on any failure it is erased and `error` says why.
BuiltOp buildOp(OpBuilder &b, Location loc, llvm::StringRef name, ValueRange operands,
                llvm::ArrayRef<NamedAttribute> attributes, unsigned numResults,
                TypeRange resultTypes = {});

} // namespace mlir::dlc

#endif // DLC_FRONTEND_LIB_BUILDOP_H
