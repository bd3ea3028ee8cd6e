// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// Round trip of every dlc op, with each attribute set to a non-default value
// and each optional operand present and absent. Attributes left at their
// default are not printed.

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

// A dense constant keeps its value and type.
// CHECK-LABEL: func.func @constant_dense
// CHECK: %[[C:.*]] = dlc.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: return %[[C]]
func.func @constant_dense() -> tensor<2xf32> {
  %0 = dlc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// A weight stored as a resource keeps the blob's name.
// CHECK-LABEL: func.func @constant_resource
// CHECK: %[[C:.*]] = dlc.constant dense_resource<conv1_weight> : tensor<2xf32>
// CHECK: return %[[C]]
func.func @constant_resource() -> tensor<2xf32> {
  %0 = dlc.constant dense_resource<conv1_weight> : tensor<2xf32>
  return %0 : tensor<2xf32>
}

//===----------------------------------------------------------------------===//
// Convolution and normalization
//===----------------------------------------------------------------------===//

// conv2d without bias and with all attributes at their defaults.
// CHECK-LABEL: func.func @conv2d_defaults
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>)
// CHECK: dlc.conv2d %[[X]], %[[W]] : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
func.func @conv2d_defaults(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %0 = dlc.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// conv2d with bias, strides, asymmetric padding and dilations.
// CHECK-LABEL: func.func @conv2d_bias_strides_padding_dilations
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x9x9xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: dlc.conv2d %[[X]], %[[W]], %[[B]]
// CHECK-SAME: dilations = array<i64: 2, 2>
// CHECK-SAME: padding = array<i64: 1, 2, 0, 1>
// CHECK-SAME: strides = array<i64: 2, 1>
// CHECK-SAME: : (tensor<1x3x9x9xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x3x8xf32>
func.func @conv2d_bias_strides_padding_dilations(%x: tensor<1x3x9x9xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x3x8xf32> {
  %0 = dlc.conv2d %x, %w, %b {strides = array<i64: 2, 1>, padding = array<i64: 1, 2, 0, 1>, dilations = array<i64: 2, 2>} : (tensor<1x3x9x9xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x3x8xf32>
  return %0 : tensor<1x4x3x8xf32>
}

// Grouped conv2d: the filter has C / groups input channels.
// CHECK-LABEL: func.func @conv2d_groups
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>, %[[W:.*]]: tensor<8x2x3x3xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK: dlc.conv2d %[[X]], %[[W]], %[[B]] {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>}
// CHECK-SAME: -> tensor<1x8x8x8xf32>
func.func @conv2d_groups(%x: tensor<1x4x8x8xf32>, %w: tensor<8x2x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x8x8xf32> {
  %0 = dlc.conv2d %x, %w, %b {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}

// Depthwise conv2d: groups equals the channel count.
// CHECK-LABEL: func.func @conv2d_depthwise
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>, %[[W:.*]]: tensor<4x1x3x3xf32>)
// CHECK: dlc.conv2d %[[X]], %[[W]] {groups = 4 : i64} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32>
func.func @conv2d_depthwise(%x: tensor<1x4x8x8xf32>, %w: tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %0 = dlc.conv2d %x, %w {groups = 4 : i64} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// Attributes spelled out with their default values are elided when printed.
// CHECK-LABEL: func.func @conv2d_explicit_defaults
// CHECK: dlc.conv2d %{{.*}}, %{{.*}} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
func.func @conv2d_explicit_defaults(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// batch_norm with the default epsilon.
// CHECK-LABEL: func.func @batch_norm
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4x4xf32>, %[[S:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xf32>, %[[M:.*]]: tensor<3xf32>, %[[V:.*]]: tensor<3xf32>)
// CHECK: dlc.batch_norm %[[X]], %[[S]], %[[B]], %[[M]], %[[V]] : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
func.func @batch_norm(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  %0 = dlc.batch_norm %x, %s, %b, %m, %v : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}

// batch_norm with an explicit epsilon on a rank-2 input.
// CHECK-LABEL: func.func @batch_norm_epsilon
// CHECK: dlc.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f32} : (tensor<5x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<5x3xf32>
func.func @batch_norm_epsilon(%x: tensor<5x3xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<5x3xf32> {
  %0 = dlc.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f32} : (tensor<5x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<5x3xf32>
  return %0 : tensor<5x3xf32>
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

// The unary activations print a single type.
// CHECK-LABEL: func.func @activations
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK: %[[R:.*]] = dlc.relu %[[X]] : tensor<2x3xf32>
// CHECK: %[[S:.*]] = dlc.sigmoid %[[R]] : tensor<2x3xf32>
// CHECK: %[[T:.*]] = dlc.tanh %[[S]] : tensor<2x3xf32>
// CHECK: return %[[T]]
func.func @activations(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.relu %x : tensor<2x3xf32>
  %1 = dlc.sigmoid %0 : tensor<2x3xf32>
  %2 = dlc.tanh %1 : tensor<2x3xf32>
  return %2 : tensor<2x3xf32>
}

// leaky_relu with the default slope and with an explicit one.
// CHECK-LABEL: func.func @leaky_relu
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK: %[[A:.*]] = dlc.leaky_relu %[[X]] : tensor<2x3xf32>
// CHECK: dlc.leaky_relu %[[A]] {alpha = 2.000000e-01 : f32} : tensor<2x3xf32>
func.func @leaky_relu(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.leaky_relu %x : tensor<2x3xf32>
  %1 = dlc.leaky_relu %0 {alpha = 0.2 : f32} : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// clip (relu6) has required min and max.
// CHECK-LABEL: func.func @clip
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK: dlc.clip %[[X]] {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<2x3xf32>
func.func @clip(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.clip %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

//===----------------------------------------------------------------------===//
// Broadcasting arithmetic
//===----------------------------------------------------------------------===//

// add, sub and mul on equal shapes and with NumPy broadcasting.
// CHECK-LABEL: func.func @arithmetic
// CHECK-SAME: (%[[A:.*]]: tensor<2x3x4xf32>, %[[B:.*]]: tensor<3x1xf32>, %[[C:.*]]: tensor<4xf32>)
// CHECK: %[[ADD:.*]] = dlc.add %[[A]], %[[B]] : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
// CHECK: %[[SUB:.*]] = dlc.sub %[[ADD]], %[[C]] : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
// CHECK: %[[MUL:.*]] = dlc.mul %[[SUB]], %[[A]] : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// CHECK: return %[[MUL]]
func.func @arithmetic(%a: tensor<2x3x4xf32>, %b: tensor<3x1xf32>, %c: tensor<4xf32>) -> tensor<2x3x4xf32> {
  %0 = dlc.add %a, %b : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  %1 = dlc.sub %0, %c : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %2 = dlc.mul %1, %a : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %2 : tensor<2x3x4xf32>
}

// Broadcasting grows both operands: [3, 1] x [1, 4] -> [3, 4].
// CHECK-LABEL: func.func @add_outer_broadcast
// CHECK: dlc.add %{{.*}}, %{{.*}} : (tensor<3x1xf32>, tensor<1x4xf32>) -> tensor<3x4xf32>
func.func @add_outer_broadcast(%a: tensor<3x1xf32>, %b: tensor<1x4xf32>) -> tensor<3x4xf32> {
  %0 = dlc.add %a, %b : (tensor<3x1xf32>, tensor<1x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

//===----------------------------------------------------------------------===//
// Dense layers
//===----------------------------------------------------------------------===//

// A 2-D matmul.
// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3x4xf32>)
// CHECK: dlc.matmul %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
func.func @matmul(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = dlc.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// A batched matmul whose batch dimensions broadcast.
// CHECK-LABEL: func.func @matmul_batched
// CHECK: dlc.matmul %{{.*}}, %{{.*}} : (tensor<5x1x2x3xf32>, tensor<4x3x6xf32>) -> tensor<5x4x2x6xf32>
func.func @matmul_batched(%a: tensor<5x1x2x3xf32>, %b: tensor<4x3x6xf32>) -> tensor<5x4x2x6xf32> {
  %0 = dlc.matmul %a, %b : (tensor<5x1x2x3xf32>, tensor<4x3x6xf32>) -> tensor<5x4x2x6xf32>
  return %0 : tensor<5x4x2x6xf32>
}

// gemm without c and with all attributes at their defaults.
// CHECK-LABEL: func.func @gemm_defaults
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3x4xf32>)
// CHECK: dlc.gemm %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
func.func @gemm_defaults(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = dlc.gemm %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// A linear layer: gemm with a broadcast c and trans_b.
// CHECK-LABEL: func.func @gemm_linear
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[W:.*]]: tensor<4x3xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: dlc.gemm %[[X]], %[[W]], %[[B]] {trans_b = true} : (tensor<2x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
func.func @gemm_linear(%x: tensor<2x3xf32>, %w: tensor<4x3xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = dlc.gemm %x, %w, %b {trans_b = true} : (tensor<2x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// gemm with every attribute set: both transposes, alpha and beta.
// CHECK-LABEL: func.func @gemm_all_attributes
// CHECK-SAME: (%[[A:.*]]: tensor<3x2xf32>, %[[B:.*]]: tensor<4x3xf32>, %[[C:.*]]: tensor<2x4xf32>)
// CHECK: dlc.gemm %[[A]], %[[B]], %[[C]]
// CHECK-SAME: alpha = 5.000000e-01 : f32
// CHECK-SAME: beta = 2.000000e+00 : f32
// CHECK-SAME: trans_a = true
// CHECK-SAME: trans_b = true
// CHECK-SAME: : (tensor<3x2xf32>, tensor<4x3xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
func.func @gemm_all_attributes(%a: tensor<3x2xf32>, %b: tensor<4x3xf32>, %c: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %0 = dlc.gemm %a, %b, %c {trans_a = true, trans_b = true, alpha = 0.5 : f32, beta = 2.0 : f32} : (tensor<3x2xf32>, tensor<4x3xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

// max_pool2d with only the required kernel_shape.
// CHECK-LABEL: func.func @max_pool2d_kernel_only
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x6x6xf32>)
// CHECK: dlc.max_pool2d %[[X]] {kernel_shape = array<i64: 2, 2>} : (tensor<1x2x6x6xf32>) -> tensor<1x2x5x5xf32>
func.func @max_pool2d_kernel_only(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x5x5xf32> {
  %0 = dlc.max_pool2d %x {kernel_shape = array<i64: 2, 2>} : (tensor<1x2x6x6xf32>) -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// max_pool2d with strides, padding, dilations and ceil_mode.
// CHECK-LABEL: func.func @max_pool2d_all_attributes
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x7x7xf32>)
// CHECK: dlc.max_pool2d %[[X]]
// CHECK-SAME: ceil_mode = true
// CHECK-SAME: dilations = array<i64: 2, 1>
// CHECK-SAME: kernel_shape = array<i64: 3, 2>
// CHECK-SAME: padding = array<i64: 1, 1, 1, 0>
// CHECK-SAME: strides = array<i64: 2, 2>
// CHECK-SAME: : (tensor<1x2x7x7xf32>) -> tensor<1x2x3x4xf32>
func.func @max_pool2d_all_attributes(%x: tensor<1x2x7x7xf32>) -> tensor<1x2x3x4xf32> {
  %0 = dlc.max_pool2d %x {kernel_shape = array<i64: 3, 2>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 0>, dilations = array<i64: 2, 1>, ceil_mode = true} : (tensor<1x2x7x7xf32>) -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// avg_pool2d with only the required kernel_shape.
// CHECK-LABEL: func.func @avg_pool2d_kernel_only
// CHECK: dlc.avg_pool2d %{{.*}} {kernel_shape = array<i64: 2, 2>} : (tensor<1x2x6x6xf32>) -> tensor<1x2x5x5xf32>
func.func @avg_pool2d_kernel_only(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x5x5xf32> {
  %0 = dlc.avg_pool2d %x {kernel_shape = array<i64: 2, 2>} : (tensor<1x2x6x6xf32>) -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// avg_pool2d with strides, padding, ceil_mode and count_include_pad.
// CHECK-LABEL: func.func @avg_pool2d_all_attributes
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x6x6xf32>)
// CHECK: dlc.avg_pool2d %[[X]]
// CHECK-SAME: ceil_mode = true
// CHECK-SAME: count_include_pad = true
// CHECK-SAME: kernel_shape = array<i64: 3, 3>
// CHECK-SAME: padding = array<i64: 1, 1, 1, 1>
// CHECK-SAME: strides = array<i64: 2, 2>
// CHECK-SAME: : (tensor<1x2x6x6xf32>) -> tensor<1x2x4x4xf32>
func.func @avg_pool2d_all_attributes(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x4x4xf32> {
  %0 = dlc.avg_pool2d %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, ceil_mode = true, count_include_pad = true} : (tensor<1x2x6x6xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// global_avg_pool keeps N and C and sets every spatial extent to 1.
// CHECK-LABEL: func.func @global_avg_pool
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x5x7xf32>)
// CHECK: dlc.global_avg_pool %[[X]] : (tensor<2x3x5x7xf32>) -> tensor<2x3x1x1xf32>
func.func @global_avg_pool(%x: tensor<2x3x5x7xf32>) -> tensor<2x3x1x1xf32> {
  %0 = dlc.global_avg_pool %x : (tensor<2x3x5x7xf32>) -> tensor<2x3x1x1xf32>
  return %0 : tensor<2x3x1x1xf32>
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

// flatten at the default axis 1 and at an explicit axis.
// CHECK-LABEL: func.func @flatten
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4x5xf32>)
// CHECK: dlc.flatten %[[X]] : (tensor<2x3x4x5xf32>) -> tensor<2x60xf32>
// CHECK: dlc.flatten %[[X]] {axis = 3 : i64} : (tensor<2x3x4x5xf32>) -> tensor<24x5xf32>
func.func @flatten(%x: tensor<2x3x4x5xf32>) -> (tensor<2x60xf32>, tensor<24x5xf32>) {
  %0 = dlc.flatten %x : (tensor<2x3x4x5xf32>) -> tensor<2x60xf32>
  %1 = dlc.flatten %x {axis = 3 : i64} : (tensor<2x3x4x5xf32>) -> tensor<24x5xf32>
  return %0, %1 : tensor<2x60xf32>, tensor<24x5xf32>
}

// reshape with a copied (0) and an inferred (-1) entry.
// CHECK-LABEL: func.func @reshape
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: dlc.reshape %[[X]] {shape = array<i64: 0, -1, 2>} : (tensor<2x3x4xf32>) -> tensor<2x6x2xf32>
func.func @reshape(%x: tensor<2x3x4xf32>) -> tensor<2x6x2xf32> {
  %0 = dlc.reshape %x {shape = array<i64: 0, -1, 2>} : (tensor<2x3x4xf32>) -> tensor<2x6x2xf32>
  return %0 : tensor<2x6x2xf32>
}

// transpose: output dim i is input dim perm[i].
// CHECK-LABEL: func.func @transpose
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: dlc.transpose %[[X]] {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = dlc.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// concat of three inputs along a negative axis.
// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x1xf32>, %[[C:.*]]: tensor<2x4xf32>)
// CHECK: dlc.concat %[[A]], %[[B]], %[[C]] {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x1xf32>, tensor<2x4xf32>) -> tensor<2x8xf32>
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>, %c: tensor<2x4xf32>) -> tensor<2x8xf32> {
  %0 = dlc.concat %a, %b, %c {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x1xf32>, tensor<2x4xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// concat of a single input is the identity.
// CHECK-LABEL: func.func @concat_single
// CHECK: dlc.concat %{{.*}} {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @concat_single(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.concat %a {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// softmax along the default last axis and along an explicit axis.
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.*]]: tensor<2x5xf32>)
// CHECK: %[[S:.*]] = dlc.softmax %[[X]] : (tensor<2x5xf32>) -> tensor<2x5xf32>
// CHECK: dlc.softmax %[[S]] {axis = 0 : i64} : (tensor<2x5xf32>) -> tensor<2x5xf32>
func.func @softmax(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = dlc.softmax %x : (tensor<2x5xf32>) -> tensor<2x5xf32>
  %1 = dlc.softmax %0 {axis = 0 : i64} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  return %1 : tensor<2x5xf32>
}

{-#
  dialect_resources: {
    builtin: {
      conv1_weight: "0x040000000000803F00000040"
    }
  }
#-}
