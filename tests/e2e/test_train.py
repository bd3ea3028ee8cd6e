#!/usr/bin/env python3
"""dlc train against torch.optim: the same model, data, batches and optimizer.

Usage: test_train.py DLC WORKDIR

Three PyTorch models with their cross-entropy loss inside the graph (an
MLP, a CNN with BatchNorm, ReLU, max pooling and a linear layer, and an
LSTM sequence tagger) are exported
to ONNX in training mode with a symbolic batch dimension. For each
optimizer and option set below, `dlc train` runs several epochs of several
batches (the data size is not a multiple of the batch: the last, partial
batch is kept, as torch's DataLoader keeps it), and the same steps run in
PyTorch (float64) with torch.optim. Every trained parameter and every
BatchNorm running statistic dlc writes must match PyTorch's within
TOLERANCE, relative to the tensor's largest magnitude (floor FLOOR).
With --shuffle 1 the sample order is dlc's documented generator
(SplitMix64 seeded with --seed, a Fisher-Yates shuffle per epoch),
replayed here in Python.
"""

import os
import subprocess
import sys

import numpy as np
import onnx
import onnx.numpy_helper
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "grad"))
from torch_grad import Classifier  # noqa: E402  (a model and its cross-entropy loss)

TOLERANCE = 1e-4
FLOOR = 1e-2
nn = torch.nn
MASK = (1 << 64) - 1


class Tagger(nn.Module):
    """A batch-first LSTM, a linear head on every step and a cross-entropy
    loss over every step (scores as [N, classes, steps]: the labels keep
    their batch dimension first)."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(6, 8, batch_first=True)
        self.head = nn.Linear(8, 5)
        self.loss = nn.CrossEntropyLoss()

    def forward(self, x, y):
        out, _ = self.rnn(x)
        return self.loss(self.head(out).transpose(1, 2), y)


def build(name):
    """(model with loss, x, y, batch) with seeded weights and data."""
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(1)
    if name == "mlp":
        net = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 4))
        return (Classifier(net), torch.randn(40, 10, generator=g),
                torch.randint(0, 4, (40,), generator=g), 16)
    if name == "lstm":
        return (Tagger(), torch.randn(12, 5, 6, generator=g),
                torch.randint(0, 5, (12, 5), generator=g), 5)
    # No bias before the BatchNorm (as torchvision's models): the batch
    # mean cancels it, so its gradient is rounding noise, which Adam,
    # RMSprop and Adagrad normalize into full-size steps that differ between
    # any two implementations.
    net = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1, bias=False), nn.BatchNorm2d(4), nn.ReLU(),
                        nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4 * 4 * 4, 3))
    return (Classifier(net), torch.randn(20, 1, 8, 8, generator=g),
            torch.randint(0, 3, (20,), generator=g), 8)


def splitmix_order(n, state):
    """dlc train's shuffle: one epoch's order and the generator's state."""
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z ^= z >> 31
        j = z % (i + 1)
        order[i], order[j] = order[j], order[i]
    return order, state


TORCH = {
    "sgd": (torch.optim.SGD, {"lr": "lr", "momentum": "momentum", "dampening": "dampening",
                              "weight-decay": "weight_decay", "nesterov": "nesterov"}),
    "adam": (torch.optim.Adam, {"lr": "lr", "weight-decay": "weight_decay", "amsgrad": "amsgrad",
                                "beta1": None, "beta2": None, "eps": "eps"}),
    "adamw": (torch.optim.AdamW, {"lr": "lr", "weight-decay": "weight_decay",
                                  "amsgrad": "amsgrad", "beta1": None, "beta2": None,
                                  "eps": "eps"}),
    "rmsprop": (torch.optim.RMSprop, {"lr": "lr", "alpha": "alpha", "eps": "eps",
                                      "weight-decay": "weight_decay", "momentum": "momentum",
                                      "centered": "centered"}),
    "adadelta": (torch.optim.Adadelta, {"lr": "lr", "rho": "rho", "eps": "eps",
                                        "weight-decay": "weight_decay"}),
    "adagrad": (torch.optim.Adagrad, {"lr": "lr", "lr-decay": "lr_decay",
                                      "weight-decay": "weight_decay",
                                      "initial-accumulator-value": "initial_accumulator_value",
                                      "eps": "eps"}),
}


def torch_optimizer(params, optimizer, options):
    cls, names = TORCH[optimizer]
    kwargs = {}
    betas = [0.9, 0.999]
    for flag, value in options.items():
        if flag == "beta1":
            betas[0] = value
        elif flag == "beta2":
            betas[1] = value
        else:
            kwargs[names[flag]] = value
    if optimizer in ("adam", "adamw"):
        kwargs["betas"] = tuple(betas)
    return cls(params, **kwargs)


def onnx_state(work, name):
    """The exported initializers: the state both trainings start from (the
    export's own forward pass may have moved the running statistics)."""
    graph = onnx.load(os.path.join(work, name + ".onnx")).graph
    return {t.name: torch.from_numpy(onnx.numpy_helper.to_array(t).copy())
            for t in graph.initializer}


def torch_train(work, name, optimizer, options, epochs, shuffle, seed):
    model, x, y, batch = build(name)
    state = onnx_state(work, name)
    missing = [k for k in model.state_dict() if k not in state and "num_batches" not in k]
    assert not missing, "initializers missing from the export: %s" % missing
    model.load_state_dict(state, strict=False)
    model = model.double()
    model.train()
    opt = torch_optimizer(model.parameters(), optimizer, options)
    n, rng = x.shape[0], seed
    for _ in range(epochs):
        order = list(range(n))
        if shuffle:
            order, rng = splitmix_order(n, rng)
        for start in range(0, n, batch):
            idx = torch.tensor(order[start:start + batch])
            opt.zero_grad()
            loss = model(x[idx].double(), y[idx])
            loss.backward()
            opt.step()
    return model


def run_case(dlc, work, name, optimizer, options, epochs=2, shuffle=0, seed=0):
    label = "%s %s %s shuffle=%d" % (name, optimizer, options, shuffle)
    args = [dlc, "train", os.path.join(work, name + ".onnx"),
            "-i", "x=" + os.path.join(work, name + "-x.npy"),
            "-i", "y=" + os.path.join(work, name + "-y.npy"),
            "--optimizer", optimizer, "--batch", str(build(name)[3]),
            "--epochs", str(epochs), "--shuffle", str(shuffle), "--seed", str(seed),
            "--cache-dir", os.path.join(work, "cache")]
    for flag, value in options.items():
        args += ["--" + flag] if value is True else ["--" + flag, repr(value)]
    out = os.path.join(work, "out")
    log = os.path.join(work, "log.csv")
    proc = subprocess.run(args + ["-o", out, "--log", log], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        print("%s: dlc train failed:\n%s" % (label, proc.stderr))
        return False
    # One plain line per epoch (stdout is a pipe here), no carriage return.
    lines = proc.stdout.splitlines()
    if "\r" in proc.stdout or len(lines) != epochs or not lines[0].startswith("epoch 1/%d: loss "
                                                                              % epochs):
        print("%s: unexpected output %r" % (label, proc.stdout))
        return False
    rows = open(log).read().splitlines()
    if rows[0] != "epoch,loss,samples_per_s,seconds" or len(rows) != epochs + 1:
        print("%s: unexpected log %r" % (label, rows))
        return False
    model = torch_train(work, name, optimizer, options, epochs, shuffle, seed)
    tensors = dict(model.named_parameters())
    tensors.update((k, v) for k, v in model.named_buffers() if "running" in k)
    worst, ok = 0.0, True
    for key, want in tensors.items():
        path = os.path.join(out, key + ".npy")
        if not os.path.exists(path):
            print("%s: %s was not written" % (label, key))
            ok = False
            continue
        got, want = np.load(path), want.detach().numpy()
        err = float(np.max(np.abs(got - want)) / max(float(np.max(np.abs(want))), FLOOR))
        worst = max(worst, err)
        if got.shape != want.shape or err > TOLERANCE:
            print("%s: %s relative error %.2e  FAIL" % (label, key, err))
            ok = False
    # A test that cannot fail is no test: the parameters must have moved.
    initial = onnx_state(work, name)
    moved = max(float((p.detach() - initial[k].double()).abs().max())
                for k, p in model.named_parameters())
    if moved < 1e-4:
        print("%s: the parameters did not change" % label)
        ok = False
    print("%s: %d tensors, worst relative error %.2e%s" % (label, len(tensors), worst,
                                                           "" if ok else "  FAIL"))
    return ok


CASES = [
    ("mlp", "sgd", {"lr": 0.1}),
    ("mlp", "sgd", {"lr": 0.05, "momentum": 0.9, "dampening": 0.1, "weight-decay": 0.01}),
    ("mlp", "sgd", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("mlp", "adam", {}),
    ("mlp", "adam", {"lr": 0.01, "amsgrad": True, "weight-decay": 0.01, "beta1": 0.8}),
    ("mlp", "adamw", {"lr": 0.01}),
    ("mlp", "adamw", {"lr": 0.01, "amsgrad": True, "beta2": 0.99}),
    ("mlp", "rmsprop", {}),
    ("mlp", "rmsprop", {"centered": True, "momentum": 0.5, "weight-decay": 0.01,
                        "alpha": 0.9}),
    ("mlp", "adadelta", {}),
    ("mlp", "adadelta", {"rho": 0.8, "weight-decay": 0.1, "eps": 1e-5}),
    ("mlp", "adagrad", {}),
    ("mlp", "adagrad", {"lr": 0.1, "lr-decay": 0.1, "initial-accumulator-value": 0.1,
                        "weight-decay": 0.01}),
    ("cnn", "sgd", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight-decay": 0.001}),
    ("cnn", "adam", {"lr": 0.01}),
    ("cnn", "rmsprop", {"centered": True}),
    ("cnn", "adagrad", {"lr": 0.05}),
    ("lstm", "sgd", {"lr": 0.1, "momentum": 0.9}),
    ("lstm", "adam", {"lr": 0.01}),
    ("lstm", "rmsprop", {"lr": 0.01, "centered": True}),
]
SHUFFLED = [
    ("mlp", "sgd", {"lr": 0.05, "momentum": 0.9}),
    ("cnn", "adam", {"lr": 0.01}),
]


def main():
    dlc, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    for name in ("mlp", "cnn", "lstm"):
        model, x, y, _ = build(name)
        model.train()
        torch.onnx.export(model, (x[:2], y[:2]), os.path.join(work, name + ".onnx"),
                          input_names=["x", "y"], output_names=["loss"], opset_version=14,
                          do_constant_folding=False,
                          training=torch.onnx.TrainingMode.TRAINING,
                          dynamic_axes={"x": {0: "N"}, "y": {0: "N"}})
        np.save(os.path.join(work, name + "-x.npy"), x.numpy())
        np.save(os.path.join(work, name + "-y.npy"), y.numpy())
    ok = True
    for name, optimizer, options in CASES:
        ok &= run_case(dlc, work, name, optimizer, options)
    for name, optimizer, options in SHUFFLED:
        ok &= run_case(dlc, work, name, optimizer, options, epochs=3, shuffle=1, seed=7)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
