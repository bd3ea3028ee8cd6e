// RUN: dlc-opt %s --dlc-tile-and-vectorize="vector-bits=256" | FileCheck %s

// (Convolutions' own patches are chunked by dlc-conv-to-gemm.)

// A filter adjoint (patches x output adjoint, summed over the batch) whose
// patches exceed 8 MiB: an scf.for over the images accumulates into the
// [C*KH*KW, F] result, making one image's patches (into an image-sized
// empty tensor, not a slice of the batch's) per iteration.
// CHECK-LABEL: func.func @filter_adjoint
// CHECK-NOT: tensor.empty() : tensor<8x64x3x3x56x56xf32>
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[E:.*]] = tensor.empty() : tensor<1x64x3x3x56x56xf32>
// (Hoisting leaves an unused copy of the loop-carried result, which the
// canonicalizer drops.)
// CHECK: %[[RES:.*]]:2 = scf.for %[[I:.*]] = %{{.*}} to %[[C8]] step %[[C1]] iter_args(%{{.*}} = %{{.*}}, %[[ACC:.*]] = %{{.*}}) -> (tensor<576x64xf32>, tensor<576x64xf32>)
// CHECK: %[[X:.*]] = tensor.extract_slice %{{.*}}[%[[I]], 0, 0, 0] [1, 64, 58, 58]
// CHECK: %[[P:.*]] = linalg.generic
// CHECK-SAME: ins(%[[X]] : tensor<1x64x58x58xf32>) outs(%[[E]] : tensor<1x64x3x3x56x56xf32>)
// CHECK: tensor.collapse_shape %[[P]] {{\[}}[0], [1, 2, 3], [4, 5]] : tensor<1x64x3x3x56x56xf32> into tensor<1x576x3136xf32>
// CHECK: scf.forall {{.*}} shared_outs(%{{.*}} = %[[ACC]]) -> (tensor<576x64xf32>)
// CHECK: return %[[RES]]#1
#patches = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 + d4, d3 + d5)>
#id6 = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>
#lhs = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
#rhs = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#sum = affine_map<(d0, d1, d2) -> (d1, d2)>
func.func @filter_adjoint(%padded: tensor<8x64x58x58xf32>, %dyt: tensor<8x3136x64xf32>) -> tensor<576x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x64x3x3x56x56xf32>
  %p = linalg.generic {indexing_maps = [#patches, #id6], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%padded : tensor<8x64x58x58xf32>) outs(%e : tensor<8x64x3x3x56x56xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  } -> tensor<8x64x3x3x56x56xf32>
  %c = tensor.collapse_shape %p [[0], [1, 2, 3], [4, 5]] : tensor<8x64x3x3x56x56xf32> into tensor<8x576x3136xf32>
  %pe = tensor.empty() : tensor<8x576x64xf32>
  %pz = linalg.fill ins(%zero : f32) outs(%pe : tensor<8x576x64xf32>) -> tensor<8x576x64xf32>
  %prod = linalg.generic {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%c, %dyt : tensor<8x576x3136xf32>, tensor<8x3136x64xf32>) outs(%pz : tensor<8x576x64xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<8x576x64xf32>
  %se = tensor.empty() : tensor<576x64xf32>
  %sz = linalg.fill ins(%zero : f32) outs(%se : tensor<576x64xf32>) -> tensor<576x64xf32>
  %r = linalg.generic {indexing_maps = [#id3, #sum], iterator_types = ["reduction", "parallel", "parallel"]} ins(%prod : tensor<8x576x64xf32>) outs(%sz : tensor<576x64xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %a, %acc : f32
    linalg.yield %s : f32
  } -> tensor<576x64xf32>
  return %r : tensor<576x64xf32>
}
