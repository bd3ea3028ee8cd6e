// A two-layer perceptron used by the driver tests.
func.func @main(%x: tensor<4x8xf32> {dlc.name = "x"}) -> (tensor<4x2xf32> {dlc.name = "y"}) {
  %w1 = dlc.constant dense<0.125> : tensor<16x8xf32>
  %b1 = dlc.constant dense<0.5> : tensor<16xf32>
  %h = dlc.gemm %x, %w1, %b1 {trans_b = true} : (tensor<4x8xf32>, tensor<16x8xf32>, tensor<16xf32>) -> tensor<4x16xf32>
  %r = dlc.tanh %h : tensor<4x16xf32>
  %w2 = dlc.constant dense<0.25> : tensor<16x2xf32>
  %y = dlc.matmul %r, %w2 : (tensor<4x16xf32>, tensor<16x2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}
