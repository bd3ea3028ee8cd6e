"""Gradient checks: reshape, flatten, transpose, concat, split, slice (every
step sign and size), pad (constant with negative pads, reflect, edge),
expand, channel_shuffle, gather (repeated and negative indices, every
axis position, matrix and scalar indices) and its adjoint scatter_add."""
import numpy as np

from gradcases import op, same_type_op, ty, uniform
from gradcheck import Case


def simple_cases():
    x = uniform("dm", (2, 3, 4))
    return [
        Case("reshape", {"x": x}, op("reshape", ["x"], [ty((2, 3, 4))], [ty((6, 4))], shape=[6, 4]),
             lambda p, d: p["x"].reshape(6, 4), (6, 4)),
        Case("flatten", {"x": x}, op("flatten", ["x"], [ty((2, 3, 4))], [ty((6, 4))], axis=2),
             lambda p, d: p["x"].reshape(6, 4), (6, 4)),
        Case("transpose", {"x": x},
             op("transpose", ["x"], [ty((2, 3, 4))], [ty((4, 2, 3))], perm=[2, 0, 1]),
             lambda p, d: p["x"].transpose(2, 0, 1), (4, 2, 3)),
        Case("expand", {"x": uniform("expand", (3, 1))},
             op("expand", ["x"], [ty((3, 1))], [ty((2, 3, 5))], shape=[2, 1, 5]),
             lambda p, d: np.broadcast_to(p["x"], (2, 3, 5)), (2, 3, 5)),
        Case("channel_shuffle", {"x": uniform("cs", (2, 6, 3))},
             same_type_op("channel_shuffle", "x", (2, 6, 3), groups=3),
             lambda p, d: p["x"].reshape(2, 3, 2, 3).transpose(0, 2, 1, 3).reshape(2, 6, 3),
             (2, 6, 3)),
    ]


def concat_split_cases():
    a, b, c = uniform("ca", (2, 1, 4)), uniform("cb", (2, 3, 4)), uniform("cc", (2, 2, 4))
    concat = Case("concat", {"a": a, "b": b, "c": c},
                  op("concat", ["a", "b", "c"], [ty(a.shape), ty(b.shape), ty(c.shape)],
                     [ty((2, 6, 4))], axis=1),
                  lambda p, d: np.concatenate([p["a"], p["b"], p["c"]], axis=1), (2, 6, 4))
    x = uniform("split", (5, 3))
    # Three pieces; the check weighs the middle one (the others get zeros).
    split = Case("split", {"x": x},
                 op("split", ["x"], [ty((5, 3))], [ty((2, 3)), ty((1, 3)), ty((2, 3))],
                    results="%p0, %out, %p2", axis=0, sizes=[2, 1, 2]),
                 lambda p, d: p["x"][2:3], (1, 3))
    # Negative axes (I64Attr reads back unsigned: the rules must sign it).
    concat_neg = Case("concat_negative_axis", {"a": a, "b": b},
                      op("concat", ["a", "b"], [ty(a.shape), ty(b.shape)], [ty((2, 4, 4))],
                         axis=-2),
                      lambda p, d: np.concatenate([p["a"], p["b"]], axis=-2), (2, 4, 4))
    split_neg = Case("split_negative_axis", {"x": x},
                     op("split", ["x"], [ty((5, 3))], [ty((5, 1)), ty((5, 2))],
                        results="%out, %p1", axis=-1, sizes=[1, 2]),
                     lambda p, d: p["x"][:, 0:1], (5, 1))
    return [concat, split, concat_neg, split_neg]


def slice_cases():
    x = uniform("slice", (6, 7, 5))
    table = [
        ("slice_unit_steps", dict(starts=[1, 2], ends=[5, 6], axes=[0, 2]),
         lambda v: v[1:5, :, 2:6]),
        ("slice_step2", dict(starts=[1], ends=[7], axes=[1], steps=[2]), lambda v: v[:, 1:7:2]),
        ("slice_step3_ragged", dict(starts=[0, 1], ends=[6, 5], axes=[0, 2], steps=[3, 2]),
         lambda v: v[0:6:3, :, 1:5:2]),
        ("slice_reverse", dict(starts=[-1], ends=[-(2 ** 63)], axes=[1], steps=[-1]),
         lambda v: v[:, ::-1]),
        ("slice_negative_step2", dict(starts=[5], ends=[0], axes=[0], steps=[-2]),
         lambda v: v[5:0:-2]),
    ]
    cases = []
    for name, kw, fn in table:
        out = fn(x).shape
        cases.append(Case(name, {"x": x}, op("slice", ["x"], [ty(x.shape)], [ty(out)], **kw),
                          lambda p, d, fn=fn: fn(p["x"]), out))
    return cases


def pad_cases():
    x = uniform("pad", (3, 4, 5))
    table = [
        ("pad_constant", [1, 0, 2, 0, 3, 1], "constant", "constant"),
        ("pad_constant_negative", [-1, 1, 0, 0, -2, 2], "constant", "constant"),
        ("pad_reflect", [2, 1, 0, 1, 3, 4], "reflect", "reflect"),
        ("pad_edge", [2, 0, 1, 3, 1, 2], "edge", "edge"),
    ]
    cases = []
    for name, pads, mode, np_mode in table:
        def ref(p, d, pads=pads, np_mode=np_mode):
            v, rank = p["x"], 3
            # Negative pads crop (constant mode), the rest pads.
            crop = tuple(slice(max(-pads[i], 0), v.shape[i] - max(-pads[i + rank], 0))
                         for i in range(rank))
            width = [(max(pads[i], 0), max(pads[i + rank], 0)) for i in range(rank)]
            return np.pad(v[crop], width, mode=np_mode)
        out = ref({"x": x}, {}).shape
        cases.append(Case(name, {"x": x},
                          op("pad", ["x"], [ty(x.shape)], [ty(out)], pads=pads, mode=mode),
                          ref, out))
    return cases


def gather_cases():
    table = [
        # An embedding lookup: ids repeat (their rows accumulate) and wrap.
        ("gather_embedding", (7, 3), [[0, 4, 4], [-1, 2, 4]], 0),
        ("gather_middle_axis", (2, 5, 3), [[1, -5], [3, 1]], 1),
        ("gather_last_axis", (3, 4), [3, -1, 0, 0, 2], -1),
        ("gather_scalar_index", (4, 3), -2, 0),
    ]
    cases = []
    for name, shape, indices, axis in table:
        idx = np.array(indices, np.int64)
        out = np.take(np.zeros(shape), idx, axis=axis).shape
        cases.append(Case(name, {"x": uniform(name, shape)},
                          op("gather", ["x", "idx"], [ty(shape), ty(idx.shape, "i64")], [ty(out)],
                             axis=axis),
                          lambda p, d, axis=axis: np.take(p["x"], d["idx"], axis=axis), out,
                          data={"idx": idx}))
    # scatter_add's rule is a gather: [2, 1, 3, 4] updates into 5 slots of
    # axis 1 at [[1, -1, 1]] (slot 1 twice, slot 4 by wrapping, 0 and 2 none).
    idx = np.array([[1, -1, 1]], np.int64)

    def scatter(p, d):
        out = np.zeros((2, 5, 4))
        for j, i in enumerate(d["idx"][0]):
            out[:, i % 5] += p["u"][:, 0, j]
        return out

    cases.append(Case("scatter_add", {"u": uniform("scatter_add", (2, 1, 3, 4))},
                      op("scatter_add", ["u", "idx"], [ty((2, 1, 3, 4)), ty((1, 3), "i64")],
                         [ty((2, 5, 4))], axis=1, size=5),
                      scatter, (2, 5, 4), data={"idx": idx}))
    return cases


def cases():
    return simple_cases() + concat_split_cases() + slice_cases() + pad_cases() + gather_cases()
