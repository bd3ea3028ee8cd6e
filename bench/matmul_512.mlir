// 512x512x512 f32 matmul: the GEMM microkernel benchmark.
func.func @main(%a: tensor<512x512xf32> {dlc.name = "a"}, %b: tensor<512x512xf32> {dlc.name = "b"}) -> tensor<512x512xf32> {
  %c = dlc.matmul %a, %b : (tensor<512x512xf32>, tensor<512x512xf32>) -> tensor<512x512xf32>
  return %c : tensor<512x512xf32>
}
