// A model whose input and output take 40 TB each (10^13 floats).
func.func @main(%x: tensor<100000x100000x1000xf32> {dlc.name = "x"}) -> (tensor<100000x100000x1000xf32> {dlc.name = "y"}) {
  %r = dlc.relu %x : tensor<100000x100000x1000xf32>
  return %r : tensor<100000x100000x1000xf32>
}
