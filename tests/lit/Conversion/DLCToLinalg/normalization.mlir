// RUN: dlc-opt %s --convert-dlc-to-linalg --mlir-print-local-scope | FileCheck %s --implicit-check-not=dlc.

// The lowering of batch_norm_train and lrn (the inference batch_norm is in
// convert-dlc-to-linalg.mlir). Affine maps are printed inline.

// batch_norm_train: two per-channel reductions (the sum, then the squared
// deviations from the mean), each scaled by 1/M = 1/40; the output
// normalizes with the batch statistics; the running variance takes
// momentum * M/(M-1) = 0.25 * 40/39 of the biased batch variance.
// CHECK-LABEL: func.func @batch_norm_train
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4x5xf32>, %[[S:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xf32>, %[[M:.*]]: tensor<3xf32>, %[[V:.*]]: tensor<3xf32>)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d1)>], iterator_types = ["reduction", "parallel", "reduction", "reduction"]} ins(%[[X]] : tensor<2x3x4x5xf32>)
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<3xf32>)
// CHECK: arith.constant 2.500000e-02 : f32
// CHECK: %[[SQ:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "parallel", "reduction", "reduction"]} ins(%[[X]], %[[MEAN]] : tensor<2x3x4x5xf32>, tensor<3xf32>)
// CHECK: arith.subf
// CHECK: arith.mulf
// CHECK: %[[VAR:.*]] = linalg.generic {{.*}} ins(%[[SQ]] : tensor<3xf32>)
// CHECK: %[[FACTOR:.*]] = linalg.generic {{.*}} ins(%[[S]], %[[VAR]] : tensor<3xf32>, tensor<3xf32>)
// CHECK: math.sqrt
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[MEAN]], %[[FACTOR]], %[[B]] : tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
// CHECK: %[[RM:.*]] = linalg.generic {{.*}} ins(%[[M]], %[[MEAN]] : tensor<3xf32>, tensor<3xf32>)
// CHECK: arith.constant 7.500000e-01 : f32
// CHECK: arith.constant 2.500000e-01 : f32
// CHECK: %[[RV:.*]] = linalg.generic {{.*}} ins(%[[V]], %[[VAR]] : tensor<3xf32>, tensor<3xf32>)
// CHECK: arith.constant 0.256410271 : f32
// CHECK: return %[[Y]], %[[RM]], %[[RV]], %[[MEAN]], %[[VAR]]
func.func @batch_norm_train(%x: tensor<2x3x4x5xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %0:5 = dlc.batch_norm_train %x, %s, %b, %m, %v {momentum = 2.5e-01 : f32} : (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %0#0, %0#1, %0#2, %0#3, %0#4 : tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// The population variance (ONNX) updates with momentum alone (0.1, not
// 0.1 * 8/7 = 0.1142857).
// CHECK-LABEL: func.func @batch_norm_train_population
// CHECK: arith.constant 1.000000e-01 : f32
// CHECK-NOT: arith.constant 0.114285
// CHECK: return
func.func @batch_norm_train_population(%x: tensor<8x3xf32>, %s: tensor<3xf32>) -> tensor<3xf32> {
  %0:5 = dlc.batch_norm_train %x, %s, %s, %s, %s {unbiased_running_var = false} : (tensor<8x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<8x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %0#2 : tensor<3xf32>
}

// lrn with an even size 4: the squares are padded by floor(3/2) = 1 channel
// before and ceil(3/2) = 2 after, summed over the window with the input map
// (c + k), and the result divides by (bias + alpha/size * sum)^beta.
// CHECK-LABEL: func.func @lrn
// CHECK-SAME: (%[[X:.*]]: tensor<2x7x4x5xf32>)
// CHECK: %[[SQ:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<2x7x4x5xf32>)
// CHECK: arith.mulf %{{.*}}, %{{.*}} : f32
// CHECK: %[[PAD:.*]] = tensor.pad %[[SQ]] low[0, 1, 0, 0] high[0, 2, 0, 0]
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 + d4, d2, d3)>, affine_map<(d0, d1, d2, d3, d4) -> (d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[PAD]], %{{.*}} : tensor<2x10x4x5xf32>, tensor<4xf32>)
// CHECK: %[[OUT:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[SUM]] : tensor<2x7x4x5xf32>, tensor<2x7x4x5xf32>)
// CHECK: arith.constant 9.99999974E-5 : f32
// CHECK: arith.constant 2.000000e+00 : f32
// CHECK: arith.constant 7.500000e-01 : f32
// CHECK: math.powf
// CHECK: arith.divf
// CHECK: return %[[OUT]]
func.func @lrn(%x: tensor<2x7x4x5xf32>) -> tensor<2x7x4x5xf32> {
  %0 = dlc.lrn %x {size = 4 : i64, alpha = 4.0e-4 : f32, bias = 2.0 : f32} : (tensor<2x7x4x5xf32>) -> tensor<2x7x4x5xf32>
  return %0 : tensor<2x7x4x5xf32>
}
