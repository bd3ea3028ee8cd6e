// A model with a fixed batch of 2 and a scalar loss: sum(relu(x w + b) * t).
func.func @main(%x: tensor<2x3xf32> {dlc.name = "x"}, %t: tensor<2x2xf32> {dlc.name = "t"}) -> (tensor<f32> {dlc.name = "loss"}) {
  %w = dlc.constant {dlc.param = "trainable"} dense<[[0.5, -1.0], [0.25, 2.0], [-0.5, 1.5]]> : tensor<3x2xf32> loc("fc.weight")
  %b = dlc.constant {dlc.param = "trainable"} dense<[0.1, -0.2]> : tensor<2xf32> loc("fc.bias")
  %m = dlc.matmul %x, %w : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  %y = dlc.add %m, %b : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %r = dlc.relu %y : tensor<2x2xf32>
  %p = dlc.mul %r, %t : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %l = dlc.reduce_sum %p {keepdims = false} : (tensor<2x2xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
