//===- RecurrentLowering.h - builders the recurrent lowerings share -*- C++ -*-===//
//
// What the forward (Recurrent.cpp) and the backward (RecurrentGrad.cpp)
// lowerings of the recurrent ops share: [N, H] elementwise generics, gate
// blocks of stacked [N, G*H] tensors, per-step slices of [T, N, X] stacks,
// the contractions with R, and the loop over time.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CONVERSION_DLCTOLINALG_RECURRENTLOWERING_H
#define DLC_CONVERSION_DLCTOLINALG_RECURRENTLOWERING_H

#include "LoweringUtils.h"

namespace mlir::dlc::recurrent {

using MultiBodyFn =
    llvm::function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)>;

/// A parallel linalg.generic over `type` ([N, H]) with `numResults` results
/// of that type, each input read through its map.
SmallVector<Value> buildPointwise(OpBuilder &b, Location loc, RankedTensorType type,
                                  ValueRange inputs, ArrayRef<AffineMap> inputMaps,
                                  unsigned numResults, MultiBodyFn body);

/// Elements [offset, offset + size) of the last dim of `v` (1-D or 2-D):
/// one gate's block of a stacked [N, G*H] tensor, or a bias/peephole slice.
Value lastDimSlice(OpBuilder &b, Location loc, Value v, int64_t offset, int64_t size);

/// (d0, d1) -> (d1): a vector broadcast over rows.
AffineMap rowBroadcastMap(MLIRContext *ctx);

/// init[m, n] + sum_k lhs[m, k] * rhs[rowOffset + n, k], i.e. lhs x rhs^T
/// over rows [rowOffset, rowOffset + n) of rhs.
Value matmulTransposed(OpBuilder &b, Location loc, Value lhs, Value rhs, Value init,
                       int64_t rowOffset = 0);

/// init[m, n] + sum_k lhs[m, k] * rhs[rowOffset + k, n], i.e. lhs x rhs
/// over rows [rowOffset, rowOffset + k) of rhs (an adjoint times R).
Value matmul(OpBuilder &b, Location loc, Value lhs, Value rhs, Value init,
             int64_t rowOffset = 0);

/// 1 / (1 + exp(-x)) on a scalar.
Value sigmoid(OpBuilder &b, Location loc, Value x);

/// stack[t, :, offset : offset + size] of a [T, N, X] stack, as [N, size].
Value sliceStep(OpBuilder &b, Location loc, Value stack, Value t, int64_t offset,
                int64_t size);

/// `stack` with `value` ([N, size]) written at [t, :, offset : offset + size].
Value insertStep(OpBuilder &b, Location loc, Value value, Value stack, Value t,
                 int64_t offset = 0);

/// One time step: given the step index `t` (index-typed), the stacks
/// written a step at a time and the carried states, returns the new stacks
/// followed by the new states.
using TimeStepFn = llvm::function_ref<SmallVector<Value>(
    OpBuilder &, Location, Value t, ValueRange stacks, ValueRange states)>;

/// Runs `step` for t = 0, ..., steps - 1 (or backwards from steps - 1 when
/// `reverse`) with `stacks` and `states` carried; returns their final
/// values, stacks first. One step is built without a loop.
SmallVector<Value> buildTimeLoop(OpBuilder &b, Location loc, int64_t steps, bool reverse,
                                 ValueRange stacks, ValueRange states, TimeStepFn step);

/// The lowerings of dlc.rnn_grad, lstm_grad and gru_grad (RecurrentGrad.cpp).
void populateRecurrentGradPatterns(RewritePatternSet &patterns);

} // namespace mlir::dlc::recurrent

#endif // DLC_CONVERSION_DLCTOLINALG_RECURRENTLOWERING_H
