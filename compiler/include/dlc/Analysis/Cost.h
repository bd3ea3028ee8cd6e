//===- Cost.h - per-layer parameters and multiply-accumulates ----*- C++ -*-===//
//
// The cost model behind `dlc stats` and bench's GFLOPS: for each dlc op of
// a model function, its output shapes, the parameters it reads (constant
// operands, each counted once, at its first use; BatchNorm running
// statistics are buffers, not parameters) and its multiply-accumulates.
//
// Convolution follows the study sheet's cost H·W·C·D·K·K (output height and
// width, input and output channels, kernel), generalised: times the batch,
// with C divided by the groups, and KH·KW for non-square kernels; dilation
// and stride change the output size but not the work per output. Matrix
// products count M·N·K per batch; recurrent layers their input and
// recurrent matrix products per step. Elementwise ops, pooling and data
// movement count no MACs.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_ANALYSIS_COST_H
#define DLC_ANALYSIS_COST_H

#include "mlir/IR/Location.h"
#include "mlir/IR/Operation.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::dlc {

struct LayerCost {
  std::string name; ///< the op's NameLoc, else "<file>:<line>"
  std::string op;   ///< "conv2d", ...
  std::vector<std::vector<int64_t>> outputShapes;
  int64_t params = 0;
  int64_t macs = 0;
};

struct ModelCost {
  std::vector<LayerCost> layers;
  int64_t params = 0;
  int64_t macs = 0;
};

/// The layer name a user gave a location: its innermost NameLoc, else
/// "<file>:<line>", else "?".
std::string layerName(Location loc);

/// A tensor shape as `dlc stats` and the layer graph print it:
/// "1x3x224x224" ("?" for a dynamic dim), "scalar" for rank 0.
std::string shapeText(llvm::ArrayRef<int64_t> shape);

/// Multiply-accumulates of one op (0 for ops that do none).
int64_t countOpMacs(Operation *op);

/// The cost of every dlc op (except constants) in `function`, in order.
ModelCost analyzeCost(Operation *function);

} // namespace mlir::dlc

#endif // DLC_ANALYSIS_COST_H
