// RUN: dlc-opt %s --dlc-tile-and-vectorize="vector-bits=256 reg-m=4 reg-n=16" --mlir-print-local-scope | FileCheck %s --implicit-check-not=linalg.matmul --implicit-check-not=vector.create_mask --implicit-check-not=vector.mask
// RUN: dlc-opt %s --dlc-tile-and-vectorize="vector-bits=256 reg-m=4 reg-n=16 parallel=false" | FileCheck %s --check-prefix=SEQ
// RUN: dlc-opt %s --dlc-tile-and-vectorize="vector-bits=512" | FileCheck %s --check-prefix=AVX512
// RUN: dlc-opt %s --dlc-tile-and-vectorize="vector-bits=256 reg-m=4 reg-n=16 tap-unroll=0" | FileCheck %s --check-prefix=ROLLED

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
// The column of A element by element (each broadcast from memory by LLVM).
// CHECK-COUNT-4: tensor.extract %{{.*}} : tensor<4x1xf32>
// CHECK: vector.from_elements {{.*}} : vector<4xf32>
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
// The AVX-512 strategy: 8x32 register tiles (16 zmm accumulators).
// AVX512-LABEL: func.func @matmul_64
// AVX512: vector.outerproduct {{.*}} : vector<8xf32>, vector<32xf32>
func.func @matmul_64(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}

// A direct convolution from dlc-conv-to-gemm (loops n, oh, ow, fo, fi, c,
// kh, kw): its output width (10) is split into whole register tiles (8, two
// of 4) and a remainder (2); each part is a forall over images, rows and channel
// blocks, then per row a [pixels x channels] register tile. Its
// accumulator starts from zero, is carried as vector<4x16xf32> (rows of 16
// channels) through the loops over input channels and kernel taps, and is
// transposed once (the output is [channels][pixels]) and added to the
// output's initial value, read in its own order, when it is written.
// CHECK-LABEL: func.func @direct_conv
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x12x12xf32>, %[[W:.*]]: tensor<2x8x3x3x16xf32>, %[[INIT:.*]]: tensor<1x2x16x10x10xf32>)
// CHECK-DAG: %[[ACC0:.*]] = arith.constant dense<0.000000e+00> : vector<4x16xf32>
// CHECK: %[[MAIN:.*]] = scf.forall {{.*}} shared_outs(%{{.*}}) -> (tensor<1x2x16x10x8xf32>)
// The loops over the kernel taps are unrolled: one loop over input channels
// whose body has the nine taps' outer products.
// CHECK: %[[K:.*]]:4 = scf.for {{.*}} iter_args({{.*}}, %[[ACC:.*]] = %[[ACC0]]) -> ({{.*}}, vector<4x16xf32>)
// CHECK-NOT: vector.transpose
// CHECK-NOT: scf.for
// CHECK: %[[PIX:.*]] = vector.from_elements {{.*}} : vector<4xf32>
// CHECK: %[[CH:.*]] = vector.transfer_read %{{.*}} : tensor<1x16xf32>, vector<16xf32>
// CHECK: %[[OP:.*]] = vector.outerproduct %[[PIX]], %[[CH]], %[[ACC]] {kind = #vector.kind<add>} : vector<4xf32>, vector<16xf32>
// CHECK: vector.outerproduct {{.*}}, %[[OP]] {kind
// CHECK-COUNT-7: vector.outerproduct
// CHECK-NOT: vector.outerproduct
// CHECK: scf.yield
// CHECK: %[[R:.*]] = vector.transpose %[[K]]#3, [1, 0] : vector<4x16xf32> to vector<16x4xf32>
// CHECK: %[[OLD:.*]] = vector.transfer_read %[[K]]#2[%{{.*}}, %{{.*}}], %{{.*}} {in_bounds = [true, true]} : tensor<16x4xf32>, vector<16x4xf32>
// CHECK: %[[SUM:.*]] = arith.addf %[[R]], %[[OLD]] : vector<16x4xf32>
// CHECK: vector.transfer_write %[[SUM]], %[[K]]#2{{.*}} : vector<16x4xf32>, tensor<16x4xf32>
// CHECK: %[[PART:.*]] = tensor.insert_slice %[[MAIN]] into %[[INIT]][0, 0, 0, 0, 0] [1, 2, 16, 10, 8]
// CHECK: scf.forall {{.*}} -> (tensor<1x2x16x10x2xf32>)
// CHECK: vector.outerproduct {{.*}} : vector<2xf32>, vector<16xf32>
// CHECK: tensor.insert_slice %{{.*}} into %[[PART]][0, 0, 0, 0, 8] [1, 2, 16, 10, 2]
// With tap-unroll=0 the taps stay loops: input channels, then kernel rows,
// then kernel columns around one outer product.
// ROLLED-LABEL: func.func @direct_conv
// ROLLED: scf.for {{.*}} -> ({{.*}}, vector<4x16xf32>)
// ROLLED: scf.for {{.*}} -> ({{.*}}, vector<4x16xf32>)
// ROLLED: scf.for {{.*}} -> ({{.*}}, vector<4x16xf32>)
// ROLLED-COUNT-1: vector.outerproduct
// ROLLED-NOT: vector.outerproduct
// ROLLED: scf.yield
func.func @direct_conv(%x: tensor<1x8x12x12xf32>, %w: tensor<2x8x3x3x16xf32>, %init: tensor<1x2x16x10x10xf32>) -> tensor<1x2x16x10x10xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(n, oh, ow, fo, fi, c, kh, kw) -> (n, c, oh + kh, ow + kw)>, affine_map<(n, oh, ow, fo, fi, c, kh, kw) -> (fo, c, kh, kw, fi)>, affine_map<(n, oh, ow, fo, fi, c, kh, kw) -> (n, fo, fi, oh, ow)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : tensor<1x8x12x12xf32>, tensor<2x8x3x3x16xf32>) outs(%init : tensor<1x2x16x10x10xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x2x16x10x10xf32>
  return %0 : tensor<1x2x16x10x10xf32>
}

// A strided direct convolution: the pixels of a register tile are every
// second element of an input row, read one by one (LLVM broadcasts each
// from memory) into the outer product's broadcast operand.
// CHECK-LABEL: func.func @direct_conv_strided
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[C6:.*]] = arith.constant 6 : index
// CHECK: %[[P0:.*]] = tensor.extract %[[ROW:.*]][%{{.*}}, %{{.*}}] : tensor<1x7xf32>
// CHECK: %[[P1:.*]] = tensor.extract %[[ROW]][%{{.*}}, %[[C2]]] : tensor<1x7xf32>
// CHECK: %[[P2:.*]] = tensor.extract %[[ROW]][%{{.*}}, %[[C4]]] : tensor<1x7xf32>
// CHECK: %[[P3:.*]] = tensor.extract %[[ROW]][%{{.*}}, %[[C6]]] : tensor<1x7xf32>
// CHECK: %[[PIX:.*]] = vector.from_elements %[[P0]], %[[P1]], %[[P2]], %[[P3]] : vector<4xf32>
// CHECK: vector.outerproduct %[[PIX]], %{{.*}}, %{{.*}} {kind = #vector.kind<add>} : vector<4xf32>, vector<16xf32>
func.func @direct_conv_strided(%x: tensor<1x3x9x9xf32>, %w: tensor<1x3x3x3x16xf32>, %init: tensor<1x1x16x4x4xf32>) -> tensor<1x1x16x4x4xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(n, oh, ow, fo, fi, c, kh, kw) -> (n, c, oh * 2 + kh, ow * 2 + kw)>, affine_map<(n, oh, ow, fo, fi, c, kh, kw) -> (fo, c, kh, kw, fi)>, affine_map<(n, oh, ow, fo, fi, c, kh, kw) -> (n, fo, fi, oh, ow)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : tensor<1x3x9x9xf32>, tensor<1x3x3x3x16xf32>) outs(%init : tensor<1x1x16x4x4xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x1x16x4x4xf32>
  return %0 : tensor<1x1x16x4x4xf32>
}

// Sizes that are not multiples of the register tile (13x17, K = 5) are
// split into whole tiles and remainders (12 + 1 rows, 16 + 1 columns):
// four parts, every tile static, no masks. M (13) fits one level-1 block,
// so the split is made inside that block: one forall whose work items read
// their panel of B once for all four parts (split first, the remainder row
// would be a GEMV of its own over all of B).
// CHECK-LABEL: func.func @matmul_odd
// CHECK: scf.forall {{.*}} to (13, 17) step (13, 17) {{.*}} -> (tensor<13x17xf32>)
// CHECK-NOT: scf.forall
// CHECK: vector.outerproduct {{.*}} : vector<4xf32>, vector<16xf32>
// CHECK: vector.outerproduct {{.*}} : vector<4xf32>, vector<1xf32>
// CHECK: vector.outerproduct {{.*}} : vector<1xf32>, vector<16xf32>
// CHECK: vector.outerproduct {{.*}} : vector<1xf32>, vector<1xf32>
// CHECK: scf.forall.in_parallel
func.func @matmul_odd(%a: tensor<13x5xf32>, %b: tensor<5x17xf32>, %c: tensor<13x17xf32>) -> tensor<13x17xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<13x5xf32>, tensor<5x17xf32>) outs(%c : tensor<13x17xf32>) -> tensor<13x17xf32>
  return %0 : tensor<13x17xf32>
}

// A remainder of the vector axis is split into powers of two (an odd
// vector is legalized lane by lane): 8 x 29 columns are 16 + 8 + 4 + 1.
// CHECK-LABEL: func.func @matmul_vector_remainder
// CHECK: vector.outerproduct {{.*}} : vector<4xf32>, vector<16xf32>
// CHECK: vector.outerproduct {{.*}} : vector<4xf32>, vector<8xf32>
// CHECK: vector.outerproduct {{.*}} : vector<4xf32>, vector<4xf32>
// CHECK: vector.outerproduct {{.*}} : vector<4xf32>, vector<1xf32>
func.func @matmul_vector_remainder(%a: tensor<8x3xf32>, %b: tensor<3x29xf32>, %c: tensor<8x29xf32>) -> tensor<8x29xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x3xf32>, tensor<3x29xf32>) outs(%c : tensor<8x29xf32>) -> tensor<8x29xf32>
  return %0 : tensor<8x29xf32>
}

// A vector operand stored with N outside its innermost dim (x W^T: W is
// [N, K]) is read packed as [K, N]: by one copy when it is an argument, at
// compile time when it is a constant; its vectors are then contiguous.
// CHECK-LABEL: func.func @matmul_transposed_b
// CHECK-SAME: (%[[A:.*]]: tensor<4x8xf32>, %[[B:.*]]: tensor<16x8xf32>, %[[C:.*]]: tensor<4x16xf32>)
// CHECK: %[[BT:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%[[B]] : tensor<16x8xf32>) outs(%{{.*}} : tensor<8x16xf32>)
// CHECK: tensor.extract_slice %[[BT]]
// CHECK: vector.transfer_read %{{.*}} {in_bounds = [true]} : tensor<1x16xf32>, vector<16xf32>
// CHECK: vector.outerproduct {{.*}} : vector<4xf32>, vector<16xf32>
func.func @matmul_transposed_b(%a: tensor<4x8xf32>, %b: tensor<16x8xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %b : tensor<4x8xf32>, tensor<16x8xf32>) outs(%c : tensor<4x16xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// CHECK-LABEL: func.func @matmul_transposed_const
// CHECK: arith.constant dense<{{\[\[}}1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK: vector.outerproduct {{.*}} : vector<1xf32>, vector<2xf32>
func.func @matmul_transposed_const(%a: tensor<1x2xf32>, %c: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %b = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %b : tensor<1x2xf32>, tensor<2x2xf32>) outs(%c : tensor<1x2xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}
