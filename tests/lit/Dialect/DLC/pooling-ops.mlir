// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// Round trip of the pooling ops added in PoolingOps.td, each attribute set
// to a non-default value once and left at its default once (defaults are
// not printed). The result types are the inferred ones.

// Global max pooling keeps the rank: [N, C, H, W] -> [N, C, 1, 1].
// CHECK-LABEL: func.func @global_max_pool
// CHECK: %[[P:.*]] = dlc.global_max_pool %{{.*}} : (tensor<2x3x7x5xf32>) -> tensor<2x3x1x1xf32>
// CHECK: return %[[P]]
func.func @global_max_pool(%x: tensor<2x3x7x5xf32>) -> tensor<2x3x1x1xf32> {
  %0 = dlc.global_max_pool %x : (tensor<2x3x7x5xf32>) -> tensor<2x3x1x1xf32>
  return %0 : tensor<2x3x1x1xf32>
}

// Any spatial rank.
// CHECK-LABEL: func.func @global_max_pool_1d
// CHECK: dlc.global_max_pool %{{.*}} : (tensor<2x3x17xf32>) -> tensor<2x3x1xf32>
func.func @global_max_pool_1d(%x: tensor<2x3x17xf32>) -> tensor<2x3x1xf32> {
  %0 = dlc.global_max_pool %x : (tensor<2x3x17xf32>) -> tensor<2x3x1xf32>
  return %0 : tensor<2x3x1xf32>
}

// Adaptive average pooling to a size that does not divide the input.
// CHECK-LABEL: func.func @adaptive_avg_pool2d
// CHECK: %[[P:.*]] = dlc.adaptive_avg_pool2d %{{.*}} {output_size = array<i64: 3, 4>} : (tensor<1x3x10x9xf32>) -> tensor<1x3x3x4xf32>
// CHECK: return %[[P]]
func.func @adaptive_avg_pool2d(%x: tensor<1x3x10x9xf32>) -> tensor<1x3x3x4xf32> {
  %0 = dlc.adaptive_avg_pool2d %x {output_size = array<i64: 3, 4>} : (tensor<1x3x10x9xf32>) -> tensor<1x3x3x4xf32>
  return %0 : tensor<1x3x3x4xf32>
}

// Adaptive max pooling to more bins than pixels.
// CHECK-LABEL: func.func @adaptive_max_pool2d
// CHECK: dlc.adaptive_max_pool2d %{{.*}} {output_size = array<i64: 7, 7>} : (tensor<1x3x5x3xf32>) -> tensor<1x3x7x7xf32>
func.func @adaptive_max_pool2d(%x: tensor<1x3x5x3xf32>) -> tensor<1x3x7x7xf32> {
  %0 = dlc.adaptive_max_pool2d %x {output_size = array<i64: 7, 7>} : (tensor<1x3x5x3xf32>) -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// ROI pooling with the default spatial_scale (1.0, not printed).
// CHECK-LABEL: func.func @roi_pool_default_scale
// CHECK: %[[P:.*]] = dlc.roi_pool %{{.*}}, %{{.*}} {pooled_size = array<i64: 2, 3>} : (tensor<2x5x9x7xf32>, tensor<4x5xf32>) -> tensor<4x5x2x3xf32>
// CHECK: return %[[P]]
func.func @roi_pool_default_scale(%x: tensor<2x5x9x7xf32>, %r: tensor<4x5xf32>) -> tensor<4x5x2x3xf32> {
  %0 = dlc.roi_pool %x, %r {pooled_size = array<i64: 2, 3>} : (tensor<2x5x9x7xf32>, tensor<4x5xf32>) -> tensor<4x5x2x3xf32>
  return %0 : tensor<4x5x2x3xf32>
}

// ROI pooling from image coordinates onto a stride-16 feature map.
// CHECK-LABEL: func.func @roi_pool_scaled
// CHECK: dlc.roi_pool %{{.*}}, %{{.*}} {pooled_size = array<i64: 7, 7>, spatial_scale = 6.250000e-02 : f32} : (tensor<1x8x14x14xf32>, tensor<3x5xf32>) -> tensor<3x8x7x7xf32>
func.func @roi_pool_scaled(%x: tensor<1x8x14x14xf32>, %r: tensor<3x5xf32>) -> tensor<3x8x7x7xf32> {
  %0 = dlc.roi_pool %x, %r {pooled_size = array<i64: 7, 7>, spatial_scale = 0.0625 : f32} : (tensor<1x8x14x14xf32>, tensor<3x5xf32>) -> tensor<3x8x7x7xf32>
  return %0 : tensor<3x8x7x7xf32>
}

// Max pooling with indices and max_pool2d's defaults: two results, the
// indices i64.
// CHECK-LABEL: func.func @max_pool2d_with_indices_defaults
// CHECK: %[[Y:.*]], %[[I:.*]] = dlc.max_pool2d_with_indices %{{.*}} {kernel_shape = array<i64: 2, 2>} : (tensor<1x2x6x6xf32>) -> (tensor<1x2x5x5xf32>, tensor<1x2x5x5xi64>)
// CHECK: return %[[Y]], %[[I]]
func.func @max_pool2d_with_indices_defaults(%x: tensor<1x2x6x6xf32>) -> (tensor<1x2x5x5xf32>, tensor<1x2x5x5xi64>) {
  %0:2 = dlc.max_pool2d_with_indices %x {kernel_shape = array<i64: 2, 2>} : (tensor<1x2x6x6xf32>) -> (tensor<1x2x5x5xf32>, tensor<1x2x5x5xi64>)
  return %0#0, %0#1 : tensor<1x2x5x5xf32>, tensor<1x2x5x5xi64>
}

// Every attribute, column-major indices.
// CHECK-LABEL: func.func @max_pool2d_with_indices_all_attributes
// CHECK: dlc.max_pool2d_with_indices %{{.*}} {ceil_mode = true, dilations = array<i64: 2, 1>, kernel_shape = array<i64: 3, 2>, padding = array<i64: 1, 1, 1, 0>, storage_order = 1 : i64, strides = array<i64: 2, 2>} : (tensor<1x2x7x7xf32>) -> (tensor<1x2x3x4xf32>, tensor<1x2x3x4xi64>)
func.func @max_pool2d_with_indices_all_attributes(%x: tensor<1x2x7x7xf32>) -> tensor<1x2x3x4xi64> {
  %0:2 = dlc.max_pool2d_with_indices %x {kernel_shape = array<i64: 3, 2>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 0>, dilations = array<i64: 2, 1>, ceil_mode = true, storage_order = 1 : i64} : (tensor<1x2x7x7xf32>) -> (tensor<1x2x3x4xf32>, tensor<1x2x3x4xi64>)
  return %0#1 : tensor<1x2x3x4xi64>
}

// The max poolings' adjoints. max_pool2d_backward with the window of the
// forward it belongs to and its defaults left out.
// CHECK-LABEL: func.func @max_pool2d_backward
// CHECK: %[[D:.*]] = dlc.max_pool2d_backward %{{.*}}, %{{.*}} {input_size = array<i64: 5, 5>, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>) -> tensor<1x2x5x5xf32>
// CHECK: return %[[D]]
func.func @max_pool2d_backward(%g: tensor<1x2x2x2xf32>, %i: tensor<1x2x2x2xi64>) -> tensor<1x2x5x5xf32> {
  %0 = dlc.max_pool2d_backward %g, %i {input_size = array<i64: 5, 5>, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>) -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// Every attribute of max_pool2d_with_indices, column-major indices.
// CHECK-LABEL: func.func @max_pool2d_backward_all_attributes
// CHECK: dlc.max_pool2d_backward %{{.*}}, %{{.*}} {ceil_mode = true, dilations = array<i64: 2, 1>, input_size = array<i64: 7, 7>, kernel_shape = array<i64: 3, 2>, padding = array<i64: 1, 1, 1, 0>, storage_order = 1 : i64, strides = array<i64: 2, 2>} : (tensor<1x2x3x4xf32>, tensor<1x2x3x4xi64>) -> tensor<1x2x7x7xf32>
func.func @max_pool2d_backward_all_attributes(%g: tensor<1x2x3x4xf32>, %i: tensor<1x2x3x4xi64>) -> tensor<1x2x7x7xf32> {
  %0 = dlc.max_pool2d_backward %g, %i {input_size = array<i64: 7, 7>, kernel_shape = array<i64: 3, 2>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 0>, dilations = array<i64: 2, 1>, ceil_mode = true, storage_order = 1 : i64} : (tensor<1x2x3x4xf32>, tensor<1x2x3x4xi64>) -> tensor<1x2x7x7xf32>
  return %0 : tensor<1x2x7x7xf32>
}

// adaptive_max_pool2d_backward: the result has the input's shape.
// CHECK-LABEL: func.func @adaptive_max_pool2d_backward
// CHECK: dlc.adaptive_max_pool2d_backward %{{.*}}, %{{.*}} : (tensor<2x3x10x9xf32>, tensor<2x3x3x4xf32>) -> tensor<2x3x10x9xf32>
func.func @adaptive_max_pool2d_backward(%x: tensor<2x3x10x9xf32>, %g: tensor<2x3x3x4xf32>) -> tensor<2x3x10x9xf32> {
  %0 = dlc.adaptive_max_pool2d_backward %x, %g : (tensor<2x3x10x9xf32>, tensor<2x3x3x4xf32>) -> tensor<2x3x10x9xf32>
  return %0 : tensor<2x3x10x9xf32>
}

// roi_pool_backward with and without its spatial_scale.
// CHECK-LABEL: func.func @roi_pool_backward
// CHECK: dlc.roi_pool_backward %{{.*}}, %{{.*}}, %{{.*}} {spatial_scale = 6.250000e-02 : f32} : (tensor<2x8x14x14xf32>, tensor<3x5xf32>, tensor<3x8x7x7xf32>) -> tensor<2x8x14x14xf32>
// CHECK: dlc.roi_pool_backward %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x8x14x14xf32>, tensor<3x5xf32>, tensor<3x8x7x7xf32>) -> tensor<2x8x14x14xf32>
func.func @roi_pool_backward(%x: tensor<2x8x14x14xf32>, %rois: tensor<3x5xf32>, %g: tensor<3x8x7x7xf32>) -> (tensor<2x8x14x14xf32>, tensor<2x8x14x14xf32>) {
  %0 = dlc.roi_pool_backward %x, %rois, %g {spatial_scale = 0.0625 : f32} : (tensor<2x8x14x14xf32>, tensor<3x5xf32>, tensor<3x8x7x7xf32>) -> tensor<2x8x14x14xf32>
  %1 = dlc.roi_pool_backward %x, %rois, %g : (tensor<2x8x14x14xf32>, tensor<3x5xf32>, tensor<3x8x7x7xf32>) -> tensor<2x8x14x14xf32>
  return %0, %1 : tensor<2x8x14x14xf32>, tensor<2x8x14x14xf32>
}
