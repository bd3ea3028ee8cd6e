// RUN: dlc-opt %S/Inputs/small-cnn.mlir --dlc-compile="stop-after=bufferized vector-bits=256" | FileCheck %s --implicit-check-not=dlc. --implicit-check-not=tensor.

// Phase "bufferized": memrefs only. The result is an out-parameter (the
// function returns nothing), intermediate buffers are allocated and freed
// after their last use,
// and the vector microkernel reads and writes memref subviews.

// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[IMAGE:.*]]: memref<1x3x8x8xf32>, %[[W:.*]]: memref<4x3x3x3xf32>, %[[B:.*]]: memref<4xf32>, %[[FCW:.*]]: memref<10x4xf32>, %[[FCB:.*]]: memref<10xf32>, %[[OUT:.*]]: memref<1x10xf32>) {
// The padded input: a fresh buffer, the image copied into its interior.
// CHECK: %[[PADDED:.*]] = memref.alloc() {alignment = 64 : i64} : memref<1x3x10x10xf32>
// CHECK: %[[INTERIOR:.*]] = memref.subview %[[PADDED]][0, 0, 1, 1] [1, 3, 8, 8] [1, 1, 1, 1]
// CHECK: memref.copy %[[IMAGE]], %[[INTERIOR]]
// The filter packed as [F/FI, C, KH, KW, FI] (it is an argument here).
// CHECK: %[[WT:.*]] = memref.alloc() {alignment = 64 : i64} : memref<1x3x3x3x4xf32>
// CHECK: linalg.transpose ins(%{{.*}} : memref<1x4x3x3x3xf32>) outs(%[[WT]] : memref<1x3x3x3x4xf32>)
// The direct convolution's microkernel on memrefs: 6-pixel tiles, then the
// 2-pixel remainder; the packed filter and the padded input are freed
// right after their last reader (dlc-dealloc-after-last-use), not when the
// function returns.
// CHECK: scf.for
// CHECK: vector.transfer_read %{{.*}} : memref<4x6xf32, strided<[64, 1], offset: ?>>, vector<4x6xf32>
// CHECK: vector.outerproduct {{.*}} : vector<6xf32>, vector<4xf32>
// CHECK: vector.transfer_write %{{.*}} : vector<4x6xf32>, memref<4x6xf32, strided<[64, 1], offset: ?>>
// CHECK: vector.outerproduct {{.*}} : vector<2xf32>, vector<4xf32>
// CHECK: vector.transfer_write %{{.*}} : vector<4x2xf32>, memref<4x2xf32, strided<[64, 1], offset: ?>>
// CHECK: }
// CHECK-NEXT: memref.dealloc %[[WT]] : memref<1x3x3x3x4xf32>
// CHECK-NEXT: memref.dealloc %[[PADDED]] : memref<1x3x10x10xf32>
// CHECK: linalg.pooling_nchw_max
// The linear layer (bias broadcast and products) and the softmax, all
// vectorized (exp as a polynomial, no libm call), write straight into the
// out-parameter; every temporary is freed before the function returns.
// CHECK: memref.subview %[[FCB]][0] [8] [1]
// CHECK: memref.subview %[[FCW]]
// CHECK: vector.outerproduct {{.*}} : vector<1xf32>, vector<8xf32>
// CHECK: vector.outerproduct {{.*}} : vector<1xf32>, vector<2xf32>
// CHECK-NOT: math.exp
// CHECK: arith.divf {{.*}} : vector<1x8xf32>
// CHECK: vector.transfer_write %{{.*}}, %[[OUT8:.*]][%{{.*}}, %{{.*}}] {{.*}} : vector<1x8xf32>, memref<1x8xf32, strided<[10, 1]>>
// CHECK: arith.divf {{.*}} : vector<1x2xf32>
// CHECK: vector.transfer_write
// CHECK-NEXT: return{{$}}
