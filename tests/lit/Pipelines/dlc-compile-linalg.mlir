// RUN: dlc-opt %S/Inputs/small-cnn.mlir --dlc-compile=stop-after=linalg --mlir-print-local-scope | FileCheck %s --implicit-check-not=dlc.

// Phase "linalg": every layer is linalg / tensor / arith / math on tensors,
// elementwise ops fused where linalg can. No dlc op remains.

// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[IMAGE:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>, %[[FCW:.*]]: tensor<10x4xf32>, %[[FCB:.*]]: tensor<10xf32>) -> tensor<1x10xf32>
// conv2d: explicit zero padding, bias broadcast into the accumulator.
// CHECK: %[[PAD:.*]] = tensor.pad %[[IMAGE]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[BIAS:.*]] = linalg.generic
// CHECK-SAME: ins(%[[B]] : tensor<4xf32>)
// CHECK: %[[CONV:.*]] = linalg.conv_2d_nchw_fchw
// CHECK-SAME: ins(%[[PAD]], %[[W]] : tensor<1x3x10x10xf32>, tensor<4x3x3x3xf32>) outs(%[[BIAS]] : tensor<1x4x8x8xf32>)
// relu
// CHECK: %[[RELU:.*]] = linalg.generic
// CHECK-SAME: ins(%[[CONV]] : tensor<1x4x8x8xf32>)
// CHECK: arith.maximumf
// max_pool2d: no padding needed, -inf accumulator.
// CHECK: %[[POOL:.*]] = linalg.pooling_nchw_max
// CHECK-SAME: ins(%[[RELU]], %{{.*}} : tensor<1x4x8x8xf32>, tensor<2x2xf32>)
// global_avg_pool's spatial sum; its expand_shape and flatten's collapse_shape
// cancel out.
// CHECK-NOT: tensor.expand_shape
// CHECK-NOT: tensor.collapse_shape
// CHECK: %[[SUM:.*]] = linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel", "reduction", "reduction"]
// CHECK-SAME: ins(%[[POOL]] : tensor<1x4x4x4xf32>) outs(%{{.*}} : tensor<1x4xf32>)
// The 1/(H*W) scale stays its own elementwise op: fusing it into the linear
// layer would hide the contraction from tile-and-vectorize.
// CHECK: %[[MEAN:.*]] = linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel"]
// CHECK-SAME: ins(%[[SUM]] : tensor<1x4xf32>)
// The linear layer: a contraction generic with trans_b in b's map, starting
// from the broadcast bias.
// CHECK: %[[FCINIT:.*]] = linalg.generic
// CHECK-SAME: ins(%[[FCB]] : tensor<10xf32>) outs(%{{.*}} : tensor<1x10xf32>)
// CHECK: %[[FC:.*]] = linalg.generic
// CHECK-SAME: indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
// CHECK-SAME: iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME: ins(%[[MEAN]], %[[FCW]] : tensor<1x4xf32>, tensor<10x4xf32>) outs(%[[FCINIT]] : tensor<1x10xf32>)
// softmax: max, exp, sum, divide.
// CHECK: %[[MAX:.*]] = linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "reduction"]
// CHECK-SAME: ins(%[[FC]] : tensor<1x10xf32>)
// CHECK: arith.maximumf
// CHECK: %[[EXP:.*]] = linalg.generic
// CHECK-SAME: ins(%[[FC]], %[[MAX]] : tensor<1x10xf32>, tensor<1xf32>)
// CHECK: math.exp
// CHECK: %[[DEN:.*]] = linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "reduction"]
// CHECK-SAME: ins(%[[EXP]] : tensor<1x10xf32>)
// The division reads the exponentials the sum read (not recomputed from
// the logits: they are stored for the sum anyway).
// CHECK: %[[PROBS:.*]] = linalg.generic
// CHECK-SAME: ins(%[[EXP]], %[[DEN]] : tensor<1x10xf32>, tensor<1xf32>)
// CHECK-NOT: math.exp
// CHECK: arith.divf
// CHECK: return %[[PROBS]] : tensor<1x10xf32>
