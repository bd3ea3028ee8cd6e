#!/usr/bin/env python3
"""How long dlc takes to compile torchvision models, against the compile
issue's targets.

For each model (a PyTorch export: opset 14, random weights, 224x224, batch 1)
and round, in processes of their own:

- cold, one core: `taskset -c 0 dlc run MODEL --no-cache --compile-threads 1
  --time-phases`: every phase on one core (MLIR's passes too: the process
  has one core), its `phase_ms total` (import to ready-to-run code, the
  parameters bound) and the process's peak resident memory;
- cold, every core: the same without taskset and with dlc's default
  --compile-threads;
- cached: the same command with a warm --cache-dir, its `phase_ms total`;
- the size of `dlc compile --emit=so` (parameters in a file beside it).

Prints medians over rounds [min-max] and the targets (ResNet-18 1.5 s,
ResNet-50 3 s, Inception v3 5 s, DenseNet-121 8 s cold on one thread;
0.3 s cached; under 1 GB; a ResNet-18 .so under 2 MB).

usage: compile_time.py --dlc PATH [--rounds 2] [--models resnet18 ...]
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

EXPORT = r'''
import sys, torch, torchvision
kind, path = sys.argv[1], sys.argv[2]
torch.manual_seed(0)
kwargs = {"aux_logits": False, "init_weights": False} if kind == "inception_v3" else {}
m = getattr(torchvision.models, kind)(**kwargs).eval()
torch.onnx.export(m, torch.randn(1, 3, 224, 224), path, opset_version=14,
                  input_names=["input"], output_names=["output"])
'''

TARGETS_S = {"resnet18": 1.5, "resnet50": 3.0, "inception_v3": 5.0, "densenet121": 8.0}


def run(cmd, cwd):
    """Runs `cmd`; its stdout+stderr and peak resident memory (MB)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, cwd=cwd)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), out[-2000:]))
    return out, usage.ru_maxrss / 1024.0


def total_s(out):
    match = re.search(r"^phase_ms total: ([\d.]+)$", out, re.M)
    if not match:
        sys.exit("no 'phase_ms total' in:\n" + out[-2000:])
    return float(match.group(1)) / 1000.0


def summary(values, digits=2):
    return "%.*f [%.*f-%.*f]" % (digits, statistics.median(values), digits, min(values),
                                 digits, max(values))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dlc", required=True)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--models", nargs="+",
                        default=["resnet18", "resnet50", "mobilenet_v2", "inception_v3",
                                 "densenet121"])
    args = parser.parse_args()
    dlc = os.path.abspath(args.dlc)
    work = tempfile.mkdtemp(prefix="dlc-compile-time-")
    try:
        import numpy as np
        x = os.path.join(work, "x.npy")
        np.save(x, np.random.RandomState(0).rand(1, 3, 224, 224).astype(np.float32))
        rows = []
        for kind in args.models:
            model = os.path.join(work, kind + ".onnx")
            subprocess.run(["/usr/bin/python3", "-c", EXPORT, kind, model], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            base = [dlc, "run", model, "-i", "input=" + x, "--time-phases", "-o",
                    os.path.join(work, "out")]
            cache = os.path.join(work, "cache-" + kind)
            one, every, cached, rss = [], [], [], []
            run(base + ["--cache-dir", cache], work)  # fills the cache
            for _ in range(args.rounds):
                out, peak = run(["taskset", "-c", "0"] + base +
                                ["--no-cache", "--compile-threads", "1"], work)
                one.append(total_s(out))
                rss.append(peak)
                every.append(total_s(run(base + ["--no-cache"], work)[0]))
                cached.append(total_s(run(base + ["--cache-dir", cache], work)[0]))
            so = os.path.join(work, kind + ".so")
            run([dlc, "compile", model, "--emit=so", "--no-cache", "-o", so], work)
            rows.append((kind, one, every, cached, rss, os.path.getsize(so) / 1e6))
            print("%s done" % kind, file=sys.stderr, flush=True)
        print("| model | cold, 1 core (s) | target | cold, %d cores (s) | cached (s) "
              "| peak RSS (MB) | .so (MB) |" % os.cpu_count())
        print("|---|---|---|---|---|---|---|")
        for kind, one, every, cached, rss, so in rows:
            target = TARGETS_S.get(kind)
            print("| %s | %s | %s | %s | %s | %.0f | %.1f |" % (
                kind, summary(one), "%.1f" % target if target else "-", summary(every),
                summary(cached), max(rss), so))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
