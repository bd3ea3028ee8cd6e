// RUN: dlc-opt %s --dlc-lower-vectors | FileCheck %s --implicit-check-not=vector.outerproduct --implicit-check-not=vector.contract

// The microkernel's N-D vector ops become 1-D ops LLVM can map: outer
// products and contractions turn into one vector.fma per accumulator row,
// 1-D transfers into plain loads and stores.

// A 4x16 outer product with accumulator: broadcast lhs[i], FMA into acc[i].
// CHECK-LABEL: func.func @outerproduct
// CHECK-SAME: (%[[A:.*]]: vector<4xf32>, %[[B:.*]]: vector<16xf32>, %[[ACC:.*]]: vector<4x16xf32>)
// CHECK: %[[A0:.*]] = vector.extract %[[A]][0] : f32 from vector<4xf32>
// CHECK: %[[S0:.*]] = vector.broadcast %[[A0]] : f32 to vector<16xf32>
// CHECK: %[[R0:.*]] = vector.extract %[[ACC]][0] : vector<16xf32> from vector<4x16xf32>
// CHECK: %[[F0:.*]] = vector.fma %[[S0]], %[[B]], %[[R0]] : vector<16xf32>
// CHECK: %[[V0:.*]] = vector.insert %[[F0]], %[[ACC]] [0] : vector<16xf32> into vector<4x16xf32>
// CHECK: %[[A1:.*]] = vector.extract %[[A]][1] : f32 from vector<4xf32>
// CHECK: %[[S1:.*]] = vector.broadcast %[[A1]] : f32 to vector<16xf32>
// CHECK: %[[R1:.*]] = vector.extract %[[ACC]][1] : vector<16xf32> from vector<4x16xf32>
// CHECK: %[[F1:.*]] = vector.fma %[[S1]], %[[B]], %[[R1]] : vector<16xf32>
// CHECK: %[[V1:.*]] = vector.insert %[[F1]], %[[V0]] [1] : vector<16xf32> into vector<4x16xf32>
// CHECK: %[[F2:.*]] = vector.fma %{{.*}}, %[[B]], %{{.*}} : vector<16xf32>
// CHECK: %[[V2:.*]] = vector.insert %[[F2]], %[[V1]] [2] : vector<16xf32> into vector<4x16xf32>
// CHECK: %[[F3:.*]] = vector.fma %{{.*}}, %[[B]], %{{.*}} : vector<16xf32>
// CHECK: %[[V3:.*]] = vector.insert %[[F3]], %[[V2]] [3] : vector<16xf32> into vector<4x16xf32>
// CHECK-NOT: vector.fma
// CHECK: return %[[V3]] : vector<4x16xf32>
func.func @outerproduct(%a: vector<4xf32>, %b: vector<16xf32>, %acc: vector<4x16xf32>) -> vector<4x16xf32> {
  %0 = vector.outerproduct %a, %b, %acc {kind = #vector.kind<add>} : vector<4xf32>, vector<16xf32>
  return %0 : vector<4x16xf32>
}

// Without an accumulator the rows accumulate onto zeros.
// CHECK-LABEL: func.func @outerproduct_no_acc
// CHECK-SAME: (%[[A:.*]]: vector<2xf32>, %[[B:.*]]: vector<8xf32>)
// CHECK-DAG: %[[ZROW:.*]] = arith.constant dense<0.000000e+00> : vector<8xf32>
// CHECK-DAG: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<2x8xf32>
// CHECK: %[[F0:.*]] = vector.fma %{{.*}}, %[[B]], %[[ZROW]] : vector<8xf32>
// CHECK: %[[V0:.*]] = vector.insert %[[F0]], %[[ZERO]] [0] : vector<8xf32> into vector<2x8xf32>
// CHECK: %[[F1:.*]] = vector.fma %{{.*}}, %[[B]], %[[ZROW]] : vector<8xf32>
// CHECK: %[[V1:.*]] = vector.insert %[[F1]], %[[V0]] [1] : vector<8xf32> into vector<2x8xf32>
// CHECK: return %[[V1]]
func.func @outerproduct_no_acc(%a: vector<2xf32>, %b: vector<8xf32>) -> vector<2x8xf32> {
  %0 = vector.outerproduct %a, %b : vector<2xf32>, vector<8xf32>
  return %0 : vector<2x8xf32>
}

// A masked outer product (a partial tile) keeps the accumulator where the
// row mask is off.
// CHECK-LABEL: func.func @outerproduct_masked
// CHECK-SAME: (%[[A:.*]]: vector<4xf32>, %[[B:.*]]: vector<16xf32>, %[[ACC:.*]]: vector<4x16xf32>, %[[M:.*]]: vector<4x16xi1>)
// CHECK: %[[R0:.*]] = vector.extract %[[ACC]][0] : vector<16xf32> from vector<4x16xf32>
// CHECK: %[[M0:.*]] = vector.extract %[[M]][0] : vector<16xi1> from vector<4x16xi1>
// CHECK: %[[F0:.*]] = vector.fma %{{.*}}, %[[B]], %[[R0]] : vector<16xf32>
// CHECK: arith.select %[[M0]], %[[F0]], %[[R0]] : vector<16xi1>, vector<16xf32>
// CHECK-COUNT-3: vector.fma
// CHECK-NOT: vector.mask
func.func @outerproduct_masked(%a: vector<4xf32>, %b: vector<16xf32>, %acc: vector<4x16xf32>, %m: vector<4x16xi1>) -> vector<4x16xf32> {
  %0 = vector.mask %m { vector.outerproduct %a, %b, %acc {kind = #vector.kind<add>} : vector<4xf32>, vector<16xf32> } : vector<4x16xi1> -> vector<4x16xf32>
  return %0 : vector<4x16xf32>
}

// A [4x1] x [1x16] contraction goes through an outer product to FMAs.
// CHECK-LABEL: func.func @contract
// CHECK-SAME: (%[[A:.*]]: vector<4x1xf32>, %[[B:.*]]: vector<1x16xf32>, %[[ACC:.*]]: vector<4x16xf32>)
// CHECK: %[[BROW:.*]] = vector.extract %[[B]][0] : vector<16xf32> from vector<1x16xf32>
// CHECK: %[[A0:.*]] = vector.extract %[[A]][0, 0] : f32 from vector<4x1xf32>
// CHECK: %[[S0:.*]] = vector.broadcast %[[A0]] : f32 to vector<16xf32>
// CHECK: %[[R0:.*]] = vector.extract %[[ACC]][0] : vector<16xf32> from vector<4x16xf32>
// CHECK: vector.fma %[[S0]], %[[BROW]], %[[R0]] : vector<16xf32>
// CHECK-COUNT-3: vector.fma %{{.*}}, %[[BROW]], %{{.*}} : vector<16xf32>
func.func @contract(%a: vector<4x1xf32>, %b: vector<1x16xf32>, %acc: vector<4x16xf32>) -> vector<4x16xf32> {
  %0 = vector.contract {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %acc : vector<4x1xf32>, vector<1x16xf32> into vector<4x16xf32>
  return %0 : vector<4x16xf32>
}

// In-bounds 1-D transfers on memrefs become vector.load and vector.store.
// CHECK-LABEL: func.func @transfer_1d
// CHECK-SAME: (%[[MEM:.*]]: memref<16xf32>, %[[V:.*]]: vector<16xf32>)
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[L:.*]] = vector.load %[[MEM]][%[[C0]]] : memref<16xf32>, vector<16xf32>
// CHECK: vector.store %[[V]], %[[MEM]][%[[C0]]] : memref<16xf32>, vector<16xf32>
// CHECK: return %[[L]]
func.func @transfer_1d(%m: memref<16xf32>, %v: vector<16xf32>) -> vector<16xf32> {
  %c0 = arith.constant 0 : index
  %p = arith.constant 0.0 : f32
  %r = vector.transfer_read %m[%c0], %p {in_bounds = [true]} : memref<16xf32>, vector<16xf32>
  vector.transfer_write %v, %m[%c0] {in_bounds = [true]} : vector<16xf32>, memref<16xf32>
  return %r : vector<16xf32>
}
