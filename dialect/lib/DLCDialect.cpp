//===- DLCDialect.cpp - the dlc dialect -------------------------------------===//
//
// Registers the dlc operations and materializes folded constants.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/DLCDialect.h"
#include "dlc/Dialect/DLC/DLCOps.h"

using namespace mlir;
using namespace mlir::dlc;

#include "dlc/Dialect/DLC/DLCDialect.cpp.inc"

void DLCDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dlc/Dialect/DLC/ActivationOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dlc/Dialect/DLC/ConvolutionOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dlc/Dialect/DLC/DataMovementOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dlc/Dialect/DLC/DetectionOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dlc/Dialect/DLC/LinearOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dlc/Dialect/DLC/LossOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dlc/Dialect/DLC/NormalizationOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dlc/Dialect/DLC/OptimizerOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dlc/Dialect/DLC/PoolingOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dlc/Dialect/DLC/RecurrentOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dlc/Dialect/DLC/ReductionOps.cpp.inc"
      >();
}

Operation *DLCDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                           Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, elements);
}
