// dlc run on ONNX models: symbolic dimensions specialised from the given
// inputs, .pb (TensorProto) inputs, shape computations folded at import,
// and an int64 input that a Reshape reads as its shape.
// RUN: rm -rf %t && %python %S/Inputs/make_models.py %t

// The batch of 2 comes from the file; no warning then.
// RUN: dlc run %t/cnn.onnx -i image=%t/image2.npy -o %t/npy 2>&1 | FileCheck %s --check-prefix=BATCH
// BATCH-NOT: warning
// BATCH: output 'logits' 2x4:
// A TensorProto input gives the same bytes.
// RUN: dlc run %t/cnn.onnx -i image=%t/image2.pb -o %t/pb
// RUN: cmp %t/npy/logits.npy %t/pb/logits.npy

// Shape -> Gather -> Unsqueeze -> Concat -> Reshape folds to one reshape.
// RUN: dlc import %t/shape_chain.onnx | FileCheck %s --check-prefix=CHAIN
// CHAIN-LABEL: func.func @main
// CHAIN-NEXT: dlc.reshape %arg0 {shape = array<i64: 2, 12>} : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
// CHAIN-NEXT: return

// Mod (the divisor's sign: -7 mod 3 = 2, -7 mod -3 = -1) and ScatterND (5
// at 1, 7 at -1) fold at import: y = a + [2, 1, -1, -2] + [0, 5, 0, 7].
// RUN: %python -c "import numpy as np; np.save('%t/zeros4.npy', np.zeros(4, np.float32))"
// RUN: dlc run %t/mod_scatter.onnx -i a=%t/zeros4.npy | FileCheck %s --check-prefix=MODSCATTER
// MODSCATTER: output 'y' 4: [2, 6, -1, 5]

// A training-mode Dropout of ratio 0 drops nothing: y = a, the mask unused.
// RUN: %python -c "import numpy as np; np.save('%t/a2.npy', np.array([1.5, -2], np.float32))"
// RUN: dlc run %t/dropout_mask_zero.onnx -i a=%t/a2.npy | FileCheck %s --check-prefix=DROPZERO
// DROPZERO: output 'y' 2: [1.5, -2]

// The shape input's values come from its file: [3, 4].
// RUN: dlc run %t/reshape_input.onnx -i x=%t/x26.npy -i shape=%t/shape34.npy | FileCheck %s --check-prefix=RESHAPE
// RESHAPE: output 'y' 3x4: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
