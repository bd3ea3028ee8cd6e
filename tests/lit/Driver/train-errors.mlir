// dlc train refuses bad input with one `dlc: error:` line, exit code 1,
// and writes nothing.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.ones((4, 3), np.float32)); np.save('%t/t.npy', np.ones((4, 2), np.float32)); np.save('%t/t5.npy', np.ones((5, 2), np.float32)); np.save('%t/x4.npy', np.ones((4, 4), np.float32)); np.save('%t/empty.npy', np.ones((0, 3), np.float32)); np.save('%t/x1.npy', np.ones((1, 3), np.float32)); np.save('%t/t1.npy', np.ones((1, 2), np.float32))"
// DEFINE: %{model} = %S/Inputs/train-model.mlir
// DEFINE: %{data} = -i x=%t/x.npy -i t=%t/t.npy

// An unknown optimizer, and none.
// RUN: not dlc train %{model} %{data} --optimizer lbfgs -o %t/none 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: dlc: error: unknown optimizer 'lbfgs' (expected sgd, adam, adamw, rmsprop, adadelta or adagrad)
// RUN: not dlc train %{model} %{data} -o %t/none 2>&1 | FileCheck %s --check-prefix=NOOPT
// NOOPT: dlc: error: dlc train needs an optimizer: --optimizer sgd|adam|adamw|rmsprop|adadelta|adagrad

// No output directory.
// RUN: not dlc train %{model} %{data} --optimizer adam 2>&1 | FileCheck %s --check-prefix=NODIR
// NODIR: dlc: error: dlc train writes the trained parameters: give the directory with -o DIR

// Hyper-parameters: a negative learning rate, SGD without one, a flag of
// another optimizer, Nesterov without momentum.
// RUN: not dlc train %{model} %{data} --optimizer adam --lr=-1 -o %t/none 2>&1 | FileCheck %s --check-prefix=LR
// LR: dlc: error: invalid learning rate -1 (must be >= 0)
// RUN: not dlc train %{model} %{data} --optimizer sgd -o %t/none 2>&1 | FileCheck %s --check-prefix=SGDLR
// SGDLR: dlc: error: --optimizer sgd needs a learning rate (--lr X)
// RUN: not dlc train %{model} %{data} --optimizer adam --momentum 0.9 -o %t/none 2>&1 | FileCheck %s --check-prefix=FLAG
// FLAG: dlc: error: --momentum does not apply to --optimizer adam
// RUN: not dlc train %{model} %{data} --optimizer sgd --lr 0.1 --nesterov -o %t/none 2>&1 | FileCheck %s --check-prefix=NESTEROV
// NESTEROV: dlc: error: nesterov momentum requires a momentum > 0 and zero dampening (momentum 0)

// The loop's settings.
// RUN: not dlc train %{model} %{data} --optimizer adam --batch 0 -o %t/none 2>&1 | FileCheck %s --check-prefix=BATCH0
// BATCH0: dlc: error: --batch must be >= 1, got 0
// RUN: not dlc train %{model} %{data} --optimizer adam --shuffle 2 -o %t/none 2>&1 | FileCheck %s --check-prefix=SHUFFLE
// SHUFFLE: dlc: error: --shuffle takes 0 or 1, got 2
// RUN: not dlc train %{model} %{data} --optimizer adam --batch 4 -o %t/none 2>&1 | FileCheck %s --check-prefix=FIXED
// FIXED: dlc: error: --batch 4 does not match the model's fixed batch dimension 2 (input 'x' is 2x3): use --batch 2
// RUN: not dlc train %{model} -i x=%t/x1.npy -i t=%t/t1.npy --optimizer adam --batch 2 -o %t/none 2>&1 | FileCheck %s --check-prefix=SMALL
// SMALL: dlc: error: the data holds 1 samples, fewer than the model's fixed batch of 2 (input 'x' is 2x3)

// The data: different sample counts, samples of the wrong shape, no
// samples, an input the model lacks, an input missing.
// RUN: not dlc train %{model} -i x=%t/x.npy -i t=%t/t5.npy --optimizer adam --batch 2 -o %t/none 2>&1 | FileCheck %s --check-prefix=COUNT
// COUNT: dlc: error: inputs 'x' and 't' hold different numbers of samples (4 and 5): their first dimensions must match
// RUN: not dlc train %{model} -i x=%t/x4.npy -i t=%t/t.npy --optimizer adam --batch 2 -o %t/none 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: dlc: error: input 'x': the model takes 2x3, batches of samples of shape 4 do not fit it
// RUN: not dlc train %{model} -i x=%t/empty.npy --optimizer adam --batch 2 -o %t/none 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: dlc: error: the data set is empty (input 'x' has 0 samples)
// RUN: not dlc train %{model} %{data} -i z=%t/x.npy --optimizer adam --batch 2 -o %t/none 2>&1 | FileCheck %s --check-prefix=NOINPUT
// NOINPUT: dlc: error: the model has no input named 'z' (its inputs: x, t)
// RUN: not dlc train %{model} -i x=%t/x.npy --optimizer adam --batch 2 -o %t/none 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: dlc: error: missing input(s): t (2x2); pass them with -i NAME=FILE

// A model whose output is not a scalar loss.
// RUN: %python -c "import numpy as np; np.save('%t/x2.npy', np.ones((4, 8), np.float32))"
// RUN: not dlc train %S/Inputs/two-layer.mlir -i x=%t/x2.npy --optimizer adam --batch 4 -o %t/none 2>&1 | FileCheck %s --check-prefix=NOTLOSS
// NOTLOSS: dlc: error: {{.*}}two-layer.mlir:2:1: the loss must be a scalar f32 tensor, got 'tensor<4x2xf32>'

// Nothing was written by any of them.
// RUN: not ls %t/none
