// RUN: dlc-opt %s --convert-dlc-to-linalg --mlir-print-local-scope | FileCheck %s --implicit-check-not=dlc.

// The lowering of box_decode: one elementwise linalg.generic whose inputs
// are the four anchor and the four delta components (constant last index in
// the indexing maps); the output index picks x/y and min/max corner.
// (nms lowers to scf.for loops; convert-dlc-to-linalg alone does not load
// scf, so it is covered by the numerics tests in DetectionTest.cpp.)

// CHECK-LABEL: func.func @box_decode_clip
// CHECK-SAME: (%[[A:.*]]: tensor<5x4xf32>, %[[D:.*]]: tensor<2x5x4xf32>)
// CHECK: linalg.generic
// CHECK-SAME: affine_map<(d0, d1, d2) -> (d1, 0)>, affine_map<(d0, d1, d2) -> (d1, 1)>, affine_map<(d0, d1, d2) -> (d1, 2)>, affine_map<(d0, d1, d2) -> (d1, 3)>
// CHECK-SAME: affine_map<(d0, d1, d2) -> (d0, d1, 0)>, affine_map<(d0, d1, d2) -> (d0, d1, 1)>, affine_map<(d0, d1, d2) -> (d0, d1, 2)>, affine_map<(d0, d1, d2) -> (d0, d1, 3)>
// CHECK-SAME: ins(%[[A]], %[[A]], %[[A]], %[[A]], %[[D]], %[[D]], %[[D]], %[[D]] :
// CHECK: %[[J:.*]] = linalg.index 2 : index
// CHECK: arith.constant 4.000000e+00 : f32
// CHECK: arith.minimumf
// CHECK: math.exp
// CHECK: linalg.yield
func.func @box_decode_clip(%a: tensor<5x4xf32>, %d: tensor<2x5x4xf32>) -> tensor<2x5x4xf32> {
  %0 = dlc.box_decode %a, %d {variances = array<f32: 0.1, 0.1, 0.2, 0.2>, clip = 4.0 : f32} : (tensor<5x4xf32>, tensor<2x5x4xf32>) -> tensor<2x5x4xf32>
  return %0 : tensor<2x5x4xf32>
}



// Centre anchors are read as they are; without a clip there is no min.
// CHECK-LABEL: func.func @box_decode_center
// CHECK: linalg.generic
// CHECK-NOT: arith.minimumf
// CHECK: math.exp
// CHECK: linalg.yield
func.func @box_decode_center(%a: tensor<3x4xf32>, %d: tensor<1x3x4xf32>) -> tensor<1x3x4xf32> {
  %0 = dlc.box_decode %a, %d {anchor_format = "center"} : (tensor<3x4xf32>, tensor<1x3x4xf32>) -> tensor<1x3x4xf32>
  return %0 : tensor<1x3x4xf32>
}
