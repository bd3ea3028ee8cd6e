//===- BuildOp.cpp - create a dlc op by name, checked by the dialect --------===//
//
// See BuildOp.h.
//
//===----------------------------------------------------------------------===//

#include "BuildOp.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

using namespace mlir;

namespace {
/// "'dlc.conv2d' op input must ..." -> "input must ...".
std::string stripOpPrefix(std::string message) {
  if (message.rfind("'dlc.", 0) == 0) {
    size_t pos = message.find("' op ");
    if (pos != std::string::npos)
      message = message.substr(pos + 5);
  }
  return message;
}
} // namespace

dlc::BuiltOp dlc::buildOp(OpBuilder &b, Location loc, StringRef name,
                          ValueRange operands, ArrayRef<NamedAttribute> attributes,
                          unsigned numResults, TypeRange resultTypes) {
  MLIRContext *ctx = b.getContext();
  std::string qualified = ("dlc." + name).str();
  std::optional<RegisteredOperationName> info =
      RegisteredOperationName::lookup(qualified, ctx);
  if (!info)
    return {nullptr, "op '" + qualified + "' is not part of the dlc dialect"};
  OperationState state(loc, *info);
  state.addOperands(operands);
  state.addAttributes(attributes);
  // Placeholders until inference: the op must exist for its properties.
  Type placeholder = UnrankedTensorType::get(b.getF32Type());
  state.addTypes(SmallVector<Type>(numResults, placeholder));

  std::string firstError;
  ScopedDiagnosticHandler capture(ctx, [&](Diagnostic &diag) {
    if (diag.getSeverity() == DiagnosticSeverity::Error && firstError.empty())
      firstError = stripOpPrefix(diag.str());
    return success();
  });
  Operation *op = b.create(state);
  auto fail = [&](std::string fallback) -> BuiltOp {
    op->erase();
    return {nullptr, firstError.empty() ? std::move(fallback) : firstError};
  };
  SmallVector<Type> types;
  if (auto infer = dyn_cast<InferTypeOpInterface>(op)) {
    if (failed(infer.inferReturnTypes(ctx, loc, op->getOperands(),
                                      op->getRawDictionaryAttrs(),
                                      op->getPropertiesStorage(), op->getRegions(),
                                      types)))
      return fail("invalid operands or attributes");
  } else if (!resultTypes.empty()) {
    types.assign(resultTypes.begin(), resultTypes.end());
  } else if (op->getNumOperands() > 0) {
    types.assign(numResults, op->getOperand(0).getType());
  }
  if (types.size() != numResults)
    return fail("expected " + std::to_string(numResults) + " results, the op has " +
                std::to_string(types.size()));
  for (unsigned i = 0; i < numResults; ++i)
    op->getResult(i).setType(types[i]);
  if (failed(verify(op)))
    return fail("the op does not verify");
  return {op, {}};
}
