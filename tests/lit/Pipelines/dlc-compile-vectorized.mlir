// RUN: dlc-opt %S/Inputs/small-cnn.mlir --dlc-compile=stop-after=vectorized | FileCheck %s --implicit-check-not=dlc. --implicit-check-not=linalg.conv_2d_nchw_fchw --implicit-check-not=memref.

// Phase "vectorized": the convolution is im2col + a register-tiled
// contraction whose 4x16 accumulator lives in a vector loop-carried value;
// everything is still on tensors.

// CHECK-LABEL: func.func @main
// CHECK-SAME: -> tensor<1x10xf32>
// im2col: the filter as a [F, C*KH*KW] matrix, the output as [N, F, OH*OW].
// CHECK: %[[W2:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2, 3]] : tensor<4x3x3x3xf32> into tensor<4x27xf32>
// CHECK: %[[COLS:.*]] = linalg.generic
// CHECK-SAME: outs(%{{.*}} : tensor<1x27x64xf32>)
// The register-tile loop over output columns, and the K loop inside it.
// CHECK: %[[TILES:.*]] = scf.for
// CHECK-SAME: -> (tensor<1x4x64xf32>)
// CHECK: %[[ACC0:.*]] = vector.transfer_read %{{.*}} : tensor<4x16xf32>, vector<4x16xf32>
// CHECK: %[[K:.*]] = scf.for %{{.*}} iter_args(%[[ACC:.*]] = %[[ACC0]]) -> (vector<4x16xf32>)
// CHECK: tensor.extract_slice %[[W2]]
// CHECK: tensor.extract_slice %[[COLS]]
// CHECK: %[[OP:.*]] = vector.outerproduct %{{.*}}, %{{.*}}, %[[ACC]] {kind = #vector.kind<add>} : vector<4xf32>, vector<16xf32>
// CHECK: scf.yield %[[OP]] : vector<4x16xf32>
// CHECK: vector.transfer_write %[[K]], %{{.*}} : vector<4x16xf32>, tensor<4x16xf32>
// CHECK: tensor.expand_shape %[[TILES]] {{\[}}[0], [1], [2, 3]] output_shape [1, 4, 8, 8] : tensor<1x4x64xf32> into tensor<1x4x8x8xf32>
// The rest of the network is unchanged linalg on tensors.
// CHECK: linalg.pooling_nchw_max
// CHECK: return %{{.*}} : tensor<1x10xf32>
