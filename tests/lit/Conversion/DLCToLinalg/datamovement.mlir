// RUN: dlc-opt %s --convert-dlc-to-linalg --mlir-print-local-scope | FileCheck %s --implicit-check-not=dlc.

// The lowering of the data-movement ops added in DataMovementOps.td: slices
// are tensor.extract_slice (plus a reversing copy for negative steps),
// constant padding is tensor.pad, channel shuffle is expand / transpose /
// collapse, and gather and reflect/edge padding are generics whose bodies
// clamp their indices and read with tensor.extract; scatter_add is a loop
// nest. expand is a copy generic with the broadcast map, cast an
// elementwise fptosi / sitofp.

// One extract_slice per piece, at the running offset.
// CHECK-LABEL: func.func @split
// CHECK-SAME: (%[[X:.*]]: tensor<2x5xf32>)
// CHECK: %[[A:.*]] = tensor.extract_slice %[[X]][0, 0] [2, 1] [1, 1] : tensor<2x5xf32> to tensor<2x1xf32>
// CHECK: %[[B:.*]] = tensor.extract_slice %[[X]][0, 1] [2, 4] [1, 1] : tensor<2x5xf32> to tensor<2x4xf32>
// CHECK: return %[[A]], %[[B]]
func.func @split(%x: tensor<2x5xf32>) -> (tensor<2x1xf32>, tensor<2x4xf32>) {
  %0:2 = dlc.split %x {axis = -1 : i64, sizes = array<i64: 1, 4>} : (tensor<2x5xf32>) -> (tensor<2x1xf32>, tensor<2x4xf32>)
  return %0#0, %0#1 : tensor<2x1xf32>, tensor<2x4xf32>
}

// Positive steps: a strided extract_slice, the ends clamped (ONNX).
// CHECK-LABEL: func.func @slice_forward
// CHECK-SAME: (%[[X:.*]]: tensor<13x11xf32>)
// CHECK: %[[S:.*]] = tensor.extract_slice %[[X]][2, 1] [4, 5] [3, 2] : tensor<13x11xf32> to tensor<4x5xf32>
// CHECK-NOT: linalg.generic
// CHECK: return %[[S]]
func.func @slice_forward(%x: tensor<13x11xf32>) -> tensor<4x5xf32> {
  %0 = dlc.slice %x {starts = array<i64: 2, 1>, ends = array<i64: 100, -1>, steps = array<i64: 3, 2>} : (tensor<13x11xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// A negative step starts the slice at its last selected element (6, 4, 2,
// 0 -> offset 0, stride 2) and reverses that axis afterwards.
// CHECK-LABEL: func.func @slice_reverse
// CHECK-SAME: (%[[X:.*]]: tensor<3x7xf32>)
// CHECK: %[[S:.*]] = tensor.extract_slice %[[X]][0, 0] [3, 4] [1, 2] : tensor<3x7xf32> to tensor<3x4xf32>
// CHECK: %[[R:.*]] = linalg.generic
// CHECK-SAME: indexing_maps = [affine_map<(d0, d1) -> (d0, -d1 + 3)>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK-SAME: ins(%[[S]] : tensor<3x4xf32>)
// CHECK: return %[[R]]
func.func @slice_reverse(%x: tensor<3x7xf32>) -> tensor<3x4xf32> {
  %0 = dlc.slice %x {starts = array<i64: -1>, ends = array<i64: -9223372036854775808>, axes = array<i64: 1>, steps = array<i64: -2>} : (tensor<3x7xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// The indices are read through the output dims they occupy; the index is
// wrapped (negative + extent), clamped to [0, extent - 1] and extracted.
// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[X:.*]]: tensor<3x5x4xf32>, %[[I:.*]]: tensor<2xi64>)
// CHECK: %[[G:.*]] = linalg.generic
// CHECK-SAME: indexing_maps = [affine_map<(d0, d1, d2) -> (d1)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]
// CHECK-SAME: ins(%[[I]] : tensor<2xi64>)
// CHECK: ^bb0(%[[IDX:.*]]: i64, %{{.*}}: f32):
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[IDX]]
// CHECK: %[[WRAP:.*]] = arith.select %[[NEG]]
// CHECK: %[[LO:.*]] = arith.maxsi %[[WRAP]]
// CHECK: %[[HI:.*]] = arith.minsi %[[LO]]
// CHECK: %[[AT:.*]] = arith.index_cast %[[HI]] : i64 to index
// CHECK: %[[D0:.*]] = linalg.index 0
// CHECK: %[[D2:.*]] = linalg.index 2
// CHECK: tensor.extract %[[X]][%[[D0]], %[[AT]], %[[D2]]]
// CHECK: return %[[G]]
func.func @gather(%x: tensor<3x5x4xf32>, %i: tensor<2xi64>) -> tensor<3x2x4xf32> {
  %0 = dlc.gather %x, %i {axis = 1 : i64} : (tensor<3x5x4xf32>, tensor<2xi64>) -> tensor<3x2x4xf32>
  return %0 : tensor<3x2x4xf32>
}

// gather's adjoint: the updates and indices collapsed to [outer, positions,
// inner] and [positions], a zero [outer, size, inner] accumulator and a
// loop nest over the positions (sequential: repeated indices hit the same
// row), then rows and columns; the index is wrapped and clamped as gather's.
// CHECK-LABEL: func.func @scatter_add
// CHECK-SAME: (%[[G:.*]]: tensor<3x2x2x4xf32>, %[[I:.*]]: tensor<2x2xi64>)
// CHECK: %[[U:.*]] = tensor.collapse_shape %[[G]] {{\[}}[0], [1, 2], [3]] : tensor<3x2x2x4xf32> into tensor<3x4x4xf32>
// CHECK: %[[IDX:.*]] = tensor.collapse_shape %[[I]] {{\[}}[0, 1]] : tensor<2x2xi64> into tensor<4xi64>
// CHECK: %[[ZERO:.*]] = linalg.fill {{.*}} -> tensor<3x5x4xf32>
// CHECK: %[[R:.*]] = scf.for %[[P:.*]] = %{{.*}} iter_args(%[[ACC:.*]] = %[[ZERO]]) -> (tensor<3x5x4xf32>)
// CHECK: %[[J:.*]] = tensor.extract %[[IDX]][%[[P]]] : tensor<4xi64>
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[J]]
// CHECK: %[[WRAP:.*]] = arith.select %[[NEG]]
// CHECK: %[[LO:.*]] = arith.maxsi %[[WRAP]]
// CHECK: %[[HI:.*]] = arith.minsi %[[LO]]
// CHECK: %[[ROW:.*]] = arith.index_cast %[[HI]] : i64 to index
// CHECK: scf.for %[[O:.*]] = %{{.*}} iter_args(%[[ACC1:.*]] = %[[ACC]])
// CHECK: scf.for %[[C:.*]] = %{{.*}} iter_args(%[[ACC2:.*]] = %[[ACC1]])
// CHECK: %[[V:.*]] = tensor.extract %[[U]][%[[O]], %[[P]], %[[C]]]
// CHECK: %[[OLD:.*]] = tensor.extract %[[ACC2]][%[[O]], %[[ROW]], %[[C]]]
// CHECK: %[[SUM:.*]] = arith.addf %[[OLD]], %[[V]]
// CHECK: tensor.insert %[[SUM]] into %[[ACC2]][%[[O]], %[[ROW]], %[[C]]]
// CHECK: return %[[R]]
func.func @scatter_add(%g: tensor<3x2x2x4xf32>, %i: tensor<2x2xi64>) -> tensor<3x5x4xf32> {
  %0 = dlc.scatter_add %g, %i {axis = 1 : i64, size = 5 : i64} : (tensor<3x2x2x4xf32>, tensor<2x2xi64>) -> tensor<3x5x4xf32>
  return %0 : tensor<3x5x4xf32>
}

// Negative constant pads crop first; the rest is tensor.pad with the value.
// CHECK-LABEL: func.func @pad_constant
// CHECK-SAME: (%[[X:.*]]: tensor<3x5xf32>)
// CHECK: %[[C:.*]] = tensor.extract_slice %[[X]][1, 0] [2, 2] [1, 1] : tensor<3x5xf32> to tensor<2x2xf32>
// CHECK: %[[V:.*]] = arith.constant -1.500000e+00 : f32
// CHECK: %[[P:.*]] = tensor.pad %[[C]] low[0, 2] high[0, 0]
// CHECK: tensor.yield %[[V]] : f32
// CHECK: return %[[P]]
func.func @pad_constant(%x: tensor<3x5xf32>) -> tensor<2x4xf32> {
  %0 = dlc.pad %x {pads = array<i64: -1, 2, 0, -3>, value = -1.5 : f32} : (tensor<3x5xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// Reflection maps s = o - begin to -s below 0 and 2 (d - 1) - s past the end.
// CHECK-LABEL: func.func @pad_reflect
// CHECK-SAME: (%[[X:.*]]: tensor<3x5xf32>)
// CHECK: %[[P:.*]] = linalg.generic
// CHECK-SAME: indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>]
// CHECK-SAME: outs(%{{.*}} : tensor<4x7xf32>)
// CHECK: arith.cmpi slt
// CHECK: arith.cmpi sgt
// CHECK: tensor.extract %[[X]]
// CHECK: return %[[P]]
func.func @pad_reflect(%x: tensor<3x5xf32>) -> tensor<4x7xf32> {
  %0 = dlc.pad %x {pads = array<i64: 1, 0, 0, 2>, mode = "reflect"} : (tensor<3x5xf32>) -> tensor<4x7xf32>
  return %0 : tensor<4x7xf32>
}

// Edge padding clamps the source index.
// CHECK-LABEL: func.func @pad_edge
// CHECK: linalg.generic
// CHECK-NOT: arith.cmpi
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: tensor.extract
func.func @pad_edge(%x: tensor<3x5xf32>) -> tensor<3x9xf32> {
  %0 = dlc.pad %x {pads = array<i64: 0, 3, 0, 1>, mode = "edge"} : (tensor<3x5xf32>) -> tensor<3x9xf32>
  return %0 : tensor<3x9xf32>
}

// [N, C, H, W] -> [N, g, C/g, H, W] -> swap dims 1 and 2 -> [N, C, H, W].
// CHECK-LABEL: func.func @channel_shuffle
// CHECK-SAME: (%[[X:.*]]: tensor<2x12x7x7xf32>)
// CHECK: %[[E:.*]] = tensor.expand_shape %[[X]] {{\[}}[0], [1, 2], [3], [4]] output_shape [2, 3, 4, 7, 7]
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[E]] : tensor<2x3x4x7x7xf32>) outs(%{{.*}} : tensor<2x4x3x7x7xf32>) permutation = [0, 2, 1, 3, 4]
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[T]] {{\[}}[0], [1, 2], [3], [4]] : tensor<2x4x3x7x7xf32> into tensor<2x12x7x7xf32>
// CHECK: return %[[C]]
func.func @channel_shuffle(%x: tensor<2x12x7x7xf32>) -> tensor<2x12x7x7xf32> {
  %0 = dlc.channel_shuffle %x {groups = 3 : i64} : tensor<2x12x7x7xf32>
  return %0 : tensor<2x12x7x7xf32>
}

// Expand copies through the broadcast map: the unit input dim reads index
// 0, the new leading dim is not read.
// CHECK-LABEL: func.func @expand
// CHECK-SAME: (%[[X:.*]]: tensor<3x1xf32>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x3x6xf32>
// CHECK: %[[E:.*]] = linalg.generic
// CHECK-SAME: indexing_maps = [affine_map<(d0, d1, d2) -> (d1, 0)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]
// CHECK-SAME: iterator_types = ["parallel", "parallel", "parallel"]
// CHECK-SAME: ins(%[[X]] : tensor<3x1xf32>) outs(%[[INIT]] : tensor<2x3x6xf32>)
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[IN]] : f32
// CHECK: return %[[E]]
func.func @expand(%x: tensor<3x1xf32>) -> tensor<2x3x6xf32> {
  %0 = dlc.expand %x {shape = array<i64: 2, 1, 6>} : (tensor<3x1xf32>) -> tensor<2x3x6xf32>
  return %0 : tensor<2x3x6xf32>
}

// A lower-rank shape keeps the input's extents; i64 elements copy alike.
// CHECK-LABEL: func.func @expand_lower_rank_i64
// CHECK: linalg.generic
// CHECK-SAME: indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, 0)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]
// CHECK-SAME: outs(%{{.*}} : tensor<2x4x5xi64>)
func.func @expand_lower_rank_i64(%x: tensor<2x4x1xi64>) -> tensor<2x4x5xi64> {
  %0 = dlc.expand %x {shape = array<i64: 1, 5>} : (tensor<2x4x1xi64>) -> tensor<2x4x5xi64>
  return %0 : tensor<2x4x5xi64>
}

// f32 -> i64 converts in-range values with fptosi (a substituted 0
// elsewhere, so no poison) and gives INT64_MIN for NaN and out-of-range
// values; i64 -> f32 is sitofp.
// CHECK-LABEL: func.func @cast
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK: %[[I:.*]] = linalg.generic
// CHECK-SAME: ins(%[[X]] : tensor<2x3xf32>) outs(%{{.*}} : tensor<2x3xi64>)
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: i64):
// CHECK-DAG: %[[LO:.*]] = arith.constant -9.22337203E+18 : f32
// CHECK-DAG: %[[HI:.*]] = arith.constant 9.22337203E+18 : f32
// CHECK: %[[GE:.*]] = arith.cmpf oge, %[[IN]], %[[LO]] : f32
// CHECK: %[[LT:.*]] = arith.cmpf olt, %[[IN]], %[[HI]] : f32
// CHECK: %[[OK:.*]] = arith.andi %[[GE]], %[[LT]] : i1
// CHECK: %[[SAFE:.*]] = arith.select %[[OK]], %[[IN]], %{{.*}} : f32
// CHECK: %[[CONV:.*]] = arith.fptosi %[[SAFE]] : f32 to i64
// CHECK: %[[MIN:.*]] = arith.constant -9223372036854775808 : i64
// CHECK: %[[R:.*]] = arith.select %[[OK]], %[[CONV]], %[[MIN]] : i64
// CHECK: linalg.yield %[[R]] : i64
// CHECK: %[[F:.*]] = linalg.generic
// CHECK-SAME: ins(%[[I]] : tensor<2x3xi64>) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK: %[[S:.*]] = arith.sitofp %{{.*}} : i64 to f32
// CHECK: linalg.yield %[[S]] : f32
// CHECK: return %[[F]]
func.func @cast(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.cast %x : (tensor<2x3xf32>) -> tensor<2x3xi64>
  %1 = dlc.cast %0 : (tensor<2x3xi64>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// A same-type cast that was not folded lowers to its input.
// CHECK-LABEL: func.func @cast_identity
// CHECK-SAME: (%[[X:.*]]: tensor<4xi64>)
// CHECK-NOT: linalg.generic
// CHECK: return %[[X]]
func.func @cast_identity(%x: tensor<4xi64>) -> tensor<4xi64> {
  %0 = dlc.cast %x : (tensor<4xi64>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}
