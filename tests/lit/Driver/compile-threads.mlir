// A large model's LLVM IR is split into parts (whole functions) that are
// optimized and compiled on several threads (--compile-threads); the code
// is the same, so the outputs are bit for bit those of one part. The cache
// entry lists its object files' sizes: several parts, or one.
// RUN: rm -rf %t && mkdir -p %t
// RUN: dlc zoo resnet18 --classes 10 --input-size 32 -o %t/r18.mlir
// RUN: /usr/bin/python3 -c "import numpy as np; np.save('%t/x.npy', np.random.RandomState(0).randn(1, 3, 32, 32).astype(np.float32))"
// RUN: dlc run %t/r18.mlir -i input=%t/x.npy --compile-threads 1 --cache-dir %t/c1 -o %t/one > /dev/null
// RUN: dlc run %t/r18.mlir -i input=%t/x.npy --compile-threads 3 --cache-dir %t/c3 -o %t/three > /dev/null
// RUN: cat %t/c1/*.json | FileCheck %s --check-prefix=ONE
// RUN: cat %t/c3/*.json | FileCheck %s --check-prefix=PARTS
// RUN: cmp %t/one/logits.npy %t/three/logits.npy
// The cached parts link and give the same outputs.
// RUN: dlc run %t/r18.mlir -i input=%t/x.npy --cache-dir %t/c3 --time-phases -o %t/hit 2>&1 | FileCheck %s --check-prefix=HIT
// RUN: cmp %t/one/logits.npy %t/hit/logits.npy
// ONE: "objects":[{{[0-9]+}}]
// PARTS: "objects":[{{[0-9]+}},{{[0-9]+}},{{[0-9]+}}{{.*}}]
// HIT: phase_ms cache:

// A shared library links the parts' objects (compile --emit=so; an object
// file stays one part): every symbol resolves when it is loaded.
// RUN: dlc compile %t/r18.mlir --emit=so --no-cache --compile-threads 3 -o %t/r18.so
// RUN: %python -c "import ctypes, os; lib = ctypes.CDLL('%t/r18.so', mode=os.RTLD_NOW); lib.dlc_resnet18_packed; lib.dlc_resnet18_prepare_packed"
// RUN: dlc compile %t/r18.mlir --emit=obj --no-cache --compile-threads 3 -o %t/r18.o
// RUN: nm %t/r18.o | FileCheck %s --check-prefix=OBJ
// OBJ-DAG: T dlc_resnet18_packed
// OBJ-DAG: t resnet18_kernel{{(_[0-9]+)?}}..omp_par
