"""Gradient checks: batch_norm (inference: input, scale and bias; the
running statistics are buffers), batch_norm_train through the batch
statistics (the output, and the saved batch mean and variance results) for
rank 2, 3 and 4 inputs, and lrn with odd and even window sizes (ONNX's
window) on rank 3 and 4 inputs. The references are NumPy forwards of the
ops' formulas."""
import numpy as np

from gradcases import op, ty, uniform
from gradcheck import Case

SHAPES = [(4, 3), (3, 2, 5), (2, 3, 3, 4)]


def channel_view(v, rank):
    return v.reshape((1, -1) + (1,) * (rank - 2))


def reduced_axes(rank):
    return (0,) + tuple(range(2, rank))


def batch_norm_cases():
    cases = []
    eps = 1e-3
    for shape in SHAPES:
        rank, c = len(shape), shape[1]
        name = "batch_norm_rank%d" % rank
        params = {"x": uniform(name + "x", shape), "scale": uniform(name + "s", (c,), 0.5, 1.5),
                  "bias": uniform(name + "b", (c,))}
        data = {"mean": uniform(name + "m", (c,)), "var": uniform(name + "v", (c,), 0.5, 2.0)}

        def ref(p, d, rank=rank):
            v = lambda a: channel_view(a, rank)
            return (v(p["scale"]) * (p["x"] - v(d["mean"])) / np.sqrt(v(d["var"]) + eps) +
                    v(p["bias"]))

        types = [ty(shape), ty((c,)), ty((c,)), ty((c,)), ty((c,))]
        cases.append(Case(name, params,
                          op("batch_norm", ["x", "scale", "bias", "mean", "var"], types,
                             [ty(shape)], epsilon=eps),
                          ref, shape, data=data))
    return cases


def batch_norm_train_cases():
    cases = []
    eps = 1e-3
    for shape in SHAPES:
        rank, c = len(shape), shape[1]
        axes = reduced_axes(rank)
        for part in ["output", "stats"]:
            name = "batch_norm_train_%s_rank%d" % (part, rank)
            params = {"x": uniform(name + "x", shape),
                      "scale": uniform(name + "s", (c,), 0.5, 1.5),
                      "bias": uniform(name + "b", (c,))}
            data = {"rm": uniform(name + "m", (c,)), "rv": uniform(name + "v", (c,), 0.5, 2.0)}
            types = [ty(shape)] + [ty((c,))] * 4
            results = "%s, %%rmean, %%rvar, %%bmean, %%bvar" % (
                "%out" if part == "output" else "%y")
            text = op("batch_norm_train", ["x", "scale", "bias", "rm", "rv"], types,
                      ["(%s)" % ", ".join([ty(shape)] + [ty((c,))] * 4)], results=results,
                      epsilon=eps, momentum=0.1)
            if part == "output":
                out = shape

                def ref(p, d, rank=rank, axes=axes):
                    v = lambda a: channel_view(a, rank)
                    x = p["x"]
                    mean = x.mean(axis=axes, keepdims=True)
                    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
                    return v(p["scale"]) * (x - mean) / np.sqrt(var + eps) + v(p["bias"])
            else:
                # The saved batch statistics as results of their own.
                text += "\n%%out = dlc.sub %%bmean, %%bvar : (%s, %s) -> %s" % (
                    ty((c,)), ty((c,)), ty((c,)))
                out = (c,)

                def ref(p, d, axes=axes):
                    x = p["x"]
                    mean = x.mean(axis=axes)
                    var = ((x - x.mean(axis=axes, keepdims=True)) ** 2).mean(axis=axes)
                    return mean - var
            cases.append(Case(name, params, text, ref, out, data=data))
    return cases


def lrn_ref(x, size, alpha, beta, bias):
    """ONNX LRN: the window [c - floor((size-1)/2), c + ceil((size-1)/2)]."""
    c = x.shape[1]
    before, after = (size - 1) // 2, size - 1 - (size - 1) // 2
    square = x ** 2
    total = np.zeros_like(x)
    for ch in range(c):
        lo, hi = max(0, ch - before), min(c - 1, ch + after)
        total[:, ch] = square[:, lo:hi + 1].sum(axis=1)
    return x / (bias + alpha / size * total) ** beta


def lrn_cases():
    cases = []
    for size, shape in [(3, (2, 5, 3, 2)), (4, (2, 6, 3)), (5, (1, 7, 2, 3)), (2, (2, 4, 5))]:
        name = "lrn_size%d_rank%d" % (size, len(shape))
        alpha, beta, bias = 0.8, 0.75, 1.5
        cases.append(Case(name, {"x": uniform(name, shape, -2, 2)},
                          "%%out = dlc.lrn %%x {size = %d : i64, alpha = %r : f32, "
                          "beta = %r : f32, bias = %r : f32} : (%s) -> %s" % (
                              size, alpha, beta, bias, ty(shape), ty(shape)),
                          lambda p, d, size=size: lrn_ref(p["x"], size, alpha, beta, bias),
                          shape))
    return cases


def cases():
    return batch_norm_cases() + batch_norm_train_cases() + lrn_cases()
