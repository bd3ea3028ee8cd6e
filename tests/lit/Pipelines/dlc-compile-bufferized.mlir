// RUN: dlc-opt %S/Inputs/small-cnn.mlir --dlc-compile="stop-after=bufferized vector-bits=256" | FileCheck %s --implicit-check-not='{{[[:space:]]dlc[.]}}' --implicit-check-not=tensor.

// Phase "bufferized": memrefs only. The result is an out-parameter (the
// function returns nothing); the temporaries are views of one arena
// planned at compile time (dlc-plan-memory), a module global claimed by an
// atomic flag (a busy arena: a private one); buffers whose lifetimes do not
// overlap share its bytes; the vector microkernels read and write memref
// subviews.

// CHECK: memref.global "private" @main_arena : memref<[[SIZE:[0-9]+]]xi8> = uninitialized {alignment = 64 : i64}
// CHECK: memref.global "private" @main_arena_busy : memref<i32> = dense<0>
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[IMAGE:.*]]: memref<1x3x8x8xf32>, %[[W:.*]]: memref<4x3x3x3xf32>, %[[B:.*]]: memref<4xf32>, %[[FCW:.*]]: memref<10x4xf32>, %[[FCB:.*]]: memref<10xf32>, %[[OUT:.*]]: memref<1x10xf32>) {
// CHECK: %[[FLAG:.*]] = memref.get_global @main_arena_busy : memref<i32>
// CHECK: %[[OLD:.*]] = memref.atomic_rmw assign %{{.*}}, %[[FLAG]][] : (i32, memref<i32>) -> i32
// CHECK: %[[MINE:.*]] = arith.cmpi eq, %[[OLD]], %{{.*}} : i32
// CHECK: %[[ARENA:.*]] = scf.if %[[MINE]] -> (memref<[[SIZE]]xi8>) {
// CHECK-NEXT: memref.get_global @main_arena : memref<[[SIZE]]xi8>
// CHECK: } else {
// CHECK-NEXT: memref.alloc() {alignment = 64 : i64} : memref<[[SIZE]]xi8>
// CHECK-DAG: %[[AT0:.*]] = arith.constant 0 : index
// The padded input (dlc-pad-in-place): a view of the arena, the image
// copied row by row into its interior, then its zero border written by
// vector stores, plane by plane, in the same buffer.
// CHECK: %[[PADDED:.*]] = memref.view %[[ARENA]][%[[AT0]]][] : memref<[[SIZE]]xi8> to memref<1x3x10x10xf32>
// CHECK: %[[INTERIOR:.*]] = memref.subview %[[PADDED]][0, 0, 1, 1] [1, 3, 8, 8] [1, 1, 1, 1]
// CHECK: %[[ROWS:.*]] = memref.collapse_shape %[[INTERIOR]]
// CHECK: memref.subview %[[ROWS]]
// CHECK: memref.copy
// CHECK: scf.forall
// CHECK: %[[PLANE:.*]] = memref.subview %[[PADDED]][0, %{{.*}}, 0, 0] [1, 1, 10, 10] [1, 1, 1, 1]
// CHECK-COUNT-2: vector.transfer_write %{{.*}}, %[[PLANE]]{{.*}} : vector<10xf32>
// CHECK-COUNT-2: vector.transfer_write %{{.*}}, %[[PLANE]]{{.*}} : vector<8x1xf32>
// The filter packed as [F/FI, C, KH, KW, FI] (it is an argument here).
// CHECK: %[[WT:.*]] = memref.view %[[ARENA]][%{{.*}}][] : memref<[[SIZE]]xi8> to memref<1x3x3x3x4xf32>
// CHECK: linalg.generic {{.*}} ins(%[[W]] : memref<4x3x3x3xf32>) outs(%[[WT]] : memref<1x3x3x3x4xf32>)
// The direct convolution's microkernel on memrefs: 6-pixel tiles, then the
// 2-pixel remainder, their accumulators started from the bias (the output
// is written, never read).
// CHECK: %[[BROW:.*]] = memref.expand_shape %[[B]]
// CHECK: vector.transfer_read %[[BROW]]
// CHECK: scf.for
// CHECK: vector.outerproduct {{.*}} : vector<6xf32>, vector<4xf32>
// CHECK-NOT: vector.transfer_read %{{.*}} : memref<4x6xf32
// CHECK: vector.transfer_write %{{.*}} : vector<4x6xf32>, memref<4x6xf32, strided<[64, 1], offset: ?>>
// CHECK: vector.outerproduct {{.*}} : vector<2xf32>, vector<4xf32>
// CHECK: vector.transfer_write %{{.*}} : vector<4x2xf32>, memref<4x2xf32, strided<[64, 1], offset: ?>>
// The pooling's output takes the bytes of the padded input, dead by then.
// CHECK: memref.view %[[ARENA]][%[[AT0]]][] : memref<[[SIZE]]xi8> to memref<1x4x4x4xf32>
// The linear layer (bias broadcast and products) and the softmax, all
// vectorized (exp as a polynomial, no libm call), write straight into the
// out-parameter.
// CHECK: memref.subview %[[FCB]][0] [8] [1]
// CHECK: memref.subview %[[FCW]]
// CHECK: vector.outerproduct {{.*}} : vector<1xf32>, vector<8xf32>
// CHECK: vector.outerproduct {{.*}} : vector<1xf32>, vector<2xf32>
// CHECK-NOT: math.exp
// CHECK: arith.divf {{.*}} : vector<1x8xf32>
// CHECK: vector.transfer_write %{{.*}}, %[[OUT8:.*]][%{{.*}}, %{{.*}}] {{.*}} : vector<1x8xf32>, memref<1x8xf32, strided<[10, 1]>>
// CHECK: arith.divf {{.*}} : vector<1x2xf32>
// The arena goes back: the flag cleared, or the private one freed.
// CHECK: scf.if %[[MINE]] {
// CHECK-NEXT: memref.atomic_rmw assign %{{.*}}, %[[FLAG]][] : (i32, memref<i32>) -> i32
// CHECK-NEXT: } else {
// CHECK-NEXT: memref.dealloc %[[ARENA]] : memref<[[SIZE]]xi8>
// CHECK-NEXT: }
// CHECK-NEXT: return{{$}}
