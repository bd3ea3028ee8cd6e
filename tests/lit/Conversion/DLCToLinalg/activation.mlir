// RUN: dlc-opt %s --convert-dlc-to-linalg --mlir-print-local-scope | FileCheck %s --implicit-check-not=dlc.

// The lowering of prelu, maxout, dropout, the elementwise math and the
// activations added for MobileNet v3 and the transformers.

// A per-channel slope is read through dim 1 of the iteration space.
// CHECK-LABEL: func.func @prelu_per_channel
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>, %[[S:.*]]: tensor<3xf32>)
// CHECK: linalg.generic
// CHECK-SAME: indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d1)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]
// CHECK-SAME: ins(%[[X]], %[[S]] : tensor<2x3x4xf32>, tensor<3xf32>)
// CHECK: ^bb0(%[[IN:.*]]: f32, %[[A:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[GE:.*]] = arith.cmpf oge, %[[IN]], %{{.*}} : f32
// CHECK: %[[SCALED:.*]] = arith.mulf %[[IN]], %[[A]] : f32
// CHECK: %[[Y:.*]] = arith.select %[[GE]], %[[IN]], %[[SCALED]] : f32
// CHECK: linalg.yield %[[Y]] : f32
func.func @prelu_per_channel(%x: tensor<2x3x4xf32>, %s: tensor<3xf32>) -> tensor<2x3x4xf32> {
  %0 = dlc.prelu %x, %s : (tensor<2x3x4xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// Any other slope is broadcast NumPy-style (right-aligned).
// CHECK-LABEL: func.func @prelu_trailing
// CHECK: linalg.generic
// CHECK-SAME: affine_map<(d0, d1, d2) -> (d2)>
func.func @prelu_trailing(%x: tensor<2x3x4xf32>, %s: tensor<4xf32>) -> tensor<2x3x4xf32> {
  %0 = dlc.prelu %x, %s : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// maxout views [N, C*k, L] as [N, C, k, L] and reduces k with the max and
// its first index as two outputs.
// CHECK-LABEL: func.func @maxout
// CHECK-SAME: (%[[X:.*]]: tensor<2x6x5xf32>)
// CHECK: %[[V:.*]] = tensor.expand_shape %[[X]] {{\[\[}}0], [1, 2], [3]] output_shape [2, 2, 3, 5]
// CHECK: %[[R:.*]]:2 = linalg.generic
// CHECK-SAME: indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>]
// CHECK-SAME: iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME: ins(%[[V]] : tensor<2x2x3x5xf32>)
// CHECK: linalg.index 3
// CHECK: return %[[R]]#0, %[[R]]#1
func.func @maxout(%x: tensor<2x6x5xf32>) -> (tensor<2x2x5xf32>, tensor<2x2x5xi64>) {
  %0:2 = dlc.maxout %x {pieces = 3 : i64} : (tensor<2x6x5xf32>) -> (tensor<2x2x5xf32>, tensor<2x2x5xi64>)
  return %0#0, %0#1 : tensor<2x2x5xf32>, tensor<2x2x5xi64>
}

// Training dropout hashes the linear index (SplitMix64) in the loop body and
// yields the scaled output and the mask.
// CHECK-LABEL: func.func @dropout_training
// CHECK: %[[R:.*]]:2 = linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel"]
// CHECK: linalg.index 0
// CHECK: linalg.index 1
// CHECK: arith.index_cast %{{.*}} : index to i64
// CHECK: arith.shrui
// CHECK: arith.xori
// CHECK: arith.cmpi uge
// CHECK: %[[MASK:.*]] = arith.select %{{.*}}, %{{.*}}, %{{.*}} : f32
// CHECK: %[[XM:.*]] = arith.mulf %{{.*}}, %[[MASK]] : f32
// CHECK: %[[Y:.*]] = arith.mulf %[[XM]], %{{.*}} : f32
// CHECK: linalg.yield %[[Y]], %[[MASK]] : f32, f32
// CHECK: return %[[R]]#0, %[[R]]#1
func.func @dropout_training(%x: tensor<3x5xf32>) -> (tensor<3x5xf32>, tensor<3x5xf32>) {
  %0:2 = dlc.dropout %x {ratio = 0.25 : f32, seed = 7 : i64, training = true} : (tensor<3x5xf32>) -> (tensor<3x5xf32>, tensor<3x5xf32>)
  return %0#0, %0#1 : tensor<3x5xf32>, tensor<3x5xf32>
}

// The unary math ops become one math/arith op per element.
// CHECK-LABEL: func.func @unary_math
// CHECK: math.exp
// CHECK: math.log
// CHECK: math.sqrt
// CHECK: arith.negf
// CHECK: math.absf
// CHECK: arith.divf
func.func @unary_math(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = dlc.exp %x : tensor<3xf32>
  %1 = dlc.log %0 : tensor<3xf32>
  %2 = dlc.sqrt %1 : tensor<3xf32>
  %3 = dlc.neg %2 : tensor<3xf32>
  %4 = dlc.abs %3 : tensor<3xf32>
  %5 = dlc.reciprocal %4 : tensor<3xf32>
  return %5 : tensor<3xf32>
}

// CHECK-LABEL: func.func @binary_math
// CHECK: arith.divf
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK: math.powf
func.func @binary_math(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.div %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = dlc.max %0, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %2 = dlc.min %1, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %3 = dlc.pow %2, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %3 : tensor<2x3xf32>
}

// hard_sigmoid clamps alpha * x + beta to [0, 1].
// CHECK-LABEL: func.func @hard_sigmoid
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[AX:.*]] = arith.mulf %[[IN]], %{{.*}} : f32
// CHECK: %[[A:.*]] = arith.addf %[[AX]], %{{.*}} : f32
// CHECK: %[[LO:.*]] = arith.maximumf %[[A]], %{{.*}} : f32
// CHECK: %[[Y:.*]] = arith.minimumf %[[LO]], %{{.*}} : f32
// CHECK: linalg.yield %[[Y]] : f32
func.func @hard_sigmoid(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = dlc.hard_sigmoid %x {alpha = 0.25 : f32} : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// hard_swish is x * relu6(x + 3) / 6, all arith.
// CHECK-LABEL: func.func @hard_swish
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[S:.*]] = arith.addf %[[IN]], %{{.*}} : f32
// CHECK: %[[LO:.*]] = arith.maximumf %[[S]], %{{.*}} : f32
// CHECK: %[[R6:.*]] = arith.minimumf %[[LO]], %{{.*}} : f32
// CHECK: %[[XR:.*]] = arith.mulf %[[IN]], %[[R6]] : f32
// CHECK: %[[Y:.*]] = arith.mulf %[[XR]], %{{.*}} : f32
// CHECK: linalg.yield %[[Y]] : f32
func.func @hard_swish(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = dlc.hard_swish %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// erf is math.erf; exact gelu is x/2 (1 + erf(x / sqrt 2)), the tanh form
// x/2 (1 + tanh(...)); softplus is max(x, 0) + log1p(exp(-|x|)).
// CHECK-LABEL: func.func @smooth
// CHECK: math.erf
// CHECK: linalg.generic
// CHECK: %[[SCALED:.*]] = arith.mulf %{{.*}}, %{{.*}} : f32
// CHECK: math.erf %[[SCALED]] : f32
// CHECK: linalg.generic
// CHECK: math.tanh
// CHECK-NOT: math.erf
// CHECK: linalg.generic
// CHECK: %[[ABS:.*]] = math.absf
// CHECK: %[[NEG:.*]] = arith.negf %[[ABS]]
// CHECK: %[[EXP:.*]] = math.exp %[[NEG]]
// CHECK: %[[TAIL:.*]] = math.log1p %[[EXP]]
// CHECK: %[[POS:.*]] = arith.maximumf
// CHECK: arith.addf %[[POS]], %[[TAIL]]
func.func @smooth(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = dlc.erf %x : tensor<3xf32>
  %1 = dlc.gelu %0 : tensor<3xf32>
  %2 = dlc.gelu %1 {approximate = "tanh"} : tensor<3xf32>
  %3 = dlc.softplus %2 : tensor<3xf32>
  return %3 : tensor<3xf32>
}
