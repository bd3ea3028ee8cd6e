//===- LayerErrors.h - how the Graph API reports bad calls ------*- C++ -*-===//
//
// One format for every error a layer call raises, "<layer> '<name>':
// <message>", and the shape text those messages use ("2x3x5").
//
//===----------------------------------------------------------------------===//

#ifndef DLC_FRONTEND_LIB_LAYERERRORS_H
#define DLC_FRONTEND_LIB_LAYERERRORS_H

#include "dlc/Dialect/DLC/ShapeUtils.h"
#include "dlc/Frontend/Graph.h"

#include <string>

namespace dlc::detail {

/// "2x3x5", or "scalar" for rank 0 (the dialect's own rendering).
inline std::string shapeStr(const Shape &shape) { return mlir::dlc::shapeToString(shape); }

/// Throws GraphError("<layer> '<name>': <message>").
[[noreturn]] inline void fail(const std::string &layer, const std::string &name,
                              const std::string &message) {
  throw GraphError(layer + " '" + name + "': " + message);
}

} // namespace dlc::detail

#endif // DLC_FRONTEND_LIB_LAYERERRORS_H
