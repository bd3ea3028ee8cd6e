// RUN: dlc-opt %S/Inputs/small-cnn.mlir --dlc-compile="stop-after=llvm vector-bits=256" | FileCheck %s --implicit-check-not=func.func --implicit-check-not=unrealized_conversion_cast --implicit-check-not=memref. --implicit-check-not='{{[[:space:]]vector[.]}}' --implicit-check-not=scf. --implicit-check-not=linalg. --implicit-check-not='{{[[:space:]]dlc[.]}}'

// Phase "llvm": only the LLVM dialect. The model function is internal and
// called through the C entry points dlc_main (one pointer per tensor: five
// inputs and the output) and dlc_main_packed (an array of those pointers).

// Buffers come from the module's own allocation functions
// (dlc-buffer-allocator), which call libc.
// CHECK-DAG: llvm.func @malloc(i64) -> !llvm.ptr
// CHECK-DAG: llvm.func @free(!llvm.ptr)
// CHECK-DAG: llvm.func @mmap(!llvm.ptr, i64, i32, i32, i32, i64) -> !llvm.ptr
// CHECK-DAG: llvm.func @munmap(!llvm.ptr, i64) -> i32
// CHECK-LABEL: llvm.func internal @main(
// CHECK: llvm.call @_mlir_memref_to_llvm_alloc
// The convolution's microkernel: one fused multiply-add per accumulator row
// (6 pixels, then the 2-pixel remainder, of 4 channels each).
// CHECK-COUNT-6: llvm.intr.fmuladd(%{{.*}}, %{{.*}}, %{{.*}}) : (vector<4xf32>, vector<4xf32>, vector<4xf32>) -> vector<4xf32>
// CHECK-COUNT-2: llvm.intr.fmuladd(%{{.*}}, %{{.*}}, %{{.*}}) : (vector<4xf32>, vector<4xf32>, vector<4xf32>) -> vector<4xf32>
// CHECK: llvm.call @_mlir_memref_to_llvm_free
// CHECK-LABEL: llvm.func @dlc_main(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) {
// CHECK: llvm.call @main(
// CHECK-LABEL: llvm.func @dlc_main_packed(
// CHECK-SAME: %[[BUFFERS:.*]]: !llvm.ptr) {
// CHECK: %[[IN0:.*]] = llvm.load %[[BUFFERS]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[SLOT5:.*]] = llvm.getelementptr %[[BUFFERS]][5] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK: %[[OUT:.*]] = llvm.load %[[SLOT5]] : !llvm.ptr -> !llvm.ptr
// CHECK: llvm.call @dlc_main(%[[IN0]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[OUT]]) : (!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr) -> ()
// CHECK-LABEL: llvm.func internal @_mlir_memref_to_llvm_alloc(
// CHECK-LABEL: llvm.func internal @_mlir_memref_to_llvm_free(
