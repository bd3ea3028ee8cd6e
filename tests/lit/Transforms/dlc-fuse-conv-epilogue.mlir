// RUN: dlc-opt %s --dlc-fuse-conv-epilogue --split-input-file | FileCheck %s

// A residual block's end, relu(conv(x) + bias + identity): the identity
// moves into the convolution's initial value, where the bias broadcast
// fuses with it; the consumer keeps the ReLU only.

#bias = affine_map<(d0, d1, d2, d3) -> (d1)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @residual_relu
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x6x6xf32>, %[[W:.*]]: tensor<16x8x3x3xf32>, %[[B:.*]]: tensor<16xf32>, %[[R:.*]]: tensor<1x16x4x4xf32>)
// CHECK: %[[INIT:.*]] = linalg.generic
// CHECK-SAME: ins(%[[B]], %[[R]] : tensor<16xf32>, tensor<1x16x4x4xf32>)
// CHECK: ^bb0(%[[BV:.*]]: f32, %[[RV:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[S:.*]] = arith.addf %[[BV]], %[[RV]] : f32
// CHECK: linalg.yield %[[S]]
// CHECK: %[[CONV:.*]] = linalg.conv_2d_nchw_fchw
// CHECK-SAME: outs(%[[INIT]] : tensor<1x16x4x4xf32>)
// CHECK: %[[Y:.*]] = linalg.generic
// CHECK-SAME: ins(%[[CONV]] : tensor<1x16x4x4xf32>)
// CHECK: ^bb0(%[[V:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[M:.*]] = arith.maximumf %[[V]], %{{.*}} : f32
// CHECK-NEXT: linalg.yield %[[M]]
// CHECK: return %[[Y]]
func.func @residual_relu(%x: tensor<1x8x6x6xf32>, %w: tensor<16x8x3x3xf32>, %b: tensor<16xf32>,
                         %r: tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<1x16x4x4xf32>
  %init = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%b : tensor<16xf32>) outs(%empty : tensor<1x16x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x16x4x4xf32>
  %conv = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x8x6x6xf32>, tensor<16x8x3x3xf32>)
      outs(%init : tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  %y = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%conv, %r : tensor<1x16x4x4xf32>, tensor<1x16x4x4xf32>) outs(%empty : tensor<1x16x4x4xf32>) {
  ^bb0(%c: f32, %res: f32, %out: f32):
    %s = arith.addf %c, %res : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x16x4x4xf32>
  return %y : tensor<1x16x4x4xf32>
}

// -----

// The addend may be computed (a fused block whose identity is the previous
// block's relu(conv + identity)): its ops move into the initial value.
// The zero fill fuses into it too. Nothing is left of the consumer but a
// copy, which goes: the matrix product's result is the function's.

#id2 = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @matmul_computed_residual
// CHECK-SAME: (%[[A:.*]]: tensor<4x8xf32>, %[[B:.*]]: tensor<8x16xf32>, %[[P:.*]]: tensor<4x16xf32>, %[[Q:.*]]: tensor<4x16xf32>)
// CHECK-NOT: linalg.fill
// CHECK: %[[INIT:.*]] = linalg.generic
// CHECK-SAME: ins(%[[P]], %[[Q]] : tensor<4x16xf32>, tensor<4x16xf32>)
// CHECK: arith.addf
// CHECK: arith.maximumf
// CHECK: arith.addf
// CHECK: %[[MM:.*]] = linalg.matmul ins(%[[A]], %[[B]] : tensor<4x8xf32>, tensor<8x16xf32>) outs(%[[INIT]] : tensor<4x16xf32>)
// CHECK-NEXT: return %[[MM]]
func.func @matmul_computed_residual(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %p: tensor<4x16xf32>,
                                    %q: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x16xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%empty : tensor<4x16xf32>) -> tensor<4x16xf32>
  %mm = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%fill : tensor<4x16xf32>) -> tensor<4x16xf32>
  %y = linalg.generic {indexing_maps = [#id2, #id2, #id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%p, %mm, %q : tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>) outs(%empty : tensor<4x16xf32>) {
  ^bb0(%pv: f32, %c: f32, %qv: f32, %out: f32):
    %s = arith.addf %pv, %qv : f32
    %m = arith.maximumf %s, %zero : f32
    %t = arith.addf %m, %c : f32
    linalg.yield %t : f32
  } -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}

// -----

// A residual made after the product (ResNet's downsampling convolution)
// cannot be the first product's initial value; the later product takes the
// earlier one's result as its initial value instead. Not moved: a result
// with another use, a product that is multiplied rather than added.

#id3 = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @later_and_not_moved
// CHECK: %[[MM1:.*]] = linalg.matmul
// CHECK: %[[INIT:.*]] = linalg.generic
// CHECK-SAME: ins(%[[MM1]] :
// CHECK: arith.addf %{{.*}}, %{{.*}} : f32
// CHECK: %[[LATE:.*]] = linalg.matmul
// CHECK-SAME: outs(%[[INIT]] :
// CHECK: %[[MM2:.*]] = linalg.matmul
// CHECK: %[[Y2:.*]] = linalg.generic
// CHECK-SAME: ins(%[[MM2]], %{{.*}} :
// CHECK: arith.addf
// CHECK: %[[MM3:.*]] = linalg.matmul
// CHECK: %[[Y3:.*]] = linalg.generic
// CHECK-SAME: ins(%[[MM3]], %{{.*}} :
// CHECK: arith.mulf
// CHECK: return %[[LATE]], %[[Y2]], %[[MM2]], %[[Y3]]
func.func @later_and_not_moved(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %r: tensor<4x16xf32>)
    -> (tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %empty = tensor.empty() : tensor<4x16xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%empty : tensor<4x16xf32>) -> tensor<4x16xf32>
  %fill2 = linalg.fill ins(%one : f32) outs(%empty : tensor<4x16xf32>) -> tensor<4x16xf32>
  %mm1 = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%fill : tensor<4x16xf32>) -> tensor<4x16xf32>
  %late = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%fill2 : tensor<4x16xf32>) -> tensor<4x16xf32>
  %y1 = linalg.generic {indexing_maps = [#id3, #id3, #id3], iterator_types = ["parallel", "parallel"]}
      ins(%mm1, %late : tensor<4x16xf32>, tensor<4x16xf32>) outs(%empty : tensor<4x16xf32>) {
  ^bb0(%c: f32, %l: f32, %out: f32):
    %s = arith.addf %c, %l : f32
    linalg.yield %s : f32
  } -> tensor<4x16xf32>
  %mm2 = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%fill : tensor<4x16xf32>) -> tensor<4x16xf32>
  %y2 = linalg.generic {indexing_maps = [#id3, #id3, #id3], iterator_types = ["parallel", "parallel"]}
      ins(%mm2, %r : tensor<4x16xf32>, tensor<4x16xf32>) outs(%empty : tensor<4x16xf32>) {
  ^bb0(%c: f32, %res: f32, %out: f32):
    %s = arith.addf %c, %res : f32
    linalg.yield %s : f32
  } -> tensor<4x16xf32>
  %mm3 = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%fill : tensor<4x16xf32>) -> tensor<4x16xf32>
  %y3 = linalg.generic {indexing_maps = [#id3, #id3, #id3], iterator_types = ["parallel", "parallel"]}
      ins(%mm3, %r : tensor<4x16xf32>, tensor<4x16xf32>) outs(%empty : tensor<4x16xf32>) {
  ^bb0(%c: f32, %res: f32, %out: f32):
    %s = arith.mulf %c, %res : f32
    linalg.yield %s : f32
  } -> tensor<4x16xf32>
  return %y1, %y2, %mm2, %y3 : tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>
}
