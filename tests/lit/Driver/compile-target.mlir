// --target-cpu / --target-features: code for another CPU than this one, as
// clang's -march / -mattr; the kernels are shaped for its vector width.
// RUN: dlc compile %s --emit=asm --target-cpu=x86-64-v3 | FileCheck %s --check-prefix=AVX2
// AVX2: vfmadd{{[0-9]+}}ps {{.*}}%ymm
// AVX2-NOT: %zmm
// RUN: dlc compile %s --emit=asm --target-cpu=skylake-avx512 | FileCheck %s --check-prefix=AVX512
// AVX512: vfmadd{{[0-9]+}}ps {{.*}}%zmm
// RUN: dlc compile %s --emit=asm --target-cpu=skylake-avx512 --target-features=-avx512f | FileCheck %s --check-prefix=AVX2

// Unknown names are errors that say what is known; nothing is written.
// RUN: rm -rf %t && mkdir -p %t
// RUN: not dlc compile %s --emit=obj --target-cpu=nonesuch -o %t/m.o 2>&1 | FileCheck %s --check-prefix=CPU
// CPU: dlc: error: unknown --target-cpu 'nonesuch' (known: {{.*}}x86-64-v3{{.*}})
// RUN: not dlc compile %s --emit=obj --target-features=+nonesuch -o %t/m.o 2>&1 | FileCheck %s --check-prefix=FEATURE
// RUN: not dlc compile %s --emit=obj --target-features=avx2 -o %t/m.o 2>&1 | FileCheck %s --check-prefix=FEATURE
// FEATURE: dlc: error: unknown --target-features entry '{{\+?}}{{nonesuch|avx2}}' (expected +name or -name
// RUN: not ls %t/m.o %t/m.h %t/m.safetensors
func.func @main(%x: tensor<64x64xf32> {dlc.name = "x"}) -> (tensor<64x64xf32> {dlc.name = "y"}) {
  %w = dlc.constant {dlc.param = "trainable"} dense<5.000000e-01> : tensor<64x64xf32>
  %y = dlc.matmul %x, %w : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32>
  return %y : tensor<64x64xf32>
}
