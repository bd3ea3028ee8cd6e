// RUN: dlc-opt %s --dlc-profile-kernels --split-input-file --verify-diagnostics | FileCheck %s

// Each kernel of a public function (ops with a body, copies, calls) is
// wrapped in dlc_profile_begin(k) / dlc_profile_end(k), k counting the
// module's kernels in order; allocations, views and constants are not
// kernels. The module lists every kernel's location and op.
// CHECK-DAG: #[[PAD:.*]] = loc("pad")
// CHECK-DAG: #[[CONV:.*]] = loc("conv")
// CHECK-DAG: #[[RELU:.*]] = loc("relu")
// CHECK: module attributes {dlc.profile_kernels = [{loc = #[[PAD]], op = "memref.copy"}, {loc = #[[CONV]], op = "scf.forall"}, {loc = #[[RELU]], op = "linalg.generic"}]}
// CHECK-DAG: func.func private @dlc_profile_begin(i64)
// CHECK-DAG: func.func private @dlc_profile_end(i64)
// CHECK-LABEL: func.func @main
// CHECK: memref.alloc
// CHECK-NOT: call
// CHECK: %[[K0:.*]] = arith.constant 0 : i64
// CHECK-NEXT: call @dlc_profile_begin(%[[K0]]) : (i64) -> ()
// CHECK-NEXT: memref.copy
// CHECK-NEXT: call @dlc_profile_end(%[[K0]]) : (i64) -> ()
// CHECK: %[[K1:.*]] = arith.constant 1 : i64
// CHECK-NEXT: call @dlc_profile_begin(%[[K1]]) : (i64) -> ()
// CHECK-NEXT: scf.forall
// CHECK: call @dlc_profile_end(%[[K1]]) : (i64) -> ()
// CHECK: %[[K2:.*]] = arith.constant 2 : i64
// CHECK-NEXT: call @dlc_profile_begin(%[[K2]]) : (i64) -> ()
// CHECK-NEXT: linalg.generic
// CHECK: call @dlc_profile_end(%[[K2]]) : (i64) -> ()
// CHECK: memref.dealloc
// A private function is not profiled.
// CHECK-LABEL: func.func private @helper
// CHECK-NOT: dlc_profile
func.func @main(%x: memref<4xf32>, %y: memref<4xf32>) {
  %t = memref.alloc() : memref<4xf32>
  memref.copy %x, %t : memref<4xf32> to memref<4xf32> loc("pad")
  scf.forall (%i) in (4) {
    %v = memref.load %t[%i] : memref<4xf32>
    memref.store %v, %y[%i] : memref<4xf32>
  } loc("conv")
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} outs(%y : memref<4xf32>) {
  ^bb0(%o: f32):
    %z = arith.maximumf %o, %o : f32
    linalg.yield %z : f32
  } loc("relu")
  memref.dealloc %t : memref<4xf32>
  return
}
func.func private @helper(%x: memref<4xf32>, %y: memref<4xf32>) {
  memref.copy %x, %y : memref<4xf32> to memref<4xf32>
  return
}

// -----

// A module that declares the timers with another type is an error.
// expected-error @+1 {{'dlc_profile_begin' is declared with another type}}
func.func private @dlc_profile_begin(f32)
func.func @main(%x: memref<4xf32>, %y: memref<4xf32>) {
  memref.copy %x, %y : memref<4xf32> to memref<4xf32>
  return
}
