// RUN: dlc-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of conv_transpose2d, im2col and col2im
// (ConvolutionOps.cpp), each matching the full message. Shape inference
// failures are followed by "failed to infer returned types".

// The input must be NCHW.
func.func @ct_input_rank(%x: tensor<4x5x5xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' op input must have rank 4 (NCHW), got rank 3 (4x5x5)}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w : (tensor<4x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// -----

// The filter must be CFHW.
func.func @ct_filter_rank(%x: tensor<1x4x5x5xf32>, %w: tensor<4x3x3xf32>) -> tensor<1x3x7x7xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' op filter must have rank 4 (CFHW), got rank 3 (4x3x3)}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w : (tensor<1x4x5x5xf32>, tensor<4x3x3xf32>) -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// -----

// Strides must be positive.
func.func @ct_zero_stride(%x: tensor<1x4x5x5xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' op strides must be positive, got [0, 1]}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w {strides = array<i64: 0, 1>} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// -----

// Dilations must be positive.
func.func @ct_zero_dilation(%x: tensor<1x4x5x5xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' op dilations must be positive, got [1, 0]}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w {dilations = array<i64: 1, 0>} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// -----

// Padding must be non-negative.
func.func @ct_negative_padding(%x: tensor<1x4x5x5xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' op padding must be non-negative, got [0, 0, -1, 0]}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w {padding = array<i64: 0, 0, -1, 0>} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// -----

// output_padding must be non-negative.
func.func @ct_negative_output_padding(%x: tensor<1x4x5x5xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' op output_padding must be non-negative, got [-1, 0]}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w {output_padding = array<i64: -1, 0>} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// -----

// groups must be positive.
func.func @ct_zero_groups(%x: tensor<1x4x5x5xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' op groups must be positive, got 0}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w {groups = 0 : i64} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// -----

// Input channels split evenly into groups.
func.func @ct_groups_channels(%x: tensor<1x4x5x5xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' op input channels (4) are not divisible by groups (3)}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w {groups = 3 : i64} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// -----

// The filter's first dim is the input channels.
func.func @ct_filter_channels(%x: tensor<1x4x5x5xf32>, %w: tensor<2x3x3x3xf32>) -> tensor<1x3x7x7xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' op filter dim 0 must equal the input channels (4), got 2}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w : (tensor<1x4x5x5xf32>, tensor<2x3x3x3xf32>) -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// -----

// The bias has one entry per output channel (F/groups x groups).
func.func @ct_bias_shape(%x: tensor<1x4x5x5xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x6x7x7xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' op bias must have shape 6 (one per output channel), got 3}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w, %b {groups = 2 : i64} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<1x6x7x7xf32>
  return %0 : tensor<1x6x7x7xf32>
}

// -----

// output_padding must be smaller than the stride or the dilation.
func.func @ct_output_padding_too_large(%x: tensor<1x4x5x5xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' op output_padding [1, 2] must be smaller than the stride [2, 2] or the dilation [1, 1] in each dim}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w {strides = array<i64: 2, 2>, output_padding = array<i64: 1, 2>} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// -----

// Padding may not crop the whole output.
func.func @ct_empty_output(%x: tensor<1x4x1x5xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32> {
  // expected-error @+2 {{'dlc.conv_transpose2d' op padding [2, 0, 1, 0] leaves an empty output (0 along dim 2)}}
  // expected-error @+1 {{'dlc.conv_transpose2d' op failed to infer returned types}}
  %0 = dlc.conv_transpose2d %x, %w {padding = array<i64: 2, 0, 1, 0>} : (tensor<1x4x1x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// -----

// strides is a pair (ODS constraint).
func.func @ct_pair_attribute(%x: tensor<1x4x5x5xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32> {
  // expected-error @+1 {{'dlc.conv_transpose2d' op attribute 'strides' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements}}
  %0 = dlc.conv_transpose2d %x, %w {strides = array<i64: 1, 1, 1>} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// -----

// im2col's input must be NCHW.
func.func @im2col_input_rank(%x: tensor<2x5x7xf32>) -> tensor<1x18x15xf32> {
  // expected-error @+2 {{'dlc.im2col' op input must have rank 4 (NCHW), got rank 3 (2x5x7)}}
  // expected-error @+1 {{'dlc.im2col' op failed to infer returned types}}
  %0 = dlc.im2col %x {kernel_shape = array<i64: 3, 3>} : (tensor<2x5x7xf32>) -> tensor<1x18x15xf32>
  return %0 : tensor<1x18x15xf32>
}

// -----

// kernel_shape must be positive.
func.func @im2col_zero_kernel(%x: tensor<1x2x5x7xf32>) -> tensor<1x18x15xf32> {
  // expected-error @+2 {{'dlc.im2col' op kernel_shape must be positive, got [0, 3]}}
  // expected-error @+1 {{'dlc.im2col' op failed to infer returned types}}
  %0 = dlc.im2col %x {kernel_shape = array<i64: 0, 3>} : (tensor<1x2x5x7xf32>) -> tensor<1x18x15xf32>
  return %0 : tensor<1x18x15xf32>
}

// -----

// strides must be positive.
func.func @im2col_zero_stride(%x: tensor<1x2x5x7xf32>) -> tensor<1x18x15xf32> {
  // expected-error @+2 {{'dlc.im2col' op strides must be positive, got [1, 0]}}
  // expected-error @+1 {{'dlc.im2col' op failed to infer returned types}}
  %0 = dlc.im2col %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 0>} : (tensor<1x2x5x7xf32>) -> tensor<1x18x15xf32>
  return %0 : tensor<1x18x15xf32>
}

// -----

// dilations must be positive.
func.func @im2col_zero_dilation(%x: tensor<1x2x5x7xf32>) -> tensor<1x18x15xf32> {
  // expected-error @+2 {{'dlc.im2col' op dilations must be positive, got [0, 1]}}
  // expected-error @+1 {{'dlc.im2col' op failed to infer returned types}}
  %0 = dlc.im2col %x {kernel_shape = array<i64: 3, 3>, dilations = array<i64: 0, 1>} : (tensor<1x2x5x7xf32>) -> tensor<1x18x15xf32>
  return %0 : tensor<1x18x15xf32>
}

// -----

// padding must be non-negative.
func.func @im2col_negative_padding(%x: tensor<1x2x5x7xf32>) -> tensor<1x18x15xf32> {
  // expected-error @+2 {{'dlc.im2col' op padding must be non-negative, got [-1, 0, 0, 0]}}
  // expected-error @+1 {{'dlc.im2col' op failed to infer returned types}}
  %0 = dlc.im2col %x {kernel_shape = array<i64: 3, 3>, padding = array<i64: -1, 0, 0, 0>} : (tensor<1x2x5x7xf32>) -> tensor<1x18x15xf32>
  return %0 : tensor<1x18x15xf32>
}

// -----

// The dilated kernel must fit the padded input.
func.func @im2col_kernel_too_large(%x: tensor<1x2x5x7xf32>) -> tensor<1x18x15xf32> {
  // expected-error @+2 {{'dlc.im2col' op kernel 3x3 (dilation 3x1) does not fit the padded image 5x7}}
  // expected-error @+1 {{'dlc.im2col' op failed to infer returned types}}
  %0 = dlc.im2col %x {kernel_shape = array<i64: 3, 3>, dilations = array<i64: 3, 1>} : (tensor<1x2x5x7xf32>) -> tensor<1x18x15xf32>
  return %0 : tensor<1x18x15xf32>
}

// -----

// col2im's input is [N, C*KH*KW, L].
func.func @col2im_input_rank(%x: tensor<18x15xf32>) -> tensor<1x2x5x7xf32> {
  // expected-error @+2 {{'dlc.col2im' op input must have rank 3 (N, C*KH*KW, L), got rank 2 (18x15)}}
  // expected-error @+1 {{'dlc.col2im' op failed to infer returned types}}
  %0 = dlc.col2im %x {output_size = array<i64: 5, 7>, kernel_shape = array<i64: 3, 3>} : (tensor<18x15xf32>) -> tensor<1x2x5x7xf32>
  return %0 : tensor<1x2x5x7xf32>
}

// -----

// output_size must be positive.
func.func @col2im_zero_output_size(%x: tensor<1x18x15xf32>) -> tensor<1x2x5x7xf32> {
  // expected-error @+2 {{'dlc.col2im' op output_size must be positive, got [0, 7]}}
  // expected-error @+1 {{'dlc.col2im' op failed to infer returned types}}
  %0 = dlc.col2im %x {output_size = array<i64: 0, 7>, kernel_shape = array<i64: 3, 3>} : (tensor<1x18x15xf32>) -> tensor<1x2x5x7xf32>
  return %0 : tensor<1x2x5x7xf32>
}

// -----

// The kernel must fit the padded output.
func.func @col2im_kernel_too_large(%x: tensor<1x18x15xf32>) -> tensor<1x2x5x7xf32> {
  // expected-error @+2 {{'dlc.col2im' op kernel 6x3 (dilation 1x1) does not fit the padded image 5x7}}
  // expected-error @+1 {{'dlc.col2im' op failed to infer returned types}}
  %0 = dlc.col2im %x {output_size = array<i64: 5, 7>, kernel_shape = array<i64: 6, 3>} : (tensor<1x18x15xf32>) -> tensor<1x2x5x7xf32>
  return %0 : tensor<1x2x5x7xf32>
}

// -----

// Dim 1 holds whole kernels.
func.func @col2im_channels(%x: tensor<1x16x15xf32>) -> tensor<1x2x5x7xf32> {
  // expected-error @+2 {{'dlc.col2im' op input dim 1 (16) must be a multiple of the kernel size 3x3 (9)}}
  // expected-error @+1 {{'dlc.col2im' op failed to infer returned types}}
  %0 = dlc.col2im %x {output_size = array<i64: 5, 7>, kernel_shape = array<i64: 3, 3>} : (tensor<1x16x15xf32>) -> tensor<1x2x5x7xf32>
  return %0 : tensor<1x2x5x7xf32>
}

// -----

// Dim 2 holds one column per window.
func.func @col2im_window_count(%x: tensor<1x18x14xf32>) -> tensor<1x2x5x7xf32> {
  // expected-error @+2 {{'dlc.col2im' op input dim 2 (14) must equal the number of windows 15 (3x5) over output_size 5x7}}
  // expected-error @+1 {{'dlc.col2im' op failed to infer returned types}}
  %0 = dlc.col2im %x {output_size = array<i64: 5, 7>, kernel_shape = array<i64: 3, 3>} : (tensor<1x18x14xf32>) -> tensor<1x2x5x7xf32>
  return %0 : tensor<1x2x5x7xf32>
}
