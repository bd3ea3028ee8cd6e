// RUN: dlc-opt %s -split-input-file --convert-dlc-to-linalg --mlir-print-local-scope | FileCheck %s --implicit-check-not=dlc.

// The lowering of the losses: per-sample losses from linalg.generic ops
// (label-driven reads through linalg.index + tensor.extract with the label
// clamped into range), then the reduction.

// Stable log-softmax (max, sum of exp(x - max), x - max - log), the weighted
// gather with ignore_index, and "mean" as the loss sum over the weight sum.
// CHECK-LABEL: func.func @softmax_cross_entropy
// CHECK-SAME: (%[[X:.*]]: tensor<3x5xf32>, %[[L:.*]]: tensor<3xi64>, %[[W:.*]]: tensor<5xf32>)
// CHECK: %[[MAX:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]{{.*}} ins(%[[X]] : tensor<3x5xf32>)
// CHECK: arith.maximumf
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[MAX]] : tensor<3x5xf32>, tensor<3xf32>)
// CHECK: math.exp
// CHECK: %[[LP:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[MAX]], %[[SUM]] : tensor<3x5xf32>, tensor<3xf32>, tensor<3xf32>)
// CHECK: math.log
// CHECK: %[[G:.*]]:2 = linalg.generic {{.*}} ins(%[[L]] : tensor<3xi64>)
// CHECK: ^bb0(%[[Y:.*]]: i64
// CHECK: arith.maxsi %[[Y]]
// CHECK: arith.minsi
// CHECK: %[[C:.*]] = arith.index_cast
// CHECK: %[[N:.*]] = linalg.index 0
// CHECK: tensor.extract %[[LP]][%[[N]], %[[C]]]
// CHECK: tensor.extract %[[W]][%[[C]]]
// CHECK: %[[IGN:.*]] = arith.cmpi eq, %[[Y]], %{{.*}} : i64
// CHECK: arith.select %[[IGN]]
// CHECK: arith.select %[[IGN]]
// CHECK: %[[WSUM:.*]] = linalg.generic {{.*}} ins(%[[G]]#1 : tensor<3xf32>) outs(%{{.*}} : tensor<f32>)
// CHECK: %[[LSUM:.*]] = linalg.generic {{.*}} ins(%[[G]]#0 : tensor<3xf32>) outs(%{{.*}} : tensor<f32>)
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[LSUM]], %[[WSUM]] : tensor<f32>, tensor<f32>)
// CHECK: arith.divf
// CHECK: return %[[MEAN]], %[[LP]]
func.func @softmax_cross_entropy(%x: tensor<3x5xf32>, %l: tensor<3xi64>, %w: tensor<5xf32>) -> (tensor<f32>, tensor<3x5xf32>) {
  %0:2 = dlc.softmax_cross_entropy %x, %l, %w {ignore_index = -100 : i64} : (tensor<3x5xf32>, tensor<3xi64>, tensor<5xf32>) -> (tensor<f32>, tensor<3x5xf32>)
  return %0#0, %0#1 : tensor<f32>, tensor<3x5xf32>
}

// -----

// "batchmean" scales the sum by 1/N; xlogy(0, 0) is a select.
// CHECK-LABEL: func.func @kl_div_batchmean
// CHECK: arith.cmpf oeq
// CHECK: math.log
// CHECK: arith.select
// CHECK: linalg.generic {{.*}}iterator_types = ["reduction", "reduction"]
// CHECK: arith.constant 2.500000e-01 : f32
func.func @kl_div_batchmean(%x: tensor<4x6xf32>, %t: tensor<4x6xf32>) -> tensor<f32> {
  %0 = dlc.kl_div %x, %t {reduction = "batchmean"} : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// One generic over [N, D] reducing D reads the label's center row.
// CHECK-LABEL: func.func @center_loss
// CHECK-SAME: (%[[X:.*]]: tensor<4x6xf32>, %[[L:.*]]: tensor<4xi64>, %[[C:.*]]: tensor<3x6xf32>)
// CHECK: %[[R:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]{{.*}} ins(%[[X]], %[[L]] : tensor<4x6xf32>, tensor<4xi64>)
// CHECK: %[[D:.*]] = linalg.index 1
// CHECK: tensor.extract %[[C]][%{{.*}}, %[[D]]]
// CHECK: return %[[R]]
func.func @center_loss(%x: tensor<4x6xf32>, %l: tensor<4xi64>, %c: tensor<3x6xf32>) -> tensor<4xf32> {
  %0 = dlc.center_loss %x, %l, %c {reduction = "none"} : (tensor<4x6xf32>, tensor<4xi64>, tensor<3x6xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// L-Softmax, m = 2: x W by linalg.matmul; psi = (-1)^k T_2(c) - 2k with one
// threshold cos(pi/2) deciding k.
// CHECK-LABEL: func.func @l_softmax_loss
// CHECK: %[[DOT:.*]] = linalg.matmul
// CHECK: %[[F:.*]] = linalg.generic {{.*}} ins(%[[DOT]], %{{.*}}, %{{.*}}, %{{.*}} : tensor<4x3xf32>, tensor<4xf32>, tensor<3xf32>, tensor<4xi64>)
// CHECK: math.sqrt
// CHECK: math.sqrt
// CHECK: arith.cmpi eq
// CHECK: arith.cmpf ole
// CHECK-NOT: arith.cmpf ole
// CHECK: linalg.yield
// CHECK: return %{{.*}}, %[[F]]
func.func @l_softmax_loss(%x: tensor<4x6xf32>, %w: tensor<6x3xf32>, %l: tensor<4xi64>) -> (tensor<4xf32>, tensor<4x3xf32>) {
  %0:2 = dlc.l_softmax_loss %x, %w, %l {margin = 2 : i64, reduction = "none"} : (tensor<4x6xf32>, tensor<6x3xf32>, tensor<4xi64>) -> (tensor<4xf32>, tensor<4x3xf32>)
  return %0#0, %0#1 : tensor<4xf32>, tensor<4x3xf32>
}
