// MLIR's own pass instrumentation on the commands that compile: the module
// after every pass or after the passes named, and the pass timing report,
// on stderr (stdout keeps the command's output).
// RUN: rm -rf %t && mkdir -p %t
// RUN: dlc compile %S/Inputs/two-layer.mlir --emit=llvm -o %t/m.ll --print-ir-after=dlc-tile-and-vectorize 2> %t/after.txt
// RUN: FileCheck %s --check-prefix=AFTER < %t/after.txt
// AFTER: IR Dump After TileAndVectorize (dlc-tile-and-vectorize)
// AFTER: vector.outerproduct
// AFTER-NOT: IR Dump After
// RUN: dlc compile %S/Inputs/two-layer.mlir --emit=llvm -o %t/m.ll --print-ir-after=canonicalize,convert-func-to-llvm 2>&1 | FileCheck %s --check-prefix=TWO
// TWO: IR Dump After Canonicalizer (canonicalize)
// TWO: IR Dump After ConvertFuncToLLVMPass (convert-func-to-llvm)
// TWO: llvm.func
// RUN: dlc compile %S/Inputs/two-layer.mlir --emit=llvm -o %t/m.ll --print-ir-after-all 2>&1 | FileCheck %s --check-prefix=ALL
// ALL: IR Dump After Canonicalizer (canonicalize)
// ALL: IR Dump After ConvertDLCToLinalg (convert-dlc-to-linalg)
// ALL: IR Dump After TileAndVectorize (dlc-tile-and-vectorize)
// ALL: IR Dump After OneShotBufferizePass (one-shot-bufferize)
// ALL: IR Dump After ReconcileUnrealizedCastsPass (reconcile-unrealized-casts)
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.ones((4, 8), np.float32))"
// RUN: dlc run %S/Inputs/two-layer.mlir -i x=%t/x.npy --no-cache --mlir-timing 2> %t/timing.txt | FileCheck %s --check-prefix=RUNOUT
// RUN: FileCheck %s --check-prefix=TIMING < %t/timing.txt
// RUNOUT: output 'y' 4x2
// TIMING: Execution time report
// TIMING: TileAndVectorize
// TIMING: Total
// A pass that is not in the pipeline is an error, before compiling.
// RUN: not dlc run %S/Inputs/two-layer.mlir --print-ir-after=dlc-no-such-pass 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: dlc: error: --print-ir-after: no pass 'dlc-no-such-pass' in dlc's pipeline (its passes: canonicalize, {{.*}}dlc-tile-and-vectorize{{.*}})
