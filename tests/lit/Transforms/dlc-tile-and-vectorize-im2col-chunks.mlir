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
