#!/usr/bin/env python3
"""Real models: PyTorch exports to ONNX, dlc runs them, PyTorch is the oracle.

Each model is built with random weights (torchvision's initializers, a
fixed seed), put in eval mode, exported with torch.onnx.export, then run
with `dlc run MODEL.onnx -i NAME=FILE.npy -o DIR`; every output must match
PyTorch's own forward pass with a relative error (max |dlc - torch| over
max |torch|) of at most 1e-3. The exports vary what the importer sees:
opsets, BatchNorm kept as its own node (do_constant_folding=False) or folded
into the convolutions, a symbolic batch dimension (dynamic_axes), and
shape-computation chains (x.view(x.size(0), -1)).

usage: torch_models.py --dlc PATH --work DIR MODEL...   (MODEL: see MODELS)
"""
import argparse
import os
import subprocess
import sys
import time

import numpy as np
import torch
import torchvision

TOLERANCE = 1e-3


class ViewHead(torch.nn.Module):
    """ResNet-18 whose head flattens with x.view(x.size(0), -1): the export
    then holds a Shape -> Gather -> Unsqueeze -> Concat -> Reshape chain."""

    def __init__(self):
        super().__init__()
        self.net = torchvision.models.resnet18(num_classes=10)

    def forward(self, x):
        n = self.net
        x = n.maxpool(n.relu(n.bn1(n.conv1(x))))
        x = n.layer4(n.layer3(n.layer2(n.layer1(x))))
        x = n.avgpool(x)
        x = x.view(x.size(0), -1)
        return n.fc(x)


class SequenceModel(torch.nn.Module):
    """A two-layer bidirectional LSTM (batch first) and a GRU over its
    outputs, with a linear head on every step and on the final states."""

    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(12, 16, num_layers=2, batch_first=True,
                                  bidirectional=True)
        self.gru = torch.nn.GRU(32, 8)
        self.head = torch.nn.Linear(8, 5)

    def forward(self, x):
        y, (h, c) = self.lstm(x)
        z, hz = self.gru(y.transpose(0, 1))
        return self.head(z), h, c, hz


class PlainLSTM(torch.nn.Module):
    """One unidirectional LSTM layer with given initial states."""

    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(10, 20)

    def forward(self, x, h0, c0):
        y, (h, c) = self.lstm(x, (h0, c0))
        return y, h, c


def build(name):
    """(module, inputs, export keyword arguments) for one named case."""
    g = torch.Generator().manual_seed(0)
    if name == "resnet18":
        model = torchvision.models.resnet18()
        return model, [torch.randn(2, 3, 224, 224, generator=g)], dict(opset_version=13)
    if name == "resnet18_bn_nodes":
        # BatchNormalization stays a node: dlc's own batch_norm handles it.
        model = torchvision.models.resnet18(num_classes=10)
        return model, [torch.randn(1, 3, 64, 64, generator=g)], dict(
            opset_version=11, do_constant_folding=False)
    if name == "resnet18_dynamic_batch":
        # Exported with a symbolic batch; dlc specialises it from the input.
        model = ViewHead()
        return model, [torch.randn(3, 3, 64, 64, generator=g)], dict(
            opset_version=13, do_constant_folding=False,
            dynamic_axes={"input0": {0: "batch"}, "output0": {0: "batch"}})
    if name == "mobilenet_v2":
        model = torchvision.models.mobilenet_v2()
        return model, [torch.randn(1, 3, 224, 224, generator=g)], dict(opset_version=12)
    if name == "mobilenet_v2_bn_nodes":
        model = torchvision.models.mobilenet_v2(num_classes=10)
        return model, [torch.randn(2, 3, 96, 96, generator=g)], dict(
            opset_version=14, do_constant_folding=False)
    if name == "mobilenet_v3_small":
        # Hardswish and the squeeze-excitation's Hardsigmoid as single nodes
        # (opset 14).
        model = torchvision.models.mobilenet_v3_small()
        return model, [torch.randn(1, 3, 224, 224, generator=g)], dict(opset_version=14)
    if name == "mobilenet_v3_large":
        model = torchvision.models.mobilenet_v3_large(num_classes=100)
        return model, [torch.randn(1, 3, 160, 160, generator=g)], dict(opset_version=14)
    if name == "swin_tiny":
        # A small Swin transformer (torchvision's blocks: shifted windows,
        # whose attention mask the export builds with Mod and ScatterND on
        # known values, and a training-mode Dropout of ratio 0).
        from torchvision.models.swin_transformer import SwinTransformer
        model = SwinTransformer(patch_size=[4, 4], embed_dim=24, depths=[2, 2],
                                num_heads=[2, 4], window_size=[4, 4], num_classes=10)
        return model, [torch.randn(1, 3, 32, 32, generator=g)], dict(opset_version=14)
    if name == "lstm":
        model = PlainLSTM()
        return model, [torch.randn(7, 3, 10, generator=g),
                       torch.randn(1, 3, 20, generator=g),
                       torch.randn(1, 3, 20, generator=g)], dict(opset_version=13)
    if name == "lstm_gru_stack":
        model = SequenceModel()
        return model, [torch.randn(4, 9, 12, generator=g)], dict(
            opset_version=14, do_constant_folding=False,
            dynamic_axes={"input0": {0: "batch"}})
    raise SystemExit("unknown model " + name)


MODELS = ["resnet18", "resnet18_bn_nodes", "resnet18_dynamic_batch", "mobilenet_v2",
          "mobilenet_v2_bn_nodes", "mobilenet_v3_small", "mobilenet_v3_large", "lstm",
          "lstm_gru_stack", "swin_tiny"]


def check(dlc, work, name):
    torch.manual_seed(0)
    model, inputs, export_args = build(name)
    model.eval()
    # Random BatchNorm statistics, so that normalization is not the identity.
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
    with torch.no_grad():
        expected = model(*inputs)
    if isinstance(expected, torch.Tensor):
        expected = (expected,)
    input_names = ["input%d" % i for i in range(len(inputs))]
    output_names = ["output%d" % i for i in range(len(expected))]
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, name + ".onnx")
    torch.onnx.export(model, tuple(inputs), path, input_names=input_names,
                      output_names=output_names, **export_args)
    args = [dlc, "run", path, "-o", os.path.join(work, name + "-out")]
    for n, x in zip(input_names, inputs):
        p = os.path.join(work, "%s-%s.npy" % (name, n))
        np.save(p, x.numpy())
        args += ["-i", "%s=%s" % (n, p)]
    start = time.time()
    proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.time() - start
    if proc.returncode != 0:
        print("%s: dlc run failed:\n%s" % (name, proc.stderr))
        return False
    ok = True
    for n, e in zip(output_names, expected):
        got = np.load(os.path.join(work, name + "-out", n + ".npy"))
        e = e.numpy()
        if got.shape != e.shape:
            print("%s: %s has shape %s, PyTorch %s" % (name, n, got.shape, e.shape))
            ok = False
            continue
        err = float(np.max(np.abs(got - e)) / max(np.max(np.abs(e)), 1e-30))
        print("%s: %s %s relative error %.2e%s" % (name, n, "x".join(map(str, e.shape)),
                                                   err, "" if err <= TOLERANCE else "  FAIL"))
        ok &= err <= TOLERANCE
    print("%s: compile and run %.1f s" % (name, elapsed))
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dlc", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("models", nargs="*", default=MODELS)
    args = parser.parse_args()
    torch.set_num_threads(1)
    results = [check(args.dlc, args.work, m) for m in args.models]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
