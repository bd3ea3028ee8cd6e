// RUN: dlc-opt %s --dlc-plan-memory --split-input-file | FileCheck %s

// The temporaries of a public function become views of one arena: largest
// first, each at the lowest 64-byte aligned offset free of buffers alive at
// the same time. %a (1 KiB) and %c (1 KiB) never live together: both at 0;
// %b (256 bytes) lives with both: after them, at 1024. Arena: 1280 bytes.
// CHECK: memref.global "private" @main_arena : memref<1280xi8> = uninitialized {alignment = 64 : i64}
// CHECK: memref.global "private" @main_arena_busy : memref<i32> = dense<0>
// CHECK-LABEL: func.func @main
// CHECK: %[[FLAG:.*]] = memref.get_global @main_arena_busy
// CHECK: %[[OLD:.*]] = memref.atomic_rmw assign %{{.*}}, %[[FLAG]][]
// CHECK: %[[MINE:.*]] = arith.cmpi eq, %[[OLD]]
// CHECK: %[[ARENA:.*]] = scf.if %[[MINE]] -> (memref<1280xi8>) {
// CHECK-NEXT: %[[G:.*]] = memref.get_global @main_arena : memref<1280xi8>
// CHECK-NEXT: scf.yield %[[G]]
// CHECK-NEXT: } else {
// CHECK-NEXT: %[[OWN:.*]] = memref.alloc() {alignment = 64 : i64} : memref<1280xi8>
// CHECK-NEXT: scf.yield %[[OWN]]
// CHECK-DAG: %[[AT0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[AT1024:.*]] = arith.constant 1024 : index
// CHECK: %[[A:.*]] = memref.view %[[ARENA]][%[[AT0]]][] : memref<1280xi8> to memref<256xf32>
// CHECK: %[[B:.*]] = memref.view %[[ARENA]][%[[AT1024]]][] : memref<1280xi8> to memref<64xf32>
// CHECK: %[[C:.*]] = memref.view %[[ARENA]][%[[AT0]]][] : memref<1280xi8> to memref<16x16xf32>
// CHECK-NOT: memref.dealloc %[[A]]
// A buffer that escapes (no dealloc here) keeps its own allocation.
// CHECK: memref.alloc() : memref<8xf32>
// CHECK: scf.if %[[MINE]] {
// CHECK-NEXT: memref.atomic_rmw assign %{{.*}}, %[[FLAG]][]
// CHECK-NEXT: } else {
// CHECK-NEXT: memref.dealloc %[[ARENA]]
// CHECK-NEXT: }
// CHECK-NEXT: return
func.func @main(%x: memref<256xf32>, %y: memref<256xf32>) -> memref<8xf32> {
  %a = memref.alloc() : memref<256xf32>
  memref.copy %x, %a : memref<256xf32> to memref<256xf32>
  %b = memref.alloc() : memref<64xf32>
  %sa = memref.subview %a[0] [64] [1] : memref<256xf32> to memref<64xf32, strided<[1]>>
  memref.copy %sa, %b : memref<64xf32, strided<[1]>> to memref<64xf32>
  memref.dealloc %a : memref<256xf32>
  %c = memref.alloc() : memref<16x16xf32>
  %cf = memref.collapse_shape %c [[0, 1]] : memref<16x16xf32> into memref<256xf32>
  memref.copy %x, %cf : memref<256xf32> to memref<256xf32>
  %sc = memref.subview %cf[0] [64] [1] : memref<256xf32> to memref<64xf32, strided<[1]>>
  memref.copy %b, %sc : memref<64xf32> to memref<64xf32, strided<[1]>>
  memref.dealloc %b : memref<64xf32>
  memref.copy %cf, %y : memref<256xf32> to memref<256xf32>
  memref.dealloc %c : memref<16x16xf32>
  %out = memref.alloc() : memref<8xf32>
  return %out : memref<8xf32>
}

// -----

// Not planned: one small temporary only (a large one is: see @single_large),
// a dynamic size, an allocation in a loop, a private function.
// CHECK-NOT: memref.global
// CHECK-LABEL: func.func @single
// CHECK: memref.alloc() : memref<4xf32>
// CHECK: memref.dealloc
func.func @single(%x: memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  memref.copy %x, %a : memref<4xf32> to memref<4xf32>
  memref.dealloc %a : memref<4xf32>
  return
}
// CHECK-LABEL: func.func @dynamic_and_loop
// CHECK: memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK: scf.for
// CHECK: memref.alloc() : memref<4xf32>
func.func @dynamic_and_loop(%x: memref<4xf32>, %n: index) {
  %a = memref.alloc(%n) : memref<?xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %t = memref.alloc() : memref<4xf32>
    memref.copy %x, %t : memref<4xf32> to memref<4xf32>
    memref.dealloc %t : memref<4xf32>
  }
  memref.dealloc %a : memref<?xf32>
  return
}
// CHECK-LABEL: func.func private @helper
// CHECK-COUNT-2: memref.alloc() : memref<4xf32>
func.func private @helper(%x: memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  %b = memref.alloc() : memref<4xf32>
  memref.copy %x, %a : memref<4xf32> to memref<4xf32>
  memref.copy %a, %b : memref<4xf32> to memref<4xf32>
  memref.dealloc %a : memref<4xf32>
  memref.dealloc %b : memref<4xf32>
  return
}

// -----

// One temporary of 256 KiB or more is planned: allocated at each run, it
// would be mapped from the kernel and faulted in page by page each time.
// CHECK: memref.global "private" @single_large_arena : memref<262144xi8>
// CHECK-LABEL: func.func @single_large
// CHECK-NOT: memref.alloc() : memref<65536xf32>
// CHECK: memref.view %{{.*}}[%{{.*}}][] : memref<262144xi8> to memref<65536xf32>
func.func @single_large(%x: memref<65536xf32>) {
  %a = memref.alloc() : memref<65536xf32>
  memref.copy %x, %a : memref<65536xf32> to memref<65536xf32>
  memref.dealloc %a : memref<65536xf32>
  return
}
