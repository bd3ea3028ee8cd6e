// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// Round trip of the convolution family added after conv2d (conv2d itself is
// in ops.mlir): conv_transpose2d, im2col, col2im, with each attribute at a
// non-default value and each optional operand present and absent.

// conv_transpose2d with every attribute at its default and no bias.
// CHECK-LABEL: func.func @conv_transpose2d_defaults
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x5x5xf32>, %[[W:.*]]: tensor<3x4x3x3xf32>)
// CHECK: dlc.conv_transpose2d %[[X]], %[[W]] : (tensor<1x3x5x5xf32>, tensor<3x4x3x3xf32>) -> tensor<1x4x7x7xf32>
func.func @conv_transpose2d_defaults(%x: tensor<1x3x5x5xf32>, %w: tensor<3x4x3x3xf32>) -> tensor<1x4x7x7xf32> {
  %0 = dlc.conv_transpose2d %x, %w : (tensor<1x3x5x5xf32>, tensor<3x4x3x3xf32>) -> tensor<1x4x7x7xf32>
  return %0 : tensor<1x4x7x7xf32>
}

// conv_transpose2d with bias, strides, padding, output_padding, dilations
// and groups: OH = 4*2 - 1 - 0 + 2*2 + 1 + 1 = 13, OW = 5*3 - 2 - 1 + 1*1 + 2 + 1 = 16.
// CHECK-LABEL: func.func @conv_transpose2d_all_attributes
// CHECK-SAME: (%[[X:.*]]: tensor<2x4x5x6xf32>, %[[W:.*]]: tensor<4x3x3x2xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK: dlc.conv_transpose2d %[[X]], %[[W]], %[[B]]
// CHECK-SAME: dilations = array<i64: 2, 1>
// CHECK-SAME: groups = 2 : i64
// CHECK-SAME: output_padding = array<i64: 1, 2>
// CHECK-SAME: padding = array<i64: 1, 2, 0, 1>
// CHECK-SAME: strides = array<i64: 2, 3>
// CHECK-SAME: : (tensor<2x4x5x6xf32>, tensor<4x3x3x2xf32>, tensor<6xf32>) -> tensor<2x6x13x16xf32>
func.func @conv_transpose2d_all_attributes(%x: tensor<2x4x5x6xf32>, %w: tensor<4x3x3x2xf32>, %b: tensor<6xf32>) -> tensor<2x6x13x16xf32> {
  %0 = dlc.conv_transpose2d %x, %w, %b {strides = array<i64: 2, 3>, padding = array<i64: 1, 2, 0, 1>, output_padding = array<i64: 1, 2>, dilations = array<i64: 2, 1>, groups = 2 : i64} : (tensor<2x4x5x6xf32>, tensor<4x3x3x2xf32>, tensor<6xf32>) -> tensor<2x6x13x16xf32>
  return %0 : tensor<2x6x13x16xf32>
}

// Attributes spelled out with their default values are elided when printed.
// CHECK-LABEL: func.func @conv_transpose2d_explicit_defaults
// CHECK: dlc.conv_transpose2d %{{.*}}, %{{.*}} : (tensor<1x3x5x5xf32>, tensor<3x4x3x3xf32>) -> tensor<1x4x7x7xf32>
func.func @conv_transpose2d_explicit_defaults(%x: tensor<1x3x5x5xf32>, %w: tensor<3x4x3x3xf32>) -> tensor<1x4x7x7xf32> {
  %0 = dlc.conv_transpose2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, output_padding = array<i64: 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x3x5x5xf32>, tensor<3x4x3x3xf32>) -> tensor<1x4x7x7xf32>
  return %0 : tensor<1x4x7x7xf32>
}

// im2col with only the kernel: [1, 2, 5, 7] -> [1, 2*3*3, 3*5].
// CHECK-LABEL: func.func @im2col_kernel_only
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x5x7xf32>)
// CHECK: dlc.im2col %[[X]] {kernel_shape = array<i64: 3, 3>} : (tensor<1x2x5x7xf32>) -> tensor<1x18x15xf32>
func.func @im2col_kernel_only(%x: tensor<1x2x5x7xf32>) -> tensor<1x18x15xf32> {
  %0 = dlc.im2col %x {kernel_shape = array<i64: 3, 3>} : (tensor<1x2x5x7xf32>) -> tensor<1x18x15xf32>
  return %0 : tensor<1x18x15xf32>
}

// im2col with strides, padding and dilations: OH = (13+3-5)/2+1 = 6, OW = (11+2-2)/3+1 = 4.
// CHECK-LABEL: func.func @im2col_all_attributes
// CHECK: dlc.im2col %{{.*}} {dilations = array<i64: 2, 1>, kernel_shape = array<i64: 3, 2>, padding = array<i64: 1, 2, 2, 0>, strides = array<i64: 2, 3>} : (tensor<2x3x13x11xf32>) -> tensor<2x18x24xf32>
func.func @im2col_all_attributes(%x: tensor<2x3x13x11xf32>) -> tensor<2x18x24xf32> {
  %0 = dlc.im2col %x {kernel_shape = array<i64: 3, 2>, strides = array<i64: 2, 3>, padding = array<i64: 1, 2, 2, 0>, dilations = array<i64: 2, 1>} : (tensor<2x3x13x11xf32>) -> tensor<2x18x24xf32>
  return %0 : tensor<2x18x24xf32>
}

// col2im with output_size and kernel only: the inverse shape of @im2col_kernel_only.
// CHECK-LABEL: func.func @col2im_kernel_only
// CHECK-SAME: (%[[X:.*]]: tensor<1x18x15xf32>)
// CHECK: dlc.col2im %[[X]] {kernel_shape = array<i64: 3, 3>, output_size = array<i64: 5, 7>} : (tensor<1x18x15xf32>) -> tensor<1x2x5x7xf32>
func.func @col2im_kernel_only(%x: tensor<1x18x15xf32>) -> tensor<1x2x5x7xf32> {
  %0 = dlc.col2im %x {output_size = array<i64: 5, 7>, kernel_shape = array<i64: 3, 3>} : (tensor<1x18x15xf32>) -> tensor<1x2x5x7xf32>
  return %0 : tensor<1x2x5x7xf32>
}

// col2im with strides, padding and dilations.
// CHECK-LABEL: func.func @col2im_all_attributes
// CHECK: dlc.col2im %{{.*}} {dilations = array<i64: 2, 1>, kernel_shape = array<i64: 3, 2>, output_size = array<i64: 13, 11>, padding = array<i64: 1, 2, 2, 0>, strides = array<i64: 2, 3>} : (tensor<2x18x24xf32>) -> tensor<2x3x13x11xf32>
func.func @col2im_all_attributes(%x: tensor<2x18x24xf32>) -> tensor<2x3x13x11xf32> {
  %0 = dlc.col2im %x {output_size = array<i64: 13, 11>, kernel_shape = array<i64: 3, 2>, strides = array<i64: 2, 3>, padding = array<i64: 1, 2, 2, 0>, dilations = array<i64: 2, 1>} : (tensor<2x18x24xf32>) -> tensor<2x3x13x11xf32>
  return %0 : tensor<2x3x13x11xf32>
}
