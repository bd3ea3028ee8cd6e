// RUN: dlc-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of batch_norm_train and lrn (NormalizationOps.cpp),
// each matching the full message. Shape inference failures are followed by
// "failed to infer returned types".

// The input has a channel dimension.
func.func @bn_train_input_rank(%x: tensor<6xf32>, %s: tensor<6xf32>, %b: tensor<6xf32>, %m: tensor<6xf32>, %v: tensor<6xf32>) -> tensor<6xf32> {
  // expected-error @+2 {{'dlc.batch_norm_train' op input must have rank >= 2 (N, C, ...), got rank 1}}
  // expected-error @+1 {{'dlc.batch_norm_train' op failed to infer returned types}}
  %0:5 = dlc.batch_norm_train %x, %s, %b, %m, %v : (tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> (tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>)
  return %0#0 : tensor<6xf32>
}

// -----

// scale has one entry per channel.
func.func @bn_train_scale_shape(%x: tensor<2x3x4x4xf32>, %s: tensor<4xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  // expected-error @+2 {{'dlc.batch_norm_train' op scale must have shape 3 (one per channel), got 4}}
  // expected-error @+1 {{'dlc.batch_norm_train' op failed to infer returned types}}
  %0:5 = dlc.batch_norm_train %x, %s, %b, %m, %v : (tensor<2x3x4x4xf32>, tensor<4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %0#0 : tensor<2x3x4x4xf32>
}

// -----

// running_var has one entry per channel.
func.func @bn_train_running_var_shape(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3x1xf32>) -> tensor<2x3x4x4xf32> {
  // expected-error @+2 {{'dlc.batch_norm_train' op running_var must have shape 3 (one per channel), got 3x1}}
  // expected-error @+1 {{'dlc.batch_norm_train' op failed to infer returned types}}
  %0:5 = dlc.batch_norm_train %x, %s, %b, %m, %v : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3x1xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %0#0 : tensor<2x3x4x4xf32>
}

// -----

// epsilon must be non-negative.
func.func @bn_train_negative_epsilon(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  // expected-error @+2 {{'dlc.batch_norm_train' op epsilon must be non-negative, got -1.000000e-05}}
  // expected-error @+1 {{'dlc.batch_norm_train' op failed to infer returned types}}
  %0:5 = dlc.batch_norm_train %x, %s, %b, %m, %v {epsilon = -1.0e-05 : f32} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %0#0 : tensor<2x3x4x4xf32>
}

// -----

// momentum is a weight in [0, 1].
func.func @bn_train_momentum_range(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  // expected-error @+2 {{'dlc.batch_norm_train' op momentum must be in [0, 1], got 1.5}}
  // expected-error @+1 {{'dlc.batch_norm_train' op failed to infer returned types}}
  %0:5 = dlc.batch_norm_train %x, %s, %b, %m, %v {momentum = 1.5 : f32} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %0#0 : tensor<2x3x4x4xf32>
}

// -----

// The unbiased variance needs two values per channel.
func.func @bn_train_single_value(%x: tensor<1x3x1x1xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<1x3x1x1xf32> {
  // expected-error @+2 {{'dlc.batch_norm_train' op the unbiased running variance needs more than 1 value per channel, got 1 (input 1x3x1x1)}}
  // expected-error @+1 {{'dlc.batch_norm_train' op failed to infer returned types}}
  %0:5 = dlc.batch_norm_train %x, %s, %b, %m, %v : (tensor<1x3x1x1xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<1x3x1x1xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %0#0 : tensor<1x3x1x1xf32>
}

// -----

// lrn needs a spatial dimension (N, C, D1, ...).
func.func @lrn_input_rank(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+2 {{'dlc.lrn' op input must have rank >= 3 (N, C, D1, ...), got rank 2 (2x5)}}
  // expected-error @+1 {{'dlc.lrn' op failed to infer returned types}}
  %0 = dlc.lrn %x {size = 3 : i64} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// size must be positive.
func.func @lrn_zero_size(%x: tensor<1x5x3x3xf32>) -> tensor<1x5x3x3xf32> {
  // expected-error @+2 {{'dlc.lrn' op size must be positive, got 0}}
  // expected-error @+1 {{'dlc.lrn' op failed to infer returned types}}
  %0 = dlc.lrn %x {size = 0 : i64} : (tensor<1x5x3x3xf32>) -> tensor<1x5x3x3xf32>
  return %0 : tensor<1x5x3x3xf32>
}

// -----

// alpha must be non-negative.
func.func @lrn_negative_alpha(%x: tensor<1x5x3x3xf32>) -> tensor<1x5x3x3xf32> {
  // expected-error @+2 {{'dlc.lrn' op alpha must be non-negative, got -1}}
  // expected-error @+1 {{'dlc.lrn' op failed to infer returned types}}
  %0 = dlc.lrn %x {size = 3 : i64, alpha = -1.0 : f32} : (tensor<1x5x3x3xf32>) -> tensor<1x5x3x3xf32>
  return %0 : tensor<1x5x3x3xf32>
}

// -----

// bias must be positive.
func.func @lrn_zero_bias(%x: tensor<1x5x3x3xf32>) -> tensor<1x5x3x3xf32> {
  // expected-error @+2 {{'dlc.lrn' op bias must be positive, got 0}}
  // expected-error @+1 {{'dlc.lrn' op failed to infer returned types}}
  %0 = dlc.lrn %x {size = 3 : i64, bias = 0.0 : f32} : (tensor<1x5x3x3xf32>) -> tensor<1x5x3x3xf32>
  return %0 : tensor<1x5x3x3xf32>
}

// -----

// size has no default (ODS constraint).
func.func @lrn_missing_size(%x: tensor<1x5x3x3xf32>) -> tensor<1x5x3x3xf32> {
  // expected-error @+1 {{'dlc.lrn' op requires attribute 'size'}}
  %0 = dlc.lrn %x : (tensor<1x5x3x3xf32>) -> tensor<1x5x3x3xf32>
  return %0 : tensor<1x5x3x3xf32>
}
