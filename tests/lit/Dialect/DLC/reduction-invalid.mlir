// RUN: dlc-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of the reductions.

func.func @reduce_sum_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2x1xf32> {
  // expected-error @+2 {{'dlc.reduce_sum' op axis 2 is out of range for rank 2 (expected -2 to 1)}}
  // expected-error @+1 {{'dlc.reduce_sum' op failed to infer returned types}}
  %0 = dlc.reduce_sum %x {axes = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

// -1 and 1 name the same dimension of a rank-2 tensor.
func.func @reduce_mean_duplicate_axes(%x: tensor<2x3xf32>) -> tensor<2x1xf32> {
  // expected-error @+2 {{'dlc.reduce_mean' op axes [1, -1] name dimension 1 more than once}}
  // expected-error @+1 {{'dlc.reduce_mean' op failed to infer returned types}}
  %0 = dlc.reduce_mean %x {axes = array<i64: 1, -1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

// The declared result type must be the inferred one.
func.func @reduce_max_wrong_result(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+2 {{'dlc.reduce_max' op inferred type(s) 'tensor<2x1xf32>' are incompatible with return type(s) of operation 'tensor<2xf32>'}}
  // expected-error @+1 {{'dlc.reduce_max' op failed to infer returned types}}
  %0 = dlc.reduce_max %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @reduce_l2_axis_below_range(%x: tensor<2x3xf32>) -> tensor<1x3xf32> {
  // expected-error @+2 {{'dlc.reduce_l2' op axis -3 is out of range for rank 2 (expected -2 to 1)}}
  // expected-error @+1 {{'dlc.reduce_l2' op failed to infer returned types}}
  %0 = dlc.reduce_l2 %x {axes = array<i64: -3>} : (tensor<2x3xf32>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}
