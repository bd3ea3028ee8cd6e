// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// Round trip of every loss op, with each attribute set to a non-default
// value and each optional operand present and absent. Attributes left at
// their default are not printed; the result types are inferred.

//===----------------------------------------------------------------------===//
// Classification losses
//===----------------------------------------------------------------------===//

// Defaults: "mean" reduction to a rank-0 loss, the log-probabilities second.
// CHECK-LABEL: func.func @softmax_cross_entropy_defaults
// CHECK: %[[L:.*]] = dlc.constant dense<[0, 4, 2]> : tensor<3xi64>
// CHECK: %{{.*}}, %{{.*}} = dlc.softmax_cross_entropy %{{.*}}, %[[L]] : (tensor<3x5xf32>, tensor<3xi64>) -> (tensor<f32>, tensor<3x5xf32>)
func.func @softmax_cross_entropy_defaults(%x: tensor<3x5xf32>) -> (tensor<f32>, tensor<3x5xf32>) {
  %l = dlc.constant dense<[0, 4, 2]> : tensor<3xi64>
  %0:2 = dlc.softmax_cross_entropy %x, %l : (tensor<3x5xf32>, tensor<3xi64>) -> (tensor<f32>, tensor<3x5xf32>)
  return %0#0, %0#1 : tensor<f32>, tensor<3x5xf32>
}

// Spatial scores with class weights, ignore_index and no reduction.
// CHECK-LABEL: func.func @softmax_cross_entropy_spatial
// CHECK: dlc.softmax_cross_entropy %{{.*}}, %{{.*}}, %{{.*}} {ignore_index = -100 : i64, reduction = "none"} : (tensor<2x4x3x5xf32>, tensor<2x3x5xi64>, tensor<4xf32>) -> (tensor<2x3x5xf32>, tensor<2x4x3x5xf32>)
func.func @softmax_cross_entropy_spatial(%x: tensor<2x4x3x5xf32>, %l: tensor<2x3x5xi64>, %w: tensor<4xf32>) -> tensor<2x3x5xf32> {
  %0:2 = dlc.softmax_cross_entropy %x, %l, %w {ignore_index = -100 : i64, reduction = "none"} : (tensor<2x4x3x5xf32>, tensor<2x3x5xi64>, tensor<4xf32>) -> (tensor<2x3x5xf32>, tensor<2x4x3x5xf32>)
  return %0#0 : tensor<2x3x5xf32>
}

// CHECK-LABEL: func.func @nll_loss_sum
// CHECK: dlc.nll_loss %{{.*}}, %{{.*}} {reduction = "sum"} : (tensor<3x5xf32>, tensor<3xi64>) -> tensor<f32>
func.func @nll_loss_sum(%x: tensor<3x5xf32>, %l: tensor<3xi64>) -> tensor<f32> {
  %0 = dlc.nll_loss %x, %l {reduction = "sum"} : (tensor<3x5xf32>, tensor<3xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// CHECK-LABEL: func.func @nll_loss_weighted
// CHECK: dlc.nll_loss %{{.*}}, %{{.*}}, %{{.*}} {ignore_index = 1 : i64} : (tensor<3x5x7xf32>, tensor<3x7xi64>, tensor<5xf32>) -> tensor<f32>
func.func @nll_loss_weighted(%x: tensor<3x5x7xf32>, %l: tensor<3x7xi64>, %w: tensor<5xf32>) -> tensor<f32> {
  %0 = dlc.nll_loss %x, %l, %w {ignore_index = 1 : i64} : (tensor<3x5x7xf32>, tensor<3x7xi64>, tensor<5xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

//===----------------------------------------------------------------------===//
// Regression and distribution losses
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @mse_loss
// CHECK: dlc.mse_loss %{{.*}}, %{{.*}} : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<f32>
// CHECK: dlc.mse_loss %{{.*}}, %{{.*}} {reduction = "none"} : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<4x6xf32>
func.func @mse_loss(%x: tensor<4x6xf32>, %t: tensor<4x6xf32>) -> (tensor<f32>, tensor<4x6xf32>) {
  %0 = dlc.mse_loss %x, %t : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<f32>
  %1 = dlc.mse_loss %x, %t {reduction = "none"} : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<4x6xf32>
  return %0, %1 : tensor<f32>, tensor<4x6xf32>
}

// CHECK-LABEL: func.func @kl_div
// CHECK: dlc.kl_div %{{.*}}, %{{.*}} {reduction = "batchmean"} : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<f32>
// CHECK: dlc.kl_div %{{.*}}, %{{.*}} {log_target = true, reduction = "none"} : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<4x6xf32>
func.func @kl_div(%x: tensor<4x6xf32>, %t: tensor<4x6xf32>) -> (tensor<f32>, tensor<4x6xf32>) {
  %0 = dlc.kl_div %x, %t {reduction = "batchmean"} : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<f32>
  %1 = dlc.kl_div %x, %t {log_target = true, reduction = "none"} : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<4x6xf32>
  return %0, %1 : tensor<f32>, tensor<4x6xf32>
}

//===----------------------------------------------------------------------===//
// Metric-learning losses
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @center_loss
// CHECK: dlc.center_loss %{{.*}}, %{{.*}}, %{{.*}} {reduction = "none"} : (tensor<4x6xf32>, tensor<4xi64>, tensor<3x6xf32>) -> tensor<4xf32>
func.func @center_loss(%x: tensor<4x6xf32>, %l: tensor<4xi64>, %c: tensor<3x6xf32>) -> tensor<4xf32> {
  %0 = dlc.center_loss %x, %l, %c {reduction = "none"} : (tensor<4x6xf32>, tensor<4xi64>, tensor<3x6xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @contrastive_loss
// CHECK: dlc.contrastive_loss %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4x6xf32>, tensor<4x6xf32>, tensor<4xf32>) -> tensor<f32>
// CHECK: dlc.contrastive_loss %{{.*}}, %{{.*}}, %{{.*}} {margin = 2.500000e+00 : f32, reduction = "sum"} : (tensor<4x6xf32>, tensor<4x6xf32>, tensor<4xf32>) -> tensor<f32>
func.func @contrastive_loss(%a: tensor<4x6xf32>, %b: tensor<4x6xf32>, %y: tensor<4xf32>) -> (tensor<f32>, tensor<f32>) {
  %0 = dlc.contrastive_loss %a, %b, %y : (tensor<4x6xf32>, tensor<4x6xf32>, tensor<4xf32>) -> tensor<f32>
  %1 = dlc.contrastive_loss %a, %b, %y {margin = 2.5 : f32, reduction = "sum"} : (tensor<4x6xf32>, tensor<4x6xf32>, tensor<4xf32>) -> tensor<f32>
  return %0, %1 : tensor<f32>, tensor<f32>
}

//===----------------------------------------------------------------------===//
// Large-margin softmaxes
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @l_softmax_loss
// CHECK: dlc.l_softmax_loss %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4x6xf32>, tensor<6x3xf32>, tensor<4xi64>) -> (tensor<f32>, tensor<4x3xf32>)
// CHECK: dlc.l_softmax_loss %{{.*}}, %{{.*}}, %{{.*}} {margin = 4 : i64, reduction = "none"} : (tensor<4x6xf32>, tensor<6x3xf32>, tensor<4xi64>) -> (tensor<4xf32>, tensor<4x3xf32>)
func.func @l_softmax_loss(%x: tensor<4x6xf32>, %w: tensor<6x3xf32>, %l: tensor<4xi64>) -> (tensor<f32>, tensor<4xf32>) {
  %0:2 = dlc.l_softmax_loss %x, %w, %l : (tensor<4x6xf32>, tensor<6x3xf32>, tensor<4xi64>) -> (tensor<f32>, tensor<4x3xf32>)
  %1:2 = dlc.l_softmax_loss %x, %w, %l {margin = 4 : i64, reduction = "none"} : (tensor<4x6xf32>, tensor<6x3xf32>, tensor<4xi64>) -> (tensor<4xf32>, tensor<4x3xf32>)
  return %0#0, %1#0 : tensor<f32>, tensor<4xf32>
}

// CHECK-LABEL: func.func @a_softmax_loss
// CHECK: dlc.a_softmax_loss %{{.*}}, %{{.*}}, %{{.*}} {margin = 2 : i64, reduction = "sum"} : (tensor<4x6xf32>, tensor<6x3xf32>, tensor<4xi64>) -> (tensor<f32>, tensor<4x3xf32>)
func.func @a_softmax_loss(%x: tensor<4x6xf32>, %w: tensor<6x3xf32>, %l: tensor<4xi64>) -> tensor<f32> {
  %0:2 = dlc.a_softmax_loss %x, %w, %l {margin = 2 : i64, reduction = "sum"} : (tensor<4x6xf32>, tensor<6x3xf32>, tensor<4xi64>) -> (tensor<f32>, tensor<4x3xf32>)
  return %0#0 : tensor<f32>
}

// CHECK-LABEL: func.func @am_softmax_loss
// CHECK: dlc.am_softmax_loss %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4x6xf32>, tensor<6x3xf32>, tensor<4xi64>) -> (tensor<f32>, tensor<4x3xf32>)
// CHECK: dlc.am_softmax_loss %{{.*}}, %{{.*}}, %{{.*}} {margin = 2.000000e-01 : f32, reduction = "none", scale = 1.600000e+01 : f32} : (tensor<4x6xf32>, tensor<6x3xf32>, tensor<4xi64>) -> (tensor<4xf32>, tensor<4x3xf32>)
func.func @am_softmax_loss(%x: tensor<4x6xf32>, %w: tensor<6x3xf32>, %l: tensor<4xi64>) -> (tensor<f32>, tensor<4xf32>) {
  %0:2 = dlc.am_softmax_loss %x, %w, %l : (tensor<4x6xf32>, tensor<6x3xf32>, tensor<4xi64>) -> (tensor<f32>, tensor<4x3xf32>)
  %1:2 = dlc.am_softmax_loss %x, %w, %l {margin = 0.2 : f32, reduction = "none", scale = 16.0 : f32} : (tensor<4x6xf32>, tensor<6x3xf32>, tensor<4xi64>) -> (tensor<4xf32>, tensor<4x3xf32>)
  return %0#0, %1#0 : tensor<f32>, tensor<4xf32>
}
