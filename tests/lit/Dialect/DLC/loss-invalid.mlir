// RUN: dlc-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of the loss ops (LossOps.cpp and the ODS type
// constraints), each matching the full message. A shape inference failure
// is followed by upstream's "failed to infer returned types".

//===----------------------------------------------------------------------===//
// Shared checks: reduction, labels type
//===----------------------------------------------------------------------===//

// reduction is one of three strings.
func.func @reduction_value(%x: tensor<4x6xf32>, %t: tensor<4x6xf32>) -> tensor<f32> {
  // expected-error @+2 {{'dlc.mse_loss' op reduction must be "mean", "sum" or "none", got "avg"}}
  // expected-error @+1 {{'dlc.mse_loss' op failed to infer returned types}}
  %0 = dlc.mse_loss %x, %t {reduction = "avg"} : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// "batchmean" is kl_div's only.
func.func @batchmean_outside_kl_div(%x: tensor<3x5xf32>, %l: tensor<3xi64>) -> tensor<f32> {
  // expected-error @+2 {{'dlc.nll_loss' op reduction must be "mean", "sum" or "none", got "batchmean"}}
  // expected-error @+1 {{'dlc.nll_loss' op failed to infer returned types}}
  %0 = dlc.nll_loss %x, %l {reduction = "batchmean"} : (tensor<3x5xf32>, tensor<3xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// kl_div names its fourth reduction in the message.
func.func @kl_div_reduction(%x: tensor<4x6xf32>, %t: tensor<4x6xf32>) -> tensor<f32> {
  // expected-error @+2 {{'dlc.kl_div' op reduction must be "mean", "sum", "none" or "batchmean", got "Mean"}}
  // expected-error @+1 {{'dlc.kl_div' op failed to infer returned types}}
  %0 = dlc.kl_div %x, %t {reduction = "Mean"} : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// The reduction is a string attribute.
func.func @reduction_not_string(%x: tensor<4x6xf32>, %t: tensor<4x6xf32>) -> tensor<f32> {
  // expected-error @+1 {{'dlc.mse_loss' op attribute 'reduction' failed to satisfy constraint: string attribute}}
  %0 = dlc.mse_loss %x, %t {reduction = 1 : i64} : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Class labels are i64.
func.func @labels_not_i64(%x: tensor<3x5xf32>, %l: tensor<3xf32>) -> tensor<f32> {
  // expected-error @+1 {{'dlc.nll_loss' op operand #1 must be statically shaped tensor of 64-bit signless integer values, but got 'tensor<3xf32>'}}
  %0 = dlc.nll_loss %x, %l : (tensor<3x5xf32>, tensor<3xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// "none" keeps the per-sample shape: a rank-0 result type does not match.
func.func @none_result_type(%x: tensor<4x6xf32>, %t: tensor<4x6xf32>) -> tensor<f32> {
  // expected-error @+2 {{'dlc.mse_loss' op inferred type(s) 'tensor<4x6xf32>' are incompatible with return type(s) of operation 'tensor<f32>'}}
  // expected-error @+1 {{'dlc.mse_loss' op failed to infer returned types}}
  %0 = dlc.mse_loss %x, %t {reduction = "none"} : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

//===----------------------------------------------------------------------===//
// softmax_cross_entropy, nll_loss
//===----------------------------------------------------------------------===//

// Scores need a class dim.
func.func @ce_logits_rank(%x: tensor<5xf32>, %l: tensor<5xi64>) -> (tensor<f32>, tensor<5xf32>) {
  // expected-error @+2 {{'dlc.softmax_cross_entropy' op logits must have rank >= 2 ([N, C] or [N, C, d1, ...]), got rank 1 (5)}}
  // expected-error @+1 {{'dlc.softmax_cross_entropy' op failed to infer returned types}}
  %0:2 = dlc.softmax_cross_entropy %x, %l : (tensor<5xf32>, tensor<5xi64>) -> (tensor<f32>, tensor<5xf32>)
  return %0#0, %0#1 : tensor<f32>, tensor<5xf32>
}

// -----

// Labels are the scores' shape without the class dim.
func.func @nll_labels_shape(%x: tensor<2x4x3xf32>, %l: tensor<2x4xi64>) -> tensor<f32> {
  // expected-error @+2 {{'dlc.nll_loss' op labels must have shape 2x3 (input 2x4x3 without the class dim), got 2x4}}
  // expected-error @+1 {{'dlc.nll_loss' op failed to infer returned types}}
  %0 = dlc.nll_loss %x, %l : (tensor<2x4x3xf32>, tensor<2x4xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// One weight per class.
func.func @ce_weight_shape(%x: tensor<3x5xf32>, %l: tensor<3xi64>, %w: tensor<3xf32>) -> (tensor<f32>, tensor<3x5xf32>) {
  // expected-error @+2 {{'dlc.softmax_cross_entropy' op weight must have shape 5 (one per class), got 3}}
  // expected-error @+1 {{'dlc.softmax_cross_entropy' op failed to infer returned types}}
  %0:2 = dlc.softmax_cross_entropy %x, %l, %w : (tensor<3x5xf32>, tensor<3xi64>, tensor<3xf32>) -> (tensor<f32>, tensor<3x5xf32>)
  return %0#0, %0#1 : tensor<f32>, tensor<3x5xf32>
}

// -----

//===----------------------------------------------------------------------===//
// mse_loss, kl_div
//===----------------------------------------------------------------------===//

func.func @mse_target_shape(%x: tensor<4x6xf32>, %t: tensor<6x4xf32>) -> tensor<f32> {
  // expected-error @+2 {{'dlc.mse_loss' op target must have the shape of input 4x6, got 6x4}}
  // expected-error @+1 {{'dlc.mse_loss' op failed to infer returned types}}
  %0 = dlc.mse_loss %x, %t : (tensor<4x6xf32>, tensor<6x4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// No broadcasting of the target (PyTorch warns and broadcasts; dlc rejects).
func.func @kl_div_target_shape(%x: tensor<4x6xf32>, %t: tensor<6xf32>) -> tensor<f32> {
  // expected-error @+2 {{'dlc.kl_div' op target must have the shape of input 4x6, got 6}}
  // expected-error @+1 {{'dlc.kl_div' op failed to infer returned types}}
  %0 = dlc.kl_div %x, %t : (tensor<4x6xf32>, tensor<6xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

//===----------------------------------------------------------------------===//
// center_loss
//===----------------------------------------------------------------------===//

func.func @center_features_rank(%x: tensor<4x6x1xf32>, %l: tensor<4xi64>, %c: tensor<3x6xf32>) -> tensor<f32> {
  // expected-error @+2 {{'dlc.center_loss' op features must have rank 2 (N, D), got rank 3 (4x6x1)}}
  // expected-error @+1 {{'dlc.center_loss' op failed to infer returned types}}
  %0 = dlc.center_loss %x, %l, %c : (tensor<4x6x1xf32>, tensor<4xi64>, tensor<3x6xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @center_centers_rank(%x: tensor<4x6xf32>, %l: tensor<4xi64>, %c: tensor<6xf32>) -> tensor<f32> {
  // expected-error @+2 {{'dlc.center_loss' op centers must have rank 2 (C, D), got rank 1 (6)}}
  // expected-error @+1 {{'dlc.center_loss' op failed to infer returned types}}
  %0 = dlc.center_loss %x, %l, %c : (tensor<4x6xf32>, tensor<4xi64>, tensor<6xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @center_centers_columns(%x: tensor<4x6xf32>, %l: tensor<4xi64>, %c: tensor<3x5xf32>) -> tensor<f32> {
  // expected-error @+2 {{'dlc.center_loss' op centers must have 6 columns (the feature size of features 4x6), got 3x5}}
  // expected-error @+1 {{'dlc.center_loss' op failed to infer returned types}}
  %0 = dlc.center_loss %x, %l, %c : (tensor<4x6xf32>, tensor<4xi64>, tensor<3x5xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @center_labels_shape(%x: tensor<4x6xf32>, %l: tensor<5xi64>, %c: tensor<3x6xf32>) -> tensor<f32> {
  // expected-error @+2 {{'dlc.center_loss' op labels must have shape 4, got 5}}
  // expected-error @+1 {{'dlc.center_loss' op failed to infer returned types}}
  %0 = dlc.center_loss %x, %l, %c : (tensor<4x6xf32>, tensor<5xi64>, tensor<3x6xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

//===----------------------------------------------------------------------===//
// contrastive_loss
//===----------------------------------------------------------------------===//

func.func @contrastive_x1_rank(%a: tensor<4xf32>, %b: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+2 {{'dlc.contrastive_loss' op x1 must have rank 2 (N, D), got rank 1 (4)}}
  // expected-error @+1 {{'dlc.contrastive_loss' op failed to infer returned types}}
  %0 = dlc.contrastive_loss %a, %b, %y : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @contrastive_x2_shape(%a: tensor<4x6xf32>, %b: tensor<4x5xf32>, %y: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+2 {{'dlc.contrastive_loss' op x2 must have the shape of x1 4x6, got 4x5}}
  // expected-error @+1 {{'dlc.contrastive_loss' op failed to infer returned types}}
  %0 = dlc.contrastive_loss %a, %b, %y : (tensor<4x6xf32>, tensor<4x5xf32>, tensor<4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @contrastive_label_shape(%a: tensor<4x6xf32>, %b: tensor<4x6xf32>, %y: tensor<4x1xf32>) -> tensor<f32> {
  // expected-error @+2 {{'dlc.contrastive_loss' op label must have shape 4, got 4x1}}
  // expected-error @+1 {{'dlc.contrastive_loss' op failed to infer returned types}}
  %0 = dlc.contrastive_loss %a, %b, %y : (tensor<4x6xf32>, tensor<4x6xf32>, tensor<4x1xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @contrastive_margin(%a: tensor<4x6xf32>, %b: tensor<4x6xf32>, %y: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+2 {{'dlc.contrastive_loss' op margin must be finite and non-negative, got -1}}
  // expected-error @+1 {{'dlc.contrastive_loss' op failed to infer returned types}}
  %0 = dlc.contrastive_loss %a, %b, %y {margin = -1.0 : f32} : (tensor<4x6xf32>, tensor<4x6xf32>, tensor<4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

//===----------------------------------------------------------------------===//
// Large-margin softmaxes
//===----------------------------------------------------------------------===//

func.func @l_softmax_margin(%x: tensor<4x6xf32>, %w: tensor<6x3xf32>, %l: tensor<4xi64>) -> (tensor<f32>, tensor<4x3xf32>) {
  // expected-error @+2 {{'dlc.l_softmax_loss' op margin must be an integer >= 1, got 0}}
  // expected-error @+1 {{'dlc.l_softmax_loss' op failed to infer returned types}}
  %0:2 = dlc.l_softmax_loss %x, %w, %l {margin = 0 : i64} : (tensor<4x6xf32>, tensor<6x3xf32>, tensor<4xi64>) -> (tensor<f32>, tensor<4x3xf32>)
  return %0#0, %0#1 : tensor<f32>, tensor<4x3xf32>
}

// -----

// A negative margin is reported as such (the attribute is read back signed).
func.func @a_softmax_margin(%x: tensor<4x6xf32>, %w: tensor<6x3xf32>, %l: tensor<4xi64>) -> (tensor<f32>, tensor<4x3xf32>) {
  // expected-error @+2 {{'dlc.a_softmax_loss' op margin must be an integer >= 1, got -2}}
  // expected-error @+1 {{'dlc.a_softmax_loss' op failed to infer returned types}}
  %0:2 = dlc.a_softmax_loss %x, %w, %l {margin = -2 : i64} : (tensor<4x6xf32>, tensor<6x3xf32>, tensor<4xi64>) -> (tensor<f32>, tensor<4x3xf32>)
  return %0#0, %0#1 : tensor<f32>, tensor<4x3xf32>
}

// -----

func.func @am_softmax_scale(%x: tensor<4x6xf32>, %w: tensor<6x3xf32>, %l: tensor<4xi64>) -> (tensor<f32>, tensor<4x3xf32>) {
  // expected-error @+2 {{'dlc.am_softmax_loss' op scale must be finite and positive, got 0}}
  // expected-error @+1 {{'dlc.am_softmax_loss' op failed to infer returned types}}
  %0:2 = dlc.am_softmax_loss %x, %w, %l {scale = 0.0 : f32} : (tensor<4x6xf32>, tensor<6x3xf32>, tensor<4xi64>) -> (tensor<f32>, tensor<4x3xf32>)
  return %0#0, %0#1 : tensor<f32>, tensor<4x3xf32>
}

// -----

func.func @am_softmax_margin(%x: tensor<4x6xf32>, %w: tensor<6x3xf32>, %l: tensor<4xi64>) -> (tensor<f32>, tensor<4x3xf32>) {
  // expected-error @+2 {{'dlc.am_softmax_loss' op margin must be finite and non-negative, got -5.000000e-01}}
  // expected-error @+1 {{'dlc.am_softmax_loss' op failed to infer returned types}}
  %0:2 = dlc.am_softmax_loss %x, %w, %l {margin = -0.5 : f32} : (tensor<4x6xf32>, tensor<6x3xf32>, tensor<4xi64>) -> (tensor<f32>, tensor<4x3xf32>)
  return %0#0, %0#1 : tensor<f32>, tensor<4x3xf32>
}

// -----

func.func @margin_input_rank(%x: tensor<4x6x1xf32>, %w: tensor<6x3xf32>, %l: tensor<4xi64>) -> (tensor<f32>, tensor<4x3xf32>) {
  // expected-error @+2 {{'dlc.am_softmax_loss' op input must have rank 2 (N, D), got rank 3 (4x6x1)}}
  // expected-error @+1 {{'dlc.am_softmax_loss' op failed to infer returned types}}
  %0:2 = dlc.am_softmax_loss %x, %w, %l : (tensor<4x6x1xf32>, tensor<6x3xf32>, tensor<4xi64>) -> (tensor<f32>, tensor<4x3xf32>)
  return %0#0, %0#1 : tensor<f32>, tensor<4x3xf32>
}

// -----

func.func @margin_weight_rank(%x: tensor<4x6xf32>, %w: tensor<6xf32>, %l: tensor<4xi64>) -> (tensor<f32>, tensor<4x3xf32>) {
  // expected-error @+2 {{'dlc.l_softmax_loss' op weight must have rank 2 (D, C), got rank 1 (6)}}
  // expected-error @+1 {{'dlc.l_softmax_loss' op failed to infer returned types}}
  %0:2 = dlc.l_softmax_loss %x, %w, %l : (tensor<4x6xf32>, tensor<6xf32>, tensor<4xi64>) -> (tensor<f32>, tensor<4x3xf32>)
  return %0#0, %0#1 : tensor<f32>, tensor<4x3xf32>
}

// -----

// The weight is [D, C], not [C, D].
func.func @margin_weight_rows(%x: tensor<4x6xf32>, %w: tensor<3x6xf32>, %l: tensor<4xi64>) -> (tensor<f32>, tensor<4x6xf32>) {
  // expected-error @+2 {{'dlc.a_softmax_loss' op weight must have 6 rows (the feature size of input 4x6), got 3x6}}
  // expected-error @+1 {{'dlc.a_softmax_loss' op failed to infer returned types}}
  %0:2 = dlc.a_softmax_loss %x, %w, %l : (tensor<4x6xf32>, tensor<3x6xf32>, tensor<4xi64>) -> (tensor<f32>, tensor<4x6xf32>)
  return %0#0, %0#1 : tensor<f32>, tensor<4x6xf32>
}

// -----

func.func @margin_labels_shape(%x: tensor<4x6xf32>, %w: tensor<6x3xf32>, %l: tensor<3xi64>) -> (tensor<f32>, tensor<4x3xf32>) {
  // expected-error @+2 {{'dlc.l_softmax_loss' op labels must have shape 4, got 3}}
  // expected-error @+1 {{'dlc.l_softmax_loss' op failed to infer returned types}}
  %0:2 = dlc.l_softmax_loss %x, %w, %l : (tensor<4x6xf32>, tensor<6x3xf32>, tensor<3xi64>) -> (tensor<f32>, tensor<4x3xf32>)
  return %0#0, %0#1 : tensor<f32>, tensor<4x3xf32>
}
