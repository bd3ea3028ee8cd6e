// dlc train and dlc eval on IDX files (Inputs/write-data-files.py): 8
// images of 2x3 bytes feed the classifier's 4x6 input as byte / 255, the
// labels its int64 input.
// RUN: rm -rf %t && mkdir -p %t && %python %S/Inputs/write-data-files.py %t
// DEFINE: %{model} = %S/Inputs/classifier.mlir
// RUN: dlc train %{model} -i x=%t/img -i y=%t/lab --optimizer sgd --lr 0.5 --batch 4 --epochs 2 -o %t/out | FileCheck %s
// CHECK: epoch 1/2: loss {{[0-9.]+}}, {{[0-9.]+}} samples/s, {{[0-9.]+}} s
// CHECK-NEXT: {{^epoch 2/2: loss}}

// dlc eval: the loss of the written parameters on the IDX data, checked
// with NumPy; the gzip-compressed files give the same parameters, and the
// arrays NumPy converts the bytes to too.
// RUN: dlc eval %{model} --params %t/out -i x=%t/img -i y=%t/lab --batch 4 > %t/eval.txt
// RUN: FileCheck %s --check-prefix=EVAL < %t/eval.txt
// EVAL: {{^loss [0-9.e+-]+$}}
// RUN: %python -c "import numpy as np; b = open('%t/img', 'rb').read(); x = (np.frombuffer(b[16:], np.uint8).astype(np.float32) / np.float32(255)).reshape(8, 6).astype(float); y = np.frombuffer(open('%t/lab', 'rb').read()[8:], np.uint8).astype(int); w = np.load('%t/out/fc.weight.npy'); c = np.load('%t/out/fc.bias.npy'); z = x @ w + c; p = z - z.max(1, keepdims=True); lp = p - np.log(np.exp(p).sum(1, keepdims=True)); loss = -lp[np.arange(8), y].mean(); got = dict(l.split() for l in open('%t/eval.txt')); assert abs(float(got['loss']) - loss) < 1e-5, (got, loss)"
// RUN: dlc train %{model} -i x=%t/img.gz -i y=%t/lab --optimizer sgd --lr 0.5 --batch 4 --epochs 2 -o %t/gz > /dev/null
// RUN: %python -c "import numpy as np; b = open('%t/img', 'rb').read(); np.save('%t/x.npy', (np.frombuffer(b[16:], np.uint8).astype(np.float32) / np.float32(255)).reshape(8, 6)); np.save('%t/y.npy', np.frombuffer(open('%t/lab', 'rb').read()[8:], np.uint8).astype(np.int64))"
// RUN: dlc train %{model} -i x=%t/x.npy -i y=%t/y.npy --optimizer sgd --lr 0.5 --batch 4 --epochs 2 -o %t/npy > /dev/null
// RUN: %python -c "import numpy as np; assert all(np.array_equal(np.load('%t/out/' + f), np.load(d + f)) for f in ('fc.weight.npy', 'fc.bias.npy') for d in ('%t/gz/', '%t/npy/'))"

// Validation data from IDX files too.
// RUN: dlc train %{model} -i x=%t/img -i y=%t/lab --val x=%t/img.gz --val y=%t/lab --optimizer sgd --lr 0.5 --batch 4 -o %t/val | FileCheck %s --check-prefix=VAL
// VAL: epoch 1/1: loss {{[0-9.]+}}, val_loss {{[0-9.]+}}, {{[0-9.]+}} samples/s
