// RUN: dlc-opt %s --convert-dlc-to-linalg --cse | FileCheck %s

// A gradient function pads a convolution's input twice: for the forward
// conv2d and for the filter adjoint's im2col in the backward. im2col's pad
// is marked so that CSE does not merge the two: merged, the forward's
// padded copy would stay alive until the backward, next to the input.
// CHECK-LABEL: func.func @conv_and_im2col
// CHECK: tensor.pad %[[X:[^ ]*]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK-NOT: unshared_pad
// CHECK: linalg.conv_2d_nchw_fchw
// CHECK: tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: } {unshared_pad}
func.func @conv_and_im2col(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> (tensor<2x4x8x8xf32>, tensor<2x27x64xf32>) {
  %y = dlc.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x8x8xf32>
  %c = dlc.im2col %x {kernel_shape = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>} : (tensor<2x3x8x8xf32>) -> tensor<2x27x64xf32>
  return %y, %c : tensor<2x4x8x8xf32>, tensor<2x27x64xf32>
}
