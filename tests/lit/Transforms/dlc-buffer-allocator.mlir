// RUN: dlc-opt %s --dlc-buffer-allocator | FileCheck %s
// RUN: not dlc-opt %s --dlc-buffer-allocator --dlc-buffer-allocator 2>&1 | FileCheck %s --check-prefix=TWICE

// The module gets its own allocation functions: 256 KiB and more (with the
// 64-byte header) mapped for themselves, the rest from malloc; the header's
// first word is the mapping's length, 0 for malloc's blocks.

// CHECK-DAG: llvm.func @mmap(!llvm.ptr, i64, i32, i32, i32, i64) -> !llvm.ptr
// CHECK-DAG: llvm.func @munmap(!llvm.ptr, i64) -> i32
// CHECK-DAG: llvm.func @malloc(i64) -> !llvm.ptr
// CHECK-DAG: llvm.func @free(!llvm.ptr)

// CHECK-LABEL: llvm.func internal @_mlir_memref_to_llvm_alloc(
// CHECK-SAME: %[[N:.*]]: i64) -> !llvm.ptr
// CHECK: %[[TOTAL:.*]] = llvm.add %[[N]], %{{.*}} : i64
// CHECK: %[[BIG:.*]] = llvm.icmp "uge" %[[TOTAL]], %{{.*}} : i64
// CHECK: llvm.cond_br %[[BIG]], ^[[MAP:.*]], ^[[MALLOC:.*]]
// CHECK: ^[[MAP]]:
// PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS
// CHECK-DAG: llvm.mlir.constant(3 : i32)
// CHECK-DAG: llvm.mlir.constant(34 : i32)
// CHECK: %[[M:.*]] = llvm.call @mmap(%{{.*}}, %[[TOTAL]],
// CHECK: llvm.cond_br %{{.*}}, ^[[FAIL:.*]], ^[[DONE:.*]](%[[M]], %[[TOTAL]] : !llvm.ptr, i64)
// CHECK: ^[[MALLOC]]:
// CHECK: %[[P:.*]] = llvm.call @malloc(%[[TOTAL]])
// CHECK: llvm.cond_br %{{.*}}, ^[[FAIL]], ^[[DONE]](%[[P]], %{{.*}} : !llvm.ptr, i64)
// CHECK: ^[[DONE]](%[[BLOCK:.*]]: !llvm.ptr, %[[LEN:.*]]: i64):
// CHECK: llvm.store %[[LEN]], %[[BLOCK]] : i64, !llvm.ptr
// CHECK: %[[USER:.*]] = llvm.getelementptr %[[BLOCK]][64]
// CHECK: llvm.return %[[USER]]

// CHECK-LABEL: llvm.func internal @_mlir_memref_to_llvm_free(
// CHECK: %[[B:.*]] = llvm.getelementptr %{{.*}}[-64]
// CHECK: %[[L:.*]] = llvm.load %[[B]] : !llvm.ptr -> i64
// CHECK: llvm.call @munmap(%[[B]], %[[L]])
// CHECK: llvm.call @free(%[[B]])

// The pipeline lowers memref.alloc/dealloc to calls of these functions
// (Pipelines/dlc-compile-llvm.mlir).

// TWICE: error: dlc-buffer-allocator: the module already defines _mlir_memref_to_llvm_alloc or _mlir_memref_to_llvm_free
func.func @f(%n: index) {
  %a = memref.alloc(%n) {alignment = 64 : i64} : memref<?xf32>
  memref.dealloc %a : memref<?xf32>
  return
}
