// --time-phases: the wall-clock time of each compilation phase on stderr,
// in order, then the total; the outputs are unchanged.
// RUN: rm -rf %t && mkdir -p %t
// RUN: dlc compile %s --emit=obj -o %t/m.o --time-phases --no-cache 2>&1 >/dev/null | FileCheck %s --check-prefix=AOT
// RUN: ls %t/m.o %t/m.h
// AOT: phase_ms import: {{[0-9]+\.[0-9]}}
// AOT-NEXT: phase_ms dlc: {{[0-9]+\.[0-9]}}
// AOT-NEXT: phase_ms linalg:
// AOT-NEXT: phase_ms vectorized:
// AOT-NEXT: phase_ms bufferized:
// AOT-NEXT: phase_ms llvm:
// AOT-NEXT: phase_ms llvm-ir:
// AOT-NEXT: phase_ms codegen:
// AOT-NEXT: phase_ms total: {{[0-9]+\.[0-9]}}

// The JIT links the code ("link") and binds the parameters ("prepare").
// RUN: dlc bench %s --iters 1 --warmup 0 --time-phases --no-cache 2>%t/jit.txt | FileCheck %s --check-prefix=BENCH
// RUN: FileCheck %s --check-prefix=JIT < %t/jit.txt
// BENCH: median_ms:
// JIT: phase_ms import:
// JIT-NEXT: phase_ms dlc:
// JIT-NEXT: phase_ms linalg:
// JIT-NEXT: phase_ms vectorized:
// JIT-NEXT: phase_ms bufferized:
// JIT-NEXT: phase_ms llvm:
// JIT-NEXT: phase_ms llvm-ir:
// JIT-NEXT: phase_ms codegen:
// JIT-NEXT: phase_ms link:
// JIT-NEXT: phase_ms prepare:
// JIT-NEXT: phase_ms total:

// A model that fails reports the phases it went through (here: none).
// RUN: not dlc compile %S/Inputs/shape-mismatch.mlir --emit=obj -o %t/bad.o --time-phases 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: dlc: error:
// BAD: phase_ms total:
func.func @main(%x: tensor<2x3xf32> {dlc.name = "x"}) -> tensor<2x4xf32> {
  %w = dlc.constant {dlc.param = "trainable"} dense<0.5> : tensor<4x3xf32>
  %y = dlc.gemm %x, %w {trans_b = true} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  %r = dlc.relu %y : tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// From the compile cache: "cache" replaces the pipeline and LLVM.
// RUN: dlc bench %s --iters 1 --warmup 0 --cache-dir %t/cache > /dev/null
// RUN: dlc bench %s --iters 1 --warmup 0 --time-phases --cache-dir %t/cache 2>&1 >/dev/null | FileCheck %s --check-prefix=CACHED
// CACHED: phase_ms import:
// CACHED-NEXT: phase_ms cache:
// CACHED-NEXT: phase_ms link:
// CACHED-NEXT: phase_ms prepare:
// CACHED-NEXT: phase_ms total:
