// RUN: dlc-opt %s --dlc-vectorize-reductions="vector-bits=512" --mlir-print-local-scope --split-input-file | FileCheck %s
// RUN: dlc-opt %s --dlc-vectorize-reductions="vector-bits=512 parallel=false" --mlir-print-local-scope --split-input-file | FileCheck %s --check-prefix=SEQ

// A per-channel sum over [N, C, H, W] (BatchNorm's statistics): H and W
// collapse into one row of 1024; a forall over the channels; a loop over
// the images; each row summed as 32 vectors of 32 partial sums carried in
// registers, then one horizontal reduction per row.
// CHECK-LABEL: func.func @channel_sums
// CHECK: %[[X:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3]] : tensor<8x16x32x32xf32> into tensor<8x16x1024xf32>
// CHECK: scf.forall (%{{.*}}) in (16) shared_outs(%{{.*}}) -> (tensor<16xf32>)
// CHECK: %[[ZEROS:.*]] = vector.transfer_read {{.*}} : tensor<32xf32>, vector<32xf32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}}) -> (tensor<1xf32>)
// CHECK: %[[ROW:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0, 1]] output_shape [32, 32] : tensor<1024xf32> into tensor<32x32xf32>
// CHECK: %[[P:.*]]:3 = scf.for {{.*}} iter_args(%{{.*}}, %{{.*}}, %[[ACC:.*]] = %[[ZEROS]]) -> ({{.*}}, vector<32xf32>)
// CHECK: %[[V:.*]] = vector.transfer_read {{.*}} : tensor<1x32xf32>, vector<1x32xf32>
// CHECK: vector.multi_reduction <add>, %[[V]], %[[ACC]] [0] : vector<1x32xf32> to vector<32xf32>
// CHECK: vector.multi_reduction <add>, %{{.*}}, %{{.*}} [0] : vector<32xf32> to f32
// SEQ-LABEL: func.func @channel_sums
// SEQ-NOT: scf.forall
// SEQ: vector.multi_reduction
func.func @channel_sums(%x: tensor<8x16x32x32xf32>, %init: tensor<16xf32>) -> tensor<16xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (c)>], iterator_types = ["reduction", "parallel", "reduction", "reduction"]} ins(%x : tensor<8x16x32x32xf32>) outs(%init : tensor<16xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = arith.addf %a, %o : f32
    linalg.yield %s : f32
  } -> tensor<16xf32>
  return %0 : tensor<16xf32>
}

// -----

// A reduction over a dim that is not innermost in its input (a sum over
// channels) is left alone.
// CHECK-LABEL: func.func @over_channels
// CHECK-NOT: scf.forall
// CHECK: linalg.generic
func.func @over_channels(%x: tensor<4x64x8xf32>, %init: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(n, w, c) -> (n, c, w)>, affine_map<(n, w, c) -> (n, w)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x : tensor<4x64x8xf32>) outs(%init : tensor<4x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = arith.addf %a, %o : f32
    linalg.yield %s : f32
  } -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
