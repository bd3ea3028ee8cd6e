// RUN: dlc-opt %s --dlc-dealloc-after-last-use --split-input-file | FileCheck %s

// Deallocations placed at the end of the block (as MLIR's ownership-based
// deallocation places them) move up to just after the last use of the
// buffer or of anything that may alias it.

// CHECK-LABEL: func.func @straight_line
// CHECK: %[[A:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT: linalg.fill ins(%{{.*}} : f32) outs(%[[A]] : memref<4xf32>)
// CHECK-NEXT: memref.copy %[[A]], %arg0
// CHECK-NEXT: memref.dealloc %[[A]]
// CHECK-NEXT: %[[B:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT: linalg.fill ins(%{{.*}} : f32) outs(%[[B]] : memref<4xf32>)
// CHECK-NEXT: memref.copy %[[B]], %arg1
// CHECK-NEXT: memref.dealloc %[[B]]
// CHECK-NEXT: return
func.func @straight_line(%out0: memref<4xf32>, %out1: memref<4xf32>) {
  %c = arith.constant 1.0 : f32
  %a = memref.alloc() : memref<4xf32>
  linalg.fill ins(%c : f32) outs(%a : memref<4xf32>)
  memref.copy %a, %out0 : memref<4xf32> to memref<4xf32>
  %b = memref.alloc() : memref<4xf32>
  linalg.fill ins(%c : f32) outs(%b : memref<4xf32>)
  memref.copy %b, %out1 : memref<4xf32> to memref<4xf32>
  memref.dealloc %a : memref<4xf32>
  memref.dealloc %b : memref<4xf32>
  return
}

// -----

// A view of the buffer used later keeps it alive; so does a use inside a
// loop (the dealloc goes after the loop).
// CHECK-LABEL: func.func @aliases_and_loops
// CHECK: %[[A:.*]] = memref.alloc() : memref<2x4xf32>
// CHECK: %[[V:.*]] = memref.collapse_shape %[[A]]
// CHECK: %[[B:.*]] = memref.alloc() : memref<8xf32>
// CHECK: memref.copy %[[V]], %arg0
// CHECK-NEXT: memref.dealloc %[[A]]
// CHECK: scf.for
// CHECK: memref.store %{{.*}}, %[[B]]
// CHECK: }
// CHECK-NEXT: memref.dealloc %[[B]]
// CHECK-NEXT: return
func.func @aliases_and_loops(%out: memref<8xf32>) {
  %c = arith.constant 1.0 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %a = memref.alloc() : memref<2x4xf32>
  %v = memref.collapse_shape %a [[0, 1]] : memref<2x4xf32> into memref<8xf32>
  %b = memref.alloc() : memref<8xf32>
  memref.copy %v, %out : memref<8xf32> to memref<8xf32>
  scf.for %i = %c0 to %c8 step %c1 {
    memref.store %c, %b[%i] : memref<8xf32>
  }
  memref.dealloc %a : memref<2x4xf32>
  memref.dealloc %b : memref<8xf32>
  return
}

// -----

// A loop carrying the buffer gives it out as its result: uses of the
// result are uses of the buffer.
// CHECK-LABEL: func.func @carried_by_a_loop
// CHECK: %[[A:.*]] = memref.alloc() : memref<4xf32>
// CHECK: %[[R:.*]] = scf.for
// CHECK: memref.copy %[[R]], %arg0
// CHECK-NEXT: memref.dealloc %[[A]]
// CHECK-NEXT: return
func.func @carried_by_a_loop(%out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %a = memref.alloc() : memref<4xf32>
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%x = %a) -> (memref<4xf32>) {
    scf.yield %x : memref<4xf32>
  }
  memref.copy %r, %out : memref<4xf32> to memref<4xf32>
  memref.dealloc %a : memref<4xf32>
  return
}

// -----

// A buffer allocated in another block, or not by memref.alloc, stays.
// CHECK-LABEL: func.func @other_block
// CHECK: scf.for
// CHECK: }
// CHECK-NEXT: memref.dealloc %arg0
// CHECK-NEXT: return
func.func @other_block(%m: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
  }
  memref.dealloc %m : memref<4xf32>
  return
}
