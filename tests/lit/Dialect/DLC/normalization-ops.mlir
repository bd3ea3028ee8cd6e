// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// Round trip of batch_norm_train and lrn (the inference batch_norm is in
// ops.mlir), with every attribute at its default and at another value.

// batch_norm_train on NCHW with the defaults: five results, the output
// shaped like the input and four per-channel statistics.
// CHECK-LABEL: func.func @batch_norm_train_defaults
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4x5xf32>, %[[S:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xf32>, %[[M:.*]]: tensor<3xf32>, %[[V:.*]]: tensor<3xf32>)
// CHECK: %[[Y:.*]], %[[RM:.*]], %[[RV:.*]], %[[BM:.*]], %[[BV:.*]] = dlc.batch_norm_train %[[X]], %[[S]], %[[B]], %[[M]], %[[V]] : (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
// CHECK: return %[[Y]], %[[RM]], %[[RV]], %[[BM]], %[[BV]]
func.func @batch_norm_train_defaults(%x: tensor<2x3x4x5xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %0:5 = dlc.batch_norm_train %x, %s, %b, %m, %v : (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %0#0, %0#1, %0#2, %0#3, %0#4 : tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// batch_norm_train on [N, C] with every attribute set (ONNX population variance).
// CHECK-LABEL: func.func @batch_norm_train_attributes
// CHECK: dlc.batch_norm_train %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f32, momentum = 2.500000e-01 : f32, unbiased_running_var = false} : (tensor<8x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<8x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
func.func @batch_norm_train_attributes(%x: tensor<8x3xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<8x3xf32> {
  %0:5 = dlc.batch_norm_train %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f32, momentum = 0.25 : f32, unbiased_running_var = false} : (tensor<8x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<8x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %0#0 : tensor<8x3xf32>
}

// Attributes spelled out with their default values are elided when printed.
// CHECK-LABEL: func.func @batch_norm_train_explicit_defaults
// CHECK: dlc.batch_norm_train %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4x2x5xf32>
func.func @batch_norm_train_explicit_defaults(%x: tensor<4x2x5xf32>, %s: tensor<2xf32>) -> tensor<4x2x5xf32> {
  %0:5 = dlc.batch_norm_train %x, %s, %s, %s, %s {epsilon = 1.0e-5 : f32, momentum = 0.1 : f32, unbiased_running_var = true} : (tensor<4x2x5xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<4x2x5xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
  return %0#0 : tensor<4x2x5xf32>
}

// lrn with only the window size.
// CHECK-LABEL: func.func @lrn_defaults
// CHECK-SAME: (%[[X:.*]]: tensor<1x6x4x4xf32>)
// CHECK: dlc.lrn %[[X]] {size = 5 : i64} : (tensor<1x6x4x4xf32>) -> tensor<1x6x4x4xf32>
func.func @lrn_defaults(%x: tensor<1x6x4x4xf32>) -> tensor<1x6x4x4xf32> {
  %0 = dlc.lrn %x {size = 5 : i64} : (tensor<1x6x4x4xf32>) -> tensor<1x6x4x4xf32>
  return %0 : tensor<1x6x4x4xf32>
}

// lrn with every attribute set.
// CHECK-LABEL: func.func @lrn_attributes
// CHECK: dlc.lrn %{{.*}} {alpha = 2.000000e-04 : f32, beta = 5.000000e-01 : f32, bias = 2.000000e+00 : f32, size = 4 : i64} : (tensor<2x6x7xf32>) -> tensor<2x6x7xf32>
func.func @lrn_attributes(%x: tensor<2x6x7xf32>) -> tensor<2x6x7xf32> {
  %0 = dlc.lrn %x {size = 4 : i64, alpha = 2.0e-4 : f32, beta = 0.5 : f32, bias = 2.0 : f32} : (tensor<2x6x7xf32>) -> tensor<2x6x7xf32>
  return %0 : tensor<2x6x7xf32>
}
