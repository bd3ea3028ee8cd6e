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

The loop's options run against the same torch loop: every --lr-schedule
kind against its torch.optim.lr_scheduler class (stepped once per epoch,
the learning rate of every epoch read back from --log), --clip-grad-norm
and --clip-grad-value against torch.nn.utils.clip_grad_norm_ /
clip_grad_value_, validation (--val-split, --val) against the model in
eval() mode (BatchNorm on its running statistics), early stopping
(--patience, --min-delta) against the same rule in Python with the best
epoch's state restored, and `dlc eval` against the torch model's loss.
"""

import math
import shutil

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


def rel_error(got, want):
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    return float(np.max(np.abs(got - want)) / max(float(np.max(np.abs(want))), FLOOR))


def torch_loop(work, name, optimizer, options, epochs, shuffle=0, seed=0, schedule=None,
               plateau=False, clip_norm=None, clip_value=None, val_split=None, val=None,
               patience=None, min_delta=0.0):
    """torch's training loop with the loop options dlc train offers:
    (model, per-epoch lr, per-epoch validation loss, epochs run, clipped)
    where clipped says whether clipping changed any gradient."""
    model, x, y, batch = build(name)
    model.load_state_dict(onnx_state(work, name), strict=False)
    model = model.double()
    model.train()
    opt = torch_optimizer(model.parameters(), optimizer, options)
    sched = schedule(opt) if schedule else None
    if val_split is not None:
        train = int(math.floor(x.shape[0] * (1 - val_split)))
        val = (x[train:], y[train:])
        x, y = x[:train], y[:train]
    n, rng = x.shape[0], seed
    lrs, val_losses, clipped = [], [], False
    best, best_state, wait, ran = math.inf, None, 0, 0
    for _ in range(epochs):
        ran += 1
        lrs.append(opt.param_groups[0]["lr"])
        order = list(range(n))
        if shuffle:
            order, rng = splitmix_order(n, rng)
        loss_sum = 0.0
        for start in range(0, n, batch):
            idx = torch.tensor(order[start:start + batch])
            opt.zero_grad()
            loss = model(x[idx].double(), y[idx])
            loss.backward()
            loss_sum += float(loss) * len(idx)
            if clip_norm is not None:
                norm = torch.nn.utils.clip_grad_norm_(model.parameters(), clip_norm)
                clipped |= float(norm) > clip_norm
            if clip_value is not None:
                clipped |= any(float(p.grad.abs().max()) > clip_value
                               for p in model.parameters())
                torch.nn.utils.clip_grad_value_(model.parameters(), clip_value)
            opt.step()
        metric = loss_sum / n
        if val is not None:
            model.eval()
            with torch.no_grad():
                vx, vy = val
                vb = min(batch, vx.shape[0])
                metric = sum(float(model(vx[i:i + vb].double(), vy[i:i + vb])) *
                             len(vx[i:i + vb]) for i in range(0, vx.shape[0], vb))
                metric /= vx.shape[0]
            model.train()
            val_losses.append(metric)
        if sched is not None:
            sched.step(metric) if plateau else sched.step()
        if patience is not None:
            if metric < best - min_delta:
                best, wait = metric, 0
                best_state = {k: v.clone() for k, v in model.state_dict().items()}
            else:
                wait += 1
                if wait >= patience:
                    break
    if best_state is not None:
        model.load_state_dict(best_state)
    return model, lrs, val_losses, ran, clipped


def compare_tensors(label, model, out):
    """Every parameter and running statistic of `model` against DIR/*.npy."""
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
        err = rel_error(got, want)
        worst = max(worst, err)
        if got.shape != want.shape or err > TOLERANCE:
            print("%s: %s relative error %.2e  FAIL" % (label, key, err))
            ok = False
    return ok, worst, len(tensors)


def run_loop_case(dlc, work, name, optimizer, options, flags, epochs, expect,
                  val_files=False, shuffle=0, **loop):
    """dlc train with the loop options `flags` against torch_loop(**loop).
    `expect` names what must happen for the case to test anything: 'lr'
    (the learning rate changes), 'clip' (clipping acts), 'stop' (early
    stopping ends before the last epoch)."""
    label = "%s %s %s" % (name, optimizer, " ".join(flags))
    _, x, y, batch = build(name)
    args = [dlc, "train", os.path.join(work, name + ".onnx"),
            "-i", "x=" + os.path.join(work, name + "-x.npy"),
            "-i", "y=" + os.path.join(work, name + "-y.npy"),
            "--optimizer", optimizer, "--batch", str(batch), "--epochs", str(epochs),
            "--shuffle", str(shuffle), "--seed", "3", "--cache-dir", os.path.join(work, "cache")]
    for flag, value in options.items():
        args += ["--" + flag] if value is True else ["--" + flag, repr(value)]
    if val_files:
        vx, vy = validation_data(name)
        args += ["--val", "x=" + os.path.join(work, name + "-vx.npy"),
                 "--val", "y=" + os.path.join(work, name + "-vy.npy")]
        loop["val"] = (vx, vy)
    out = os.path.join(work, "out-loop")
    log = os.path.join(work, "log-loop.csv")
    proc = subprocess.run(args + flags + ["-o", out, "--log", log], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        print("%s: dlc train failed:\n%s" % (label, proc.stderr))
        return False
    rows = [r.split(",") for r in open(log).read().splitlines()]
    # The models' losses are cross-entropies over classes: accuracy columns.
    if rows[0] != ["epoch", "loss", "samples_per_s", "seconds", "lr", "val_loss", "accuracy",
                   "val_accuracy"]:
        print("%s: unexpected log header %r" % (label, rows[0]))
        return False
    rows = rows[1:]
    model, lrs, val_losses, ran, clipped = torch_loop(work, name, optimizer, options, epochs,
                                                      shuffle=shuffle, seed=3, **loop)
    ok, worst, count = compare_tensors(label, model, out)
    if len(rows) != ran:
        print("%s: dlc ran %d epochs, torch %d  FAIL" % (label, len(rows), ran))
        return False
    got_lr = [float(r[4]) for r in rows]
    lr_err = max(abs(g - w) / w for g, w in zip(got_lr, lrs))
    if lr_err > 1e-7:
        print("%s: learning rates %s, torch's %s  FAIL" % (label, got_lr, lrs))
        ok = False
    val_err = 0.0
    if val_losses:
        got_val = [float(r[5]) for r in rows]
        val_err = rel_error(got_val, val_losses)
        if val_err > TOLERANCE:
            print("%s: validation losses %s, torch's %s  FAIL" % (label, got_val, val_losses))
            ok = False
    elif any(r[5] for r in rows):
        print("%s: a validation loss without validation data  FAIL" % label)
        ok = False
    # A test that cannot fail is no test.
    if "lr" in expect and len(set(lrs)) < 3:
        print("%s: the schedule hardly changed the learning rate %s  FAIL" % (label, lrs))
        ok = False
    if "clip" in expect and not clipped:
        print("%s: clipping never acted  FAIL" % label)
        ok = False
    if "stop" in expect:
        if ran >= epochs or "early stop after epoch %d" % ran not in proc.stdout:
            print("%s: no early stop (%d of %d epochs)\n%s  FAIL" % (label, ran, epochs,
                                                                      proc.stdout))
            ok = False
    print("%s: %d epochs, %d tensors, worst relative error %.2e, lr %.1e, val_loss %.1e%s"
          % (label, ran, count, worst, lr_err, val_err, "" if ok else "  FAIL"))
    return ok


def validation_data(name):
    """Held-out samples for --val, seeded apart from the training data."""
    g = torch.Generator().manual_seed(2)
    if name == "lstm":
        return torch.randn(7, 5, 6, generator=g), torch.randint(0, 5, (7, 5), generator=g)
    if name == "mlp":
        return torch.randn(9, 10, generator=g), torch.randint(0, 4, (9,), generator=g)
    return torch.randn(6, 1, 8, 8, generator=g), torch.randint(0, 3, (6,), generator=g)


def run_eval_case(dlc, work):
    """dlc eval on the parameters dlc train wrote (a CNN with BatchNorm)
    against the torch model with the same parameters, in eval() mode."""
    name = "cnn"
    args = [dlc, "train", os.path.join(work, name + ".onnx"),
            "-i", "x=" + os.path.join(work, name + "-x.npy"),
            "-i", "y=" + os.path.join(work, name + "-y.npy"),
            "--optimizer", "adam", "--lr", "0.01", "--batch", "8", "--epochs", "2",
            "--cache-dir", os.path.join(work, "cache"), "-o", os.path.join(work, "out-eval")]
    proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        print("eval: dlc train failed:\n%s" % proc.stderr)
        return False
    vx, vy = validation_data(name)
    proc = subprocess.run([dlc, "eval", os.path.join(work, name + ".onnx"),
                           "--params", os.path.join(work, "out-eval"), "--batch", "4",
                           "-i", "x=" + os.path.join(work, name + "-vx.npy"),
                           "-i", "y=" + os.path.join(work, name + "-vy.npy"),
                           "--cache-dir", os.path.join(work, "cache")],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0 or not proc.stdout.startswith("loss "):
        print("eval: dlc eval failed:\n%s%s" % (proc.stdout, proc.stderr))
        return False
    got = float(proc.stdout.split()[1])
    model, _, _, _ = build(name)
    state = {k: torch.from_numpy(np.load(os.path.join(work, "out-eval", k + ".npy")))
             for k, _ in list(model.named_parameters()) + list(model.named_buffers())
             if "num_batches" not in k}
    model.load_state_dict(state, strict=False)
    model = model.double().eval()
    with torch.no_grad():
        want = sum(float(model(vx[i:i + 4].double(), vy[i:i + 4])) * len(vx[i:i + 4])
                   for i in range(0, 6, 4)) / 6
    err = abs(got - want) / max(abs(want), FLOOR)
    ok = err <= TOLERANCE
    print("eval cnn: loss %.6f, torch %.6f, relative error %.2e%s"
          % (got, want, err, "" if ok else "  FAIL"))
    # dlc run --params DIR: the training-mode model (batch statistics) on
    # the validation samples, against torch in train() mode.
    proc = subprocess.run([dlc, "run", os.path.join(work, name + ".onnx"),
                           "--params", os.path.join(work, "out-eval"),
                           "-i", "x=" + os.path.join(work, name + "-vx.npy"),
                           "-i", "y=" + os.path.join(work, name + "-vy.npy"),
                           "-o", os.path.join(work, "run-params"),
                           "--cache-dir", os.path.join(work, "cache")],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        print("run --params: dlc run failed:\n%s" % proc.stderr)
        return False
    got = float(np.load(os.path.join(work, "run-params", "loss.npy")))
    with torch.no_grad():
        want = float(model.train()(vx.double(), vy))
    err = abs(got - want) / max(abs(want), FLOOR)
    print("run --params cnn: loss %.6f, torch %.6f, relative error %.2e%s"
          % (got, want, err, "" if err <= TOLERANCE else "  FAIL"))
    return ok and err <= TOLERANCE


def run_resume_case(dlc, work, name, optimizer, flags):
    """An uninterrupted run of 5 epochs against 3 epochs with --save-every 3
    and a --resume of the rest: every tensor written must be the same, bit
    for bit (the checkpoint holds the parameters, the optimizer's state, the
    schedule's history, the epoch, the shuffle's generator and early
    stopping's state)."""
    label = "resume %s %s %s" % (name, optimizer, " ".join(flags))
    args = [dlc, "train", os.path.join(work, name + ".onnx"),
            "-i", "x=" + os.path.join(work, name + "-x.npy"),
            "-i", "y=" + os.path.join(work, name + "-y.npy"),
            "--optimizer", optimizer, "--batch", str(build(name)[3]), "--shuffle", "1",
            "--seed", "11", "--cache-dir", os.path.join(work, "cache")] + flags
    whole, split = os.path.join(work, "resume-whole"), os.path.join(work, "resume-split")
    for d in (whole, split):
        shutil.rmtree(d, ignore_errors=True)
    runs = [["--epochs", "5", "-o", whole],
            ["--epochs", "3", "--save-every", "3", "-o", split],
            ["--epochs", "5", "--resume", os.path.join(split, "checkpoint.safetensors"),
             "-o", split]]
    outputs = []
    for extra in runs:
        proc = subprocess.run(args + extra, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
        if proc.returncode != 0:
            print("%s: dlc train %s failed:\n%s" % (label, " ".join(extra), proc.stderr))
            return False
        outputs.append(proc.stdout)
    # The resumed run starts at epoch 4 and prints what the whole run printed
    # from there (the losses; not the timings).
    tail = [l.split(",")[0] for l in outputs[2].splitlines() if l.startswith("epoch")]
    want = [l.split(",")[0] for l in outputs[0].splitlines() if l.startswith("epoch")][3:]
    ok = tail == want and tail[0].startswith("epoch 4/5")
    if not ok:
        print("%s: the resumed run printed %r, the whole run %r" % (label, tail, want))
    files = sorted(f for f in os.listdir(whole) if f.endswith(".npy"))
    for f in files:
        a, b = np.load(os.path.join(whole, f)), np.load(os.path.join(split, f))
        if a.shape != b.shape or a.tobytes() != b.tobytes():
            print("%s: %s differs after resuming  FAIL" % (label, f))
            ok = False
    print("%s: %d tensors compared with the uninterrupted run%s"
          % (label, len(files), "" if ok else "  FAIL"))
    return ok


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
    if (rows[0] != "epoch,loss,samples_per_s,seconds,lr,val_loss,accuracy,val_accuracy" or
            len(rows) != epochs + 1):
        print("%s: unexpected log %r" % (label, rows))
        return False
    model = torch_train(work, name, optimizer, options, epochs, shuffle, seed)
    ok, worst, count = compare_tensors(label, model, out)
    # A test that cannot fail is no test: the parameters must have moved.
    initial = onnx_state(work, name)
    moved = max(float((p.detach() - initial[k].double()).abs().max())
                for k, p in model.named_parameters())
    if moved < 1e-4:
        print("%s: the parameters did not change" % label)
        ok = False
    print("%s: %d tensors, worst relative error %.2e%s" % (label, count, worst,
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
sched = torch.optim.lr_scheduler
SGD = {"lr": 0.1, "momentum": 0.9}
# (model, optimizer, options, dlc flags, epochs, what must happen, torch_loop's options)
LOOP_CASES = [
    ("mlp", "sgd", SGD, ["--lr-schedule", "step:size=2,gamma=0.5"], 7, "lr",
     {"schedule": lambda o: sched.StepLR(o, step_size=2, gamma=0.5)}),
    ("mlp", "sgd", SGD, ["--lr-schedule", "multistep:milestones=[2,4,4],gamma=0.3"], 6, "lr",
     {"schedule": lambda o: sched.MultiStepLR(o, milestones=[2, 4, 4], gamma=0.3)}),
    ("mlp", "adam", {"lr": 0.01}, ["--lr-schedule", "exponential:gamma=0.8"], 5, "lr",
     {"schedule": lambda o: sched.ExponentialLR(o, gamma=0.8)}),
    # Past t_max the cosine rises again (torch's recursive form).
    ("mlp", "sgd", SGD, ["--lr-schedule", "cosine:t_max=3,eta_min=0.01"], 8, "lr",
     {"schedule": lambda o: sched.CosineAnnealingLR(o, T_max=3, eta_min=0.01)}),
    ("mlp", "rmsprop", {"lr": 0.01},
     ["--lr-schedule", "cosine-restarts:t_0=2,t_mult=2,eta_min=0.001"], 8, "lr",
     {"schedule": lambda o: sched.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=2,
                                                              eta_min=0.001)}),
    ("cnn", "sgd", {"lr": 0.05}, ["--lr-schedule", "warmup:epochs=3,start=0.25"], 5, "lr",
     {"schedule": lambda o: sched.LinearLR(o, start_factor=0.25, total_iters=3)}),
    ("mlp", "adagrad", {"lr": 0.1, "lr-decay": 0.01},
     ["--lr-schedule", "warmup:epochs=2+cosine:t_max=4,eta_min=0.001"], 7, "lr",
     {"schedule": lambda o: sched.SequentialLR(
         o, [sched.LinearLR(o, start_factor=1 / 3, total_iters=2),
             sched.CosineAnnealingLR(o, T_max=4, eta_min=0.001)], milestones=[2])}),
    ("lstm", "adam", {"lr": 0.01},
     ["--lr-schedule", "warmup:epochs=2,start=0.5,end=0.9+cosine-restarts:t_0=2"], 6, "lr",
     {"schedule": lambda o: sched.SequentialLR(
         o, [sched.LinearLR(o, start_factor=0.5, end_factor=0.9, total_iters=2),
             sched.CosineAnnealingWarmRestarts(o, T_0=2)], milestones=[2])}),
    # Reduce-on-plateau on the training loss (no validation data); a
    # large relative threshold makes the small improvements count as none.
    ("mlp", "sgd", {"lr": 0.05},
     ["--lr-schedule", "plateau:factor=0.5,patience=0,threshold=0.05"], 8, "lr",
     {"schedule": lambda o: sched.ReduceLROnPlateau(o, factor=0.5, patience=0,
                                                    threshold=0.05), "plateau": True}),
    # ... and on the validation loss, absolute threshold, cooldown.
    ("cnn", "adam", {"lr": 0.01},
     ["--val-split", "0.25", "--lr-schedule",
      "plateau:factor=0.3,patience=0,threshold=0.01,threshold_mode=abs,cooldown=1"], 8, "lr",
     {"val_split": 0.25, "plateau": True,
      "schedule": lambda o: sched.ReduceLROnPlateau(o, factor=0.3, patience=0, threshold=0.01,
                                                    threshold_mode="abs", cooldown=1)}),
    # Clipping.
    ("mlp", "sgd", SGD, ["--clip-grad-norm", "0.3"], 3, "clip", {"clip_norm": 0.3}),
    ("cnn", "adam", {"lr": 0.01}, ["--clip-grad-norm", "0.5"], 3, "clip", {"clip_norm": 0.5}),
    ("lstm", "sgd", SGD, ["--clip-grad-norm", "0.2"], 3, "clip", {"clip_norm": 0.2}),
    ("mlp", "sgd", SGD, ["--clip-grad-value", "0.05"], 3, "clip", {"clip_value": 0.05}),
    # Validation: BatchNorm in evaluation form; a split; separate files with
    # a partial last batch (7 samples in batches of 5).
    ("cnn", "sgd", {"lr": 0.05, "momentum": 0.9}, ["--val-split", "0.25"], 3, "",
     {"val_split": 0.25}),
    ("lstm", "adam", {"lr": 0.01}, [], 3, "", {}),
    # Early stopping: random labels overfit, the validation loss rises.
    ("mlp", "sgd", {"lr": 0.2, "momentum": 0.9},
     ["--val-split", "0.3", "--patience", "2", "--min-delta", "0.001"], 20, "stop",
     {"val_split": 0.3, "patience": 2, "min_delta": 0.001}),
    # The CNN's validation loss falls for 5 epochs, then rises: the best is
    # epoch 5, or epoch 4 where --min-delta 0.01 counts epoch 5's small gain
    # as none (BatchNorm statistics restored with the parameters).
    ("cnn", "adam", {"lr": 0.003}, ["--val-split", "0.25", "--patience", "2"], 20, "stop",
     {"val_split": 0.25, "patience": 2}),
    ("cnn", "adam", {"lr": 0.003},
     ["--val-split", "0.25", "--patience", "2", "--min-delta", "0.01"], 20, "stop",
     {"val_split": 0.25, "patience": 2, "min_delta": 0.01}),
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
        vx, vy = validation_data(name)
        np.save(os.path.join(work, name + "-vx.npy"), vx.numpy())
        np.save(os.path.join(work, name + "-vy.npy"), vy.numpy())
    only = os.environ.get("DLC_TRAIN_ONLY")  # "loop": the loop options' cases only
    ok = True
    for i, (name, optimizer, options, flags, epochs, expect, loop) in enumerate(LOOP_CASES):
        ok &= run_loop_case(dlc, work, name, optimizer, options, flags, epochs, expect,
                            val_files=(name == "lstm" and not loop), **loop)
    ok &= run_loop_case(dlc, work, "mlp", "sgd", SGD, ["--val-split", "0.2"], 3, "",
                        shuffle=1, val_split=0.2)
    ok &= run_eval_case(dlc, work)
    ok &= run_resume_case(dlc, work, "cnn", "adam",
                          ["--lr", "0.01", "--val-split", "0.25", "--clip-grad-norm", "1",
                           "--lr-schedule", "warmup:epochs=2+cosine-restarts:t_0=2"])
    ok &= run_resume_case(dlc, work, "lstm", "sgd",
                          ["--lr", "0.1", "--momentum", "0.9", "--lr-schedule",
                           "plateau:patience=0,threshold=0.1"])
    ok &= run_resume_case(dlc, work, "mlp", "rmsprop",
                          ["--val-split", "0.3", "--patience", "4", "--lr-schedule",
                           "step:size=2"])
    if only == "loop":
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1
    for name, optimizer, options in CASES:
        ok &= run_case(dlc, work, name, optimizer, options)
    for name, optimizer, options in SHUFFLED:
        ok &= run_case(dlc, work, name, optimizer, options, epochs=3, shuffle=1, seed=7)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
