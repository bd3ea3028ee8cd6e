// RUN: dlc-opt %s --split-input-file --dlc-autodiff | FileCheck %s

// The backward of the convolution and batch normalization rules.

// Two convolutions, the second strided (8 + 2 - 3 = 7 rows past the first
// window: a remainder of 1 for stride 2) and grouped. conv2's input adjoint
// is the transposed convolution of its output adjoint with the same filter,
// strides, padding and groups, output_padding restoring the remainder row
// and column. Each filter adjoint is a batched GEMM (per image, and per
// group for groups = 2) of the input's im2col patches, as im2col lays them
// out, with the transposed output adjoint, summed over the images; conv1's
// reads the adjoint conv2 passed back. The bias adjoint sums over N, H, W.
// CHECK-LABEL: func.func @main(
// CHECK-SAME: %[[X:.*]]: tensor<2x3x8x8xf32> {dlc.name = "x"})
// CHECK-SAME: -> (tensor<f32> {dlc.name = "loss"}, tensor<4x3x3x3xf32> {dlc.name = "conv1.weight"}, tensor<6x2x3x3xf32> {dlc.name = "conv2.weight"}, tensor<6xf32> {dlc.name = "conv2.bias"})
// CHECK: %[[W1:.*]] = dlc.constant {dlc.param = "trainable"}
// CHECK: %[[W2:.*]] = dlc.constant {dlc.param = "trainable"}
// CHECK: %[[H:.*]] = dlc.conv2d %[[X]], %[[W1]]
// CHECK: %[[Y:.*]] = dlc.conv2d %[[H]], %[[W2]]
// CHECK: %[[G:.*]] = dlc.expand %{{.*}} {shape = array<i64: 2, 6, 4, 4>}
// CHECK: %[[DH:.*]] = dlc.conv_transpose2d %[[G]], %[[W2]] {groups = 2 : i64, output_padding = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x6x4x4xf32>, tensor<6x2x3x3xf32>) -> tensor<2x4x8x8xf32>
// CHECK: %[[P2:.*]] = dlc.im2col %[[H]] {kernel_shape = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x4x8x8xf32>) -> tensor<2x36x16xf32>
// CHECK: %[[P2G:.*]] = dlc.reshape %[[P2]] {shape = array<i64: 2, 2, 18, 16>}
// CHECK: %[[G2:.*]] = dlc.reshape %[[G]] {shape = array<i64: 2, 2, 3, 16>}
// CHECK: %[[G2T:.*]] = dlc.transpose %[[G2]] {perm = array<i64: 0, 1, 3, 2>}
// CHECK: %[[M2:.*]] = dlc.matmul %[[P2G]], %[[G2T]] : (tensor<2x2x18x16xf32>, tensor<2x2x16x3xf32>) -> tensor<2x2x18x3xf32>
// CHECK: %[[S2:.*]] = dlc.reduce_sum %[[M2]] {axes = array<i64: 0>, keepdims = false} : (tensor<2x2x18x3xf32>) -> tensor<2x18x3xf32>
// CHECK: %[[T2:.*]] = dlc.transpose %[[S2]] {perm = array<i64: 0, 2, 1>}
// CHECK: %[[DW2:.*]] = dlc.reshape %[[T2]] {shape = array<i64: 6, 2, 3, 3>}
// CHECK: %[[DB2:.*]] = dlc.reduce_sum %[[G]] {axes = array<i64: 0, 2, 3>, keepdims = false} : (tensor<2x6x4x4xf32>) -> tensor<6xf32>
// CHECK: %[[P1:.*]] = dlc.im2col %[[X]] {kernel_shape = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>} : (tensor<2x3x8x8xf32>) -> tensor<2x27x64xf32>
// CHECK: %[[G1:.*]] = dlc.reshape %[[DH]] {shape = array<i64: 2, 4, 64>}
// CHECK: %[[G1T:.*]] = dlc.transpose %[[G1]] {perm = array<i64: 0, 2, 1>}
// CHECK: %[[M1:.*]] = dlc.matmul %[[P1]], %[[G1T]] : (tensor<2x27x64xf32>, tensor<2x64x4xf32>) -> tensor<2x27x4xf32>
// CHECK: dlc.reduce_sum %[[M1]] {axes = array<i64: 0>, keepdims = false} : (tensor<2x27x4xf32>) -> tensor<27x4xf32>
// CHECK: %[[DW1:.*]] = dlc.reshape %{{.*}} {shape = array<i64: 4, 3, 3, 3>}
// CHECK: return %{{.*}}, %[[DW1]], %[[DW2]], %[[DB2]]
func.func @main(%x: tensor<2x3x8x8xf32> {dlc.name = "x"}) -> (tensor<f32> {dlc.name = "loss"}) {
  %w1 = dlc.constant {dlc.param = "trainable"} dense<0.5> : tensor<4x3x3x3xf32> loc("conv1.weight")
  %w2 = dlc.constant {dlc.param = "trainable"} dense<0.25> : tensor<6x2x3x3xf32> loc("conv2.weight")
  %b2 = dlc.constant {dlc.param = "trainable"} dense<0.1> : tensor<6xf32> loc("conv2.bias")
  %h = dlc.conv2d %x, %w1 {padding = array<i64: 1, 1, 1, 1>} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x8x8xf32>
  %y = dlc.conv2d %h, %w2, %b2 {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, groups = 2 : i64} : (tensor<2x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<2x6x4x4xf32>
  %l = dlc.reduce_sum %y {keepdims = false} : (tensor<2x6x4x4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// conv -> batch_norm_train -> relu. The input adjoint flows through the
// batch statistics (PyTorch's BatchNorm backward), with M = 4*5*5 = 100
// elements per channel, istd = 1 / sqrt(batch_var + eps) and
// xhat = (h - batch_mean) * istd:
//   dh = scale * istd * (g - sum(g)/M - xhat * sum(g * xhat)/M),
//   dscale = sum(g * xhat), dbias = sum(g)   (sums over N, H, W).
// The running statistics are buffers: no gradient, and the new running
// statistics pass nothing back.
// CHECK-LABEL: func.func @main(
// CHECK-SAME: -> (tensor<f32> {dlc.name = "loss"}, tensor<3x2x1x1xf32> {dlc.name = "conv.weight"}, tensor<3xf32> {dlc.name = "bn.weight"}, tensor<3xf32> {dlc.name = "bn.bias"})
// CHECK: %[[S:.*]] = dlc.constant {dlc.param = "trainable"} dense<1.000000e+00>
// CHECK: %[[H:.*]] = dlc.conv2d
// CHECK: %[[OUT:.*]], %{{.*}}, %{{.*}}, %[[MEAN:.*]], %[[VAR:.*]] = dlc.batch_norm_train %[[H]], %[[S]]
// CHECK: %[[G:.*]] = dlc.select
// CHECK: %[[INVM:.*]] = dlc.constant dense<0.00999999977> : tensor<f32>
// CHECK: %[[MEAN4:.*]] = dlc.reshape %[[MEAN]] {shape = array<i64: 1, 3, 1, 1>}
// CHECK: %[[CEN:.*]] = dlc.sub %[[H]], %[[MEAN4]]
// CHECK: %[[VAR4:.*]] = dlc.reshape %[[VAR]] {shape = array<i64: 1, 3, 1, 1>}
// CHECK: %[[VEPS:.*]] = dlc.add %[[VAR4]], %{{.*}}
// CHECK: %[[SD:.*]] = dlc.sqrt %[[VEPS]]
// CHECK: %[[ISTD:.*]] = dlc.reciprocal %[[SD]]
// CHECK: %[[XHAT:.*]] = dlc.mul %[[CEN]], %[[ISTD]]
// CHECK: %[[SUMG:.*]] = dlc.reduce_sum %[[G]] {axes = array<i64: 0, 2, 3>} : (tensor<4x3x5x5xf32>) -> tensor<1x3x1x1xf32>
// CHECK: %[[GX:.*]] = dlc.mul %[[G]], %[[XHAT]]
// CHECK: %[[SUMGX:.*]] = dlc.reduce_sum %[[GX]] {axes = array<i64: 0, 2, 3>}
// CHECK: %[[MGX:.*]] = dlc.mul %[[SUMGX]], %[[INVM]]
// CHECK: %[[T:.*]] = dlc.mul %[[XHAT]], %[[MGX]]
// CHECK: %[[MG:.*]] = dlc.mul %[[SUMG]], %[[INVM]]
// CHECK: %[[C:.*]] = dlc.sub %[[G]], %[[MG]]
// CHECK: %[[INNER:.*]] = dlc.sub %[[C]], %[[T]]
// CHECK: %[[S4:.*]] = dlc.reshape %[[S]] {shape = array<i64: 1, 3, 1, 1>}
// CHECK: %[[K:.*]] = dlc.mul %[[S4]], %[[ISTD]]
// CHECK: %[[DH:.*]] = dlc.mul %[[K]], %[[INNER]]
// CHECK: %[[DS:.*]] = dlc.reshape %[[SUMGX]] {shape = array<i64: 3>}
// CHECK: %[[DB:.*]] = dlc.reshape %[[SUMG]] {shape = array<i64: 3>}
// CHECK: dlc.reshape %[[DH]] {shape = array<i64: 4, 3, 25>}
// CHECK: %[[DW:.*]] = dlc.reshape %{{.*}} {shape = array<i64: 3, 2, 1, 1>}
// CHECK: return %{{.*}}, %[[DW]], %[[DS]], %[[DB]]
func.func @main(%x: tensor<4x2x5x5xf32> {dlc.name = "x"}) -> (tensor<f32> {dlc.name = "loss"}) {
  %w = dlc.constant {dlc.param = "trainable"} dense<0.5> : tensor<3x2x1x1xf32> loc("conv.weight")
  %s = dlc.constant {dlc.param = "trainable"} dense<1.0> : tensor<3xf32> loc("bn.weight")
  %b = dlc.constant {dlc.param = "trainable"} dense<0.0> : tensor<3xf32> loc("bn.bias")
  %m = dlc.constant {dlc.param = "buffer"} dense<0.0> : tensor<3xf32> loc("bn.running_mean")
  %v = dlc.constant {dlc.param = "buffer"} dense<1.0> : tensor<3xf32> loc("bn.running_var")
  %h = dlc.conv2d %x, %w : (tensor<4x2x5x5xf32>, tensor<3x2x1x1xf32>) -> tensor<4x3x5x5xf32>
  %y:5 = dlc.batch_norm_train %h, %s, %b, %m, %v : (tensor<4x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<4x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  %r = dlc.relu %y#0 : tensor<4x3x5x5xf32>
  %l = dlc.reduce_sum %r {keepdims = false} : (tensor<4x3x5x5xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
