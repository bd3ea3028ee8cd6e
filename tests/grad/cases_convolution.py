"""Gradient checks: conv2d (rectangular kernels, strides that leave a
remainder, asymmetric padding, dilation, 1x1, groups = 2, depthwise with
and without a channel multiplier, with and without bias), conv_transpose2d
(strides, output_padding below the stride and, with dilation, at or above
it, groups, depthwise), im2col and col2im.

The references are PyTorch's float64 kernels, fed explicitly zero-padded
inputs where dlc's padding is asymmetric (torch pads symmetrically)."""
import numpy as np
import torch
import torch.nn.functional as F

from gradcases import op, ty, uniform
from gradcheck import Case


def t(a):
    return torch.from_numpy(np.asarray(a, np.float64))


def conv2d_ref(x, w, b, strides, padding, dilations, groups):
    """dlc.conv2d: padding is [top, left, bottom, right]."""
    xp = F.pad(t(x), (padding[1], padding[3], padding[0], padding[2]))
    y = F.conv2d(xp, t(w), None if b is None else t(b), stride=tuple(strides),
                 dilation=tuple(dilations), groups=groups)
    return y.numpy()


def conv_transpose2d_ref(x, w, b, strides, padding, output_padding, dilations, groups):
    """dlc.conv_transpose2d: the full scatter (torch with no padding), its
    padding cropped and output_padding rows added at the bottom/right."""
    full = F.conv_transpose2d(t(x), t(w), None, stride=tuple(strides),
                              dilation=tuple(dilations), groups=groups)
    h, w_ = full.shape[2], full.shape[3]
    oh = h - padding[0] - padding[2] + output_padding[0]
    ow = w_ - padding[1] - padding[3] + output_padding[1]
    # output_padding may reach past the full scatter: zeros there.
    full = F.pad(full, (0, max(0, padding[1] + ow - w_), 0, max(0, padding[0] + oh - h)))
    y = full[:, :, padding[0]:padding[0] + oh, padding[1]:padding[1] + ow]
    if b is not None:
        y = y + t(b).reshape(1, -1, 1, 1)
    return y.numpy()


def conv2d_cases():
    # (name, input, filter, bias?, strides, padding, dilations, groups)
    table = [
        ("conv2d_3x3_pad1", (2, 3, 5, 6), (4, 3, 3, 3), True, [1, 1], [1, 1, 1, 1], [1, 1], 1),
        ("conv2d_rect_stride_remainder", (2, 2, 7, 8), (3, 2, 2, 3), True, [2, 3],
         [1, 0, 0, 2], [1, 1], 1),
        ("conv2d_dilation_asymmetric", (1, 2, 9, 8), (2, 2, 3, 2), True, [1, 2],
         [2, 1, 1, 0], [2, 3], 1),
        ("conv2d_stride2_3x3_remainder", (2, 3, 8, 8), (4, 3, 3, 3), False, [2, 2],
         [1, 1, 1, 1], [1, 1], 1),
        ("conv2d_1x1", (2, 5, 4, 4), (3, 5, 1, 1), True, [1, 1], [0, 0, 0, 0], [1, 1], 1),
        ("conv2d_1x1_stride2", (2, 4, 6, 5), (3, 4, 1, 1), False, [2, 2], [0, 0, 0, 0],
         [1, 1], 1),
        ("conv2d_groups2", (2, 4, 6, 5), (6, 2, 3, 3), True, [2, 2], [1, 1, 1, 1], [1, 1], 2),
        ("conv2d_groups2_dilated_strided", (1, 4, 9, 9), (4, 2, 2, 2), True, [3, 2],
         [0, 1, 2, 0], [2, 2], 2),
        ("conv2d_depthwise", (2, 3, 6, 6), (3, 1, 3, 3), True, [1, 1], [1, 1, 1, 1], [1, 1], 3),
        ("conv2d_depthwise_stride2", (1, 3, 7, 6), (3, 1, 3, 3), False, [2, 2],
         [1, 1, 0, 1], [1, 1], 3),
        ("conv2d_depthwise_multiplier2", (1, 2, 5, 5), (4, 1, 3, 2), True, [1, 1],
         [1, 0, 1, 1], [1, 1], 2),
        # Patches over 8 MiB for the batch: the convolution, its input adjoint
        # and its filter adjoint run a few images at a time (one at a time:
        # 4.7 MB each; two at a time: 2.4 MB each).
        ("conv2d_im2col_one_image_chunks", (3, 32, 64, 64), (8, 32, 3, 3), True, [1, 1],
         [1, 1, 1, 1], [1, 1], 1),
        ("conv2d_im2col_two_image_chunks", (4, 16, 64, 64), (8, 16, 3, 3), False, [1, 1],
         [1, 1, 1, 1], [1, 1], 1),
    ]
    cases = []
    for name, xs, ws, has_bias, strides, padding, dilations, groups in table:
        params = {"x": uniform(name + "x", xs), "w": uniform(name + "w", ws)}
        operands = ["x", "w"]
        if has_bias:
            params["b"] = uniform(name + "b", (ws[0],))
            operands.append("b")

        def ref(p, d, strides=strides, padding=padding, dilations=dilations, groups=groups):
            return conv2d_ref(p["x"], p["w"], p.get("b"), strides, padding, dilations, groups)

        out = ref(params, {}).shape
        text = op("conv2d", operands, [ty(params[o].shape) for o in operands], [ty(out)],
                  strides=strides, padding=padding, dilations=dilations, groups=groups)
        cases.append(Case(name, params, text, ref, out))
    return cases


def conv_transpose2d_cases():
    # (name, input, filter, bias?, strides, padding, output_padding, dilations, groups)
    table = [
        ("conv_transpose2d_3x3_pad1", (2, 3, 4, 4), (3, 2, 3, 3), True, [1, 1],
         [1, 1, 1, 1], [0, 0], [1, 1], 1),
        ("conv_transpose2d_stride2_output_padding", (1, 2, 3, 4), (2, 3, 3, 3), True, [2, 2],
         [1, 1, 1, 1], [1, 1], [1, 1], 1),
        ("conv_transpose2d_rect_asymmetric_dilated", (2, 2, 3, 3), (2, 2, 2, 3), False,
         [2, 1], [0, 1, 1, 0], [1, 0], [1, 2], 1),
        # output_padding at or above the stride (allowed below the dilation):
        # the input adjoint's convolution has windows past the input.
        ("conv_transpose2d_output_padding_past_stride", (1, 2, 3, 3), (2, 2, 2, 2), True,
         [1, 1], [0, 0, 1, 0], [2, 1], [3, 3], 1),
        ("conv_transpose2d_groups2", (1, 4, 3, 3), (4, 1, 3, 3), True, [2, 2],
         [0, 0, 0, 0], [0, 0], [1, 1], 2),
        ("conv_transpose2d_depthwise_stride2", (2, 3, 3, 2), (3, 1, 2, 2), False, [2, 2],
         [1, 0, 0, 1], [1, 1], [1, 1], 3),
    ]
    cases = []
    for name, xs, ws, has_bias, strides, padding, outpad, dilations, groups in table:
        params = {"x": uniform(name + "x", xs), "w": uniform(name + "w", ws)}
        operands = ["x", "w"]
        if has_bias:
            params["b"] = uniform(name + "b", (ws[1] * groups,))
            operands.append("b")

        def ref(p, d, strides=strides, padding=padding, outpad=outpad, dilations=dilations,
                groups=groups):
            return conv_transpose2d_ref(p["x"], p["w"], p.get("b"), strides, padding, outpad,
                                        dilations, groups)

        out = ref(params, {}).shape
        text = op("conv_transpose2d", operands, [ty(params[o].shape) for o in operands],
                  [ty(out)], strides=strides, padding=padding, output_padding=outpad,
                  dilations=dilations, groups=groups)
        cases.append(Case(name, params, text, ref, out))
    return cases


def im2col_cases():
    kernel, strides, padding, dilations = [2, 3], [2, 1], [1, 0, 0, 1], [1, 2]
    size = (5, 6)

    def unfold(x):
        xp = F.pad(t(x), (padding[1], padding[3], padding[0], padding[2]))
        return F.unfold(xp, kernel, dilation=dilations, stride=strides).numpy()

    def fold(cols):
        padded = (size[0] + padding[0] + padding[2], size[1] + padding[1] + padding[3])
        y = F.fold(t(cols), padded, kernel, dilation=dilations, stride=strides)
        return y[:, :, padding[0]:padding[0] + size[0], padding[1]:padding[1] + size[1]].numpy()

    x = uniform("im2col", (2, 2) + size)
    cols_shape = unfold(x).shape
    cols = uniform("col2im", cols_shape)
    attrs = dict(kernel_shape=kernel, strides=strides, padding=padding, dilations=dilations)
    return [
        Case("im2col", {"x": x},
             op("im2col", ["x"], [ty(x.shape)], [ty(cols_shape)], **attrs),
             lambda p, d: unfold(p["x"]), cols_shape),
        Case("col2im", {"c": cols},
             op("col2im", ["c"], [ty(cols_shape)], [ty(x.shape)], output_size=list(size),
                **attrs),
             lambda p, d: fold(p["c"]), x.shape),
    ]


def cases():
    return conv2d_cases() + conv_transpose2d_cases() + im2col_cases()
