// RUN: dlc-opt %s --dlc-tile-and-vectorize | FileCheck %s --implicit-check-not=linalg.conv_2d_nchw_fchw

// A convolution whose im2col patches for the whole batch would exceed
// 8 MiB builds them a few images at a time: an scf.for over the batch
// around im2col + GEMM of that chunk. Here 576 x 3136 floats (7.1 MB) per
// image: one image at a time.
// CHECK-LABEL: func.func @large_patches
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK: %[[RES:.*]] = scf.for %[[I:.*]] = %[[C0]] to %[[C4]] step %[[C1]] iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<4x64x56x56xf32>)
// CHECK: tensor.extract_slice %{{.*}}[%[[I]], 0, 0, 0] [1, 64, 58, 58]
// CHECK: linalg.generic
// CHECK-SAME: outs(%{{.*}} : tensor<1x576x3136xf32>)
// CHECK: scf.forall
// CHECK: tensor.insert_slice %{{.*}} into %[[ACC]][%[[I]], 0, 0, 0] [1, 64, 56, 56]
// CHECK: return %[[RES]]
func.func @large_patches(%x: tensor<4x64x58x58xf32>, %w: tensor<64x64x3x3xf32>, %init: tensor<4x64x56x56xf32>) -> tensor<4x64x56x56xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<4x64x58x58xf32>, tensor<64x64x3x3xf32>) outs(%init : tensor<4x64x56x56xf32>) -> tensor<4x64x56x56xf32>
  return %0 : tensor<4x64x56x56xf32>
}

// 16 channels: 144 x 3136 floats (1.8 MB) per image, four images in
// 8 MiB: two chunks of four.
// CHECK-LABEL: func.func @chunks_of_four
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[C8]] step %[[C4]]
// CHECK: outs(%{{.*}} : tensor<4x144x3136xf32>)
func.func @chunks_of_four(%x: tensor<8x16x58x58xf32>, %w: tensor<16x16x3x3xf32>, %init: tensor<8x16x56x56xf32>) -> tensor<8x16x56x56xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<8x16x58x58xf32>, tensor<16x16x3x3xf32>) outs(%init : tensor<8x16x56x56xf32>) -> tensor<8x16x56x56xf32>
  return %0 : tensor<8x16x56x56xf32>
}

// Small patches: the whole batch at once, no loop over it.
// CHECK-LABEL: func.func @small_patches
// CHECK-NOT: scf.for {{.*}} -> (tensor<2x8x8x8xf32>)
// CHECK: outs(%{{.*}} : tensor<2x27x64xf32>)
func.func @small_patches(%x: tensor<2x3x10x10xf32>, %w: tensor<8x3x3x3xf32>, %init: tensor<2x8x8x8xf32>) -> tensor<2x8x8x8xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<2x3x10x10xf32>, tensor<8x3x3x3xf32>) outs(%init : tensor<2x8x8x8xf32>) -> tensor<2x8x8x8xf32>
  return %0 : tensor<2x8x8x8xf32>
}

// A filter adjoint (patches x output adjoint, summed over the batch) whose
// patches exceed 8 MiB: an scf.for over the images accumulates into the
// [C*KH*KW, F] result, making one image's patches (into an image-sized
// empty tensor, not a slice of the batch's) per iteration.
// CHECK-LABEL: func.func @filter_adjoint
// CHECK-NOT: tensor.empty() : tensor<8x64x3x3x56x56xf32>
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[E:.*]] = tensor.empty() : tensor<1x64x3x3x56x56xf32>
// CHECK: %[[RES:.*]] = scf.for %[[I:.*]] = %{{.*}} to %[[C8]] step %[[C1]] iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<576x64xf32>)
// CHECK: %[[X:.*]] = tensor.extract_slice %{{.*}}[%[[I]], 0, 0, 0] [1, 64, 58, 58]
// CHECK: %[[P:.*]] = linalg.generic
// CHECK-SAME: ins(%[[X]] : tensor<1x64x58x58xf32>) outs(%[[E]] : tensor<1x64x3x3x56x56xf32>)
// CHECK: tensor.collapse_shape %[[P]] {{\[}}[0], [1, 2, 3], [4, 5]] : tensor<1x64x3x3x56x56xf32> into tensor<1x576x3136xf32>
// CHECK: scf.forall {{.*}} shared_outs(%{{.*}} = %[[ACC]]) -> (tensor<576x64xf32>)
// CHECK: return %[[RES]]
#patches = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 + d4, d3 + d5)>
#id6 = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>
#lhs = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
#rhs = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#sum = affine_map<(d0, d1, d2) -> (d1, d2)>
func.func @filter_adjoint(%padded: tensor<8x64x58x58xf32>, %dyt: tensor<8x3136x64xf32>) -> tensor<576x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x64x3x3x56x56xf32>
  %p = linalg.generic {indexing_maps = [#patches, #id6], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%padded : tensor<8x64x58x58xf32>) outs(%e : tensor<8x64x3x3x56x56xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  } -> tensor<8x64x3x3x56x56xf32>
  %c = tensor.collapse_shape %p [[0], [1, 2, 3], [4, 5]] : tensor<8x64x3x3x56x56xf32> into tensor<8x576x3136xf32>
  %pe = tensor.empty() : tensor<8x576x64xf32>
  %pz = linalg.fill ins(%zero : f32) outs(%pe : tensor<8x576x64xf32>) -> tensor<8x576x64xf32>
  %prod = linalg.generic {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%c, %dyt : tensor<8x576x3136xf32>, tensor<8x3136x64xf32>) outs(%pz : tensor<8x576x64xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<8x576x64xf32>
  %se = tensor.empty() : tensor<576x64xf32>
  %sz = linalg.fill ins(%zero : f32) outs(%se : tensor<576x64xf32>) -> tensor<576x64xf32>
  %r = linalg.generic {indexing_maps = [#id3, #sum], iterator_types = ["reduction", "parallel", "parallel"]} ins(%prod : tensor<8x576x64xf32>) outs(%sz : tensor<576x64xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %a, %acc : f32
    linalg.yield %s : f32
  } -> tensor<576x64xf32>
  return %r : tensor<576x64xf32>
}
