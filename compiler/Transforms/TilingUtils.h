//===- TilingUtils.h - tiling helpers shared by dlc's kernel passes -*- C++ -*-===//
//
// Tiling a linalg op into loops, and splitting an extent into whole tiles
// and a remainder so that every tile has a static shape (a tile of dynamic
// size is vectorized with masks). Used by dlc-tile-and-vectorize and
// dlc-vectorize-elementwise, -windows and -reductions.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TRANSFORMS_TILINGUTILS_H
#define DLC_TRANSFORMS_TILINGUTILS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"

#include <optional>

namespace mlir::dlc {

/// Marks the loops tileLinalgOp makes over reduction dims (removed by the
/// pass that tiled, once it has placed its epilogues).
inline constexpr llvm::StringLiteral kReductionLoopAttr = "dlc.reduction_loop";

/// Tiles `op` by `sizes` (0: untiled) into an scf.forall (`forall`) or an
/// scf.for nest, the loops in dim order or `interchange`'s, and replaces
/// it; returns the tiled op (`op` itself when nothing is tiled). Loops over
/// reduction dims carry kReductionLoopAttr.
FailureOr<linalg::LinalgOp> tileLinalgOp(RewriterBase &rewriter, linalg::LinalgOp op,
                                         ArrayRef<int64_t> sizes, bool forall,
                                         ArrayRef<int64_t> interchange = {});

/// Splits `op` along `dim` at the last multiple of `reg` when its extent is
/// not a whole number of `reg`: the first part is, the second is smaller.
/// Returns the parts (just `op` when no split).
SmallVector<linalg::LinalgOp> splitRagged(RewriterBase &rewriter, linalg::LinalgOp op,
                                          unsigned dim, int64_t reg);

/// Splits `op` along its vector dim `dim` into whole vectors of `reg`
/// lanes and a remainder split further into powers of two (29 lanes as
/// 16 + 8 + 4 + 1): an odd vector (vector<8x20xf32>) is legalized lane by
/// lane.
SmallVector<linalg::LinalgOp> splitVectorDim(RewriterBase &rewriter, linalg::LinalgOp op,
                                             unsigned dim, int64_t reg);

/// Whether `op` has static loop ranges, reads every operand through a
/// projected permutation and has a body of scalar ops without gathers
/// (tensor.extract), indices or regions: a generic that linalg::vectorize
/// turns into plain vector ops as it is.
bool hasVectorizableBody(linalg::GenericOp op);

/// Groups of adjacent loops of the same kind (parallel or reduction) that
/// every operand indexes contiguously, in order (or not at all), so that
/// each group can be one loop (linalg::collapseOpIterationDims).
SmallVector<ReassociationIndices> collapsibleLoops(linalg::GenericOp op);

/// An elementwise op applied to a contraction's or window op's result (a
/// convolution's ReLU) that runs on each register tile of it before the
/// tile is stored, instead of as a pass of its own over the output in
/// memory. (The bias
/// and a residual are the accumulators' initial value, dlc-fuse-conv-epilogue.)
struct Epilogue {
  /// The elementwise op: one input (the contraction's result, maybe
  /// reshaped), identity maps, a body of vectorizable scalar ops on it and
  /// constants.
  linalg::GenericOp consumer;
  /// The op that writes the contraction's initial value (the bias
  /// broadcast, a fill) and nothing else: it can write into the consumer's
  /// destination (a padded tensor's interior) instead of its own.
  Operation *initWriter = nullptr;
  /// Whether a collapse_shape is between the writer and the contraction.
  bool initCollapses = false;
};

/// Whether `op` is an epilogue of `input`: see Epilogue::consumer.
bool isUnaryEpilogue(linalg::GenericOp op, Value input);

/// The epilogue of contraction `op`, if its result goes (through reshapes)
/// to one elementwise op only.
std::optional<Epilogue> findEpilogue(linalg::LinalgOp op);

/// `op`'s body applied lane by lane to `values` (one vector per input, all
/// of one shape; its scalars splatted), before `before`: an epilogue on a
/// register tile, an initial value's writer on its inputs' tiles.
Value applyBody(RewriterBase &rewriter, linalg::GenericOp op, ValueRange values,
                Operation *before);

/// Whether `op`'s body is elementwise arith and math ops on its inputs and
/// constants (the output unused): what applyBody applies to vectors.
bool hasElementwiseBody(linalg::GenericOp op);

/// Whether `op` is inside a loop tileLinalgOp made over reduction dims
/// (kReductionLoopAttr): a write there is not the tile's final one.
bool isInReductionLoop(Operation *op);

/// Whether `loop` yields its iter_arg `i` unchanged (maybe through loops
/// nested in it that do the same).
bool carriesUnchanged(scf::ForOp loop, unsigned i);

/// Removes kReductionLoopAttr from the loops in `root`.
void eraseReductionLoopMarks(Operation *root);

/// Fully unrolls the short loops around register tiles (a kernel's taps),
/// innermost first, while the unrolled body has at most `budget` ops that
/// `isProduct` counts: LLVM's own unroller would do the same at a higher
/// compile-time cost, and so does not have to run.
void unrollTapLoops(Operation *root, int64_t budget,
                    llvm::function_ref<bool(Operation *)> isProduct);

/// Hoists loop-invariant code and the reads and writes of loop-carried
/// subsets (accumulator tiles) out of every scf.for in `root`, innermost
/// first, so that accumulators stay in registers across the loops.
void hoistAccumulators(RewriterBase &rewriter, Operation *root);

/// Marks a contraction, the tiles made from it and their accumulator
/// reads with the index of the op that writes its initial value.
inline constexpr llvm::StringLiteral kInitialValueAttr = "dlc.initial_value";

/// Marks a contraction (and the tiles made from it) and its register
/// tiles' final writes with the index of its epilogue.
inline constexpr llvm::StringLiteral kEpilogueAttr = "dlc.epilogue";

/// Copies a kernel's marks (kEpilogueAttr, kInitialValueAttr) from `from`
/// to `to`, which replaces it.
void copyMarks(Operation *from, Operation *to);

/// The op that writes contraction `op`'s initial value and nothing else,
/// lane by lane from tensors it reads through projected permutations (the
/// bias broadcast, bias + residual) or a scalar (a fill); remade to write
/// `op`'s init in its own shape where a reshape was between them. nullptr
/// if there is none.
Operation *initialValueWriter(RewriterBase &rewriter, linalg::LinalgOp op);

/// The initial values' writers of a pass's kernels (their index: the
/// kInitialValueAttr marks) and whether every tile of each starts from its
/// inputs instead of its result.
class InitialValueWriters {
public:
  /// Marks `op` (a contraction or window op, before tiling) with its
  /// initial value's writer, if it has one (initialValueWriter).
  void mark(RewriterBase &rewriter, linalg::LinalgOp op);
  /// Forgets `writer` (an epilogue that goes with its producer): its
  /// tiles keep reading its result.
  void forget(Operation *writer);
  /// Makes the accumulator reads marked kInitialValueAttr (the register
  /// tiles' reads of their initial values, made once per tile) compute
  /// their value from the inputs of the writer they name instead: the bias
  /// broadcast in registers, not read back from the whole output in
  /// memory. A read that cannot (a transposed read of a residual) keeps
  /// its mark when `retry` (another form of it is made later), else
  /// leaves its writer in place.
  void start(RewriterBase &rewriter, Operation *root, bool retry);
  /// Replaces each writer whose result no tile reads by its destination.
  void eraseUnread(RewriterBase &rewriter);

private:
  SmallVector<Operation *> writers;
  SmallVector<bool> started, incomplete;
};

} // namespace mlir::dlc

#endif // DLC_TRANSFORMS_TILINGUTILS_H
