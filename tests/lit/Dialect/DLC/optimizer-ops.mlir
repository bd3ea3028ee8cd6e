// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// Round trip of the optimizer steps in OptimizerOps.td, each defaulted
// attribute present and absent (defaults are not printed). The result
// types are the inferred ones: x's type for x_new and every state.

// Adagrad with ONNX's defaults (decay_factor 0, epsilon 1e-6,
// norm_coefficient 0).
// CHECK-LABEL: func.func @adagrad_defaults
// CHECK-SAME: (%[[R:.*]]: tensor<f32>, %[[T:.*]]: tensor<i64>, %[[X:.*]]: tensor<3x4xf32>, %[[G:.*]]: tensor<3x4xf32>, %[[H:.*]]: tensor<3x4xf32>)
// CHECK: %[[XN:.*]], %[[HN:.*]] = dlc.adagrad %[[R]], %[[T]], %[[X]], %[[G]], %[[H]] : (tensor<f32>, tensor<i64>, tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>)
// CHECK: return %[[XN]], %[[HN]]
func.func @adagrad_defaults(%r: tensor<f32>, %t: tensor<i64>, %x: tensor<3x4xf32>, %g: tensor<3x4xf32>, %h: tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>) {
  %0:2 = dlc.adagrad %r, %t, %x, %g, %h : (tensor<f32>, tensor<i64>, tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>)
  return %0#0, %0#1 : tensor<3x4xf32>, tensor<3x4xf32>
}

// Adagrad with every attribute.
// CHECK-LABEL: func.func @adagrad_attributes
// CHECK: dlc.adagrad %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {decay_factor = 1.000000e-01 : f32, epsilon = 9.99999974E-6 : f32, norm_coefficient = 1.000000e-03 : f32} : (tensor<f32>, tensor<i64>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> (tensor<5xf32>, tensor<5xf32>)
func.func @adagrad_attributes(%r: tensor<f32>, %t: tensor<i64>, %x: tensor<5xf32>, %g: tensor<5xf32>, %h: tensor<5xf32>) -> tensor<5xf32> {
  %0:2 = dlc.adagrad %r, %t, %x, %g, %h {decay_factor = 0.1 : f32, epsilon = 1.0e-5 : f32, norm_coefficient = 0.001 : f32} : (tensor<f32>, tensor<i64>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> (tensor<5xf32>, tensor<5xf32>)
  return %0#0 : tensor<5xf32>
}

// Momentum: every attribute is required; the standard and Nesterov forms.
// CHECK-LABEL: func.func @momentum
// CHECK: %[[XN:.*]], %[[VN:.*]] = dlc.momentum %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {alpha = 0.949999988 : f32, beta = 1.000000e-01 : f32, mode = "standard", norm_coefficient = 1.000000e-03 : f32} : (tensor<f32>, tensor<i64>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK: dlc.momentum %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[VN]] {alpha = 0.949999988 : f32, beta = 1.000000e+00 : f32, mode = "nesterov", norm_coefficient = 0.000000e+00 : f32}
func.func @momentum(%r: tensor<f32>, %t: tensor<i64>, %x: tensor<2x3xf32>, %g: tensor<2x3xf32>, %v: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %0:2 = dlc.momentum %r, %t, %x, %g, %v {alpha = 0.95 : f32, beta = 0.1 : f32, mode = "standard", norm_coefficient = 0.001 : f32} : (tensor<f32>, tensor<i64>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>)
  %1:2 = dlc.momentum %r, %t, %0#0, %g, %0#1 {alpha = 0.95 : f32, beta = 1.0 : f32, mode = "nesterov", norm_coefficient = 0.0 : f32} : (tensor<f32>, tensor<i64>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>)
  return %1#0, %1#1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// Adam with ONNX's defaults (alpha 0.9, beta 0.999, epsilon 1e-6, both
// norm coefficients 0) on a rank-0 parameter.
// CHECK-LABEL: func.func @adam_defaults
// CHECK: %[[XN:.*]], %[[VN:.*]], %[[HN:.*]] = dlc.adam %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<f32>, tensor<i64>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) -> (tensor<f32>, tensor<f32>, tensor<f32>)
// CHECK: return %[[XN]], %[[VN]], %[[HN]]
func.func @adam_defaults(%r: tensor<f32>, %t: tensor<i64>, %x: tensor<f32>, %g: tensor<f32>, %v: tensor<f32>, %h: tensor<f32>) -> (tensor<f32>, tensor<f32>, tensor<f32>) {
  %0:3 = dlc.adam %r, %t, %x, %g, %v, %h : (tensor<f32>, tensor<i64>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) -> (tensor<f32>, tensor<f32>, tensor<f32>)
  return %0#0, %0#1, %0#2 : tensor<f32>, tensor<f32>, tensor<f32>
}

// Adam with every attribute.
// CHECK-LABEL: func.func @adam_attributes
// CHECK: dlc.adam %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {alpha = 0.949999988 : f32, beta = 1.000000e-01 : f32, epsilon = 1.000000e-07 : f32, norm_coefficient = 1.000000e-03 : f32, norm_coefficient_post = 2.000000e-02 : f32} : (tensor<f32>, tensor<i64>, tensor<2x2x3xf32>, tensor<2x2x3xf32>, tensor<2x2x3xf32>, tensor<2x2x3xf32>) -> (tensor<2x2x3xf32>, tensor<2x2x3xf32>, tensor<2x2x3xf32>)
func.func @adam_attributes(%r: tensor<f32>, %t: tensor<i64>, %x: tensor<2x2x3xf32>, %g: tensor<2x2x3xf32>, %v: tensor<2x2x3xf32>, %h: tensor<2x2x3xf32>) -> tensor<2x2x3xf32> {
  %0:3 = dlc.adam %r, %t, %x, %g, %v, %h {alpha = 0.95 : f32, beta = 0.1 : f32, epsilon = 1.0e-7 : f32, norm_coefficient = 0.001 : f32, norm_coefficient_post = 0.02 : f32} : (tensor<f32>, tensor<i64>, tensor<2x2x3xf32>, tensor<2x2x3xf32>, tensor<2x2x3xf32>, tensor<2x2x3xf32>) -> (tensor<2x2x3xf32>, tensor<2x2x3xf32>, tensor<2x2x3xf32>)
  return %0#0 : tensor<2x2x3xf32>
}
