// dlc run on IDX files (Inputs/write-data-files.py), as dlc train reads
// them: 4 images of 2x3 bytes as the classifier's 4x6 input (byte / 255),
// gzip-compressed labels as its int64 input; the loss checked with NumPy.
// RUN: rm -rf %t && mkdir -p %t && %python %S/Inputs/write-data-files.py %t
// RUN: dlc run %S/Inputs/classifier.mlir -i x=%t/img4 -i y=%t/lab4.gz -o %t/out
// RUN: %python -c "import numpy as np; b = open('%t/img4', 'rb').read(); x = (np.frombuffer(b[16:], np.uint8).astype(np.float32) / np.float32(255)).reshape(4, 6).astype(float); y = np.array([0, 1, 2, 0]); w = np.array([[0.5, -1.0, 0.2], [0.25, 2.0, -0.3], [-0.5, 1.5, 0.1], [1.0, 0.0, -1.0], [0.3, -0.2, 0.7], [-0.8, 0.4, 0.6]]); z = x @ w + np.array([0.1, -0.2, 0.05]); p = z - z.max(1, keepdims=True); lp = p - np.log(np.exp(p).sum(1, keepdims=True)); want = -lp[np.arange(4), y].mean(); got = float(np.load('%t/out/loss.npy')); assert abs(got - want) < 1e-5, (got, want)"

// Errors: images that do not fit, images into the labels input (of another
// size; of the same), a file that is no IDX file.
// RUN: not dlc run %S/Inputs/classifier.mlir -i x=%t/img -i y=%t/lab4.gz 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: dlc: error: input 'x' from '{{.*}}img' has shape 8x6 but the model expects 4x6
// RUN: not dlc run %S/Inputs/classifier.mlir -i x=%t/img4 -i y=%t/img4 2>&1 | FileCheck %s --check-prefix=KIND
// KIND: dlc: error: input 'y' from '{{.*}}img4': its images of 2x3 (6 values each) do not fit the model's input 4 (1 value per sample)
// RUN: not dlc run %S/Inputs/classifier.mlir -i x=%t/img4 -i y=%t/img4x1x1 2>&1 | FileCheck %s --check-prefix=TYPE
// TYPE: dlc: error: input 'y' is i64: '{{.*}}img4x1x1' holds images
// RUN: not dlc run %S/Inputs/classifier.mlir -i x=%t/notidx -i y=%t/lab4.gz 2>&1 | FileCheck %s --check-prefix=MAGIC
// MAGIC: dlc: error: '{{.*}}notidx': not an IDX file (no IDX magic number 0x000008NN) nor .npy; CIFAR-10 batches are read as FILE:cifar-images and FILE:cifar-labels
