// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// Round trip of the detection ops: every attribute at a non-default value,
// optional attributes present and absent, and both nms score layouts.

// CHECK-LABEL: func.func @box_decode_defaults
// CHECK: %[[B:.*]] = dlc.box_decode %{{.*}}, %{{.*}} : (tensor<5x4xf32>, tensor<2x5x4xf32>) -> tensor<2x5x4xf32>
// CHECK: return %[[B]]
func.func @box_decode_defaults(%a: tensor<5x4xf32>, %d: tensor<2x5x4xf32>) -> tensor<2x5x4xf32> {
  %0 = dlc.box_decode %a, %d : (tensor<5x4xf32>, tensor<2x5x4xf32>) -> tensor<2x5x4xf32>
  return %0 : tensor<2x5x4xf32>
}

// CHECK-LABEL: func.func @box_decode_ssd
// CHECK: dlc.box_decode %{{.*}}, %{{.*}} {anchor_format = "center", clip = 4.13516665 : f32, variances = array<f32: 1.000000e-01, 1.000000e-01, 2.000000e-01, 2.000000e-01>} : (tensor<3x4xf32>, tensor<1x3x4xf32>) -> tensor<1x3x4xf32>
func.func @box_decode_ssd(%a: tensor<3x4xf32>, %d: tensor<1x3x4xf32>) -> tensor<1x3x4xf32> {
  %0 = dlc.box_decode %a, %d {anchor_format = "center", variances = array<f32: 0.1, 0.1, 0.2, 0.2>, clip = 4.13516665 : f32} : (tensor<3x4xf32>, tensor<1x3x4xf32>) -> tensor<1x3x4xf32>
  return %0 : tensor<1x3x4xf32>
}

// CHECK-LABEL: func.func @nms_one_class
// CHECK: %[[I:.*]] = dlc.nms %{{.*}}, %{{.*}} {iou_threshold = 5.000000e-01 : f32, max_output = 3 : i64} : (tensor<2x6x4xf32>, tensor<2x6xf32>) -> tensor<2x3xi64>
// CHECK: return %[[I]]
func.func @nms_one_class(%b: tensor<2x6x4xf32>, %s: tensor<2x6xf32>) -> tensor<2x3xi64> {
  %0 = dlc.nms %b, %s {iou_threshold = 0.5 : f32, max_output = 3 : i64} : (tensor<2x6x4xf32>, tensor<2x6xf32>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// CHECK-LABEL: func.func @nms_classes_threshold
// CHECK: dlc.nms %{{.*}}, %{{.*}} {iou_threshold = 3.000000e-01 : f32, max_output = 10 : i64, score_threshold = 2.500000e-01 : f32} : (tensor<1x6x4xf32>, tensor<1x4x6xf32>) -> tensor<1x4x10xi64>
func.func @nms_classes_threshold(%b: tensor<1x6x4xf32>, %s: tensor<1x4x6xf32>) -> tensor<1x4x10xi64> {
  %0 = dlc.nms %b, %s {iou_threshold = 0.3 : f32, max_output = 10 : i64, score_threshold = 0.25 : f32} : (tensor<1x6x4xf32>, tensor<1x4x6xf32>) -> tensor<1x4x10xi64>
  return %0 : tensor<1x4x10xi64>
}
