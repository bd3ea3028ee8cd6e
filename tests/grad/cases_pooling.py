"""Gradient checks: max_pool2d and max_pool2d_with_indices (padding, ceil
mode, dilation, strides, overlapping windows, both storage orders),
avg_pool2d (count_include_pad both ways, ceil mode, asymmetric padding),
global average/max pooling, adaptive average/max pooling (bins that tile,
overlap, or outnumber the input) and roi_pool (overlapping boxes, a box
smaller than its bin grid, a box across the image border, both images).

The window poolings' references are NumPy loops over the taps following
PyTorch's rules (windows and divisors), written out here because PyTorch
pads symmetrically only; adaptive pooling uses PyTorch's float64 kernels;
roi_pool is torchvision's loop re-stated with its float32 arithmetic.
Inputs of the max poolings are distinct values well apart, so that no
finite-difference step changes an arg-max."""
import numpy as np
import torch
import torch.nn.functional as F

from gradcases import op, rng_for, ty, uniform
from gradcheck import Case


def distinct(name, shape, spacing=0.01):
    """Values spaced `spacing` apart in random order (no near-ties)."""
    count = int(np.prod(shape))
    values = (np.arange(count) - count / 2) * spacing
    return rng_for(name).permutation(values).reshape(shape)


def window_count(n, k, s, pb, pe, d, ceil):
    """PyTorch's number of windows along one axis."""
    room = n + pb + pe - (d * (k - 1) + 1)
    out = (-(-room // s) if ceil else room // s) + 1
    if ceil and (out - 1) * s >= n + pb:
        out -= 1
    return out


def taps(n, out, k, s, pb, d):
    """For each tap i: the input positions of the windows and which exist."""
    for i in range(k):
        pos = np.arange(out) * s + i * d - pb
        yield (pos >= 0) & (pos < n), np.clip(pos, 0, n - 1)


def max_pool_ref(x, k, s, p, d, ceil):
    n, c, h, w = x.shape
    oh = window_count(h, k[0], s[0], p[0], p[2], d[0], ceil)
    ow = window_count(w, k[1], s[1], p[1], p[3], d[1], ceil)
    out = np.full((n, c, oh, ow), -np.inf)
    for rows_ok, rows in taps(h, oh, k[0], s[0], p[0], d[0]):
        for cols_ok, cols in taps(w, ow, k[1], s[1], p[1], d[1]):
            v = x[:, :, rows][:, :, :, cols]
            v = np.where(rows_ok[:, None] & cols_ok[None, :], v, -np.inf)
            out = np.maximum(out, v)
    return out


def avg_pool_ref(x, k, s, p, ceil, include_pad):
    n, c, h, w = x.shape
    oh = window_count(h, k[0], s[0], p[0], p[2], 1, ceil)
    ow = window_count(w, k[1], s[1], p[1], p[3], 1, ceil)
    total = np.zeros((n, c, oh, ow))
    for rows_ok, rows in taps(h, oh, k[0], s[0], p[0], 1):
        for cols_ok, cols in taps(w, ow, k[1], s[1], p[1], 1):
            v = x[:, :, rows][:, :, :, cols]
            total += np.where(rows_ok[:, None] & cols_ok[None, :], v, 0.0)

    def divisor(out, size, kernel, stride, pb, pe):
        start = np.arange(out) * stride - pb
        end = np.minimum(start + kernel, size + pe)  # ceil_mode's extra: never
        if include_pad:
            return end - start
        return np.minimum(end, size) - np.maximum(start, 0)

    count = (divisor(oh, h, k[0], s[0], p[0], p[2])[:, None] *
             divisor(ow, w, k[1], s[1], p[1], p[3])[None, :])
    return total / count


def max_pool_cases():
    # (name, input, kernel, strides, padding, dilations, ceil_mode)
    table = [
        ("max_pool2d_3x3_s2_pad1", (2, 2, 7, 7), [3, 3], [2, 2], [1, 1, 1, 1], [1, 1], False),
        ("max_pool2d_overlapping_s1", (1, 2, 5, 6), [3, 2], [1, 1], [0, 0, 0, 0], [1, 1],
         False),
        ("max_pool2d_ceil_mode", (1, 2, 6, 7), [3, 2], [2, 2], [0, 0, 0, 0], [1, 1], True),
        ("max_pool2d_ceil_mode_padded", (1, 1, 7, 6), [3, 3], [2, 2], [1, 1, 1, 1], [1, 1],
         True),
        ("max_pool2d_dilation_asymmetric", (1, 2, 8, 7), [2, 3], [1, 2], [1, 0, 0, 2],
         [2, 1], False),
    ]
    cases = []
    for name, xs, k, s, p, d, ceil in table:
        x = distinct(name, xs)

        def ref(pr, dt, k=k, s=s, p=p, d=d, ceil=ceil):
            return max_pool_ref(pr["x"], k, s, p, d, ceil)

        out = ref({"x": x}, {}).shape
        attrs = dict(kernel_shape=k, strides=s, padding=p, dilations=d, ceil_mode=ceil)
        cases.append(Case(name, {"x": x}, op("max_pool2d", ["x"], [ty(xs)], [ty(out)], **attrs),
                          ref, out))
        if name == "max_pool2d_3x3_s2_pad1":
            continue
        # The indices form, through its own rule (both storage orders).
        order = 1 if ceil else 0
        text = op("max_pool2d_with_indices", ["x"], [ty(xs)],
                  [ty(out), ty(out, "i64")], results="%out, %indices",
                  storage_order=order, **attrs)
        cases.append(Case(name.replace("max_pool2d", "max_pool2d_with_indices"), {"x": x},
                          text, ref, out))
    return cases


def avg_pool_cases():
    # (name, input, kernel, strides, padding, ceil_mode, count_include_pad)
    table = [
        ("avg_pool2d_include_pad", (2, 2, 5, 6), [3, 3], [2, 2], [1, 1, 1, 1], False, True),
        ("avg_pool2d_exclude_pad", (2, 2, 5, 6), [3, 3], [2, 2], [1, 1, 1, 1], False, False),
        ("avg_pool2d_ceil_include_pad", (1, 2, 6, 7), [3, 3], [2, 2], [1, 1, 1, 1], True,
         True),
        ("avg_pool2d_ceil_exclude_pad_asymmetric", (1, 2, 7, 5), [2, 3], [2, 2],
         [1, 0, 0, 1], True, False),
        ("avg_pool2d_ceil_no_pad", (1, 1, 6, 5), [3, 2], [2, 2], [0, 0, 0, 0], True, False),
        ("avg_pool2d_overlapping_s1", (1, 2, 4, 5), [2, 3], [1, 1], [0, 1, 1, 0], False,
         True),
    ]
    cases = []
    for name, xs, k, s, p, ceil, include in table:
        x = uniform(name, xs)

        def ref(pr, dt, k=k, s=s, p=p, ceil=ceil, include=include):
            return avg_pool_ref(pr["x"], k, s, p, ceil, include)

        out = ref({"x": x}, {}).shape
        cases.append(Case(name, {"x": x},
                          op("avg_pool2d", ["x"], [ty(xs)], [ty(out)], kernel_shape=k,
                             strides=s, padding=p, ceil_mode=ceil, count_include_pad=include),
                          ref, out))
    return cases


def global_cases():
    cases = []
    for shape in [(2, 3, 4, 5), (2, 3, 6)]:
        suffix = "_rank%d" % len(shape)
        out = shape[:2] + (1,) * (len(shape) - 2)
        axes = tuple(range(2, len(shape)))
        cases.append(Case("global_avg_pool" + suffix, {"x": uniform("gap" + suffix, shape)},
                          op("global_avg_pool", ["x"], [ty(shape)], [ty(out)]),
                          lambda p, d, axes=axes: p["x"].mean(axis=axes, keepdims=True), out))
        cases.append(Case("global_max_pool" + suffix, {"x": distinct("gmp" + suffix, shape)},
                          op("global_max_pool", ["x"], [ty(shape)], [ty(out)]),
                          lambda p, d, axes=axes: p["x"].max(axis=axes, keepdims=True), out))
    return cases


def adaptive_cases():
    table = [
        ("tiling", (2, 2, 6, 4), (3, 2)),
        ("overlapping", (1, 2, 5, 7), (3, 4)),
        ("more_bins_than_input", (1, 2, 3, 2), (5, 4)),
        ("global", (2, 3, 4, 3), (1, 1)),
    ]
    cases = []
    for name, xs, size in table:
        out = xs[:2] + size
        cases.append(Case("adaptive_avg_pool2d_" + name, {"x": uniform("aap" + name, xs)},
                          op("adaptive_avg_pool2d", ["x"], [ty(xs)], [ty(out)],
                             output_size=list(size)),
                          lambda p, d, size=size: F.adaptive_avg_pool2d(
                              torch.from_numpy(p["x"]), size).numpy(), out))
        cases.append(Case("adaptive_max_pool2d_" + name, {"x": distinct("amp" + name, xs)},
                          op("adaptive_max_pool2d", ["x"], [ty(xs)], [ty(out)],
                             output_size=list(size)),
                          lambda p, d, size=size: F.adaptive_max_pool2d(
                              torch.from_numpy(p["x"]), size).numpy(), out))
    return cases


def roi_pool_ref(x, rois, pooled, scale):
    """torchvision's roi_pool loop, with its float32 bin arithmetic."""
    n, c, h, w = x.shape
    ph_count, pw_count = pooled
    f32 = np.float32
    out = np.zeros((len(rois), c, ph_count, pw_count))
    for k, roi in enumerate(rois.astype(np.float32)):
        b = min(max(int(roi[0]), 0), n - 1)
        x1, y1, x2, y2 = (int(np.sign(v) * np.floor(abs(v) + f32(0.5)))
                          for v in (roi[1:] * f32(scale)).astype(np.float32))
        bin_h = f32(max(y2 - y1 + 1, 1)) / f32(ph_count)
        bin_w = f32(max(x2 - x1 + 1, 1)) / f32(pw_count)
        for ph in range(ph_count):
            hs = min(max(int(np.floor(f32(ph) * bin_h)) + y1, 0), h)
            he = min(max(int(np.ceil(f32(ph + 1) * bin_h)) + y1, 0), h)
            for pw in range(pw_count):
                ws = min(max(int(np.floor(f32(pw) * bin_w)) + x1, 0), w)
                we = min(max(int(np.ceil(f32(pw + 1) * bin_w)) + x1, 0), w)
                if he <= hs or we <= ws:
                    continue
                out[k, :, ph, pw] = x[b, :, hs:he, ws:we].max(axis=(1, 2))
    return out


def roi_pool_cases():
    x = distinct("roi_pool", (2, 2, 6, 7))
    # (batch, x1, y1, x2, y2) in image coordinates; spatial_scale 0.5.
    rois = np.array([[0, 0, 0, 12, 10],      # the whole first image
                     [1, 2, 4, 9, 11],       # overlaps the next one
                     [1, 4, 2, 13, 8],
                     [0, 6, 6, 7, 7],        # one pixel for a 2x3 grid
                     [1, 10, -4, 20, 6]],    # across the top/right border
                    dtype=np.float64)
    pooled, scale = (2, 3), 0.5
    out = (len(rois), 2) + pooled
    text = op("roi_pool", ["x", "rois"], [ty(x.shape), ty(rois.shape)], [ty(out)],
              pooled_size=list(pooled), spatial_scale=scale)
    return [Case("roi_pool", {"x": x}, text,
                 lambda p, d: roi_pool_ref(p["x"], d["rois"], pooled, scale), out,
                 data={"rois": rois})]


def cases():
    return (max_pool_cases() + avg_pool_cases() + global_cases() + adaptive_cases() +
            roi_pool_cases())
