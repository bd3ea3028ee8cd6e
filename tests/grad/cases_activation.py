"""Gradient checks: activations, softmax, dropout, elementwise arithmetic."""
import math

import numpy as np

from gradcases import op, same_type_op, ty, uniform
from gradcheck import Case


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


erf = np.vectorize(math.erf)


def gelu_tanh(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def off_kinks(x, kinks, gap=0.05):
    """`x` with every value within `gap` of a kink moved 2 * gap away."""
    for k in kinks:
        x = np.where(np.abs(x - k) < gap, x + np.where(x < k, -2 * gap, 2 * gap), x)
    return x


def splitmix_keep(n, seed, ratio):
    """dlc.dropout's mask (see its ODS description), computed independently."""
    mask = np.zeros(n)
    threshold = int(np.ceil(ratio * (1 << 24)))
    m = (1 << 64) - 1
    for i in range(n):
        z = (seed + (i + 1) * 0x9E3779B97F4A7C15) & m
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & m
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & m
        z = z ^ (z >> 31)
        mask[i] = 1.0 if (z >> 40) >= threshold else 0.0
    return mask


def unary_cases():
    shape = (3, 4, 5)
    table = [
        ("relu", lambda x: np.maximum(x, 0), dict(away=0.05), {}),
        ("sigmoid", sigmoid, {}, {}),
        ("tanh", np.tanh, {}, {}),
        ("leaky_relu", lambda x: np.where(x > 0, x, 0.2 * x), dict(away=0.05),
         dict(alpha=0.2)),
        ("clip", lambda x: np.clip(x, -0.5, 0.7), dict(away=0.05), dict(min=-0.5, max=0.7)),
        ("exp", np.exp, {}, {}),
        ("log", np.log, dict(lo=0.2, hi=3.0), {}),
        ("sqrt", np.sqrt, dict(lo=0.2, hi=3.0), {}),
        ("neg", np.negative, {}, {}),
        ("abs", np.abs, dict(away=0.05), {}),
        ("reciprocal", lambda x: 1 / x, dict(lo=0.3, hi=2.0), {}),
        ("hard_sigmoid", lambda x: np.clip(0.25 * x + 0.4, 0, 1), dict(lo=-4.0, hi=4.0),
         dict(alpha=0.25, beta=0.4)),
        ("hard_swish", lambda x: x * np.clip(x + 3, 0, 6) / 6, dict(lo=-5.0, hi=5.0), {}),
        ("erf", erf, dict(lo=-2.0, hi=2.0), {}),
        ("gelu", lambda x: x * 0.5 * (1 + erf(x / np.sqrt(2))), dict(lo=-3.0, hi=3.0), {}),
        ("gelu_tanh", gelu_tanh, dict(lo=-3.0, hi=3.0), dict(approximate="tanh")),
        ("softplus", lambda x: np.log1p(np.exp(x)), dict(lo=-4.0, hi=4.0), {}),
    ]
    kinks = {"clip": [-0.5, 0.7], "hard_sigmoid": [-1.6, 2.4], "hard_swish": [-3, 3]}
    cases = []
    for name, fn, data, kw in table:
        x = off_kinks(uniform(name, shape, **data), kinks.get(name, []))
        op_name = "gelu" if name == "gelu_tanh" else name
        cases.append(Case(name, {"x": x}, same_type_op(op_name, "x", shape, **kw),
                          lambda p, d, fn=fn: fn(p["x"]), shape))
    return cases


def prelu_cases():
    cases = []
    for name, slope_shape in [("prelu_per_channel", (3,)), ("prelu_broadcast", (3, 1, 1)),
                              ("prelu_shared", (1,))]:
        x = uniform(name, (2, 3, 4, 5), away=0.05)
        s = uniform(name + "s", slope_shape, 0.05, 0.5)

        def ref(p, d, per=slope_shape == (3,)):
            slope = p["s"].reshape(1, 3, 1, 1) if per else p["s"]
            return np.where(p["x"] >= 0, p["x"], slope * p["x"])

        cases.append(Case(name, {"x": x, "s": s},
                          op("prelu", ["x", "s"], [ty(x.shape), ty(s.shape)], [ty(x.shape)]),
                          ref, x.shape))
    return cases


def maxout_case():
    x = uniform("maxout", (2, 6, 3))
    def ref(p, d):
        return p["x"].reshape(2, 2, 3, 3).max(axis=2)
    return Case("maxout", {"x": x},
                op("maxout", ["x"], [ty((2, 6, 3))], [ty((2, 2, 3)), ty((2, 2, 3), "i64")],
                   results="%out, %indices", pieces=3), ref, (2, 2, 3))


def dropout_case():
    x = uniform("dropout", (4, 7))
    def ref(p, d):
        mask = splitmix_keep(28, 7, 0.3).reshape(4, 7)
        return p["x"] * mask / (1 - 0.3)
    return Case("dropout_training", {"x": x},
                op("dropout", ["x"], [ty((4, 7))], [ty((4, 7)), ty((4, 7))],
                   results="%out, %mask", ratio=0.3, seed=7, training=True), ref, (4, 7))


def softmax_cases():
    cases = []
    for log in (False, True):
        for axis in (1, -1):
            name = ("log_softmax" if log else "softmax") + "_axis%d" % axis
            x = uniform(name, (3, 4, 5), -2, 2)

            def ref(p, d, axis=axis, log=log):
                z = p["x"] - p["x"].max(axis=axis, keepdims=True)
                lse = np.log(np.exp(z).sum(axis=axis, keepdims=True))
                return z - lse if log else np.exp(z - lse)

            cases.append(Case(name, {"x": x},
                              op("log_softmax" if log else "softmax", ["x"], [ty(x.shape)],
                                 [ty(x.shape)], axis=axis), ref, x.shape))
    return cases


def binary_cases():
    table = [
        ("add", np.add, {}), ("sub", np.subtract, {}), ("mul", np.multiply, {}),
        ("div", np.divide, dict(rhs=(0.5, 2.0))), ("max", np.maximum, {}),
        ("min", np.minimum, {}), ("pow", np.power, dict(lhs=(0.3, 2.0), rhs=(-1.5, 2.0))),
    ]
    shapes = [("same", (3, 4), (3, 4)), ("bcast", (2, 3, 4), (3, 1)),
              ("lower_rank_lhs", (4,), (2, 3, 4)), ("scalar_rhs", (3, 4), ())]
    cases = []
    for name, fn, ranges in table:
        for tag, ls, rs in shapes:
            case = "%s_%s" % (name, tag)
            a = uniform(case + "a", ls, *ranges.get("lhs", (-1, 1)))
            b = uniform(case + "b", rs, *ranges.get("rhs", (-1, 1)))
            out = np.broadcast_shapes(ls, rs)
            cases.append(Case(case, {"a": a, "b": b},
                              op(name, ["a", "b"], [ty(ls), ty(rs)], [ty(out)]),
                              lambda p, d, fn=fn: fn(p["a"], p["b"]), out))
    return cases


def composition_cases():
    """SiLU and Mish, which dlc composes from sigmoid, softplus, tanh and mul
    as PyTorch exports them."""
    shape = (4, 6)
    t = ty(shape)
    silu = "\n".join(["%%s = dlc.sigmoid %%x : %s" % t,
                      op("mul", ["x", "s"], [t, t], [t])])
    mish = "\n".join(["%%sp = dlc.softplus %%x : %s" % t, "%%th = dlc.tanh %%sp : %s" % t,
                      op("mul", ["x", "th"], [t, t], [t])])
    return [
        Case("silu", {"x": uniform("silu", shape, -4, 4)}, silu,
             lambda p, d: p["x"] / (1 + np.exp(-p["x"])), shape),
        Case("mish", {"x": uniform("mish", shape, -4, 4)}, mish,
             lambda p, d: p["x"] * np.tanh(np.log1p(np.exp(p["x"]))), shape),
    ]


def select_case():
    c = (uniform("selectc", (3, 4)) > 0).astype(np.float64)
    t = uniform("selectt", (3, 1))
    f = uniform("selectf", (4,))
    return Case("select", {"t": t, "f": f},
                op("select", ["c", "t", "f"], [ty((3, 4)), ty((3, 1)), ty((4,))], [ty((3, 4))]),
                lambda p, d: np.where(d["c"] != 0, p["t"], p["f"]), (3, 4), data={"c": c})


def cases():
    return (unary_cases() + prelu_cases() + [maxout_case(), dropout_case()] +
            softmax_cases() + binary_cases() + [select_case()] + composition_cases())
