//===- LossOps.td - dlc loss ops -*- tablegen -*-===//
//
// The losses: cross-entropy, NLL, MSE, KL divergence, center, contrastive,
// margin softmaxes. Semantics follow PyTorch (and ONNX's
// SoftmaxCrossEntropyLoss / NegativeLogLikelihoodLoss for attribute names);
// each description gives the exact formula.
//
// Common conventions:
//   * `reduction` is "mean" (default), "sum" or "none" (kl_div also accepts
//     "batchmean"). With "none" the result has the per-sample shape, otherwise
//     it is a rank-0 `tensor<f32>`.
//   * Class labels are i64 tensors. A label outside [0, C) that is not the
//     ignore_index is undefined behaviour (as in ONNX); the lowering clamps it
//     into range so that it never reads out of bounds.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_LOSSOPS_TD
#define DLC_DIALECT_DLC_LOSSOPS_TD

include "dlc/Dialect/DLC/DLCBase.td"

/// "mean" | "sum" | "none" (verified in the op's shape inference).
def DLC_ReductionAttr : DefaultValuedStrAttr<StrAttr, "mean">;

//===----------------------------------------------------------------------===//
// Classification losses over class scores
//===----------------------------------------------------------------------===//

def DLC_SoftmaxCrossEntropyOp : DLC_InferOp<"softmax_cross_entropy", [DLC_Differentiable]> {
  let summary = "softmax cross-entropy (ONNX SoftmaxCrossEntropyLoss)";
  let description = [{
    `logits` is `[N, C]` or `[N, C, d1, ..., dk]`, `labels` (i64) is `[N]` or
    `[N, d1, ..., dk]`, the optional `weight` is `[C]`. With `i` ranging over
    the samples (N and the spatial positions):

    ```
    log_prob[n, c, d...] = x[n, c, d...] - max_c' x[n, c', d...]
                           - log sum_c' exp(x[n, c', d...] - max_c' x[n, c', d...])
    w_i    = (labels_i == ignore_index) ? 0 : (weight ? weight[labels_i] : 1)
    loss_i = (labels_i == ignore_index) ? 0 : -w_i * log_prob[n, labels_i, d...]
    "none": loss (shape of labels)   "sum": sum_i loss_i
    "mean": sum_i loss_i / sum_i w_i (NaN when every target is ignored)
    ```

    The second result is `log_prob` (shape of `logits`), ONNX's optional
    `log_prob` output; the backward uses it: `d loss_i / d x[n, c] =
    w_i * (exp(log_prob[n, c]) - [c == labels_i])` times the reduction scale,
    plus log-softmax's backward of `log_prob`'s own adjoint. An ignored
    target passes no gradient, even when "mean" divides by a zero total
    weight (as PyTorch). `weight` gets its exact adjoint too (PyTorch does
    not differentiate it).
  }];
  let arguments = (ins DLC_Tensor:$logits, DLC_IndexTensor:$labels,
                       Optional<DLC_Tensor>:$weight,
                       OptionalAttr<I64Attr>:$ignore_index,
                       DLC_ReductionAttr:$reduction);
  let results = (outs DLC_Tensor:$loss, DLC_Tensor:$log_prob);
  let assemblyFormat = "$logits `,` $labels (`,` $weight^)? attr-dict `:` "
                       "functional-type(operands, results)";
}

def DLC_NLLLossOp : DLC_InferOp<"nll_loss", [DLC_Differentiable]> {
  let summary = "negative log-likelihood (ONNX NegativeLogLikelihoodLoss)";
  let description = [{
    `input` holds log-probabilities `[N, C]` or `[N, C, d1, ..., dk]`,
    `labels` (i64) is `[N]` or `[N, d1, ..., dk]`, the optional `weight` is
    `[C]`:

    ```
    w_i    = (labels_i == ignore_index) ? 0 : (weight ? weight[labels_i] : 1)
    loss_i = (labels_i == ignore_index) ? 0 : -w_i * input[n, labels_i, d...]
    "none": loss (shape of labels)   "sum": sum_i loss_i
    "mean": sum_i loss_i / sum_i w_i (NaN when every target is ignored)
    ```

    Gradient: `-w_i` (times the reduction scale) at `input[n, labels_i,
    d...]`, 0 elsewhere and for ignored targets; `weight` gets its exact
    adjoint too, as in softmax_cross_entropy.
  }];
  let arguments = (ins DLC_Tensor:$input, DLC_IndexTensor:$labels,
                       Optional<DLC_Tensor>:$weight,
                       OptionalAttr<I64Attr>:$ignore_index,
                       DLC_ReductionAttr:$reduction);
  let results = (outs DLC_Tensor:$loss);
  let assemblyFormat = "$input `,` $labels (`,` $weight^)? attr-dict `:` "
                       "functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Regression and distribution losses
//===----------------------------------------------------------------------===//

def DLC_MSELossOp : DLC_InferOp<"mse_loss", [DLC_Differentiable]> {
  let summary = "mean squared error (PyTorch MSELoss)";
  let description = [{
    `input` and `target` have the same shape. `loss = (input - target)^2`
    elementwise; "none" returns it, "sum" sums it, "mean" divides the sum by
    the element count.
  }];
  let arguments = (ins DLC_Tensor:$input, DLC_Tensor:$target,
                       DLC_ReductionAttr:$reduction);
  let results = (outs DLC_Tensor:$loss);
  let assemblyFormat =
      "$input `,` $target attr-dict `:` functional-type(operands, results)";
}

def DLC_KLDivOp : DLC_InferOp<"kl_div", [DLC_Differentiable]> {
  let summary = "Kullback-Leibler divergence (PyTorch KLDivLoss)";
  let description = [{
    `input` holds log-probabilities, `target` (same shape) probabilities, or
    log-probabilities when `log_target` is set. Elementwise:

    ```
    log_target = false: loss = xlogy(target, target) - target * input
                        (xlogy(0, y) = 0, so a zero target contributes 0)
    log_target = true:  loss = exp(target) * (target - input)
    "none": loss   "sum": sum loss   "mean": sum loss / element count
    "batchmean": sum loss / N (the leading extent; 1 for a rank-0 input)
    ```

    PyTorch's default is "mean", which is not the KL divergence; "batchmean"
    is. Gradient: `-target` (log_target: `-exp(target)`) for the input;
    `log(target) + 1 - input` for the target, taken as 0 where the target is
    0 (PyTorch <= 1.12's kl_div backward; the one-sided derivative is -inf,
    1.13's composite kl_div gives NaN), `exp(target) * (target - input + 1)`
    with log_target.
  }];
  let arguments = (ins DLC_Tensor:$input, DLC_Tensor:$target,
                       DLC_ReductionAttr:$reduction,
                       DefaultValuedAttr<BoolAttr, "false">:$log_target);
  let results = (outs DLC_Tensor:$loss);
  let assemblyFormat =
      "$input `,` $target attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Metric-learning losses
//===----------------------------------------------------------------------===//

def DLC_CenterLossOp : DLC_InferOp<"center_loss", [DLC_Differentiable]> {
  let summary = "center loss (Wen et al. 2016)";
  let description = [{
    `features` is `[N, D]`, `labels` (i64) `[N]`, `centers` `[C, D]`:

    ```
    loss_i = 1/2 * sum_d (features[i, d] - centers[labels_i, d])^2
    "none": loss ([N])   "sum": sum_i loss_i  (= L_C of the paper)
    "mean": sum_i loss_i / N
    ```

    The centers are an operand (not state): the paper's center update rule
    is the optimizer's business.
  }];
  let arguments = (ins DLC_Tensor:$features, DLC_IndexTensor:$labels,
                       DLC_Tensor:$centers, DLC_ReductionAttr:$reduction);
  let results = (outs DLC_Tensor:$loss);
  let assemblyFormat = "$features `,` $labels `,` $centers attr-dict `:` "
                       "functional-type(operands, results)";
}

def DLC_ContrastiveLossOp : DLC_InferOp<"contrastive_loss", [DLC_Differentiable]> {
  let summary = "contrastive loss (Hadsell, Chopra, LeCun 2006)";
  let description = [{
    `x1` and `x2` are `[N, D]`, `label` is `[N]` (f32) with 1 for a similar
    pair and 0 for a dissimilar one (Caffe's convention; the paper's Y is
    `1 - label`). With `d_i = ||x1_i - x2_i||_2`:

    ```
    loss_i = 1/2 * (label_i * d_i^2 + (1 - label_i) * max(0, margin - d_i)^2)
    "none": loss ([N])   "sum": sum_i loss_i   "mean": sum_i loss_i / N
    ```

    The 1/2 factor is the paper's (and Caffe's ContrastiveLoss, whose
    reported loss is the "mean" of this op). `margin` must be non-negative.
    Gradient: `(label_i - (1 - label_i) max(0, margin - d_i) / d_i) (x1_i -
    x2_i)` for x1 and its negation for x2, the second term 0 at `d_i = 0`
    (the norm's gradient there, as torch's); the label, on which the loss is
    linear, gets `1/2 (d_i^2 - max(0, margin - d_i)^2)`.
  }];
  let arguments = (ins DLC_Tensor:$x1, DLC_Tensor:$x2, DLC_Tensor:$label,
                       DefaultValuedAttr<F32Attr, "1.0">:$margin,
                       DLC_ReductionAttr:$reduction);
  let results = (outs DLC_Tensor:$loss);
  let assemblyFormat = "$x1 `,` $x2 `,` $label attr-dict `:` "
                       "functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Large-margin softmaxes
//===----------------------------------------------------------------------===//

/// Features `[N, D]`, class weights `[D, C]` (columns are the classes, as in
/// the papers: the plain logits are `x W`), labels `[N]`. The results are the
/// softmax cross-entropy over the modified logits `f` (reduced like
/// softmax_cross_entropy without weights) and `f` itself (`[N, C]`). Both
/// results are differentiable w.r.t. the features and the class weights:
/// through `x W`, the norms (gradient 0 at a zero norm, none through the
/// 1e-12 floor when it is active) and, for L-/A-Softmax, `psi'(cos t) =
/// (-1)^k m U_{m-1}(cos t)` (Chebyshev polynomials of the second kind), the
/// clamp of `cos t` passing the gradient on [-1, 1].
class DLC_MarginSoftmaxOp<string mnemonic>
    : DLC_InferOp<mnemonic, [DLC_Differentiable]> {
  let results = (outs DLC_Tensor:$loss, DLC_Tensor:$logits);
  let assemblyFormat = "$input `,` $weight `,` $labels attr-dict `:` "
                       "functional-type(operands, results)";
}

def DLC_LSoftmaxLossOp : DLC_MarginSoftmaxOp<"l_softmax_loss"> {
  let summary = "large-margin softmax loss (L-Softmax, Liu et al. 2016)";
  let description = [{
    With `x_i` the rows of `input`, `W_j` the columns of `weight` and
    `cos t_j = W_j . x_i / (max(||W_j||, 1e-12) * max(||x_i||, 1e-12))`
    (clamped to [-1, 1]):

    ```
    f_ij = W_j . x_i                        for j != y_i
    f_iy = ||W_y|| * ||x_i|| * psi(t_y)     for y = labels_i
    psi(t) = (-1)^k * cos(m t) - 2k,  t in [k pi/m, (k+1) pi/m], k in 0..m-1
    loss_i = -log softmax_j(f_ij)[y_i]
    ```

    `cos(m t)` is the Chebyshev polynomial `T_m(cos t)` and `k` is the number
    of `j` in 1..m-1 with `cos t <= cos(j pi / m)` (no acos). `psi` is
    continuous, so the choice at the interval ends does not matter. With
    `margin = 1`, `f = x W` and the op is plain softmax cross-entropy.
    "mean" divides by N. `margin` is an integer >= 1 (the paper uses 2..4).
  }];
  let arguments = (ins DLC_Tensor:$input, DLC_Tensor:$weight,
                       DLC_IndexTensor:$labels,
                       DefaultValuedAttr<I64Attr, "2">:$margin,
                       DLC_ReductionAttr:$reduction);
}

def DLC_ASoftmaxLossOp : DLC_MarginSoftmaxOp<"a_softmax_loss"> {
  let summary = "angular softmax loss (A-Softmax, SphereFace, Liu et al. 2017)";
  let description = [{
    L-Softmax with unit-norm class weights (`W_j / max(||W_j||, 1e-12)`) and
    no bias, so the logits depend on the angle and `||x||` only. With `cos t_j`
    as in `l_softmax_loss`:

    ```
    f_ij = ||x_i|| * cos t_j          for j != y_i
    f_iy = ||x_i|| * psi(t_y)         for y = labels_i, psi as in l_softmax_loss
    loss_i = -log softmax_j(f_ij)[y_i]
    ```

    `margin` is an integer >= 1 (SphereFace uses 4, the default).
  }];
  let arguments = (ins DLC_Tensor:$input, DLC_Tensor:$weight,
                       DLC_IndexTensor:$labels,
                       DefaultValuedAttr<I64Attr, "4">:$margin,
                       DLC_ReductionAttr:$reduction);
}

def DLC_AMSoftmaxLossOp : DLC_MarginSoftmaxOp<"am_softmax_loss"> {
  let summary = "additive-margin softmax loss (AM-Softmax / CosFace)";
  let description = [{
    Features and class weights both normalized (`v / max(||v||, 1e-12)`);
    with `cos t_j` as in `l_softmax_loss` (not clamped here):

    ```
    f_ij = s * cos t_j                for j != y_i
    f_iy = s * (cos t_y - m)          for y = labels_i
    loss_i = -log softmax_j(f_ij)[y_i]
    ```

    `scale` s > 0 (30.0), `margin` m >= 0 (0.35).
  }];
  let arguments = (ins DLC_Tensor:$input, DLC_Tensor:$weight,
                       DLC_IndexTensor:$labels,
                       DefaultValuedAttr<F32Attr, "30.0">:$scale,
                       DefaultValuedAttr<F32Attr, "0.35">:$margin,
                       DLC_ReductionAttr:$reduction);
}

#endif // DLC_DIALECT_DLC_LOSSOPS_TD
