"""Gradient checks: matmul (batched, broadcast) and gemm (every transpose,
alpha, beta, C shapes)."""
import numpy as np

from gradcases import attrs, op, ty, uniform
from gradcheck import Case


def matmul_cases():
    cases = []
    for name, ls, rs in [("matmul_2d", (3, 4), (4, 5)), ("matmul_batched", (2, 3, 4), (4, 5)),
                         ("matmul_broadcast_batch", (2, 1, 3, 4), (3, 4, 2))]:
        a, b = uniform(name + "a", ls), uniform(name + "b", rs)
        out = np.matmul(a, b).shape
        cases.append(Case(name, {"a": a, "b": b},
                          op("matmul", ["a", "b"], [ty(ls), ty(rs)], [ty(out)]),
                          lambda p, d: np.matmul(p["a"], p["b"]), out))
    return cases


def gemm_cases():
    cases = []
    m, k, n = 3, 4, 5
    for ta in (False, True):
        for tb in (False, True):
            for c_shape in [None, (n,), (m, n), (1,)]:
                name = "gemm_ta%d_tb%d_c%s" % (ta, tb, "none" if c_shape is None
                                               else "x".join(map(str, c_shape)))
                a = uniform(name + "a", (k, m) if ta else (m, k))
                b = uniform(name + "b", (n, k) if tb else (k, n))
                params = {"a": a, "b": b}
                operands = ["a", "b"]
                if c_shape is not None:
                    params["c"] = uniform(name + "c", c_shape)
                    operands.append("c")
                alpha, beta = 0.75, -1.5

                def ref(p, d, ta=ta, tb=tb):
                    y = alpha * (p["a"].T if ta else p["a"]) @ (p["b"].T if tb else p["b"])
                    return y + beta * p["c"] if "c" in p else y

                text = "%%out = dlc.gemm %s%s : (%s) -> %s" % (
                    ", ".join("%" + o for o in operands),
                    attrs(trans_a=ta, trans_b=tb, alpha=alpha, beta=beta),
                    ", ".join(ty(params[o].shape) for o in operands), ty((m, n)))
                cases.append(Case(name, params, text, ref, (m, n)))
    return cases


def cases():
    return matmul_cases() + gemm_cases()
