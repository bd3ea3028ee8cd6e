// RUN: dlc-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of the pooling ops added in PoolingOps.td
// (global_max_pool, adaptive_avg_pool2d, adaptive_max_pool2d, roi_pool,
// max_pool2d_with_indices, which shares max_pool2d's checks, and the max
// poolings' adjoints).
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

// -----

// max_pool2d_with_indices shares max_pool2d's checks: NCHW input...
func.func @max_pool2d_with_indices_rank(%x: tensor<2x4x4xf32>) -> (tensor<2x3x3xf32>, tensor<2x3x3xi64>) {
  // expected-error @+2 {{'dlc.max_pool2d_with_indices' op input must have rank 4 (NCHW), got rank 3 (2x4x4)}}
  // expected-error @+1 {{'dlc.max_pool2d_with_indices' op failed to infer returned types}}
  %0:2 = dlc.max_pool2d_with_indices %x {kernel_shape = array<i64: 2, 2>} : (tensor<2x4x4xf32>) -> (tensor<2x3x3xf32>, tensor<2x3x3xi64>)
  return %0#0, %0#1 : tensor<2x3x3xf32>, tensor<2x3x3xi64>
}

// -----

// ...a positive kernel...
func.func @max_pool2d_with_indices_kernel(%x: tensor<1x1x4x4xf32>) -> (tensor<1x1x4x4xf32>, tensor<1x1x4x4xi64>) {
  // expected-error @+2 {{'dlc.max_pool2d_with_indices' op kernel_shape must be positive, got [0, 2]}}
  // expected-error @+1 {{'dlc.max_pool2d_with_indices' op failed to infer returned types}}
  %0:2 = dlc.max_pool2d_with_indices %x {kernel_shape = array<i64: 0, 2>} : (tensor<1x1x4x4xf32>) -> (tensor<1x1x4x4xf32>, tensor<1x1x4x4xi64>)
  return %0#0, %0#1 : tensor<1x1x4x4xf32>, tensor<1x1x4x4xi64>
}

// -----

// ...positive strides...
func.func @max_pool2d_with_indices_strides(%x: tensor<1x1x4x4xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x1x3x3xi64>) {
  // expected-error @+2 {{'dlc.max_pool2d_with_indices' op strides must be positive, got [1, 0]}}
  // expected-error @+1 {{'dlc.max_pool2d_with_indices' op failed to infer returned types}}
  %0:2 = dlc.max_pool2d_with_indices %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 1, 0>} : (tensor<1x1x4x4xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x1x3x3xi64>)
  return %0#0, %0#1 : tensor<1x1x3x3xf32>, tensor<1x1x3x3xi64>
}

// -----

// ...positive dilations...
func.func @max_pool2d_with_indices_dilations(%x: tensor<1x1x4x4xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x1x3x3xi64>) {
  // expected-error @+2 {{'dlc.max_pool2d_with_indices' op dilations must be positive, got [1, -1]}}
  // expected-error @+1 {{'dlc.max_pool2d_with_indices' op failed to infer returned types}}
  %0:2 = dlc.max_pool2d_with_indices %x {kernel_shape = array<i64: 2, 2>, dilations = array<i64: 1, -1>} : (tensor<1x1x4x4xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x1x3x3xi64>)
  return %0#0, %0#1 : tensor<1x1x3x3xf32>, tensor<1x1x3x3xi64>
}

// -----

// ...non-negative padding...
func.func @max_pool2d_with_indices_negative_padding(%x: tensor<1x1x4x4xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x1x3x3xi64>) {
  // expected-error @+2 {{'dlc.max_pool2d_with_indices' op padding must be non-negative, got [-1, 0, 0, 0]}}
  // expected-error @+1 {{'dlc.max_pool2d_with_indices' op failed to infer returned types}}
  %0:2 = dlc.max_pool2d_with_indices %x {kernel_shape = array<i64: 2, 2>, padding = array<i64: -1, 0, 0, 0>} : (tensor<1x1x4x4xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x1x3x3xi64>)
  return %0#0, %0#1 : tensor<1x1x3x3xf32>, tensor<1x1x3x3xi64>
}

// -----

// ...padding smaller than the kernel...
func.func @max_pool2d_with_indices_padding_vs_kernel(%x: tensor<1x1x4x4xf32>) -> (tensor<1x1x5x5xf32>, tensor<1x1x5x5xi64>) {
  // expected-error @+2 {{'dlc.max_pool2d_with_indices' op padding [2, 0, 0, 0] must be smaller than kernel_shape [2, 2]}}
  // expected-error @+1 {{'dlc.max_pool2d_with_indices' op failed to infer returned types}}
  %0:2 = dlc.max_pool2d_with_indices %x {kernel_shape = array<i64: 2, 2>, padding = array<i64: 2, 0, 0, 0>} : (tensor<1x1x4x4xf32>) -> (tensor<1x1x5x5xf32>, tensor<1x1x5x5xi64>)
  return %0#0, %0#1 : tensor<1x1x5x5xf32>, tensor<1x1x5x5xi64>
}

// -----

// ...and a kernel that fits the padded input.
func.func @max_pool2d_with_indices_does_not_fit(%x: tensor<1x1x4x4xf32>) -> (tensor<1x1x1x1xf32>, tensor<1x1x1x1xi64>) {
  // expected-error @+2 {{'dlc.max_pool2d_with_indices' op kernel 3x3 (dilation 2x2) does not fit the padded input 4x4}}
  // expected-error @+1 {{'dlc.max_pool2d_with_indices' op failed to infer returned types}}
  %0:2 = dlc.max_pool2d_with_indices %x {kernel_shape = array<i64: 3, 3>, dilations = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> (tensor<1x1x1x1xf32>, tensor<1x1x1x1xi64>)
  return %0#0, %0#1 : tensor<1x1x1x1xf32>, tensor<1x1x1x1xi64>
}

// -----

// storage_order selects row-major (0) or column-major (1) indices.
func.func @max_pool2d_with_indices_storage_order(%x: tensor<1x1x4x4xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x1x3x3xi64>) {
  // expected-error @+2 {{'dlc.max_pool2d_with_indices' op storage_order must be 0 (row-major) or 1 (column-major), got 2}}
  // expected-error @+1 {{'dlc.max_pool2d_with_indices' op failed to infer returned types}}
  %0:2 = dlc.max_pool2d_with_indices %x {kernel_shape = array<i64: 2, 2>, storage_order = 2 : i64} : (tensor<1x1x4x4xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x1x3x3xi64>)
  return %0#0, %0#1 : tensor<1x1x3x3xf32>, tensor<1x1x3x3xi64>
}

// -----

// max_pool2d_backward: the adjoint of an NCHW output...
func.func @max_pool2d_backward_grad_rank(%g: tensor<2x2x2xf32>, %i: tensor<2x2x2xi64>) -> tensor<1x2x5x5xf32> {
  // expected-error @+2 {{'dlc.max_pool2d_backward' op grad must have rank 4 (NCHW), got rank 3 (2x2x2)}}
  // expected-error @+1 {{'dlc.max_pool2d_backward' op failed to infer returned types}}
  %0 = dlc.max_pool2d_backward %g, %i {input_size = array<i64: 5, 5>, kernel_shape = array<i64: 3, 3>} : (tensor<2x2x2xf32>, tensor<2x2x2xi64>) -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// -----

// ...of a non-empty input...
func.func @max_pool2d_backward_input_size(%g: tensor<1x2x2x2xf32>, %i: tensor<1x2x2x2xi64>) -> tensor<1x2x0x5xf32> {
  // expected-error @+2 {{'dlc.max_pool2d_backward' op input_size must be positive, got [0, 5]}}
  // expected-error @+1 {{'dlc.max_pool2d_backward' op failed to infer returned types}}
  %0 = dlc.max_pool2d_backward %g, %i {input_size = array<i64: 0, 5>, kernel_shape = array<i64: 3, 3>} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>) -> tensor<1x2x0x5xf32>
  return %0 : tensor<1x2x0x5xf32>
}

// -----

// ...with max_pool2d_with_indices' storage orders...
func.func @max_pool2d_backward_storage_order(%g: tensor<1x2x2x2xf32>, %i: tensor<1x2x2x2xi64>) -> tensor<1x2x5x5xf32> {
  // expected-error @+2 {{'dlc.max_pool2d_backward' op storage_order must be 0 (row-major) or 1 (column-major), got 3}}
  // expected-error @+1 {{'dlc.max_pool2d_backward' op failed to infer returned types}}
  %0 = dlc.max_pool2d_backward %g, %i {input_size = array<i64: 5, 5>, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, storage_order = 3 : i64} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>) -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// -----

// ...and its window's checks...
func.func @max_pool2d_backward_window(%g: tensor<1x2x2x2xf32>, %i: tensor<1x2x2x2xi64>) -> tensor<1x2x5x5xf32> {
  // expected-error @+2 {{'dlc.max_pool2d_backward' op padding [3, 0, 0, 0] must be smaller than kernel_shape [3, 3]}}
  // expected-error @+1 {{'dlc.max_pool2d_backward' op failed to infer returned types}}
  %0 = dlc.max_pool2d_backward %g, %i {input_size = array<i64: 5, 5>, kernel_shape = array<i64: 3, 3>, padding = array<i64: 3, 0, 0, 0>} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>) -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// -----

// ...has the pooled shape of input_size...
func.func @max_pool2d_backward_grad_shape(%g: tensor<1x2x3x3xf32>, %i: tensor<1x2x3x3xi64>) -> tensor<1x2x5x5xf32> {
  // expected-error @+2 {{'dlc.max_pool2d_backward' op grad must have shape 1x2x2x2 (the pooled shape of input_size 5x5), got 1x2x3x3}}
  // expected-error @+1 {{'dlc.max_pool2d_backward' op failed to infer returned types}}
  %0 = dlc.max_pool2d_backward %g, %i {input_size = array<i64: 5, 5>, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xi64>) -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// -----

// ...and one index per gradient.
func.func @max_pool2d_backward_indices_shape(%g: tensor<1x2x2x2xf32>, %i: tensor<1x2x2x1xi64>) -> tensor<1x2x5x5xf32> {
  // expected-error @+2 {{'dlc.max_pool2d_backward' op indices must have grad's shape 1x2x2x2, got 1x2x2x1}}
  // expected-error @+1 {{'dlc.max_pool2d_backward' op failed to infer returned types}}
  %0 = dlc.max_pool2d_backward %g, %i {input_size = array<i64: 5, 5>, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x2x2x2xf32>, tensor<1x2x2x1xi64>) -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// -----

// adaptive_max_pool2d_backward: an NCHW input...
func.func @adaptive_max_pool2d_backward_input_rank(%x: tensor<2x3x10xf32>, %g: tensor<2x3x3x4xf32>) -> tensor<2x3x10xf32> {
  // expected-error @+2 {{'dlc.adaptive_max_pool2d_backward' op input must have rank 4 (NCHW), got rank 3 (2x3x10)}}
  // expected-error @+1 {{'dlc.adaptive_max_pool2d_backward' op failed to infer returned types}}
  %0 = dlc.adaptive_max_pool2d_backward %x, %g : (tensor<2x3x10xf32>, tensor<2x3x3x4xf32>) -> tensor<2x3x10xf32>
  return %0 : tensor<2x3x10xf32>
}

// -----

// ...an NCHW adjoint...
func.func @adaptive_max_pool2d_backward_grad_rank(%x: tensor<2x3x10x9xf32>, %g: tensor<2x3x3xf32>) -> tensor<2x3x10x9xf32> {
  // expected-error @+2 {{'dlc.adaptive_max_pool2d_backward' op grad must have rank 4 (NCHW), got rank 3 (2x3x3)}}
  // expected-error @+1 {{'dlc.adaptive_max_pool2d_backward' op failed to infer returned types}}
  %0 = dlc.adaptive_max_pool2d_backward %x, %g : (tensor<2x3x10x9xf32>, tensor<2x3x3xf32>) -> tensor<2x3x10x9xf32>
  return %0 : tensor<2x3x10x9xf32>
}

// -----

// ...with the input's batch and channels.
func.func @adaptive_max_pool2d_backward_grad_shape(%x: tensor<2x3x10x9xf32>, %g: tensor<2x4x3x4xf32>) -> tensor<2x3x10x9xf32> {
  // expected-error @+2 {{'dlc.adaptive_max_pool2d_backward' op grad must have shape 2x3x3x4 (the input's batch and channels), got 2x4x3x4}}
  // expected-error @+1 {{'dlc.adaptive_max_pool2d_backward' op failed to infer returned types}}
  %0 = dlc.adaptive_max_pool2d_backward %x, %g : (tensor<2x3x10x9xf32>, tensor<2x4x3x4xf32>) -> tensor<2x3x10x9xf32>
  return %0 : tensor<2x3x10x9xf32>
}

// -----

// roi_pool_backward: an NCHW input...
func.func @roi_pool_backward_input_rank(%x: tensor<8x14x14xf32>, %rois: tensor<3x5xf32>, %g: tensor<3x8x7x7xf32>) -> tensor<8x14x14xf32> {
  // expected-error @+2 {{'dlc.roi_pool_backward' op input must have rank 4 (NCHW), got rank 3 (8x14x14)}}
  // expected-error @+1 {{'dlc.roi_pool_backward' op failed to infer returned types}}
  %0 = dlc.roi_pool_backward %x, %rois, %g : (tensor<8x14x14xf32>, tensor<3x5xf32>, tensor<3x8x7x7xf32>) -> tensor<8x14x14xf32>
  return %0 : tensor<8x14x14xf32>
}

// -----

// ...a matrix of ROIs...
func.func @roi_pool_backward_rois_rank(%x: tensor<2x8x14x14xf32>, %rois: tensor<15xf32>, %g: tensor<3x8x7x7xf32>) -> tensor<2x8x14x14xf32> {
  // expected-error @+2 {{'dlc.roi_pool_backward' op rois must have rank 2 (K x 5), got rank 1 (15)}}
  // expected-error @+1 {{'dlc.roi_pool_backward' op failed to infer returned types}}
  %0 = dlc.roi_pool_backward %x, %rois, %g : (tensor<2x8x14x14xf32>, tensor<15xf32>, tensor<3x8x7x7xf32>) -> tensor<2x8x14x14xf32>
  return %0 : tensor<2x8x14x14xf32>
}

// -----

// ...a 4-D adjoint...
func.func @roi_pool_backward_grad_rank(%x: tensor<2x8x14x14xf32>, %rois: tensor<3x5xf32>, %g: tensor<3x8x49xf32>) -> tensor<2x8x14x14xf32> {
  // expected-error @+2 {{'dlc.roi_pool_backward' op grad must have rank 4 (K, C, PH, PW), got rank 3 (3x8x49)}}
  // expected-error @+1 {{'dlc.roi_pool_backward' op failed to infer returned types}}
  %0 = dlc.roi_pool_backward %x, %rois, %g : (tensor<2x8x14x14xf32>, tensor<3x5xf32>, tensor<3x8x49xf32>) -> tensor<2x8x14x14xf32>
  return %0 : tensor<2x8x14x14xf32>
}

// -----

// ...five numbers per ROI...
func.func @roi_pool_backward_rois_columns(%x: tensor<2x8x14x14xf32>, %rois: tensor<3x4xf32>, %g: tensor<3x8x7x7xf32>) -> tensor<2x8x14x14xf32> {
  // expected-error @+2 {{'dlc.roi_pool_backward' op rois must have 5 columns (batch_index, x1, y1, x2, y2), got 4}}
  // expected-error @+1 {{'dlc.roi_pool_backward' op failed to infer returned types}}
  %0 = dlc.roi_pool_backward %x, %rois, %g : (tensor<2x8x14x14xf32>, tensor<3x4xf32>, tensor<3x8x7x7xf32>) -> tensor<2x8x14x14xf32>
  return %0 : tensor<2x8x14x14xf32>
}

// -----

// ...one bin grid per ROI and channel...
func.func @roi_pool_backward_grad_shape(%x: tensor<2x8x14x14xf32>, %rois: tensor<3x5xf32>, %g: tensor<2x8x7x7xf32>) -> tensor<2x8x14x14xf32> {
  // expected-error @+2 {{'dlc.roi_pool_backward' op grad must have shape 3x8x7x7 (one bin grid per ROI and input channel), got 2x8x7x7}}
  // expected-error @+1 {{'dlc.roi_pool_backward' op failed to infer returned types}}
  %0 = dlc.roi_pool_backward %x, %rois, %g : (tensor<2x8x14x14xf32>, tensor<3x5xf32>, tensor<2x8x7x7xf32>) -> tensor<2x8x14x14xf32>
  return %0 : tensor<2x8x14x14xf32>
}

// -----

// ...and roi_pool's scale.
func.func @roi_pool_backward_scale(%x: tensor<2x8x14x14xf32>, %rois: tensor<3x5xf32>, %g: tensor<3x8x7x7xf32>) -> tensor<2x8x14x14xf32> {
  // expected-error @+2 {{'dlc.roi_pool_backward' op spatial_scale must be positive and finite, got -1}}
  // expected-error @+1 {{'dlc.roi_pool_backward' op failed to infer returned types}}
  %0 = dlc.roi_pool_backward %x, %rois, %g {spatial_scale = -1.0 : f32} : (tensor<2x8x14x14xf32>, tensor<3x5xf32>, tensor<3x8x7x7xf32>) -> tensor<2x8x14x14xf32>
  return %0 : tensor<2x8x14x14xf32>
}
