// RUN: dlc-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of the dlc dialect (DLCOps.cpp and the ODS type
// and attribute constraints), each matching the full message. A shape
// inference failure is followed by upstream's generic "failed to infer
// returned types" (InferTypeOpInterface's verifier), so those cases expect
// both errors, the specific one first.

//===----------------------------------------------------------------------===//
// Type constraints and inferred result types
//===----------------------------------------------------------------------===//

// Only f32 tensors are dlc values.
func.func @non_f32_operand(%x: tensor<2x3xf16>) -> tensor<2x3xf16> {
  // expected-error @+1 {{'dlc.relu' op operand #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<2x3xf16>'}}
  %0 = dlc.relu %x : tensor<2x3xf16>
  return %0 : tensor<2x3xf16>
}

// -----

// Dynamic shapes are rejected by the type constraint.
func.func @dynamic_operand(%x: tensor<?x3xf32>, %y: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'dlc.add' op operand #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<?x3xf32>'}}
  %0 = dlc.add %x, %y : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A result type that differs from the inferred one.
func.func @result_type_mismatch(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x5xf32> {
  // expected-error @+2 {{'dlc.matmul' op inferred type(s) 'tensor<2x4xf32>' are incompatible with return type(s) of operation 'tensor<2x5xf32>'}}
  // expected-error @+1 {{'dlc.matmul' op failed to infer returned types}}
  %0 = dlc.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// Unary activations keep their operand's type.
func.func @unary_type_mismatch(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'dlc.sigmoid' op requires the same type for all operands and results}}
  %0 = "dlc.sigmoid"(%x) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// Window attributes have a fixed number of entries (checked while parsing
// the attribute dictionary, hence upstream's "custom op" prefix).
func.func @pair_attribute_count(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32> {
  // expected-error @+1 {{custom op 'dlc.max_pool2d' 'dlc.max_pool2d' op attribute 'kernel_shape' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements}}
  %0 = dlc.max_pool2d %x {kernel_shape = array<i64: 2, 2, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// conv2d
//===----------------------------------------------------------------------===//

// The input must be NCHW.
func.func @conv2d_input_rank(%x: tensor<3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' op input must have rank 4 (NCHW), got rank 3 (3x8x8)}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w : (tensor<3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

// The filter must be FCHW.
func.func @conv2d_filter_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' op filter must have rank 4 (FCHW), got rank 3 (4x3x3)}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

// Strides must be positive.
func.func @conv2d_zero_stride(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' op strides must be positive, got [0, 1]}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w {strides = array<i64: 0, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

// Dilations must be positive.
func.func @conv2d_negative_dilation(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' op dilations must be positive, got [1, -1]}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w {dilations = array<i64: 1, -1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

// Padding must be non-negative.
func.func @conv2d_negative_padding(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' op padding must be non-negative, got [0, -1, 0, 0]}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w {padding = array<i64: 0, -1, 0, 0>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

// groups must be positive.
func.func @conv2d_zero_groups(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' op groups must be positive, got 0}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w {groups = 0 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

// Input channels split evenly into groups.
func.func @conv2d_input_channels_groups(%x: tensor<1x6x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' op input channels (6) are not divisible by groups (4)}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w {groups = 4 : i64} : (tensor<1x6x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

// Output channels split evenly into groups.
func.func @conv2d_output_channels_groups(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' op output channels (6) are not divisible by groups (4)}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w {groups = 4 : i64} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

// The filter's channels per group times groups must be the input channels.
func.func @conv2d_filter_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' op filter expects 8 input channels (4 per group x 2 groups) but the input has 4}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w {groups = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// The bias has one entry per output channel.
func.func @conv2d_bias_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' op bias must have shape 4 (one per output channel), got 3}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

// The bias is 1-D.
func.func @conv2d_bias_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<1x4xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{'dlc.conv2d' op bias must have shape 4 (one per output channel), got 1x4}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<1x4xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

// The dilated kernel must fit the padded input.
func.func @conv2d_kernel_does_not_fit(%x: tensor<1x3x4x4xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x1x1xf32> {
  // expected-error @+2 {{'dlc.conv2d' op kernel 3x3 (dilation 2x2) does not fit the padded input 4x4}}
  // expected-error @+1 {{'dlc.conv2d' op failed to infer returned types}}
  %0 = dlc.conv2d %x, %w {dilations = array<i64: 2, 2>} : (tensor<1x3x4x4xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x1x1xf32>
  return %0 : tensor<1x4x1x1xf32>
}

// -----

//===----------------------------------------------------------------------===//
// batch_norm
//===----------------------------------------------------------------------===//

// The input has a channel dimension.
func.func @batch_norm_rank(%x: tensor<3xf32>, %p: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{'dlc.batch_norm' op input must have rank >= 2 (N, C, ...), got rank 1}}
  // expected-error @+1 {{'dlc.batch_norm' op failed to infer returned types}}
  %0 = dlc.batch_norm %x, %p, %p, %p, %p : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// scale has one entry per channel.
func.func @batch_norm_scale_shape(%x: tensor<2x3x4x4xf32>, %s: tensor<4xf32>, %p: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  // expected-error @+2 {{'dlc.batch_norm' op scale must have shape 3 (one per channel), got 4}}
  // expected-error @+1 {{'dlc.batch_norm' op failed to infer returned types}}
  %0 = dlc.batch_norm %x, %s, %p, %p, %p : (tensor<2x3x4x4xf32>, tensor<4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}

// -----

// bias has one entry per channel.
func.func @batch_norm_bias_shape(%x: tensor<2x3x4x4xf32>, %b: tensor<1x3xf32>, %p: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  // expected-error @+2 {{'dlc.batch_norm' op bias must have shape 3 (one per channel), got 1x3}}
  // expected-error @+1 {{'dlc.batch_norm' op failed to infer returned types}}
  %0 = dlc.batch_norm %x, %p, %b, %p, %p : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<1x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}

// -----

// mean has one entry per channel.
func.func @batch_norm_mean_shape(%x: tensor<2x3x4x4xf32>, %m: tensor<2xf32>, %p: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  // expected-error @+2 {{'dlc.batch_norm' op mean must have shape 3 (one per channel), got 2}}
  // expected-error @+1 {{'dlc.batch_norm' op failed to infer returned types}}
  %0 = dlc.batch_norm %x, %p, %p, %m, %p : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<2xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}

// -----

// variance has one entry per channel.
func.func @batch_norm_variance_shape(%x: tensor<2x3x4x4xf32>, %v: tensor<6xf32>, %p: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  // expected-error @+2 {{'dlc.batch_norm' op variance must have shape 3 (one per channel), got 6}}
  // expected-error @+1 {{'dlc.batch_norm' op failed to infer returned types}}
  %0 = dlc.batch_norm %x, %p, %p, %p, %v : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<6xf32>) -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}

// -----

// epsilon must be non-negative.
func.func @batch_norm_negative_epsilon(%x: tensor<2x3xf32>, %p: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'dlc.batch_norm' op epsilon must be non-negative}}
  // expected-error @+1 {{'dlc.batch_norm' op failed to infer returned types}}
  %0 = dlc.batch_norm %x, %p, %p, %p, %p {epsilon = -1.0e-5 : f32} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// clip
//===----------------------------------------------------------------------===//

// min must not exceed max.
func.func @clip_min_above_max(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'dlc.clip' op min (6.000000e+00) must not exceed max (0.000000e+00)}}
  %0 = dlc.clip %x {min = 6.0 : f32, max = 0.0 : f32} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Broadcasting arithmetic
//===----------------------------------------------------------------------===//

// add operands must broadcast.
func.func @add_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'dlc.add' op operand shapes 2x3 and 4x3 are not broadcast-compatible}}
  // expected-error @+1 {{'dlc.add' op failed to infer returned types}}
  %0 = dlc.add %a, %b : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// sub operands must broadcast (trailing dimensions align).
func.func @sub_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<2xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'dlc.sub' op operand shapes 2x3 and 2 are not broadcast-compatible}}
  // expected-error @+1 {{'dlc.sub' op failed to infer returned types}}
  %0 = dlc.sub %a, %b : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// mul operands must broadcast.
func.func @mul_not_broadcastable(%a: tensor<5x2x3xf32>, %b: tensor<3x1x3xf32>) -> tensor<5x2x3xf32> {
  // expected-error @+2 {{'dlc.mul' op operand shapes 5x2x3 and 3x1x3 are not broadcast-compatible}}
  // expected-error @+1 {{'dlc.mul' op failed to infer returned types}}
  %0 = dlc.mul %a, %b : (tensor<5x2x3xf32>, tensor<3x1x3xf32>) -> tensor<5x2x3xf32>
  return %0 : tensor<5x2x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// matmul and gemm
//===----------------------------------------------------------------------===//

// matmul operands are matrices or batches of matrices.
func.func @matmul_rank(%a: tensor<3xf32>, %b: tensor<3x4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{'dlc.matmul' op operands must have rank >= 2, got 3 and 3x4}}
  // expected-error @+1 {{'dlc.matmul' op failed to infer returned types}}
  %0 = dlc.matmul %a, %b : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// matmul's contracting dimensions must agree.
func.func @matmul_k_mismatch(%a: tensor<2x3xf32>, %b: tensor<5x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+2 {{'dlc.matmul' op contracting dimensions differ: lhs 2x3 has K = 3 but rhs 5x4 has K = 5}}
  // expected-error @+1 {{'dlc.matmul' op failed to infer returned types}}
  %0 = dlc.matmul %a, %b : (tensor<2x3xf32>, tensor<5x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// matmul's batch dimensions must broadcast.
func.func @matmul_batch_mismatch(%a: tensor<2x2x3xf32>, %b: tensor<3x3x4xf32>) -> tensor<2x2x4xf32> {
  // expected-error @+2 {{'dlc.matmul' op batch dimensions of 2x2x3 and 3x3x4 are not broadcast-compatible}}
  // expected-error @+1 {{'dlc.matmul' op failed to infer returned types}}
  %0 = dlc.matmul %a, %b : (tensor<2x2x3xf32>, tensor<3x3x4xf32>) -> tensor<2x2x4xf32>
  return %0 : tensor<2x2x4xf32>
}

// -----

// gemm's a is a matrix.
func.func @gemm_a_rank(%a: tensor<1x2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+2 {{'dlc.gemm' op a must have rank 2, got rank 3 (1x2x3)}}
  // expected-error @+1 {{'dlc.gemm' op failed to infer returned types}}
  %0 = dlc.gemm %a, %b : (tensor<1x2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// gemm's b is a matrix.
func.func @gemm_b_rank(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x4xf32> {
  // expected-error @+2 {{'dlc.gemm' op b must have rank 2, got rank 1 (3)}}
  // expected-error @+1 {{'dlc.gemm' op failed to infer returned types}}
  %0 = dlc.gemm %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// gemm's contracting dimensions are taken after the transposes.
func.func @gemm_k_mismatch(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'dlc.gemm' op contracting dimensions differ: op(a) is 2x3 but op(b) is 4x3}}
  // expected-error @+1 {{'dlc.gemm' op failed to infer returned types}}
  %0 = dlc.gemm %a, %b {trans_b = true} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// gemm's c must broadcast to [M, N].
func.func @gemm_c_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<3xf32>) -> tensor<2x4xf32> {
  // expected-error @+2 {{'dlc.gemm' op c of shape 3 does not broadcast to the result shape 2x4}}
  // expected-error @+1 {{'dlc.gemm' op failed to infer returned types}}
  %0 = dlc.gemm %a, %b, %c : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// gemm's c may not grow the result.
func.func @gemm_c_larger_than_result(%a: tensor<1x3xf32>, %b: tensor<3x4xf32>, %c: tensor<2x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+2 {{'dlc.gemm' op c of shape 2x4 does not broadcast to the result shape 1x4}}
  // expected-error @+1 {{'dlc.gemm' op failed to infer returned types}}
  %0 = dlc.gemm %a, %b, %c : (tensor<1x3xf32>, tensor<3x4xf32>, tensor<2x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

// Pooling input must be NCHW.
func.func @max_pool2d_input_rank(%x: tensor<2x4x4xf32>) -> tensor<2x3x3xf32> {
  // expected-error @+2 {{'dlc.max_pool2d' op input must have rank 4 (NCHW), got rank 3 (2x4x4)}}
  // expected-error @+1 {{'dlc.max_pool2d' op failed to infer returned types}}
  %0 = dlc.max_pool2d %x {kernel_shape = array<i64: 2, 2>} : (tensor<2x4x4xf32>) -> tensor<2x3x3xf32>
  return %0 : tensor<2x3x3xf32>
}

// -----

// kernel_shape must be positive.
func.func @max_pool2d_zero_kernel(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+2 {{'dlc.max_pool2d' op kernel_shape must be positive, got [0, 2]}}
  // expected-error @+1 {{'dlc.max_pool2d' op failed to infer returned types}}
  %0 = dlc.max_pool2d %x {kernel_shape = array<i64: 0, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// Pooling strides must be positive.
func.func @max_pool2d_zero_stride(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32> {
  // expected-error @+2 {{'dlc.max_pool2d' op strides must be positive, got [1, 0]}}
  // expected-error @+1 {{'dlc.max_pool2d' op failed to infer returned types}}
  %0 = dlc.max_pool2d %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 1, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// Pooling dilations must be positive.
func.func @max_pool2d_zero_dilation(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32> {
  // expected-error @+2 {{'dlc.max_pool2d' op dilations must be positive, got [0, 0]}}
  // expected-error @+1 {{'dlc.max_pool2d' op failed to infer returned types}}
  %0 = dlc.max_pool2d %x {kernel_shape = array<i64: 2, 2>, dilations = array<i64: 0, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// Pooling padding must be non-negative.
func.func @max_pool2d_negative_padding(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32> {
  // expected-error @+2 {{'dlc.max_pool2d' op padding must be non-negative, got [0, 0, -1, 0]}}
  // expected-error @+1 {{'dlc.max_pool2d' op failed to infer returned types}}
  %0 = dlc.max_pool2d %x {kernel_shape = array<i64: 2, 2>, padding = array<i64: 0, 0, -1, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// Pooling padding must be smaller than the kernel.
func.func @max_pool2d_padding_vs_kernel(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x5x5xf32> {
  // expected-error @+2 {{'dlc.max_pool2d' op padding [0, 0, 0, 2] must be smaller than kernel_shape [2, 2]}}
  // expected-error @+1 {{'dlc.max_pool2d' op failed to infer returned types}}
  %0 = dlc.max_pool2d %x {kernel_shape = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x5x5xf32>
  return %0 : tensor<1x1x5x5xf32>
}

// -----

// The dilated pooling window must fit the padded input.
func.func @max_pool2d_kernel_does_not_fit(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x1x1xf32> {
  // expected-error @+2 {{'dlc.max_pool2d' op kernel 3x3 (dilation 2x2) does not fit the padded input 4x4}}
  // expected-error @+1 {{'dlc.max_pool2d' op failed to infer returned types}}
  %0 = dlc.max_pool2d %x {kernel_shape = array<i64: 3, 3>, dilations = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x1x1xf32>
  return %0 : tensor<1x1x1x1xf32>
}

// -----

// avg_pool2d shares the pooling checks: input rank.
func.func @avg_pool2d_input_rank(%x: tensor<1x1x4x4x4xf32>) -> tensor<1x1x3x3xf32> {
  // expected-error @+2 {{'dlc.avg_pool2d' op input must have rank 4 (NCHW), got rank 5 (1x1x4x4x4)}}
  // expected-error @+1 {{'dlc.avg_pool2d' op failed to infer returned types}}
  %0 = dlc.avg_pool2d %x {kernel_shape = array<i64: 2, 2>} : (tensor<1x1x4x4x4xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// avg_pool2d padding must be smaller than the kernel.
func.func @avg_pool2d_padding_vs_kernel(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x6x6xf32> {
  // expected-error @+2 {{'dlc.avg_pool2d' op padding [3, 3, 3, 3] must be smaller than kernel_shape [3, 3]}}
  // expected-error @+1 {{'dlc.avg_pool2d' op failed to infer returned types}}
  %0 = dlc.avg_pool2d %x {kernel_shape = array<i64: 3, 3>, padding = array<i64: 3, 3, 3, 3>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x6x6xf32>
  return %0 : tensor<1x1x6x6xf32>
}

// -----

// The avg_pool2d window must fit the padded input.
func.func @avg_pool2d_kernel_does_not_fit(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32> {
  // expected-error @+2 {{'dlc.avg_pool2d' op kernel 5x5 (dilation 1x1) does not fit the padded input 4x4}}
  // expected-error @+1 {{'dlc.avg_pool2d' op failed to infer returned types}}
  %0 = dlc.avg_pool2d %x {kernel_shape = array<i64: 5, 5>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32>
  return %0 : tensor<1x1x1x1xf32>
}

// -----

// global_avg_pool needs at least one spatial dimension.
func.func @global_avg_pool_rank(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'dlc.global_avg_pool' op input must have rank >= 3 (N, C, spatial...), got rank 2}}
  // expected-error @+1 {{'dlc.global_avg_pool' op failed to infer returned types}}
  %0 = dlc.global_avg_pool %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

// flatten's axis may equal the rank but not exceed it.
func.func @flatten_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<6x1xf32> {
  // expected-error @+2 {{'dlc.flatten' op axis 3 is out of range for rank 2 (expected -2 to 2)}}
  // expected-error @+1 {{'dlc.flatten' op failed to infer returned types}}
  %0 = dlc.flatten %x {axis = 3 : i64} : (tensor<2x3xf32>) -> tensor<6x1xf32>
  return %0 : tensor<6x1xf32>
}

// -----

// reshape's 0 entries copy an input dimension that must exist.
func.func @reshape_copy_beyond_rank(%x: tensor<2x3xf32>) -> tensor<2x3x1xf32> {
  // expected-error @+2 {{'dlc.reshape' op shape entry 2 is 0 (copy) but the input has rank 2}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: 2, 3, 0>} : (tensor<2x3xf32>) -> tensor<2x3x1xf32>
  return %0 : tensor<2x3x1xf32>
}

// -----

// reshape infers at most one dimension.
func.func @reshape_two_inferred(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'dlc.reshape' op shape may contain at most one -1}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: -1, -1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// reshape entries other than -1 and 0 must be positive.
func.func @reshape_bad_entry(%x: tensor<2x3xf32>) -> tensor<6xf32> {
  // expected-error @+2 {{'dlc.reshape' op shape entry 1 is -2; expected -1, 0 or a positive size}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: 6, -2>} : (tensor<2x3xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// reshape's -1 entry must divide the element count.
func.func @reshape_cannot_infer(%x: tensor<2x3xf32>) -> tensor<4x2xf32> {
  // expected-error @+2 {{'dlc.reshape' op cannot infer the -1 entry: 6 elements are not a multiple of 4}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: 4, -1>} : (tensor<2x3xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

// reshape keeps the element count.
func.func @reshape_element_count(%x: tensor<2x3xf32>) -> tensor<7xf32> {
  // expected-error @+2 {{'dlc.reshape' op input has 6 elements (2x3) but shape 7 has 7}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: 7>} : (tensor<2x3xf32>) -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

// transpose's perm has one entry per input dimension.
func.func @transpose_perm_size(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+2 {{'dlc.transpose' op perm has 3 entries but the input has rank 2}}
  // expected-error @+1 {{'dlc.transpose' op failed to infer returned types}}
  %0 = dlc.transpose %x {perm = array<i64: 1, 0, 2>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// transpose's perm is a permutation.
func.func @transpose_not_permutation(%x: tensor<2x3x4xf32>) -> tensor<3x3x2xf32> {
  // expected-error @+2 {{'dlc.transpose' op perm [1, 1, 0] is not a permutation of 0..2}}
  // expected-error @+1 {{'dlc.transpose' op failed to infer returned types}}
  %0 = dlc.transpose %x {perm = array<i64: 1, 1, 0>} : (tensor<2x3x4xf32>) -> tensor<3x3x2xf32>
  return %0 : tensor<3x3x2xf32>
}

// -----

// concat needs an input.
func.func @concat_no_inputs() -> tensor<2xf32> {
  // expected-error @+2 {{'dlc.concat' op needs at least one input}}
  // expected-error @+1 {{'dlc.concat' op failed to infer returned types}}
  %0 = dlc.concat {axis = 0 : i64} : () -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// concat's axis must be a dimension of the inputs.
func.func @concat_axis_out_of_range(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x6xf32> {
  // expected-error @+2 {{'dlc.concat' op axis 2 is out of range for rank 2 (expected -2 to 1)}}
  // expected-error @+1 {{'dlc.concat' op failed to infer returned types}}
  %0 = dlc.concat %a, %b {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// concat's inputs agree outside the axis.
func.func @concat_shape_mismatch(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>, %c: tensor<4x3xf32>) -> tensor<2x9xf32> {
  // expected-error @+2 {{'dlc.concat' op input 2 has shape 4x3 which differs from input 0 (2x3) outside axis 1}}
  // expected-error @+1 {{'dlc.concat' op failed to infer returned types}}
  %0 = dlc.concat %a, %b, %c {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x9xf32>
  return %0 : tensor<2x9xf32>
}

// -----

// concat's inputs have the same rank.
func.func @concat_rank_mismatch(%a: tensor<2x3xf32>, %b: tensor<2x3x1xf32>) -> tensor<4x3xf32> {
  // expected-error @+2 {{'dlc.concat' op input 1 has shape 2x3x1 which differs from input 0 (2x3) outside axis 0}}
  // expected-error @+1 {{'dlc.concat' op failed to infer returned types}}
  %0 = dlc.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3x1xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// softmax's axis must be a dimension of the input.
func.func @softmax_axis_out_of_range(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+2 {{'dlc.softmax' op axis -3 is out of range for rank 2 (expected -2 to 1)}}
  // expected-error @+1 {{'dlc.softmax' op failed to infer returned types}}
  %0 = dlc.softmax %x {axis = -3 : i64} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}
