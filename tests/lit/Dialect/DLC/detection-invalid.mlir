// RUN: dlc-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of the detection ops (DetectionOps.cpp and the ODS
// attribute constraints). Shape inference failures are followed by
// upstream's "failed to infer returned types".

// anchors must be [A, 4].
func.func @box_decode_anchors_shape(%a: tensor<5x3xf32>, %d: tensor<2x5x4xf32>) -> tensor<2x5x4xf32> {
  // expected-error @+2 {{'dlc.box_decode' op anchors must have shape [A, 4], got 5x3}}
  // expected-error @+1 {{'dlc.box_decode' op failed to infer returned types}}
  %0 = dlc.box_decode %a, %d : (tensor<5x3xf32>, tensor<2x5x4xf32>) -> tensor<2x5x4xf32>
  return %0 : tensor<2x5x4xf32>
}

// -----

// deltas must be [N, A, 4] with the anchors' A.
func.func @box_decode_deltas_shape(%a: tensor<5x4xf32>, %d: tensor<2x6x4xf32>) -> tensor<2x6x4xf32> {
  // expected-error @+2 {{'dlc.box_decode' op deltas must have shape [N, 5, 4] (A = 5 from anchors), got 2x6x4}}
  // expected-error @+1 {{'dlc.box_decode' op failed to infer returned types}}
  %0 = dlc.box_decode %a, %d : (tensor<5x4xf32>, tensor<2x6x4xf32>) -> tensor<2x6x4xf32>
  return %0 : tensor<2x6x4xf32>
}

// -----

func.func @box_decode_format(%a: tensor<5x4xf32>, %d: tensor<2x5x4xf32>) -> tensor<2x5x4xf32> {
  // expected-error @+2 {{'dlc.box_decode' op anchor_format must be 'corners' or 'center', got 'xywh'}}
  // expected-error @+1 {{'dlc.box_decode' op failed to infer returned types}}
  %0 = dlc.box_decode %a, %d {anchor_format = "xywh"} : (tensor<5x4xf32>, tensor<2x5x4xf32>) -> tensor<2x5x4xf32>
  return %0 : tensor<2x5x4xf32>
}

// -----

// The ODS constraint: exactly four variances.
func.func @box_decode_variance_count(%a: tensor<5x4xf32>, %d: tensor<2x5x4xf32>) -> tensor<2x5x4xf32> {
  // expected-error @+1 {{'dlc.box_decode' op attribute 'variances' failed to satisfy constraint: f32 dense array attribute with exactly 4 elements}}
  %0 = dlc.box_decode %a, %d {variances = array<f32: 0.1, 0.1, 0.2>} : (tensor<5x4xf32>, tensor<2x5x4xf32>) -> tensor<2x5x4xf32>
  return %0 : tensor<2x5x4xf32>
}

// -----

func.func @box_decode_variance_sign(%a: tensor<5x4xf32>, %d: tensor<2x5x4xf32>) -> tensor<2x5x4xf32> {
  // expected-error @+2 {{'dlc.box_decode' op variances must be positive and finite, got [0.1, 0, 0.2, 0.2]}}
  // expected-error @+1 {{'dlc.box_decode' op failed to infer returned types}}
  %0 = dlc.box_decode %a, %d {variances = array<f32: 0.1, 0.0, 0.2, 0.2>} : (tensor<5x4xf32>, tensor<2x5x4xf32>) -> tensor<2x5x4xf32>
  return %0 : tensor<2x5x4xf32>
}

// -----

func.func @box_decode_clip(%a: tensor<5x4xf32>, %d: tensor<2x5x4xf32>) -> tensor<2x5x4xf32> {
  // expected-error @+2 {{'dlc.box_decode' op clip must be finite, got inf}}
  // expected-error @+1 {{'dlc.box_decode' op failed to infer returned types}}
  %0 = dlc.box_decode %a, %d {clip = 0x7F800000 : f32} : (tensor<5x4xf32>, tensor<2x5x4xf32>) -> tensor<2x5x4xf32>
  return %0 : tensor<2x5x4xf32>
}

// -----

func.func @nms_boxes_shape(%b: tensor<2x6x5xf32>, %s: tensor<2x6xf32>) -> tensor<2x3xi64> {
  // expected-error @+2 {{'dlc.nms' op boxes must have shape [N, B, 4], got 2x6x5}}
  // expected-error @+1 {{'dlc.nms' op failed to infer returned types}}
  %0 = dlc.nms %b, %s {iou_threshold = 0.5 : f32, max_output = 3 : i64} : (tensor<2x6x5xf32>, tensor<2x6xf32>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

func.func @nms_scores_rank(%b: tensor<2x6x4xf32>, %s: tensor<12xf32>) -> tensor<3xi64> {
  // expected-error @+2 {{'dlc.nms' op scores must have rank 2 ([N, B]) or 3 ([N, C, B]), got rank 1 (12)}}
  // expected-error @+1 {{'dlc.nms' op failed to infer returned types}}
  %0 = dlc.nms %b, %s {iou_threshold = 0.5 : f32, max_output = 3 : i64} : (tensor<2x6x4xf32>, tensor<12xf32>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

func.func @nms_scores_shape(%b: tensor<2x6x4xf32>, %s: tensor<2x3x5xf32>) -> tensor<2x3x3xi64> {
  // expected-error @+2 {{'dlc.nms' op scores must have shape [2, 6] or [2, C, 6] (N and B from boxes), got 2x3x5}}
  // expected-error @+1 {{'dlc.nms' op failed to infer returned types}}
  %0 = dlc.nms %b, %s {iou_threshold = 0.5 : f32, max_output = 3 : i64} : (tensor<2x6x4xf32>, tensor<2x3x5xf32>) -> tensor<2x3x3xi64>
  return %0 : tensor<2x3x3xi64>
}

// -----

func.func @nms_max_output(%b: tensor<2x6x4xf32>, %s: tensor<2x6xf32>) -> tensor<2x0xi64> {
  // expected-error @+2 {{'dlc.nms' op max_output must be positive, got 0}}
  // expected-error @+1 {{'dlc.nms' op failed to infer returned types}}
  %0 = dlc.nms %b, %s {iou_threshold = 0.5 : f32, max_output = 0 : i64} : (tensor<2x6x4xf32>, tensor<2x6xf32>) -> tensor<2x0xi64>
  return %0 : tensor<2x0xi64>
}

// -----

func.func @nms_iou_threshold(%b: tensor<2x6x4xf32>, %s: tensor<2x6xf32>) -> tensor<2x3xi64> {
  // expected-error @+2 {{'dlc.nms' op iou_threshold must be in [0, 1], got 1.5}}
  // expected-error @+1 {{'dlc.nms' op failed to infer returned types}}
  %0 = dlc.nms %b, %s {iou_threshold = 1.5 : f32, max_output = 3 : i64} : (tensor<2x6x4xf32>, tensor<2x6xf32>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

func.func @nms_score_threshold(%b: tensor<2x6x4xf32>, %s: tensor<2x6xf32>) -> tensor<2x3xi64> {
  // expected-error @+2 {{'dlc.nms' op score_threshold must not be NaN}}
  // expected-error @+1 {{'dlc.nms' op failed to infer returned types}}
  %0 = dlc.nms %b, %s {iou_threshold = 0.5 : f32, max_output = 3 : i64, score_threshold = 0x7FC00000 : f32} : (tensor<2x6x4xf32>, tensor<2x6xf32>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

// The result is i64 indices.
func.func @nms_result_type(%b: tensor<2x6x4xf32>, %s: tensor<2x6xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'dlc.nms' op result #0 must be statically shaped tensor of 64-bit signless integer values, but got 'tensor<2x3xf32>'}}
  %0 = dlc.nms %b, %s {iou_threshold = 0.5 : f32, max_output = 3 : i64} : (tensor<2x6x4xf32>, tensor<2x6xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
