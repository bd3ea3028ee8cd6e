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

// An op split into parts writes its first part into a slice extracted from
// its empty destination and inserts it back: that slice and that insert
// share one empty tensor (split apart, the insert's destination would be
// another buffer, and bufferization would copy the part into it). A second
// user of the empty tensor still gets its own.
// CHECK-LABEL: func.func @split_part
// CHECK: %[[E1:.*]] = tensor.empty() : tensor<8xf32>
// CHECK-NEXT: %[[S:.*]] = tensor.extract_slice %[[E1]][0] [6] [1]
// CHECK-NEXT: %[[PART:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[S]] : tensor<6xf32>)
// CHECK-NEXT: %[[WHOLE:.*]] = tensor.insert_slice %[[PART]] into %[[E1]][0] [6] [1]
// CHECK-NEXT: %[[E2:.*]] = tensor.empty() : tensor<8xf32>
// CHECK-NEXT: %[[OTHER:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E2]] : tensor<8xf32>)
// CHECK-NEXT: return %[[WHOLE]], %[[OTHER]]
func.func @split_part(%c: f32) -> (tensor<8xf32>, tensor<8xf32>) {
  %e = tensor.empty() : tensor<8xf32>
  %s = tensor.extract_slice %e[0] [6] [1] : tensor<8xf32> to tensor<6xf32>
  %part = linalg.fill ins(%c : f32) outs(%s : tensor<6xf32>) -> tensor<6xf32>
  %whole = tensor.insert_slice %part into %e[0] [6] [1] : tensor<6xf32> into tensor<8xf32>
  %other = linalg.fill ins(%c : f32) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  return %whole, %other : tensor<8xf32>, tensor<8xf32>
}
