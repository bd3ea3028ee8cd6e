// RUN: dlc-opt %S/Inputs/small-cnn.mlir --dlc-compile=stop-after=dlc | FileCheck %s

// Phase "dlc": the graph is canonicalized but still made of dlc layer ops,
// one per layer, in order; nothing is lowered yet.

// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[IMAGE:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>, %[[FCW:.*]]: tensor<10x4xf32>, %[[FCB:.*]]: tensor<10xf32>) -> tensor<1x10xf32>
// CHECK-NOT: linalg.
// CHECK-NOT: tensor.
// CHECK: %[[CONV:.*]] = dlc.conv2d %[[IMAGE]], %[[W]], %[[B]] {padding = array<i64: 1, 1, 1, 1>}
// CHECK: %[[RELU:.*]] = dlc.relu %[[CONV]]
// CHECK: %[[POOL:.*]] = dlc.max_pool2d %[[RELU]]
// CHECK: %[[GAP:.*]] = dlc.global_avg_pool %[[POOL]]
// CHECK: %[[FLAT:.*]] = dlc.flatten %[[GAP]]
// CHECK: %[[FC:.*]] = dlc.gemm %[[FLAT]], %[[FCW]], %[[FCB]] {trans_b = true}
// CHECK: %[[PROBS:.*]] = dlc.softmax %[[FC]]
// CHECK: return %[[PROBS]] : tensor<1x10xf32>
