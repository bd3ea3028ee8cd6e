// RUN: dlc-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of the pooling ops added in PoolingOps.td
// (global_max_pool, adaptive_avg_pool2d, adaptive_max_pool2d, roi_pool).
// A shape inference failure is followed by upstream's generic "failed to
// infer returned types", so those cases expect both errors.

// global_max_pool needs spatial dimensions.
func.func @global_max_pool_rank(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'dlc.global_max_pool' op input must have rank >= 3 (N, C, spatial...), got rank 2}}
  // expected-error @+1 {{'dlc.global_max_pool' op failed to infer returned types}}
  %0 = dlc.global_max_pool %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Adaptive pooling is 2-D over NCHW.
func.func @adaptive_avg_pool2d_rank(%x: tensor<2x3x5xf32>) -> tensor<2x3x1x1xf32> {
  // expected-error @+2 {{'dlc.adaptive_avg_pool2d' op input must have rank 4 (NCHW), got rank 3 (2x3x5)}}
  // expected-error @+1 {{'dlc.adaptive_avg_pool2d' op failed to infer returned types}}
  %0 = dlc.adaptive_avg_pool2d %x {output_size = array<i64: 1, 1>} : (tensor<2x3x5xf32>) -> tensor<2x3x1x1xf32>
  return %0 : tensor<2x3x1x1xf32>
}

// -----

// Every output extent must be positive.
func.func @adaptive_max_pool2d_output_size(%x: tensor<1x3x5x5xf32>) -> tensor<1x3x0x2xf32> {
  // expected-error @+2 {{'dlc.adaptive_max_pool2d' op output_size must be positive, got [0, 2]}}
  // expected-error @+1 {{'dlc.adaptive_max_pool2d' op failed to infer returned types}}
  %0 = dlc.adaptive_max_pool2d %x {output_size = array<i64: 0, 2>} : (tensor<1x3x5x5xf32>) -> tensor<1x3x0x2xf32>
  return %0 : tensor<1x3x0x2xf32>
}

// -----

// output_size is a pair.
func.func @adaptive_avg_pool2d_output_size_count(%x: tensor<1x3x5x5xf32>) -> tensor<1x3x2x2xf32> {
  // expected-error @+1 {{'dlc.adaptive_avg_pool2d' op attribute 'output_size' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements}}
  %0 = dlc.adaptive_avg_pool2d %x {output_size = array<i64: 2, 2, 2>} : (tensor<1x3x5x5xf32>) -> tensor<1x3x2x2xf32>
  return %0 : tensor<1x3x2x2xf32>
}

// -----

// roi_pool reads NCHW feature maps.
func.func @roi_pool_input_rank(%x: tensor<3x5x5xf32>, %r: tensor<2x5xf32>) -> tensor<2x3x2x2xf32> {
  // expected-error @+2 {{'dlc.roi_pool' op input must have rank 4 (NCHW), got rank 3 (3x5x5)}}
  // expected-error @+1 {{'dlc.roi_pool' op failed to infer returned types}}
  %0 = dlc.roi_pool %x, %r {pooled_size = array<i64: 2, 2>} : (tensor<3x5x5xf32>, tensor<2x5xf32>) -> tensor<2x3x2x2xf32>
  return %0 : tensor<2x3x2x2xf32>
}

// -----

// rois is a matrix of boxes.
func.func @roi_pool_rois_rank(%x: tensor<1x3x5x5xf32>, %r: tensor<5xf32>) -> tensor<1x3x2x2xf32> {
  // expected-error @+2 {{'dlc.roi_pool' op rois must have rank 2 (K x 5), got rank 1 (5)}}
  // expected-error @+1 {{'dlc.roi_pool' op failed to infer returned types}}
  %0 = dlc.roi_pool %x, %r {pooled_size = array<i64: 2, 2>} : (tensor<1x3x5x5xf32>, tensor<5xf32>) -> tensor<1x3x2x2xf32>
  return %0 : tensor<1x3x2x2xf32>
}

// -----

// Each box is (batch_index, x1, y1, x2, y2).
func.func @roi_pool_rois_columns(%x: tensor<1x3x5x5xf32>, %r: tensor<2x4xf32>) -> tensor<2x3x2x2xf32> {
  // expected-error @+2 {{'dlc.roi_pool' op rois must have 5 columns (batch_index, x1, y1, x2, y2), got 4}}
  // expected-error @+1 {{'dlc.roi_pool' op failed to infer returned types}}
  %0 = dlc.roi_pool %x, %r {pooled_size = array<i64: 2, 2>} : (tensor<1x3x5x5xf32>, tensor<2x4xf32>) -> tensor<2x3x2x2xf32>
  return %0 : tensor<2x3x2x2xf32>
}

// -----

// Every pooled extent must be positive.
func.func @roi_pool_pooled_size(%x: tensor<1x3x5x5xf32>, %r: tensor<2x5xf32>) -> tensor<2x3x2x0xf32> {
  // expected-error @+2 {{'dlc.roi_pool' op pooled_size must be positive, got [2, 0]}}
  // expected-error @+1 {{'dlc.roi_pool' op failed to infer returned types}}
  %0 = dlc.roi_pool %x, %r {pooled_size = array<i64: 2, 0>} : (tensor<1x3x5x5xf32>, tensor<2x5xf32>) -> tensor<2x3x2x0xf32>
  return %0 : tensor<2x3x2x0xf32>
}

// -----

// The scale from image to feature-map coordinates must be positive.
func.func @roi_pool_spatial_scale(%x: tensor<1x3x5x5xf32>, %r: tensor<2x5xf32>) -> tensor<2x3x2x2xf32> {
  // expected-error @+2 {{'dlc.roi_pool' op spatial_scale must be positive and finite, got -5.000000e-01}}
  // expected-error @+1 {{'dlc.roi_pool' op failed to infer returned types}}
  %0 = dlc.roi_pool %x, %r {pooled_size = array<i64: 2, 2>, spatial_scale = -0.5 : f32} : (tensor<1x3x5x5xf32>, tensor<2x5xf32>) -> tensor<2x3x2x2xf32>
  return %0 : tensor<2x3x2x2xf32>
}
