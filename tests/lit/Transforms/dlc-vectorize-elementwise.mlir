// RUN: dlc-opt %s --dlc-vectorize-elementwise="vector-bits=512" --mlir-print-local-scope --split-input-file | FileCheck %s
// RUN: dlc-opt %s --dlc-vectorize-elementwise="vector-bits=512 parallel=false" --mlir-print-local-scope --split-input-file | FileCheck %s --check-prefix=SEQ

// Elementwise ops become parallel blocks of 32-lane vectors (two zmm).

// An identity-mapped op is one loop over the flattened tensor: 200704
// elements in 32 blocks of 6272 on the threads, vectors inside. Its output
// started empty and its input dies here: it is updated in place, read
// through the loops' carried values (no copy after bufferization).
// CHECK-LABEL: func.func @relu_in_place
// CHECK: %[[X:.*]] = linalg.fill
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1, 2, 3]] : tensor<1x64x56x56xf32> into tensor<200704xf32>
// CHECK: scf.forall (%[[I:.*]]) = (0) to (200704) step (6272) shared_outs(%[[ALL:.*]] = %[[FLAT]]) -> (tensor<200704xf32>)
// CHECK: %[[BLOCK:.*]] = tensor.extract_slice %[[ALL]][%[[I]]] [6272] [1]
// CHECK: scf.for %{{.*}} iter_args(%[[B:.*]] = %[[BLOCK]]) -> (tensor<6272xf32>)
// CHECK: %[[V:.*]] = tensor.extract_slice %[[B]][%{{.*}}] [32] [1]
// CHECK: %[[IN:.*]] = vector.transfer_read %[[V]]{{.*}} : tensor<32xf32>, vector<32xf32>
// CHECK: %[[R:.*]] = arith.maximumf %[[IN]], %{{.*}} : vector<32xf32>
// CHECK: vector.transfer_write %[[R]], %[[V]]{{.*}} : vector<32xf32>, tensor<32xf32>
// CHECK: tensor.expand_shape {{.*}} output_shape [1, 64, 56, 56]
// SEQ-LABEL: func.func @relu_in_place
// SEQ-NOT: scf.forall
// SEQ: scf.for
// SEQ: arith.maximumf {{.*}} : vector<32xf32>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @relu_in_place(%v: f32) -> tensor<1x64x56x56xf32> {
  %zero = arith.constant 0.0 : f32
  %xe = tensor.empty() : tensor<1x64x56x56xf32>
  %x = linalg.fill ins(%v : f32) outs(%xe : tensor<1x64x56x56xf32>) -> tensor<1x64x56x56xf32>
  %e = tensor.empty() : tensor<1x64x56x56xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x64x56x56xf32>) outs(%e : tensor<1x64x56x56xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.maximumf %a, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x64x56x56xf32>
  return %r : tensor<1x64x56x56xf32>
}

// -----

// A per-channel broadcast keeps the channel loop and collapses the pixels:
// [16, 196] = 192 lanes in whole vectors and a remainder of 4 (a power of
// two). 3136 iterations are too few for the threads. exp on vectors is a
// polynomial (no math.exp left).
// CHECK-LABEL: func.func @bias_exp
// CHECK-NOT: scf.forall
// CHECK-NOT: math.exp
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3]] : tensor<1x16x14x14xf32> into tensor<1x16x196xf32>
// CHECK: math.fma {{.*}} : vector<1x1x32xf32>
// CHECK: math.fma {{.*}} : vector<1x1x4xf32>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d1)>
func.func @bias_exp(%b: tensor<16xf32>) -> tensor<1x16x14x14xf32> {
  %e = tensor.empty() : tensor<1x16x14x14xf32>
  %r = linalg.generic {indexing_maps = [#ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<16xf32>) outs(%e : tensor<1x16x14x14xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = math.exp %a : f32
    linalg.yield %m : f32
  } -> tensor<1x16x14x14xf32>
  return %r : tensor<1x16x14x14xf32>
}

// -----

// An input with other uses is not overwritten: the output stays its own.
// CHECK-LABEL: func.func @input_used_again
// CHECK: %[[E:.*]] = tensor.empty() : tensor<16384xf32>
// CHECK: scf.forall {{.*}} shared_outs(%{{.*}} = %[[E]])
// Not elementwise (a reduction): left alone.
// CHECK: linalg.generic {{.*}} iterator_types = ["reduction"]
func.func @input_used_again(%x: tensor<16384xf32>) -> (tensor<16384xf32>, tensor<f32>) {
  %e = tensor.empty() : tensor<16384xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%x : tensor<16384xf32>) outs(%e : tensor<16384xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.negf %a : f32
    linalg.yield %m : f32
  } -> tensor<16384xf32>
  %z = tensor.empty() : tensor<f32>
  %s = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>], iterator_types = ["reduction"]} ins(%x : tensor<16384xf32>) outs(%z : tensor<f32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.addf %a, %o : f32
    linalg.yield %m : f32
  } -> tensor<f32>
  return %r, %s : tensor<16384xf32>, tensor<f32>
}

// -----

// An output that is the interior of a padded tensor (dlc-pad-in-place) is
// a strided view: its rows are not collapsed into each other (the buffer
// could not be), only the images and channels are.
// CHECK-LABEL: func.func @padded_interior
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2], [3]] : tensor<2x3x4x20xf32> into tensor<6x4x20xf32>
// CHECK-NOT: tensor.collapse_shape %{{.*}} {{\[}}[0, 1, 2, 3]]
func.func @padded_interior(%x: tensor<2x3x4x20xf32>, %padded: tensor<2x3x6x22xf32>) -> tensor<2x3x6x22xf32> {
  %zero = arith.constant 0.0 : f32
  %interior = tensor.extract_slice %padded[0, 0, 1, 1] [2, 3, 4, 20] [1, 1, 1, 1] : tensor<2x3x6x22xf32> to tensor<2x3x4x20xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<2x3x4x20xf32>) outs(%interior : tensor<2x3x4x20xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<2x3x4x20xf32>
  %p = tensor.insert_slice %r into %padded[0, 0, 1, 1] [2, 3, 4, 20] [1, 1, 1, 1] : tensor<2x3x4x20xf32> into tensor<2x3x6x22xf32>
  return %p : tensor<2x3x6x22xf32>
}

// -----

// erf and log1p (GELU's and softplus's) on vectors are polynomials too. The
// log of 1 + x that log1p's expansion emits (never subnormal) is one as
// well; a log of the model's own stays math.log (see the pass).
// CHECK-LABEL: func.func @erf_log1p
// CHECK-NOT: math.erf
// CHECK-NOT: math.log
// CHECK: math.log %{{.*}} : vector<32xf32>
// CHECK-NOT: math.log
// CHECK: return
#id = affine_map<(d0) -> (d0)>
func.func @erf_log1p(%x: tensor<64xf32>) -> tensor<64xf32> {
  %e = tensor.empty() : tensor<64xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%a: f32, %o: f32):
    %erf = math.erf %a : f32
    %tail = math.log1p %erf : f32
    %own = math.log %a : f32
    %sum = arith.addf %tail, %own : f32
    linalg.yield %sum : f32
  } -> tensor<64xf32>
  return %r : tensor<64xf32>
}
