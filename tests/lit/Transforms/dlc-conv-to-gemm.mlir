// RUN: dlc-opt %s --dlc-conv-to-gemm="vector-bits=256 reg-n=16" --split-input-file --mlir-print-local-scope | FileCheck %s --implicit-check-not=linalg.conv_2d_nchw_fchw
// RUN: dlc-opt %s --dlc-conv-to-gemm="vector-bits=256 reg-n=16" --split-input-file | FileCheck %s --check-prefix=RES
// RUN: dlc-opt %s --dlc-conv-to-gemm="vector-bits=256 reg-n=16 im2col" --split-input-file --mlir-print-local-scope | FileCheck %s --check-prefix=IM2COL
// RUN: dlc-opt %s --dlc-conv-to-gemm="vector-bits=256 reg-n=16 im2col im2col-bytes=1024" --split-input-file --mlir-print-local-scope | FileCheck %s --check-prefix=CHUNK

// Convolutions become contractions whose vector axis is the output
// channels, the filter packed as [F/FI, ..., FI] with FI a block of at most
// reg-n channels.

// Stride 1: a direct convolution over (n, oh, ow, fo, fi, c, kh, kw) that
// reads the input in place; a constant filter is packed at compile time
// ([32, 8, 3, 3] as [2, 8, 3, 3, 16]), the output viewed as [N, FO, FI, OH, OW].
// CHECK-LABEL: func.func @direct
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x10x10xf32>, %[[INIT:.*]]: tensor<1x32x8x8xf32>)
// CHECK: %[[WT:.*]] = arith.constant dense<1.000000e+00> : tensor<2x8x3x3x16xf32>
// CHECK: %[[OUT:.*]] = tensor.expand_shape %[[INIT]] {{\[}}[0], [1, 2], [3], [4]] output_shape [1, 2, 16, 8, 8]
// CHECK: %[[R:.*]] = linalg.generic
// CHECK-SAME: affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d5, d1 + d6, d2 + d7)>
// CHECK-SAME: affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d3, d5, d6, d7, d4)>
// CHECK-SAME: affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d3, d4, d1, d2)>
// CHECK-SAME: iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]
// CHECK-SAME: ins(%[[X]], %[[WT]] : tensor<1x8x10x10xf32>, tensor<2x8x3x3x16xf32>) outs(%[[OUT]] : tensor<1x2x16x8x8xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: %[[Y:.*]] = tensor.collapse_shape %[[R]] {{\[}}[0], [1, 2], [3], [4]] : tensor<1x2x16x8x8xf32> into tensor<1x32x8x8xf32>
// CHECK: return %[[Y]]
func.func @direct(%x: tensor<1x8x10x10xf32>, %init: tensor<1x32x8x8xf32>) -> tensor<1x32x8x8xf32> {
  %w = arith.constant dense<1.0> : tensor<32x8x3x3xf32>
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x8x10x10xf32>, tensor<32x8x3x3xf32>) outs(%init : tensor<1x32x8x8xf32>) -> tensor<1x32x8x8xf32>
  return %0 : tensor<1x32x8x8xf32>
}

// -----

// A filter that is not a constant is packed at run time by one copy that
// reads it through [fo, c, kh, kw, fi] -> [fo*FI + fi, c, kh, kw]; 4
// channels are one block; the dilation is in the input map.
// CHECK-LABEL: func.func @direct_dilated
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x12x12xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[INIT:.*]]: tensor<1x4x8x8xf32>)
// CHECK: %[[WT:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0 * 4 + d4, d1, d2, d3)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>]
// CHECK-SAME: ins(%[[W]] : tensor<4x3x3x3xf32>) outs(%{{.*}} : tensor<1x3x3x3x4xf32>)
// CHECK: linalg.generic
// CHECK-SAME: affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d5, d1 + d6 * 2, d2 + d7 * 2)>
// CHECK-SAME: ins(%[[X]], %[[WT]] : tensor<1x3x12x12xf32>, tensor<1x3x3x3x4xf32>) outs(%{{.*}} : tensor<1x1x4x8x8xf32>)
func.func @direct_dilated(%x: tensor<1x3x12x12xf32>, %w: tensor<4x3x3x3xf32>, %init: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<2> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x3x12x12xf32>, tensor<4x3x3x3xf32>) outs(%init : tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// A filter that is itself a copy (a transposed convolution's flipped
// filter) is packed from that copy's source through both maps: the flipped
// filter is never materialized (its unused copy is left to the
// canonicalizer).
// CHECK-LABEL: func.func @flipped_filter
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x10x10xf32>, %[[W:.*]]: tensor<3x4x3x3xf32>, %[[INIT:.*]]: tensor<1x4x8x8xf32>)
// CHECK: %[[WT:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d1, d0 * 4 + d4, -d2 + 2, -d3 + 2)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>]
// CHECK-SAME: ins(%[[W]] : tensor<3x4x3x3xf32>) outs(%{{.*}} : tensor<1x3x3x3x4xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[X]], %[[WT]] : tensor<1x3x10x10xf32>, tensor<1x3x3x3x4xf32>)
func.func @flipped_filter(%x: tensor<1x3x10x10xf32>, %w: tensor<3x4x3x3xf32>, %init: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %e = tensor.empty() : tensor<4x3x3x3xf32>
  %flipped = linalg.generic {indexing_maps = [affine_map<(f, c, i, j) -> (c, f, 2 - i, 2 - j)>, affine_map<(f, c, i, j) -> (f, c, i, j)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%w : tensor<3x4x3x3xf32>) outs(%e : tensor<4x3x3x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<4x3x3x3xf32>
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %flipped : tensor<1x3x10x10xf32>, tensor<4x3x3x3xf32>) outs(%init : tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// 1x1, stride 1, pixels not a whole number of vectors (7x7 = 49): a GEMM
// with the channels on the vector axis over (n, p, fo, fi, k) on the input viewed as
// [N, C, H*W], no copy. The packed constant filter [F, C] -> [1, C, F]
// holds W[f][c] at [0][c][f].
// CHECK-LABEL: func.func @pointwise
// CHECK-SAME: (%[[X:.*]]: tensor<2x2x7x7xf32>, %[[INIT:.*]]: tensor<2x2x7x7xf32>)
// CHECK-DAG: %[[WT:.*]] = arith.constant dense<{{\[\[\[}}1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]]> : tensor<1x2x2xf32>
// CHECK-DAG: %[[X3:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0], [1], [2, 3]] : tensor<2x2x7x7xf32> into tensor<2x2x49xf32>
// CHECK: linalg.generic
// CHECK-SAME: affine_map<(d0, d1, d2, d3, d4) -> (d0, d4, d1)>
// CHECK-SAME: affine_map<(d0, d1, d2, d3, d4) -> (d2, d4, d3)>
// CHECK-SAME: affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d3, d1)>
// CHECK-SAME: ins(%[[X3]], %[[WT]] : tensor<2x2x49xf32>, tensor<1x2x2xf32>) outs(%{{.*}} : tensor<2x1x2x49xf32>)
func.func @pointwise(%x: tensor<2x2x7x7xf32>, %init: tensor<2x2x7x7xf32>) -> tensor<2x2x7x7xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<2x2x7x7xf32>, tensor<2x2x1x1xf32>) outs(%init : tensor<2x2x7x7xf32>) -> tensor<2x2x7x7xf32>
  return %0 : tensor<2x2x7x7xf32>
}

// -----

// 1x1, stride 1, the pixels a whole number of vectors (4x4 = 16, two of 8
// lanes): the GEMM out[n] = W x[n] in NCHW as it is, the filter [F, C]
// first (the broadcast operand), the pixels on the vector axis; no packing.
// CHECK-LABEL: func.func @pointwise_pixels
// CHECK-SAME: (%[[X:.*]]: tensor<2x2x4x4xf32>, %[[W:.*]]: tensor<3x2x1x1xf32>, %[[INIT:.*]]: tensor<2x3x4x4xf32>)
// CHECK-DAG: %[[X3:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0], [1], [2, 3]] : tensor<2x2x4x4xf32> into tensor<2x2x16xf32>
// CHECK-DAG: %[[W2:.*]] = tensor.collapse_shape %[[W]] {{\[}}[0], [1, 2, 3]] : tensor<3x2x1x1xf32> into tensor<3x2xf32>
// CHECK-DAG: %[[OUT:.*]] = tensor.collapse_shape %[[INIT]] {{\[}}[0], [1], [2, 3]] : tensor<2x3x4x4xf32> into tensor<2x3x16xf32>
// CHECK: %[[R:.*]] = linalg.generic
// CHECK-SAME: affine_map<(d0, d1, d2, d3) -> (d1, d3)>
// CHECK-SAME: affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
// CHECK-SAME: affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-SAME: iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME: ins(%[[W2]], %[[X3]] : tensor<3x2xf32>, tensor<2x2x16xf32>) outs(%[[OUT]] : tensor<2x3x16xf32>)
// CHECK: tensor.expand_shape %[[R]] {{\[}}[0], [1], [2, 3]] output_shape [2, 3, 4, 4]
func.func @pointwise_pixels(%x: tensor<2x2x4x4xf32>, %w: tensor<3x2x1x1xf32>, %init: tensor<2x3x4x4xf32>) -> tensor<2x3x4x4xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<2x2x4x4xf32>, tensor<3x2x1x1xf32>) outs(%init : tensor<2x3x4x4xf32>) -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}

// -----

// The same GEMM when its activation writes the interior of the next
// layer's padded input (dlc-pad-in-place) and its rows are whole register
// tiles (16 lanes here): row by row, the pixels of each row on the vector
// axis, so that the output can be that strided interior (the ReLU its
// epilogue).
// CHECK-LABEL: func.func @pointwise_rows_into_padding
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x2x16xf32>, %[[W:.*]]: tensor<3x2x1x1xf32>, %[[INIT:.*]]: tensor<1x3x2x16xf32>, %[[PAD:.*]]: tensor<1x3x4x18xf32>)
// CHECK: %[[W2:.*]] = tensor.collapse_shape %[[W]] {{\[}}[0], [1, 2, 3]] : tensor<3x2x1x1xf32> into tensor<3x2xf32>
// CHECK: %[[R:.*]] = linalg.generic
// CHECK-SAME: affine_map<(d0, d1, d2, d3, d4) -> (d1, d4)>
// CHECK-SAME: affine_map<(d0, d1, d2, d3, d4) -> (d0, d4, d2, d3)>
// CHECK-SAME: affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-SAME: iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME: ins(%[[W2]], %[[X]] : tensor<3x2xf32>, tensor<1x2x2x16xf32>) outs(%[[INIT]] : tensor<1x3x2x16xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[R]] : tensor<1x3x2x16xf32>)
func.func @pointwise_rows_into_padding(%x: tensor<1x2x2x16xf32>, %w: tensor<3x2x1x1xf32>, %init: tensor<1x3x2x16xf32>, %pad: tensor<1x3x4x18xf32>) -> tensor<1x3x4x18xf32> {
  %zero = arith.constant 0.0 : f32
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x2x2x16xf32>, tensor<3x2x1x1xf32>) outs(%init : tensor<1x3x2x16xf32>) -> tensor<1x3x2x16xf32>
  %interior = tensor.extract_slice %pad[0, 0, 1, 1] [1, 3, 2, 16] [1, 1, 1, 1] : tensor<1x3x4x18xf32> to tensor<1x3x2x16xf32>
  %relu = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%0 : tensor<1x3x2x16xf32>) outs(%interior : tensor<1x3x2x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x3x2x16xf32>
  %padded = tensor.insert_slice %relu into %pad[0, 0, 1, 1] [1, 3, 2, 16] [1, 1, 1, 1] : tensor<1x3x2x16xf32> into tensor<1x3x4x18xf32>
  return %padded : tensor<1x3x4x18xf32>
}

// -----

// Rows of 8 pixels (half a register tile, 16 lanes here) into the padded
// interior: as a direct convolution with a 1x1 filter instead, the output
// channels on the vector axis and the pixels of a row broadcast (a row of
// pixels on the vector axis ran as 16 + 8 + ... lane pieces; MobileNet v2's
// 112-wide expansions and ResNet-50's 56-wide 1x1 layers 15-19% faster),
// still writing the interior.
// CHECK-LABEL: func.func @pointwise_short_rows_into_padding
// CHECK: %[[WT:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<3x2x1x1xf32>) outs(%{{.*}} : tensor<1x2x1x1x3xf32>)
// CHECK: %[[R:.*]] = linalg.generic
// CHECK-SAME: affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d5, d1 + d6, d2 + d7)>
// CHECK-SAME: affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d3, d5, d6, d7, d4)>
// CHECK-SAME: affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d3, d4, d1, d2)>
// CHECK-SAME: ins(%{{.*}}, %[[WT]] : tensor<1x2x2x8xf32>, tensor<1x2x1x1x3xf32>)
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[R]]
// CHECK: linalg.generic {{.*}} ins(%[[C]] : tensor<1x3x2x8xf32>)
func.func @pointwise_short_rows_into_padding(%x: tensor<1x2x2x8xf32>, %w: tensor<3x2x1x1xf32>, %init: tensor<1x3x2x8xf32>, %pad: tensor<1x3x4x10xf32>) -> tensor<1x3x4x10xf32> {
  %zero = arith.constant 0.0 : f32
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x2x2x8xf32>, tensor<3x2x1x1xf32>) outs(%init : tensor<1x3x2x8xf32>) -> tensor<1x3x2x8xf32>
  %interior = tensor.extract_slice %pad[0, 0, 1, 1] [1, 3, 2, 8] [1, 1, 1, 1] : tensor<1x3x4x10xf32> to tensor<1x3x2x8xf32>
  %relu = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%0 : tensor<1x3x2x8xf32>) outs(%interior : tensor<1x3x2x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x3x2x8xf32>
  %padded = tensor.insert_slice %relu into %pad[0, 0, 1, 1] [1, 3, 2, 8] [1, 1, 1, 1] : tensor<1x3x2x8xf32> into tensor<1x3x4x10xf32>
  return %padded : tensor<1x3x4x10xf32>
}

// -----

// A weight held as a resource (models' weights) is packed into a new
// resource: [1, 2, 3, 4] as [2, 2] transposed is [1, 3, 2, 4].
// RES-LABEL: func.func @pointwise_resource
// RES: arith.constant dense_resource<w.packed> : tensor<1x2x2xf32>
// RES: w.packed: "0x040000000000803F000040400000004000008040"
func.func @pointwise_resource(%x: tensor<1x2x3x3xf32>, %init: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense_resource<w> : tensor<2x2x1x1xf32>
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) outs(%init : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F000000400000404000008040"
    }
  }
#-}

// -----

// Strided: a direct convolution too, the stride in the input map.
// CHECK-LABEL: func.func @strided
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d5, d1 * 2 + d6, d2 * 2 + d7)>
// CHECK-SAME: outs(%{{.*}} : tensor<2x1x8x4x4xf32>)
// With im2col: patches [N, C, KH, KW, OH, OW] (affine maps, no divisions)
// viewed as [N, C*KH*KW, OH*OW], then the GEMM.
// IM2COL-LABEL: func.func @strided
// IM2COL-SAME: (%[[X:.*]]: tensor<2x3x9x9xf32>, %[[W:.*]]: tensor<8x3x3x3xf32>, %[[INIT:.*]]: tensor<2x8x4x4xf32>)
// IM2COL: %[[P:.*]] = linalg.generic
// IM2COL-SAME: affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4 * 2 + d2, d5 * 2 + d3)>
// IM2COL-SAME: ins(%[[X]] : tensor<2x3x9x9xf32>) outs(%{{.*}} : tensor<2x3x3x3x4x4xf32>)
// IM2COL: %[[COLS:.*]] = tensor.collapse_shape %[[P]] {{\[}}[0], [1, 2, 3], [4, 5]] : tensor<2x3x3x3x4x4xf32> into tensor<2x27x16xf32>
// IM2COL: %[[WT:.*]] = linalg.generic {{.*}} ins(%[[W]] : tensor<8x3x3x3xf32>) outs(%{{.*}} : tensor<1x27x8xf32>)
// IM2COL: linalg.generic
// IM2COL-SAME: ins(%[[COLS]], %[[WT]] : tensor<2x27x16xf32>, tensor<1x27x8xf32>) outs(%{{.*}} : tensor<2x1x8x16xf32>)
// IM2COL: tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2, 3]] output_shape [2, 8, 4, 4]
// Patches above im2col-bytes are made a few images at a time, a divisor
// of the batch: 27 x 16 floats (1728 bytes) per image, at most 1024 bytes
// in a chunk: one image at a time.
// CHUNK-LABEL: func.func @strided
// CHUNK: scf.for
// CHUNK-SAME: -> (tensor<2x8x4x4xf32>)
// CHUNK: outs(%{{.*}} : tensor<1x3x3x3x4x4xf32>)
// CHUNK: scf.yield
func.func @strided(%x: tensor<2x3x9x9xf32>, %w: tensor<8x3x3x3xf32>, %init: tensor<2x8x4x4xf32>) -> tensor<2x8x4x4xf32> {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%x, %w : tensor<2x3x9x9xf32>, tensor<8x3x3x3xf32>) outs(%init : tensor<2x8x4x4xf32>) -> tensor<2x8x4x4xf32>
  return %0 : tensor<2x8x4x4xf32>
}
