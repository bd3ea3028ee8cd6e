// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// Round trip of the data-movement ops added in DataMovementOps.td, each
// optional or defaulted attribute present and absent (defaults are not
// printed). The result types are the inferred ones.

// An i64 constant (gather indices, class labels).
// CHECK-LABEL: func.func @constant_i64
// CHECK: %[[C:.*]] = dlc.constant dense<[3, -1]> : tensor<2xi64>
// CHECK: return %[[C]]
func.func @constant_i64() -> tensor<2xi64> {
  %0 = dlc.constant dense<[3, -1]> : tensor<2xi64>
  return %0 : tensor<2xi64>
}

// Split into three pieces along a negative axis.
// CHECK-LABEL: func.func @split
// CHECK: %[[S:.*]]:3 = dlc.split %{{.*}} {axis = -1 : i64, sizes = array<i64: 1, 0, 4>} : (tensor<2x5xf32>) -> (tensor<2x1xf32>, tensor<2x0xf32>, tensor<2x4xf32>)
// CHECK: return %[[S]]#0, %[[S]]#2
func.func @split(%x: tensor<2x5xf32>) -> (tensor<2x1xf32>, tensor<2x4xf32>) {
  %0:3 = dlc.split %x {axis = -1 : i64, sizes = array<i64: 1, 0, 4>} : (tensor<2x5xf32>) -> (tensor<2x1xf32>, tensor<2x0xf32>, tensor<2x4xf32>)
  return %0#0, %0#2 : tensor<2x1xf32>, tensor<2x4xf32>
}

// Split with the default axis 0.
// CHECK-LABEL: func.func @split_default_axis
// CHECK: dlc.split %{{.*}} {sizes = array<i64: 3, 4>} : (tensor<7x2xf32>) -> (tensor<3x2xf32>, tensor<4x2xf32>)
func.func @split_default_axis(%x: tensor<7x2xf32>) -> tensor<3x2xf32> {
  %0:2 = dlc.split %x {sizes = array<i64: 3, 4>} : (tensor<7x2xf32>) -> (tensor<3x2xf32>, tensor<4x2xf32>)
  return %0#0 : tensor<3x2xf32>
}

// Slice with only starts and ends: leading axes, step 1; ends clamp.
// CHECK-LABEL: func.func @slice_leading_axes
// CHECK: dlc.slice %{{.*}} {ends = array<i64: 100>, starts = array<i64: -3>} : (tensor<7x5xf32>) -> tensor<3x5xf32>
func.func @slice_leading_axes(%x: tensor<7x5xf32>) -> tensor<3x5xf32> {
  %0 = dlc.slice %x {starts = array<i64: -3>, ends = array<i64: 100>} : (tensor<7x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// Slice with axes and a negative step: reverse axis 1 from its end.
// CHECK-LABEL: func.func @slice_reverse
// CHECK: dlc.slice %{{.*}} {axes = array<i64: 1>, ends = array<i64: -9223372036854775808>, starts = array<i64: -1>, steps = array<i64: -2>} : (tensor<3x7xf32>) -> tensor<3x4xf32>
func.func @slice_reverse(%x: tensor<3x7xf32>) -> tensor<3x4xf32> {
  %0 = dlc.slice %x {starts = array<i64: -1>, ends = array<i64: -9223372036854775808>, axes = array<i64: 1>, steps = array<i64: -2>} : (tensor<3x7xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// An empty slice is a zero-sized result.
// CHECK-LABEL: func.func @slice_empty
// CHECK: dlc.slice %{{.*}} {ends = array<i64: 1>, starts = array<i64: 4>} : (tensor<6xf32>) -> tensor<0xf32>
func.func @slice_empty(%x: tensor<6xf32>) -> tensor<0xf32> {
  %0 = dlc.slice %x {starts = array<i64: 4>, ends = array<i64: 1>} : (tensor<6xf32>) -> tensor<0xf32>
  return %0 : tensor<0xf32>
}

// An embedding lookup: gather on axis 0 (the default).
// CHECK-LABEL: func.func @gather_embedding
// CHECK: %[[G:.*]] = dlc.gather %{{.*}}, %{{.*}} : (tensor<100x16xf32>, tensor<2x7xi64>) -> tensor<2x7x16xf32>
// CHECK: return %[[G]]
func.func @gather_embedding(%w: tensor<100x16xf32>, %ids: tensor<2x7xi64>) -> tensor<2x7x16xf32> {
  %0 = dlc.gather %w, %ids : (tensor<100x16xf32>, tensor<2x7xi64>) -> tensor<2x7x16xf32>
  return %0 : tensor<2x7x16xf32>
}

// Gather along a middle axis with a scalar index drops that axis.
// CHECK-LABEL: func.func @gather_scalar_index
// CHECK: dlc.gather %{{.*}}, %{{.*}} {axis = -2 : i64} : (tensor<3x5x4xf32>, tensor<i64>) -> tensor<3x4xf32>
func.func @gather_scalar_index(%x: tensor<3x5x4xf32>, %i: tensor<i64>) -> tensor<3x4xf32> {
  %0 = dlc.gather %x, %i {axis = -2 : i64} : (tensor<3x5x4xf32>, tensor<i64>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// gather's adjoint: an embedding gradient summed back into the table's
// 100 rows (axis 0, the default).
// CHECK-LABEL: func.func @scatter_add_embedding
// CHECK: %[[S:.*]] = dlc.scatter_add %{{.*}}, %{{.*}} {size = 100 : i64} : (tensor<2x7x16xf32>, tensor<2x7xi64>) -> tensor<100x16xf32>
// CHECK: return %[[S]]
func.func @scatter_add_embedding(%g: tensor<2x7x16xf32>, %ids: tensor<2x7xi64>) -> tensor<100x16xf32> {
  %0 = dlc.scatter_add %g, %ids {size = 100 : i64} : (tensor<2x7x16xf32>, tensor<2x7xi64>) -> tensor<100x16xf32>
  return %0 : tensor<100x16xf32>
}

// A scalar index along a negative axis (counted in the result's rank)
// inserts that axis.
// CHECK-LABEL: func.func @scatter_add_scalar_index
// CHECK: dlc.scatter_add %{{.*}}, %{{.*}} {axis = -2 : i64, size = 5 : i64} : (tensor<3x4xf32>, tensor<i64>) -> tensor<3x5x4xf32>
func.func @scatter_add_scalar_index(%g: tensor<3x4xf32>, %i: tensor<i64>) -> tensor<3x5x4xf32> {
  %0 = dlc.scatter_add %g, %i {axis = -2 : i64, size = 5 : i64} : (tensor<3x4xf32>, tensor<i64>) -> tensor<3x5x4xf32>
  return %0 : tensor<3x5x4xf32>
}

// Constant padding with the defaults (mode "constant", value 0).
// CHECK-LABEL: func.func @pad_defaults
// CHECK: dlc.pad %{{.*}} {pads = array<i64: 1, 0, 2, 3>} : (tensor<3x5xf32>) -> tensor<6x8xf32>
func.func @pad_defaults(%x: tensor<3x5xf32>) -> tensor<6x8xf32> {
  %0 = dlc.pad %x {pads = array<i64: 1, 0, 2, 3>} : (tensor<3x5xf32>) -> tensor<6x8xf32>
  return %0 : tensor<6x8xf32>
}

// Constant padding with a value; negative pads crop.
// CHECK-LABEL: func.func @pad_value_crop
// CHECK: dlc.pad %{{.*}} {pads = array<i64: -1, 2, 0, -3>, value = -1.500000e+00 : f32} : (tensor<3x5xf32>) -> tensor<2x4xf32>
func.func @pad_value_crop(%x: tensor<3x5xf32>) -> tensor<2x4xf32> {
  %0 = dlc.pad %x {pads = array<i64: -1, 2, 0, -3>, value = -1.5 : f32} : (tensor<3x5xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// Reflect and edge padding.
// CHECK-LABEL: func.func @pad_modes
// CHECK: dlc.pad %{{.*}} {mode = "reflect", pads = array<i64: 0, 0, 2, 4, 0, 0, 1, 4>} : (tensor<1x2x3x5xf32>) -> tensor<1x2x6x13xf32>
// CHECK: dlc.pad %{{.*}} {mode = "edge", pads = array<i64: 0, 0, 5, 0, 0, 0, 5, 0>} : (tensor<1x2x3x5xf32>) -> tensor<1x2x13x5xf32>
func.func @pad_modes(%x: tensor<1x2x3x5xf32>) -> (tensor<1x2x6x13xf32>, tensor<1x2x13x5xf32>) {
  %0 = dlc.pad %x {pads = array<i64: 0, 0, 2, 4, 0, 0, 1, 4>, mode = "reflect"} : (tensor<1x2x3x5xf32>) -> tensor<1x2x6x13xf32>
  %1 = dlc.pad %x {pads = array<i64: 0, 0, 5, 0, 0, 0, 5, 0>, mode = "edge"} : (tensor<1x2x3x5xf32>) -> tensor<1x2x13x5xf32>
  return %0, %1 : tensor<1x2x6x13xf32>, tensor<1x2x13x5xf32>
}

// Channel shuffle keeps the type.
// CHECK-LABEL: func.func @channel_shuffle
// CHECK: %[[S:.*]] = dlc.channel_shuffle %{{.*}} {groups = 3 : i64} : tensor<2x12x7x7xf32>
// CHECK: return %[[S]]
func.func @channel_shuffle(%x: tensor<2x12x7x7xf32>) -> tensor<2x12x7x7xf32> {
  %0 = dlc.channel_shuffle %x {groups = 3 : i64} : tensor<2x12x7x7xf32>
  return %0 : tensor<2x12x7x7xf32>
}

// Expand to a higher rank: leading dims are added, unit dims stretched.
// CHECK-LABEL: func.func @expand_higher_rank
// CHECK: %[[E:.*]] = dlc.expand %{{.*}} {shape = array<i64: 2, 1, 6>} : (tensor<3x1xf32>) -> tensor<2x3x6xf32>
// CHECK: return %[[E]]
func.func @expand_higher_rank(%x: tensor<3x1xf32>) -> tensor<2x3x6xf32> {
  %0 = dlc.expand %x {shape = array<i64: 2, 1, 6>} : (tensor<3x1xf32>) -> tensor<2x3x6xf32>
  return %0 : tensor<2x3x6xf32>
}

// Expand to a lower rank: a 1 in shape keeps the input's extent; i64 too.
// CHECK-LABEL: func.func @expand_lower_rank_i64
// CHECK: dlc.expand %{{.*}} {shape = array<i64: 1, 5>} : (tensor<2x4x1xi64>) -> tensor<2x4x5xi64>
func.func @expand_lower_rank_i64(%x: tensor<2x4x1xi64>) -> tensor<2x4x5xi64> {
  %0 = dlc.expand %x {shape = array<i64: 1, 5>} : (tensor<2x4x1xi64>) -> tensor<2x4x5xi64>
  return %0 : tensor<2x4x5xi64>
}

// Casts in both directions.
// CHECK-LABEL: func.func @cast
// CHECK: %[[I:.*]] = dlc.cast %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xi64>
// CHECK: %[[F:.*]] = dlc.cast %[[I]] : (tensor<2x3xi64>) -> tensor<2x3xf32>
// CHECK: return %[[F]]
func.func @cast(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.cast %x : (tensor<2x3xf32>) -> tensor<2x3xi64>
  %1 = dlc.cast %0 : (tensor<2x3xi64>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}
