//===- DataMovementOps.td - dlc datamovement ops -*- tablegen -*-===//
//
// The constants and data movement: reshape, transpose, concat, split, slice,
// gather, pad, expand, and the f32 <-> i64 element type cast.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_DATA_MOVEMENTOPS_TD
#define DLC_DIALECT_DLC_DATA_MOVEMENTOPS_TD

include "dlc/Dialect/DLC/DLCBase.td"

def DLC_ConstantOp : DLC_InferOp<"constant", [ConstantLike]> {
  let summary = "a constant tensor: weights, biases, statistics";
  let description = [{
    Holds a weight tensor. Large weights are stored as MLIR resources
    (`dense_resource<name>`), whose blob name keeps the parameter's name.

    ```mlir
    %w = dlc.constant dense_resource<conv1_weight> : tensor<8x3x3x3xf32>
    ```

    Integer constants (`tensor<...xi64>`) hold class labels and gather
    indices.
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs AnyTypeOf<[DLC_Tensor, DLC_IndexTensor]>:$output);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}


def DLC_FlattenOp : DLC_InferOp<"flatten", [DLC_Differentiable]> {
  let summary = "collapse to 2-D at `axis` (ONNX Flatten)";
  let arguments = (ins DLC_Tensor:$input, DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def DLC_ReshapeOp : DLC_InferOp<"reshape", [DLC_Differentiable]> {
  let summary = "reshape to `shape` (ONNX rules: -1 is inferred, 0 copies)";
  let arguments = (ins DLC_Tensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def DLC_TransposeOp : DLC_InferOp<"transpose", [DLC_Differentiable]> {
  let summary = "permute dimensions: output dim i is input dim perm[i]";
  let arguments = (ins DLC_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def DLC_ConcatOp : DLC_InferOp<"concat", [DLC_Differentiable]> {
  let summary = "concatenate along `axis`";
  let arguments = (ins Variadic<DLC_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
}

def DLC_SplitOp : DLC_InferOp<"split", [DLC_Differentiable]> {
  let summary = "split along `axis` into pieces of `sizes` (ONNX Split, torch.split)";
  let description = [{
    Result `i` is `input[..., o_i : o_i + sizes[i], ...]` along `axis` with
    `o_i = sizes[0] + ... + sizes[i - 1]`; the sizes (each >= 0) sum to the
    extent of `axis`. A negative `axis` counts from the end. The backward
    pass is a concat of the result gradients.

    ```mlir
    %a, %b = dlc.split %x {axis = 1 : i64, sizes = array<i64: 2, 3>}
        : (tensor<4x5xf32>) -> (tensor<4x2xf32>, tensor<4x3xf32>)
    ```
  }];
  let arguments = (ins DLC_Tensor:$input, DefaultValuedAttr<I64Attr, "0">:$axis,
                       DenseI64ArrayAttr:$sizes);
  let results = (outs Variadic<DLC_Tensor>:$outputs);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def DLC_SliceOp : DLC_InferOp<"slice", [DLC_Differentiable]> {
  let summary = "strided slice with static bounds (ONNX Slice)";
  let description = [{
    For each `i`, axis `axes[i]` (default: `0, 1, ..., len(starts) - 1`;
    negative axes count from the end; no axis twice) of extent `d` is sliced
    with `start = starts[i]`, `end = ends[i]`, `step = steps[i]` (default
    1, never 0). ONNX's normalization, in order:

    ```
    start < 0: start += d            end < 0: end += d
    step > 0:  start = clamp(start, 0, d),     end = clamp(end, 0, d)
    step < 0:  start = clamp(start, 0, d - 1), end = clamp(end, -1, d - 1)
    extent = max(0, ceil((end - start) / step))
    output[..., j, ...] = input[..., start + j * step, ...]
    ```

    so `ends = [INT64_MAX]` means "to the end", and `starts = [-1],
    ends = [INT64_MIN], steps = [-1]` reverses an axis. Axes not named are
    kept whole. The backward pass scatters the gradient into zeros.
  }];
  let arguments = (ins DLC_Tensor:$input, DenseI64ArrayAttr:$starts,
                       DenseI64ArrayAttr:$ends,
                       OptionalAttr<DenseI64ArrayAttr>:$axes,
                       OptionalAttr<DenseI64ArrayAttr>:$steps);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def DLC_GatherOp : DLC_InferOp<"gather", [DLC_Differentiable]> {
  let summary = "gather slices along `axis` at `indices` (ONNX Gather, embedding)";
  let description = [{
    With `data` of rank r and `indices` of rank q, the result has shape
    `data.shape[:axis] + indices.shape + data.shape[axis + 1:]` and

    ```
    output[a..., i..., b...] = data[a..., idx, b...]
    idx = indices[i...], plus d = data.shape[axis] when negative
    ```

    An embedding lookup is `gather(weight, ids)` with `axis = 0`. Indices
    still outside [0, d) after the wrap (which ONNX and PyTorch reject) are
    clamped to [0, d - 1] at run time, so a bad index reads the first or
    last slice instead of memory out of bounds. The backward pass
    scatter-adds the gradient into `data`'s shape; `indices` gets none.
  }];
  let arguments = (ins DLC_Tensor:$data, DLC_IndexTensor:$indices,
                       DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat =
      "$data `,` $indices attr-dict `:` functional-type(operands, results)";
}

def DLC_ScatterAddOp : DLC_InferOp<"scatter_add", [DLC_Differentiable]> {
  let summary = "sum slices into `size` slots along `axis` at `indices` "
                "(the adjoint of gather)";
  let description = [{
    The transpose of `dlc.gather`. With `indices` of rank q and `updates` of
    shape `A + indices.shape + B` (A holding the first `axis` extents), the
    result has shape `A + [size] + B`, zero where no index points, and

    ```
    output[a..., r, b...] = sum over i... with idx(i...) == r
                            of updates[a..., i..., b...]
    idx(i...) = clamp(j < 0 ? j + size : j, 0, size - 1),  j = indices[i...]
    ```

    so repeated indices accumulate, negative ones wrap and the ones still
    outside [0, size) clamp exactly as gather reads them: the gradient of
    `gather(data, indices, axis)` w.r.t. `data` is
    `scatter_add(g, indices, axis, data.shape[axis])`. `axis` counts the
    result's dims (negative from its end). This is TensorFlow's
    unsorted_segment_sum along `axis` (torch's `index_add` into zeros for a
    1-D index), not torch.scatter_add, whose index is elementwise.

    ```mlir
    %d = dlc.scatter_add %g, %ids {size = 100 : i64}
        : (tensor<2x7x16xf32>, tensor<2x7xi64>) -> tensor<100x16xf32>
    ```

    The gradient w.r.t. `updates` is `gather(g, indices, axis)`.
  }];
  let arguments = (ins DLC_Tensor:$updates, DLC_IndexTensor:$indices,
                       DefaultValuedAttr<I64Attr, "0">:$axis, I64Attr:$size);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat =
      "$updates `,` $indices attr-dict `:` functional-type(operands, results)";
}

def DLC_PadOp : DLC_InferOp<"pad", [DLC_Differentiable]> {
  let summary = "pad every axis (ONNX Pad with static pads)";
  let description = [{
    `pads` holds `[b_0, ..., b_(r-1), e_0, ..., e_(r-1)]`: `b_i` elements
    before and `e_i` after axis `i` (extent `d_i` grows to
    `b_i + d_i + e_i`). With `s = o - b_i` the source index of output index
    `o` along axis `i`:

    ```
    "constant": input[s] when 0 <= s < d_i, else `value` (default 0)
    "reflect":  s < 0 -> -s;  s >= d_i -> 2 * (d_i - 1) - s
                (mirror without repeating the edge; needs b_i, e_i < d_i)
    "edge":     clamp(s, 0, d_i - 1)
    ```

    "constant" also accepts negative pads, which remove elements (ONNX);
    "reflect" and "edge" need non-negative pads (torch's reflect/replicate).
    The backward pass slices (constant) or folds back (reflect, edge) the
    gradient.
  }];
  let arguments = (ins DLC_Tensor:$input, DenseI64ArrayAttr:$pads,
                       DefaultValuedStrAttr<StrAttr, "constant">:$mode,
                       DefaultValuedAttr<F32Attr, "0.0f">:$value);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  // The graph builder's form: PadOp::create(b, loc, x, pads[, mode, value]).
  let builders = [
    OpBuilder<(ins "Value":$input, "ArrayRef<int64_t>":$pads,
                   CArg<"StringRef", "\"constant\"">:$mode,
                   CArg<"float", "0.0f">:$value), [{
      build($_builder, $_state, input, pads, mode, ::llvm::APFloat(value));
    }]>
  ];
}

// Same-type format like the activations: with InferTypeOpAdaptor the parser
// would infer the type before the attribute dictionary becomes properties.
def DLC_ChannelShuffleOp
    : DLC_Op<"channel_shuffle", [Pure, SameOperandsAndResultType, DLC_Differentiable]> {
  let summary = "ShuffleNet channel shuffle with `groups` groups";
  let description = [{
    For an input [N, C, ...] with `g = groups` dividing C:

    ```
    output[n, c, ...] = input[n, (c % g) * (C / g) + c / g, ...]
    ```

    i.e. `x.reshape(N, g, C / g, ...).transpose(1, 2).reshape(N, C, ...)`,
    torchvision's shufflenetv2 `channel_shuffle` and torch.nn.ChannelShuffle.
    The backward pass is a channel shuffle with `C / g` groups.
  }];
  let arguments = (ins DLC_Tensor:$input, I64Attr:$groups);
  let results = (outs DLC_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def DLC_ExpandOp : DLC_InferOp<"expand", [DLC_Differentiable]> {
  let summary = "broadcast to `shape` (ONNX Expand)";
  let description = [{
    The result shape is the NumPy (bidirectional) broadcast of the input's
    shape and `shape`: both are right-aligned, missing leading extents count
    as 1, and each pair of extents must be equal or one of them 1, the
    result taking the other. So `shape` may have a lower or a higher rank
    than the input, and a 1 in `shape` keeps the input's extent. With
    k = rank(input), m = len(shape) and r = max(k, m):

    ```
    a_i = input.shape[i - (r - k)],  s_i = shape[i - (r - m)]   (1 if i < r - k,
                                                                resp. i < r - m)
    output.shape[i] = (a_i == 1) ? s_i : a_i     (needs a_i == s_i, a_i == 1
                                                  or s_i == 1)
    output[i_0, ..., i_(r-1)] = input[j_0, ..., j_(k-1)]
    j_d = (input.shape[d] == 1) ? 0 : i_(d + r - k)
    ```

    ```mlir
    %y = dlc.expand %x {shape = array<i64: 2, 1, 6>}
        : (tensor<3x1xf32>) -> tensor<2x3x6xf32>
    ```

    Entries of `shape` are non-negative; a 0 against an input extent of 1
    gives an empty axis. Unlike torch's `expand`, `shape` may be shorter than
    the input and "keep this extent" is spelled 1, not -1. i64 tensors
    expand too. The gradient is the output gradient summed over the
    broadcast axes.
  }];
  let arguments = (ins AnyTypeOf<[DLC_Tensor, DLC_IndexTensor]>:$input,
                       DenseI64ArrayAttr:$shape);
  let results = (outs AnyTypeOf<[DLC_Tensor, DLC_IndexTensor]>:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

// The result type names the target element type, so it is spelled, not
// inferred.
def DLC_CastOp : DLC_Op<"cast", [Pure]> {
  let summary = "element type conversion between f32 and i64 (ONNX Cast)";
  let description = [{
    Converts every element, keeping the shape:

    ```
    f32 -> i64: output = trunc(input) (toward zero, C's and NumPy's astype)
                when -2^63 <= input < 2^63; NaN, +-inf and values outside
                that range give INT64_MIN (what NumPy's astype gives on x86)
    i64 -> f32: output = input rounded to the nearest f32, ties to even
    same type:  output = input (the op folds away)
    ```

    ```mlir
    %y = dlc.cast %x : (tensor<2x3xf32>) -> tensor<2x3xi64>
    ```

    Casts of dense constants fold to constants by the same rules. The
    gradient of an f32 -> f32 cast is the identity; the integer side has
    none.
  }];
  let arguments = (ins AnyTypeOf<[DLC_Tensor, DLC_IndexTensor]>:$input);
  let results = (outs AnyTypeOf<[DLC_Tensor, DLC_IndexTensor]>:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

#endif // DLC_DIALECT_DLC_DATA_MOVEMENTOPS_TD
