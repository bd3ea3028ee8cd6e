// RUN: dlc-opt %s --dlc-vectorize-windows="vector-bits=256" --split-input-file | FileCheck %s
// RUN: dlc-opt %s --dlc-vectorize-windows="vector-bits=256 parallel=false" --split-input-file | FileCheck %s --check-prefix=SEQ

// Window ops run as a forall over images, channels and rows, with vectors
// of the output row (16 lanes at most for 256-bit vectors) whose
// accumulator stays in registers across the window's taps.

// A 3x3 stride-2 max pooling: each tap reads the 7 input elements its 4
// outputs span as two contiguous 4-lane vectors (at 0 and at 3) and keeps
// their even elements (lanes 0, 2 of the first, 1, 3 of the second). The
// 9 taps are unrolled, the accumulator chained through them.
// CHECK-LABEL: func.func @max_pool
// CHECK: scf.forall (%{{.*}}, %{{.*}}, %{{.*}}) in (1, 4, 4) shared_outs(%{{.*}}) -> (tensor<1x4x4x4xf32>)
// CHECK: %[[ACC0:.*]] = vector.transfer_read {{.*}} : tensor<4xf32>, vector<4xf32>
// CHECK-NOT: scf.for
// CHECK: %[[LO:.*]] = vector.transfer_read %[[SPAN:.*]][%c0], {{.*}} : tensor<7xf32>, vector<4xf32>
// CHECK: %[[HI:.*]] = vector.transfer_read %[[SPAN]][%c3], {{.*}} : tensor<7xf32>, vector<4xf32>
// CHECK: %[[EVEN:.*]] = vector.shuffle %[[LO]], %[[HI]] [0, 2, 5, 7] : vector<4xf32>, vector<4xf32>
// CHECK: %[[ACC1:.*]] = arith.maximumf %[[ACC0]], %[[EVEN]] : vector<4xf32>
// CHECK-NOT: scf.for
// CHECK: arith.maximumf %[[ACC1]], %{{.*}} : vector<4xf32>
// CHECK-COUNT-7: arith.maximumf
// CHECK-NOT: arith.maximumf
// CHECK: vector.transfer_write {{.*}} : vector<4xf32>, tensor<4xf32>
// SEQ-LABEL: func.func @max_pool
// SEQ-NOT: scf.forall
// SEQ: vector.shuffle
func.func @max_pool(%x: tensor<1x4x9x9xf32>, %init: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %win = tensor.empty() : tensor<3x3xf32>
  %0 = linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%x, %win : tensor<1x4x9x9xf32>, tensor<3x3xf32>) outs(%init : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// A depthwise convolution (groups of one channel): one forall over the
// rows, and in each row a 16-lane vector and a 4-lane remainder (rows of
// 20), so that each row is read once; each tap is a contiguous vector of
// the input row times the broadcast filter tap, fused into one FMA.
// CHECK-LABEL: func.func @depthwise
// CHECK: scf.forall {{.*}} in (1, 8, 1, 20) {{.*}} -> (tensor<1x8x1x20x20xf32>)
// CHECK: vector.transfer_read {{.*}} : tensor<16xf32>, vector<16xf32>
// CHECK: scf.for
// CHECK: %[[X:.*]] = vector.transfer_read {{.*}} : tensor<16xf32>, vector<16xf32>
// CHECK: %[[W:.*]] = vector.transfer_read {{.*}} : tensor<f32>, vector<16xf32>
// CHECK: vector.fma %[[X]], %[[W]], %{{.*}} : vector<16xf32>
// CHECK-NOT: scf.forall
// CHECK: vector.fma {{.*}} : vector<4xf32>
// CHECK: scf.forall.in_parallel
func.func @depthwise(%x: tensor<1x8x1x22x22xf32>, %w: tensor<8x1x1x3x3xf32>, %init: tensor<1x8x1x20x20xf32>) -> tensor<1x8x1x20x20xf32> {
  %0 = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x8x1x22x22xf32>, tensor<8x1x1x3x3xf32>) outs(%init : tensor<1x8x1x20x20xf32>) -> tensor<1x8x1x20x20xf32>
  return %0 : tensor<1x8x1x20x20xf32>
}

// -----

// A reduction over the whole image (global pooling) reads channels across
// images, not along a row: not a window op, left alone.
// CHECK-LABEL: func.func @global_sum
// CHECK-NOT: scf.forall
// CHECK: linalg.generic
func.func @global_sum(%x: tensor<1x8x7x7xf32>, %init: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c)>], iterator_types = ["parallel", "parallel", "reduction", "reduction"]} ins(%x : tensor<1x8x7x7xf32>) outs(%init : tensor<1x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = arith.addf %a, %o : f32
    linalg.yield %s : f32
  } -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// The activation after a depthwise convolution (ReLU6) is its epilogue:
// applied to each row's accumulator after the taps, before the store; the
// clamp is no pass of its own over the output.
// CHECK-LABEL: func.func @depthwise_relu6
// CHECK: scf.forall {{.*}} -> (tensor<1x8x1x16x16xf32>)
// CHECK: %[[TAPS:.*]]:4 = scf.for
// CHECK: vector.fma
// CHECK: %[[LO:.*]] = arith.maximumf %[[TAPS]]#3, %{{.*}} : vector<16xf32>
// CHECK: %[[CLAMPED:.*]] = arith.minimumf %[[LO]], %{{.*}} : vector<16xf32>
// CHECK: vector.transfer_write %[[CLAMPED]]
// CHECK: scf.forall.in_parallel
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @depthwise_relu6(%x: tensor<1x8x1x18x18xf32>, %w: tensor<8x1x1x3x3xf32>, %init: tensor<1x8x1x16x16xf32>) -> tensor<1x8x1x16x16xf32> {
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %0 = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x8x1x18x18xf32>, tensor<8x1x1x3x3xf32>) outs(%init : tensor<1x8x1x16x16xf32>) -> tensor<1x8x1x16x16xf32>
  %e = tensor.empty() : tensor<1x8x1x16x16xf32>
  %1 = linalg.generic {indexing_maps = [affine_map<(a, b, c, d, e) -> (a, b, c, d, e)>, affine_map<(a, b, c, d, e) -> (a, b, c, d, e)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%0 : tensor<1x8x1x16x16xf32>) outs(%e : tensor<1x8x1x16x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %lo = arith.maximumf %in, %zero : f32
    %hi = arith.minimumf %lo, %six : f32
    linalg.yield %hi : f32
  } -> tensor<1x8x1x16x16xf32>
  return %1 : tensor<1x8x1x16x16xf32>
}

// -----

// A depthwise convolution whose initial value is its bias broadcast: each
// row's accumulator starts as its channel's bias splatted, read from the
// bias itself; the broadcast over the output goes.
// CHECK-LABEL: func.func @depthwise_bias
// CHECK-SAME: %[[B:[^:]*]]: tensor<4x1xf32>)
// CHECK-NOT: linalg.generic
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<1x4x1x8x8xf32>
// CHECK: scf.forall {{.*}} shared_outs(%{{.*}} = %[[EMPTY]])
// CHECK: %[[START:.*]] = vector.transfer_read %[[B]]{{.*}} : tensor<4x1xf32>, vector<8xf32>
// CHECK: scf.for {{.*}} iter_args({{.*}}, %{{.*}} = %[[START]]) -> ({{.*}}, vector<8xf32>)
// CHECK: vector.fma
func.func @depthwise_bias(%x: tensor<1x4x1x10x10xf32>, %w: tensor<4x1x1x3x3xf32>, %b: tensor<4x1xf32>) -> tensor<1x4x1x8x8xf32> {
  %e = tensor.empty() : tensor<1x4x1x8x8xf32>
  %bb = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d1, d2)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<4x1xf32>) outs(%e : tensor<1x4x1x8x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x4x1x8x8xf32>
  %r = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x4x1x10x10xf32>, tensor<4x1x1x3x3xf32>) outs(%bb : tensor<1x4x1x8x8xf32>) -> tensor<1x4x1x8x8xf32>
  return %r : tensor<1x4x1x8x8xf32>
}

// -----

// A max pooling's -inf fill: the accumulators start as that constant.
// CHECK-LABEL: func.func @max_pool_fill
// CHECK-DAG: %[[NEGINF:.*]] = arith.constant dense<0xFF800000> : vector<4xf32>
// CHECK-NOT: linalg.fill
// CHECK: arith.maximumf %[[NEGINF]], %{{.*}} : vector<4xf32>
func.func @max_pool_fill(%x: tensor<1x4x9x9xf32>) -> tensor<1x4x4x4xf32> {
  %neginf = arith.constant 0xFF800000 : f32
  %e = tensor.empty() : tensor<1x4x4x4xf32>
  %init = linalg.fill ins(%neginf : f32) outs(%e : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %win = tensor.empty() : tensor<3x3xf32>
  %0 = linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%x, %win : tensor<1x4x9x9xf32>, tensor<3x3xf32>) outs(%init : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}
