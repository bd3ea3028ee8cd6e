#!/usr/bin/env python3
"""Whole-model gradients: dlc grad against PyTorch autograd.

Each model is a PyTorch module with its loss (cross-entropy over classes, or
over every step of a sequence), exported to ONNX in training mode
(BatchNorm with batch statistics, opset 14, no constant folding, so that
every initializer is one of the module's parameters under its PyTorch
name). `dlc grad MODEL.onnx -i x=... -i y=... -o DIR` must give, for every
parameter, the gradient PyTorch's backward gives in float64 (the same
module and inputs in double precision): relative error (max |dlc - torch|
over max |torch|) at most 1e-3.

A gradient that is zero or nearly so by an invariance (a convolution's bias
in front of BatchNorm: BatchNorm subtracts it again; the scale of a
BatchNorm in front of ReLU and a depthwise convolution and another
BatchNorm) is float32 rounding noise in any float32 implementation
(PyTorch's own float32 backward is 1e-3 off on the latter). So the
denominator is at least FLOOR times the largest gradient of the model:
gradients below that are compared absolutely, at 1e-3 * FLOOR of the
model's scale.

usage: torch_grad.py --dlc PATH --work DIR MODEL...   (MODEL: see MODELS)
"""
import argparse
import os
import subprocess
import sys

import numpy as np
import torch
import torchvision

TOLERANCE = 1e-3
FLOOR = 1e-3
nn = torch.nn


class Classifier(nn.Module):
    """A model and a cross-entropy loss over its class scores."""

    def __init__(self, net):
        super().__init__()
        self.net = net
        self.loss = nn.CrossEntropyLoss()

    def forward(self, x, y):
        return self.loss(self.net(x), y)


class SequenceTagger(nn.Module):
    """A recurrent layer, a linear head on every step, and a cross-entropy
    loss over every step."""

    def __init__(self, cell):
        super().__init__()
        self.rnn = cell
        self.head = nn.Linear(cell.hidden_size * (2 if cell.bidirectional else 1), 5)
        self.loss = nn.CrossEntropyLoss()

    def forward(self, x, y):
        out, _ = self.rnn(x)
        scores = self.head(out)  # [T, N, 5]
        return self.loss(scores.reshape(-1, 5), y.reshape(-1))


def small_cnn():
    return nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
        nn.AvgPool2d(2), nn.Flatten(), nn.Linear(16 * 2 * 2, 10))


def grouped_cnn():
    """Depthwise and grouped convolutions (MobileNet/ResNeXt style)."""
    return nn.Sequential(
        nn.Conv2d(4, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU6(),
        nn.Conv2d(8, 8, 3, padding=1, groups=8, bias=False), nn.BatchNorm2d(8), nn.ReLU6(),
        nn.Conv2d(8, 12, 1, groups=4), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        nn.Linear(12, 6))


def mlp():
    return nn.Sequential(nn.Linear(12, 16), nn.Tanh(), nn.Linear(16, 7))


def build(name):
    """(module with loss, x, y)."""
    g = torch.Generator().manual_seed(0)
    if name == "mlp":
        return (Classifier(mlp()), torch.randn(5, 12, generator=g),
                torch.randint(0, 7, (5,), generator=g))
    if name == "cnn_bn_pool":
        return (Classifier(small_cnn()), torch.randn(4, 3, 16, 16, generator=g),
                torch.randint(0, 10, (4,), generator=g))
    if name == "grouped_cnn":
        return (Classifier(grouped_cnn()), torch.randn(3, 4, 12, 12, generator=g),
                torch.randint(0, 6, (3,), generator=g))
    if name == "resnet18_32":
        # Batch 8: at 32x32 the last stage is 1x1, so its BatchNorms see one
        # value per image; with 2 images the normalized difference of two
        # nearly equal numbers amplifies float32 rounding (PyTorch's own
        # float32 loss is 2.5e-4 off its float64 one, dlc's 1.5e-2).
        return (Classifier(torchvision.models.resnet18(num_classes=10)),
                torch.randn(8, 3, 32, 32, generator=g), torch.randint(0, 10, (8,), generator=g))
    if name == "lstm_tagger":
        return (SequenceTagger(nn.LSTM(6, 8, num_layers=2, bidirectional=True)),
                torch.randn(5, 3, 6, generator=g), torch.randint(0, 5, (5, 3), generator=g))
    if name == "gru_tagger":
        return (SequenceTagger(nn.GRU(6, 8)), torch.randn(5, 3, 6, generator=g),
                torch.randint(0, 5, (5, 3), generator=g))
    raise SystemExit("unknown model " + name)


MODELS = ["mlp", "cnn_bn_pool", "grouped_cnn", "resnet18_32", "lstm_tagger", "gru_tagger"]


def check(dlc, work, name):
    torch.manual_seed(0)
    model, x, y = build(name)
    model.train()
    path = os.path.join(work, name + ".onnx")
    torch.onnx.export(model, (x, y), path, input_names=["x", "y"], output_names=["loss"],
                      opset_version=14, do_constant_folding=False,
                      training=torch.onnx.TrainingMode.TRAINING)
    # The export ran the model once; start again from the same state.
    torch.manual_seed(0)
    model, x, y = build(name)
    model.train()
    model = model.double()
    model.zero_grad()
    loss = model(x.double(), y)
    loss.backward()
    scale = max(float(p.grad.abs().max()) for p in model.parameters())
    np.save(os.path.join(work, name + "-x.npy"), x.numpy())
    np.save(os.path.join(work, name + "-y.npy"), y.numpy())
    out = os.path.join(work, name + "-grads")
    proc = subprocess.run([dlc, "grad", path, "-i", "x=" + os.path.join(work, name + "-x.npy"),
                           "-i", "y=" + os.path.join(work, name + "-y.npy"), "-o", out],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        print("%s: dlc grad failed:\n%s" % (name, proc.stderr))
        return False
    print("%s: %s (PyTorch: %.8g)" % (name, proc.stdout.split("\n")[0], float(loss)))
    ok, worst = True, 0.0
    for pname, p in model.named_parameters():
        # The ONNX initializer of a parameter carries the module path, with
        # or without the wrapper's "net." prefix depending on the exporter's
        # path through the module.
        onnx_name = pname
        file = os.path.join(out, onnx_name + ".npy")
        if not os.path.exists(file) and pname.startswith("net."):
            onnx_name = pname[len("net."):]
            file = os.path.join(out, onnx_name + ".npy")
        if not os.path.exists(file):
            print("%s: no gradient written for %s" % (name, onnx_name))
            ok = False
            continue
        got, want = np.load(file), p.grad.numpy()
        err = float(np.max(np.abs(got - want)) / max(float(np.max(np.abs(want))), FLOOR * scale))
        worst = max(worst, err)
        if got.shape != want.shape or err > TOLERANCE:
            print("%s: %s %s relative error %.2e  FAIL" % (name, onnx_name, want.shape, err))
            ok = False
    print("%s: %d parameters, worst relative error %.2e" % (
        name, len(list(model.parameters())), worst))
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dlc", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("models", nargs="*", default=MODELS)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    torch.set_num_threads(1)
    results = [check(args.dlc, args.work, m) for m in args.models]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
