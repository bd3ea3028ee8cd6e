// RUN: dlc-opt %s --dlc-split-empty-tensors | FileCheck %s

// A tensor.empty that CSE shared between two producers becomes one per
// use, each right before its user (so each gets its own buffer, allocated
// where it is made).

// CHECK-LABEL: func.func @shared
// CHECK-NEXT: %[[C:.*]] = arith.constant
// CHECK-NEXT: %[[E1:.*]] = tensor.empty() : tensor<4xf32>
// CHECK-NEXT: %[[F1:.*]] = linalg.fill ins(%[[C]] : f32) outs(%[[E1]] : tensor<4xf32>)
// CHECK-NEXT: %[[E2:.*]] = tensor.empty() : tensor<4xf32>
// CHECK-NEXT: %[[F2:.*]] = linalg.fill ins(%[[C]] : f32) outs(%[[E2]] : tensor<4xf32>)
// CHECK-NEXT: return %[[F1]], %[[F2]]
func.func @shared() -> (tensor<4xf32>, tensor<4xf32>) {
  %e = tensor.empty() : tensor<4xf32>
  %c = arith.constant 1.0 : f32
  %a = linalg.fill ins(%c : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %b = linalg.fill ins(%c : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  return %a, %b : tensor<4xf32>, tensor<4xf32>
}

// A zero fill of an empty tensor (a GEMM's accumulator) shared by two
// in-place users: each gets its own fill of its own empty tensor (shared,
// bufferization would copy it for each and keep it alive between them).
// CHECK-LABEL: func.func @shared_fill
// CHECK-NOT: tensor.empty
// CHECK: %[[E1:.*]] = tensor.empty() : tensor<4xf32>
// CHECK-NEXT: %[[F1:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E1]] : tensor<4xf32>)
// CHECK-NEXT: %[[A:.*]] = linalg.add ins(%arg0, %arg0 : tensor<4xf32>, tensor<4xf32>) outs(%[[F1]] : tensor<4xf32>)
// CHECK-NEXT: %[[E2:.*]] = tensor.empty() : tensor<4xf32>
// CHECK-NEXT: %[[F2:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E2]] : tensor<4xf32>)
// CHECK-NEXT: %[[B:.*]] = linalg.add ins(%arg1, %arg1 : tensor<4xf32>, tensor<4xf32>) outs(%[[F2]] : tensor<4xf32>)
// CHECK-NEXT: return %[[A]], %[[B]]
func.func @shared_fill(%x: tensor<4xf32>, %y: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %c = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %z = linalg.fill ins(%c : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %a = linalg.add ins(%x, %x : tensor<4xf32>, tensor<4xf32>) outs(%z : tensor<4xf32>) -> tensor<4xf32>
  %b = linalg.add ins(%y, %y : tensor<4xf32>, tensor<4xf32>) outs(%z : tensor<4xf32>) -> tensor<4xf32>
  return %a, %b : tensor<4xf32>, tensor<4xf32>
}
