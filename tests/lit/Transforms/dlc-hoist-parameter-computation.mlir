// RUN: dlc-opt %s --dlc-hoist-parameter-computation --split-input-file | FileCheck %s

// The weight's transpose and scaling read parameters alone: they move into
// @main_prepare, and @main reads their result as an argument after the
// parameters. The bias broadcast to the output's shape (32 KiB from 64
// bytes) stays: it would be kept and copied on every run. The tensor.empty
// the moved ops write into is cloned.

// CHECK: module attributes {dlc.prepared = [tensor<8x16xf32>]}
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: tensor<512x8xf32>, %[[W:.*]]: tensor<16x8xf32> {dlc.name = "w", dlc.param = "trainable"},
// CHECK-SAME: %[[B:.*]]: tensor<16xf32> {dlc.name = "b", dlc.param = "trainable"},
// CHECK-SAME: %[[P:.*]]: tensor<8x16xf32> {dlc.prepared = 0 : i64})
// CHECK-NOT: linalg.transpose
// CHECK: %[[BB:.*]] = linalg.broadcast ins(%[[B]]
// CHECK: %[[Y:.*]] = linalg.matmul ins(%[[X]], %[[P]] : {{.*}}) outs(%[[BB]]
// CHECK: return %[[Y]]

// CHECK-LABEL: func.func @main_prepare
// CHECK-SAME: (%[[W2:.*]]: tensor<16x8xf32> {dlc.name = "w", dlc.param = "trainable"},
// CHECK-SAME: %{{.*}}: tensor<16xf32> {dlc.name = "b", dlc.param = "trainable"}) -> tensor<8x16xf32>
// CHECK-SAME: attributes {dlc.prepare}
// CHECK: %[[E:.*]] = tensor.empty() : tensor<8x16xf32>
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[W2]] {{.*}}) outs(%[[E]]
// CHECK: %[[S:.*]] = linalg.generic {{.*}} ins(%[[T]]
// CHECK: return %[[S]]
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @main(%x: tensor<512x8xf32>,
                %w: tensor<16x8xf32> {dlc.name = "w", dlc.param = "trainable"},
                %b: tensor<16xf32> {dlc.name = "b", dlc.param = "trainable"}) -> tensor<512x16xf32> {
  %two = arith.constant 2.0 : f32
  %e = tensor.empty() : tensor<8x16xf32>
  %wt = linalg.transpose ins(%w : tensor<16x8xf32>) outs(%e : tensor<8x16xf32>) permutation = [1, 0]
  %ws = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%wt : tensor<8x16xf32>) outs(%e : tensor<8x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.mulf %in, %two : f32
    linalg.yield %m : f32
  } -> tensor<8x16xf32>
  %eo = tensor.empty() : tensor<512x16xf32>
  %bb = linalg.broadcast ins(%b : tensor<16xf32>) outs(%eo : tensor<512x16xf32>) dimensions = [0]
  %y = linalg.matmul ins(%x, %ws : tensor<512x8xf32>, tensor<8x16xf32>) outs(%bb : tensor<512x16xf32>) -> tensor<512x16xf32>
  return %y : tensor<512x16xf32>
}

// -----

// Without parameter arguments nothing moves and no prepare function is made.

// CHECK-NOT: dlc.prepared
// CHECK-LABEL: func.func @main
// CHECK: linalg.transpose
// CHECK-NOT: func.func @main_prepare
func.func @main(%w: tensor<16x8xf32>) -> tensor<8x16xf32> {
  %e = tensor.empty() : tensor<8x16xf32>
  %wt = linalg.transpose ins(%w : tensor<16x8xf32>) outs(%e : tensor<8x16xf32>) permutation = [1, 0]
  return %wt : tensor<8x16xf32>
}
