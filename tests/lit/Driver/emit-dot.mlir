// dlc compile --emit=dot: the layer graph for Graphviz. A box per layer
// (name, op, result shape, parameters), the inputs and outputs as
// ellipses, an edge per tensor read, and the layers one kernel of the
// compiled code runs boxed together: a convolution with its ReLU, a
// residual block's second convolution with its add and ReLU (the residual
// is the convolution's initial value, the ReLU its epilogue). Graphviz
// renders it.
// RUN: rm -rf %t && mkdir -p %t
// RUN: dlc zoo resnet18 --classes 10 --input-size 32 --batch 1 -o %t/r18.mlir
// RUN: dlc compile %t/r18.mlir --emit=dot -o %t/r18.dot
// RUN: FileCheck %s < %t/r18.dot
// CHECK: digraph "r18.mlir" {
// CHECK: input0 [shape=ellipse, {{.*}} label="input\n1x3x32x32"];
// CHECK: [[CONV1:layer[0-9]+]] [label="conv1\nconv2d  1x64x16x16\n9472 params"];
// CHECK: input0 -> [[CONV1]];
// CHECK: [[RELU:layer[0-9]+]] [label="relu\nrelu  1x64x16x16"];
// CHECK: [[CONV1]] -> [[RELU]];
// CHECK: [[POOL:layer[0-9]+]] [label="maxpool\nmax_pool2d  1x64x8x8"];
// CHECK: [[B1:layer[0-9]+]] [label="layer1.0.conv1\nconv2d
// CHECK: [[B1RELU:layer[0-9]+]] [label="layer1.0.relu_0\nrelu
// CHECK: [[B2:layer[0-9]+]] [label="layer1.0.conv2\nconv2d  1x64x8x8\n36928 params"];
// CHECK: [[ADD:layer[0-9]+]] [label="layer1.0.add_0\nadd  1x64x8x8"];
// CHECK: [[POOL]] -> [[ADD]];
// CHECK: [[ADDRELU:layer[0-9]+]] [label="layer1.0.relu_1\nrelu
// CHECK: output0 [shape=ellipse, {{.*}} label="logits\n1x10"];
// CHECK: subgraph cluster_0 {
// CHECK-NEXT: label="one kernel"
// CHECK-NEXT: [[CONV1]];
// CHECK-NEXT: [[RELU]];
// CHECK-NEXT: }
// CHECK-NEXT: subgraph cluster_1 {
// CHECK-NEXT: label="one kernel"
// CHECK-NEXT: [[B1]];
// CHECK-NEXT: [[B1RELU]];
// CHECK-NEXT: }
// CHECK-NEXT: subgraph cluster_2 {
// CHECK-NEXT: label="one kernel"
// CHECK-NEXT: [[B2]];
// CHECK-NEXT: [[ADD]];
// CHECK-NEXT: [[ADDRELU]];
// CHECK-NEXT: }
// The max pooling is a kernel of its own: in no cluster.
// CHECK-NOT: [[POOL]];
// CHECK: }

// dlc stats --dot prints the same graph.
// RUN: dlc stats %t/r18.mlir --dot > %t/stats.dot
// RUN: diff %t/r18.dot %t/stats.dot

// RUN: dot -Tsvg %t/r18.dot -o %t/r18.svg
// RUN: FileCheck %s --check-prefix=SVG < %t/r18.svg
// SVG: <svg
// SVG: layer1.0.add_0
// SVG: </svg>

// Names from the model are escaped.
// RUN: dlc compile %s --emit=dot -o - | FileCheck %s --check-prefix=ESC
// ESC: [label="a \"quoted\" name\\x0A\nrelu  2"];
func.func @main(%x: tensor<2xf32> {dlc.name = "x"}) -> (tensor<2xf32> {dlc.name = "y"}) {
  %y = dlc.relu %x : tensor<2xf32> loc("a \"quoted\" name\n")
  return %y : tensor<2xf32>
}
