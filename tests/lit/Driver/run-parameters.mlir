// Parameters bound at load time (the default) and compiled in as constants
// (--params-as-constants) give the same outputs, worked out by hand: a
// linear layer (W = [[1, 2], [3, 4]], b = [0.5, -1]) then BatchNorm1d
// (gamma = [2, 1], beta = [0, 1], mean = [1, 0], var = [3, 0], eps = 1)
// folded into it. For x = [1, 1]: W x + b = [3.5, 6];
// y = gamma (z - mean) / sqrt(var + eps) + beta = [2 * 2.5 / 2, 6 / 1 + 1].
// RUN: rm -rf %t && mkdir -p %t
// RUN: /usr/bin/python3 -c "import numpy as np; np.save('%t/x.npy', np.ones((1, 2), np.float32))"
// RUN: dlc run %s -i x=%t/x.npy | FileCheck %s
// RUN: dlc run %s -i x=%t/x.npy --params-as-constants | FileCheck %s
// RUN: dlc run %s -i x=%t/x.npy -O0 | FileCheck %s
// CHECK: output 'y' 1x2: [2.5, 7]
func.func @main(%x: tensor<1x2xf32> {dlc.name = "x"}) -> (tensor<1x2xf32> {dlc.name = "y"}) {
  %w = dlc.constant {dlc.param = "trainable"} dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %b = dlc.constant {dlc.param = "trainable"} dense<[0.5, -1.0]> : tensor<2xf32>
  %gamma = dlc.constant {dlc.param = "trainable"} dense<[2.0, 1.0]> : tensor<2xf32>
  %beta = dlc.constant {dlc.param = "trainable"} dense<[0.0, 1.0]> : tensor<2xf32>
  %mean = dlc.constant {dlc.param = "buffer"} dense<[1.0, 0.0]> : tensor<2xf32>
  %var = dlc.constant {dlc.param = "buffer"} dense<[3.0, 0.0]> : tensor<2xf32>
  %z = dlc.gemm %x, %w, %b {trans_b = true} : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %y = dlc.batch_norm %z, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32} : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
