// Bad input to `dlc run`/`bench`: each ends with "dlc: error: ...", exit code 1,
// and no output file.
// RUN: rm -rf %t && mkdir -p %t
// RUN: /usr/bin/python3 -c "import numpy as np; np.save('%t/ok.npy', np.ones((2,3), np.float32)); np.save('%t/shape.npy', np.ones((3,2), np.float32)); np.save('%t/f64.npy', np.ones((2,3))); open('%t/corrupt.npy', 'wb').write(b'\x93NUMPY\x01\x00v\x00{garbage')"

// A missing input is named, with its shape.
// RUN: dlc run %s -o %t/out 2>&1 > /dev/null; echo "exit=$?" > %t/rc; cat %t/rc | FileCheck %s --check-prefix=EXIT
// RUN: not dlc run %s 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: dlc: error: missing input(s): x (2x3); pass them with -i NAME=FILE
// EXIT: exit=1

// A misnamed input lists the real ones.
// RUN: not dlc run %s -i y=%t/ok.npy 2>&1 | FileCheck %s --check-prefix=MISNAMED
// MISNAMED: dlc: error: the model has no input named 'y' (its inputs: x)

// RUN: not dlc run %s -i x 2>&1 | FileCheck %s --check-prefix=NOEQ
// NOEQ: dlc: error: -i expects NAME=FILE, got 'x'

// RUN: not dlc run %s -i x=%t/ok.npy -i x=%t/ok.npy 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: dlc: error: input 'x' is given twice

// RUN: not dlc run %s -i x=%t/shape.npy 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: dlc: error: input 'x' from '{{.*}}shape.npy' has shape 3x2 but the model expects 2x3

// RUN: not dlc run %s -i x=%t/f64.npy 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: dlc: error: input 'x' is f32: '{{.*}}f64.npy' has dtype '<f8' but float32 ('<f4') is expected

// RUN: not dlc run %s -i x=%t/corrupt.npy 2>&1 | FileCheck %s --check-prefix=CORRUPT
// CORRUPT: dlc: error: '{{.*}}corrupt.npy' {{is truncated|has a malformed header}}

// RUN: not dlc run %s -i x=%t/missing.npy 2>&1 | FileCheck %s --check-prefix=NOFILE
// NOFILE: dlc: error: cannot open '{{.*}}missing.npy': No such file or directory

// RUN: not dlc run %s -i x=%t/ok.txt 2>&1 | FileCheck %s --check-prefix=INEXT
// INEXT: dlc: error: '{{.*}}ok.txt': unknown input file type '.txt' (expected .npy or .pb, an IDX file, or FILE:cifar-images and FILE:cifar-labels)

// An output directory that cannot be created; nothing is written.
// RUN: touch %t/file
// RUN: not dlc run %s -i x=%t/ok.npy -o %t/file/sub 2>&1 | FileCheck %s --check-prefix=OUTDIR
// OUTDIR: dlc: error: cannot create the output directory '{{.*}}file/sub': Not a directory

// A good run writes the sanitized output name.
// RUN: dlc run %s -i x=%t/ok.npy -o %t/good | FileCheck %s --check-prefix=GOOD
// RUN: ls %t/good | FileCheck %s --check-prefix=FILES
// GOOD: output 'y:0' 2x3: [2, 2, 2, 2, 2, 2]
// GOOD: time_ms:
// FILES: y_0.npy

// bench fills missing inputs and checks its own options.
// RUN: dlc bench %s --iters 2 --warmup 0 --threads 1 | FileCheck %s --check-prefix=BENCH
// BENCH: threads: 1
// BENCH: median_ms:
// RUN: not dlc bench %s --iters 0 2>&1 | FileCheck %s --check-prefix=ITERS
// ITERS: dlc: error: --iters must be >= 1 and --warmup >= 0
// RUN: not dlc run %s --threads -2 2>&1 | FileCheck %s --check-prefix=THREADS
// THREADS: dlc: error: --threads must be >= 0 (0 uses every core)
// RUN: not dlc run %s --frobnicate 2>&1 | FileCheck %s --check-prefix=FLAG
// FLAG: dlc: error: Unknown command line argument '--frobnicate'.
// RUN: not dlc frobnicate 2>&1 | FileCheck %s --check-prefix=NOCMD
// NOCMD: dlc: error:

func.func @main(%x: tensor<2x3xf32> {dlc.name = "x"}) -> (tensor<2x3xf32> {dlc.name = "y:0"}) {
  %y = dlc.add %x, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// Tensors larger than the machine's memory are refused before anything is
// allocated (bench fills its inputs itself): an error, not a bad_alloc.
// RUN: not dlc bench %S/Inputs/huge.mlir --iters 1 --no-cache 2>&1 | FileCheck %s --check-prefix=HUGE
// HUGE: dlc: error: the model's inputs, outputs and temporaries take 72.8 TiB, more than this machine's memory ({{.*}} GiB); the largest, input 'x' (100000x100000x1000), takes 36.4 TiB
