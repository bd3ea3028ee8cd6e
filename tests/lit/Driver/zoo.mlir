// `dlc zoo`: list, write, and the errors. The written model is read back by
// `dlc stats`, whose parameter total is derived here by hand from
// torchvision's ResNet-18 (11,689,512 with 1000 classes): with 10 classes
// the fc layer has 512*10 + 10 instead of 512*1000 + 1000 parameters,
// 11,689,512 - 513,000 + 5,130 = 11,181,642.
// RUN: rm -rf %t && mkdir -p %t

// RUN: dlc zoo --list | FileCheck %s --check-prefix=LIST
// LIST-DAG: {{^}}resnet18 {{.*}}He et al.
// LIST-DAG: {{^}}mobilenet_v2 {{.*}}
// LIST-DAG: {{^}}lstm_lm {{.*}}
// LIST-DAG: {{^}}ssd_head {{.*}}

// RUN: dlc zoo resnet18 --classes 10 --input-size 32 --batch 2 -o %t/r18.mlir
// RUN: dlc stats %t/r18.mlir | FileCheck %s --check-prefix=STATS
// STATS: conv1 {{ *}}conv2d {{ *}}2x64x16x16 {{ *}}9408
// STATS: layer4.1.conv2 {{ *}}conv2d {{ *}}2x512x1x1
// STATS: fc {{ *}}gemm {{ *}}2x10 {{ *}}5130 {{ *}}10240
// STATS: total: params=11181642 macs=

// Errors: "dlc: error: ...", exit code 1, no file written.
// RUN: not dlc zoo nosuch -o %t/bad.mlir 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: dlc: error: unknown zoo model 'nosuch' (known: vgg11, {{.*}}resnet18{{.*}})
// RUN: not dlc zoo resnet18 2>&1 | FileCheck %s --check-prefix=NOOUT
// NOOUT: dlc: error: expected -o FILE.mlir
// RUN: not dlc zoo 2>&1 | FileCheck %s --check-prefix=NONAME
// NONAME: dlc: error: expected a model name (dlc zoo --list shows them)
// RUN: not dlc zoo resnet18 --batch 0 -o %t/bad.mlir 2>&1 | FileCheck %s --check-prefix=BATCH
// BATCH: dlc: error: --classes and --input-size must be positive (or 0 for the default) and --batch positive
// RUN: not dlc zoo resnet18 -o %t/no/such/dir/x.mlir 2>&1 | FileCheck %s --check-prefix=NODIR
// NODIR: dlc: error: cannot write '{{.*}}x.mlir': No such file or directory
// RUN: not ls %t/bad.mlir

// An input too small for the architecture names the model and the layer.
// RUN: not dlc zoo vgg16 --input-size 16 -o %t/bad.mlir 2>&1 | FileCheck %s --check-prefix=SMALL
// SMALL: dlc: error: zoo model 'vgg16' (input size 16): max_pool2d 'features.30': kernel 2x2 (dilation 1x1) does not fit the padded input 1x1
// RUN: not ls %t/bad.mlir
