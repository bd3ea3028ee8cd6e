// dlc import: an ONNX model as dlc-dialect text. Initializers keep their ONNX
// names as resources (dotted and '::' names alike) and are marked trainable,
// BatchNorm's running statistics buffers; node names become locations.
// RUN: rm -rf %t && %python %S/Inputs/make_models.py %t
// RUN: dlc import %t/cnn.onnx -o %t/cnn.mlir 2>&1 | FileCheck %s --check-prefix=WARN
// RUN: FileCheck %s < %t/cnn.mlir

// A symbolic batch with no input given is set to 1, with a warning.
// WARN: dlc: warning: {{.*}}cnn.onnx: input 'image': dimension 0 ('N') is symbolic and no tensor was given for it; it is set to 1

// CHECK-LABEL: func.func @main(
// CHECK-SAME: %[[X:.*]]: tensor<1x3x8x8xf32> {dlc.name = "image"}
// CHECK-SAME: -> (tensor<1x4xf32> {dlc.name = "logits"})
// CHECK: %[[W:.*]] = dlc.constant {dlc.param = "trainable"} dense_resource<conv1.weight> : tensor<6x3x3x3xf32> loc(#[[LW:.*]])
// CHECK: %[[B:.*]] = dlc.constant {dlc.param = "trainable"} dense_resource<conv1.bias> : tensor<6xf32>
// CHECK: %[[C:.*]] = dlc.conv2d %[[X]], %[[W]], %[[B]] {padding = array<i64: 1, 1, 1, 1>} {{.*}} loc(#[[LCONV:.*]])
// CHECK: dlc.constant {dlc.param = "buffer"} dense_resource<bn1.running_mean>
// CHECK: dlc.constant {dlc.param = "buffer"} dense_resource<bn1.running_var>
// CHECK: dlc.batch_norm %[[C]]
// CHECK: dlc.relu
// CHECK: dlc.global_avg_pool
// CHECK: dlc.reshape {{.*}} {shape = array<i64: 1, 6>}
// CHECK: dlc.constant {dlc.param = "trainable"} dense_resource<"onnx::Gemm_7"> : tensor<4x6xf32>
// CHECK: dlc.gemm {{.*}} {trans_b = true}
// CHECK-DAG: #[[LW]] = loc("conv1.weight"(
// CHECK-DAG: #[[LCONV]] = loc("conv1"(
// CHECK: dialect_resources
// CHECK-DAG: conv1.weight: "0x
// CHECK-DAG: "onnx::Gemm_7": "0x

// The written module runs to the same bytes as the ONNX model itself, and
// dlc stats reads it with the node names.
// RUN: dlc run %t/cnn.onnx -i image=%t/image2.npy -o %t/from-onnx 2>/dev/null
// RUN: dlc import %t/cnn.onnx -o %t/cnn2.mlir 2>/dev/null
// RUN: %python -c "import sys; t = open(sys.argv[1]).read(); open(sys.argv[2], 'w').write(t.replace('tensor<1x3x8x8xf32>', 'tensor<2x3x8x8xf32>').replace('1x6x8x8', '2x6x8x8').replace('1x6x1x1', '2x6x1x1').replace('array<i64: 1, 6>', 'array<i64: 2, 6>').replace('tensor<1x6xf32>', 'tensor<2x6xf32>').replace('tensor<1x4xf32>', 'tensor<2x4xf32>'))" %t/cnn2.mlir %t/cnn-b2.mlir
// RUN: dlc run %t/cnn-b2.mlir -i image=%t/image2.npy -o %t/from-mlir
// RUN: cmp %t/from-onnx/logits.npy %t/from-mlir/logits.npy
// RUN: dlc stats %t/cnn.onnx 2>/dev/null | FileCheck %s --check-prefix=STATS
// STATS: conv1
// STATS: fc
// conv1 6*3*3*3 + 6, bn1 scale and bias 6 + 6 (running statistics are not
// parameters), fc 4*6 + 4: 208.
// STATS: total: params=208

// The activations map one node to one op: HardSigmoid keeps its slope,
// HardSwish, Erf and Softplus have none.
// RUN: dlc import %t/activations.onnx -o - | FileCheck %s --check-prefix=ACT
// ACT-LABEL: func.func @main(
// ACT: %[[HS:.*]] = dlc.hard_sigmoid %{{.*}} {alpha = 0.166666672 : f32} : tensor<2x3xf32>
// ACT: %[[HW:.*]] = dlc.hard_swish %[[HS]] : tensor<2x3xf32>
// ACT: %[[E:.*]] = dlc.erf %[[HW]] : tensor<2x3xf32>
// ACT: dlc.softplus %[[E]] : tensor<2x3xf32>
