// RUN: dlc-opt %S/Inputs/small-cnn.mlir --dlc-compile=stop-after=bufferized | FileCheck %s --implicit-check-not=dlc. --implicit-check-not=tensor.

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
// im2col reads the padded input, which is freed right after
// (dlc-dealloc-after-last-use), not when the function returns.
// CHECK: %[[COLS:.*]] = memref.alloc() {alignment = 64 : i64} : memref<1x27x64xf32>
// CHECK: linalg.generic {{.*}} ins(%[[PADDED]] : memref<1x3x10x10xf32>) outs(%[[COLS]] : memref<1x27x64xf32>)
// CHECK: linalg.yield
// CHECK-NEXT: }
// CHECK-NEXT: memref.dealloc %[[PADDED]] : memref<1x3x10x10xf32>
// The microkernel on memrefs.
// CHECK: scf.for
// CHECK: vector.transfer_read %{{.*}} : memref<4x16xf32, strided<[64, 1], offset: ?>>, vector<4x16xf32>
// CHECK: vector.outerproduct
// CHECK: vector.transfer_write %{{.*}} : vector<4x16xf32>, memref<4x16xf32, strided<[64, 1], offset: ?>>
// CHECK: linalg.pooling_nchw_max
// The linear layer and softmax write straight into the out-parameter.
// CHECK: linalg.generic {{.*}} ins(%[[FCB]] : memref<10xf32>)
// CHECK: memref.subview %[[FCW]]
// CHECK: vector.outerproduct {{.*}} : vector<10xf32>, f32
// CHECK: math.exp
// CHECK: arith.divf
// The last temporaries are freed after the softmax has read them.
// CHECK: linalg.yield
// CHECK-NEXT: }
// CHECK-COUNT-3: memref.dealloc
// CHECK-NEXT: return{{$}}
