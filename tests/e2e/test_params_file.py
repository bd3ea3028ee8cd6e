#!/usr/bin/python3
"""e2e: `dlc run --params FILE.safetensors` binds a model's parameters to
weights trained elsewhere, by name, without recompiling anything into the
model file; PyTorch is the oracle.

A small residual CNN (conv + BatchNorm + ReLU, conv + BatchNorm, identity,
pooling, linear) is exported to ONNX with its state_dict names as
initializer names. Its parameters are then replaced by fresh random values
(running statistics included), written as a .safetensors file by hand here
(8-byte header length, JSON header, raw little-endian data, as the format
specifies), and `dlc run` with that file must match PyTorch's forward pass
with the new weights. Every bad file gets `dlc: error: ...`, exit code 1 and
no output written.

usage: test_params_file.py DLC WORKDIR
"""
import json
import os
import shutil
import struct
import subprocess
import sys

import numpy as np
import torch

dlc, work = sys.argv[1], sys.argv[2]
TOLERANCE = 1e-4


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.bn1 = torch.nn.BatchNorm2d(8)
        self.conv2 = torch.nn.Conv2d(8, 8, 3, padding=1, bias=False)
        self.bn2 = torch.nn.BatchNorm2d(8)
        self.fc = torch.nn.Linear(8, 5)

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = torch.relu(self.bn2(self.conv2(y)) + y)
        return self.fc(torch.flatten(torch.nn.functional.adaptive_avg_pool2d(y, 1), 1))


def randomize(net, seed):
    """Every parameter and running statistic drawn anew (variances > 0)."""
    g = torch.Generator().manual_seed(seed)
    state = {}
    for name, value in net.state_dict().items():
        if name.endswith("num_batches_tracked"):
            state[name] = value
        elif name.endswith("running_var"):
            state[name] = torch.rand(value.shape, generator=g) * 2 + 0.2
        else:
            state[name] = torch.randn(value.shape, generator=g) * 0.5
    net.load_state_dict(state)


def write_safetensors(path, tensors, dtype="F32", truncate=0):
    """The format by hand: {name: {dtype, shape, data_offsets}} then data."""
    header, data = {}, b""
    for name, array in tensors.items():
        raw = np.ascontiguousarray(array).tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape),
                        "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    blob = struct.pack("<Q", len(text)) + text + data
    with open(path, "wb") as f:
        f.write(blob[:len(blob) - truncate])


def run_dlc(model, x_path, out, params=None):
    cmd = [dlc, "run", model, "-i", "input=" + x_path, "-o", out]
    if params:
        cmd += ["--params", params]
    return subprocess.run(cmd, capture_output=True, text=True)


def check_close(name, actual, expected):
    err = np.max(np.abs(actual - expected)) / max(np.max(np.abs(expected)), 1e-6)
    print(f"{name}: relative error {err:.2e}")
    return err <= TOLERANCE


shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
torch.manual_seed(0)
net = Net().eval()
randomize(net, 1)
x = torch.randn(1, 3, 12, 12)
model = os.path.join(work, "net.onnx")
torch.onnx.export(net, x, model, input_names=["input"], output_names=["logits"],
                  do_constant_folding=False, opset_version=13,
                  training=torch.onnx.TrainingMode.PRESERVE)
x_path = os.path.join(work, "x.npy")
np.save(x_path, x.numpy())
failures = 0

# The model's own weights.
with torch.no_grad():
    original = net(x).numpy()
r = run_dlc(model, x_path, os.path.join(work, "out0"))
if r.returncode != 0:
    print(r.stderr)
    sys.exit(1)
failures += not check_close("model weights", np.load(os.path.join(work, "out0", "logits.npy")),
                            original)

# Other weights, from a file.
randomize(net, 2)
with torch.no_grad():
    expected = net(x).numpy()
params = {k: v.numpy() for k, v in net.state_dict().items()
          if not k.endswith("num_batches_tracked")}
good = os.path.join(work, "weights.safetensors")
write_safetensors(good, params)
r = run_dlc(model, x_path, os.path.join(work, "out1"), good)
if r.returncode != 0:
    print(r.stderr)
    sys.exit(1)
failures += not check_close("bound weights", np.load(os.path.join(work, "out1", "logits.npy")),
                            expected)

# Bad files: a clear error, exit code 1, nothing written.
missing = dict(params)
del missing["bn2.running_var"]
extra = dict(params, **{"head.weight": np.zeros((2, 2), np.float32)})
reshaped = dict(params, **{"fc.bias": np.zeros((6,), np.float32)})
cases = {
    "missing": (missing, {}, "lacks parameters of the model: 'bn2.running_var'"),
    "extra": (extra, {}, "holds tensors the model has no parameter for: 'head.weight'"),
    "shape": (reshaped, {}, "tensor 'fc.bias' has shape 6, but the parameter is 5"),
    "f16": ({k: v.astype(np.float16) for k, v in params.items()}, {"dtype": "F16"},
            "is F16, but the parameter is F32"),
    "truncated": (params, {"truncate": 4}, "weights_truncated.safetensors"),
}
for case, (tensors, options, message) in cases.items():
    path = os.path.join(work, f"weights_{case}.safetensors")
    write_safetensors(path, tensors, **options)
    out = os.path.join(work, "bad_" + case)
    r = run_dlc(model, x_path, out, path)
    ok = (r.returncode == 1 and r.stderr.startswith("dlc: error: ") and message in r.stderr
          and not os.path.exists(out))
    print(f"bad file ({case}): {'ok' if ok else 'FAILED'}: {r.stderr.strip()}")
    failures += not ok
r = run_dlc(model, x_path, os.path.join(work, "bad_nofile"),
            os.path.join(work, "nonexistent.safetensors"))
ok = r.returncode == 1 and r.stderr.startswith("dlc: error: ") and "nonexistent" in r.stderr
print(f"no such file: {'ok' if ok else 'FAILED'}: {r.stderr.strip()}")
failures += not ok

sys.exit(1 if failures else 0)
