// Malformed data files (Inputs/write-data-files.py) are refused with one
// `dlc: error:` line naming the file, exit code 1, nothing written.
// RUN: rm -rf %t && mkdir -p %t && %python %S/Inputs/write-data-files.py %t
// DEFINE: %{model} = %S/Inputs/classifier.mlir
// DEFINE: %{train} = dlc train %{model} --optimizer sgd --lr 0.1 --batch 4 -o %t/none

// Neither .npy nor IDX; a missing file.
// RUN: not %{train} -i x=%t/notidx -i y=%t/lab 2>&1 | FileCheck %s --check-prefix=MAGIC
// MAGIC: dlc: error: '{{.*}}notidx': not an IDX file (no IDX magic number 0x000008NN) nor .npy; CIFAR-10 batches are read as FILE:cifar-images and FILE:cifar-labels
// RUN: not %{train} -i x=%t/absent -i y=%t/lab 2>&1 | FileCheck %s --check-prefix=ABSENT
// ABSENT: dlc: error: '{{.*}}absent': cannot read: No such file or directory

// IDX headers: an element type other than unsigned bytes, no dimensions,
// fewer dimension words than the magic number promises.
// RUN: not %{train} -i x=%t/float -i y=%t/lab 2>&1 | FileCheck %s --check-prefix=TYPE
// TYPE: dlc: error: '{{.*}}float': IDX element type 0x0D (magic 0x00000D01) is not supported: dlc reads unsigned bytes (0x08)
// RUN: not %{train} -i x=%t/nodims -i y=%t/lab 2>&1 | FileCheck %s --check-prefix=NODIMS
// NODIMS: dlc: error: '{{.*}}nodims': IDX file with no dimensions (magic 0x00000800)
// RUN: not %{train} -i x=%t/header -i y=%t/lab 2>&1 | FileCheck %s --check-prefix=HEADER
// HEADER: dlc: error: '{{.*}}header': truncated IDX header: 3 dimensions need 16 bytes, the file has 8

// IDX data: truncated, or followed by more bytes.
// RUN: not %{train} -i x=%t/trunc -i y=%t/lab 2>&1 | FileCheck %s --check-prefix=TRUNC
// TRUNC: dlc: error: '{{.*}}trunc': truncated IDX data: a 8x2x3 array needs 48 bytes after the header, the file holds 24
// RUN: not %{train} -i x=%t/img -i y=%t/trailing 2>&1 | FileCheck %s --check-prefix=TRAILING
// TRAILING: dlc: error: '{{.*}}trailing': 3 bytes after the data of the IDX 8 array

// gzip: corrupt and truncated streams.
// RUN: not %{train} -i x=%t/badgz -i y=%t/lab 2>&1 | FileCheck %s --check-prefix=BADGZ
// BADGZ: dlc: error: '{{.*}}badgz': corrupt gzip data ({{.+}})
// RUN: not %{train} -i x=%t/truncgz -i y=%t/lab 2>&1 | FileCheck %s --check-prefix=TRUNCGZ
// TRUNCGZ: dlc: error: '{{.*}}truncgz': truncated gzip data (the stream ends early)

// Data that does not fit the model: images of another size, fewer labels
// than images, a label the model has no class for (classifier.mlir has 3).
// RUN: not %{train} -i x=%t/img2x2 -i y=%t/lab 2>&1 | FileCheck %s --check-prefix=SIZE
// SIZE: dlc: error: input 'x' from '{{.*}}img2x2': its images of 2x2 (4 values each) do not fit the model's input 4x6 (6 values per sample)
// RUN: not %{train} -i x=%t/lab -i y=%t/lab 2>&1 | FileCheck %s --check-prefix=LABELS
// LABELS: dlc: error: input 'x' from '{{.*}}lab': its labels (one value per sample) do not fit the model's input 4x6 (6 values per sample)
// RUN: not %{train} -i x=%t/img -i y=%t/img 2>&1 | FileCheck %s --check-prefix=IMAGES
// IMAGES: dlc: error: input 'y' from '{{.*}}img': its images of 2x3 (6 values each) do not fit the model's input 4 (1 value per sample)
// RUN: not %{train} -i x=%t/img -i y=%t/lab7 2>&1 | FileCheck %s --check-prefix=COUNT
// COUNT: dlc: error: inputs 'x' and 'y' hold different numbers of samples (8 and 7): their first dimensions must match (files '{{.*}}img' and '{{.*}}lab7')
// RUN: not %{train} -i x=%t/img -i y=%t/lab9 2>&1 | FileCheck %s --check-prefix=RANGE
// RANGE: dlc: error: input 'y' from '{{.*}}lab9': label 3 of sample 5 is not one of the model's 3 classes (0..2)

// CIFAR-10: a size that is not whole records, a label above 9.
// RUN: not %{train} -i x=%t/odd.bin:cifar-images -i y=%t/odd.bin:cifar-labels 2>&1 | FileCheck %s --check-prefix=RECORDS
// RECORDS: dlc: error: '{{.*}}odd.bin': not a CIFAR-10 binary batch: its 3075 bytes are not a whole number of 3073-byte records (1 label byte and 3x32x32 image bytes)
// RUN: not %{train} -i x=%t/img -i y=%t/cifar100.bin:cifar-labels 2>&1 | FileCheck %s --check-prefix=CIFAR100
// CIFAR100: dlc: error: '{{.*}}cifar100.bin': record 1 has label 12: CIFAR-10 labels are 0..9 (is this a CIFAR-100 batch?)

// The same readers serve --val and dlc eval.
// RUN: not %{train} -i x=%t/img -i y=%t/lab --val x=%t/trunc --val y=%t/lab 2>&1 | FileCheck %s --check-prefix=TRUNC
// RUN: mkdir -p %t/params
// RUN: not dlc eval %{model} --params %t/params -i x=%t/img -i y=%t/truncgz 2>&1 | FileCheck %s --check-prefix=EVALGZ
// EVALGZ: dlc: error: '{{.*}}truncgz': truncated gzip data (the stream ends early)
// RUN: not ls %t/none
