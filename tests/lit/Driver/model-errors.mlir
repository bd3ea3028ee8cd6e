// Bad model files: each ends with "dlc: error: <file>[:line:col]: ...", exit 1.
// RUN: rm -rf %t && mkdir -p %t
// RUN: head -c 200 %S/Inputs/two-layer.mlir > %t/truncated.mlir
// RUN: not dlc run %t/truncated.mlir 2>&1 | FileCheck %s --check-prefix=TRUNC
// TRUNC: dlc: error: {{.*}}truncated.mlir:{{[0-9]+}}:{{[0-9]+}}:

// RUN: not dlc run %S/Inputs/unknown-op.mlir 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: dlc: error: {{.*}}unknown-op.mlir:3:8: custom op 'dlc.frobnicate' is unknown

// RUN: not dlc compile %S/Inputs/shape-mismatch.mlir --emit=obj -o %t/shape.o 2>&1 | FileCheck %s --check-prefix=MISMATCH
// RUN: not ls %t/shape.o %t/shape.h
// MISMATCH: dlc: error: {{.*}}shape-mismatch.mlir:3:8: 'dlc.matmul' op contracting dimensions differ: lhs 2x3 has K = 3 but rhs 4x5 has K = 4

// RUN: not dlc run %S/Inputs/dynamic.mlir 2>&1 | FileCheck %s --check-prefix=DYNAMIC
// DYNAMIC: dlc: error: {{.*}}dynamic.mlir:2:1: input 0 must be a statically shaped f32 tensor, got 'tensor<?xf32>'

// RUN: not dlc run %S/Inputs/no-main.mlir 2>&1 | FileCheck %s --check-prefix=NOMAIN
// NOMAIN: dlc: error: {{.*}}no-main.mlir: expected a model function: @main or a single public func.func

// RUN: touch %t/empty.mlir
// RUN: not dlc run %t/empty.mlir 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: dlc: error: {{.*}}empty.mlir:{{.*}}expected a model function

// RUN: not dlc run %t/nonexistent.mlir 2>&1 | FileCheck %s --check-prefix=NOFILE
// NOFILE: dlc: error: {{.*}}nonexistent.mlir: cannot read the model: cannot open input file '{{.*}}nonexistent.mlir': No such file or directory

// RUN: touch %t/model.txt
// RUN: not dlc compile %t/model.txt 2>&1 | FileCheck %s --check-prefix=EXT
// EXT: dlc: error: {{.*}}model.txt: unknown model file type '.txt' (expected .mlir or .onnx)

// RUN: touch %t/model.onnx
// RUN: not dlc run %t/model.onnx 2>&1 | FileCheck %s --check-prefix=ONNX
// ONNX: dlc: error: {{.*}}model.onnx: not an ONNX model: the file holds no graph with outputs

// An unwritable output path is refused before compiling; nothing is written.
// RUN: not dlc compile %S/Inputs/two-layer.mlir --emit=so -o %t/no/such/dir/m.so 2>&1 | FileCheck %s --check-prefix=UNWRITABLE
// UNWRITABLE: dlc: error: cannot write '{{.*}}no/such/dir/m.so': No such file or directory

// RUN: not dlc compile %S/Inputs/two-layer.mlir --emit=bogus 2>&1 | FileCheck %s --check-prefix=EMIT
// EMIT: dlc: error: unknown --emit=bogus (expected dlc, linalg, llvm, asm, obj, so or dot)
// RUN: not dlc compile %S/Inputs/two-layer.mlir -O7 2>&1 | FileCheck %s --check-prefix=OPT
// OPT: dlc: error: -O7 is not a level; use -O0 to -O3
