// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// Round trip of the activation-family ops added with prelu: prelu, maxout,
// dropout, log_softmax, the elementwise math and the broadcasting
// div/max/min/pow. Attributes left at their default are not printed.

// prelu with a per-channel slope (PyTorch nn.PReLU(C)).
// CHECK-LABEL: func.func @prelu_per_channel
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4x4xf32>, %[[S:.*]]: tensor<3xf32>)
// CHECK: dlc.prelu %[[X]], %[[S]] : (tensor<2x3x4x4xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
func.func @prelu_per_channel(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  %0 = dlc.prelu %x, %s : (tensor<2x3x4x4xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}

// prelu with an ONNX-style slope broadcast into the input.
// CHECK-LABEL: func.func @prelu_broadcast
// CHECK: dlc.prelu %{{.*}}, %{{.*}} : (tensor<2x3x4x4xf32>, tensor<3x1x1xf32>) -> tensor<2x3x4x4xf32>
func.func @prelu_broadcast(%x: tensor<2x3x4x4xf32>, %s: tensor<3x1x1xf32>) -> tensor<2x3x4x4xf32> {
  %0 = dlc.prelu %x, %s : (tensor<2x3x4x4xf32>, tensor<3x1x1xf32>) -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}

// maxout returns the maxima and the winning piece index.
// CHECK-LABEL: func.func @maxout
// CHECK: %[[Y:.*]], %[[I:.*]] = dlc.maxout %{{.*}} {pieces = 3 : i64} : (tensor<2x6x5xf32>) -> (tensor<2x2x5xf32>, tensor<2x2x5xi64>)
// CHECK: return %[[Y]], %[[I]]
func.func @maxout(%x: tensor<2x6x5xf32>) -> (tensor<2x2x5xf32>, tensor<2x2x5xi64>) {
  %0:2 = dlc.maxout %x {pieces = 3 : i64} : (tensor<2x6x5xf32>) -> (tensor<2x2x5xf32>, tensor<2x2x5xi64>)
  return %0#0, %0#1 : tensor<2x2x5xf32>, tensor<2x2x5xi64>
}

// dropout with its defaults (ratio 0.5, seed 0, inference).
// CHECK-LABEL: func.func @dropout_defaults
// CHECK: dlc.dropout %{{.*}} : (tensor<4x5xf32>) -> (tensor<4x5xf32>, tensor<4x5xf32>)
func.func @dropout_defaults(%x: tensor<4x5xf32>) -> (tensor<4x5xf32>, tensor<4x5xf32>) {
  %0:2 = dlc.dropout %x : (tensor<4x5xf32>) -> (tensor<4x5xf32>, tensor<4x5xf32>)
  return %0#0, %0#1 : tensor<4x5xf32>, tensor<4x5xf32>
}

// dropout in training with every attribute set.
// CHECK-LABEL: func.func @dropout_training
// CHECK: dlc.dropout %{{.*}} {ratio = 2.500000e-01 : f32, seed = -3 : i64, training = true} : (tensor<4x5xf32>) -> (tensor<4x5xf32>, tensor<4x5xf32>)
func.func @dropout_training(%x: tensor<4x5xf32>) -> (tensor<4x5xf32>, tensor<4x5xf32>) {
  %0:2 = dlc.dropout %x {ratio = 0.25 : f32, seed = -3 : i64, training = true} : (tensor<4x5xf32>) -> (tensor<4x5xf32>, tensor<4x5xf32>)
  return %0#0, %0#1 : tensor<4x5xf32>, tensor<4x5xf32>
}

// log_softmax with the default axis and with an explicit one.
// CHECK-LABEL: func.func @log_softmax
// CHECK: dlc.log_softmax %{{.*}} : (tensor<2x5xf32>) -> tensor<2x5xf32>
// CHECK: dlc.log_softmax %{{.*}} {axis = 0 : i64} : (tensor<2x5xf32>) -> tensor<2x5xf32>
func.func @log_softmax(%x: tensor<2x5xf32>) -> (tensor<2x5xf32>, tensor<2x5xf32>) {
  %0 = dlc.log_softmax %x : (tensor<2x5xf32>) -> tensor<2x5xf32>
  %1 = dlc.log_softmax %x {axis = 0 : i64} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  return %0, %1 : tensor<2x5xf32>, tensor<2x5xf32>
}

// The unary math ops keep the operand's type.
// CHECK-LABEL: func.func @unary_math
// CHECK: dlc.exp %{{.*}} : tensor<3xf32>
// CHECK: dlc.log %{{.*}} : tensor<3xf32>
// CHECK: dlc.sqrt %{{.*}} : tensor<3xf32>
// CHECK: dlc.neg %{{.*}} : tensor<3xf32>
// CHECK: dlc.abs %{{.*}} : tensor<3xf32>
// CHECK: dlc.reciprocal %{{.*}} : tensor<3xf32>
func.func @unary_math(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = dlc.exp %x : tensor<3xf32>
  %1 = dlc.log %0 : tensor<3xf32>
  %2 = dlc.sqrt %1 : tensor<3xf32>
  %3 = dlc.neg %2 : tensor<3xf32>
  %4 = dlc.abs %3 : tensor<3xf32>
  %5 = dlc.reciprocal %4 : tensor<3xf32>
  return %5 : tensor<3xf32>
}

// The broadcasting binary ops infer the NumPy broadcast shape.
// CHECK-LABEL: func.func @binary_math
// CHECK: dlc.div %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK: dlc.max %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
// CHECK: dlc.min %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
// CHECK: dlc.pow %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
func.func @binary_math(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %c: tensor<2x1xf32>, %d: tensor<f32>) -> tensor<2x3xf32> {
  %0 = dlc.div %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = dlc.max %0, %c : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  %2 = dlc.min %1, %d : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %3 = dlc.pow %2, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %3 : tensor<2x3xf32>
}

// compare gives an f32 mask of the broadcast shape; select broadcasts its
// three operands together.
// CHECK-LABEL: func.func @compare_select
// CHECK: %[[M:.*]] = dlc.compare %{{.*}}, %{{.*}} {predicate = "ge"} : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
// CHECK: dlc.select %[[M]], %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
func.func @compare_select(%a: tensor<2x3xf32>, %z: tensor<f32>, %t: tensor<3xf32>, %f: tensor<2x1xf32>) -> tensor<2x3xf32> {
  %m = dlc.compare %a, %z {predicate = "ge"} : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %s = dlc.select %m, %t, %f : (tensor<2x3xf32>, tensor<3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  return %s : tensor<2x3xf32>
}

// hard_sigmoid with ONNX's defaults (not printed) and with PyTorch's slope;
// hard_swish, erf, gelu (exact by default, and tanh) and softplus keep the
// operand's type.
// CHECK-LABEL: func.func @hard_and_smooth
// CHECK: %[[A:.*]] = dlc.hard_sigmoid %{{.*}} : tensor<2x3xf32>
// CHECK: %[[B:.*]] = dlc.hard_sigmoid %[[A]] {alpha = 0.166666672 : f32, beta = 2.500000e-01 : f32} : tensor<2x3xf32>
// CHECK: %[[C:.*]] = dlc.hard_swish %[[B]] : tensor<2x3xf32>
// CHECK: %[[D:.*]] = dlc.erf %[[C]] : tensor<2x3xf32>
// CHECK: %[[E:.*]] = dlc.gelu %[[D]] : tensor<2x3xf32>
// CHECK: %[[F:.*]] = dlc.gelu %[[E]] {approximate = "tanh"} : tensor<2x3xf32>
// CHECK: dlc.softplus %[[F]] : tensor<2x3xf32>
func.func @hard_and_smooth(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.hard_sigmoid %x : tensor<2x3xf32>
  %1 = dlc.hard_sigmoid %0 {alpha = 0.166666672 : f32, beta = 0.25 : f32} : tensor<2x3xf32>
  %2 = dlc.hard_swish %1 : tensor<2x3xf32>
  %3 = dlc.erf %2 : tensor<2x3xf32>
  %4 = dlc.gelu %3 {approximate = "none"} : tensor<2x3xf32>
  %5 = dlc.gelu %4 {approximate = "tanh"} : tensor<2x3xf32>
  %6 = dlc.softplus %5 : tensor<2x3xf32>
  return %6 : tensor<2x3xf32>
}
