// RUN: dlc-opt %s --dlc-tile-and-vectorize="vector-bits=512" --split-input-file | FileCheck %s

// A direct convolution (as dlc-conv-to-gemm makes it) whose ReLU writes the
// interior of the next layer's zero-padded input (as dlc-pad-in-place makes
// it): the ReLU runs on each register tile before it is stored, the
// convolution writes straight into the padded tensor's interior, and its
// accumulators start from the bias in registers: the broadcast of the bias
// over the output is gone, nothing is copied.

#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv_relu_padded
// CHECK-SAME: %[[BIAS:[^:]*]]: tensor<32xf32>
// CHECK: %[[ROWS:.*]] = tensor.expand_shape %[[BIAS]] {{\[}}[0, 1]] output_shape [1, 32]
// CHECK: %[[FILL:.*]] = linalg.generic
// CHECK-SAME: outs(%{{.*}} : tensor<1x32x8x10xf32>)
// CHECK: %[[INTERIOR:.*]] = tensor.extract_slice %[[FILL]][0, 0, 1, 1] [1, 32, 6, 8] [1, 1, 1, 1]
// CHECK-NOT: linalg.generic
// CHECK: %[[OUT:.*]] = tensor.expand_shape %[[INTERIOR]]
// CHECK: scf.forall {{.*}} shared_outs(%{{.*}} = %[[OUT]])
// Each tile's accumulator rows (pixels) start as the bias of its 32
// channels; when it is written, the ReLU runs on it.
// CHECK: %[[ROW:.*]] = vector.transfer_read %[[ROWS]]{{.*}} : tensor<1x32xf32>, vector<32xf32>
// CHECK: %[[START:.*]] = vector.broadcast %[[ROW]] : vector<32xf32> to vector<8x32xf32>
// CHECK: %[[ACC:.*]]:4 = scf.for {{.*}} iter_args({{.*}}, %{{.*}} = %[[START]]) -> (tensor<1x1x32x6x8xf32>, tensor<1x1x32x1x8xf32>, tensor<32x8xf32>, vector<8x32xf32>)
// CHECK: vector.outerproduct
// CHECK: %[[RELU:.*]] = arith.maximumf %[[ACC]]#3, %{{.*}} : vector<8x32xf32>
// CHECK: %[[T:.*]] = vector.transpose %[[RELU]], [1, 0] : vector<8x32xf32> to vector<32x8xf32>
// CHECK: vector.transfer_write %[[T]], %[[ACC]]#2
// CHECK: %[[RESULT:.*]] = tensor.collapse_shape
// CHECK-NOT: arith.maximumf
// CHECK: %[[PADDED:.*]] = tensor.insert_slice %[[RESULT]] into %[[FILL]][0, 0, 1, 1] [1, 32, 6, 8] [1, 1, 1, 1]
// CHECK: return %[[PADDED]]
func.func @conv_relu_padded(%x: tensor<1x8x8x10xf32>, %w: tensor<1x8x3x3x32xf32>, %b: tensor<32xf32>) -> tensor<1x32x8x10xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %3 = tensor.empty() : tensor<1x32x6x8xf32>
  %4 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<32xf32>) outs(%3 : tensor<1x32x6x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x32x6x8xf32>
  %expanded = tensor.expand_shape %4 [[0], [1, 2], [3], [4]] output_shape [1, 1, 32, 6, 8] : tensor<1x32x6x8xf32> into tensor<1x1x32x6x8xf32>
  %7 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d5, d1 + d6, d2 + d7)>, affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d3, d5, d6, d7, d4)>, affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d3, d4, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : tensor<1x8x8x10xf32>, tensor<1x8x3x3x32xf32>) outs(%expanded : tensor<1x1x32x6x8xf32>) {
  ^bb0(%in: f32, %in_2: f32, %out: f32):
    %11 = arith.mulf %in, %in_2 : f32
    %12 = arith.addf %out, %11 : f32
    linalg.yield %12 : f32
  } -> tensor<1x1x32x6x8xf32>
  %collapsed = tensor.collapse_shape %7 [[0], [1, 2], [3], [4]] : tensor<1x1x32x6x8xf32> into tensor<1x32x6x8xf32>
  %8 = tensor.empty() {dlc.padded = 1 : i64} : tensor<1x32x8x10xf32>
  %9 = linalg.generic {indexing_maps = [#id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%8 : tensor<1x32x8x10xf32>) {
  ^bb0(%out: f32):
    linalg.yield %cst : f32
  } -> tensor<1x32x8x10xf32>
  %extracted_slice_0 = tensor.extract_slice %9[0, 0, 1, 1] [1, 32, 6, 8] [1, 1, 1, 1] : tensor<1x32x8x10xf32> to tensor<1x32x6x8xf32>
  %10 = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%collapsed : tensor<1x32x6x8xf32>) outs(%extracted_slice_0 : tensor<1x32x6x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %11 = arith.maximumf %in, %cst : f32
    linalg.yield %11 : f32
  } -> tensor<1x32x6x8xf32>
  %inserted_slice_1 = tensor.insert_slice %10 into %9[0, 0, 1, 1] [1, 32, 6, 8] [1, 1, 1, 1] : tensor<1x32x6x8xf32> into tensor<1x32x8x10xf32>
  return %inserted_slice_1 : tensor<1x32x8x10xf32>
}

// -----

// A reduction deeper than a K block (512 > 256): each register tile is
// stored once per K block, so the ReLU cannot run on it; it stays a pass of
// its own over the product.

// CHECK-LABEL: func.func @deep_matmul_relu
// CHECK: %[[MM:.*]] = scf.forall
// CHECK-NOT: arith.maximumf
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[MM]] : tensor<4x16xf32>)
// CHECK: arith.maximumf
func.func @deep_matmul_relu(%arg0: tensor<4x512xf32>, %arg1: tensor<512x16xf32>) -> tensor<4x16xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<4x16xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<4x16xf32>) -> tensor<4x16xf32>
  %2 = linalg.matmul ins(%arg0, %arg1 : tensor<4x512xf32>, tensor<512x16xf32>) outs(%1 : tensor<4x16xf32>) -> tensor<4x16xf32>
  %3 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%2 : tensor<4x16xf32>) outs(%0 : tensor<4x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %4 = arith.maximumf %in, %cst : f32
    linalg.yield %4 : f32
  } -> tensor<4x16xf32>
  return %3 : tensor<4x16xf32>
}
