// RUN: dlc-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of the data-movement ops added in
// DataMovementOps.td (split, slice, gather, scatter_add, pad,
// channel_shuffle, expand, cast) and of the widened dlc.constant type. A
// shape inference failure is followed by upstream's generic "failed to
// infer returned types", so those cases expect both errors.

// Integer constants are i64 only.
func.func @constant_i32() -> tensor<2xi32> {
  // expected-error @+1 {{'dlc.constant' op result #0 must be statically shaped tensor of 32-bit float values or statically shaped tensor of 64-bit signless integer values, but got 'tensor<2xi32>'}}
  %0 = dlc.constant dense<[1, 2]> : tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// The split axis must exist.
func.func @split_axis(%x: tensor<4x6xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>) {
  // expected-error @+2 {{'dlc.split' op axis 2 is out of range for rank 2 (expected -2 to 1)}}
  // expected-error @+1 {{'dlc.split' op failed to infer returned types}}
  %0:2 = dlc.split %x {axis = 2 : i64, sizes = array<i64: 3, 3>} : (tensor<4x6xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>)
  return %0#0, %0#1 : tensor<4x3xf32>, tensor<4x3xf32>
}

// -----

// A split has at least one piece.
func.func @split_no_sizes(%x: tensor<4x6xf32>) {
  // expected-error @+2 {{'dlc.split' op sizes must have at least one entry}}
  // expected-error @+1 {{'dlc.split' op failed to infer returned types}}
  dlc.split %x {axis = 1 : i64, sizes = array<i64>} : (tensor<4x6xf32>) -> ()
  return
}

// -----

// Piece sizes cannot be negative.
func.func @split_negative_size(%x: tensor<4x6xf32>) -> (tensor<4x8xf32>, tensor<4x2xf32>) {
  // expected-error @+2 {{'dlc.split' op sizes must be non-negative, got [8, -2]}}
  // expected-error @+1 {{'dlc.split' op failed to infer returned types}}
  %0:2 = dlc.split %x {axis = 1 : i64, sizes = array<i64: 8, -2>} : (tensor<4x6xf32>) -> (tensor<4x8xf32>, tensor<4x2xf32>)
  return %0#0, %0#1 : tensor<4x8xf32>, tensor<4x2xf32>
}

// -----

// The pieces must cover the axis exactly.
func.func @split_sum(%x: tensor<4x6xf32>) -> (tensor<4x2xf32>, tensor<4x3xf32>) {
  // expected-error @+2 {{'dlc.split' op sizes [2, 3] sum to 5 but axis 1 of the input (4x6) has extent 6}}
  // expected-error @+1 {{'dlc.split' op failed to infer returned types}}
  %0:2 = dlc.split %x {axis = 1 : i64, sizes = array<i64: 2, 3>} : (tensor<4x6xf32>) -> (tensor<4x2xf32>, tensor<4x3xf32>)
  return %0#0, %0#1 : tensor<4x2xf32>, tensor<4x3xf32>
}

// -----

// starts and ends pair up.
func.func @slice_ends_count(%x: tensor<4x6xf32>) -> tensor<2x6xf32> {
  // expected-error @+2 {{'dlc.slice' op starts has 1 entries but ends has 2}}
  // expected-error @+1 {{'dlc.slice' op failed to infer returned types}}
  %0 = dlc.slice %x {starts = array<i64: 1>, ends = array<i64: 3, 4>} : (tensor<4x6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// One axis per start.
func.func @slice_axes_count(%x: tensor<4x6xf32>) -> tensor<2x6xf32> {
  // expected-error @+2 {{'dlc.slice' op starts has 1 entries but axes has 2}}
  // expected-error @+1 {{'dlc.slice' op failed to infer returned types}}
  %0 = dlc.slice %x {starts = array<i64: 1>, ends = array<i64: 3>, axes = array<i64: 0, 1>} : (tensor<4x6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// One step per start.
func.func @slice_steps_count(%x: tensor<4x6xf32>) -> tensor<2x6xf32> {
  // expected-error @+2 {{'dlc.slice' op starts has 1 entries but steps has 2}}
  // expected-error @+1 {{'dlc.slice' op failed to infer returned types}}
  %0 = dlc.slice %x {starts = array<i64: 1>, ends = array<i64: 3>, steps = array<i64: 1, 1>} : (tensor<4x6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// Without axes, entry i slices axis i, so there are at most rank entries.
func.func @slice_too_many(%x: tensor<4x6xf32>) -> tensor<2x6xf32> {
  // expected-error @+2 {{'dlc.slice' op starts has 3 entries but the input has rank 2 (without axes, entry i slices axis i)}}
  // expected-error @+1 {{'dlc.slice' op failed to infer returned types}}
  %0 = dlc.slice %x {starts = array<i64: 1, 0, 0>, ends = array<i64: 3, 6, 1>} : (tensor<4x6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// Sliced axes must exist.
func.func @slice_axis_range(%x: tensor<4x6xf32>) -> tensor<2x6xf32> {
  // expected-error @+2 {{'dlc.slice' op axis -3 is out of range for rank 2 (expected -2 to 1)}}
  // expected-error @+1 {{'dlc.slice' op failed to infer returned types}}
  %0 = dlc.slice %x {starts = array<i64: 1>, ends = array<i64: 3>, axes = array<i64: -3>} : (tensor<4x6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// An axis is sliced at most once (-1 and 1 are the same axis here).
func.func @slice_axis_twice(%x: tensor<4x6xf32>) -> tensor<4x2xf32> {
  // expected-error @+2 {{'dlc.slice' op axes [1, -1] name axis 1 more than once}}
  // expected-error @+1 {{'dlc.slice' op failed to infer returned types}}
  %0 = dlc.slice %x {starts = array<i64: 1, 0>, ends = array<i64: 3, 2>, axes = array<i64: 1, -1>} : (tensor<4x6xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

// A step of 0 never advances.
func.func @slice_zero_step(%x: tensor<4x6xf32>) -> tensor<2x6xf32> {
  // expected-error @+2 {{'dlc.slice' op steps must be non-zero, got [0]}}
  // expected-error @+1 {{'dlc.slice' op failed to infer returned types}}
  %0 = dlc.slice %x {starts = array<i64: 1>, ends = array<i64: 3>, steps = array<i64: 0>} : (tensor<4x6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// Gathering needs an axis to index.
func.func @gather_scalar_data(%x: tensor<f32>, %i: tensor<2xi64>) -> tensor<2xf32> {
  // expected-error @+2 {{'dlc.gather' op data must have rank >= 1, got rank 0}}
  // expected-error @+1 {{'dlc.gather' op failed to infer returned types}}
  %0 = dlc.gather %x, %i : (tensor<f32>, tensor<2xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// The gather axis must exist.
func.func @gather_axis(%x: tensor<4x6xf32>, %i: tensor<2xi64>) -> tensor<4x2xf32> {
  // expected-error @+2 {{'dlc.gather' op axis -3 is out of range for rank 2 (expected -2 to 1)}}
  // expected-error @+1 {{'dlc.gather' op failed to infer returned types}}
  %0 = dlc.gather %x, %i {axis = -3 : i64} : (tensor<4x6xf32>, tensor<2xi64>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

// No index is valid on an empty axis.
func.func @gather_empty_axis(%x: tensor<0x6xf32>, %i: tensor<2xi64>) -> tensor<2x6xf32> {
  // expected-error @+2 {{'dlc.gather' op axis 0 of data (0x6) is empty, so no index is valid}}
  // expected-error @+1 {{'dlc.gather' op failed to infer returned types}}
  %0 = dlc.gather %x, %i : (tensor<0x6xf32>, tensor<2xi64>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// Indices are i64.
func.func @gather_f32_indices(%x: tensor<4x6xf32>, %i: tensor<2xf32>) -> tensor<2x6xf32> {
  // expected-error @+1 {{'dlc.gather' op operand #1 must be statically shaped tensor of 64-bit signless integer values, but got 'tensor<2xf32>'}}
  %0 = dlc.gather %x, %i : (tensor<4x6xf32>, tensor<2xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// scatter_add's updates hold the index dims.
func.func @scatter_add_rank(%g: tensor<5xf32>, %i: tensor<2x5xi64>) -> tensor<4xf32> {
  // expected-error @+2 {{'dlc.scatter_add' op updates must have rank >= 2 (the rank of indices), got rank 1 (5)}}
  // expected-error @+1 {{'dlc.scatter_add' op failed to infer returned types}}
  %0 = dlc.scatter_add %g, %i {size = 4 : i64} : (tensor<5xf32>, tensor<2x5xi64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// The scatter_add axis is counted in the result's rank (2 here).
func.func @scatter_add_axis(%g: tensor<3x2x4xf32>, %i: tensor<2xi64>) -> tensor<3x5x4xf32> {
  // expected-error @+2 {{'dlc.scatter_add' op axis 3 is out of range for rank 3 (expected -3 to 2)}}
  // expected-error @+1 {{'dlc.scatter_add' op failed to infer returned types}}
  %0 = dlc.scatter_add %g, %i {axis = 3 : i64, size = 5 : i64} : (tensor<3x2x4xf32>, tensor<2xi64>) -> tensor<3x5x4xf32>
  return %0 : tensor<3x5x4xf32>
}

// -----

// The index dims of updates sit at the axis.
func.func @scatter_add_index_dims(%g: tensor<3x2x4xf32>, %i: tensor<2xi64>) -> tensor<5x2x4xf32> {
  // expected-error @+2 {{'dlc.scatter_add' op updates must have the shape of indices (2) at dim 0, got 3x2x4}}
  // expected-error @+1 {{'dlc.scatter_add' op failed to infer returned types}}
  %0 = dlc.scatter_add %g, %i {size = 5 : i64} : (tensor<3x2x4xf32>, tensor<2xi64>) -> tensor<5x2x4xf32>
  return %0 : tensor<5x2x4xf32>
}

// -----

// The slot count cannot be negative.
func.func @scatter_add_negative_size(%g: tensor<2x4xf32>, %i: tensor<2xi64>) -> tensor<2x4xf32> {
  // expected-error @+2 {{'dlc.scatter_add' op size must be non-negative, got -1}}
  // expected-error @+1 {{'dlc.scatter_add' op failed to infer returned types}}
  %0 = dlc.scatter_add %g, %i {size = -1 : i64} : (tensor<2x4xf32>, tensor<2xi64>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// No index is valid when there are no slots.
func.func @scatter_add_no_slots(%g: tensor<2x4xf32>, %i: tensor<2xi64>) -> tensor<0x4xf32> {
  // expected-error @+2 {{'dlc.scatter_add' op size is 0 but indices (2) are not empty, so no index is valid}}
  // expected-error @+1 {{'dlc.scatter_add' op failed to infer returned types}}
  %0 = dlc.scatter_add %g, %i {size = 0 : i64} : (tensor<2x4xf32>, tensor<2xi64>) -> tensor<0x4xf32>
  return %0 : tensor<0x4xf32>
}

// -----

// pads holds a begin and an end per axis.
func.func @pad_count(%x: tensor<4x6xf32>) -> tensor<5x6xf32> {
  // expected-error @+2 {{'dlc.pad' op pads must have 2 * rank = 4 entries (all begins, then all ends), got 3}}
  // expected-error @+1 {{'dlc.pad' op failed to infer returned types}}
  %0 = dlc.pad %x {pads = array<i64: 1, 0, 0>} : (tensor<4x6xf32>) -> tensor<5x6xf32>
  return %0 : tensor<5x6xf32>
}

// -----

// Only ONNX's three modes.
func.func @pad_mode(%x: tensor<4x6xf32>) -> tensor<5x6xf32> {
  // expected-error @+2 {{'dlc.pad' op mode must be "constant", "reflect" or "edge", got "wrap"}}
  // expected-error @+1 {{'dlc.pad' op failed to infer returned types}}
  %0 = dlc.pad %x {pads = array<i64: 1, 0, 0, 0>, mode = "wrap"} : (tensor<4x6xf32>) -> tensor<5x6xf32>
  return %0 : tensor<5x6xf32>
}

// -----

// Negative pads crop, which only "constant" supports.
func.func @pad_negative_edge(%x: tensor<4x6xf32>) -> tensor<3x6xf32> {
  // expected-error @+2 {{'dlc.pad' op "edge" mode needs non-negative pads, got [-1, 0, 0, 0]}}
  // expected-error @+1 {{'dlc.pad' op failed to infer returned types}}
  %0 = dlc.pad %x {pads = array<i64: -1, 0, 0, 0>, mode = "edge"} : (tensor<4x6xf32>) -> tensor<3x6xf32>
  return %0 : tensor<3x6xf32>
}

// -----

// Cropping cannot remove more than the whole axis.
func.func @pad_crop_too_much(%x: tensor<4x6xf32>) -> tensor<1x6xf32> {
  // expected-error @+2 {{'dlc.pad' op negative pads -3 and -2 on axis 0 remove more than its extent 4}}
  // expected-error @+1 {{'dlc.pad' op failed to infer returned types}}
  %0 = dlc.pad %x {pads = array<i64: -3, 0, -2, 0>} : (tensor<4x6xf32>) -> tensor<1x6xf32>
  return %0 : tensor<1x6xf32>
}

// -----

// Reflection needs pads smaller than the extent (PyTorch's rule).
func.func @pad_reflect_too_wide(%x: tensor<4x6xf32>) -> tensor<8x6xf32> {
  // expected-error @+2 {{'dlc.pad' op reflect pads 4 and 0 on axis 0 must be smaller than its extent 4}}
  // expected-error @+1 {{'dlc.pad' op failed to infer returned types}}
  %0 = dlc.pad %x {pads = array<i64: 4, 0, 0, 0>, mode = "reflect"} : (tensor<4x6xf32>) -> tensor<8x6xf32>
  return %0 : tensor<8x6xf32>
}

// -----

// An empty axis has no edge to repeat.
func.func @pad_edge_empty(%x: tensor<0x6xf32>) -> tensor<2x6xf32> {
  // expected-error @+2 {{'dlc.pad' op edge padding of the empty axis 0 has no edge to repeat}}
  // expected-error @+1 {{'dlc.pad' op failed to infer returned types}}
  %0 = dlc.pad %x {pads = array<i64: 1, 0, 1, 0>, mode = "edge"} : (tensor<0x6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// Channel shuffle needs a channel axis.
func.func @channel_shuffle_rank(%x: tensor<6xf32>) -> tensor<6xf32> {
  // expected-error @+1 {{'dlc.channel_shuffle' op input must have rank >= 2 (N, C, ...), got rank 1}}
  %0 = dlc.channel_shuffle %x {groups = 2 : i64} : tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// groups must be positive.
func.func @channel_shuffle_groups(%x: tensor<1x6x2x2xf32>) -> tensor<1x6x2x2xf32> {
  // expected-error @+1 {{'dlc.channel_shuffle' op groups must be positive, got 0}}
  %0 = dlc.channel_shuffle %x {groups = 0 : i64} : tensor<1x6x2x2xf32>
  return %0 : tensor<1x6x2x2xf32>
}

// -----

// groups must divide the channels.
func.func @channel_shuffle_divide(%x: tensor<1x6x2x2xf32>) -> tensor<1x6x2x2xf32> {
  // expected-error @+1 {{'dlc.channel_shuffle' op groups (4) must divide the 6 channels of the input}}
  %0 = dlc.channel_shuffle %x {groups = 4 : i64} : tensor<1x6x2x2xf32>
  return %0 : tensor<1x6x2x2xf32>
}

// -----

// Expand's shape has no negative entries (ONNX Expand has no -1).
func.func @expand_negative(%x: tensor<3x1xf32>) -> tensor<3x4xf32> {
  // expected-error @+2 {{'dlc.expand' op shape must be non-negative, got [-1, 4]}}
  // expected-error @+1 {{'dlc.expand' op failed to infer returned types}}
  %0 = dlc.expand %x {shape = array<i64: -1, 4>} : (tensor<3x1xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// Only unit extents broadcast.
func.func @expand_incompatible(%x: tensor<2x3xf32>) -> tensor<5x2x4xf32> {
  // expected-error @+2 {{'dlc.expand' op dimension 1 of the input (3) cannot be broadcast to 4 (shape entry 2 of [5, 2, 4]); expected equal extents or one of them 1}}
  // expected-error @+1 {{'dlc.expand' op failed to infer returned types}}
  %0 = dlc.expand %x {shape = array<i64: 5, 2, 4>} : (tensor<2x3xf32>) -> tensor<5x2x4xf32>
  return %0 : tensor<5x2x4xf32>
}

// -----

// A cast keeps the shape.
func.func @cast_shape(%x: tensor<2x3xf32>) -> tensor<3x2xi64> {
  // expected-error @+1 {{'dlc.cast' op result shape 3x2 must equal the input shape 2x3}}
  %0 = dlc.cast %x : (tensor<2x3xf32>) -> tensor<3x2xi64>
  return %0 : tensor<3x2xi64>
}

// -----

// A cast converts between f32 and i64 only.
func.func @cast_type(%x: tensor<2x3xf32>) -> tensor<2x3xi32> {
  // expected-error @+1 {{'dlc.cast' op result #0 must be statically shaped tensor of 32-bit float values or statically shaped tensor of 64-bit signless integer values, but got 'tensor<2x3xi32>'}}
  %0 = dlc.cast %x : (tensor<2x3xf32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}
