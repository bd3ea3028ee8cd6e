// RUN: dlc-opt %s --canonicalize | FileCheck %s

// dlc.cast folds away when the element type does not change, and folds
// dense constants by the lowering's rules: f32 -> i64 truncates toward zero
// (NaN, infinities and values outside the i64 range give INT64_MIN),
// i64 -> f32 rounds to nearest even.

// A same-type cast is its input.
// CHECK-LABEL: func.func @cast_identity
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[I:.*]]: tensor<4xi64>)
// CHECK-NOT: dlc.cast
// CHECK: return %[[X]], %[[I]]
func.func @cast_identity(%x: tensor<2x3xf32>, %i: tensor<4xi64>) -> (tensor<2x3xf32>, tensor<4xi64>) {
  %0 = dlc.cast %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = dlc.cast %i : (tensor<4xi64>) -> tensor<4xi64>
  return %0, %1 : tensor<2x3xf32>, tensor<4xi64>
}

// f32 constants truncate toward zero; NaN, inf and 2^63 give INT64_MIN.
// CHECK-LABEL: func.func @cast_constant_to_i64
// CHECK-NOT: dlc.cast
// CHECK: %[[C:.*]] = dlc.constant dense<[2, -2, 0, -9223372036854775808, -9223372036854775808, -9223372036854775808, -9223372036854775808]> : tensor<7xi64>
// CHECK: return %[[C]]
func.func @cast_constant_to_i64() -> tensor<7xi64> {
  %0 = dlc.constant dense<[2.9, -2.9, -0.5, 0x7FC00000, 0x7F800000, 9.22337203685477580800e+18, -1.0e+19]> : tensor<7xf32>
  %1 = dlc.cast %0 : (tensor<7xf32>) -> tensor<7xi64>
  return %1 : tensor<7xi64>
}

// i64 constants round to the nearest f32 (2^24 + 1 is a tie, to even).
// CHECK-LABEL: func.func @cast_constant_to_f32
// CHECK-NOT: dlc.cast
// CHECK: %[[C:.*]] = dlc.constant dense<[-3.000000e+00, 0x4B800000, 0x4B800002]> : tensor<3xf32>
// CHECK: return %[[C]]
func.func @cast_constant_to_f32() -> tensor<3xf32> {
  %0 = dlc.constant dense<[-3, 16777217, 16777219]> : tensor<3xi64>
  %1 = dlc.cast %0 : (tensor<3xi64>) -> tensor<3xf32>
  return %1 : tensor<3xf32>
}
