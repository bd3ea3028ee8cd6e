// RUN: dlc-opt %s --convert-dlc-to-linalg --mlir-print-local-scope | FileCheck %s --implicit-check-not=dlc.

// The lowering of the reductions and log_softmax: linalg.generic reductions
// into the kept dimensions, then an expand_shape for keepdims.

// reduce_sum over a middle axis with keepdims.
// CHECK-LABEL: func.func @reduce_sum_keep
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK: %[[SUM:.*]] = linalg.generic
// CHECK-SAME: indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d2)>]
// CHECK-SAME: iterator_types = ["parallel", "reduction", "parallel"]
// CHECK-SAME: ins(%[[X]] : tensor<2x3x4xf32>) outs(%[[INIT]] : tensor<2x4xf32>)
// CHECK: arith.addf
// CHECK: %[[E:.*]] = tensor.expand_shape %[[SUM]] {{\[\[}}0], [1, 2]] output_shape [2, 1, 4]
// CHECK: return %[[E]]
func.func @reduce_sum_keep(%x: tensor<2x3x4xf32>) -> tensor<2x1x4xf32> {
  %0 = dlc.reduce_sum %x {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  return %0 : tensor<2x1x4xf32>
}

// reduce_mean over all axes without keepdims: a rank-0 sum divided by 24.
// CHECK-LABEL: func.func @reduce_mean_all
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["reduction", "reduction", "reduction"]
// CHECK: linalg.generic
// CHECK: arith.constant 2.400000e+01 : f32
// CHECK: arith.divf
// CHECK-NOT: tensor.expand_shape
func.func @reduce_mean_all(%x: tensor<2x3x4xf32>) -> tensor<f32> {
  %0 = dlc.reduce_mean %x {keepdims = false} : (tensor<2x3x4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// reduce_max starts from -inf and combines with maximumf (NaN propagates).
// CHECK-LABEL: func.func @reduce_max
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["reduction", "parallel"]
// CHECK: arith.maximumf
func.func @reduce_max(%x: tensor<3x4xf32>) -> tensor<4xf32> {
  %0 = dlc.reduce_max %x {axes = array<i64: -2>, keepdims = false} : (tensor<3x4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// reduce_min starts from +inf.
// CHECK-LABEL: func.func @reduce_min
// CHECK: arith.constant 0x7F800000 : f32
// CHECK: arith.minimumf
func.func @reduce_min(%x: tensor<3x4xf32>) -> tensor<3x1xf32> {
  %0 = dlc.reduce_min %x {axes = array<i64: 1>} : (tensor<3x4xf32>) -> tensor<3x1xf32>
  return %0 : tensor<3x1xf32>
}

// reduce_l2 squares in the reduction body, then takes the square root.
// CHECK-LABEL: func.func @reduce_l2
// CHECK: ^bb0(%[[IN:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK: %[[SQ:.*]] = arith.mulf %[[IN]], %[[IN]] : f32
// CHECK: arith.addf %[[SQ]], %[[ACC]] : f32
// CHECK: math.sqrt
func.func @reduce_l2(%x: tensor<3x4xf32>) -> tensor<3xf32> {
  %0 = dlc.reduce_l2 %x {axes = array<i64: 1>, keepdims = false} : (tensor<3x4xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// log_softmax: max, then sum of exp(x - max) in one reduction, then
// x - max - log(sum).
// CHECK-LABEL: func.func @log_softmax
// CHECK-SAME: (%[[X:.*]]: tensor<2x5xf32>)
// CHECK: %[[MAX:.*]] = linalg.generic
// CHECK: arith.maximumf
// CHECK: %[[SUM:.*]] = linalg.generic
// CHECK-SAME: ins(%[[X]], %[[MAX]] : tensor<2x5xf32>, tensor<2xf32>)
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: %[[LOG:.*]] = linalg.generic
// CHECK: math.log
// CHECK: %[[Y:.*]] = linalg.generic
// CHECK-SAME: ins(%[[X]], %[[MAX]], %[[LOG]] : tensor<2x5xf32>, tensor<2xf32>, tensor<2xf32>)
// CHECK: return %[[Y]]
func.func @log_softmax(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = dlc.log_softmax %x : (tensor<2x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}
