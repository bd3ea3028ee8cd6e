// RUN: dlc-opt %s --dlc-tile-and-vectorize="vector-bits=256 parallel=false" --split-input-file --mlir-print-local-scope | FileCheck %s

// A batched matmul from zero summed over its batch (a convolution's filter
// adjoint: per-image products summed over the images) becomes one
// contraction reducing over the batch too, tiled and vectorized like any
// other: the [B, M, N] products are never materialized.

// (20 columns: 16 + 4, each reducing over the batch and K.)
// CHECK-LABEL: func.func @batch_sum
// CHECK-NOT: tensor<8x36x20xf32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args({{.*}}) -> (tensor<36x16xf32>, tensor<36x16xf32>)
// CHECK: vector.outerproduct {{.*}} : vector<6xf32>, vector<16xf32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args({{.*}}) -> (tensor<36x4xf32>, tensor<36x4xf32>)
// CHECK: vector.outerproduct {{.*}} : vector<6xf32>, vector<4xf32>
// CHECK-NOT: tensor<8x36x20xf32>
// CHECK: return {{.*}} : tensor<36x20xf32>
func.func @batch_sum(%a: tensor<8x36x49xf32>, %b: tensor<8x49x20xf32>) -> tensor<36x20xf32> {
  %zero = arith.constant 0.0 : f32
  %e3 = tensor.empty() : tensor<8x36x20xf32>
  %init3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<8x36x20xf32>) -> tensor<8x36x20xf32>
  %prod = linalg.generic {indexing_maps = [affine_map<(b, m, n, k) -> (b, m, k)>, affine_map<(b, m, n, k) -> (b, k, n)>, affine_map<(b, m, n, k) -> (b, m, n)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%a, %b : tensor<8x36x49xf32>, tensor<8x49x20xf32>) outs(%init3 : tensor<8x36x20xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<8x36x20xf32>
  %e2 = tensor.empty() : tensor<36x20xf32>
  %init2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<36x20xf32>) -> tensor<36x20xf32>
  %sum = linalg.generic {indexing_maps = [affine_map<(b, m, n) -> (b, m, n)>, affine_map<(b, m, n) -> (m, n)>], iterator_types = ["reduction", "parallel", "parallel"]} ins(%prod : tensor<8x36x20xf32>) outs(%init2 : tensor<36x20xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.addf %x, %acc : f32
    linalg.yield %s : f32
  } -> tensor<36x20xf32>
  return %sum : tensor<36x20xf32>
}

// -----

// The products are used elsewhere too (or do not start from zero): kept.
// CHECK-LABEL: func.func @products_used_twice
// CHECK: tensor<8x36x20xf32>
func.func @products_used_twice(%a: tensor<8x36x49xf32>, %b: tensor<8x49x20xf32>) -> (tensor<36x20xf32>, tensor<8x36x20xf32>) {
  %zero = arith.constant 0.0 : f32
  %e3 = tensor.empty() : tensor<8x36x20xf32>
  %init3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<8x36x20xf32>) -> tensor<8x36x20xf32>
  %prod = linalg.generic {indexing_maps = [affine_map<(b, m, n, k) -> (b, m, k)>, affine_map<(b, m, n, k) -> (b, k, n)>, affine_map<(b, m, n, k) -> (b, m, n)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%a, %b : tensor<8x36x49xf32>, tensor<8x49x20xf32>) outs(%init3 : tensor<8x36x20xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<8x36x20xf32>
  %e2 = tensor.empty() : tensor<36x20xf32>
  %init2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<36x20xf32>) -> tensor<36x20xf32>
  %sum = linalg.generic {indexing_maps = [affine_map<(b, m, n) -> (b, m, n)>, affine_map<(b, m, n) -> (m, n)>], iterator_types = ["reduction", "parallel", "parallel"]} ins(%prod : tensor<8x36x20xf32>) outs(%init2 : tensor<36x20xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.addf %x, %acc : f32
    linalg.yield %s : f32
  } -> tensor<36x20xf32>
  return %sum, %prod : tensor<36x20xf32>, tensor<8x36x20xf32>
}
