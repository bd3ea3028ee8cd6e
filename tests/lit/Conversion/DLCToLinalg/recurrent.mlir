// RUN: dlc-opt %s --convert-dlc-to-linalg --mlir-print-local-scope --split-input-file | FileCheck %s --implicit-check-not=dlc.

// The lowering of the recurrent backward ops: an scf.for backwards over
// time (t = T - 1 - iv) carrying the pre-activations' adjoint stack and
// dH; each step one elementwise generic for the gates' adjoints, their
// insert_slice into the stack, and dH_{t-1} = dA_t R as a contraction that
// reads R untransposed ((d2, d1)).

// rnn_grad with relu: f' selects where Y_t > 0.
// CHECK-LABEL: func.func @rnn_grad
// CHECK-SAME: (%[[Y:.*]]: tensor<5x2x4xf32>, %[[R:.*]]: tensor<4x4xf32>, %[[DY:.*]]: tensor<5x2x4xf32>, %[[DYH:.*]]: tensor<2x4xf32>)
// CHECK: %[[STACK:.*]] = tensor.empty() : tensor<5x2x4xf32>
// CHECK: %[[LOOP:.*]]:2 = scf.for %[[IV:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[DA:.*]] = %[[STACK]], %[[DH:.*]] = %[[DYH]])
// CHECK: %[[T:.*]] = arith.subi %{{.*}}, %[[IV]] : index
// CHECK: %[[YT:.*]] = tensor.extract_slice %[[Y]][%[[T]], 0, 0] [1, 2, 4] [1, 1, 1] : tensor<5x2x4xf32> to tensor<2x4xf32>
// CHECK: %[[DYT:.*]] = tensor.extract_slice %[[DY]][%[[T]], 0, 0]
// CHECK: %[[GATE:.*]] = linalg.generic {{.*}} ins(%[[YT]], %[[DYT]], %[[DH]] :
// CHECK: arith.addf
// CHECK: arith.cmpf ogt
// CHECK: arith.select
// CHECK: %[[NEXT:.*]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[GATE]], %[[R]] :
// CHECK: %[[WRITTEN:.*]] = tensor.insert_slice %[[GATE]] into %[[DA]][%[[T]], 0, 0] [1, 2, 4]
// CHECK: %[[CARRY:.*]] = bufferization.materialize_in_destination %[[NEXT]] in %[[DH]]
// CHECK: scf.yield %[[WRITTEN]], %[[CARRY]]
// CHECK: return %[[LOOP]]#0, %[[LOOP]]#1
func.func @rnn_grad(%y: tensor<5x2x4xf32>, %r: tensor<4x4xf32>, %dy: tensor<5x2x4xf32>, %dyh: tensor<2x4xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>) {
  %da, %dh0 = dlc.rnn_grad %y, %r, %dy, %dyh {activation = "relu"} : (tensor<5x2x4xf32>, tensor<4x4xf32>, tensor<5x2x4xf32>, tensor<2x4xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>)
  return %da, %dh0 : tensor<5x2x4xf32>, tensor<2x4xf32>
}

// -----

// lstm_grad: first the cell states forwards into a [T+1, N, H] stack
// holding C_0 at 0, then the adjoints backwards reading C_{t-1} and C_t at
// t and t + 1; five results per step (four gate blocks and dC_{t-1});
// the result C is the stack without C_0.
// CHECK-LABEL: func.func @lstm_grad
// CHECK-SAME: (%[[A:.*]]: tensor<5x2x16xf32>, %[[R:.*]]: tensor<16x4xf32>, %[[C0:.*]]: tensor<2x4xf32>, %[[DY:.*]]: tensor<5x2x4xf32>, %[[DYH:.*]]: tensor<2x4xf32>, %[[DYC:.*]]: tensor<2x4xf32>, %[[P:.*]]: tensor<12xf32>)
// CHECK: %[[CS0:.*]] = tensor.insert_slice %[[C0]] into %{{.*}}[%{{.*}}, 0, 0] [1, 2, 4] [1, 1, 1] : tensor<2x4xf32> into tensor<6x2x4xf32>
// CHECK: %[[SCAN:.*]]:2 = scf.for %[[IV:.*]] = {{.*}} iter_args(%[[CS:.*]] = %[[CS0]], %[[C:.*]] = %[[C0]])
// CHECK-NOT: arith.subi
// CHECK: %[[CNEXT:.*]] = linalg.generic
// CHECK: math.tanh
// CHECK: %[[T1:.*]] = arith.addi %[[IV]], %{{.*}} : index
// CHECK: tensor.insert_slice %[[CNEXT]] into %[[CS]][%[[T1]], 0, 0]
// CHECK: %[[BACK:.*]]:3 = scf.for %[[IV2:.*]] = {{.*}} iter_args(%[[DA:.*]] = %{{.*}}, %[[DH:.*]] = %[[DYH]], %[[DC:.*]] = %[[DYC]]) -> (tensor<5x2x16xf32>, tensor<2x4xf32>, tensor<2x4xf32>)
// CHECK: %[[T:.*]] = arith.subi %{{.*}}, %[[IV2]] : index
// CHECK: %[[CPREV:.*]] = tensor.extract_slice %[[SCAN]]#0[%[[T]], 0, 0] [1, 2, 4]
// CHECK: %[[TN:.*]] = arith.addi %[[T]], %{{.*}} : index
// CHECK: %[[CNOW:.*]] = tensor.extract_slice %[[SCAN]]#0[%[[TN]], 0, 0] [1, 2, 4]
// CHECK: %[[G:.*]]:5 = linalg.generic {{.*}} ins({{.*}}, %[[CPREV]], %[[CNOW]], %{{.*}}, %[[DH]], %[[DC]], %{{.*}}, %{{.*}}, %{{.*}} :
// CHECK: linalg.yield %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : f32, f32, f32, f32, f32
// CHECK: %[[W0:.*]] = tensor.insert_slice %[[G]]#0 into %[[DA]][%[[T]], 0, 0] [1, 2, 4]
// CHECK: %[[W1:.*]] = tensor.insert_slice %[[G]]#1 into %[[W0]][%[[T]], 0, 4] [1, 2, 4]
// CHECK: %[[W2:.*]] = tensor.insert_slice %[[G]]#2 into %[[W1]][%[[T]], 0, 8] [1, 2, 4]
// CHECK: %[[W3:.*]] = tensor.insert_slice %[[G]]#3 into %[[W2]][%[[T]], 0, 12] [1, 2, 4]
// CHECK: %[[DAT:.*]] = tensor.extract_slice %[[W3]][%[[T]], 0, 0] [1, 2, 16] [1, 1, 1] : tensor<5x2x16xf32> to tensor<2x16xf32>
// CHECK: %[[DHN:.*]] = linalg.generic {{.*}} ins(%[[DAT]], %[[R]] : tensor<2x16xf32>, tensor<16x4xf32>)
// CHECK: bufferization.materialize_in_destination %[[DHN]] in %[[DH]]
// CHECK: bufferization.materialize_in_destination %[[G]]#4 in %[[DC]]
// CHECK: %[[CSEQ:.*]] = tensor.extract_slice %[[SCAN]]#0[1, 0, 0] [5, 2, 4] [1, 1, 1] : tensor<6x2x4xf32> to tensor<5x2x4xf32>
// CHECK: return %[[BACK]]#0, %[[BACK]]#1, %[[BACK]]#2, %[[CSEQ]]
func.func @lstm_grad(%a: tensor<5x2x16xf32>, %r: tensor<16x4xf32>, %c0: tensor<2x4xf32>, %dy: tensor<5x2x4xf32>, %dyh: tensor<2x4xf32>, %dyc: tensor<2x4xf32>, %p: tensor<12xf32>) -> (tensor<5x2x16xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>) {
  %da, %dh0, %dc0, %c = dlc.lstm_grad %a, %r, %c0, %dy, %dyh, %dyc peephole %p : (tensor<5x2x16xf32>, tensor<16x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<12xf32>) -> (tensor<5x2x16xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>)
  return %da, %dh0, %dc0, %c : tensor<5x2x16xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>
}

// -----

// gru_grad without linear_before_reset: two contractions per step, first
// a_h x R_h (R's rows [8, 12)) for the adjoint of r * H_{t-1}, then
// [a_z, a_r] x R_zr (rows [0, 8)) onto dH z + dRH r. One stack: dHA = dXA.
// CHECK-LABEL: func.func @gru_grad
// CHECK-SAME: %[[R:[^:]*]]: tensor<12x4xf32>
// CHECK: %[[LOOP:.*]]:2 = scf.for {{.*}} -> (tensor<5x2x12xf32>, tensor<2x4xf32>)
// CHECK: %[[G:.*]]:4 = linalg.generic
// CHECK: %[[RH:.*]] = tensor.extract_slice %[[R]][8, 0] [4, 4] [1, 1] : tensor<12x4xf32> to tensor<4x4xf32>
// CHECK: %[[DRH:.*]] = linalg.generic {{.*}} ins(%[[G]]#1, %[[RH]] :
// CHECK: %[[RESET:.*]]:2 = linalg.generic {{.*}} ins(%[[DRH]], %{{.*}}, %[[G]]#3, %[[G]]#2 :
// CHECK: %[[W0:.*]] = tensor.insert_slice %[[G]]#0 into
// CHECK: %[[W1:.*]] = tensor.insert_slice %[[RESET]]#0 into %[[W0]]
// CHECK: %[[W2:.*]] = tensor.insert_slice %[[G]]#1 into %[[W1]]
// CHECK: %[[ZR:.*]] = tensor.extract_slice %[[W2]][%{{.*}}, 0, 0] [1, 2, 8] [1, 1, 1] : tensor<5x2x12xf32> to tensor<2x8xf32>
// CHECK: %[[RZR:.*]] = tensor.extract_slice %[[R]][0, 0] [8, 4] [1, 1] : tensor<12x4xf32> to tensor<8x4xf32>
// CHECK: linalg.generic {{.*}} ins(%[[ZR]], %[[RZR]] : tensor<2x8xf32>, tensor<8x4xf32>) outs(%[[RESET]]#1 : tensor<2x4xf32>)
// CHECK: return %[[LOOP]]#0, %[[LOOP]]#0, %[[LOOP]]#1
func.func @gru_grad(%xa: tensor<5x2x12xf32>, %ha: tensor<5x2x12xf32>, %hp: tensor<5x2x4xf32>, %r: tensor<12x4xf32>, %dy: tensor<5x2x4xf32>, %dyh: tensor<2x4xf32>) -> (tensor<5x2x12xf32>, tensor<5x2x12xf32>, tensor<2x4xf32>) {
  %dxa, %dha, %dh0 = dlc.gru_grad %xa, %ha, %hp, %r, %dy, %dyh : (tensor<5x2x12xf32>, tensor<5x2x12xf32>, tensor<5x2x4xf32>, tensor<12x4xf32>, tensor<5x2x4xf32>, tensor<2x4xf32>) -> (tensor<5x2x12xf32>, tensor<5x2x12xf32>, tensor<2x4xf32>)
  return %dxa, %dha, %dh0 : tensor<5x2x12xf32>, tensor<5x2x12xf32>, tensor<2x4xf32>
}

// -----

// One step is built without a loop. With linear_before_reset the input
// and recurrent adjoints differ in the candidate block (a_h vs a_h r), so
// there are two stacks, and one contraction [a_z, a_r, b_h] x R onto dH z.
// CHECK-LABEL: func.func @gru_grad_lbr_one_step
// CHECK-SAME: %[[R:[^:]*]]: tensor<12x4xf32>
// CHECK-NOT: scf.for
// CHECK: %[[G:.*]]:5 = linalg.generic
// CHECK: %[[X2:.*]] = tensor.insert_slice %[[G]]#1 into %{{.*}}[%{{.*}}, 0, 8]
// CHECK: %[[H2:.*]] = tensor.insert_slice %[[G]]#4 into %{{.*}}[%{{.*}}, 0, 8]
// CHECK: %[[DHA:.*]] = tensor.extract_slice %[[H2]][%{{.*}}, 0, 0] [1, 2, 12]
// CHECK: %[[DH:.*]] = linalg.generic {{.*}} ins(%[[DHA]], %[[R]] : tensor<2x12xf32>, tensor<12x4xf32>) outs(%[[G]]#2 : tensor<2x4xf32>)
// CHECK: return %[[X2]], %[[H2]], %[[DH]]
func.func @gru_grad_lbr_one_step(%xa: tensor<1x2x12xf32>, %ha: tensor<1x2x12xf32>, %hp: tensor<1x2x4xf32>, %r: tensor<12x4xf32>, %dy: tensor<1x2x4xf32>, %dyh: tensor<2x4xf32>) -> (tensor<1x2x12xf32>, tensor<1x2x12xf32>, tensor<2x4xf32>) {
  %dxa, %dha, %dh0 = dlc.gru_grad %xa, %ha, %hp, %r, %dy, %dyh {linear_before_reset = true} : (tensor<1x2x12xf32>, tensor<1x2x12xf32>, tensor<1x2x4xf32>, tensor<12x4xf32>, tensor<1x2x4xf32>, tensor<2x4xf32>) -> (tensor<1x2x12xf32>, tensor<1x2x12xf32>, tensor<2x4xf32>)
  return %dxa, %dha, %dh0 : tensor<1x2x12xf32>, tensor<1x2x12xf32>, tensor<2x4xf32>
}
