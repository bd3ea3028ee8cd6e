// dlc train draws its loss and accuracy curves as SVG: beside the --log
// CSV (FILE.svg), or where --curve says; the files render with librsvg.
// RUN: rm -rf %t && mkdir -p %t && %python %S/Inputs/write-data-files.py %t
// DEFINE: %{train} = dlc train %S/Inputs/classifier.mlir -i x=%t/img -i y=%t/lab --optimizer sgd --lr 0.5 --batch 4

// A classification loss with validation data: two panels (loss, accuracy),
// two series each (train, validation), one dot per epoch and series.
// RUN: %{train} --epochs 3 --val x=%t/img.gz --val y=%t/lab --log %t/log.csv -o %t/out > /dev/null
// RUN: FileCheck %s < %t/log.svg
// RUN: rsvg-convert %t/log.svg -o %t/log.png
// RUN: %python -c "import struct; b = open('%t/log.png', 'rb').read(); assert b[:8] == b'\x89PNG\r\n\x1a\n' and struct.unpack('>II', b[16:24]) == (960, 350), b[:24]"
// RUN: %python -c "s = open('%t/log.svg').read(); assert s.count('<polyline') == 4 and s.count('<circle') == 12, s"
// CHECK: <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="960" height="350"
// CHECK: >loss</text>
// CHECK: >train</text>
// CHECK: >validation</text>
// CHECK: >accuracy</text>

// Without accuracy (a regression loss) and without validation: one panel,
// one series; --curve alone, no CSV.
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.ones((4, 3), np.float32)); np.save('%t/t.npy', np.ones((4, 2), np.float32))"
// RUN: dlc train %S/Inputs/train-model.mlir -i x=%t/x.npy -i t=%t/t.npy --optimizer sgd --lr 0.1 --batch 2 --epochs 2 --curve %t/plain.svg -o %t/plain > /dev/null
// RUN: rsvg-convert %t/plain.svg -o %t/plain.png
// RUN: %python -c "s = open('%t/plain.svg').read(); assert 'width=\"480\"' in s and s.count('<polyline') == 1 and 'accuracy' not in s, s"

// Errors: a directory that does not exist, the log's own file.
// RUN: not %{train} --curve %t/no/such/dir/c.svg -o %t/none 2>&1 | FileCheck %s --check-prefix=NODIR
// NODIR: dlc: error: cannot write '{{.*}}no/such/dir/c.svg': No such file or directory
// RUN: not %{train} --log %t/same.csv --curve %t/same.csv -o %t/none 2>&1 | FileCheck %s --check-prefix=SAME
// SAME: dlc: error: --curve and --log name the same file '{{.*}}same.csv'
// RUN: not ls %t/none
