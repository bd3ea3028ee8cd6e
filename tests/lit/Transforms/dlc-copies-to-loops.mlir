// RUN: dlc-opt %s --dlc-copies-to-loops | FileCheck %s

// Copies from or into non-contiguous buffers (padding interiors, slices)
// become linalg.copy so that no memrefCopy runtime call is needed;
// contiguous copies (any offset) stay memref.copy (a memcpy).

// A copy into the interior of a padded buffer.
// CHECK-LABEL: func.func @strided_target
// CHECK-SAME: (%[[SRC:.*]]: memref<1x3x8x8xf32>, %[[DST:.*]]: memref<1x3x10x10xf32>)
// CHECK: %[[SV:.*]] = memref.subview %[[DST]][0, 0, 1, 1] [1, 3, 8, 8] [1, 1, 1, 1]
// CHECK-NOT: memref.copy
// CHECK: linalg.copy ins(%[[SRC]] : memref<1x3x8x8xf32>) outs(%[[SV]] : memref<1x3x8x8xf32, strided<[300, 100, 10, 1], offset: 11>>)
func.func @strided_target(%src: memref<1x3x8x8xf32>, %dst: memref<1x3x10x10xf32>) {
  %sv = memref.subview %dst[0, 0, 1, 1] [1, 3, 8, 8] [1, 1, 1, 1] : memref<1x3x10x10xf32> to memref<1x3x8x8xf32, strided<[300, 100, 10, 1], offset: 11>>
  memref.copy %src, %sv : memref<1x3x8x8xf32> to memref<1x3x8x8xf32, strided<[300, 100, 10, 1], offset: 11>>
  return
}

// A copy out of a strided slice.
// CHECK-LABEL: func.func @strided_source
// CHECK-SAME: (%[[SRC:.*]]: memref<2x8xf32>, %[[DST:.*]]: memref<2x4xf32>)
// CHECK: %[[SV:.*]] = memref.subview %[[SRC]][0, 4] [2, 4] [1, 1]
// CHECK-NOT: memref.copy
// CHECK: linalg.copy ins(%[[SV]] : memref<2x4xf32, strided<[8, 1], offset: 4>>) outs(%[[DST]] : memref<2x4xf32>)
func.func @strided_source(%src: memref<2x8xf32>, %dst: memref<2x4xf32>) {
  %sv = memref.subview %src[0, 4] [2, 4] [1, 1] : memref<2x8xf32> to memref<2x4xf32, strided<[8, 1], offset: 4>>
  memref.copy %sv, %dst : memref<2x4xf32, strided<[8, 1], offset: 4>> to memref<2x4xf32>
  return
}

// A copy between identity-layout buffers is left alone.
// CHECK-LABEL: func.func @contiguous
// CHECK-SAME: (%[[SRC:.*]]: memref<4x4xf32>, %[[DST:.*]]: memref<4x4xf32>)
// CHECK-NOT: linalg.copy
// CHECK: memref.copy %[[SRC]], %[[DST]] : memref<4x4xf32> to memref<4x4xf32>
func.func @contiguous(%src: memref<4x4xf32>, %dst: memref<4x4xf32>) {
  memref.copy %src, %dst : memref<4x4xf32> to memref<4x4xf32>
  return
}

// A copy into a channel range of an NCHW buffer (a concatenation): offset,
// but contiguous; it stays a memref.copy (a memcpy).
// CHECK-LABEL: func.func @channel_range
// CHECK-NOT: linalg.copy
// CHECK: memref.copy %{{.*}}, %{{.*}} : memref<1x2x4x4xf32> to memref<1x2x4x4xf32, strided<[80, 16, 4, 1], offset: 32>>
func.func @channel_range(%src: memref<1x2x4x4xf32>, %dst: memref<1x5x4x4xf32>) {
  %sv = memref.subview %dst[0, 2, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : memref<1x5x4x4xf32> to memref<1x2x4x4xf32, strided<[80, 16, 4, 1], offset: 32>>
  memref.copy %src, %sv : memref<1x2x4x4xf32> to memref<1x2x4x4xf32, strided<[80, 16, 4, 1], offset: 32>>
  return
}
