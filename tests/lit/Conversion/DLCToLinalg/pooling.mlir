// RUN: dlc-opt %s --convert-dlc-to-linalg --mlir-print-local-scope | FileCheck %s --implicit-check-not=dlc.

// The lowering of the pooling ops added in PoolingOps.td: global max
// pooling is one reduction; adaptive and ROI pooling are separable, two
// masked reductions (along the width, then along the height); max pooling
// with indices is one windowed reduction carrying the maximum and its flat
// index.

// A max reduction over the spatial dims from -inf, expanded back to rank 4.
// CHECK-LABEL: func.func @global_max_pool
// CHECK: %[[NEG_INF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[NEG_INF]] : f32) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK: %[[MAX:.*]] = linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel", "reduction", "reduction"]
// CHECK-SAME: outs(%[[INIT]] : tensor<2x3xf32>)
// CHECK: arith.maximumf
// CHECK: %[[E:.*]] = tensor.expand_shape %[[MAX]] {{\[}}[0], [1, 2, 3]] output_shape [2, 3, 1, 1]
// CHECK: return %[[E]]
func.func @global_max_pool(%x: tensor<2x3x7x5xf32>) -> tensor<2x3x1x1xf32> {
  %0 = dlc.global_max_pool %x : (tensor<2x3x7x5xf32>) -> tensor<2x3x1x1xf32>
  return %0 : tensor<2x3x1x1xf32>
}

// Sum over the column bins into [N, C, H, OW], over the row bins into
// [N, C, OH, OW], then times the reciprocal bin area (10 rows into 3 bins
// of 4, 9 columns into 4 bins of 3: 1/12 everywhere).
// CHECK-LABEL: func.func @adaptive_avg_pool2d
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x10x9xf32>)
// CHECK: %[[ROWS:.*]] = linalg.generic
// CHECK-SAME: indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>]
// CHECK-SAME: iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME: ins(%[[X]] : tensor<1x3x10x9xf32>)
// CHECK: arith.addf
// CHECK: arith.select
// CHECK: } -> tensor<1x3x10x4xf32>
// CHECK: %[[SUM:.*]] = linalg.generic
// CHECK-SAME: indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d4, d3)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>]
// CHECK-SAME: ins(%[[ROWS]] : tensor<1x3x10x4xf32>)
// CHECK: } -> tensor<1x3x3x4xf32>
// CHECK: %[[RECIP:.*]] = arith.constant dense<0.0833333358> : tensor<3x4xf32>
// CHECK: %[[MEAN:.*]] = linalg.generic
// CHECK-SAME: ins(%[[SUM]], %[[RECIP]] : tensor<1x3x3x4xf32>, tensor<3x4xf32>)
// CHECK: arith.mulf
// CHECK: return %[[MEAN]]
func.func @adaptive_avg_pool2d(%x: tensor<1x3x10x9xf32>) -> tensor<1x3x3x4xf32> {
  %0 = dlc.adaptive_avg_pool2d %x {output_size = array<i64: 3, 4>} : (tensor<1x3x10x9xf32>) -> tensor<1x3x3x4xf32>
  return %0 : tensor<1x3x3x4xf32>
}

// The same two stages with maximumf from -inf and no scaling.
// CHECK-LABEL: func.func @adaptive_max_pool2d
// CHECK: linalg.generic
// CHECK: arith.maximumf
// CHECK: } -> tensor<1x3x5x7xf32>
// CHECK: %[[MAX:.*]] = linalg.generic
// CHECK: arith.maximumf
// CHECK: } -> tensor<1x3x7x7xf32>
// CHECK-NOT: arith.mulf
// CHECK: return %[[MAX]]
func.func @adaptive_max_pool2d(%x: tensor<1x3x5x3xf32>) -> tensor<1x3x7x7xf32> {
  %0 = dlc.adaptive_max_pool2d %x {output_size = array<i64: 7, 7>} : (tensor<1x3x5x3xf32>) -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// Bin bounds per ROI (rows from columns 2 and 4, columns from 1 and 3, in
// f32 with round/floor/ceil), the batch index per ROI, the row stage that
// reads the ROI's image with tensor.extract, the column stage, and 0 for
// empty bins.
// CHECK-LABEL: func.func @roi_pool
// CHECK-SAME: (%[[X:.*]]: tensor<2x5x9x7xf32>, %[[R:.*]]: tensor<4x5xf32>)
// CHECK: %[[H:.*]]:2 = linalg.generic
// CHECK-SAME: indexing_maps = [affine_map<(d0, d1) -> (d0, 2)>, affine_map<(d0, d1) -> (d0, 4)>
// CHECK: math.round
// CHECK: math.floor
// CHECK: math.ceil
// CHECK: } -> (tensor<4x2xi64>, tensor<4x2xi64>)
// CHECK: %[[W:.*]]:2 = linalg.generic
// CHECK-SAME: indexing_maps = [affine_map<(d0, d1) -> (d0, 1)>, affine_map<(d0, d1) -> (d0, 3)>
// CHECK: } -> (tensor<4x3xi64>, tensor<4x3xi64>)
// CHECK: %[[B:.*]] = linalg.generic
// CHECK-SAME: indexing_maps = [affine_map<(d0) -> (d0, 0)>, affine_map<(d0) -> (d0)>]
// CHECK: arith.fptosi
// CHECK: } -> tensor<4xindex>
// CHECK: %[[LOWEST:.*]] = arith.constant -3.40282347E+38 : f32
// CHECK: %[[ROWS:.*]] = linalg.generic
// CHECK-SAME: ins(%[[B]], %[[H]]#0, %[[H]]#1, %{{.*}} : tensor<4xindex>, tensor<4x2xi64>, tensor<4x2xi64>, tensor<9xf32>)
// CHECK: ^bb0(%[[BATCH:.*]]: index,
// CHECK: tensor.extract %[[X]][%[[BATCH]],
// CHECK: arith.maxnumf
// CHECK: } -> tensor<4x5x2x7xf32>
// CHECK: %[[POOLED:.*]] = linalg.generic
// CHECK-SAME: ins(%[[ROWS]], %[[W]]#0, %[[W]]#1 :
// CHECK: arith.maxnumf
// CHECK: } -> tensor<4x5x2x3xf32>
// CHECK: %[[OUT:.*]] = linalg.generic
// CHECK-SAME: ins(%[[POOLED]], %[[H]]#0, %[[H]]#1, %[[W]]#0, %[[W]]#1 :
// CHECK: arith.ori
// CHECK: arith.select
// CHECK: return %[[OUT]]
func.func @roi_pool(%x: tensor<2x5x9x7xf32>, %r: tensor<4x5xf32>) -> tensor<4x5x2x3xf32> {
  %0 = dlc.roi_pool %x, %r {pooled_size = array<i64: 2, 3>} : (tensor<2x5x9x7xf32>, tensor<4x5xf32>) -> tensor<4x5x2x3xf32>
  return %0 : tensor<4x5x2x3xf32>
}

// Max pooling with indices pads with -inf like max_pool2d, then reduces over
// the window taps (d4, d5) with the running maximum from -inf and the index
// from -1. The tap's input row is oh * 2 + kh - 1 and its column ow * 2 +
// kw - 1; column-major indices are (n * C + c) * H * W + w * H + h.
// CHECK-LABEL: func.func @max_pool2d_with_indices
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x6x6xf32>)
// CHECK: %[[NEG_INF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[PAD:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 0, 0]
// CHECK: tensor.yield %[[NEG_INF]] : f32
// CHECK: } : tensor<1x2x6x6xf32> to tensor<1x2x7x7xf32>
// CHECK: %[[WINDOW:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK: %[[MAX_INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x2x3x3xf32>)
// CHECK: %[[MINUS_ONE:.*]] = arith.constant -1 : i64
// CHECK: %[[INDEX_INIT:.*]] = linalg.fill ins(%[[MINUS_ONE]] : i64) outs(%{{.*}} : tensor<1x2x3x3xi64>)
// CHECK: %[[P:.*]]:2 = linalg.generic
// CHECK-SAME: indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d4, d3 * 2 + d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>]
// CHECK-SAME: iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]
// CHECK-SAME: ins(%[[PAD]], %[[WINDOW]] : tensor<1x2x7x7xf32>, tensor<3x3xf32>) outs(%[[MAX_INIT]], %[[INDEX_INIT]] : tensor<1x2x3x3xf32>, tensor<1x2x3x3xi64>)
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32, %[[BEST:.*]]: f32, %[[BEST_INDEX:.*]]: i64):
// CHECK: %[[H_PADDED:.*]] = arith.addi
// CHECK: %[[H:.*]] = arith.addi %[[H_PADDED]], %{{.*}} : i64
// CHECK: %[[W_PADDED:.*]] = arith.addi
// CHECK: %[[W:.*]] = arith.addi %[[W_PADDED]], %{{.*}} : i64
// CHECK: %[[ROW_INSIDE:.*]] = arith.andi
// CHECK: %[[COL_INSIDE:.*]] = arith.andi
// CHECK: %[[INSIDE:.*]] = arith.andi %[[ROW_INSIDE]], %[[COL_INSIDE]] : i1
// CHECK: linalg.index 1
// CHECK: %[[PLANE:.*]] = arith.addi
// CHECK: %[[C36:.*]] = arith.constant 36 : i64
// CHECK: %[[PLANE_START:.*]] = arith.muli %[[PLANE]], %[[C36]] : i64
// CHECK: %[[C6:.*]] = arith.constant 6 : i64
// CHECK: %[[WH:.*]] = arith.muli %[[W]], %[[C6]] : i64
// CHECK: %[[IN_PLANE:.*]] = arith.addi %[[WH]], %[[H]] : i64
// CHECK: %[[FLAT:.*]] = arith.addi %[[PLANE_START]], %[[IN_PLANE]] : i64
// CHECK: %[[UNSET:.*]] = arith.andi %[[INSIDE]], %{{.*}} : i1
// CHECK: %[[GREATER:.*]] = arith.cmpf ogt, %[[IN]], %[[BEST]] : f32
// CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[IN]], %[[IN]] : f32
// CHECK: %[[ORDERED:.*]] = arith.cmpf ord, %[[BEST]], %[[BEST]] : f32
// CHECK: %[[FIRST_NAN:.*]] = arith.andi %[[NAN]], %[[ORDERED]] : i1
// CHECK: %[[BETTER:.*]] = arith.ori %[[GREATER]], %[[FIRST_NAN]] : i1
// CHECK: %[[TAKE:.*]] = arith.ori %[[BETTER]], %[[UNSET]] : i1
// CHECK: %[[NEW_MAX:.*]] = arith.select %[[TAKE]], %[[IN]], %[[BEST]] : f32
// CHECK: %[[NEW_INDEX:.*]] = arith.select %[[TAKE]], %[[FLAT]], %[[BEST_INDEX]] : i64
// CHECK: linalg.yield %[[NEW_MAX]], %[[NEW_INDEX]] : f32, i64
// CHECK: return %[[P]]#0, %[[P]]#1
func.func @max_pool2d_with_indices(%x: tensor<1x2x6x6xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xi64>) {
  %0:2 = dlc.max_pool2d_with_indices %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, storage_order = 1 : i64} : (tensor<1x2x6x6xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xi64>)
  return %0#0, %0#1 : tensor<1x2x3x3xf32>, tensor<1x2x3x3xi64>
}

// Row-major indices are ((n * C + c) * H + h) * W + w; without padding
// the input is read directly and the window taps are dilated.
// CHECK-LABEL: func.func @max_pool2d_with_indices_row_major
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x7x5xf32>)
// CHECK-NOT: tensor.pad
// CHECK: linalg.generic
// CHECK-SAME: indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 + d4 * 2, d3 + d5)>
// CHECK-SAME: ins(%[[X]], %{{.*}} : tensor<2x3x7x5xf32>, tensor<2x2xf32>)
// CHECK: linalg.index 1
// CHECK: %[[PLANE:.*]] = arith.addi
// CHECK: %[[C7:.*]] = arith.constant 7 : i64
// CHECK: %[[PH:.*]] = arith.muli %[[PLANE]], %[[C7]] : i64
// CHECK: %[[ROW:.*]] = arith.addi %[[PH]], %{{.*}} : i64
// CHECK: %[[C5:.*]] = arith.constant 5 : i64
// CHECK: %[[RW:.*]] = arith.muli %[[ROW]], %[[C5]] : i64
// CHECK: %[[FLAT:.*]] = arith.addi %[[RW]], %{{.*}} : i64
// CHECK: arith.select %{{.*}}, %[[FLAT]], %{{.*}} : i64
func.func @max_pool2d_with_indices_row_major(%x: tensor<2x3x7x5xf32>) -> (tensor<2x3x5x4xf32>, tensor<2x3x5x4xi64>) {
  %0:2 = dlc.max_pool2d_with_indices %x {kernel_shape = array<i64: 2, 2>, dilations = array<i64: 2, 1>} : (tensor<2x3x7x5xf32>) -> (tensor<2x3x5x4xf32>, tensor<2x3x5x4xi64>)
  return %0#0, %0#1 : tensor<2x3x5x4xf32>, tensor<2x3x5x4xi64>
}
