// dlc grad: one DIR/<parameter>.npy per trainable parameter, the loss printed.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.array([[1, 2, 3], [-1, 0.5, 2]], np.float32))"
// RUN: dlc grad %s -i x=%t/x.npy -o %t/g | FileCheck %s
// RUN: %python -c "import numpy as np; x = np.load('%t/x.npy').astype(float); w = np.array([[0.5, -1], [0.25, 2], [-0.5, 1.5]]); m = (x @ w + [0.1, -0.2] > 0); assert np.allclose(np.load('%t/g/fc.weight.npy'), x.T @ m) and np.allclose(np.load('%t/g/fc.bias.npy'), m.sum(0)), 'gradients differ'"
// RUN: ls %t/g | FileCheck %s --check-prefix=FILES
// CHECK: loss: 12.1
// FILES: fc.bias.npy
// FILES-NEXT: fc.weight.npy

// The output directory is required; errors of the differentiation are
// errors of the command.
// RUN: not dlc grad %s -i x=%t/x.npy 2>&1 | FileCheck %s --check-prefix=NODIR
// NODIR: dlc: error: dlc grad writes one file per parameter: give the directory with -o DIR
// RUN: not dlc grad %S/Inputs/two-layer.mlir -o %t/none 2>&1 | FileCheck %s --check-prefix=NOTLOSS
// NOTLOSS: dlc: error: {{.*}}two-layer.mlir:2:1: the loss must be a scalar f32 tensor, got 'tensor<4x2xf32>'
// RUN: not ls %t/none

// dlc compile --training compiles that function: the loss, then each
// parameter's gradient, for the JIT's artefacts and the AOT ones alike.
// RUN: dlc compile %s --training --emit=dlc -o - | FileCheck %s --check-prefix=TRAINING
// TRAINING: func.func @main({{.*}}) -> (tensor<f32> {dlc.name = "loss"}, tensor<3x2xf32> {dlc.name = "fc.weight"}, tensor<2xf32> {dlc.name = "fc.bias"})
// RUN: dlc compile %s --training --emit=so --no-cache -o %t/train.so
// RUN: FileCheck %s --check-prefix=HEADER < %t/train.h
// HEADER: loss
// HEADER: fc_weight
// RUN: not dlc compile %S/Inputs/two-layer.mlir --training --emit=obj -o %t/none.o 2>&1 | FileCheck %s --check-prefix=NOTLOSS
// RUN: not ls %t/none.o

func.func @main(%x: tensor<2x3xf32> {dlc.name = "x"}) -> (tensor<f32> {dlc.name = "loss"}) {
  %w = dlc.constant {dlc.param = "trainable"} dense<[[0.5, -1.0], [0.25, 2.0], [-0.5, 1.5]]> : tensor<3x2xf32> loc("fc.weight")
  %b = dlc.constant {dlc.param = "trainable"} dense<[0.1, -0.2]> : tensor<2xf32> loc("fc.bias")
  %m = dlc.matmul %x, %w : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  %y = dlc.add %m, %b : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %r = dlc.relu %y : tensor<2x2xf32>
  %l = dlc.reduce_sum %r {keepdims = false} : (tensor<2x2xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
