// A deep graph compiles in time linear in its depth: a chain of 5000
// elementwise ops (ReLU, then x * 1.0 + 0.0 alternately) is fused into
// bodies of a bounded size, not one body cloned 5000 times (that took
// minutes). The result is the chain's: relu(x).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import sys; n = 5000; print('func.func @main(%%x: tensor<4xf32> {dlc.name = \"x\"}) -> (tensor<4xf32> {dlc.name = \"y\"}) {'); print('  %%one = dlc.constant dense<1.0> : tensor<4xf32>'); [print(f'  %%r{i} = dlc.relu %%' + ('x' if i == 0 else f'r{i-1}') + ' : tensor<4xf32>' if i %% 2 == 0 else f'  %%r{i} = dlc.mul %%r{i-1}, %%one : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>') for i in range(n)]; print(f'  return %%r{n-1} : tensor<4xf32>'); print('}')" > %t/deep.mlir
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.array([1.5, -2, 3, -0.25], np.float32))"
// RUN: timeout 30 dlc run %t/deep.mlir -i x=%t/x.npy --no-cache | FileCheck %s
// CHECK: output 'y' 4: [1.5, 0, 3, 0]
