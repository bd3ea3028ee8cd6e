//===- DLCToLinalg.h - dlc to linalg patterns --------------------*- C++ -*-===//
//
// The dlc-to-linalg lowering is split by op family (as torch-mlir does);
// each family exports its patterns so pipelines can compose them.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CONVERSION_DLCTOLINALG_DLCTOLINALG_H
#define DLC_CONVERSION_DLCTOLINALG_DLCTOLINALG_H

namespace mlir {
class RewritePatternSet;
namespace dlc {
/// Activations, broadcasting arithmetic, batch_norm (inference) and constants.
void populateElementwiseToLinalgPatterns(RewritePatternSet &patterns);
/// matmul and gemm.
void populateLinearToLinalgPatterns(RewritePatternSet &patterns);
/// conv2d (plain, grouped, depthwise).
void populateConvolutionToLinalgPatterns(RewritePatternSet &patterns);
/// max/avg/global/adaptive/ROI pooling.
void populatePoolingToLinalgPatterns(RewritePatternSet &patterns);
/// The max poolings' adjoints (max_pool2d_backward, adaptive_max_pool2d_backward,
/// roi_pool_backward).
void populatePoolingBackwardToLinalgPatterns(RewritePatternSet &patterns);
/// flatten, reshape, transpose, concat, softmax.
void populateDataMovementToLinalgPatterns(RewritePatternSet &patterns);
/// batch_norm_train, lrn.
void populateNormalizationToLinalgPatterns(RewritePatternSet &patterns);
/// Reductions over axes.
void populateReductionToLinalgPatterns(RewritePatternSet &patterns);
/// RNN, LSTM and GRU layers and cells.
void populateRecurrentToLinalgPatterns(RewritePatternSet &patterns);
/// The losses.
void populateLossToLinalgPatterns(RewritePatternSet &patterns);
/// Box decoding and non-maximum suppression.
void populateDetectionToLinalgPatterns(RewritePatternSet &patterns);
/// The optimizer steps (adagrad, momentum, adam).
void populateOptimizerToLinalgPatterns(RewritePatternSet &patterns);
/// All of the above.
void populateDLCToLinalgPatterns(RewritePatternSet &patterns);
} // namespace dlc
} // namespace mlir

#endif // DLC_CONVERSION_DLCTOLINALG_DLCTOLINALG_H
