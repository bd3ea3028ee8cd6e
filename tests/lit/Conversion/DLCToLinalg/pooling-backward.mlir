// RUN: dlc-opt %s --convert-dlc-to-linalg --mlir-print-local-scope | FileCheck %s --implicit-check-not=dlc.

// The lowering of the max poolings' adjoints. max_pool2d_backward
// scatters: a forall over (image, channel) planes in which each window
// adds its gradient at its arg-max. adaptive_max_pool2d_backward gathers: a
// generic over the input with the bins over each element as reduction
// loops. roi_pool_backward recomputes the arg-maxes in two masked passes
// and scatters in sequence.

// Each plane of the zero-filled result (2 channels of 5 x 6): its first
// flat index (n * 2 + c) * 30, then for each of the 3 x 3 windows the
// arg-max index made local to the plane, as (row, column) = (local / 6,
// local % 6), where the window's gradient is added.
// CHECK-LABEL: func.func @max_pool2d_backward
// CHECK-SAME: (%[[G:.*]]: tensor<1x2x3x3xf32>, %[[I:.*]]: tensor<1x2x3x3xi64>)
// CHECK: %[[ZERO:.*]] = linalg.fill {{.*}} -> tensor<1x2x5x6xf32>
// CHECK: %[[D:.*]] = scf.forall (%[[N:.*]], %[[C:.*]]) in (1, 2) shared_outs(%[[ALL:.*]] = %[[ZERO]]) -> (tensor<1x2x5x6xf32>)
// CHECK: %[[PLANE:.*]] = tensor.extract_slice %[[ALL]][%[[N]], %[[C]], 0, 0] [1, 1, 5, 6] [1, 1, 1, 1] : tensor<1x2x5x6xf32> to tensor<5x6xf32>
// CHECK: %[[FIRST:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK: scf.for %[[Y:.*]] = {{.*}} iter_args(%{{.*}} = %[[PLANE]]) -> (tensor<5x6xf32>)
// CHECK: scf.for %[[X:.*]] = {{.*}} iter_args(%[[P:.*]] = %{{.*}}) -> (tensor<5x6xf32>)
// CHECK: %[[INDEX:.*]] = tensor.extract %[[I]][%[[N]], %[[C]], %[[Y]], %[[X]]]
// CHECK: %[[V:.*]] = tensor.extract %[[G]][%[[N]], %[[C]], %[[Y]], %[[X]]]
// CHECK: %[[LOCAL:.*]] = arith.subi %[[INDEX]], %[[FIRST]] : i64
// CHECK: %[[L:.*]] = arith.index_cast %[[LOCAL]] : i64 to index
// CHECK: %[[ROW:.*]] = arith.divui %[[L]], %{{.*}} : index
// CHECK: %[[COL:.*]] = arith.remui %[[L]], %{{.*}} : index
// CHECK: %[[OLD:.*]] = tensor.extract %[[P]][%[[ROW]], %[[COL]]]
// CHECK: %[[SUM:.*]] = arith.addf %[[OLD]], %[[V]] : f32
// CHECK: tensor.insert %[[SUM]] into %[[P]][%[[ROW]], %[[COL]]]
// CHECK: tensor.parallel_insert_slice %{{.*}} into %[[ALL]][%[[N]], %[[C]], 0, 0] [1, 1, 5, 6]
// CHECK: return %[[D]]
func.func @max_pool2d_backward(%g: tensor<1x2x3x3xf32>, %i: tensor<1x2x3x3xi64>) -> tensor<1x2x5x6xf32> {
  %0 = dlc.max_pool2d_backward %g, %i {input_size = array<i64: 5, 6>, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xi64>) -> tensor<1x2x5x6xf32>
  return %0 : tensor<1x2x5x6xf32>
}

// The arg-maxes: per row and column bin [N, C, H, OW] (value and column,
// from -inf and -1), then per bin [N, C, OH, OW] over the rows of the bin.
// The gather visits at most 2 x 2 bins per element (10 rows into 3 bins
// [0, 4), [3, 7), [6, 10); 9 columns into 4 bins [0, 3), [2, 5), [4, 7),
// [6, 9)).
// CHECK-LABEL: func.func @adaptive_max_pool2d_backward
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x10x9xf32>, %[[G:.*]]: tensor<2x3x3x4xf32>)
// CHECK: %[[ROWS:.*]]:2 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>, {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[X]] : tensor<2x3x10x9xf32>) outs({{.*}} : tensor<2x3x10x4xf32>, tensor<2x3x10x4xi64>)
// CHECK: %[[BINS:.*]]:2 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d4, d3)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d4, d3)>, {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[ROWS]]#0, %[[ROWS]]#1 : {{.*}}) outs({{.*}} : tensor<2x3x3x4xf32>, tensor<2x3x3x4xi64>)
// CHECK: %[[D:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%{{.*}} : tensor<2x2xf32>) outs(%{{.*}} : tensor<2x3x10x9xf32>)
// CHECK: tensor.extract %[[BINS]]#1
// CHECK: tensor.extract %[[G]]
// CHECK: return %[[D]]
func.func @adaptive_max_pool2d_backward(%x: tensor<2x3x10x9xf32>, %g: tensor<2x3x3x4xf32>) -> tensor<2x3x10x9xf32> {
  %0 = dlc.adaptive_max_pool2d_backward %x, %g : (tensor<2x3x10x9xf32>, tensor<2x3x3x4xf32>) -> tensor<2x3x10x9xf32>
  return %0 : tensor<2x3x10x9xf32>
}

// The bin bounds per ROI ([K, P] starts and ends, rows then columns) and
// batch indices, the arg-maxes per row and column bin [K, C, H, PW] and per
// bin [K, C, PH, PW], then a loop nest over (k, c, ph, pw) adding each
// gradient at its arg-max in the ROI's image.
// CHECK-LABEL: func.func @roi_pool_backward
// CHECK-SAME: (%[[X:.*]]: tensor<2x8x14x14xf32>, %[[R:.*]]: tensor<3x5xf32>, %[[G:.*]]: tensor<3x8x7x7xf32>)
// CHECK: linalg.generic {{.*}} outs({{.*}} : tensor<3x7xi64>, tensor<3x7xi64>)
// CHECK: linalg.generic {{.*}} outs({{.*}} : tensor<3x7xi64>, tensor<3x7xi64>)
// CHECK: %[[BATCH:.*]] = linalg.generic {{.*}} ins(%[[R]] : tensor<3x5xf32>) outs(%{{.*}} : tensor<3xindex>)
// CHECK: linalg.generic {{.*}} outs({{.*}} : tensor<3x8x14x7xf32>, tensor<3x8x14x7xi64>)
// CHECK: tensor.extract %[[X]]
// CHECK: %[[ARG:.*]]:2 = linalg.generic {{.*}} outs({{.*}} : tensor<3x8x7x7xf32>, tensor<3x8x7x7xi64>)
// CHECK: %[[ZERO:.*]] = linalg.fill {{.*}} -> tensor<2x8x14x14xf32>
// CHECK: %[[D:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[ZERO]]) -> (tensor<2x8x14x14xf32>)
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for {{.*}} iter_args(%[[ACC:.*]] = %{{.*}})
// CHECK: tensor.extract %[[ARG]]#1
// CHECK: %[[IMAGE:.*]] = tensor.extract %[[BATCH]]
// CHECK: tensor.extract %[[G]]
// CHECK: tensor.insert %{{.*}} into %[[ACC]][%[[IMAGE]]
// CHECK: return %[[D]]
func.func @roi_pool_backward(%x: tensor<2x8x14x14xf32>, %rois: tensor<3x5xf32>, %g: tensor<3x8x7x7xf32>) -> tensor<2x8x14x14xf32> {
  %0 = dlc.roi_pool_backward %x, %rois, %g {spatial_scale = 0.0625 : f32} : (tensor<2x8x14x14xf32>, tensor<3x5xf32>, tensor<3x8x7x7xf32>) -> tensor<2x8x14x14xf32>
  return %0 : tensor<2x8x14x14xf32>
}
