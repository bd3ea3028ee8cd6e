// dlc train --save-every / --resume: one epoch, a checkpoint, a resumed
// second epoch gives the same bytes as two epochs at once (shuffled, Adam:
// the generator's state and the optimizer's moments travel); and every
// refusal of a checkpoint, one `dlc: error:` line each, exit code 1.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.array([[1, 2, 3], [-1, 0.5, 2], [0.5, -1, 1], [2, 1, -1]], np.float32)); np.save('%t/t.npy', np.array([[1, -1], [0.5, 2], [-1, 1], [1, 1]], np.float32)); np.save('%t/x6.npy', np.ones((6, 3), np.float32)); np.save('%t/t6.npy', np.ones((6, 2), np.float32))"
// DEFINE: %{train} = dlc train %S/Inputs/train-model.mlir -i x=%t/x.npy -i t=%t/t.npy --batch 2 --shuffle 1 --seed 9
// RUN: %{train} --optimizer adam --epochs 2 -o %t/whole > /dev/null
// RUN: %{train} --optimizer adam --epochs 1 --save-every 1 -o %t/split | FileCheck %s --check-prefix=SAVE
// SAVE: epoch 1/1: loss
// SAVE-NEXT: checkpoint of epoch 1: {{.*}}split/checkpoint.safetensors
// RUN: %{train} --optimizer adam --epochs 2 --resume %t/split/checkpoint.safetensors -o %t/split | FileCheck %s --check-prefix=RESUME
// RESUME-NOT: epoch 1/2
// RESUME: epoch 2/2: loss
// RUN: cmp %t/whole/fc.weight.npy %t/split/fc.weight.npy
// RUN: cmp %t/whole/fc.bias.npy %t/split/fc.bias.npy

// A negative --save-every; a checkpoint that is missing, truncated, has a
// byte changed, is no checkpoint; one of another optimizer, another data
// size, another model; one already at the last epoch.
// RUN: not %{train} --optimizer adam --save-every=-1 -o %t/none 2>&1 | FileCheck %s --check-prefix=EVERY
// EVERY: dlc: error: --save-every must be >= 0, got -1
// RUN: not %{train} --optimizer adam --epochs 2 --resume %t/missing.safetensors -o %t/none 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: dlc: error: --resume: cannot open '{{.*}}missing.safetensors': No such file or directory
// RUN: %python -c "d = open('%t/split/checkpoint.safetensors', 'rb').read(); open('%t/truncated.safetensors', 'wb').write(d[:len(d) // 2])"
// RUN: not %{train} --optimizer adam --epochs 2 --resume %t/truncated.safetensors -o %t/none 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// TRUNCATED: dlc: error: --resume: '{{.*}}truncated.safetensors' is corrupt or truncated
// RUN: %python -c "import struct; d = bytearray(open('%t/split/checkpoint.safetensors', 'rb').read()); n = struct.unpack('<Q', d[:8])[0]; d[8 + n + 1] ^= 1; open('%t/corrupt.safetensors', 'wb').write(d)"
// RUN: not %{train} --optimizer adam --epochs 2 --resume %t/corrupt.safetensors -o %t/none 2>&1 | FileCheck %s --check-prefix=CORRUPT
// CORRUPT: dlc: error: --resume: '{{.*}}corrupt.safetensors' is corrupt: its checksum does not match its contents
// RUN: %python -c "import json, struct; h = json.dumps({'a': {'dtype': 'F32', 'shape': [1], 'data_offsets': [0, 4]}}).encode(); open('%t/plain.safetensors', 'wb').write(struct.pack('<Q', len(h)) + h + bytes(4))"
// RUN: not %{train} --optimizer adam --epochs 2 --resume %t/plain.safetensors -o %t/none 2>&1 | FileCheck %s --check-prefix=PLAIN
// PLAIN: dlc: error: --resume: '{{.*}}plain.safetensors' is not a dlc train checkpoint (no dlc.meta, dlc.metrics or dlc.checksum tensor)
// RUN: not %{train} --optimizer sgd --lr 0.1 --epochs 2 --resume %t/split/checkpoint.safetensors -o %t/none 2>&1 | FileCheck %s --check-prefix=OPTIMIZER
// OPTIMIZER: dlc: error: --resume: '{{.*}}checkpoint.safetensors' was written by another optimizer (adam with 2 state buffers; this run: sgd with 0)
// RUN: not dlc train %S/Inputs/train-model.mlir -i x=%t/x6.npy -i t=%t/t6.npy --batch 2 --optimizer adam --epochs 2 --resume %t/split/checkpoint.safetensors -o %t/none 2>&1 | FileCheck %s --check-prefix=SAMPLES
// SAMPLES: dlc: error: --resume: '{{.*}}checkpoint.safetensors' was written for 4 training samples per epoch, this run has 6
// RUN: sed 's/fc.bias/fc.b/' %S/Inputs/train-model.mlir > %t/other.mlir
// RUN: not dlc train %t/other.mlir -i x=%t/x.npy -i t=%t/t.npy --batch 2 --optimizer adam --epochs 2 --resume %t/split/checkpoint.safetensors -o %t/none 2>&1 | FileCheck %s --check-prefix=MODEL
// MODEL: dlc: error: --resume: '{{.*}}checkpoint.safetensors' does not fit this model and optimizer: it has no tensor 'param/fc.b'
// RUN: not %{train} --optimizer adam --epochs 1 --resume %t/split/checkpoint.safetensors -o %t/none 2>&1 | FileCheck %s --check-prefix=DONE
// DONE: dlc: error: --resume: '{{.*}}checkpoint.safetensors' is at epoch 1: --epochs 1 leaves nothing to train
// RUN: not ls %t/none
