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

// Learning-rate schedules: an unknown kind, a missing key, a bad value, an
// unknown key, a malformed list, and combinations torch cannot run.
// RUN: not dlc train %{model} %{data} --optimizer adam --lr-schedule linear:epochs=3 -o %t/none 2>&1 | FileCheck %s --check-prefix=SCHEDKIND
// SCHEDKIND: dlc: error: --lr-schedule: unknown schedule 'linear' (expected step, multistep, exponential, cosine, cosine-restarts, warmup or plateau, as KIND:KEY=VALUE,...)
// RUN: not dlc train %{model} %{data} --optimizer adam --lr-schedule step:gamma=0.5 -o %t/none 2>&1 | FileCheck %s --check-prefix=SCHEDKEY
// SCHEDKEY: dlc: error: --lr-schedule step: needs size=...
// RUN: not dlc train %{model} %{data} --optimizer adam --lr-schedule step:size=0 -o %t/none 2>&1 | FileCheck %s --check-prefix=SCHEDINT
// SCHEDINT: dlc: error: --lr-schedule step: size must be an integer >= 1, got '0'
// RUN: not dlc train %{model} %{data} --optimizer adam --lr-schedule exponential:gamma=fast -o %t/none 2>&1 | FileCheck %s --check-prefix=SCHEDREAL
// SCHEDREAL: dlc: error: --lr-schedule exponential: gamma must be a number, got 'fast'
// RUN: not dlc train %{model} %{data} --optimizer adam --lr-schedule cosine:t_max=5,tmax=3 -o %t/none 2>&1 | FileCheck %s --check-prefix=SCHEDUNKNOWN
// SCHEDUNKNOWN: dlc: error: --lr-schedule cosine: unknown key 'tmax' (known: t_max, eta_min)
// RUN: not dlc train %{model} %{data} --optimizer adam --lr-schedule cosine:t_max -o %t/none 2>&1 | FileCheck %s --check-prefix=SCHEDPAIR
// SCHEDPAIR: dlc: error: --lr-schedule cosine: expects KEY=VALUE, got 't_max'
// RUN: not dlc train %{model} %{data} --optimizer adam --lr-schedule multistep:milestones=3 -o %t/none 2>&1 | FileCheck %s --check-prefix=SCHEDLIST
// SCHEDLIST: dlc: error: --lr-schedule multistep: milestones must be a list [A,B,...], got '3'
// RUN: not dlc train %{model} %{data} --optimizer adam --lr-schedule 'multistep:milestones=[3,x]' -o %t/none 2>&1 | FileCheck %s --check-prefix=SCHEDITEM
// SCHEDITEM: dlc: error: --lr-schedule multistep: milestones must be integers >= 1, got '[3,x]'
// RUN: not dlc train %{model} %{data} --optimizer adam --lr-schedule warmup:epochs=2,start=0 -o %t/none 2>&1 | FileCheck %s --check-prefix=SCHEDSTART
// SCHEDSTART: dlc: error: --lr-schedule warmup: start must be in (0, 1], got 0
// RUN: not dlc train %{model} %{data} --optimizer adam --lr-schedule plateau:factor=2 -o %t/none 2>&1 | FileCheck %s --check-prefix=SCHEDFACTOR
// SCHEDFACTOR: dlc: error: --lr-schedule plateau: factor must be < 1, got 2
// RUN: not dlc train %{model} %{data} --optimizer adam --lr-schedule plateau:threshold_mode=max -o %t/none 2>&1 | FileCheck %s --check-prefix=SCHEDMODE
// SCHEDMODE: dlc: error: --lr-schedule plateau: threshold_mode must be rel or abs, got 'max'
// RUN: not dlc train %{model} %{data} --optimizer adam --lr-schedule step:size=2+cosine:t_max=3 -o %t/none 2>&1 | FileCheck %s --check-prefix=SCHEDORDER
// SCHEDORDER: dlc: error: --lr-schedule: only a warm-up can come before another schedule (warmup:...+KIND:...)
// RUN: not dlc train %{model} %{data} --optimizer adam --lr-schedule warmup:epochs=2+plateau:patience=1 -o %t/none 2>&1 | FileCheck %s --check-prefix=SCHEDPLATEAU
// SCHEDPLATEAU: dlc: error: --lr-schedule: plateau cannot follow a warm-up (torch's SequentialLR cannot hold it)
// RUN: not dlc train %{model} %{data} --optimizer adam --lr-schedule warmup:epochs=1+step:size=1+cosine:t_max=2 -o %t/none 2>&1 | FileCheck %s --check-prefix=SCHEDTHREE
// SCHEDTHREE: dlc: error: --lr-schedule: at most two schedules, a warm-up and another (warmup:...+KIND:...), got 3

// Gradient clipping: a bound that is not positive, both kinds at once.
// RUN: not dlc train %{model} %{data} --optimizer adam --clip-grad-norm 0 -o %t/none 2>&1 | FileCheck %s --check-prefix=CLIPNORM
// CLIPNORM: dlc: error: --clip-grad-norm must be > 0, got 0
// RUN: not dlc train %{model} %{data} --optimizer adam --clip-grad-value=-1 -o %t/none 2>&1 | FileCheck %s --check-prefix=CLIPVALUE
// CLIPVALUE: dlc: error: --clip-grad-value must be > 0, got -1
// RUN: not dlc train %{model} %{data} --optimizer adam --clip-grad-norm 1 --clip-grad-value 1 -o %t/none 2>&1 | FileCheck %s --check-prefix=CLIPBOTH
// CLIPBOTH: dlc: error: --clip-grad-norm and --clip-grad-value exclude each other

// Validation and early stopping: a split outside (0, 1), one that leaves
// no training sample, a split and files at once, --patience without
// validation data or below 1, --min-delta without --patience or negative,
// validation files the model does not take.
// RUN: not dlc train %{model} %{data} --optimizer adam --val-split 1.5 -o %t/none 2>&1 | FileCheck %s --check-prefix=SPLIT
// SPLIT: dlc: error: --val-split must be in (0, 1), got 1.5
// RUN: not dlc train %{model} %{data} --optimizer adam --val-split 0 -o %t/none 2>&1 | FileCheck %s --check-prefix=SPLIT0
// SPLIT0: dlc: error: --val-split must be in (0, 1), got 0
// RUN: not dlc train %{model} %{data} --optimizer adam --val-split 0.9 -o %t/none 2>&1 | FileCheck %s --check-prefix=SPLITEMPTY
// SPLITEMPTY: dlc: error: --val-split 0.9 of 4 samples leaves 0 for training and 4 for validation: each needs at least one
// RUN: not dlc train %{model} %{data} --optimizer adam --val-split 0.5 --val x=%t/x.npy -o %t/none 2>&1 | FileCheck %s --check-prefix=SPLITVAL
// SPLITVAL: dlc: error: --val-split and --val exclude each other: validate on a split of the -i data or on other files
// RUN: not dlc train %{model} %{data} --optimizer adam --patience 2 -o %t/none 2>&1 | FileCheck %s --check-prefix=PATIENCE
// PATIENCE: dlc: error: --patience stops on the validation loss: give validation data with --val-split F or --val NAME=FILE
// RUN: not dlc train %{model} %{data} --optimizer adam --val-split 0.5 --patience 0 -o %t/none 2>&1 | FileCheck %s --check-prefix=PATIENCE0
// PATIENCE0: dlc: error: --patience must be >= 1, got 0
// RUN: not dlc train %{model} %{data} --optimizer adam --val-split 0.5 --min-delta 0.1 -o %t/none 2>&1 | FileCheck %s --check-prefix=MINDELTA
// MINDELTA: dlc: error: --min-delta applies to early stopping: give --patience N
// RUN: not dlc train %{model} %{data} --optimizer adam --val-split 0.5 --patience 1 --min-delta=-1 -o %t/none 2>&1 | FileCheck %s --check-prefix=MINDELTANEG
// MINDELTANEG: dlc: error: --min-delta must be >= 0, got -1
// RUN: not dlc train %{model} %{data} --optimizer adam --batch 2 --val x=%t/x.npy --val z=%t/t.npy -o %t/none 2>&1 | FileCheck %s --check-prefix=VALNAME
// VALNAME: dlc: error: the model has no input named 'z' (its inputs: x, t)
// RUN: not dlc train %{model} %{data} --optimizer adam --batch 2 --val x=%t/x.npy -o %t/none 2>&1 | FileCheck %s --check-prefix=VALMISSING
// VALMISSING: dlc: error: missing input(s): t (2x2); pass them with -i NAME=FILE

// Nothing was written by any of them.
// RUN: not ls %t/none
