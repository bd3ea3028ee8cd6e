// dlc eval: the mean loss of the parameters dlc train wrote, over data in
// batches (each batch's loss weighted by its size), checked against NumPy;
// and its errors, one `dlc: error:` line each, exit code 1.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.array([[1, 2, 3], [-1, 0.5, 2], [0.5, -1, 1], [2, 1, -1]], np.float32)); np.save('%t/t.npy', np.array([[1, -1], [0.5, 2], [-1, 1], [1, 1]], np.float32))"
// RUN: dlc train %S/Inputs/train-model.mlir -i x=%t/x.npy -i t=%t/t.npy --optimizer sgd --lr 0.1 --batch 2 -o %t/params > /dev/null
// RUN: dlc eval %S/Inputs/train-model.mlir --params %t/params -i x=%t/x.npy -i t=%t/t.npy --batch 2 > %t/eval.txt
// RUN: FileCheck %s < %t/eval.txt
// CHECK: {{^loss -?[0-9.e+-]+$}}
// RUN: %python -c "import numpy as np; x = np.load('%t/x.npy'); t = np.load('%t/t.npy'); w = np.load('%t/params/fc.weight.npy'); b = np.load('%t/params/fc.bias.npy'); l = [(np.maximum(x[i:i+2] @ w + b, 0) * t[i:i+2]).sum() for i in (0, 2)]; want = (l[0] * 2 + l[1] * 2) / 4; got = float(open('%t/eval.txt').read().split()[1]); assert abs(got - want) < 1e-5 * max(1, abs(want)), (got, want)"

// dlc run --params DIR binds the same files: the loss of the first batch.
// RUN: %python -c "import numpy as np; np.save('%t/x2.npy', np.load('%t/x.npy')[:2]); np.save('%t/t2.npy', np.load('%t/t.npy')[:2])"
// RUN: dlc run %S/Inputs/train-model.mlir --params %t/params -i x=%t/x2.npy -i t=%t/t2.npy -o %t/run > /dev/null
// RUN: %python -c "import numpy as np; x = np.load('%t/x2.npy'); t = np.load('%t/t2.npy'); w = np.load('%t/params/fc.weight.npy'); b = np.load('%t/params/fc.bias.npy'); want = (np.maximum(x @ w + b, 0) * t).sum(); got = float(np.load('%t/run/loss.npy')); assert abs(got - want) < 1e-5 * max(1, abs(want)), (got, want)"
// RUN: mkdir -p %t/weight-only && cp %t/params/fc.weight.npy %t/weight-only/
// RUN: not dlc run %S/Inputs/train-model.mlir --params %t/weight-only -i x=%t/x2.npy -i t=%t/t2.npy 2>&1 | FileCheck %s --check-prefix=RUNMISSING
// RUNMISSING: dlc: error: parameter 'fc.bias' has no file '{{.*}}weight-only/fc.bias.npy'

// No --params, a --params that is not a directory, a parameter file
// missing, a parameter file of the wrong shape, no data.
// DEFINE: %{model} = %S/Inputs/train-model.mlir
// DEFINE: %{data} = -i x=%t/x.npy -i t=%t/t.npy --batch 2
// RUN: not dlc eval %{model} %{data} 2>&1 | FileCheck %s --check-prefix=NOPARAMS
// NOPARAMS: dlc: error: dlc eval reads trained parameters: give their directory with --params DIR (the .npy files dlc train writes)
// RUN: not dlc eval %{model} %{data} --params %t/x.npy 2>&1 | FileCheck %s --check-prefix=NOTDIR
// NOTDIR: dlc: error: --params '{{.*}}x.npy' is not a directory
// RUN: mkdir -p %t/partial && cp %t/params/fc.weight.npy %t/partial/
// RUN: not dlc eval %{model} %{data} --params %t/partial 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: dlc: error: parameter 'fc.bias' has no file '{{.*}}partial/fc.bias.npy'
// RUN: mkdir -p %t/shape && cp %t/params/fc.weight.npy %t/shape/ && %python -c "import numpy as np; np.save('%t/shape/fc.bias.npy', np.zeros(3, np.float32))"
// RUN: not dlc eval %{model} %{data} --params %t/shape 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: dlc: error: '{{.*}}shape/fc.bias.npy' holds a f32 tensor of shape 3, parameter 'fc.bias' is f32 of shape 2
// RUN: not dlc eval %{model} --params %t/params 2>&1 | FileCheck %s --check-prefix=NODATA
// NODATA: dlc: error: dlc eval needs data: pass the model's inputs with -i NAME=FILE
