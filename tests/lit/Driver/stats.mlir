// `dlc stats` on a small model whose numbers are worked out by hand below:
// the study sheet's convolution cost H·W·C·D·K·K, generalised to groups
// (C per group) and stride/dilation (through the output size).
// RUN: dlc stats %s | FileCheck %s

// CHECK:      layer{{ +}}op{{ +}}output{{ +}}params{{ +}}macs
// stem: 4 filters 3x3x3 + 4 biases = 112 params; output 1x4x4x4 (stride 2,
// pad 1 on 8x8); MACs = 4·4 (H·W) · 3 (C) · 4 (D) · 3·3 = 1728.
// CHECK-NEXT: stem{{ +}}conv2d{{ +}}1x4x4x4{{ +}}112{{ +}}1728
// BatchNorm: scale and shift are parameters (8), running mean/var buffers.
// CHECK-NEXT: bn{{ +}}batch_norm{{ +}}1x4x4x4{{ +}}8{{ +}}0
// CHECK-NEXT: act{{ +}}relu{{ +}}1x4x4x4{{ +}}0{{ +}}0
// depthwise: groups 4, filter [4, 1, 3, 3] = 36 params, no bias; dilation 2
// with pad 2 keeps 4x4; MACs = 4·4 · 1 (C/groups) · 4 · 3·3 = 576.
// CHECK-NEXT: dw{{ +}}conv2d{{ +}}1x4x4x4{{ +}}36{{ +}}576
// CHECK-NEXT: gap{{ +}}global_avg_pool{{ +}}1x4x1x1{{ +}}0{{ +}}0
// CHECK-NEXT: flat{{ +}}flatten{{ +}}1x4{{ +}}0{{ +}}0
// fc: [10, 4] weights + 10 biases = 50; MACs = 1·10·4 = 40.
// CHECK-NEXT: fc{{ +}}gemm{{ +}}1x10{{ +}}50{{ +}}40
// The scale constant is not a parameter; the shared weight counts once.
// CHECK-NEXT: scaled{{ +}}mul{{ +}}1x10{{ +}}0{{ +}}0
// CHECK-NEXT: again{{ +}}gemm{{ +}}1x10{{ +}}0{{ +}}40
// CHECK-NEXT: total: params=206 macs=2384
func.func @main(%x: tensor<1x3x8x8xf32> {dlc.name = "image"}) -> (tensor<1x10xf32>, tensor<1x10xf32>) {
  %w = dlc.constant dense_resource<stem_w> : tensor<4x3x3x3xf32>
  %b = dlc.constant dense_resource<stem_b> : tensor<4xf32>
  %0 = dlc.conv2d %x, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32> loc("stem")
  %g = dlc.constant dense_resource<bn_g> : tensor<4xf32>
  %be = dlc.constant dense_resource<bn_b> : tensor<4xf32>
  %m = dlc.constant dense_resource<bn_m> : tensor<4xf32>
  %v = dlc.constant dense_resource<bn_v> : tensor<4xf32>
  %1 = dlc.batch_norm %0, %g, %be, %m, %v : (tensor<1x4x4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32> loc("bn")
  %2 = dlc.relu %1 : tensor<1x4x4x4xf32> loc("act")
  %dw = dlc.constant dense_resource<dw_w> : tensor<4x1x3x3xf32>
  %3 = dlc.conv2d %2, %dw {groups = 4 : i64, padding = array<i64: 2, 2, 2, 2>, dilations = array<i64: 2, 2>} : (tensor<1x4x4x4xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x4x4xf32> loc("dw")
  %4 = dlc.global_avg_pool %3 : (tensor<1x4x4x4xf32>) -> tensor<1x4x1x1xf32> loc("gap")
  %5 = dlc.flatten %4 : (tensor<1x4x1x1xf32>) -> tensor<1x4xf32> loc("flat")
  %fw = dlc.constant dense_resource<fc_w> : tensor<10x4xf32>
  %fb = dlc.constant dense_resource<fc_b> : tensor<10xf32>
  %6 = dlc.gemm %5, %fw, %fb {trans_b = true} : (tensor<1x4xf32>, tensor<10x4xf32>, tensor<10xf32>) -> tensor<1x10xf32> loc("fc")
  %s = dlc.constant dense<2.0> : tensor<f32>
  %7 = dlc.mul %6, %s : (tensor<1x10xf32>, tensor<f32>) -> tensor<1x10xf32> loc("scaled")
  %8 = dlc.gemm %5, %fw {trans_b = true} : (tensor<1x4xf32>, tensor<10x4xf32>) -> tensor<1x10xf32> loc("again")
  return %7, %8 : tensor<1x10xf32>, tensor<1x10xf32>
}
