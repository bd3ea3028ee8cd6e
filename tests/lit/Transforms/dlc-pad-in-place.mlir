// RUN: dlc-opt %s --dlc-pad-in-place --split-input-file --mlir-print-local-scope | FileCheck %s

// A padded tensor is its own tensor whose interior slice the source's
// producer writes, put back by an insert_slice (in place after
// bufferization): no copy of the source. The pad of an NCHW tensor's H and
// W then gets its border only: one scf.forall over the image planes, each
// writing its top and bottom rows and its left and right columns.

// The ReLU before a convolution's padding writes into the interior.
// CHECK-LABEL: func.func @producer_writes_interior
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>)
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[EMPTY:.*]] = tensor.empty() {dlc.padded = 0 : i64} : tensor<1x2x6x7xf32>
// CHECK: %[[INTERIOR:.*]] = tensor.extract_slice %[[EMPTY]][0, 0, 1, 2] [1, 2, 4, 4] [1, 1, 1, 1]
// CHECK: %[[RELU:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<1x2x4x4xf32>) outs(%[[INTERIOR]] : tensor<1x2x4x4xf32>)
// CHECK: arith.maximumf
// CHECK: %[[INSERTED:.*]] = tensor.insert_slice %[[RELU]] into %[[EMPTY]][0, 0, 1, 2] [1, 2, 4, 4] [1, 1, 1, 1]
// CHECK: %[[PADDED:.*]] = scf.forall (%[[N:.*]], %[[C:.*]]) in (1, 2) shared_outs(%[[OUT:.*]] = %[[INSERTED]])
// CHECK: %[[PLANE:.*]] = tensor.extract_slice %[[OUT]][%[[N]], %[[C]], 0, 0] [1, 1, 6, 7] [1, 1, 1, 1] : tensor<1x2x6x7xf32> to tensor<6x7xf32>
// Top row, bottom row, two left columns, one right column.
// CHECK: %[[TOP:.*]] = vector.transfer_write %{{.*}}, %[[PLANE]][%{{.*}}, %{{.*}}] {{.*}} : vector<1x7xf32>, tensor<6x7xf32>
// CHECK: %[[BOTTOM:.*]] = vector.transfer_write %{{.*}}, %[[TOP]][%c5{{.*}}, %{{.*}}] {{.*}} : vector<1x7xf32>, tensor<6x7xf32>
// CHECK: %[[LEFT:.*]] = vector.transfer_write %{{.*}}, %[[BOTTOM]][%c1{{.*}}, %{{.*}}] {{.*}} : vector<4x2xf32>, tensor<6x7xf32>
// CHECK: %[[RIGHT:.*]] = vector.transfer_write %{{.*}}, %[[LEFT]][%c1{{.*}}, %c6{{.*}}] {{.*}} : vector<4x1xf32>, tensor<6x7xf32>
// CHECK: tensor.parallel_insert_slice %[[RIGHT]] into %[[OUT]][%[[N]], %[[C]], 0, 0] [1, 1, 6, 7] [1, 1, 1, 1]
// CHECK: return %[[PADDED]]
func.func @producer_writes_interior(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x6x7xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x4x4xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x2x4x4xf32>) outs(%e : tensor<1x2x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x2x4x4xf32>
  %p = tensor.pad %r low[0, 0, 1, 2] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x2x4x4xf32> to tensor<1x2x6x7xf32>
  return %p : tensor<1x2x6x7xf32>
}

// -----

// Any other source (an argument, an op with another use) is copied into the
// interior by an elementwise copy; a pad of other dims than an image's H
// and W is a fill of the whole padded tensor first; two pads of one shape
// get tensors of their own (marked apart, so that CSE keeps them apart).
// CHECK-LABEL: func.func @copied
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-DAG: %[[NEG:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[E0:.*]] = tensor.empty() {dlc.padded = 0 : i64} : tensor<4x3xf32>
// CHECK: %[[F0:.*]] = linalg.generic {{.*}} outs(%[[E0]] : tensor<4x3xf32>)
// CHECK: linalg.yield %[[NEG]] : f32
// CHECK: %[[I0:.*]] = tensor.extract_slice %[[F0]][1, 0] [2, 3] [1, 1]
// CHECK: %[[C0:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<2x3xf32>) outs(%[[I0]] : tensor<2x3xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[IN]] : f32
// CHECK: %[[P0:.*]] = tensor.insert_slice %[[C0]] into %[[F0]][1, 0] [2, 3] [1, 1]
// CHECK: %[[E1:.*]] = tensor.empty() {dlc.padded = 1 : i64} : tensor<4x3xf32>
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[1, 0] [2, 3] [1, 1]
func.func @copied(%x: tensor<2x3xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>) {
  %neg = arith.constant 0xFF800000 : f32
  %p0 = tensor.pad %x low[1, 0] high[1, 0] {
  ^bb0(%i: index, %j: index):
    tensor.yield %neg : f32
  } : tensor<2x3xf32> to tensor<4x3xf32>
  %p1 = tensor.pad %x low[1, 0] high[1, 0] {
  ^bb0(%i: index, %j: index):
    tensor.yield %neg : f32
  } : tensor<2x3xf32> to tensor<4x3xf32>
  return %p0, %p1 : tensor<4x3xf32>, tensor<4x3xf32>
}

// -----

// A constant yielded from inside the pad's region is copied out with it.
// CHECK-LABEL: func.func @constant_inside
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[ONE]] : f32
// CHECK-NOT: tensor.pad
func.func @constant_inside(%x: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %p = tensor.pad %x low[1, 0] high[1, 0] {
  ^bb0(%i: index, %j: index):
    %one = arith.constant 1.0 : f32
    tensor.yield %one : f32
  } : tensor<2x3xf32> to tensor<4x3xf32>
  return %p : tensor<4x3xf32>
}

// -----

// A padding value that is not a constant (it depends on the position) is
// left as it is.
// CHECK-LABEL: func.func @not_constant
// CHECK: tensor.pad
// CHECK-NOT: tensor.insert_slice
func.func @not_constant(%x: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %p = tensor.pad %x low[1, 0] high[1, 0] {
  ^bb0(%i: index, %j: index):
    %v = arith.index_cast %i : index to i32
    %f = arith.sitofp %v : i32 to f32
    tensor.yield %f : f32
  } : tensor<2x3xf32> to tensor<4x3xf32>
  return %p : tensor<4x3xf32>
}
