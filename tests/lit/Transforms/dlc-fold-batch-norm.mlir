// RUN: dlc-opt %s --dlc-fold-batch-norm --split-input-file | FileCheck %s

// conv2d + batch_norm: per output channel s = gamma / sqrt(var + eps),
// W' = s * W, b' = s * (b - mean) + beta. Channel 0: s = 2 / sqrt(3 + 1) = 1,
// W' = 0.5, b' = 1 * (1 - 2) + 0.5 = -0.5. Channel 1: s = 6 / sqrt(8 + 1) = 2,
// W' = 2 * 0.25 = 0.5, b' = 2 * (-1 - 1) - 1 = -5.

// CHECK-LABEL: func.func @conv_bias
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x3x3xf32>)
// CHECK-DAG: %[[W:.*]] = dlc.constant dense<5.000000e-01> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = dlc.constant dense<[-5.000000e-01, -5.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = dlc.conv2d %[[X]], %[[W]], %[[B]] {strides = array<i64: 2, 2>}
// CHECK-NOT: dlc.batch_norm
// CHECK: return %[[Y]]
func.func @conv_bias(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x2x2xf32> {
  %w = dlc.constant dense<[[[[0.5]]], [[[0.25]]]]> : tensor<2x1x1x1xf32>
  %b = dlc.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %gamma = dlc.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %beta = dlc.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %mean = dlc.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %var = dlc.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %c = dlc.conv2d %x, %w, %b {strides = array<i64: 2, 2>} : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %y = dlc.batch_norm %c, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// A depthwise convolution without bias: the bias is made (s * -mean + beta).

// CHECK-LABEL: func.func @depthwise_no_bias
// CHECK-DAG: %[[W:.*]] = dlc.constant dense<{{\[}}[{{\[}}[2.000000e+00]]], {{\[}}[{{\[}}4.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = dlc.constant dense<[-2.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK: dlc.conv2d %{{.*}}, %[[W]], %[[B]] {groups = 2 : i64}
// CHECK-NOT: dlc.batch_norm
func.func @depthwise_no_bias(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = dlc.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %gamma = dlc.constant dense<[2.0, 2.0]> : tensor<2xf32>
  %beta = dlc.constant dense<[0.0, 3.0]> : tensor<2xf32>
  %mean = dlc.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %var = dlc.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %c = dlc.conv2d %x, %w {groups = 2 : i64} : (tensor<1x2x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y = dlc.batch_norm %c, %gamma, %beta, %mean, %var {epsilon = 0.0 : f32} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// A linear layer (gemm with trans_b: W is [N, K]) + BatchNorm1d: row n of
// W scaled; c' = s * (beta_gemm * c - mean) + beta, beta_gemm folded to 1.
// s = [2, 0.5]; c' = [2 * (2 * 1 - 0) + 1, 0.5 * (2 * 2 - 2) + 0].

// CHECK-LABEL: func.func @linear
// CHECK-DAG: %[[W:.*]] = dlc.constant dense<{{\[}}[2.000000e+00, 4.000000e+00, 6.000000e+00], [5.000000e-01, 1.000000e+00, 1.500000e+00]]> : tensor<2x3xf32>
// CHECK-DAG: %[[C:.*]] = dlc.constant dense<[5.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK: dlc.gemm %{{.*}}, %[[W]], %[[C]] {alpha = 3.000000e+00 : f32, trans_b = true}
// CHECK-NOT: dlc.batch_norm
func.func @linear(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %w = dlc.constant dense<[[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]> : tensor<2x3xf32>
  %c = dlc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %gamma = dlc.constant dense<[2.0, 0.5]> : tensor<2xf32>
  %beta = dlc.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = dlc.constant dense<[0.0, 2.0]> : tensor<2xf32>
  %var = dlc.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %g = dlc.gemm %x, %w, %c {trans_b = true, alpha = 3.0 : f32, beta = 2.0 : f32} : (tensor<4x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  %y = dlc.batch_norm %g, %gamma, %beta, %mean, %var {epsilon = 0.0 : f32} : (tensor<4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

// Not folded: the convolution's result has another user; a statistic is
// not a constant; the training form.

// CHECK-LABEL: func.func @not_folded
// CHECK-COUNT-2: dlc.batch_norm {{.*}} -> tensor<1x2x3x3xf32>
// CHECK: dlc.batch_norm_train
func.func @not_folded(%x: tensor<1x2x3x3xf32>, %var_arg: tensor<2xf32>)
    -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>) {
  %w = dlc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %one = dlc.constant dense<1.0> : tensor<2xf32>
  %zero = dlc.constant dense<0.0> : tensor<2xf32>
  %c = dlc.conv2d %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y = dlc.batch_norm %c, %one, %zero, %zero, %one : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %c2 = dlc.conv2d %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y2 = dlc.batch_norm %c2, %one, %zero, %zero, %var_arg : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %c4 = dlc.conv2d %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y4, %bm, %bv, %m4, %v4 = dlc.batch_norm_train %c4, %one, %zero, %zero, %one : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
  return %y, %c, %y2, %y4, %m4, %v4 : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// Parameters bound at load time (arguments marked dlc.param, see
// dlc-externalize-parameters): the fold is computed by ops, which
// dlc-hoist-parameter-computation moves into the prepare function.

// CHECK-LABEL: func.func @conv_bound_parameters
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x2x3x3xf32>, %[[W:[^:]*]]: tensor<2x2x1x1xf32> {{.*}}, %[[G:[^:]*]]: tensor<2xf32> {{.*}}, %[[BE:[^:]*]]: tensor<2xf32> {{.*}}, %[[M:[^:]*]]: tensor<2xf32> {{.*}}, %[[V:[^:]*]]: tensor<2xf32> {{.*}})
// CHECK: %[[EPS:.*]] = dlc.constant dense<1.000000e-03>
// CHECK: %[[SH:.*]] = dlc.add %[[V]], %[[EPS]]
// CHECK: %[[SQ:.*]] = dlc.sqrt %[[SH]]
// CHECK: %[[R:.*]] = dlc.reciprocal %[[SQ]]
// CHECK: %[[S:.*]] = dlc.mul %[[G]], %[[R]]
// CHECK: %[[SM:.*]] = dlc.mul %[[S]], %[[M]]
// CHECK: %[[T:.*]] = dlc.sub %[[BE]], %[[SM]]
// CHECK: %[[S4:.*]] = dlc.reshape %[[S]] {shape = array<i64: 2, 1, 1, 1>}
// CHECK: %[[W2:.*]] = dlc.mul %[[W]], %[[S4]]
// CHECK: %[[Y:.*]] = dlc.conv2d %[[X]], %[[W2]], %[[T]]
// CHECK-NOT: dlc.batch_norm
// CHECK: return %[[Y]]
func.func @conv_bound_parameters(%x: tensor<1x2x3x3xf32>,
    %w: tensor<2x2x1x1xf32> {dlc.param = "trainable"}, %gamma: tensor<2xf32> {dlc.param = "trainable"},
    %beta: tensor<2xf32> {dlc.param = "trainable"}, %mean: tensor<2xf32> {dlc.param = "buffer"},
    %var: tensor<2xf32> {dlc.param = "buffer"}) -> tensor<1x2x3x3xf32> {
  %c = dlc.conv2d %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y = dlc.batch_norm %c, %gamma, %beta, %mean, %var {epsilon = 0.001 : f32} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// A linear layer with bound parameters: W ([N, K], trans_b) scaled by row,
// c' = c * beta_gemm * s + t.

// CHECK-LABEL: func.func @linear_bound_parameters
// CHECK-DAG: %[[BETA:.*]] = dlc.constant dense<2.000000e+00>
// CHECK-DAG: dlc.constant dense<1.000000e-03>
// CHECK: %[[S:.*]] = dlc.mul %{{.*}}, %{{.*}} : (tensor<2xf32>, tensor<2xf32>)
// CHECK: %[[T:.*]] = dlc.sub
// CHECK: %[[SN:.*]] = dlc.reshape %[[S]] {shape = array<i64: 2, 1>}
// CHECK: %[[W2:.*]] = dlc.mul %{{.*}}, %[[SN]] : (tensor<2x3xf32>, tensor<2x1xf32>)
// CHECK: %[[SB:.*]] = dlc.mul %[[S]], %[[BETA]]
// CHECK: %[[CS:.*]] = dlc.mul %{{.*}}, %[[SB]]
// CHECK: %[[C2:.*]] = dlc.add %[[CS]], %[[T]]
// CHECK: dlc.gemm %{{.*}}, %[[W2]], %[[C2]] {alpha = 3.000000e+00 : f32, trans_b = true}
// CHECK-NOT: dlc.batch_norm
func.func @linear_bound_parameters(%x: tensor<4x3xf32>,
    %w: tensor<2x3xf32> {dlc.param = "trainable"}, %c: tensor<2xf32> {dlc.param = "trainable"},
    %gamma: tensor<2xf32> {dlc.param = "trainable"}, %beta: tensor<2xf32> {dlc.param = "trainable"},
    %mean: tensor<2xf32> {dlc.param = "buffer"}, %var: tensor<2xf32> {dlc.param = "buffer"}) -> tensor<4x2xf32> {
  %g = dlc.gemm %x, %w, %c {alpha = 3.0 : f32, beta = 2.0 : f32, trans_b = true} : (tensor<4x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  %y = dlc.batch_norm %g, %gamma, %beta, %mean, %var {epsilon = 0.001 : f32} : (tensor<4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

// A filter that is a model input (not a parameter) is not bound at load
// time: the BatchNorm stays.

// CHECK-LABEL: func.func @conv_input_filter
// CHECK: dlc.conv2d
// CHECK: dlc.batch_norm
func.func @conv_input_filter(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>,
    %gamma: tensor<2xf32> {dlc.param = "trainable"}, %beta: tensor<2xf32> {dlc.param = "trainable"},
    %mean: tensor<2xf32> {dlc.param = "buffer"}, %var: tensor<2xf32> {dlc.param = "buffer"}) -> tensor<1x2x3x3xf32> {
  %c = dlc.conv2d %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y = dlc.batch_norm %c, %gamma, %beta, %mean, %var {epsilon = 0.001 : f32} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}
