#!/usr/bin/env python3
"""dlc against PyTorch and oneDNN on the speed issue's cases, interleaved.

For every case and thread count, in rounds, each system runs in a process
of its own, one after the other, so that the machine's noise hits all alike:

- dlc: `dlc bench MODEL --threads T` (JIT, random inputs), its median_ms;
- PyTorch 1.13 in its fastest mode for the case: torch.jit.optimize_for_inference
  of the traced model for CNNs, eager no-grad for the LSTM, torch.mm for the
  matmul; OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and torch.set_num_threads set;
- oneDNN (Debian's libdnnl): bench/onednn_bench.cpp, built here, for the
  matmul, the fused conv+BN+ReLU primitive and the LSTM primitive.

Models are PyTorch exports (opset 14, random weights, BatchNorm nodes kept) of
the same modules PyTorch runs. Prints per case and thread count the medians
over rounds (min-max), dlc's GFLOPS, and the ratios PyTorch/dlc and
oneDNN/dlc (above 1: dlc is faster).

usage: speed.py --dlc PATH [--threads 1 2] [--rounds 3] [--iters 20]
                [--cases NAME ...]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

# name: (builder, input shape, oneDNN arguments or None, description)
CASES = {
    "matmul_512": ("matmul", (512, 512), ["matmul", "512"], "512^3 matmul"),
    "conv_b1": ("conv", (1, 64, 56, 56), ["conv", "1", "64", "56"],
                "conv3x3 64->64 56x56 + BN + ReLU, batch 1"),
    "conv_b8": ("conv", (8, 64, 56, 56), ["conv", "8", "64", "56"],
                "conv3x3 64->64 56x56 + BN + ReLU, batch 8"),
    "resnet18_b1": ("resnet18", (1, 3, 224, 224), None, "ResNet-18 224x224, batch 1"),
    "resnet18_b8": ("resnet18", (8, 3, 224, 224), None, "ResNet-18 224x224, batch 8"),
    "mobilenet_v2_b1": ("mobilenet_v2", (1, 3, 224, 224), None, "MobileNet v2, batch 1"),
    "resnet50_b1": ("resnet50", (1, 3, 224, 224), None, "ResNet-50, batch 1"),
    "lstm": ("lstm", (50, 16, 256), ["lstm", "50", "16", "256", "512"],
             "LSTM 256->512, 50 steps, batch 16"),
    "resnet18_grad_b8": ("resnet18_grad", (8, 3, 224, 224), None,
                         "ResNet-18 gradient step (fwd+bwd), batch 8"),
}

# The CNN modules, shared by the PyTorch timing and the export dlc compiles,
# so that both run the same model.
MODELS = r'''
import torch, torchvision
def cnn(kind):
    if kind == "conv":
        return torch.nn.Sequential(torch.nn.Conv2d(64, 64, 3, padding=1, bias=False),
                                   torch.nn.BatchNorm2d(64), torch.nn.ReLU())
    return getattr(torchvision.models, kind)()
'''

TORCH = MODELS + r'''
import os, sys, time, torch, torchvision
threads = int(sys.argv[1]); kind = sys.argv[2]; iters = int(sys.argv[3])
shape = [int(s) for s in sys.argv[4].split("x")]
torch.set_num_threads(threads)
torch.manual_seed(0)
def timed(run, n):
    for _ in range(3):
        run()
    ts = []
    for _ in range(n):
        t = time.perf_counter(); run(); ts.append((time.perf_counter() - t) * 1e3)
    ts.sort()
    return ts[len(ts) // 2]
if kind == "matmul":
    a, b = torch.randn(*shape), torch.randn(*shape)
    ms = timed(lambda: torch.mm(a, b), iters)
elif kind == "lstm":
    m = torch.nn.LSTM(shape[2], 512).eval(); x = torch.randn(*shape)
    with torch.no_grad():
        ms = timed(lambda: m(x), iters)
elif kind == "resnet18_grad":
    m = torchvision.models.resnet18().train(); loss = torch.nn.CrossEntropyLoss()
    x = torch.randn(*shape); y = torch.randint(0, 1000, (shape[0],))
    def step():
        m.zero_grad(set_to_none=False); loss(m(x), y).backward()
    ms = timed(step, iters)
else:
    m = cnn(kind).eval(); x = torch.randn(*shape)
    with torch.no_grad():
        m = torch.jit.optimize_for_inference(torch.jit.trace(m, x))
        ms = timed(lambda: m(x), iters)
print("median_ms: %.4f" % ms)
'''

EXPORT = MODELS + r'''
import sys, torch, torchvision
kind, path = sys.argv[1], sys.argv[2]
shape = [int(s) for s in sys.argv[3].split("x")]
torch.manual_seed(0)
def randomize_bn(m):
    for mod in m.modules():
        if isinstance(mod, torch.nn.BatchNorm2d):
            mod.running_mean.uniform_(-0.1, 0.1); mod.running_var.uniform_(0.5, 1.5)
if kind == "lstm":
    m = torch.nn.LSTM(shape[2], 512).eval()
    torch.onnx.export(m, torch.randn(*shape), path, opset_version=14,
                      input_names=["input"], output_names=["output", "h", "c"])
elif kind == "resnet18_grad":
    class WithLoss(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.net = torchvision.models.resnet18(); self.loss = torch.nn.CrossEntropyLoss()
        def forward(self, x, y):
            return self.loss(self.net(x), y)
    x = torch.randn(*shape); y = torch.randint(0, 1000, (shape[0],))
    torch.onnx.export(WithLoss().train(), (x, y), path, input_names=["x", "y"],
                      output_names=["loss"], opset_version=14, do_constant_folding=False,
                      training=torch.onnx.TrainingMode.TRAINING)
else:
    m = cnn(kind).eval(); randomize_bn(m)
    torch.onnx.export(m, torch.randn(*shape), path, opset_version=14,
                      input_names=["input"], output_names=["output"],
                      do_constant_folding=False)
'''


def median_ms(cmd, env=None):
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=env)
    if out.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), out.stderr[-2000:]))
    values = dict(re.findall(r"^(\w+): ([\d.]+)$", out.stdout, re.M))
    return float(values["median_ms"]), values


def thread_env(threads):
    env = dict(os.environ)
    env["OMP_NUM_THREADS"] = str(threads)
    env["OPENBLAS_NUM_THREADS"] = str(threads)
    env["MKL_NUM_THREADS"] = str(threads)
    return env


def ensure_packages():
    """oneDNN and OpenBLAS from Debian (PyTorch's matrix products run on the
    reference BLAS without OpenBLAS: 25x slower, an unfair peer)."""
    missing = [p for p in ("libdnnl-dev", "libopenblas0-pthread")
               if subprocess.run(["dpkg-query", "-W", "-f=${Status}", p],
                                 stdout=subprocess.PIPE, text=True).stdout.find(
                                     "install ok installed") < 0]
    if missing:
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        print("installing: %s" % " ".join(missing), flush=True)
        subprocess.run(sudo + ["apt-get", "install", "-y", "-q"] + missing, check=True,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"),
                       stdout=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dlc", required=True)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--iters", type=int, default=20)
    parser.add_argument("--cases", nargs="+", default=list(CASES), choices=list(CASES))
    args = parser.parse_args()
    ensure_packages()
    work = tempfile.mkdtemp(prefix="dlc-speed-")
    onednn = os.path.join(work, "onednn_bench")
    subprocess.run(["g++", "-O2", "-std=c++17", "-o", onednn,
                    os.path.join(HERE, "onednn_bench.cpp"), "-ldnnl"], check=True)
    models = {}
    for name in args.cases:
        kind, shape, _, _ = CASES[name]
        if kind == "matmul":
            models[name] = os.path.join(HERE, "matmul_512.mlir")
            continue
        models[name] = os.path.join(work, name + ".onnx")
        subprocess.run([sys.executable, "-c", EXPORT, kind, models[name],
                        "x".join(map(str, shape))], check=True, stderr=subprocess.DEVNULL)

    results = {}  # (case, threads) -> {"dlc": [...], "torch": [...], "onednn": [...]}
    gflops = {}
    for r in range(args.rounds):
        for name in args.cases:
            kind, shape, dnnl_args, _ = CASES[name]
            iters = max(3, args.iters // (8 if "b8" in name or "grad" in name else 1))
            for t in args.threads:
                row = results.setdefault((name, t), {"dlc": [], "torch": [], "onednn": []})
                cmd = [args.dlc, "bench", models[name], "--threads", str(t), "--iters",
                       str(iters), "--warmup", "2"] + (["--grad"] if "grad" in name else [])
                ms, values = median_ms(cmd)
                row["dlc"].append(ms)
                if "macs" in values:
                    gflops[name] = float(values["macs"])
                ms, _ = median_ms([sys.executable, "-c", TORCH, str(t), kind, str(iters),
                                   "x".join(map(str, shape))], env=thread_env(t))
                row["torch"].append(ms)
                if dnnl_args:
                    ms, _ = median_ms([onednn] + dnnl_args + [str(iters)], env=thread_env(t))
                    row["onednn"].append(ms)
        print("round %d of %d done" % (r + 1, args.rounds), file=sys.stderr, flush=True)

    def fmt(v):
        return "%.2f [%.2f-%.2f]" % (np.median(v), min(v), max(v)) if v else "-"

    print("%-18s %3s  %-24s %-24s %-24s %7s %8s %8s" % (
        "case", "thr", "dlc ms", "pytorch ms", "onednn ms", "gflops", "pt/dlc", "dnnl/dlc"))
    for name in args.cases:
        for t in args.threads:
            row = results[(name, t)]
            d = np.median(row["dlc"])
            g = "%.1f" % (2 * gflops[name] / (d * 1e6)) if name in gflops else "-"
            pt = "%.2f" % (np.median(row["torch"]) / d)
            dn = "%.2f" % (np.median(row["onednn"]) / d) if row["onednn"] else "-"
            print("%-18s %3d  %-24s %-24s %-24s %7s %8s %8s" % (
                name, t, fmt(row["dlc"]), fmt(row["torch"]), fmt(row["onednn"]), g, pt, dn))
    for name in args.cases:
        if len(args.threads) > 1:
            lo, hi = min(args.threads), max(args.threads)
            print("%s: dlc %d->%d threads speed-up %.2fx" % (
                name, lo, hi, np.median(results[(name, lo)]["dlc"]) /
                np.median(results[(name, hi)]["dlc"])))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
