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
// LOG: epoch,loss,samples_per_s,seconds,lr,val_loss
// LOG-NEXT: {{^1,[-+0-9.e]+,[0-9.]+,[0-9.]+,0.1,$}}
// LOG-NEXT: {{^2,[-+0-9.e]+,[0-9.]+,[0-9.]+,0.1,$}}
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

// Validation on the last half of the data (before any shuffle) and a
// step schedule: each epoch's line and the CSV carry the validation loss
// (here the loss of samples 2 and 3, which training never sees) and the
// epoch's learning rate.
// RUN: dlc train %S/Inputs/train-model.mlir -i x=%t/x.npy -i t=%t/t.npy --optimizer sgd --lr 0.1 --batch 2 --epochs 3 --val-split 0.5 --lr-schedule step:size=1,gamma=0.5 --log %t/val.csv -o %t/val | FileCheck %s --check-prefix=VAL
// VAL: epoch 1/3: loss {{-?[0-9.]+}}, val_loss {{-?[0-9.]+}}, lr 0.1, {{[0-9.]+}} samples/s
// VAL-NEXT: epoch 2/3: loss {{-?[0-9.]+}}, val_loss {{-?[0-9.]+}}, lr 0.05,
// VAL-NEXT: epoch 3/3: loss {{-?[0-9.]+}}, val_loss {{-?[0-9.]+}}, lr 0.025,
// RUN: FileCheck %s --check-prefix=VALLOG < %t/val.csv
// VALLOG: epoch,loss,samples_per_s,seconds,lr,val_loss
// VALLOG-NEXT: {{^1,[-+0-9.e]+,[0-9.]+,[0-9.]+,0.1,[-+0-9.e]+$}}
// VALLOG-NEXT: {{^2,[-+0-9.e]+,[0-9.]+,[0-9.]+,0.05,[-+0-9.e]+$}}
// The validation loss of epoch 3 is the model's loss on samples 2 and 3
// with the parameters written at the end, computed here with NumPy.
// RUN: %python -c "import numpy as np; x = np.load('%t/x.npy')[2:]; t = np.load('%t/t.npy')[2:]; w = np.load('%t/val/fc.weight.npy'); b = np.load('%t/val/fc.bias.npy'); want = (np.maximum(x @ w + b, 0) * t).sum(); got = float(open('%t/val.csv').read().splitlines()[3].split(',')[5]); assert abs(got - want) < 1e-5 * max(1, abs(want)), (got, want)"

// Early stopping: the validation samples are the training samples with
// their targets negated, so each step that lowers the training loss raises
// the validation loss. Epoch 1 is the best; epoch 2 ends the run at
// --patience 1, and the parameters written are epoch 1's: one SGD step.
// RUN: %python -c "import numpy as np; x = np.load('%t/x.npy')[:2]; t = np.load('%t/t.npy')[:2]; np.save('%t/xs.npy', np.concatenate([x, x])); np.save('%t/ts.npy', np.concatenate([t, -t]))"
// RUN: dlc train %S/Inputs/train-model.mlir -i x=%t/xs.npy -i t=%t/ts.npy --optimizer sgd --lr 0.1 --batch 2 --epochs 5 --val-split 0.5 --patience 1 -o %t/stop | FileCheck %s --check-prefix=STOP
// STOP: epoch 1/5: loss
// STOP-NEXT: epoch 2/5: loss
// STOP-NEXT: early stop after epoch 2: no improvement of the validation loss in 1 epochs
// STOP-NEXT: restored the parameters of epoch 1 (val_loss {{-?[0-9.]+}})
// STOP-NOT: epoch 3/5
// RUN: %python -c "import numpy as np; x = np.load('%t/x.npy')[:2].astype(float); t = np.load('%t/t.npy')[:2].astype(float); w = np.array([[0.5, -1], [0.25, 2], [-0.5, 1.5]]); b = np.array([0.1, -0.2]); g = ((x @ w + b) > 0) * t; w, b = w - 0.1 * x.T @ g, b - 0.1 * g.sum(0); assert np.allclose(np.load('%t/stop/fc.weight.npy'), w, atol=1e-5) and np.allclose(np.load('%t/stop/fc.bias.npy'), b, atol=1e-5), 'not the parameters of epoch 1'"
