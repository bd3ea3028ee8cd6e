// dlc train and dlc eval on IDX files (Inputs/write-data-files.py): 8
// images of 2x3 bytes feed the classifier's 4x6 input as byte / 255, the
// labels its int64 input; a classification loss adds the accuracy to each
// epoch's line and to the log, and dlc eval prints it after the loss.
// RUN: rm -rf %t && mkdir -p %t && %python %S/Inputs/write-data-files.py %t
// DEFINE: %{model} = %S/Inputs/classifier.mlir
// RUN: dlc train %{model} -i x=%t/img -i y=%t/lab --optimizer sgd --lr 0.5 --batch 4 --epochs 2 --log %t/log.csv -o %t/out | FileCheck %s
// CHECK: epoch 1/2: loss {{[0-9.]+}}, accuracy {{0\.[0-9]{4}|1\.0000}}, {{[0-9.]+}} samples/s, {{[0-9.]+}} s
// CHECK-NEXT: {{^epoch 2/2: loss [0-9.]+, accuracy}}
// RUN: FileCheck %s --check-prefix=LOG < %t/log.csv
// LOG: epoch,loss,samples_per_s,seconds,lr,val_loss,accuracy,val_accuracy
// LOG-NEXT: {{^1,[-+0-9.e]+,[0-9.]+,[0-9.]+,0.5,,[0-9.]+,$}}

// The train accuracy of each epoch is that of the batches' scores before
// their update: replayed here with NumPy (SGD on the softmax
// cross-entropy).
// RUN: %python -c "import numpy as np; b = open('%t/img', 'rb').read(); x = (np.frombuffer(b[16:], np.uint8).astype(np.float32) / np.float32(255)).reshape(8, 6).astype(float); y = np.frombuffer(open('%t/lab', 'rb').read()[8:], np.uint8).astype(int); exec(open('%S/Inputs/classifier_sgd.py').read()); rows = [r.split(',') for r in open('%t/log.csv').read().splitlines()[1:]]; got = [float(r[6]) for r in rows]; want = replay(x, y, 0.5, 4, 2); assert got == want, (got, want)"

// dlc eval: the loss and the accuracy of the written parameters on the IDX
// data, checked with NumPy; the gzip-compressed files give the same
// parameters, and the arrays NumPy converts the bytes to too.
// RUN: dlc eval %{model} --params %t/out -i x=%t/img -i y=%t/lab --batch 4 > %t/eval.txt
// RUN: FileCheck %s --check-prefix=EVAL < %t/eval.txt
// EVAL: {{^loss [0-9.e+-]+$}}
// EVAL-NEXT: {{^accuracy [0-9.e+-]+$}}
// RUN: %python -c "import numpy as np; b = open('%t/img', 'rb').read(); x = (np.frombuffer(b[16:], np.uint8).astype(np.float32) / np.float32(255)).reshape(8, 6).astype(float); y = np.frombuffer(open('%t/lab', 'rb').read()[8:], np.uint8).astype(int); w = np.load('%t/out/fc.weight.npy'); c = np.load('%t/out/fc.bias.npy'); z = x @ w + c; p = z - z.max(1, keepdims=True); lp = p - np.log(np.exp(p).sum(1, keepdims=True)); loss = -lp[np.arange(8), y].mean(); acc = (z.argmax(1) == y).mean(); got = dict(l.split() for l in open('%t/eval.txt')); assert abs(float(got['loss']) - loss) < 1e-5 and abs(float(got['accuracy']) - acc) < 1e-8, (got, loss, acc)"
// RUN: dlc train %{model} -i x=%t/img.gz -i y=%t/lab --optimizer sgd --lr 0.5 --batch 4 --epochs 2 -o %t/gz > /dev/null
// RUN: %python -c "import numpy as np; b = open('%t/img', 'rb').read(); np.save('%t/x.npy', (np.frombuffer(b[16:], np.uint8).astype(np.float32) / np.float32(255)).reshape(8, 6)); np.save('%t/y.npy', np.frombuffer(open('%t/lab', 'rb').read()[8:], np.uint8).astype(np.int64))"
// RUN: dlc train %{model} -i x=%t/x.npy -i y=%t/y.npy --optimizer sgd --lr 0.5 --batch 4 --epochs 2 -o %t/npy > /dev/null
// RUN: %python -c "import numpy as np; assert all(np.array_equal(np.load('%t/out/' + f), np.load(d + f)) for f in ('fc.weight.npy', 'fc.bias.npy') for d in ('%t/gz/', '%t/npy/'))"

// Validation data from IDX files too: val_accuracy on each line and in the
// log.
// RUN: dlc train %{model} -i x=%t/img -i y=%t/lab --val x=%t/img.gz --val y=%t/lab --optimizer sgd --lr 0.5 --batch 4 --log %t/val.csv -o %t/val | FileCheck %s --check-prefix=VAL
// VAL: epoch 1/1: loss {{[0-9.]+}}, accuracy {{[0-9.]+}}, val_loss {{[0-9.]+}}, val_accuracy {{[0-9.]+}}, {{[0-9.]+}} samples/s
// RUN: FileCheck %s --check-prefix=VALLOG < %t/val.csv
// VALLOG: epoch,loss,samples_per_s,seconds,lr,val_loss,accuracy,val_accuracy
// VALLOG-NEXT: {{^1,[-+0-9.e]+,[0-9.]+,[0-9.]+,0.5,[0-9.e+-]+,[0-9.]+,[0-9.]+$}}

// A regression loss (train-model.mlir) has no accuracy: six CSV columns,
// dlc eval prints the loss only.
// RUN: %python -c "import numpy as np; np.save('%t/rx.npy', np.ones((4, 3), np.float32)); np.save('%t/rt.npy', np.ones((4, 2), np.float32))"
// RUN: dlc train %S/Inputs/train-model.mlir -i x=%t/rx.npy -i t=%t/rt.npy --optimizer sgd --lr 0.1 --batch 2 --log %t/reg.csv -o %t/reg | FileCheck %s --check-prefix=REG
// REG-NOT: accuracy
// RUN: FileCheck %s --check-prefix=REGLOG < %t/reg.csv
// REGLOG: {{^epoch,loss,samples_per_s,seconds,lr,val_loss$}}
// RUN: dlc eval %S/Inputs/train-model.mlir --params %t/reg -i x=%t/rx.npy -i t=%t/rt.npy --batch 2 | FileCheck %s --check-prefix=REGEVAL
// REGEVAL: loss
// REGEVAL-NOT: accuracy

// IDX labels feed a float target input as float32 values, in its shape
// (4x1): the same parameters as float targets from a .npy array.
// RUN: %python -c "import numpy as np; np.save('%t/t.npy', np.frombuffer(open('%t/lab', 'rb').read()[8:], np.uint8).astype(np.float32).reshape(8, 1))"
// RUN: dlc train %S/Inputs/regressor.mlir -i x=%t/img -i t=%t/lab --optimizer sgd --lr 0.1 --batch 4 --epochs 2 -o %t/regidx | FileCheck %s --check-prefix=REGIDX
// REGIDX-NOT: accuracy
// RUN: dlc train %S/Inputs/regressor.mlir -i x=%t/x.npy -i t=%t/t.npy --optimizer sgd --lr 0.1 --batch 4 --epochs 2 -o %t/regnpy > /dev/null
// RUN: %python -c "import numpy as np; a, b = np.load('%t/regidx/fc.weight.npy'), np.load('%t/regnpy/fc.weight.npy'); assert np.array_equal(a, b) and not np.allclose(a.ravel(), [0.5, -1, 0.25, 2, -0.5, 1.5]), (a, b)"

// Labels equal to the loss's ignore index count for neither loss nor
// accuracy (classifier-ignore.mlir ignores class 2): dlc eval's accuracy is
// that of the other labels, checked with NumPy.
// RUN: dlc eval %S/Inputs/classifier-ignore.mlir --params %t/out -i x=%t/img -i y=%t/lab --batch 4 > %t/ignore.txt
// RUN: %python -c "import numpy as np; b = open('%t/img', 'rb').read(); x = (np.frombuffer(b[16:], np.uint8).astype(np.float32) / np.float32(255)).reshape(8, 6).astype(float); y = np.frombuffer(open('%t/lab', 'rb').read()[8:], np.uint8).astype(int); z = x @ np.load('%t/out/fc.weight.npy') + np.load('%t/out/fc.bias.npy'); keep = y != 2; acc = (z.argmax(1) == y)[keep].mean(); got = dict(l.split() for l in open('%t/ignore.txt')); assert abs(float(got['accuracy']) - acc) < 1e-8 and acc != (z.argmax(1) == y).mean(), (got, acc)"
