// A linear regressor with a fixed batch of 4 and a mean squared error
// against float targets [4, 1]: 6 features (2x3 images, flattened).
func.func @main(%x: tensor<4x6xf32> {dlc.name = "x"}, %t: tensor<4x1xf32> {dlc.name = "t"}) -> (tensor<f32> {dlc.name = "loss"}) {
  %w = dlc.constant {dlc.param = "trainable"} dense<[[0.5], [-1.0], [0.25], [2.0], [-0.5], [1.5]]> : tensor<6x1xf32> loc("fc.weight")
  %m = dlc.matmul %x, %w : (tensor<4x6xf32>, tensor<6x1xf32>) -> tensor<4x1xf32>
  %l = dlc.mse_loss %m, %t : (tensor<4x1xf32>, tensor<4x1xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
