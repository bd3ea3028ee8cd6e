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

// The shape input's values come from its file: [3, 4].
// RUN: dlc run %t/reshape_input.onnx -i x=%t/x26.npy -i shape=%t/shape34.npy | FileCheck %s --check-prefix=RESHAPE
// RESHAPE: output 'y' 3x4: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
