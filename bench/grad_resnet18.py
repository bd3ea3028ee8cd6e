#!/usr/bin/env python3
"""Forward + backward against forward alone, and peak memory against PyTorch.

Exports torchvision's ResNet-18 with a cross-entropy loss (training mode:
BatchNorm on batch statistics) at a given batch and image size, then, in one
run and alternating so that the machine's noise hits both alike:

- `dlc bench MODEL --grad` (the gradient function) and `dlc bench MODEL`
  (the loss forward alone): median times and their ratio;
- the peak resident memory of those runs (`run_peak_mb`: VmHWM growth
  during the runs, plus `arena_mb`, the temporaries' arena planned at
  compile time and resident from load) and of one PyTorch training step
  (forward, backward) measured the same way in a separate process.

usage: grad_resnet18.py --dlc PATH [--batch 8] [--size 224] [--rounds 3]
       [--iters 3] [--threads 2]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

TORCH_STEP = r'''
import sys, torch, torchvision
def rss(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024.0
torch.set_num_threads(int(sys.argv[3]))
model = torchvision.models.resnet18(num_classes=1000)
loss_fn = torch.nn.CrossEntropyLoss()
x = torch.randn(int(sys.argv[1]), 3, int(sys.argv[2]), int(sys.argv[2]))
y = torch.randint(0, 1000, (int(sys.argv[1]),))
model.train()
loss_fn(model(x), y).backward()            # warm-up (allocator, kernels)
model.zero_grad(set_to_none=False)
# As dlc bench: the allocator's free memory back to the system, then a new
# peak from the resident size (model, inputs, gradient buffers).
import ctypes
ctypes.CDLL("libc.so.6").malloc_trim(0)
open("/proc/self/clear_refs", "w").write("5")
before = rss("VmRSS")
import time
start = time.time()
loss_fn(model(x), y).backward()
elapsed = (time.time() - start) * 1000
print("torch_step_ms: %.1f" % elapsed)
print("torch_run_peak_mb: %.1f" % (rss("VmHWM") - before))
'''


def bench(dlc, model, args, grad):
    cmd = [dlc, "bench", model, "--iters", str(args.iters), "--warmup", "1",
           "--threads", str(args.threads)] + (["--grad"] if grad else [])
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if out.returncode != 0:
        sys.exit("dlc bench failed:\n" + out.stderr)
    values = dict(re.findall(r"^(\w+): ([\d.]+)$", out.stdout, re.M))
    # The temporaries' arena (dlc-plan-memory) is resident before the runs
    # start (the JIT maps it at load): it counts, with the runs' growth.
    return float(values["median_ms"]), (float(values.get("run_peak_mb", "nan")) +
                                        float(values.get("arena_mb", "0")))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dlc", required=True)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--iters", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    import torch
    import torchvision

    class WithLoss(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.net = torchvision.models.resnet18(num_classes=1000)
            self.loss = torch.nn.CrossEntropyLoss()

        def forward(self, x, y):
            return self.loss(self.net(x), y)

    work = tempfile.mkdtemp()
    model = os.path.join(work, "resnet18_loss.onnx")
    x = torch.randn(args.batch, 3, args.size, args.size)
    y = torch.randint(0, 1000, (args.batch,))
    torch.onnx.export(WithLoss().train(), (x, y), model, input_names=["x", "y"],
                      output_names=["loss"], opset_version=14, do_constant_folding=False,
                      training=torch.onnx.TrainingMode.TRAINING)
    fwd, bwd, fwd_mem, bwd_mem = [], [], [], []
    torch_values = {}
    for _ in range(args.rounds):
        t, m = bench(args.dlc, model, args, grad=False)
        fwd.append(t)
        fwd_mem.append(m)
        t, m = bench(args.dlc, model, args, grad=True)
        bwd.append(t)
        bwd_mem.append(m)
        # PyTorch's step in a fresh process each round (its peak varies
        # with where glibc places its blocks).
        torch_out = subprocess.run([sys.executable, "-c", TORCH_STEP, str(args.batch),
                                    str(args.size), str(args.threads)],
                                   stdout=subprocess.PIPE, text=True).stdout
        for k, v in re.findall(r"^(\w+): ([\d.]+)$", torch_out, re.M):
            torch_values.setdefault(k, []).append(float(v))
    f, b = np.median(fwd), np.median(bwd)
    print("resnet18 batch %d %dx%d, %d threads, %d rounds (medians; ranges in brackets)" % (
        args.batch, args.size, args.size, args.threads, args.rounds))
    print("forward_ms: %.1f" % f)
    print("forward_backward_ms: %.1f" % b)
    print("ratio: %.2f" % (b / f))
    print("dlc_grad_run_peak_mb: %.1f [%.1f-%.1f]" % (np.median(bwd_mem), min(bwd_mem),
                                                    max(bwd_mem)))
    for k, v in torch_values.items():
        print("%s: %.1f [%.1f-%.1f]" % (k, np.median(v), min(v), max(v)))


if __name__ == "__main__":
    main()
