//===- PoolingOps.td - dlc pooling ops -*- tablegen -*-===//
//
// The pooling: max/avg (windowed, global, adaptive), max with indices, ROI
// pooling.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_POOLINGOPS_TD
#define DLC_DIALECT_DLC_POOLINGOPS_TD

include "dlc/Dialect/DLC/DLCBase.td"

/// The operands and attributes of max_pool2d, which its indices variant
/// shares.
defvar DLC_MaxPool2DArguments = (ins DLC_Tensor:$input,
    DLC_I64Pair:$kernel_shape,
    DefaultValuedAttr<DLC_I64Pair, "{1, 1}">:$strides,
    DefaultValuedAttr<DLC_I64Quad, "{0, 0, 0, 0}">:$padding,
    DefaultValuedAttr<DLC_I64Pair, "{1, 1}">:$dilations,
    DefaultValuedAttr<BoolAttr, "false">:$ceil_mode);

def DLC_MaxPool2DOp : DLC_InferOp<"max_pool2d", [DLC_Differentiable]> {
  let summary = "2-D max pooling over NCHW";
  let description = [{
    Padding is `[top, left, bottom, right]` and never wins the max. With
    `ceil_mode` the output size rounds up, but a window never starts in the
    bottom/right padding (PyTorch's rule).
  }];
  let arguments = DLC_MaxPool2DArguments;
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def DLC_MaxPool2DWithIndicesOp
    : DLC_InferOp<"max_pool2d_with_indices", [DLC_Differentiable]> {
  let summary = "2-D max pooling over NCHW with the flat index of each maximum "
                "(ONNX MaxPool's Indices)";
  let description = [{
    `output` is exactly `max_pool2d`'s (same attributes, same output size
    rules, padding never wins). With the input [N, C, H, W], output position
    (n, c, oh, ow), window taps (kh, kw) in scan order (kernel row, then
    kernel column) and

    ```
    h = oh * strides[0] + kh * dilations[0] - padding[0]
    w = ow * strides[1] + kw * dilations[1] - padding[1]
    ```

    `indices[n, c, oh, ow]` is the flat index into the whole input of the
    first tap inside the input holding the maximum:

    ```
    storage_order 0 (row-major):    ((n * C + c) * H + h) * W + w
    storage_order 1 (column-major): (n * C + c) * H * W + w * H + h
    ```

    ```mlir
    %y, %i = dlc.max_pool2d_with_indices %x {kernel_shape = array<i64: 2, 2>,
        storage_order = 1 : i64}
        : (tensor<1x1x5x5xf32>) -> (tensor<1x1x4x4xf32>, tensor<1x1x4x4xi64>)
    ```

    Ties go to the first tap in scan order (ONNX Runtime's and PyTorch's
    strict `>`); a NaN makes the maximum NaN and the index the first NaN's
    (torch.max's rule, as for maxout); a window whose input taps are all
    -inf points at its first input tap. A window that holds no input
    element at all (possible only with dilation) gives -inf and index -1.
    PyTorch's `max_pool2d(return_indices=True)` gives `h * W + w` instead,
    the index within the (n, c) plane. The backward pass routes each output
    gradient to the input element that `indices` names.
  }];
  let arguments = !con(DLC_MaxPool2DArguments,
                       (ins DefaultValuedAttr<I64Attr, "0">:$storage_order));
  let results = (outs DLC_Tensor:$output, DLC_IndexTensor:$indices);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def DLC_AvgPool2DOp : DLC_InferOp<"avg_pool2d", [DLC_Differentiable]> {
  let summary = "2-D average pooling over NCHW";
  let description = [{
    With `count_include_pad` the divisor counts the explicit padding (but not
    the extra rows/columns `ceil_mode` adds); without it, only input elements.
  }];
  let arguments = (ins DLC_Tensor:$input,
                       DLC_I64Pair:$kernel_shape,
                       DefaultValuedAttr<DLC_I64Pair, "{1, 1}">:$strides,
                       DefaultValuedAttr<DLC_I64Quad, "{0, 0, 0, 0}">:$padding,
                       DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
                       DefaultValuedAttr<BoolAttr, "false">:$count_include_pad);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def DLC_GlobalAvgPoolOp : DLC_InferOp<"global_avg_pool", [DLC_Differentiable]> {
  let summary = "mean over all spatial dimensions: [N, C, ...] -> [N, C, 1, ...]";
  let arguments = (ins DLC_Tensor:$input);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def DLC_GlobalMaxPoolOp : DLC_InferOp<"global_max_pool", [DLC_Differentiable]> {
  let summary = "max over all spatial dimensions: [N, C, ...] -> [N, C, 1, ...]";
  let description = [{
    `output[n, c, 0, ...] = max over all spatial positions p of input[n, c, p]`
    (ONNX GlobalMaxPool). A NaN in a plane makes its maximum NaN, as in
    PyTorch's `amax`. The backward pass routes the gradient to the positions
    equal to the maximum (recomputed from input and output), split evenly
    among ties as `amax`'s backward does.
  }];
  let arguments = (ins DLC_Tensor:$input);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

/// Adaptive pooling shares the operands and the bins; only the reduction
/// differs.
class DLC_AdaptivePool2DOp<string mnemonic, string what>
    : DLC_InferOp<mnemonic, [DLC_Differentiable]> {
  let summary = "2-D adaptive " # what # " pooling over NCHW to `output_size`";
  let arguments = (ins DLC_Tensor:$input, DLC_I64Pair:$output_size);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def DLC_AdaptiveAvgPool2DOp : DLC_AdaptivePool2DOp<"adaptive_avg_pool2d", "average"> {
  let description = [{
    PyTorch's AdaptiveAvgPool2d. With `output_size = [OH, OW]` and an input
    of [N, C, H, W], output row `i` averages input rows
    `[floor(i * H / OH), ceil((i + 1) * H / OH))` and output column `j`
    input columns `[floor(j * W / OW), ceil((j + 1) * W / OW))`: the bins
    cover the input, may overlap by one row/column when the sizes do not
    divide, and are never empty (`OH > H` repeats rows). `[1, 1]` is global
    average pooling (VGG, ResNet, DenseNet, SqueezeNet, MobileNet heads use
    `[1, 1]` or `[7, 7]`).
  }];
}

def DLC_AdaptiveMaxPool2DOp : DLC_AdaptivePool2DOp<"adaptive_max_pool2d", "max"> {
  let description = [{
    PyTorch's AdaptiveMaxPool2d (without indices): the maximum over the bins
    of `adaptive_avg_pool2d`, rows `[floor(i * H / OH), ceil((i + 1) * H / OH))`
    by columns `[floor(j * W / OW), ceil((j + 1) * W / OW))`. A NaN in a bin
    makes its maximum NaN. Spatial pyramid pooling is a composition of these
    (one per level, flattened and concatenated).
  }];
}

def DLC_RoiPoolOp : DLC_InferOp<"roi_pool", [DLC_Differentiable]> {
  let summary = "region-of-interest max pooling (torchvision.ops.roi_pool)";
  let description = [{
    `input` is [N, C, H, W]; each row of `rois` ([K, 5]) is
    `(batch_index, x1, y1, x2, y2)` in input-image coordinates; the result
    is [K, C, PH, PW] with `pooled_size = [PH, PW]`. Exactly torchvision's
    rounding, in f32:

    ```
    b = int(rois[k, 0])          (truncated, then clamped to [0, N - 1])
    x1' = round(x1 * spatial_scale), y1', x2', y2' likewise (half away from 0)
    roi_h = max(y2' - y1' + 1, 1),   roi_w = max(x2' - x1' + 1, 1)
    bin_h = roi_h / PH,              bin_w = roi_w / PW            (f32)
    hstart = clamp(floor(ph * bin_h) + y1', 0, H)
    hend   = clamp(ceil((ph + 1) * bin_h) + y1', 0, H)
    wstart = clamp(floor(pw * bin_w) + x1', 0, W)
    wend   = clamp(ceil((pw + 1) * bin_w) + x1', 0, W)
    output[k, c, ph, pw] = max of input[b, c, hstart:hend, wstart:wend],
                           or 0 when the bin is empty
    ```

    NaNs never win the maximum (torchvision compares with `>`). A batch
    index outside [0, N) reads the nearest batch instead of memory out of
    bounds (torchvision does not check it). The backward pass routes each
    output gradient to the bin's maximum (recomputed from the input).
  }];
  let arguments = (ins DLC_Tensor:$input, DLC_Tensor:$rois,
                       DLC_I64Pair:$pooled_size,
                       DefaultValuedAttr<F32Attr, "1.0f">:$spatial_scale);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat =
      "$input `,` $rois attr-dict `:` functional-type(operands, results)";
  // The graph builder's form: RoiPoolOp::create(b, loc, x, rois, {7, 7}, 1/16.f).
  let builders = [
    OpBuilder<(ins "Value":$input, "Value":$rois, "ArrayRef<int64_t>":$pooled_size,
                   CArg<"float", "1.0f">:$spatial_scale), [{
      build($_builder, $_state, input, rois, pooled_size,
            ::llvm::APFloat(spatial_scale));
    }]>
  ];
}

//===----------------------------------------------------------------------===//
// Adjoints (the backward pass of the max poolings)
//===----------------------------------------------------------------------===//

def DLC_MaxPool2DBackwardOp : DLC_InferOp<"max_pool2d_backward"> {
  let summary = "the adjoint of max pooling: each output gradient to its "
                "window's maximum";
  let description = [{
    The backward pass of `max_pool2d_with_indices` (and of `max_pool2d`,
    whose gradient rule switches the forward to the indices form). `grad`
    and `indices` are [N, C, OH, OW], the pooled shape of an input
    [N, C, H, W] with `[H, W] = input_size` under the window attributes,
    which are the forward's; `indices` holds each window's flat input index
    as `max_pool2d_with_indices` gives it (by `storage_order`). The result
    is [N, C, H, W]:

    ```
    output[n, c, h, w] = sum of grad[n, c, oh, ow] over the windows (oh, ow)
        containing (h, w)   (oh * strides[0] + kh * dilations[0] - padding[0] = h
                             for a tap kh, likewise w)
        whose indices[n, c, oh, ow] is the flat index of (n, c, h, w)
    ```

    ```mlir
    %dx = dlc.max_pool2d_backward %g, %i {input_size = array<i64: 5, 5>,
        kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>}
        : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x5x5xf32>
    ```

    Each input element gathers from the at most KH*KW windows over it: the
    lowering is a parallel loop nest over the input, not a scatter.
  }];
  let arguments = (ins DLC_Tensor:$grad, DLC_IndexTensor:$indices,
                       DLC_I64Pair:$input_size,
                       DLC_I64Pair:$kernel_shape,
                       DefaultValuedAttr<DLC_I64Pair, "{1, 1}">:$strides,
                       DefaultValuedAttr<DLC_I64Quad, "{0, 0, 0, 0}">:$padding,
                       DefaultValuedAttr<DLC_I64Pair, "{1, 1}">:$dilations,
                       DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
                       DefaultValuedAttr<I64Attr, "0">:$storage_order);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat =
      "$grad `,` $indices attr-dict `:` functional-type(operands, results)";
}

def DLC_AdaptiveMaxPool2DBackwardOp : DLC_InferOp<"adaptive_max_pool2d_backward"> {
  let summary = "the adjoint of adaptive max pooling: each bin's gradient to "
                "its maximum";
  let description = [{
    `input` is the forward's input [N, C, H, W], `grad` the adjoint of its
    output [N, C, OH, OW]; the bins are `adaptive_max_pool2d`'s, rows
    `[floor(i * H / OH), ceil((i + 1) * H / OH))` by columns
    `[floor(j * W / OW), ceil((j + 1) * W / OW))`. Each bin's arg-max is
    recomputed from `input` by PyTorch's scan (row by row): an element
    replaces the running maximum when it is greater, so ties go to the
    first; a NaN wins (here the first NaN; PyTorch keeps the last, and a
    NaN has no finite gradient either way); a bin holding only -inf picks
    its first element. The result is [N, C, H, W]:

    `output[n, c, h, w] = sum of grad[n, c, i, j]` over the bins (i, j)
    whose arg-max is (h, w) (bins may overlap, so several can pick it).

    The lowering finds the arg-maxes in two separable passes (per row and
    column bin, then per row bin) and lets each input element gather from
    the few bins over it.
  }];
  let arguments = (ins DLC_Tensor:$input, DLC_Tensor:$grad);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat =
      "$input `,` $grad attr-dict `:` functional-type(operands, results)";
}

def DLC_RoiPoolBackwardOp : DLC_InferOp<"roi_pool_backward"> {
  let summary = "the adjoint of roi_pool: each bin's gradient to its maximum";
  let description = [{
    `input` [N, C, H, W] and `rois` [K, 5] are the forward's operands,
    `grad` [K, C, PH, PW] the adjoint of its output; `spatial_scale` is
    the forward's. Each bin (its bounds and batch index exactly as
    `roi_pool` computes them) routes its gradient to its arg-max,
    recomputed by torchvision's scan: starting from -FLT_MAX, the first
    element in row-major order that is greater than every earlier one
    (NaN never wins); an empty bin, or one with no element above -FLT_MAX,
    routes nothing (torchvision's argmax -1). The result is [N, C, H, W]:

    `output[b, c, h, w] = sum of grad[k, c, ph, pw]` over the bins whose
    ROI reads image b and whose arg-max is (h, w).

    The ROIs get no gradient (torchvision's neither). The bins of different
    ROIs overlap arbitrarily (a gather would visit every bin of every ROI
    per element), so the lowering scatters: the K*C*PH*PW gradients are
    added at their arg-maxes in sequence.
  }];
  let arguments = (ins DLC_Tensor:$input, DLC_Tensor:$rois, DLC_Tensor:$grad,
                       DefaultValuedAttr<F32Attr, "1.0f">:$spatial_scale);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $rois `,` $grad attr-dict `:` functional-type(operands, results)
  }];
}

#endif // DLC_DIALECT_DLC_POOLINGOPS_TD
