// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// Round trip of the reductions. Defaults (all axes, keepdims = true) are
// not printed.

// Every axis, keeping them as unit dimensions.
// CHECK-LABEL: func.func @reduce_sum_all
// CHECK: dlc.reduce_sum %{{.*}} : (tensor<2x3x4xf32>) -> tensor<1x1x1xf32>
func.func @reduce_sum_all(%x: tensor<2x3x4xf32>) -> tensor<1x1x1xf32> {
  %0 = dlc.reduce_sum %x : (tensor<2x3x4xf32>) -> tensor<1x1x1xf32>
  return %0 : tensor<1x1x1xf32>
}

// Every axis, dropped: a rank-0 result.
// CHECK-LABEL: func.func @reduce_mean_all_drop
// CHECK: dlc.reduce_mean %{{.*}} {keepdims = false} : (tensor<2x3x4xf32>) -> tensor<f32>
func.func @reduce_mean_all_drop(%x: tensor<2x3x4xf32>) -> tensor<f32> {
  %0 = dlc.reduce_mean %x {keepdims = false} : (tensor<2x3x4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// Negative axes count from the end.
// CHECK-LABEL: func.func @reduce_max_negative_axes
// CHECK: dlc.reduce_max %{{.*}} {axes = array<i64: -1, 0>} : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
func.func @reduce_max_negative_axes(%x: tensor<2x3x4xf32>) -> tensor<1x3x1xf32> {
  %0 = dlc.reduce_max %x {axes = array<i64: -1, 0>} : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
  return %0 : tensor<1x3x1xf32>
}

// CHECK-LABEL: func.func @reduce_min_drop
// CHECK: dlc.reduce_min %{{.*}} {axes = array<i64: 1>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
func.func @reduce_min_drop(%x: tensor<2x3x4xf32>) -> tensor<2x4xf32> {
  %0 = dlc.reduce_min %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @reduce_l2
// CHECK: dlc.reduce_l2 %{{.*}} {axes = array<i64: 2, 1>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2xf32>
func.func @reduce_l2(%x: tensor<2x3x4xf32>) -> tensor<2xf32> {
  %0 = dlc.reduce_l2 %x {axes = array<i64: 2, 1>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
