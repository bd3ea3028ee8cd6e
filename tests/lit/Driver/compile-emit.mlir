// Every --emit stage of `dlc compile` on a small model.
// RUN: rm -rf %t && mkdir -p %t
// RUN: dlc compile %S/Inputs/two-layer.mlir --emit=dlc | FileCheck %s --check-prefix=DLC
// DLC: dlc.gemm
// DLC: dlc.tanh
// RUN: dlc compile %S/Inputs/two-layer.mlir --emit=linalg | FileCheck %s --check-prefix=LINALG
// LINALG-NOT: = dlc.
// LINALG: linalg.generic
// RUN: dlc compile %S/Inputs/two-layer.mlir --emit=llvm | FileCheck %s --check-prefix=LLVM
// LLVM: define void @dlc_main(ptr {{.*}}, ptr {{.*}})
// LLVM: define void @dlc_main_packed(ptr
// RUN: dlc compile %S/Inputs/two-layer.mlir --emit=asm -o %t/m.s
// RUN: FileCheck %s --check-prefix=ASM < %t/m.s
// ASM: dlc_main:
// RUN: dlc compile %S/Inputs/two-layer.mlir --emit=obj -o %t/m.o
// RUN: FileCheck %s --check-prefix=HEADER < %t/m.h
// HEADER: #define DLC_MAIN_INPUT0_NAME "x"
// HEADER: #define DLC_MAIN_INPUT0_NUMEL 32
// HEADER: void dlc_main(const float *in_x, float *out_y);
// HEADER: void dlc_main_packed(void **buffers);
// RUN: dlc compile %S/Inputs/two-layer.mlir --emit=so -o %t/m.so
// RUN: ls %t/m.so %t/m.h
