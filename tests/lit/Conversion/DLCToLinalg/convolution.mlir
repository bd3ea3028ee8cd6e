// RUN: dlc-opt %s --convert-dlc-to-linalg --mlir-print-local-scope | FileCheck %s --implicit-check-not=dlc.

// The lowering of conv_transpose2d, im2col and col2im (conv2d's is in
// convert-dlc-to-linalg.mlir). Affine maps are printed inline.

// A strided conv_transpose2d is one stride-1 conv2d per output phase
// (rows o = r mod 2, columns o = r' mod 2), each with the kernel taps that
// reach the phase, the filter transposed per group and flipped: phase (0, 0)
// gets tap row 1 (pt = 1: (0 + 1) mod 2) and tap column 0, read as
// 1 - 2*j0, 0 - 2*j1. Its rows are written into the bias-initialized output
// with the stride. The 6 output rows of phase 0 read 5 input rows and one
// zero row (the output_padding row).
// CHECK-LABEL: func.func @conv_transpose2d_strided_grouped
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x5x6xf32>, %[[W:.*]]: tensor<4x3x3x2xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK: %[[W5:.*]] = tensor.expand_shape %[[W]] {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 2, 3, 3, 2]
// CHECK: %[[INIT:.*]] = linalg.generic {{.*}} ins(%[[B]] : tensor<6xf32>) outs(%{{.*}} : tensor<1x6x11x11xf32>)
// CHECK: %[[ZERO:.*]] = linalg.fill {{.*}} -> tensor<1x4x6x6xf32>
// CHECK: %[[IMG:.*]] = tensor.insert_slice %[[X]] into %[[ZERO]][0, 0, 0, 0] [1, 4, 5, 6] [1, 1, 1, 1]
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d1, d3 * -2 + 1, d4 * -2)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>]
// CHECK-SAME: ins(%[[W5]] : tensor<2x2x3x3x2xf32>) outs(%{{.*}} : tensor<2x3x2x1x1xf32>)
// CHECK: %[[IMG5:.*]] = tensor.expand_shape %[[IMG]] {{.*}} into tensor<1x2x2x6x6xf32>
// CHECK: %[[CONV:.*]] = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%[[IMG5]], %{{.*}} : tensor<1x2x2x6x6xf32>, tensor<2x3x2x1x1xf32>)
// CHECK: %[[PHASE:.*]] = tensor.collapse_shape %[[CONV]] {{.*}} into tensor<1x6x6x6xf32>
// CHECK: %[[OUT0:.*]] = tensor.insert_slice %[[PHASE]] into %[[INIT]][0, 0, 0, 0] [1, 6, 6, 6] [1, 1, 2, 2]
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d1, d3 * -2 + 1, d4 * -2 + 1)>
// CHECK: %[[OUT1:.*]] = tensor.insert_slice %{{.*}} into %[[OUT0]][0, 0, 0, 1] [1, 6, 6, 5] [1, 1, 2, 2]
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d1, d3 * -2 + 2, d4 * -2)>
// CHECK: %[[OUT2:.*]] = tensor.insert_slice %{{.*}} into %[[OUT1]][0, 0, 1, 0] [1, 6, 5, 6] [1, 1, 2, 2]
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d1, d3 * -2 + 2, d4 * -2 + 1)>
// CHECK: %[[OUT3:.*]] = tensor.insert_slice %{{.*}} into %[[OUT2]][0, 0, 1, 1] [1, 6, 5, 5] [1, 1, 2, 2]
// CHECK: return %[[OUT3]]
func.func @conv_transpose2d_strided_grouped(%x: tensor<1x4x5x6xf32>, %w: tensor<4x3x3x2xf32>, %b: tensor<6xf32>) -> tensor<1x6x11x11xf32> {
  %0 = dlc.conv_transpose2d %x, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 0, 1>, output_padding = array<i64: 1, 0>, groups = 2 : i64} : (tensor<1x4x5x6xf32>, tensor<4x3x3x2xf32>, tensor<6xf32>) -> tensor<1x6x11x11xf32>
  return %0 : tensor<1x6x11x11xf32>
}

// Padding beyond the kernel's reach crops: each phase reads only the input
// rows/columns that land in the output (phase (0, 1): from row 1, column
// 1), with no zero image when they fill the phase. Of the 2 x 3 phases,
// column phase 0 meets no kernel tap ((0 + pl) mod 3 = 2 >= KW): four
// conv2d ops, and output columns 0, 3, 6 stay zero.
// CHECK-LABEL: func.func @conv_transpose2d_cropped
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x6x5xf32>, %[[W:.*]]: tensor<2x3x2x2xf32>)
// CHECK: %[[ROWS:.*]] = tensor.extract_slice %[[X]][0, 0, 1, 1] [1, 2, 4, 3] [1, 1, 1, 1]
// CHECK-NOT: tensor.insert_slice
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%[[ROWS]], %{{.*}} : tensor<1x2x4x3xf32>, tensor<3x2x1x1xf32>) {{.*}} -> tensor<1x3x4x3xf32>
// CHECK: tensor.insert_slice %{{.*}}[0, 0, 0, 1] [1, 3, 4, 3] [1, 1, 2, 3]
// CHECK-COUNT-3: linalg.conv_2d_nchw_fchw
// CHECK-NOT: linalg.conv_2d_nchw_fchw
func.func @conv_transpose2d_cropped(%x: tensor<1x2x6x5xf32>, %w: tensor<2x3x2x2xf32>) -> tensor<1x3x7x8xf32> {
  %0 = dlc.conv_transpose2d %x, %w {strides = array<i64: 2, 3>, padding = array<i64: 3, 2, 2, 4>} : (tensor<1x2x6x5xf32>, tensor<2x3x2x2xf32>) -> tensor<1x3x7x8xf32>
  return %0 : tensor<1x3x7x8xf32>
}

// With dilation, one conv2d (dilated like the transposed convolution) of
// the input scattered with the stride into a zero image holding the
// padding the kernel needs: input row y lands on row dh*(KH-1) - pt + 2y
// = 1 + 2y (columns 2 + 2x); the image ends dh*(KH-1) - pb +
// output_padding = 3 rows after the last input row (11 = 7 + 1 + 3) and 2
// columns after the last (9 = 5 + 2 + 2). The filter is flipped whole, as
// a 4-D copy (one group).
// CHECK-LABEL: func.func @conv_transpose2d_dilated
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x3xf32>, %[[W:.*]]: tensor<2x3x2x2xf32>)
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (0, d1, d0, -d2 + 1, -d3 + 1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>]
// CHECK: %[[ZERO:.*]] = linalg.fill {{.*}} -> tensor<1x2x11x9xf32>
// CHECK: %[[IMG:.*]] = tensor.insert_slice %[[X]] into %[[ZERO]][0, 0, 1, 2] [1, 2, 4, 3] [1, 1, 2, 2]
// CHECK: %[[OUT:.*]] = linalg.conv_2d_nchw_fchw {dilations = dense<2> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%[[IMG]], %{{.*}} : tensor<1x2x11x9xf32>, tensor<3x2x2x2xf32>) {{.*}} -> tensor<1x3x9x7xf32>
// CHECK: return %[[OUT]]
func.func @conv_transpose2d_dilated(%x: tensor<1x2x4x3xf32>, %w: tensor<2x3x2x2xf32>) -> tensor<1x3x9x7xf32> {
  %0 = dlc.conv_transpose2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 0, 0>, output_padding = array<i64: 1, 0>, dilations = array<i64: 2, 2>} : (tensor<1x2x4x3xf32>, tensor<2x3x2x2xf32>) -> tensor<1x3x9x7xf32>
  return %0 : tensor<1x3x9x7xf32>
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
