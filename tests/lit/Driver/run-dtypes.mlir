// i64 inputs and outputs in `dlc run`/`bench`: '<i8' files, '<i4' files
// widened, i64 outputs written as '<i8' exactly as numpy.save writes them,
// and a wrong dtype named with the input, the expected and the actual dtype
// ("dlc: error: ...", exit code 1, nothing written).
// RUN: rm -rf %t && mkdir -p %t
// RUN: /usr/bin/python3 -c "import numpy as np; np.save('%t/x.npy', np.array([[0.5, 1.5, -2], [0, 3.25, -1]], np.float32)); l = np.array([[0, 1, -7], [1000000, 2, -1]]); np.save('%t/l64.npy', l); np.save('%t/l32.npy', l.astype(np.int32)); np.save('%t/lf32.npy', l.astype(np.float32)); np.save('%t/lu8.npy', np.zeros((2, 3), np.uint8)); np.save('%t/ref.npy', np.array([[1, 2]], np.int64))"

// int64 labels: the i64 outputs are the bytes numpy.save writes.
// RUN: dlc run %s -i x=%t/x.npy -i labels=%t/l64.npy -o %t/out64 | FileCheck %s --check-prefix=PRINTED
// RUN: cmp %t/out64/labels_out.npy %t/l64.npy
// RUN: cmp %t/out64/keep.npy %t/ref.npy
// RUN: /usr/bin/python3 -c "import numpy as np; y = np.load('%t/out64/y.npy'); assert y.dtype == np.float32 and y.tolist() == [[0.5, 2.5, -9], [1000000, 5.25, -2]], y"
// PRINTED: output 'y' 2x3: [0.5, 2.5, -9, 1e+06, 5.25, -2]
// PRINTED: output 'labels_out' 2x3 i64: [0, 1, -7, 1000000, 2, -1]
// PRINTED: output 'keep' 1x2 i64: [1, 2]

// int32 labels are widened to int64.
// RUN: dlc run %s -i x=%t/x.npy -i labels=%t/l32.npy -o %t/out32 | FileCheck %s --check-prefix=PRINTED
// RUN: cmp %t/out32/labels_out.npy %t/l64.npy
// RUN: cmp %t/out32/keep.npy %t/ref.npy

// A float file for the i64 input, an integer file for the f32 input, and
// an unsupported integer dtype.
// RUN: not dlc run %s -i x=%t/x.npy -i labels=%t/lf32.npy -o %t/bad1 2>&1 | FileCheck %s --check-prefix=LABELS-F32
// LABELS-F32: dlc: error: input 'labels' is i64: '{{.*}}lf32.npy' has dtype '<f4' but int64 ('<i8', or int32 '<i4') is expected
// RUN: not dlc run %s -i x=%t/l64.npy -i labels=%t/l64.npy -o %t/bad2 2>&1 | FileCheck %s --check-prefix=X-I64
// X-I64: dlc: error: input 'x' is f32: '{{.*}}l64.npy' has dtype '<i8' but float32 ('<f4') is expected
// RUN: not dlc run %s -i x=%t/x.npy -i labels=%t/lu8.npy -o %t/bad3 2>&1 | FileCheck %s --check-prefix=LABELS-U8
// LABELS-U8: dlc: error: input 'labels' is i64: '{{.*}}lu8.npy' has dtype '|u1' but int64 ('<i8', or int32 '<i4') is expected
// RUN: not ls %t/bad1 %t/bad2 %t/bad3

// A missing i64 input is named with its shape; bench fills it with zeros.
// RUN: not dlc run %s -i x=%t/x.npy 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: dlc: error: missing input(s): labels (2x3); pass them with -i NAME=FILE
// RUN: dlc bench %s --iters 2 --warmup 1 --threads 1 | FileCheck %s --check-prefix=BENCH
// BENCH: iterations: 2 (warmup 1)
// BENCH: median_ms:

#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @main(%x: tensor<2x3xf32> {dlc.name = "x"}, %labels: tensor<2x3xi64> {dlc.name = "labels"})
    -> (tensor<2x3xf32> {dlc.name = "y"}, tensor<2x3xi64> {dlc.name = "labels_out"},
        tensor<1x2xi64> {dlc.name = "keep"}) {
  // y = x + float(labels)
  %init = tensor.empty() : tensor<2x3xf32>
  %y = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %labels : tensor<2x3xf32>, tensor<2x3xi64>) outs(%init : tensor<2x3xf32>) {
  ^bb0(%a: f32, %l: i64, %o: f32):
    %f = arith.sitofp %l : i64 to f32
    %s = arith.addf %a, %f : f32
    linalg.yield %s : f32
  } -> tensor<2x3xf32>
  %boxes = dlc.constant dense<[[[0.0, 0.0, 2.0, 2.0], [0.0, 0.0, 2.0, 2.1], [5.0, 5.0, 6.0, 6.0]]]> : tensor<1x3x4xf32>
  %scores = dlc.constant dense<[[0.2, 0.9, 0.1]]> : tensor<1x3xf32>
  %keep = dlc.nms %boxes, %scores {iou_threshold = 0.5 : f32, max_output = 2 : i64} : (tensor<1x3x4xf32>, tensor<1x3xf32>) -> tensor<1x2xi64>
  return %y, %labels, %keep : tensor<2x3xf32>, tensor<2x3xi64>, tensor<1x2xi64>
}
