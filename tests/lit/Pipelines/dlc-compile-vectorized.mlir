// RUN: dlc-opt %S/Inputs/small-cnn.mlir --dlc-compile="stop-after=vectorized vector-bits=256" | FileCheck %s --implicit-check-not='{{[[:space:]]dlc[.]}}' --implicit-check-not=linalg.conv_2d_nchw_fchw --implicit-check-not=tensor.pad --implicit-check-not=memref.

// Phase "vectorized" (kernels shaped for 256-bit vectors: 6-pixel
// register tiles): the stride-1 convolution is a direct convolution with
// its output channels on the vector axis, the filter repacked as
// [F/FI, C, KH, KW, FI]; its 8-pixel rows are split into a 6-pixel tile and
// a 2-pixel remainder, whose accumulators live in vector loop-carried
// values; the ReLU after it runs on each register tile before it is stored
// (its epilogue); everything is still on tensors.

// CHECK-LABEL: func.func @main
// CHECK-SAME: -> tensor<1x10xf32>
// The padded image (dlc-pad-in-place): its own tensor, the image copied
// into the interior slice, which goes back in place, then the zero border
// of each of the 3 image planes (two rows, two columns).
// CHECK: %[[EMPTY:.*]] = tensor.empty() {dlc.padded = 0 : i64} : tensor<1x3x10x10xf32>
// CHECK: tensor.extract_slice %[[EMPTY]][0, 0, 1, 1] [1, 3, 8, 8] [1, 1, 1, 1]
// CHECK: %[[INSERTED:.*]] = tensor.insert_slice %{{.*}} into %[[EMPTY]][0, 0, 1, 1] [1, 3, 8, 8] [1, 1, 1, 1]
// CHECK: %[[PADDED:.*]] = scf.forall (%{{.*}}) in (3) shared_outs(%{{.*}} = %[[INSERTED]])
// CHECK-COUNT-2: vector.transfer_write {{.*}} : vector<10xf32>, tensor<10x10xf32>
// CHECK-COUNT-2: vector.transfer_write {{.*}} : vector<8x1xf32>, tensor<10x10xf32>
// The filter, packed at run time (it is an argument here).
// CHECK: %[[WT:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<4x3x3x3xf32>) outs(%{{.*}} : tensor<1x3x3x3x4xf32>)
// Each tile's 6 pixel rows start as the bias of its 4 channels (no
// broadcast of the bias over the output in memory).
// CHECK: %[[BIAS:.*]] = vector.transfer_read {{.*}} : tensor<1x4xf32>, vector<4xf32>
// CHECK: %[[START:.*]] = vector.broadcast %[[BIAS]] : vector<4xf32> to vector<6x4xf32>
// The 6-pixel tiles of each row, and the loop over input channels inside
// them with the nine kernel taps unrolled in its body.
// CHECK: %[[TILES:.*]] = scf.for
// CHECK-SAME: -> (tensor<1x1x4x8x6xf32>)
// CHECK: %[[K:.*]] = scf.for %{{.*}} iter_args(%[[ACC:.*]] = %[[START]]) -> (vector<6x4xf32>)
// CHECK-NOT: scf.for
// CHECK: tensor.extract_slice %[[WT]]
// CHECK: %[[OP:.*]] = vector.outerproduct %{{.*}}, %{{.*}}, %[[ACC]] {kind = #vector.kind<add>} : vector<6xf32>, vector<4xf32>
// CHECK-COUNT-8: vector.outerproduct
// CHECK-NOT: vector.outerproduct
// CHECK: scf.yield %{{.*}} : vector<6x4xf32>
// The finished tile's ReLU in registers, then the tile transposed into
// the output's [channels][pixels] order and written: nothing read back.
// CHECK-NOT: vector.transfer_read {{.*}} : tensor<4x6xf32>
// CHECK: %[[RELU:.*]] = arith.maximumf %[[K]], %{{.*}} : vector<6x4xf32>
// CHECK: %[[R:.*]] = vector.transpose %[[RELU]], [1, 0] : vector<6x4xf32> to vector<4x6xf32>
// CHECK: vector.transfer_write %[[R]], %{{.*}} : vector<4x6xf32>, tensor<4x6xf32>
// The 2-pixel remainder, from the bias and with its ReLU too.
// CHECK: vector.broadcast %[[BIAS]] : vector<4xf32> to vector<2x4xf32>
// CHECK: scf.for
// CHECK-SAME: -> (tensor<1x1x4x8x2xf32>)
// CHECK: vector.outerproduct {{.*}} : vector<2xf32>, vector<4xf32>
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : vector<2x4xf32>
// No ReLU of its own over the output.
// CHECK-NOT: arith.maximumf {{.*}} : vector<16xf32>
// The 2x2 stride-2 max pooling: a forall over channels and rows, each
// tap two contiguous 4-lane reads of the 7 input elements it spans and a
// shuffle of their even elements.
// CHECK: scf.forall {{.*}} -> (tensor<1x4x4x4xf32>)
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 2, 5, 7] : vector<4xf32>, vector<4xf32>
// CHECK: arith.maximumf {{.*}} : vector<4xf32>
// The linear layer is a contraction too (10 outputs: 8 + 2 lanes).
// CHECK: vector.outerproduct {{.*}} : vector<1xf32>, vector<8xf32>
// CHECK: vector.outerproduct {{.*}} : vector<1xf32>, vector<2xf32>
// CHECK: return %{{.*}} : tensor<1x10xf32>
