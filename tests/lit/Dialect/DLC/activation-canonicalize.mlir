// RUN: dlc-opt %s --canonicalize | FileCheck %s

// Dropout folds away at inference (and with ratio 0): the output is the
// input and the mask a constant of ones. In training it stays.

// CHECK-LABEL: func.func @dropout_inference
// CHECK-SAME: (%[[X:.*]]: tensor<4x5xf32>)
// CHECK-NOT: dlc.dropout
// CHECK: %[[ONES:.*]] = dlc.constant dense<1.000000e+00> : tensor<4x5xf32>
// CHECK: return %[[X]], %[[ONES]]
func.func @dropout_inference(%x: tensor<4x5xf32>) -> (tensor<4x5xf32>, tensor<4x5xf32>) {
  %0:2 = dlc.dropout %x {ratio = 0.3 : f32, seed = 9 : i64} : (tensor<4x5xf32>) -> (tensor<4x5xf32>, tensor<4x5xf32>)
  return %0#0, %0#1 : tensor<4x5xf32>, tensor<4x5xf32>
}

// CHECK-LABEL: func.func @dropout_ratio_zero
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>)
// CHECK-NOT: dlc.dropout
// CHECK: return %[[X]]
func.func @dropout_ratio_zero(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0:2 = dlc.dropout %x {ratio = 0.0 : f32, training = true} : (tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
  return %0#0 : tensor<3xf32>
}

// CHECK-LABEL: func.func @dropout_training
// CHECK: dlc.dropout %{{.*}} {training = true}
func.func @dropout_training(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0:2 = dlc.dropout %x {training = true} : (tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
  return %0#0 : tensor<3xf32>
}
