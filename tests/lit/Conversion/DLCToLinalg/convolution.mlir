// RUN: dlc-opt %s --convert-dlc-to-linalg --mlir-print-local-scope | FileCheck %s --implicit-check-not=dlc.

// The lowering of conv_transpose2d, im2col and col2im (conv2d's is in
// convert-dlc-to-linalg.mlir). Affine maps are printed inline.

// conv_transpose2d is a conv2d on a zero-inserted image with the filter
// transposed per group and flipped: the strided insert_slice scatters the
// input with the stride, offset by dh*(KH-1) - pt = 1 (rows) and
// dw*(KW-1) - pl = 1 (columns); the image ends output_padding + reach - pb
// rows after the last input row (13 = 9 + 1 + 3 rows, 12 = 11 + 1 + 0 columns).
// CHECK-LABEL: func.func @conv_transpose2d_strided_grouped
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x5x6xf32>, %[[W:.*]]: tensor<4x3x3x2xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK: %[[W5:.*]] = tensor.expand_shape %[[W]] {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 2, 3, 3, 2]
// CHECK: %[[FLIP:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d1, -d3 + 2, -d4 + 1)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>]
// CHECK-SAME: ins(%[[W5]] : tensor<2x2x3x3x2xf32>) outs(%{{.*}} : tensor<2x3x2x3x2xf32>)
// CHECK: %[[ZERO:.*]] = linalg.fill {{.*}} -> tensor<1x4x13x12xf32>
// CHECK: %[[IMG:.*]] = tensor.insert_slice %[[X]] into %[[ZERO]][0, 0, 1, 1] [1, 4, 5, 6] [1, 1, 2, 2]
// CHECK: %[[IMG5:.*]] = tensor.expand_shape %[[IMG]] {{.*}} into tensor<1x2x2x13x12xf32>
// CHECK: %[[CONV:.*]] = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%[[IMG5]], %{{.*}} : tensor<1x2x2x13x12xf32>, tensor<2x3x2x3x2xf32>)
// CHECK: %[[OUT:.*]] = tensor.collapse_shape %[[CONV]] {{.*}} into tensor<1x6x11x11xf32>
// CHECK: return %[[OUT]]
func.func @conv_transpose2d_strided_grouped(%x: tensor<1x4x5x6xf32>, %w: tensor<4x3x3x2xf32>, %b: tensor<6xf32>) -> tensor<1x6x11x11xf32> {
  %0 = dlc.conv_transpose2d %x, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 0, 1>, output_padding = array<i64: 1, 0>, groups = 2 : i64} : (tensor<1x4x5x6xf32>, tensor<4x3x3x2xf32>, tensor<6xf32>) -> tensor<1x6x11x11xf32>
  return %0 : tensor<1x6x11x11xf32>
}

// Padding beyond the kernel's reach crops: the input rows/columns that would
// land before the image (row 0, column 0) are sliced off before the scatter.
// CHECK-LABEL: func.func @conv_transpose2d_cropped
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x6x5xf32>, %[[W:.*]]: tensor<2x3x2x2xf32>)
// CHECK: %[[ZERO:.*]] = linalg.fill {{.*}} -> tensor<1x2x8x9xf32>
// CHECK: %[[ROWS:.*]] = tensor.extract_slice %[[X]][0, 0, 1, 1] [1, 2, 4, 3] [1, 1, 1, 1]
// CHECK: %[[IMG:.*]] = tensor.insert_slice %[[ROWS]] into %[[ZERO]][0, 0, 0, 2] [1, 2, 4, 3] [1, 1, 2, 3]
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%[[IMG]], %{{.*}} : tensor<1x2x8x9xf32>, tensor<3x2x2x2xf32>) {{.*}} -> tensor<1x3x7x8xf32>
func.func @conv_transpose2d_cropped(%x: tensor<1x2x6x5xf32>, %w: tensor<2x3x2x2xf32>) -> tensor<1x3x7x8xf32> {
  %0 = dlc.conv_transpose2d %x, %w {strides = array<i64: 2, 3>, padding = array<i64: 3, 2, 2, 4>} : (tensor<1x2x6x5xf32>, tensor<2x3x2x2xf32>) -> tensor<1x3x7x8xf32>
  return %0 : tensor<1x3x7x8xf32>
}

// im2col pads, then copies with the window arithmetic in the input map
// (y = oy*sh + i*dh, x = ox*sw + j*dw in the padded image), and collapses
// [N, C, KH, KW, OH, OW] to [N, C*KH*KW, OH*OW].
// CHECK-LABEL: func.func @im2col
// CHECK: %[[PAD:.*]] = tensor.pad %{{.*}} low[0, 0, 1, 2] high[0, 0, 2, 0]
// CHECK: %[[P:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4 * 2 + d2 * 2, d5 * 3 + d3)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>]
// CHECK-SAME: ins(%[[PAD]] : tensor<2x3x16x13xf32>) outs(%{{.*}} : tensor<2x3x3x2x6x4xf32>)
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[P]] {{\[\[}}0], [1, 2, 3], [4, 5]] : tensor<2x3x3x2x6x4xf32> into tensor<2x18x24xf32>
// CHECK: return %[[C]]
func.func @im2col(%x: tensor<2x3x13x11xf32>) -> tensor<2x18x24xf32> {
  %0 = dlc.im2col %x {kernel_shape = array<i64: 3, 2>, strides = array<i64: 2, 3>, padding = array<i64: 1, 2, 2, 0>, dilations = array<i64: 2, 1>} : (tensor<2x3x13x11xf32>) -> tensor<2x18x24xf32>
  return %0 : tensor<2x18x24xf32>
}

// col2im gathers: loops (n, c, y, x, i, j) with the taps reduced; each tap
// reads the column entry of window ((y + pt - i*dh) / sh, (x + pl - j*dw) / sw)
// when that is a whole, in-range window index, and adds zero otherwise.
// CHECK-LABEL: func.func @col2im
// CHECK: %[[COLS:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2, 3], [4, 5]] output_shape [2, 3, 3, 2, 6, 4]
// CHECK: %[[TAPS:.*]] = tensor.empty() : tensor<3x2xf32>
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
// CHECK-SAME: ins(%[[TAPS]] : tensor<3x2xf32>) outs(%{{.*}} : tensor<2x3x13x11xf32>)
// CHECK: arith.divsi
// CHECK: arith.remsi
// CHECK: %[[V:.*]] = tensor.extract %[[COLS]]
// CHECK: %[[T:.*]] = arith.select %{{.*}}, %[[V]], %{{.*}} : f32
// CHECK: arith.addf %{{.*}}, %[[T]] : f32
func.func @col2im(%x: tensor<2x18x24xf32>) -> tensor<2x3x13x11xf32> {
  %0 = dlc.col2im %x {output_size = array<i64: 13, 11>, kernel_shape = array<i64: 3, 2>, strides = array<i64: 2, 3>, padding = array<i64: 1, 2, 2, 0>, dilations = array<i64: 2, 1>} : (tensor<2x18x24xf32>) -> tensor<2x3x13x11xf32>
  return %0 : tensor<2x3x13x11xf32>
}
