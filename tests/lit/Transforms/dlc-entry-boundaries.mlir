// RUN: dlc-opt %s --dlc-entry-boundaries --split-input-file | FileCheck %s

// Public functions' tensor inputs become read-only for bufferization; a
// tensor returned more than once gets a copy per repeat (its own buffer).
// Private functions and non-tensor values are left alone.

// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[A:.*]]: tensor<4xf32> {bufferization.writable = false}, %[[N:.*]]: i64)
// CHECK: %[[B:.*]] = dlc.relu %[[A]]
// CHECK: %[[C1:.*]] = bufferization.alloc_tensor() copy(%[[B]])
// CHECK: %[[C2:.*]] = bufferization.alloc_tensor() copy(%[[B]])
// CHECK: return %[[B]], %[[A]], %[[C1]], %[[N]], %[[N]], %[[C2]]
func.func @main(%a: tensor<4xf32>, %n: i64) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, i64, i64, tensor<4xf32>) {
  %b = dlc.relu %a : tensor<4xf32>
  return %b, %a, %b, %n, %n, %b : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, i64, i64, tensor<4xf32>
}

// CHECK-LABEL: func.func private @helper
// CHECK-SAME: (%{{.*}}: tensor<4xf32>)
// CHECK-NOT: alloc_tensor
func.func private @helper(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  return %a, %a : tensor<4xf32>, tensor<4xf32>
}
