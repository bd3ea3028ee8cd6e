#!/usr/bin/env python3
"""The importer's decompositions and the activations as PyTorch exports
them, checked against PyTorch layer by layer.

dlc's windowed ops are 2-D; the importer carries 1-D convolutions and
pools as 2-D ones of height 1, computes 3-D pooling as two separable 2-D
pools, and 3-D transposed convolution as a sum of 2-D ones over the
kernel's depth. The ONNX suite has few cases of these (no strides, no
padding); here each PyTorch layer, with the attributes that stress the
decomposition, is exported to ONNX and `dlc run` must match PyTorch's
forward within 1e-4 relative (max |dlc - torch| over max |torch|).

Plus what only ONNX can express: an LSTM with input_forget (ONNX Runtime's
coupling f = 1 - i), checked against a NumPy LSTM written here, and Gelu of
opset 20 (newer than PyTorch 1.13 exports) against torch's GELU.

usage: torch_layers.py --dlc PATH --work DIR
"""
import argparse
import os
import subprocess
import sys

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

TOLERANCE = 1e-4
nn = torch.nn


def layer_cases():
    """(name, module, input shape[, opset[, input scale]]) tuples: opset 13
    and standard normal inputs unless given."""
    return [
        ("conv1d", nn.Conv1d(4, 6, 3, stride=2, padding=2, dilation=2, groups=2), (2, 4, 17)),
        ("conv_transpose1d", nn.ConvTranspose1d(4, 6, 3, stride=3, padding=1,
                                                output_padding=2, groups=2), (2, 4, 9)),
        ("conv_transpose3d", nn.ConvTranspose3d(4, 6, (3, 2, 3), stride=(2, 1, 2),
                                                padding=(1, 0, 1), dilation=(2, 1, 1),
                                                output_padding=(1, 0, 1), groups=2),
         (2, 4, 3, 5, 4)),
        ("conv_transpose3d_plain", nn.ConvTranspose3d(3, 2, 2), (1, 3, 2, 3, 3)),
        ("max_pool1d", nn.MaxPool1d(3, stride=2, padding=1, dilation=2, ceil_mode=True),
         (2, 3, 16)),
        ("avg_pool1d", nn.AvgPool1d(4, stride=3, padding=2, ceil_mode=True,
                                    count_include_pad=False), (2, 3, 15)),
        ("max_pool3d", nn.MaxPool3d((2, 3, 3), stride=(2, 2, 1), padding=(1, 1, 0),
                                    dilation=(1, 2, 1), ceil_mode=True), (2, 3, 7, 9, 6)),
        ("avg_pool3d_include_pad", nn.AvgPool3d(3, stride=2, padding=1, ceil_mode=True,
                                                count_include_pad=True), (1, 2, 7, 6, 9)),
        ("avg_pool3d_exclude_pad", nn.AvgPool3d((3, 2, 3), stride=(2, 2, 3), padding=(1, 1, 1),
                                                count_include_pad=False), (2, 2, 8, 7, 9)),
        # The activations as PyTorch exports them, on inputs that cross their
        # kinks and tails: Hardsigmoid and Hardswish (opset 14) single nodes
        # (before 14, Hardswish is HardSigmoid + Mul), GELU as
        # Div/Erf/Add/Mul/Mul (tanh: a Pow/Tanh chain), SiLU as Sigmoid + Mul,
        # Mish as Softplus/Tanh/Mul.
        ("hardsigmoid", nn.Hardsigmoid(), (2, 3, 5, 7), 14, 4.0),
        ("hardswish", nn.Hardswish(), (2, 3, 5, 7), 14, 4.0),
        ("hardswish_opset13", nn.Hardswish(), (2, 3, 5, 7), 13, 4.0),
        ("gelu", nn.GELU(), (2, 5, 33), 14, 4.0),
        ("gelu_tanh", nn.GELU(approximate="tanh"), (2, 5, 33), 14, 4.0),
        ("silu", nn.SiLU(), (2, 5, 33), 14, 4.0),
        ("mish", nn.Mish(), (2, 5, 33), 14, 4.0),
        ("softplus", nn.Softplus(), (2, 5, 33), 14, 4.0),
    ]


def run_dlc(dlc, work, name, path, inputs):
    out = os.path.join(work, name + "-out")
    args = [dlc, "run", path, "-o", out]
    for input_name, value in inputs.items():
        p = os.path.join(work, "%s-%s.npy" % (name, input_name))
        np.save(p, value)
        args += ["-i", "%s=%s" % (input_name, p)]
    proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        print("%s: dlc run failed:\n%s" % (name, proc.stderr))
        return None
    return out


def compare(name, got, expected):
    if got.shape != expected.shape:
        print("%s: shape %s, expected %s  FAIL" % (name, got.shape, expected.shape))
        return False
    err = float(np.max(np.abs(got - expected)) / max(np.max(np.abs(expected)), 1e-30))
    ok = err <= TOLERANCE
    print("%s: %s relative error %.2e%s" % (name, "x".join(map(str, expected.shape)), err,
                                            "" if ok else "  FAIL"))
    return ok


def check_layer(dlc, work, name, module, shape, opset=13, scale=1.0):
    torch.manual_seed(0)
    x = torch.randn(*shape) * scale
    module.eval()
    with torch.no_grad():
        expected = module(x).numpy()
    path = os.path.join(work, name + ".onnx")
    torch.onnx.export(module, (x,), path, input_names=["x"], output_names=["y"],
                      opset_version=opset)
    out = run_dlc(dlc, work, name, path, {"x": x.numpy()})
    return out is not None and compare(name, np.load(os.path.join(out, "y.npy")), expected)


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def check_lstm_input_forget(dlc, work):
    """ONNX LSTM (gates i, o, f, c), peepholes, input_forget = 1 in ONNX
    Runtime's sense: the forget gate is 1 - i. Reference in NumPy (float64)."""
    rng = np.random.default_rng(1)
    T, N, I, H = 5, 3, 4, 6
    x = rng.standard_normal((T, N, I)).astype(np.float32)
    W = (rng.standard_normal((1, 4 * H, I)) * 0.5).astype(np.float32)
    R = (rng.standard_normal((1, 4 * H, H)) * 0.5).astype(np.float32)
    B = (rng.standard_normal((1, 8 * H)) * 0.5).astype(np.float32)
    P = (rng.standard_normal((1, 3 * H)) * 0.5).astype(np.float32)
    h0 = rng.standard_normal((1, N, H)).astype(np.float32)
    c0 = rng.standard_normal((1, N, H)).astype(np.float32)
    node = helper.make_node("LSTM", ["x", "W", "R", "B", "", "h0", "c0", "P"],
                            ["y", "y_h", "y_c"], hidden_size=H, input_forget=1)
    graph = helper.make_graph(
        [node], "lstm_input_forget",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [T, N, I])],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, None) for n in ("y", "y_h", "y_c")],
        [numpy_helper.from_array(a, n) for a, n in
         [(W, "W"), (R, "R"), (B, "B"), (h0, "h0"), (c0, "c0"), (P, "P")]])
    path = os.path.join(work, "lstm_input_forget.onnx")
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)]), path)

    w, r, b = W[0].astype(np.float64), R[0].astype(np.float64), B[0].astype(np.float64)
    p = P[0].astype(np.float64)
    h, c = h0[0].astype(np.float64), c0[0].astype(np.float64)
    ys = []
    for t in range(T):
        a = x[t] @ w.T + h @ r.T + b[:4 * H] + b[4 * H:]
        ai, ao, ac = a[:, :H], a[:, H:2 * H], a[:, 3 * H:]
        i = sigmoid(ai + p[:H] * c)
        f = 1.0 - i
        c = f * c + i * np.tanh(ac)
        o = sigmoid(ao + p[H:2 * H] * c)
        h = o * np.tanh(c)
        ys.append(h)
    expected = {"y": np.stack(ys)[:, None], "y_h": h[None], "y_c": c[None]}
    out = run_dlc(dlc, work, "lstm_input_forget", path, {"x": x})
    if out is None:
        return False
    return all([compare("lstm_input_forget " + n, np.load(os.path.join(out, n + ".npy")),
                        e.astype(np.float32)) for n, e in expected.items()])


def check_gelu_opset20(dlc, work):
    """ONNX Gelu (opset 20, newer than PyTorch 1.13 exports) with both
    approximations, against torch.nn.functional.gelu."""
    x = (torch.randn(3, 41, generator=torch.Generator().manual_seed(2)) * 4).numpy()
    nodes = [helper.make_node("Gelu", ["x"], ["exact"]),
             helper.make_node("Gelu", ["x"], ["tanh"], approximate="tanh")]
    graph = helper.make_graph(
        nodes, "gelu20", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [3, 41])],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, [3, 41]) for n in ("exact", "tanh")])
    path = os.path.join(work, "gelu_opset20.onnx")
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)])
    model.ir_version = 8
    onnx.save(model, path)
    out = run_dlc(dlc, work, "gelu_opset20", path, {"x": x})
    if out is None:
        return False
    t = torch.from_numpy(x)
    expected = {"exact": torch.nn.functional.gelu(t).numpy(),
                "tanh": torch.nn.functional.gelu(t, approximate="tanh").numpy()}
    return all([compare("gelu_opset20 " + n, np.load(os.path.join(out, n + ".npy")), e)
                for n, e in expected.items()])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dlc", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    torch.set_num_threads(1)
    results = [check_layer(args.dlc, args.work, *case) for case in layer_cases()]
    results.append(check_lstm_input_forget(args.dlc, args.work))
    results.append(check_gelu_opset20(args.dlc, args.work))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
