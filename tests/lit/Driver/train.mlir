// dlc train on a .mlir model: two batches of two samples, in order, SGD;
// the parameters written are those of two SGD steps computed here with
// NumPy; one plain line per epoch on a pipe; the CSV log.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.array([[1, 2, 3], [-1, 0.5, 2], [0.5, -1, 1], [2, 1, -1]], np.float32)); np.save('%t/t.npy', np.array([[1, -1], [0.5, 2], [-1, 1], [1, 1]], np.float32))"
// RUN: dlc train %S/Inputs/train-model.mlir -i x=%t/x.npy -i t=%t/t.npy --optimizer sgd --lr 0.1 --batch 2 --epochs 2 --log %t/log.csv -o %t/out | FileCheck %s
// RUN: %python -c "import numpy as np; x = np.load('%t/x.npy').astype(float); t = np.load('%t/t.npy').astype(float); w = np.array([[0.5, -1], [0.25, 2], [-0.5, 1.5]]); b = np.array([0.1, -0.2]); exec('for s in [0, 2, 0, 2]:\n xs, ts = x[s:s+2], t[s:s+2]\n g = ((xs @ w + b) > 0) * ts\n w, b = w - 0.1 * xs.T @ g, b - 0.1 * g.sum(0)'); assert np.allclose(np.load('%t/out/fc.weight.npy'), w, atol=1e-5) and np.allclose(np.load('%t/out/fc.bias.npy'), b, atol=1e-5), 'parameters differ'"
// RUN: FileCheck %s --check-prefix=LOG < %t/log.csv
// RUN: ls %t/out | FileCheck %s --check-prefix=FILES
// CHECK: epoch 1/2: loss {{-?[0-9.]+}}, {{[0-9.]+}} samples/s, {{[0-9.]+}} s
// CHECK-NEXT: {{^epoch 2/2: loss}}
// LOG: epoch,loss,samples_per_s,seconds
// LOG-NEXT: {{^1,[-+0-9.e]+,[0-9.]+,[0-9.]+$}}
// LOG-NEXT: {{^2,[-+0-9.e]+,[0-9.]+,[0-9.]+$}}
// FILES: fc.bias.npy
// FILES-NEXT: fc.weight.npy

// A last partial batch cannot run at a fixed batch dimension: dropped with
// --drop-last (the third sample is never seen), refused without.
// RUN: %python -c "import numpy as np; np.save('%t/x3.npy', np.load('%t/x.npy')[:3]); np.save('%t/t3.npy', np.load('%t/t.npy')[:3])"
// RUN: dlc train %S/Inputs/train-model.mlir -i x=%t/x3.npy -i t=%t/t3.npy --optimizer adam --batch 2 --drop-last -o %t/dropped | FileCheck %s --check-prefix=DROP
// DROP: epoch 1/1: loss
// RUN: not dlc train %S/Inputs/train-model.mlir -i x=%t/x3.npy -i t=%t/t3.npy --optimizer adam --batch 2 -o %t/none 2>&1 | FileCheck %s --check-prefix=PARTIAL
// PARTIAL: dlc: error: the model's batch dimension is fixed at 2 (input 'x' is 2x3): it cannot take the last, partial batch of 1 samples (3 samples in batches of 2); pass --drop-last to drop it
// RUN: not ls %t/none
