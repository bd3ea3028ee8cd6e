// An op the dlc dialect does not have.
func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  %y = dlc.frobnicate %x : tensor<2xf32>
  return %y : tensor<2xf32>
}
