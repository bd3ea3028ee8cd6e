// RUN: dlc-opt %s --dlc-outline-kernels | FileCheck %s

// Each top-level loop nest becomes a call of a private, internal function
// taking the buffers it uses; the constants it uses are cloned in. The
// two ReLU loops over buffers of the same type are one function called
// twice; the scaling loop, another constant, is a function of its own.
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[A:.*]]: memref<4x8xf32>, %[[B:.*]]: memref<4x8xf32>, %[[C:.*]]: memref<4x8xf32>)
// CHECK-NOT: scf.forall
// CHECK: call @[[RELU:main_kernel[_0-9]*]](%[[A]], %[[B]]) : (memref<4x8xf32>, memref<4x8xf32>) -> ()
// CHECK: call @[[RELU]](%[[B]], %[[C]])
// CHECK: %[[N:.*]] = call @[[SCALE:main_kernel[_0-9]*]](%[[C]], %[[A]]) : (memref<4x8xf32>, memref<4x8xf32>) -> index
// CHECK: return %[[N]]
// CHECK: func.func private @[[RELU]](%{{.*}}: memref<4x8xf32>, %{{.*}}: memref<4x8xf32>)
// CHECK-SAME: llvm.linkage = #llvm.linkage<internal>
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: scf.forall
// CHECK: arith.maximumf
// CHECK: func.func private @[[SCALE]]
// CHECK: arith.constant 2.000000e+00 : f32
// CHECK: scf.for
// CHECK: return %{{.*}} : index
// CHECK-NOT: func.func private
func.func @main(%a: memref<4x8xf32>, %b: memref<4x8xf32>, %c: memref<4x8xf32>) -> index {
  %zero = arith.constant 0.0 : f32
  %two = arith.constant 2.0 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.forall (%i, %j) in (4, 8) {
    %x = memref.load %a[%i, %j] : memref<4x8xf32>
    %y = arith.maximumf %x, %zero : f32
    memref.store %y, %b[%i, %j] : memref<4x8xf32>
  }
  scf.forall (%i, %j) in (4, 8) {
    %x = memref.load %b[%i, %j] : memref<4x8xf32>
    %y = arith.maximumf %x, %zero : f32
    memref.store %y, %c[%i, %j] : memref<4x8xf32>
  }
  %n = scf.for %i = %c0 to %c4 step %c1 iter_args(%k = %c0) -> index {
    %x = memref.load %c[%i, %c0] : memref<4x8xf32>
    %y = arith.mulf %x, %two : f32
    memref.store %y, %a[%i, %c0] : memref<4x8xf32>
    %k1 = arith.addi %k, %c1 : index
    scf.yield %k1 : index
  }
  return %n : index
}
