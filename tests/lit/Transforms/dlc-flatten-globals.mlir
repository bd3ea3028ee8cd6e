// RUN: dlc-opt %s --dlc-flatten-globals | FileCheck %s

// Multi-dimensional constant globals (the weights after bufferization)
// become 1-D globals over the same data, read back through
// memref.expand_shape; resources keep their blob, dense values are
// reshaped. 1-D, non-constant and uninitialized globals are left alone.

// CHECK-DAG: memref.global "private" constant @w : memref<24xf32> = dense_resource<conv.weight>
memref.global "private" constant @w : memref<2x3x2x2xf32> = dense_resource<conv.weight>
// CHECK-DAG: memref.global "private" constant @d : memref<4xf32> = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]>
memref.global "private" constant @d : memref<2x2xf32> = dense<[[1.0, 2.0], [3.0, 4.0]]>
// CHECK-DAG: memref.global "private" constant @b : memref<3xf32> = dense<5.000000e-01>
memref.global "private" constant @b : memref<3xf32> = dense<0.5>
// CHECK-DAG: memref.global "private" @state : memref<2x2xf32> = dense<0.000000e+00>
memref.global "private" @state : memref<2x2xf32> = dense<0.0>

// Each read of a flattened global is expanded to the type it had.
// CHECK-LABEL: func.func @reads
// CHECK: %[[W:.*]] = memref.get_global @w : memref<24xf32>
// CHECK: %[[W4:.*]] = memref.expand_shape %[[W]] {{\[}}[0, 1, 2, 3]] output_shape [2, 3, 2, 2] : memref<24xf32> into memref<2x3x2x2xf32>
// CHECK: %[[D:.*]] = memref.get_global @d : memref<4xf32>
// CHECK: %[[D2:.*]] = memref.expand_shape %[[D]] {{\[}}[0, 1]] output_shape [2, 2] : memref<4xf32> into memref<2x2xf32>
// CHECK: %[[B:.*]] = memref.get_global @b : memref<3xf32>
// CHECK: %[[S:.*]] = memref.get_global @state : memref<2x2xf32>
// CHECK: return %[[W4]], %[[D2]], %[[B]], %[[S]]
func.func @reads() -> (memref<2x3x2x2xf32>, memref<2x2xf32>, memref<3xf32>, memref<2x2xf32>) {
  %w = memref.get_global @w : memref<2x3x2x2xf32>
  %d = memref.get_global @d : memref<2x2xf32>
  %b = memref.get_global @b : memref<3xf32>
  %s = memref.get_global @state : memref<2x2xf32>
  return %w, %d, %b, %s : memref<2x3x2x2xf32>, memref<2x2xf32>, memref<3xf32>, memref<2x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      conv.weight: "0x04000000000000000000803F0000004000004040000080400000A0400000C0400000E0400000004100001041000020410000304100004041000050410000604100007041000080410000884100009041000098410000A0410000A8410000B0410000B841"
    }
  }
#-}
