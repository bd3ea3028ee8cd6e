// A small CNN shared by the dlc-compile phase tests: conv (with bias) + relu
// + max pool + global average pool + flatten + linear layer + softmax. The
// parameters are arguments so the phases' IR stays free of large constants.
func.func @main(%image: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>, %fc_w: tensor<10x4xf32>, %fc_b: tensor<10xf32>) -> tensor<1x10xf32> {
  %c = dlc.conv2d %image, %w, %b {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %r = dlc.relu %c : tensor<1x4x8x8xf32>
  %p = dlc.max_pool2d %r {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  %g = dlc.global_avg_pool %p : (tensor<1x4x4x4xf32>) -> tensor<1x4x1x1xf32>
  %f = dlc.flatten %g : (tensor<1x4x1x1xf32>) -> tensor<1x4xf32>
  %fc = dlc.gemm %f, %fc_w, %fc_b {trans_b = true} : (tensor<1x4xf32>, tensor<10x4xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  %s = dlc.softmax %fc : (tensor<1x10xf32>) -> tensor<1x10xf32>
  return %s : tensor<1x10xf32>
}
