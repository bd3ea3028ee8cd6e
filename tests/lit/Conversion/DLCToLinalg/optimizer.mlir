// RUN: dlc-opt %s --convert-dlc-to-linalg --mlir-print-local-scope | FileCheck %s --implicit-check-not=dlc.

// The lowering of the optimizer steps in OptimizerOps.td: the factors of r
// and t are computed once from the extracted scalars (in f64 where ONNX's
// NumPy reference uses float64, then truncated to f32), and each step is one
// elementwise generic over x, g and the states with one result per updated
// tensor.

// Adagrad: r_ = r / (1 + t * decay_factor) in f64; h_new = h + g_ * g_,
// x_new = x - r_ * g_ / (sqrt(h_new) + epsilon).
// CHECK-LABEL: func.func @adagrad
// CHECK-SAME: (%[[R:.*]]: tensor<f32>, %[[T:.*]]: tensor<i64>, %[[X:.*]]: tensor<3x4xf32>, %[[G:.*]]: tensor<3x4xf32>, %[[H:.*]]: tensor<3x4xf32>)
// CHECK: %[[RS:.*]] = tensor.extract %[[R]][] : tensor<f32>
// CHECK: %[[R64:.*]] = arith.extf %[[RS]] : f32 to f64
// CHECK: %[[TS:.*]] = tensor.extract %[[T]][] : tensor<i64>
// CHECK: %[[T64:.*]] = arith.sitofp %[[TS]] : i64 to f64
// CHECK: %[[DECAY:.*]] = arith.constant 0.10000000149011612 : f64
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[TD:.*]] = arith.mulf %[[T64]], %[[DECAY]] : f64
// CHECK: %[[DEN:.*]] = arith.addf %[[ONE]], %[[TD]] : f64
// CHECK: %[[RATE64:.*]] = arith.divf %[[R64]], %[[DEN]] : f64
// CHECK: %[[RATE:.*]] = arith.truncf %[[RATE64]] : f64 to f32
// CHECK: %[[STEP:.*]]:2 = linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel"]
// CHECK-SAME: ins(%[[X]], %[[G]], %[[H]] : tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>)
// CHECK-SAME: outs(%{{.*}}, %{{.*}} : tensor<3x4xf32>, tensor<3x4xf32>)
// CHECK: ^bb0(%[[XI:.*]]: f32, %[[GI:.*]]: f32, %[[HI:.*]]: f32, %{{.*}}: f32, %{{.*}}: f32):
// CHECK: %[[NC:.*]] = arith.constant 1.000000e-03 : f32
// CHECK: %[[NX:.*]] = arith.mulf %[[NC]], %[[XI]] : f32
// CHECK: %[[GR:.*]] = arith.addf %[[NX]], %[[GI]] : f32
// CHECK: %[[G2:.*]] = arith.mulf %[[GR]], %[[GR]] : f32
// CHECK: %[[HN:.*]] = arith.addf %[[HI]], %[[G2]] : f32
// CHECK: %[[NUM:.*]] = arith.mulf %[[RATE]], %[[GR]] : f32
// CHECK: %[[SQ:.*]] = math.sqrt %[[HN]] : f32
// CHECK: %[[HS:.*]] = arith.addf %[[SQ]], %{{.*}} : f32
// CHECK: %[[Q:.*]] = arith.divf %[[NUM]], %[[HS]] : f32
// CHECK: %[[XN:.*]] = arith.subf %[[XI]], %[[Q]] : f32
// CHECK: linalg.yield %[[XN]], %[[HN]] : f32, f32
// CHECK: return %[[STEP]]#0, %[[STEP]]#1
func.func @adagrad(%r: tensor<f32>, %t: tensor<i64>, %x: tensor<3x4xf32>, %g: tensor<3x4xf32>, %h: tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>) {
  %0:2 = dlc.adagrad %r, %t, %x, %g, %h {decay_factor = 0.1 : f32, norm_coefficient = 0.001 : f32} : (tensor<f32>, tensor<i64>, tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>)
  return %0#0, %0#1 : tensor<3x4xf32>, tensor<3x4xf32>
}

// Nesterov momentum: beta_ = t > 0 ? beta : 1, v_new = alpha * v + beta_ * g_,
// x_new = x - r * (g_ + alpha * v_new), all in f32.
// CHECK-LABEL: func.func @momentum_nesterov
// CHECK-SAME: (%[[R:.*]]: tensor<f32>, %[[T:.*]]: tensor<i64>, %[[X:.*]]: tensor<2x3xf32>, %[[G:.*]]: tensor<2x3xf32>, %[[V:.*]]: tensor<2x3xf32>)
// CHECK: %[[RS:.*]] = tensor.extract %[[R]][] : tensor<f32>
// CHECK: %[[TS:.*]] = tensor.extract %[[T]][] : tensor<i64>
// CHECK: %[[LATER:.*]] = arith.cmpi sgt, %[[TS]], %{{.*}} : i64
// CHECK: %[[BETA_ATTR:.*]] = arith.constant 1.000000e-01 : f32
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[BETA:.*]] = arith.select %[[LATER]], %[[BETA_ATTR]], %[[ONE]] : f32
// CHECK: %[[STEP:.*]]:2 = linalg.generic
// CHECK-SAME: ins(%[[X]], %[[G]], %[[V]] : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK: ^bb0(%[[XI:.*]]: f32, %[[GI:.*]]: f32, %[[VI:.*]]: f32, %{{.*}}: f32, %{{.*}}: f32):
// CHECK: %[[GR:.*]] = arith.addf %{{.*}}, %[[GI]] : f32
// CHECK: %[[ALPHA:.*]] = arith.constant 0.949999988 : f32
// CHECK: %[[AV:.*]] = arith.mulf %[[ALPHA]], %[[VI]] : f32
// CHECK: %[[BG:.*]] = arith.mulf %[[BETA]], %[[GR]] : f32
// CHECK: %[[VN:.*]] = arith.addf %[[AV]], %[[BG]] : f32
// CHECK: %[[AVN:.*]] = arith.mulf %{{.*}}, %[[VN]] : f32
// CHECK: %[[DIR:.*]] = arith.addf %[[GR]], %[[AVN]] : f32
// CHECK: %[[RD:.*]] = arith.mulf %[[RS]], %[[DIR]] : f32
// CHECK: %[[XN:.*]] = arith.subf %[[XI]], %[[RD]] : f32
// CHECK: linalg.yield %[[XN]], %[[VN]] : f32, f32
// CHECK: return %[[STEP]]#0, %[[STEP]]#1
func.func @momentum_nesterov(%r: tensor<f32>, %t: tensor<i64>, %x: tensor<2x3xf32>, %g: tensor<2x3xf32>, %v: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %0:2 = dlc.momentum %r, %t, %x, %g, %v {alpha = 0.95 : f32, beta = 0.1 : f32, mode = "nesterov", norm_coefficient = 0.001 : f32} : (tensor<f32>, tensor<i64>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>)
  return %0#0, %0#1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// Standard momentum steps along v_new itself.
// CHECK-LABEL: func.func @momentum_standard
// CHECK: linalg.generic
// CHECK: %[[GR:.*]] = arith.addf
// CHECK: %[[VN:.*]] = arith.addf
// CHECK-NEXT: %[[RV:.*]] = arith.mulf %{{.*}}, %[[VN]] : f32
// CHECK-NEXT: %[[XN:.*]] = arith.subf %{{.*}}, %[[RV]] : f32
// CHECK-NEXT: linalg.yield %[[XN]], %[[VN]] : f32, f32
func.func @momentum_standard(%r: tensor<f32>, %t: tensor<i64>, %x: tensor<5xf32>, %g: tensor<5xf32>, %v: tensor<5xf32>) -> (tensor<5xf32>, tensor<5xf32>) {
  %0:2 = dlc.momentum %r, %t, %x, %g, %v {alpha = 0.9 : f32, beta = 1.0 : f32, mode = "standard", norm_coefficient = 0.0 : f32} : (tensor<f32>, tensor<i64>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> (tensor<5xf32>, tensor<5xf32>)
  return %0#0, %0#1 : tensor<5xf32>, tensor<5xf32>
}

// Adam: the bias-corrected rate r * sqrt(1 - beta^t) / (1 - alpha^t) in f64
// (beta^t, alpha^t with math.powf), used when t > 0; 1 - alpha, 1 - beta
// and 1 - norm_coefficient_post are f32 constants computed from the f32
// attributes in double.
// CHECK-LABEL: func.func @adam
// CHECK-SAME: (%[[R:.*]]: tensor<f32>, %[[T:.*]]: tensor<i64>, %[[X:.*]]: tensor<8xf32>, %[[G:.*]]: tensor<8xf32>, %[[V:.*]]: tensor<8xf32>, %[[H:.*]]: tensor<8xf32>)
// CHECK: %[[RS:.*]] = tensor.extract %[[R]][] : tensor<f32>
// CHECK: %[[TS:.*]] = tensor.extract %[[T]][] : tensor<i64>
// CHECK: %[[R64:.*]] = arith.extf %[[RS]] : f32 to f64
// CHECK: %[[T64:.*]] = arith.sitofp %[[TS]] : i64 to f64
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[BETA:.*]] = arith.constant 0.99900001287460327 : f64
// CHECK: %[[BETA_T:.*]] = math.powf %[[BETA]], %[[T64]] : f64
// CHECK: %[[BC2:.*]] = arith.subf %[[ONE]], %[[BETA_T]] : f64
// CHECK: %[[SQ:.*]] = math.sqrt %[[BC2]] : f64
// CHECK: %[[NUM:.*]] = arith.mulf %[[R64]], %[[SQ]] : f64
// CHECK: %[[ALPHA:.*]] = arith.constant 0.89999997615814208 : f64
// CHECK: %[[ALPHA_T:.*]] = math.powf %[[ALPHA]], %[[T64]] : f64
// CHECK: %[[BC1:.*]] = arith.subf %[[ONE]], %[[ALPHA_T]] : f64
// CHECK: %[[C64:.*]] = arith.divf %[[NUM]], %[[BC1]] : f64
// CHECK: %[[C:.*]] = arith.truncf %[[C64]] : f64 to f32
// CHECK: %[[LATER:.*]] = arith.cmpi sgt, %[[TS]], %{{.*}} : i64
// CHECK: %[[RATE:.*]] = arith.select %[[LATER]], %[[C]], %[[RS]] : f32
// CHECK: %[[STEP:.*]]:3 = linalg.generic
// CHECK-SAME: ins(%[[X]], %[[G]], %[[V]], %[[H]] : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>)
// CHECK-SAME: outs(%{{.*}}, %{{.*}}, %{{.*}} : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>)
// CHECK: ^bb0(%[[XI:.*]]: f32, %[[GI:.*]]: f32, %[[VI:.*]]: f32, %[[HI:.*]]: f32, %{{.*}}: f32, %{{.*}}: f32, %{{.*}}: f32):
// CHECK: %[[GR:.*]] = arith.addf %{{.*}}, %[[GI]] : f32
// CHECK: %[[AV:.*]] = arith.mulf %{{.*}}, %[[VI]] : f32
// CHECK: %[[KEEP_V:.*]] = arith.constant 0.100000024 : f32
// CHECK: %[[KG:.*]] = arith.mulf %[[KEEP_V]], %[[GR]] : f32
// CHECK: %[[VN:.*]] = arith.addf %[[AV]], %[[KG]] : f32
// CHECK: %[[BH:.*]] = arith.mulf %{{.*}}, %[[HI]] : f32
// CHECK: %[[G2:.*]] = arith.mulf %[[GR]], %[[GR]] : f32
// CHECK: %[[KEEP_H:.*]] = arith.constant 9.99987125E-4 : f32
// CHECK: %[[KG2:.*]] = arith.mulf %[[KEEP_H]], %[[G2]] : f32
// CHECK: %[[HN:.*]] = arith.addf %[[BH]], %[[KG2]] : f32
// CHECK: %[[HSQ:.*]] = math.sqrt %[[HN]] : f32
// CHECK: %[[HS:.*]] = arith.addf %[[HSQ]], %{{.*}} : f32
// CHECK: %[[Q:.*]] = arith.divf %[[VN]], %[[HS]] : f32
// CHECK: %[[RQ:.*]] = arith.mulf %[[RATE]], %[[Q]] : f32
// CHECK: %[[XU:.*]] = arith.subf %[[XI]], %[[RQ]] : f32
// CHECK: %[[POST:.*]] = arith.constant 5.000000e-01 : f32
// CHECK: %[[XN:.*]] = arith.mulf %[[POST]], %[[XU]] : f32
// CHECK: linalg.yield %[[XN]], %[[VN]], %[[HN]] : f32, f32, f32
// CHECK: return %[[STEP]]#0, %[[STEP]]#1, %[[STEP]]#2
func.func @adam(%r: tensor<f32>, %t: tensor<i64>, %x: tensor<8xf32>, %g: tensor<8xf32>, %v: tensor<8xf32>, %h: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) {
  %0:3 = dlc.adam %r, %t, %x, %g, %v, %h {norm_coefficient_post = 0.5 : f32} : (tensor<f32>, tensor<i64>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>)
  return %0#0, %0#1, %0#2 : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
}
