#!/usr/bin/env python3
"""Gradient checks of every differentiable dlc op against finite differences.

Each case applies one dlc op to tensors held as constants in a model, the
differentiable ones marked `dlc.param = "trainable"`. The loss is
`sum(op(...) * R)` with a fixed random R, so every output element weighs in
differently. `dlc grad` returns the analytic gradient of each parameter; the
test computes the same loss in float64 with an independent forward written
here (NumPy, or PyTorch's float64 kernels where they have the op's exact
semantics) and checks the gradient against central finite differences:
element by element for small parameters, along random directions for large
ones. Parameters are rounded to float32 first, so both sides evaluate the
loss at the same point.

Cases live in the family modules next to this file (cases_*.py); each is
`Case(name, params, op, reference, data=..., result=...)`, see below.

usage: gradcheck.py --dlc PATH [--filter REGEX] [--jobs N]
"""
import argparse
import concurrent.futures
import importlib
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

# Modules holding the cases, one per op family.
FAMILIES = ["cases_activation", "cases_linear", "cases_reduction", "cases_datamovement",
            "cases_recurrent", "cases_loss", "cases_detection", "cases_convolution",
            "cases_pooling", "cases_normalization", "cases_network"]

FD_STEP = 1e-6
FULL_FD_LIMIT = 48       # parameters with at most this many elements: every element
DIRECTIONS = 4           # otherwise: this many random directions
RTOL, ATOL = 2e-3, 2e-4  # dlc computes in float32; FD in float64


class Case:
    """One gradient check.

    name:      the test's name.
    params:    {name: array} of the differentiable operands (float64; rounded
               to float32 for both sides).
    op:        MLIR text computing the result from %<name> for every param
               and data entry; it must define %out (the checked f32 tensor).
    reference: f(params, data) -> float64 array, the op's forward.
    data:      {name: array} of operands that are not differentiated (int64
               arrays become i64 constants).
    out_shape: the shape of %out.
    rtol/atol: tolerances, when an op needs its own.
    """

    def __init__(self, name, params, op, reference, out_shape, data=None, rtol=RTOL,
                 atol=ATOL):
        self.name = name
        self.params = {k: np.asarray(v, np.float32).astype(np.float64)
                       for k, v in params.items()}
        self.op = op
        self.reference = reference
        self.out_shape = tuple(out_shape)
        self.data = {k: (np.asarray(v) if np.asarray(v).dtype == np.int64
                         else np.asarray(v, np.float32).astype(np.float64))
                     for k, v in (data or {}).items()}
        self.rtol, self.atol = rtol, atol


def tensor_type(shape, dtype="f32"):
    return "tensor<%s%s>" % ("".join("%dx" % d for d in shape), dtype)


def nested(array):
    if array.ndim == 0:
        v = array.item()
        return str(int(v)) if array.dtype == np.int64 else repr(float(np.float32(v)))
    return "[" + ", ".join(nested(a) for a in array) + "]"


def model_text(case, weights):
    lines = ['func.func @main() -> (tensor<f32> {dlc.name = "loss"}) {']
    for name, value in case.params.items():
        lines.append('  %%%s = dlc.constant {dlc.param = "trainable"} %s : %s loc("%s")'
                     % (name, nested_literal(value), tensor_type(value.shape), name))
    for name, value in case.data.items():
        dtype = "i64" if value.dtype == np.int64 else "f32"
        lines.append("  %%%s = dlc.constant %s : %s"
                     % (name, nested_literal(value), tensor_type(value.shape, dtype)))
    lines.append("  " + case.op.strip().replace("\n", "\n  "))
    out = tensor_type(case.out_shape)
    lines.append("  %%weights = dlc.constant %s : %s" % (nested_literal(weights), out))
    lines.append("  %%weighted = dlc.mul %%out, %%weights : (%s, %s) -> %s" % (out, out, out))
    lines.append("  %%loss = dlc.reduce_sum %%weighted {keepdims = false} : (%s) -> tensor<f32>"
                 % out)
    lines.append("  return %loss : tensor<f32>")
    lines.append("}")
    return "\n".join(lines) + "\n"


def nested_literal(array):
    return "dense<%s>" % nested(array)


def loss(case, params, weights):
    return float(np.sum(case.reference(params, case.data) * weights))


def check(dlc, case, seed):
    rng = np.random.default_rng(seed)
    weights = rng.uniform(-1, 1, case.out_shape).astype(np.float32).astype(np.float64)
    expected_shape = np.shape(case.reference(case.params, case.data))
    if tuple(expected_shape) != case.out_shape:
        return "reference shape %s != declared %s" % (expected_shape, case.out_shape)
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "model.mlir")
        with open(path, "w") as f:
            f.write(model_text(case, weights))
        out = os.path.join(work, "grads")
        proc = subprocess.run([dlc, "grad", path, "-o", out], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, timeout=600)
        if proc.returncode != 0:
            return "dlc grad failed: " + proc.stderr.strip()[:3000]
        grads = {name: np.load(os.path.join(out, name + ".npy")).astype(np.float64)
                 for name in case.params}
    problems = []
    for name, value in case.params.items():
        g = grads[name]
        if g.shape != value.shape:
            problems.append("%s: gradient shape %s != %s" % (name, g.shape, value.shape))
            continue

        def directional(v):
            plus = dict(case.params)
            minus = dict(case.params)
            plus[name] = value + FD_STEP * v
            minus[name] = value - FD_STEP * v
            return (loss(case, plus, weights) - loss(case, minus, weights)) / (2 * FD_STEP)

        if value.size <= FULL_FD_LIMIT:
            fd = np.zeros_like(value)
            for i in range(value.size):
                e = np.zeros(value.size)
                e[i] = 1
                fd.ravel()[i] = directional(e.reshape(value.shape))
            scale = max(1.0, float(np.max(np.abs(fd))))
            err = np.abs(g - fd)
            bad = err > case.atol * scale + case.rtol * np.abs(fd)
            if bad.any():
                i = int(np.argmax(err))
                problems.append("%s: %d of %d elements differ; worst at %s: dlc %.6g, "
                                "finite differences %.6g" % (
                                    name, int(bad.sum()), value.size,
                                    np.unravel_index(i, value.shape), g.ravel()[i],
                                    fd.ravel()[i]))
        else:
            for _ in range(DIRECTIONS):
                v = rng.standard_normal(value.shape)
                fd = directional(v)
                got = float(np.sum(g * v))
                scale = max(1.0, float(np.sqrt(np.sum((g * v) ** 2))))
                if abs(got - fd) > case.atol * scale + case.rtol * abs(fd):
                    problems.append("%s: along a random direction dlc gives %.6g, finite "
                                    "differences %.6g" % (name, got, fd))
                    break
    return "; ".join(problems) or None


def load_cases(pattern):
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    cases = []
    for module in FAMILIES:
        if not os.path.exists(os.path.join(here, module + ".py")):
            continue
        cases += importlib.import_module(module).cases()
    return [c for c in cases if re.search(pattern, c.name)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dlc", required=True)
    parser.add_argument("--filter", default="")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    cases = load_cases(args.filter)
    names = [c.name for c in cases]
    if len(set(names)) != len(names):
        print("duplicate case names")
        return 1
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(lambda ic: check(args.dlc, ic[1], ic[0]), enumerate(cases)))
    failures = [(c.name, r) for c, r in zip(cases, results) if r]
    for c, r in zip(cases, results):
        print("%-48s %s" % (c.name, "ok" if not r else "FAIL"))
    print("%d/%d gradient checks passed" % (len(cases) - len(failures), len(cases)))
    for name, message in failures:
        print("FAILED %s: %s" % (name, message))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
