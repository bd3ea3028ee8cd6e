// A linear classifier with a fixed batch of 4 and a cross-entropy loss:
// 6 features (2x3 images, flattened), 3 classes.
func.func @main(%x: tensor<4x6xf32> {dlc.name = "x"}, %y: tensor<4xi64> {dlc.name = "y"}) -> (tensor<f32> {dlc.name = "loss"}) {
  %w = dlc.constant {dlc.param = "trainable"} dense<[[0.5, -1.0, 0.2], [0.25, 2.0, -0.3], [-0.5, 1.5, 0.1], [1.0, 0.0, -1.0], [0.3, -0.2, 0.7], [-0.8, 0.4, 0.6]]> : tensor<6x3xf32> loc("fc.weight")
  %b = dlc.constant {dlc.param = "trainable"} dense<[0.1, -0.2, 0.05]> : tensor<3xf32> loc("fc.bias")
  %m = dlc.matmul %x, %w : (tensor<4x6xf32>, tensor<6x3xf32>) -> tensor<4x3xf32>
  %z = dlc.add %m, %b : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %l:2 = dlc.softmax_cross_entropy %z, %y : (tensor<4x3xf32>, tensor<4xi64>) -> (tensor<f32>, tensor<4x3xf32>)
  return %l#0 : tensor<f32>
}
