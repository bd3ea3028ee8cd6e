// RUN: dlc-opt %s --dlc-externalize-parameters --split-input-file --verify-diagnostics | FileCheck %s

// Every f32 constant marked dlc.param becomes an argument after the inputs,
// named after its resource (else param<i>), with its kind; the values move
// to the module's table in argument order. Two constants holding one value
// share an argument (trainable if either is); an unmarked constant stays.

// CHECK: module attributes {dlc.parameters = [
// CHECK-SAME: {kind = "trainable", name = "fc.weight", value = dense_resource<fc.weight> : tensor<2x2xf32>}
// CHECK-SAME: {kind = "trainable", name = "param1", value = dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>}
// CHECK-SAME: {kind = "buffer", name = "x_1", value = dense_resource<x> : tensor<2xf32>}]}
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: tensor<1x2xf32> {dlc.name = "x"},
// CHECK-SAME: %[[W:.*]]: tensor<2x2xf32> {dlc.name = "fc.weight", dlc.param = "trainable"},
// CHECK-SAME: %[[B:.*]]: tensor<2xf32> {dlc.name = "param1", dlc.param = "trainable"},
// CHECK-SAME: %[[S:.*]]: tensor<2xf32> {dlc.name = "x_1", dlc.param = "buffer"})
// CHECK: %[[K:.*]] = dlc.constant dense<5.000000e-01> : tensor<2xf32>
// CHECK: %[[G:.*]] = dlc.gemm %[[X]], %[[W]], %[[B]]
// CHECK: %[[M:.*]] = dlc.mul %[[G]], %[[S]]
// CHECK: %[[A:.*]] = dlc.add %[[M]], %[[B]]
// CHECK: dlc.mul %[[A]], %[[K]]
module {
  func.func @main(%x: tensor<1x2xf32> {dlc.name = "x"}) -> tensor<1x2xf32> {
    %w = dlc.constant {dlc.param = "trainable"} dense_resource<"fc.weight"> : tensor<2x2xf32>
    %b = dlc.constant {dlc.param = "trainable"} dense<[1.0, 2.0]> : tensor<2xf32>
    %b2 = dlc.constant {dlc.param = "buffer"} dense<[1.0, 2.0]> : tensor<2xf32>
    // A buffer named like an input gets a suffix.
    %s = dlc.constant {dlc.param = "buffer"} dense_resource<"x"> : tensor<2xf32>
    %k = dlc.constant dense<0.5> : tensor<2xf32>
    %g = dlc.gemm %x, %w, %b : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
    %m = dlc.mul %g, %s : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
    %a = dlc.add %m, %b2 : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
    %y = dlc.mul %a, %k : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
    return %y : tensor<1x2xf32>
  }
}
{-#
  dialect_resources: {
    builtin: {
      fc.weight: "0x040000000000803F0000004000004040000080C0",
      x: "0x040000000000803F00000040"
    }
  }
#-}

// -----

// A model without parameters is left as it is.

// CHECK-NOT: dlc.parameters
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%{{.*}}: tensor<2xf32>) -> tensor<2xf32>
// CHECK: dlc.constant
func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  %k = dlc.constant dense<0.5> : tensor<2xf32>
  %y = dlc.mul %x, %k : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

// expected-error @+1 {{no model function named 'main'}}
module {
  func.func @other(%x: tensor<2xf32>) -> tensor<2xf32> {
    return %x : tensor<2xf32>
  }
}
