#!/usr/bin/env python3
"""dlc train against a PyTorch training loop: the MLP 784-512-512-10 with a
cross-entropy loss, SGD with momentum, batch 64.

Usage: train_mlp.py --dlc build/tools/dlc/dlc [--threads N] [--steps N]

Both run the same number of steps over the same random data, each in a
process of its own with its thread pools set to --threads; the time per
step excludes compiling and loading (dlc: the epochs' own times, as
`dlc train` prints them; PyTorch: the loop's wall clock after one
warm-up epoch).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

import numpy as np


def torch_loop(work, threads, steps, batch):
    """Runs in a child process (its own thread pools)."""
    import time
    import torch
    torch.set_num_threads(threads)
    nn = torch.nn
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(),
                        nn.Linear(512, 10))
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    x = torch.from_numpy(np.load(os.path.join(work, "x.npy")))
    y = torch.from_numpy(np.load(os.path.join(work, "y.npy")))
    times = []
    for _ in range(2):
        start = time.perf_counter()
        for s in range(steps):
            xb, yb = x[s * batch:(s + 1) * batch], y[s * batch:(s + 1) * batch]
            opt.zero_grad()
            loss_fn(net(xb), yb).backward()
            opt.step()
        times.append(time.perf_counter() - start)
    print("torch_ms_per_step %.4f" % (1000 * times[-1] / steps))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dlc", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--torch-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    batch = 64
    if args.torch_child:
        torch_loop(args.torch_child, args.threads, args.steps, batch)
        return 0
    import torch
    nn = torch.nn
    work = tempfile.mkdtemp(prefix="dlc-train-bench-")
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(),
                        nn.Linear(512, 10))

    class WithLoss(nn.Module):
        def __init__(self):
            super().__init__()
            self.net = net
            self.loss = nn.CrossEntropyLoss()

        def forward(self, x, y):
            return self.loss(self.net(x), y)

    rng = np.random.default_rng(0)
    n = batch * args.steps
    np.save(os.path.join(work, "x.npy"), rng.standard_normal((n, 784), dtype=np.float32))
    np.save(os.path.join(work, "y.npy"), rng.integers(0, 10, n, dtype=np.int64))
    model = os.path.join(work, "mlp.onnx")
    torch.onnx.export(WithLoss(), (torch.zeros(batch, 784), torch.zeros(batch, dtype=torch.long)),
                      model, input_names=["x", "y"], output_names=["loss"], opset_version=14,
                      do_constant_folding=False, training=torch.onnx.TrainingMode.TRAINING)
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads),
               OPENBLAS_NUM_THREADS=str(args.threads))
    out = subprocess.run([args.dlc, "train", model, "-i", "x=" + os.path.join(work, "x.npy"),
                          "-i", "y=" + os.path.join(work, "y.npy"), "--optimizer", "sgd",
                          "--lr", "0.01", "--momentum", "0.9", "--batch", str(batch),
                          "--epochs", "2", "--threads", str(args.threads), "--no-cache",
                          "-o", os.path.join(work, "out")],
                         stdout=subprocess.PIPE, text=True, check=True, env=env).stdout
    seconds = float(re.findall(r", ([0-9.]+) s\n", out)[-1])
    print("dlc_ms_per_step %.4f" % (1000 * seconds / args.steps))
    sys.stdout.flush()
    subprocess.run([sys.executable, __file__, "--dlc", args.dlc, "--threads", str(args.threads),
                    "--steps", str(args.steps), "--torch-child", work], check=True, env=env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
