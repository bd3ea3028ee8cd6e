// RUN: dlc-opt %s --dlc-tile-and-vectorize --mlir-print-local-scope | FileCheck %s --implicit-check-not=linalg.matmul --implicit-check-not=linalg.conv_2d_nchw_fchw
// RUN: dlc-opt %s --dlc-tile-and-vectorize=parallel=false | FileCheck %s --check-prefix=SEQ

// Contractions become a parallel scf.forall over output blocks, an scf.for
// over K blocks, and 4x16 register tiles whose accumulator stays in a
// vector<4x16xf32> loop-carried value across the innermost K loop (read
// before it, written after it), with one vector.outerproduct per K step.

// A 64x64x64 matmul: one 64x64 output block, 16x4 register tiles.
// CHECK-LABEL: func.func @matmul_64
// CHECK-SAME: (%[[A:.*]]: tensor<64x64xf32>, %[[B:.*]]: tensor<64x64xf32>, %[[C:.*]]: tensor<64x64xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG: %[[C64:.*]] = arith.constant 64 : index
// Level 1: parallel output blocks.
// CHECK: %[[RES:.*]] = scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (64, 64) step (64, 64) shared_outs(%{{.*}} = %[[C]]) -> (tensor<64x64xf32>)
// Level 2: K blocks.
// CHECK: scf.for %{{.*}} = %[[C0]] to %[[C64]] step %[[C64]]
// Level 3: 4x16 register tiles.
// CHECK: scf.for %{{.*}} = %[[C0]] to %[[C64]] step %[[C4]]
// CHECK: scf.for %{{.*}} = %[[C0]] to %[[C64]] step %[[C16]]
// CHECK: %[[TILE:.*]] = tensor.extract_slice %{{.*}} [4, 16] [1, 1] : tensor<64x64xf32> to tensor<4x16xf32>
// The accumulator is read once, before the K loop, and carried in registers.
// CHECK: %[[ACC0:.*]] = vector.transfer_read %[[TILE]][%[[C0]], %[[C0]]], %{{.*}} {in_bounds = [true, true]} : tensor<4x16xf32>, vector<4x16xf32>
// CHECK: %[[K:.*]]:3 = scf.for %{{.*}} = %[[C0]] to %[[C64]] step %[[C1]] iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %[[TILE]], %[[ACC:.*]] = %[[ACC0]]) -> (tensor<64x64xf32>, tensor<4x16xf32>, vector<4x16xf32>)
// CHECK-NOT: vector.transfer_write
// CHECK-NOT: vector.transfer_read {{.*}}vector<4x16xf32>
// CHECK: vector.transfer_read %{{.*}} : tensor<4x1xf32>, vector<4x1xf32>
// CHECK: vector.transfer_read %{{.*}} : tensor<1x16xf32>, vector<16xf32>
// CHECK: %[[OP:.*]] = vector.outerproduct %{{.*}}, %{{.*}}, %[[ACC]] {kind = #vector.kind<add>} : vector<4xf32>, vector<16xf32>
// CHECK: scf.yield %{{.*}}, %{{.*}}, %[[OP]] : tensor<64x64xf32>, tensor<4x16xf32>, vector<4x16xf32>
// The accumulator is written once, after the K loop.
// CHECK: vector.transfer_write %[[K]]#2, %[[K]]#1[%[[C0]], %[[C0]]] {in_bounds = [true, true]} : vector<4x16xf32>, tensor<4x16xf32>
// CHECK: scf.forall.in_parallel
// CHECK: tensor.parallel_insert_slice
// CHECK: return %[[RES]]
// Without parallel, level 1 is a pair of scf.for loops.
// SEQ-LABEL: func.func @matmul_64
// SEQ-NOT: scf.forall
// SEQ: scf.for
// SEQ: vector.outerproduct
func.func @matmul_64(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}

// An NCHW convolution becomes im2col + a [F, C*KH*KW] x [C*KH*KW, OH*OW]
// contraction, tiled like a matmul.
// CHECK-LABEL: func.func @conv_2d_nchw_fchw
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x10x10xf32>, %[[W:.*]]: tensor<8x3x3x3xf32>, %[[INIT:.*]]: tensor<1x8x8x8xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C27:.*]] = arith.constant 27 : index
// CHECK: %[[W2:.*]] = tensor.collapse_shape %[[W]] {{\[}}[0], [1, 2, 3]] : tensor<8x3x3x3xf32> into tensor<8x27xf32>
// CHECK: %[[OUT3:.*]] = tensor.collapse_shape %[[INIT]] {{\[}}[0], [1], [2, 3]] : tensor<1x8x8x8xf32> into tensor<1x8x64xf32>
// CHECK: %[[COLS:.*]] = linalg.generic
// CHECK-SAME: ins(%[[X]] : tensor<1x3x10x10xf32>) outs(%{{.*}} : tensor<1x27x64xf32>)
// CHECK: %[[RES:.*]] = scf.forall (%{{.*}}, %{{.*}}, %{{.*}}) = (0, 0, 0) to (1, 8, 64) step (1, 8, 64) shared_outs(%{{.*}} = %[[OUT3]]) -> (tensor<1x8x64xf32>)
// CHECK: tensor.extract_slice %[[W2]]
// CHECK: tensor.extract_slice %[[COLS]]
// CHECK: %[[ACC0:.*]] = vector.transfer_read %{{.*}} : tensor<4x16xf32>, vector<4x16xf32>
// CHECK: %[[K:.*]]:4 = scf.for %{{.*}} = %[[C0]] to %[[C27]] step %[[C1]] iter_args({{.*}}, %[[ACC:.*]] = %[[ACC0]]) -> ({{.*}}, vector<4x16xf32>)
// CHECK-NOT: vector.transfer_write
// CHECK: %[[OP:.*]] = vector.outerproduct %{{.*}}, %{{.*}}, %[[ACC]] {kind = #vector.kind<add>} : vector<4xf32>, vector<16xf32>
// CHECK: scf.yield {{.*}}, %[[OP]] : {{.*}}, vector<4x16xf32>
// CHECK: vector.transfer_write %[[K]]#3, %[[K]]#2[%[[C0]], %[[C0]]] {in_bounds = [true, true]} : vector<4x16xf32>, tensor<4x16xf32>
// CHECK: scf.forall.in_parallel
// CHECK: %[[Y:.*]] = tensor.expand_shape %[[RES]] {{\[}}[0], [1], [2, 3]] output_shape [1, 8, 8, 8] : tensor<1x8x64xf32> into tensor<1x8x8x8xf32>
// CHECK: return %[[Y]]
func.func @conv_2d_nchw_fchw(%x: tensor<1x3x10x10xf32>, %w: tensor<8x3x3x3xf32>, %init: tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x3x10x10xf32>, tensor<8x3x3x3xf32>) outs(%init : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}

// Sizes that are not multiples of the register tile (13x17, K = 5) are
// vectorized with masks sized by the remaining extent.
// CHECK-LABEL: func.func @matmul_odd
// CHECK-SAME: (%[[A:.*]]: tensor<13x5xf32>, %[[B:.*]]: tensor<5x17xf32>, %[[C:.*]]: tensor<13x17xf32>)
// CHECK: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (13, 17) step (13, 17)
// CHECK: %[[M:.*]] = affine.min affine_map<(d0) -> (-d0 + 13, 4)>
// CHECK: %[[N:.*]] = affine.min affine_map<(d0) -> (-d0 + 17, 16)>
// CHECK: %[[MASK:.*]] = vector.create_mask %[[M]], %[[N]] : vector<4x16xi1>
// The masked accumulator is read before the K loop and written after it.
// CHECK: vector.transfer_read %{{.*}}, %{{.*}}, %[[MASK]] {{.*}} : tensor<?x?xf32>, vector<4x16xf32>
// CHECK: scf.for
// CHECK: vector.transfer_write %{{.*}}, %[[MASK]] {{.*}} : vector<4x16xf32>, tensor<?x?xf32>
func.func @matmul_odd(%a: tensor<13x5xf32>, %b: tensor<5x17xf32>, %c: tensor<13x17xf32>) -> tensor<13x17xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<13x5xf32>, tensor<5x17xf32>) outs(%c : tensor<13x17xf32>) -> tensor<13x17xf32>
  return %0 : tensor<13x17xf32>
}
