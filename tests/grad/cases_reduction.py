"""Gradient checks: reduce_sum/mean/max/min/l2 over axes, with and without
keepdims."""
import numpy as np

from gradcases import op, ty, uniform
from gradcheck import Case

FUNCTIONS = {
    "reduce_sum": np.sum, "reduce_mean": np.mean, "reduce_max": np.max,
    "reduce_min": np.min,
    "reduce_l2": lambda x, axis, keepdims: np.sqrt(np.sum(x * x, axis=axis, keepdims=keepdims)),
}


def cases():
    out = []
    shape = (2, 3, 4)
    for name, fn in FUNCTIONS.items():
        for axes, keep in [((), True), ((1,), True), ((0, 2), False), ((-1,), False)]:
            case = "%s_axes%s_%s" % (name, "".join(str(a) for a in axes) or "all",
                                     "keep" if keep else "drop")
            x = uniform(case, shape)
            np_axes = tuple(axes) if axes else None
            result = fn(x, axis=np_axes, keepdims=keep)
            extra = {"axes": list(axes)} if axes else {}
            text = op(name, ["x"], [ty(shape)], [ty(np.shape(result))], keepdims=keep, **extra)
            out.append(Case(case, {"x": x}, text,
                            lambda p, d, fn=fn, a=np_axes, k=keep: fn(p["x"], axis=a, keepdims=k),
                            np.shape(result)))
    return out
