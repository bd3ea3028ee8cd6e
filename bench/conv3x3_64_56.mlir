// A ResNet stage-1 convolution: 3x3, 64 -> 64 channels, 56x56, padding 1.
func.func @main(%x: tensor<1x64x56x56xf32> {dlc.name = "x"}, %w: tensor<64x64x3x3xf32> {dlc.name = "w"}) -> tensor<1x64x56x56xf32> {
  %y = dlc.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x64x56x56xf32>, tensor<64x64x3x3xf32>) -> tensor<1x64x56x56xf32>
  return %y : tensor<1x64x56x56xf32>
}
