// RUN: dlc-opt %s --split-input-file --dlc-autodiff --verify-diagnostics | FileCheck %s

// A linear layer + relu + sum: the backward follows the forward in the same
// function; results become the loss and one gradient per trainable
// parameter, named after it. dW = x^T (g * [y > 0]), db = sum over rows.
// CHECK-LABEL: func.func @main(
// CHECK-SAME: %[[X:.*]]: tensor<2x3xf32> {dlc.name = "x"})
// CHECK-SAME: -> (tensor<f32> {dlc.name = "loss"}, tensor<3x2xf32> {dlc.name = "fc.weight"}, tensor<2xf32> {dlc.name = "fc.bias"})
// CHECK: %[[W:.*]] = dlc.constant {dlc.param = "trainable"}
// CHECK: %[[B:.*]] = dlc.constant {dlc.param = "trainable"}
// CHECK: %[[M:.*]] = dlc.matmul %[[X]], %[[W]]
// CHECK: %[[Y:.*]] = dlc.add %[[M]], %[[B]]
// CHECK: %[[R:.*]] = dlc.relu %[[Y]]
// CHECK: %[[L:.*]] = dlc.reduce_sum %[[R]]
// CHECK: %[[ONE:.*]] = dlc.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[ONE2:.*]] = dlc.reshape %[[ONE]] {shape = array<i64: 1, 1>}
// CHECK: %[[G:.*]] = dlc.expand %[[ONE2]] {shape = array<i64: 2, 2>}
// CHECK: %[[POS:.*]] = dlc.compare %[[Y]], %{{.*}} {predicate = "gt"}
// CHECK: %[[GY:.*]] = dlc.select %[[POS]], %[[G]]
// CHECK: %[[DB:.*]] = dlc.reduce_sum %[[GY]] {axes = array<i64: 0>}
// CHECK: %[[DB1:.*]] = dlc.reshape %[[DB]] {shape = array<i64: 2>}
// CHECK: %[[XT:.*]] = dlc.transpose %[[X]] {perm = array<i64: 1, 0>}
// CHECK: %[[DW:.*]] = dlc.matmul %[[XT]], %[[GY]]
// CHECK: return %[[L]], %[[DW]], %[[DB1]]
func.func @main(%x: tensor<2x3xf32> {dlc.name = "x"}) -> (tensor<f32> {dlc.name = "loss"}) {
  %w = dlc.constant {dlc.param = "trainable"} dense<0.5> : tensor<3x2xf32> loc("fc.weight")
  %b = dlc.constant {dlc.param = "trainable"} dense<0.1> : tensor<2xf32> loc("fc.bias")
  %m = dlc.matmul %x, %w : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  %y = dlc.add %m, %b : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %r = dlc.relu %y : tensor<2x2xf32>
  %l = dlc.reduce_sum %r {keepdims = false} : (tensor<2x2xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// A value used twice (w * w): the two adjoints are summed. Buffers and
// unmarked constants get no gradient.
// CHECK-LABEL: func.func @main
// CHECK-SAME: -> (tensor<f32> {dlc.name = "loss"}, tensor<3xf32> {dlc.name = "w"})
// CHECK: %[[W:.*]] = dlc.constant {dlc.param = "trainable"}
// CHECK: dlc.mul %[[W]], %[[W]]
// CHECK: dlc.reduce_sum
// CHECK: %[[D1:.*]] = dlc.mul %{{.*}}, %[[W]]
// CHECK: %[[D2:.*]] = dlc.mul %{{.*}}, %[[W]]
// CHECK: %[[SUM:.*]] = dlc.add %[[D1]], %[[D2]]
// CHECK: return %{{.*}}, %[[SUM]]
func.func @main() -> tensor<f32> {
  %w = dlc.constant {dlc.param = "trainable"} dense<[1.0, 2.0, 3.0]> : tensor<3xf32> loc("w")
  %s = dlc.constant {dlc.param = "buffer"} dense<[1.0, 1.0, 1.0]> : tensor<3xf32> loc("stat")
  %sq = dlc.mul %w, %w : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %t = dlc.add %sq, %s : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %l = dlc.reduce_sum %t {keepdims = false} : (tensor<3xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// A parameter that does not reach the loss gets a zero gradient.
// CHECK-LABEL: func.func @main
// CHECK-SAME: tensor<2xf32> {dlc.name = "used"}, tensor<2xf32> {dlc.name = "unused"}
// CHECK: %[[Z:.*]] = dlc.constant dense<0.000000e+00> : tensor<2xf32>
// CHECK: return %{{.*}}, %{{.*}}, %[[Z]]
func.func @main() -> tensor<f32> {
  %w = dlc.constant {dlc.param = "trainable"} dense<[1.0, 2.0]> : tensor<2xf32> loc("used")
  %v = dlc.constant {dlc.param = "trainable"} dense<[3.0, 4.0]> : tensor<2xf32> loc("unused")
  %l = dlc.reduce_sum %w {keepdims = false} : (tensor<2xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Every op on the path without a gradient rule, in one error.
// expected-error @+1 {{3 ops on the path from the parameters to the loss have no gradient rule: 'dlc.adam' (x2), 'dlc.momentum'}}
func.func @main(%r: tensor<f32>, %t: tensor<i64>) -> tensor<f32> {
  %x = dlc.constant {dlc.param = "trainable"} dense<[1.0, 2.0]> : tensor<2xf32> loc("x")
  // expected-note @+1 {{'dlc.adam' is here}}
  %a, %av, %ah = dlc.adam %r, %t, %x, %x, %x, %x : (tensor<f32>, tensor<i64>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
  // expected-note @+1 {{'dlc.adam' is here}}
  %b, %bv, %bh = dlc.adam %r, %t, %a, %x, %x, %x : (tensor<f32>, tensor<i64>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
  // expected-note @+1 {{'dlc.momentum' is here}}
  %c, %cv = dlc.momentum %r, %t, %b, %x, %x {alpha = 0.9 : f32, beta = 1.0 : f32, mode = "standard", norm_coefficient = 0.0 : f32} : (tensor<f32>, tensor<i64>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>)
  %l = dlc.reduce_sum %c {keepdims = false} : (tensor<2xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// expected-error @+1 {{a model to differentiate must return one value, the loss; it returns 2}}
func.func @main() -> (tensor<f32>, tensor<f32>) {
  %x = dlc.constant {dlc.param = "trainable"} dense<1.0> : tensor<f32> loc("x")
  return %x, %x : tensor<f32>, tensor<f32>
}

// -----

// expected-error @+1 {{the loss must be a scalar f32 tensor, got 'tensor<2xf32>'}}
func.func @main() -> tensor<2xf32> {
  %x = dlc.constant {dlc.param = "trainable"} dense<1.0> : tensor<2xf32> loc("x")
  return %x : tensor<2xf32>
}

// -----

// expected-error @+1 {{the model has no trainable parameters (dlc.constant with dlc.param = "trainable")}}
func.func @main() -> tensor<f32> {
  %x = dlc.constant dense<1.0> : tensor<f32>
  return %x : tensor<f32>
}

// -----

// An embedding bag under softmax cross-entropy. The labels become a one-hot
// mask (cast, clamped into [0, C), compared with an iota, zeroed where
// ignored); "mean" divides by the count of kept targets; the adjoint goes
// through log-softmax's rule reading the op's own log_prob; gather's
// adjoint is a scatter_add into the table's 10 rows. Labels and ids get none.
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[IDS:.*]]: tensor<2x3xi64> {dlc.name = "ids"}, %[[Y:.*]]: tensor<2xi64> {dlc.name = "labels"})
// CHECK-SAME: -> (tensor<f32> {dlc.name = "loss"}, tensor<10x4xf32> {dlc.name = "embedding"})
// CHECK: %[[LOSS:.*]], %[[LP:.*]] = dlc.softmax_cross_entropy
// CHECK: %[[YF:.*]] = dlc.cast %[[Y]] : (tensor<2xi64>) -> tensor<2xf32>
// CHECK: %[[YV:.*]] = dlc.reshape %[[YF]] {shape = array<i64: 2, 1>}
// CHECK: %[[YC:.*]] = dlc.clip %[[YV]] {max = 3.000000e+00 : f32, min = 0.000000e+00 : f32}
// CHECK: %[[IOTA:.*]] = dlc.constant dense<{{\[}}[0.000000e+00, 1.000000e+00, 2.000000e+00, 3.000000e+00]]> : tensor<1x4xf32>
// CHECK: %[[HOT:.*]] = dlc.compare %[[YC]], %[[IOTA]] {predicate = "eq"}
// CHECK: %[[IGN:.*]] = dlc.constant dense<-1.000000e+02> : tensor<f32>
// CHECK: %[[KEPT:.*]] = dlc.compare %[[YV]], %[[IGN]] {predicate = "ne"}
// CHECK: %[[MASK:.*]] = dlc.mul %[[HOT]], %[[KEPT]]
// CHECK: %[[W:.*]] = dlc.reduce_sum %[[MASK]] {axes = array<i64: 1>}
// CHECK: %[[TOTAL:.*]] = dlc.reduce_sum %[[W]] {keepdims = false}
// CHECK: %[[A:.*]] = dlc.div %{{.*}}, %[[TOTAL]]
// CHECK: %[[AW:.*]] = dlc.mul %[[A]], %[[W]]
// CHECK: %[[NAW:.*]] = dlc.neg %[[AW]]
// CHECK: %[[DLP:.*]] = dlc.select %[[MASK]], %[[NAW]]
// CHECK: %[[SUM:.*]] = dlc.reduce_sum %[[DLP]] {axes = array<i64: 1>}
// CHECK: %[[P:.*]] = dlc.exp %[[LP]]
// CHECK: %[[PS:.*]] = dlc.mul %[[P]], %[[SUM]]
// CHECK: %[[DX:.*]] = dlc.sub %[[DLP]], %[[PS]]
// CHECK: %[[DE:.*]] = dlc.expand
// CHECK: %[[DT:.*]] = dlc.scatter_add %[[DE]], %[[IDS]] {size = 10 : i64} : (tensor<2x3x4xf32>, tensor<2x3xi64>) -> tensor<10x4xf32>
// CHECK: return %[[LOSS]], %[[DT]]
func.func @main(%ids: tensor<2x3xi64> {dlc.name = "ids"}, %labels: tensor<2xi64> {dlc.name = "labels"}) -> tensor<f32> {
  %emb = dlc.constant {dlc.param = "trainable"} dense<0.5> : tensor<10x4xf32> loc("embedding")
  %e = dlc.gather %emb, %ids : (tensor<10x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
  %s = dlc.reduce_sum %e {axes = array<i64: 1>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  %l, %lp = dlc.softmax_cross_entropy %s, %labels {ignore_index = -100 : i64} : (tensor<2x4xf32>, tensor<2xi64>) -> (tensor<f32>, tensor<2x4xf32>)
  return %l : tensor<f32>
}

// -----

// Only softmax_cross_entropy's log_prob reaches the loss: no NLL part, just
// log-softmax's rule g - exp(log_prob) sum g.
// CHECK-LABEL: func.func @main
// CHECK: %[[LOSS:.*]], %[[LP:.*]] = dlc.softmax_cross_entropy
// CHECK: %[[S:.*]] = dlc.reduce_sum %[[LP]]
// CHECK: %[[G:.*]] = dlc.expand
// CHECK-NOT: dlc.compare
// CHECK: %[[SUM:.*]] = dlc.reduce_sum %[[G]] {axes = array<i64: 1>}
// CHECK: %[[P:.*]] = dlc.exp %[[LP]]
// CHECK: %[[PS:.*]] = dlc.mul %[[P]], %[[SUM]]
// CHECK: %[[DX:.*]] = dlc.sub %[[G]], %[[PS]]
// CHECK: return %[[S]], %[[DX]]
func.func @main(%labels: tensor<2xi64>) -> tensor<f32> {
  %x = dlc.constant {dlc.param = "trainable"} dense<0.5> : tensor<2x4xf32> loc("x")
  %l, %lp = dlc.softmax_cross_entropy %x, %labels : (tensor<2x4xf32>, tensor<2xi64>) -> (tensor<f32>, tensor<2x4xf32>)
  %s = dlc.reduce_sum %lp {keepdims = false} : (tensor<2x4xf32>) -> tensor<f32>
  return %s : tensor<f32>
}
