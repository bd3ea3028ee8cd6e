// RUN: dlc bench %s --iters 3 --warmup 1 --threads 1 --per-layer | FileCheck %s
// RUN: dlc bench %s --iters 2 --warmup 0 --threads 1 | FileCheck %s --check-prefix=PLAIN

// `dlc bench --per-layer` times the kernels of each layer (named by its
// location) and prints one row per layer, slowest first: milliseconds per
// run, share of the run, GFLOPS for layers that multiply-accumulate
// (convolutions, matrix products), the number of kernels and their ops;
// then the time outside every kernel. The claim and release of the
// temporaries' arena (dlc-plan-memory) are a layer of their own. The
// ReLU runs in the convolution's kernel (its epilogue): no layer of its own.

// CHECK: median_ms:
// CHECK: per_layer: 3 layers, {{[0-9]+}} kernels
// CHECK-NEXT: ms/run  share  gflops  kernels  layer (ops)
// CHECK-DAG: {{^ +[0-9]+\.[0-9]+ +[0-9]+\.[0-9]% +[0-9]+\.[0-9] +[0-9]+  conv \(.*forall.*\)$}}
// CHECK-DAG: {{^ +[0-9]+\.[0-9]+ +[0-9]+\.[0-9]% +[0-9]+\.[0-9] +[0-9]+  fc \(.*\)$}}
// CHECK-DAG: {{^ +[0-9]+\.[0-9]+ +[0-9]+\.[0-9]% +- +2  memory arena \(if\)$}}
// CHECK: (outside kernels)
// Without the flag, no table.
// PLAIN-NOT: per_layer
// PLAIN-NOT: per_kernel

// `--per-kernel`: one row per kernel, slowest first, with its index in
// program order, its layer and its op; as many rows as --per-layer counts.
// RUN: dlc bench %s --iters 3 --warmup 1 --threads 1 --per-layer --per-kernel > %t.txt
// RUN: FileCheck %s --check-prefix=KERNEL < %t.txt
// RUN: %python -c "import re, sys; t = open('%t.txt').read(); n = int(re.search(r'per_layer: \d+ layers, (\d+) kernels', t).group(1)); rows = t.split('per_kernel:')[1].strip().splitlines()[2:]; ms = [float(r.split()[0]) for r in rows]; assert len(rows) == n and ms == sorted(ms, reverse=True), (n, rows)"
// KERNEL: per_kernel: {{[0-9]+}} kernels
// KERNEL-NEXT: ms/run  share kernel  layer (op)
// KERNEL-DAG: {{^ +[0-9]+\.[0-9]+ +[0-9]+\.[0-9]% +[0-9]+  conv \(scf.forall\)$}}
// KERNEL-DAG: {{^ +[0-9]+\.[0-9]+ +[0-9]+\.[0-9]% +[0-9]+  fc \(.*\)$}}
func.func @main(%x: tensor<1x8x16x16xf32> {dlc.name = "x"}) -> (tensor<1x10xf32> {dlc.name = "y"}) {
  %w = dlc.constant dense<0.125> : tensor<16x8x3x3xf32> loc("conv")
  %c = dlc.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x16x16xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x16x16xf32> loc("conv")
  %r = dlc.relu %c : tensor<1x16x16x16xf32> loc("relu")
  %f = dlc.flatten %r : (tensor<1x16x16x16xf32>) -> tensor<1x4096xf32> loc("flatten")
  %w2 = dlc.constant dense<0.25> : tensor<4096x10xf32> loc("fc")
  %y = dlc.matmul %f, %w2 : (tensor<1x4096xf32>, tensor<4096x10xf32>) -> tensor<1x10xf32> loc("fc")
  return %y : tensor<1x10xf32>
}
