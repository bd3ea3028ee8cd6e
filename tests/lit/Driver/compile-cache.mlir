// The compile cache: the second run (or compile) of a model, or of the same
// model with other weights, loads its code ("phase_ms cache"); other
// options, another CPU, another dlc build, a damaged entry or --no-cache
// compile it ("phase_ms llvm-ir").
// Outputs, worked out by hand: y = relu(x W^T + b) with W = 0.5 (2x3), b =
// [1, -4] and x = [1, 2, 3]: [4, 0]; with W = 0.25 (other weights): [2.5, 0].
// RUN: rm -rf %t && mkdir -p %t
// RUN: /usr/bin/python3 -c "import numpy as np; np.save('%t/x.npy', np.array([[1, 2, 3]], np.float32))"
// RUN: sed 's/dense<5.000000e-01>/dense<2.500000e-01>/' %s > %t/other.mlir
// RUN: dlc run %s -i x=%t/x.npy --cache-dir %t/c --time-phases 2>&1 | FileCheck %s --check-prefixes=MISS,Y
// RUN: ls %t/c/*.o %t/c/*.json | count 2
// RUN: dlc run %s -i x=%t/x.npy --cache-dir %t/c --time-phases 2>&1 | FileCheck %s --check-prefixes=HIT,Y
// MISS: phase_ms llvm-ir:
// HIT-NOT: phase_ms llvm-ir:
// HIT: phase_ms cache:
// Y: output 'y' 1x2: [4, 0]

// Other weights: the same code.
// RUN: dlc run %t/other.mlir -i x=%t/x.npy --cache-dir %t/c --time-phases 2>&1 | FileCheck %s --check-prefixes=HIT,OTHER
// RUN: ls %t/c/*.o | count 1
// OTHER: output 'y' 1x2: [2.5, 0]

// Other options compile anew: another entry each.
// RUN: dlc run %s -i x=%t/x.npy --cache-dir %t/c -O1 --time-phases 2>&1 | FileCheck %s --check-prefixes=MISS,Y
// RUN: dlc run %s -i x=%t/x.npy --cache-dir %t/c --params-as-constants --time-phases 2>&1 | FileCheck %s --check-prefixes=MISS,Y
// RUN: ls %t/c/*.o | count 3

// Another dlc build (here: the same binary elsewhere) does not trust them.
// RUN: cp "$(command -v dlc)" %t/dlc-copy
// RUN: %t/dlc-copy run %s -i x=%t/x.npy --cache-dir %t/c --time-phases 2>&1 | FileCheck %s --check-prefixes=MISS,Y

// A damaged object or description is detected and rebuilt.
// RUN: rm -rf %t/d && dlc run %s -i x=%t/x.npy --cache-dir %t/d > /dev/null
// RUN: for f in %t/d/*.o; do printf 'garbage' > "$f"; done
// RUN: dlc run %s -i x=%t/x.npy --cache-dir %t/d --time-phases 2>&1 | FileCheck %s --check-prefixes=MISS,Y
// RUN: dlc run %s -i x=%t/x.npy --cache-dir %t/d --time-phases 2>&1 | FileCheck %s --check-prefixes=HIT,Y
// RUN: for f in %t/d/*.json; do printf '{"format": 1, "sha' > "$f"; done
// RUN: dlc run %s -i x=%t/x.npy --cache-dir %t/d --time-phases 2>&1 | FileCheck %s --check-prefixes=MISS,Y
// RUN: for f in %t/d/*.o; do head -c 100 "$f" > %t/head.o && mv %t/head.o "$f"; done
// RUN: dlc run %s -i x=%t/x.npy --cache-dir %t/d --time-phases 2>&1 | FileCheck %s --check-prefixes=MISS,Y

// An object that does not link, even with a matching checksum and size, is
// rebuilt; so is an entry whose object sizes do not add up to its file's.
// RUN: for f in %t/d/*.o; do head -c 3000 /dev/urandom > "$f"; done
// RUN: for j in %t/d/*.json; do /usr/bin/python3 -c "import hashlib, json, sys; j = sys.argv[1]; d = json.load(open(j)); d['sha256'] = hashlib.sha256(open(j[:-5] + '.o', 'rb').read()).hexdigest(); d['objects'] = [3000]; json.dump(d, open(j, 'w'))" "$j"; done
// RUN: dlc run %s -i x=%t/x.npy --cache-dir %t/d --time-phases > %t/relink.txt 2>&1
// RUN: FileCheck %s --check-prefix=RELINK < %t/relink.txt
// RUN: FileCheck %s --check-prefix=Y < %t/relink.txt
// RELINK: phase_ms cache:
// RELINK: phase_ms llvm-ir:
// RUN: dlc run %s -i x=%t/x.npy --cache-dir %t/d --time-phases 2>&1 | FileCheck %s --check-prefixes=HIT,Y
// RUN: for j in %t/d/*.json; do /usr/bin/python3 -c "import json, sys; j = sys.argv[1]; d = json.load(open(j)); d['objects'] = [1] + d['objects']; json.dump(d, open(j, 'w'))" "$j"; done
// RUN: dlc run %s -i x=%t/x.npy --cache-dir %t/d --time-phases 2>&1 | FileCheck %s --check-prefixes=MISS,Y
// RUN: dlc run %s -i x=%t/x.npy --cache-dir %t/d --time-phases 2>&1 | FileCheck %s --check-prefixes=HIT,Y

// Two processes compiling the same model at once: both run, one entry.
// RUN: rm -rf %t/e
// RUN: dlc run %s -i x=%t/x.npy --cache-dir %t/e > %t/p1.txt & dlc run %s -i x=%t/x.npy --cache-dir %t/e > %t/p2.txt; wait
// RUN: FileCheck %s --check-prefix=Y < %t/p1.txt
// RUN: FileCheck %s --check-prefix=Y < %t/p2.txt
// RUN: ls %t/e/*.o | count 1
// RUN: ls -A %t/e | count 2
// RUN: dlc run %s -i x=%t/x.npy --cache-dir %t/e --time-phases 2>&1 | FileCheck %s --check-prefixes=HIT,Y

// --no-cache neither reads nor writes; an unwritable cache only costs time.
// RUN: dlc run %s -i x=%t/x.npy --cache-dir %t/n --no-cache --time-phases 2>&1 | FileCheck %s --check-prefixes=MISS,Y
// RUN: not ls %t/n
// RUN: touch %t/file
// RUN: dlc run %s -i x=%t/x.npy --cache-dir %t/file/sub --time-phases 2>&1 | FileCheck %s --check-prefixes=MISS,Y
// The size bound: storing past it removes other entries (least recently
// used first), never the new one; stale temporary files of interrupted
// writers go too, fresh ones stay.
// RUN: rm -rf %t/l && mkdir -p %t/l
// RUN: dlc run %s -i x=%t/x.npy --cache-dir %t/l > /dev/null
// RUN: dlc run %s -i x=%t/x.npy --cache-dir %t/l -O1 > /dev/null
// RUN: ls %t/l/*.o | count 2
// RUN: touch -d '2 hours ago' %t/l/.tmp-stale && touch %t/l/.tmp-fresh
// RUN: dlc run %s -i x=%t/x.npy --cache-dir %t/l -O2 --cache-max-mb 0 --time-phases 2>&1 | FileCheck %s --check-prefixes=MISS,Y
// RUN: ls %t/l/*.o | count 1
// RUN: not ls %t/l/.tmp-stale
// RUN: ls %t/l/.tmp-fresh
// RUN: dlc run %s -i x=%t/x.npy --cache-dir %t/l -O2 --time-phases 2>&1 | FileCheck %s --check-prefixes=HIT,Y
// RUN: not dlc run %s -i x=%t/x.npy --cache-max-mb -1 2>&1 | FileCheck %s --check-prefix=NEGATIVE
// NEGATIVE: dlc: error: --cache-max-mb must be >= 0
// dlc compile keeps the object of --emit=obj|so too: the second compile
// loads it, and writes the same artefacts.
// RUN: rm -rf %t/a && mkdir -p %t/a
// RUN: dlc compile %s --emit=obj -o %t/a/m1.o --cache-dir %t/ac --time-phases 2>&1 | FileCheck %s --check-prefix=MISS
// RUN: dlc compile %s --emit=obj -o %t/a/m2.o --cache-dir %t/ac --time-phases 2>&1 | FileCheck %s --check-prefix=HIT
// RUN: cmp %t/a/m1.o %t/a/m2.o
// RUN: cmp %t/a/m1.safetensors %t/a/m2.safetensors
// RUN: cmp %t/a/m1.h %t/a/m2.h
// RUN: dlc compile %s --emit=so -o %t/a/m.so --cache-dir %t/ac --time-phases 2>&1 | FileCheck %s --check-prefix=HIT
// Another CPU is another entry; --embed-params is not cached.
// RUN: dlc compile %s --emit=obj -o %t/a/m3.o --cache-dir %t/ac --target-cpu=x86-64-v3 --time-phases 2>&1 | FileCheck %s --check-prefix=MISS
// RUN: ls %t/ac/*.o | count 2
// RUN: dlc compile %s --emit=so --embed-params -o %t/a/e.so --cache-dir %t/ae
// RUN: not ls %t/ae
func.func @main(%x: tensor<1x3xf32> {dlc.name = "x"}) -> (tensor<1x2xf32> {dlc.name = "y"}) {
  %w = dlc.constant {dlc.param = "trainable"} dense<5.000000e-01> : tensor<2x3xf32>
  %b = dlc.constant {dlc.param = "trainable"} dense<[1.0, -4.0]> : tensor<2xf32>
  %g = dlc.gemm %x, %w, %b {trans_b = true} : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %y = dlc.relu %g : tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
