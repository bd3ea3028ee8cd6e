// RUN: dlc-opt %s --dlc-results-in-out-params --split-input-file | FileCheck %s

// A result copied into its output argument from a reshape of a temporary
// is computed in the output argument: the allocation becomes the inverse
// reshape of the argument, the copy goes.

// CHECK-LABEL: func.func @expanded
// CHECK-SAME: (%[[IN:.*]]: memref<8x18xf32>, %[[OUT:.*]]: memref<8x2x3x3xf32>)
// CHECK-NOT: memref.alloc
// CHECK: %[[VIEW:.*]] = memref.collapse_shape %[[OUT]] {{\[}}[0], [1, 2, 3]] : memref<8x2x3x3xf32> into memref<8x18xf32>
// CHECK-NEXT: memref.copy %[[IN]], %[[VIEW]]
// CHECK-NEXT: return
func.func @expanded(%in: memref<8x18xf32>, %out: memref<8x2x3x3xf32>) {
  %a = memref.alloc() {alignment = 64 : i64} : memref<8x18xf32>
  memref.copy %in, %a : memref<8x18xf32> to memref<8x18xf32>
  %v = memref.expand_shape %a [[0], [1, 2, 3]] output_shape [8, 2, 3, 3] : memref<8x18xf32> into memref<8x2x3x3xf32>
  memref.copy %v, %out : memref<8x2x3x3xf32> to memref<8x2x3x3xf32>
  return
}

// -----

// A chain of reshapes is undone in reverse order.

// CHECK-LABEL: func.func @chain
// CHECK-SAME: (%[[IN:.*]]: memref<1x6x4xf32>, %[[OUT:.*]]: memref<6x2x2xf32>)
// CHECK: %[[E:.*]] = memref.expand_shape %[[OUT]] {{\[}}[0], [1], [2, 3]] output_shape [6, 2, 1, 2] : memref<6x2x2xf32> into memref<6x2x1x2xf32>
// CHECK: %[[C:.*]] = memref.collapse_shape %[[E]] {{\[}}[0], [1, 2, 3]] : memref<6x2x1x2xf32> into memref<6x4xf32>
// CHECK: %[[A:.*]] = memref.expand_shape %[[C]] {{\[}}[0, 1], [2]] output_shape [1, 6, 4] : memref<6x4xf32> into memref<1x6x4xf32>
// CHECK-NEXT: memref.copy %[[IN]], %[[A]]
// CHECK-NEXT: return
func.func @chain(%in: memref<1x6x4xf32>, %out: memref<6x2x2xf32>) {
  %a = memref.alloc() : memref<1x6x4xf32>
  memref.copy %in, %a : memref<1x6x4xf32> to memref<1x6x4xf32>
  %c = memref.collapse_shape %a [[0, 1], [2]] : memref<1x6x4xf32> into memref<6x4xf32>
  %e = memref.expand_shape %c [[0], [1, 2, 3]] output_shape [6, 2, 1, 2] : memref<6x4xf32> into memref<6x2x1x2xf32>
  %r = memref.collapse_shape %e [[0], [1], [2, 3]] : memref<6x2x1x2xf32> into memref<6x2x2xf32>
  memref.copy %r, %out : memref<6x2x2xf32> to memref<6x2x2xf32>
  return
}

// -----

// Left alone: the temporary is read after the copy (the output would see
// what is written to it later), the output argument has another use, the
// copied value is not a reshape (hoist-static-allocs' case), or the
// temporary has a dynamic shape.

// CHECK-LABEL: func.func @used_after_copy
// CHECK: memref.alloc
// CHECK: memref.copy %{{.*}}, %arg1
func.func @used_after_copy(%in: memref<4xf32>, %out: memref<2x2xf32>, %other: memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  memref.copy %in, %a : memref<4xf32> to memref<4xf32>
  %v = memref.expand_shape %a [[0, 1]] output_shape [2, 2] : memref<4xf32> into memref<2x2xf32>
  memref.copy %v, %out : memref<2x2xf32> to memref<2x2xf32>
  memref.copy %a, %other : memref<4xf32> to memref<4xf32>
  return
}

// CHECK-LABEL: func.func @output_used_twice
// CHECK: memref.alloc
// CHECK: memref.copy %{{.*}}, %arg1
func.func @output_used_twice(%in: memref<4xf32>, %out: memref<2x2xf32>) {
  %a = memref.alloc() : memref<4xf32>
  memref.copy %in, %a : memref<4xf32> to memref<4xf32>
  %v = memref.expand_shape %a [[0, 1]] output_shape [2, 2] : memref<4xf32> into memref<2x2xf32>
  %w = memref.expand_shape %in [[0, 1]] output_shape [2, 2] : memref<4xf32> into memref<2x2xf32>
  memref.copy %w, %out : memref<2x2xf32> to memref<2x2xf32>
  memref.copy %v, %out : memref<2x2xf32> to memref<2x2xf32>
  return
}

// CHECK-LABEL: func.func @not_a_reshape
// CHECK: memref.alloc
// CHECK: memref.copy %{{.*}}, %arg1
func.func @not_a_reshape(%in: memref<4xf32>, %out: memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  memref.copy %in, %a : memref<4xf32> to memref<4xf32>
  memref.copy %a, %out : memref<4xf32> to memref<4xf32>
  return
}

// CHECK-LABEL: func.func @dynamic
// CHECK: memref.alloc
// CHECK: memref.copy %{{.*}}, %arg1
func.func @dynamic(%in: memref<?xf32>, %out: memref<?x1xf32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %in, %c0 : memref<?xf32>
  %a = memref.alloc(%n) : memref<?xf32>
  memref.copy %in, %a : memref<?xf32> to memref<?xf32>
  %v = memref.expand_shape %a [[0, 1]] output_shape [%n, 1] : memref<?xf32> into memref<?x1xf32>
  memref.copy %v, %out : memref<?x1xf32> to memref<?x1xf32>
  return
}
