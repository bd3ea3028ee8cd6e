// RUN: dlc-opt %s --dlc-tile-and-vectorize="vector-bits=512" --split-input-file | FileCheck %s

// A contraction's register tiles start their accumulators from the
// initial value's writer's inputs (the bias, bias + residual, a fill) in
// registers, once per tile; the writer's pass over the whole output goes.

// A 1x1 convolution as a matrix product ([channels][pixels]: the bias runs
// along the rows) whose bias broadcast was made in NCHW and collapsed:
// each of a tile's 8 rows starts as one bias element splatted.
// CHECK-LABEL: func.func @pointwise_bias
// CHECK-SAME: %[[B:[^:]*]]: tensor<16xf32>) -> tensor<1x16x64xf32>
// CHECK-NOT: linalg.generic
// CHECK: %[[OUT:.*]] = tensor.collapse_shape
// CHECK: scf.forall {{.*}} shared_outs(%{{.*}} = %[[OUT]])
// CHECK-COUNT-8: tensor.extract %[[B]]
// CHECK: %[[START:.*]] = vector.insert %{{.*}} [7] : vector<32xf32> into vector<8x32xf32>
// CHECK: scf.for {{.*}} iter_args({{.*}}, %{{.*}} = %[[START]]) -> ({{.*}}, vector<8x32xf32>)
// CHECK: vector.outerproduct
// CHECK-NOT: vector.transfer_read {{.*}} : tensor<8x32xf32>
// CHECK: vector.transfer_write %{{.*}} : vector<8x32xf32>, tensor<8x32xf32>
// CHECK-NOT: linalg.generic
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#bias4 = affine_map<(d0, d1, d2, d3) -> (d1)>
#w = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
#x = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#o = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
func.func @pointwise_bias(%x: tensor<1x32x64xf32>, %w: tensor<16x32xf32>, %b: tensor<16xf32>) -> tensor<1x16x64xf32> {
  %e = tensor.empty() : tensor<1x16x8x8xf32>
  %bb = linalg.generic {indexing_maps = [#bias4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<16xf32>) outs(%e : tensor<1x16x8x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x16x8x8xf32>
  %c = tensor.collapse_shape %bb [[0], [1], [2, 3]] : tensor<1x16x8x8xf32> into tensor<1x16x64xf32>
  %r = linalg.generic {indexing_maps = [#w, #x, #o], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%w, %x : tensor<16x32xf32>, tensor<1x32x64xf32>) outs(%c : tensor<1x16x64xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %m = arith.mulf %in, %in_1 : f32
    %a = arith.addf %out, %m : f32
    linalg.yield %a : f32
  } -> tensor<1x16x64xf32>
  return %r : tensor<1x16x64xf32>
}

// -----

// Bias + residual (dlc-fuse-conv-epilogue's init): the residual's tile is
// read where the output's was and added to the bias rows.
// CHECK-LABEL: func.func @pointwise_bias_residual
// CHECK-SAME: %[[RES:[^:]*]]: tensor<1x16x64xf32>) -> tensor<1x16x64xf32>
// CHECK-NOT: linalg.generic
// CHECK: %[[ROWS:.*]] = vector.insert %{{.*}} [7] : vector<32xf32> into vector<8x32xf32>
// CHECK: %[[TILE:.*]] = vector.transfer_read %[[RES]]{{.*}} : tensor<1x16x64xf32>, vector<8x32xf32>
// CHECK: %[[START:.*]] = arith.addf %[[ROWS]], %[[TILE]] : vector<8x32xf32>
// CHECK: scf.for {{.*}} iter_args({{.*}}, %{{.*}} = %[[START]]) -> ({{.*}}, vector<8x32xf32>)
func.func @pointwise_bias_residual(%x: tensor<1x32x64xf32>, %w: tensor<16x32xf32>, %b: tensor<16xf32>, %res: tensor<1x16x64xf32>) -> tensor<1x16x64xf32> {
  %e = tensor.empty() : tensor<1x16x64xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%b, %res : tensor<16xf32>, tensor<1x16x64xf32>) outs(%e : tensor<1x16x64xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %s = arith.addf %in, %in_1 : f32
    linalg.yield %s : f32
  } -> tensor<1x16x64xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%w, %x : tensor<16x32xf32>, tensor<1x32x64xf32>) outs(%init : tensor<1x16x64xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %m = arith.mulf %in, %in_1 : f32
    %a = arith.addf %out, %m : f32
    linalg.yield %a : f32
  } -> tensor<1x16x64xf32>
  return %r : tensor<1x16x64xf32>
}

// -----

// Zeros: the accumulators start as a constant; the fill goes.
// CHECK-LABEL: func.func @matmul_zeros
// CHECK-DAG: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<8x32xf32>
// CHECK-NOT: linalg.fill
// CHECK: scf.for {{.*}} iter_args({{.*}}, %{{.*}} = %[[ZERO]]) -> ({{.*}}, vector<8x32xf32>)
func.func @matmul_zeros(%a: tensor<16x32xf32>, %b: tensor<32x64xf32>) -> tensor<16x64xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x64xf32>
  %z = linalg.fill ins(%cst : f32) outs(%e : tensor<16x64xf32>) -> tensor<16x64xf32>
  %r = linalg.matmul ins(%a, %b : tensor<16x32xf32>, tensor<32x64xf32>) outs(%z : tensor<16x64xf32>) -> tensor<16x64xf32>
  return %r : tensor<16x64xf32>
}

// -----

// K deeper than a block (512 > 256): each tile is read and written once
// per K block, only the first time from the bias; the broadcast stays.
// CHECK-LABEL: func.func @deep_matmul_bias
// CHECK: %[[BIAS:.*]] = linalg.generic
// CHECK: scf.forall {{.*}} shared_outs(%{{.*}} = %[[BIAS]])
// CHECK: vector.transfer_read {{.*}} : tensor<8x32xf32>, vector<8x32xf32>
func.func @deep_matmul_bias(%a: tensor<16x512xf32>, %b: tensor<512x64xf32>, %bias: tensor<64xf32>) -> tensor<16x64xf32> {
  %e = tensor.empty() : tensor<16x64xf32>
  %bb = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%bias : tensor<64xf32>) outs(%e : tensor<16x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<16x64xf32>
  %r = linalg.matmul ins(%a, %b : tensor<16x512xf32>, tensor<512x64xf32>) outs(%bb : tensor<16x64xf32>) -> tensor<16x64xf32>
  return %r : tensor<16x64xf32>
}

// -----

// The initial value of the second product is the first one's epilogue
// (tanh), which runs on the first one's tiles instead: the second reads
// its initial value from memory, written by those tiles.
// CHECK-LABEL: func.func @epilogue_is_init
// CHECK: %[[FIRST:.*]] = scf.forall
// CHECK: math.tanh {{.*}} : vector<8x32xf32>
// CHECK: scf.forall {{.*}} shared_outs(%{{.*}} = %[[FIRST]])
// CHECK: vector.transfer_read {{.*}} : tensor<8x32xf32>, vector<8x32xf32>
// CHECK-NOT: math.tanh
func.func @epilogue_is_init(%a: tensor<16x32xf32>, %b: tensor<32x64xf32>, %c: tensor<16x32xf32>, %d: tensor<32x64xf32>) -> tensor<16x64xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x64xf32>
  %z = linalg.fill ins(%cst : f32) outs(%e : tensor<16x64xf32>) -> tensor<16x64xf32>
  %p = linalg.matmul ins(%a, %b : tensor<16x32xf32>, tensor<32x64xf32>) outs(%z : tensor<16x64xf32>) -> tensor<16x64xf32>
  %e2 = tensor.empty() : tensor<16x64xf32>
  %t = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%p : tensor<16x64xf32>) outs(%e2 : tensor<16x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %th = math.tanh %in : f32
    linalg.yield %th : f32
  } -> tensor<16x64xf32>
  %q = linalg.matmul ins(%c, %d : tensor<16x32xf32>, tensor<32x64xf32>) outs(%t : tensor<16x64xf32>) -> tensor<16x64xf32>
  return %q : tensor<16x64xf32>
}

// -----

// A direct convolution (channels on the vector axis, its tiles transposed
// into the NCHW output) whose initial value is bias + residual: the tiles
// start from zero and, when written, add the bias (a channel's element
// splatted over its row of pixels) and the residual's tile read in the
// output's order; the writer goes.
// CHECK-LABEL: func.func @conv_bias_residual
// CHECK-SAME: %[[RES:[^:]*]]: tensor<1x32x6x8xf32>) -> tensor<1x32x6x8xf32>
// CHECK: %[[RESX:.*]] = tensor.expand_shape %[[RES]]
// CHECK-NOT: linalg.generic
// CHECK: %[[BIAS:.*]] = vector.insert %{{.*}} [31] : vector<8xf32> into vector<32x8xf32>
// CHECK: %[[ACC:.*]]:4 = scf.for
// CHECK: %[[T:.*]] = vector.transpose %[[ACC]]#3, [1, 0] : vector<8x32xf32> to vector<32x8xf32>
// CHECK: %[[ROWS:.*]] = tensor.extract_slice %[[RESX]]{{.*}} to tensor<32x8xf32>
// CHECK: %[[R:.*]] = vector.transfer_read %[[ROWS]]{{.*}} : tensor<32x8xf32>, vector<32x8xf32>
// CHECK: %[[INIT:.*]] = arith.addf %[[BIAS]], %[[R]] : vector<32x8xf32>
// CHECK: %[[SUM:.*]] = arith.addf %[[T]], %[[INIT]] : vector<32x8xf32>
// CHECK: vector.transfer_write %[[SUM]], %[[ACC]]#2
func.func @conv_bias_residual(%x: tensor<1x8x8x10xf32>, %w: tensor<1x8x3x3x32xf32>, %b: tensor<32xf32>, %res: tensor<1x32x6x8xf32>) -> tensor<1x32x6x8xf32> {
  %e = tensor.empty() : tensor<1x32x6x8xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b, %res : tensor<32xf32>, tensor<1x32x6x8xf32>) outs(%e : tensor<1x32x6x8xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %s = arith.addf %in, %in_1 : f32
    linalg.yield %s : f32
  } -> tensor<1x32x6x8xf32>
  %expanded = tensor.expand_shape %init [[0], [1, 2], [3], [4]] output_shape [1, 1, 32, 6, 8] : tensor<1x32x6x8xf32> into tensor<1x1x32x6x8xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d5, d1 + d6, d2 + d7)>, affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d3, d5, d6, d7, d4)>, affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d3, d4, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : tensor<1x8x8x10xf32>, tensor<1x8x3x3x32xf32>) outs(%expanded : tensor<1x1x32x6x8xf32>) {
  ^bb0(%in: f32, %in_2: f32, %out: f32):
    %m = arith.mulf %in, %in_2 : f32
    %a = arith.addf %out, %m : f32
    linalg.yield %a : f32
  } -> tensor<1x1x32x6x8xf32>
  %collapsed = tensor.collapse_shape %r [[0], [1, 2], [3], [4]] : tensor<1x1x32x6x8xf32> into tensor<1x32x6x8xf32>
  return %collapsed : tensor<1x32x6x8xf32>
}
