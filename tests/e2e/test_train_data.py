#!/usr/bin/env python3
"""dlc train and dlc eval on the byte formats of image data sets.

Usage: test_train_data.py DLC WORKDIR

The script writes small data sets in the formats MNIST and CIFAR-10 ship
in, from seeded random bytes: MNIST-format IDX files (magic 0x00000803
for N x rows x cols images, 0x00000801 for labels; big-endian dimensions),
plain and gzip-compressed, and a CIFAR-10 binary batch (records of one
label byte and 3x32x32 image bytes). Next to each it writes the same data
as .npy arrays, converted here with NumPy the way DataFiles.h documents
(images: the byte / 255 as float32, in the model input's shape; labels:
int64). `dlc train` on the byte files must write the same parameters as
`dlc train` on the arrays (which test_train.py checks against torch.optim),
and `dlc eval` must print the same loss, for:

- a CNN taking [N, 1, 6, 6] and an MLP taking [N, 36], both fed 6x6 IDX
  images (the reshape to the model's input), plain and .gz;
- a CNN taking [N, 3, 32, 32] fed a CIFAR-10 batch, with --val from a
  second batch (the validation losses in --log must match too).

Accuracy, where the loss is a cross-entropy (or an NLL over
log-probabilities) against class labels: the per-epoch training and
validation accuracy dlc train logs and the accuracy dlc eval prints must be
those of argmax(scores) == label in the same loop run by torch; for
scores [N, C, steps] (an LSTM tagger) every step counts.

Real data nobody here wrote: Debian's Fashion-MNIST files (IDX, gzip), a
linear classifier trained on the 60000 training images; dlc eval on the
10000 test images must print torch's loss and accuracy for the parameters
dlc wrote (and dlc run on them return torch's loss), and the accuracy must
be well above chance (> 0.7).
"""

import gzip
import os
import struct
import subprocess
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "grad"))
from torch_grad import Classifier  # noqa: E402  (a model and its cross-entropy loss)

nn = torch.nn
# Both runs feed the compiled model the same float32 values, so the
# parameters should agree to the last bit; allow for reordering anyway.
TOLERANCE = 1e-6


def export(model, shape, classes, path):
    torch.manual_seed(0)
    x = torch.rand(2, *shape)
    y = torch.randint(0, classes, (2,))
    model.train()
    torch.onnx.export(model, (x, y), path, input_names=["x", "y"], output_names=["loss"],
                      opset_version=14, do_constant_folding=False,
                      training=torch.onnx.TrainingMode.TRAINING,
                      dynamic_axes={"x": {0: "N"}, "y": {0: "N"}})


def write_idx(path, array, compress):
    """An IDX file of unsigned bytes: magic 0x000008NN, then big-endian
    dimensions, then the bytes."""
    data = struct.pack(">I", 0x0800 | array.ndim)
    data += b"".join(struct.pack(">I", d) for d in array.shape) + array.tobytes()
    if compress:
        data = gzip.compress(data)
    with open(path, "wb") as f:
        f.write(data)


def write_cifar(path, images, labels):
    """A CIFAR-10 binary batch: per record the label byte, then the image."""
    records = np.concatenate([labels[:, None], images.reshape(len(labels), -1)], axis=1)
    records.astype(np.uint8).tofile(path)


def as_float(images, shape):
    """The images as DataFiles.h documents: byte / 255 in float32."""
    return (images.astype(np.float32) / np.float32(255)).reshape(shape)


def dlc_train(dlc, work, model, data, out, extra=()):
    args = [dlc, "train", model, "--optimizer", "sgd", "--lr", "0.1", "--momentum", "0.9",
            "--batch", "8", "--epochs", "2", "--shuffle", "1", "--seed", "5", "-o", out,
            "--cache-dir", os.path.join(work, "cache")] + list(extra)
    for name, spec in data:
        args += ["-i", "%s=%s" % (name, spec)]
    proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        print("dlc train %s failed:\n%s" % (data, proc.stderr))
        return False
    return True


def dlc_eval(dlc, work, model, params, data):
    args = [dlc, "eval", model, "--params", params, "--batch", "8",
            "--cache-dir", os.path.join(work, "cache")]
    for name, spec in data:
        args += ["-i", "%s=%s" % (name, spec)]
    proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        print("dlc eval %s failed:\n%s" % (data, proc.stderr))
        return None
    return float(proc.stdout.split()[1])


def same_parameters(label, a, b, initial):
    files = sorted(os.listdir(b))
    if sorted(os.listdir(a)) != files or not files:
        print("%s: different files %s and %s  FAIL" % (label, os.listdir(a), files))
        return False
    worst, moved = 0.0, 0.0
    for f in files:
        got, want = np.load(os.path.join(a, f)), np.load(os.path.join(b, f))
        if got.shape != want.shape:
            print("%s: %s has shape %s, not %s  FAIL" % (label, f, got.shape, want.shape))
            return False
        worst = max(worst, float(np.max(np.abs(got - want))))
        if f[:-4] in initial:
            moved = max(moved, float(np.max(np.abs(want - initial[f[:-4]]))))
    ok = worst <= TOLERANCE and moved > 1e-3
    print("%s: %d tensors, largest difference %.2e, moved %.2e%s" %
          (label, len(files), worst, moved, "" if ok else "  FAIL"))
    return ok


def initializers(path):
    import onnx
    import onnx.numpy_helper
    return {t.name: onnx.numpy_helper.to_array(t) for t in onnx.load(path).graph.initializer}


def idx_cases(dlc, work, rng):
    n, classes = 20, 4
    images = rng.integers(0, 256, (n, 6, 6), dtype=np.uint8)
    labels = rng.integers(0, classes, n).astype(np.uint8)
    for compress in (False, True):
        suffix = ".gz" if compress else ""
        write_idx(os.path.join(work, "images-idx3-ubyte" + suffix), images, compress)
        write_idx(os.path.join(work, "labels-idx1-ubyte" + suffix), labels, compress)
    np.save(os.path.join(work, "idx-y.npy"), labels.astype(np.int64))
    torch.manual_seed(1)
    models = {
        "cnn": (Classifier(nn.Sequential(nn.Conv2d(1, 3, 3, padding=1), nn.ReLU(),
                                         nn.MaxPool2d(2), nn.Flatten(),
                                         nn.Linear(27, classes))), (1, 6, 6)),
        "mlp": (Classifier(nn.Sequential(nn.Linear(36, 8), nn.ReLU(), nn.Linear(8, classes))),
                (36,)),
    }
    ok = True
    for name, (model, shape) in models.items():
        path = os.path.join(work, "idx-%s.onnx" % name)
        export(model, shape, classes, path)
        x = os.path.join(work, "idx-%s-x.npy" % name)
        np.save(x, as_float(images, (n,) + shape))
        y = os.path.join(work, "idx-y.npy")
        ref = os.path.join(work, "out-%s-npy" % name)
        ok &= dlc_train(dlc, work, path, [("x", x), ("y", y)], ref)
        want = dlc_eval(dlc, work, path, ref, [("x", x), ("y", y)])
        for suffix in ("", ".gz"):
            label = "IDX%s images into %s %s" % (suffix, name, shape)
            files = [("x", os.path.join(work, "images-idx3-ubyte" + suffix)),
                     ("y", os.path.join(work, "labels-idx1-ubyte" + suffix))]
            out = os.path.join(work, "out-%s-idx%s" % (name, suffix))
            if not dlc_train(dlc, work, path, files, out):
                ok = False
                continue
            ok &= same_parameters(label, out, ref, initializers(path))
            got = dlc_eval(dlc, work, path, ref, files)
            if got is None or want is None or abs(got - want) > 1e-6 * max(1, abs(want)):
                print("%s: dlc eval prints loss %s, on the arrays %s  FAIL" % (label, got, want))
                ok = False
    return ok


def cifar_case(dlc, work, rng):
    n, nval = 12, 5
    images = rng.integers(0, 256, (n + nval, 3, 32, 32), dtype=np.uint8)
    labels = rng.integers(0, 10, n + nval).astype(np.uint8)
    batch = os.path.join(work, "data_batch_1.bin")
    test = os.path.join(work, "test_batch.bin")
    write_cifar(batch, images[:n], labels[:n])
    write_cifar(test, images[n:], labels[n:])
    arrays = {}
    for key, sl in (("train", slice(0, n)), ("val", slice(n, n + nval))):
        arrays[key] = (os.path.join(work, "cifar-%s-x.npy" % key),
                       os.path.join(work, "cifar-%s-y.npy" % key))
        np.save(arrays[key][0], as_float(images[sl], (-1, 3, 32, 32)))
        np.save(arrays[key][1], labels[sl].astype(np.int64))
    torch.manual_seed(2)
    model = Classifier(nn.Sequential(nn.Conv2d(3, 2, 3, stride=2, padding=1), nn.ReLU(),
                                     nn.Flatten(), nn.Linear(512, 10)))
    path = os.path.join(work, "cifar.onnx")
    export(model, (3, 32, 32), 10, path)
    logs = [os.path.join(work, "cifar-%s.csv" % k) for k in ("npy", "bin")]
    ref = os.path.join(work, "out-cifar-npy")
    out = os.path.join(work, "out-cifar-bin")
    ok = dlc_train(dlc, work, path, [("x", arrays["train"][0]), ("y", arrays["train"][1])],
                   ref, ["--val", "x=" + arrays["val"][0], "--val", "y=" + arrays["val"][1],
                         "--log", logs[0]])
    ok &= dlc_train(dlc, work, path, [("x", batch + ":cifar-images"),
                                      ("y", batch + ":cifar-labels")], out,
                    ["--val", "x=%s:cifar-images" % test, "--val", "y=%s:cifar-labels" % test,
                     "--log", logs[1]])
    if not ok:
        return False
    ok = same_parameters("CIFAR-10 batch into a CNN (3, 32, 32)", out, ref, initializers(path))
    val = []
    for log in logs:
        rows = [r.split(",") for r in open(log).read().splitlines()]
        column = rows[0].index("val_loss")
        val.append([float(r[column]) for r in rows[1:]])
    if len(val[0]) != 2 or np.max(np.abs(np.array(val[0]) - np.array(val[1]))) > 1e-6:
        print("CIFAR-10 --val: validation losses %s, on the arrays %s  FAIL" % (val[1], val[0]))
        ok = False
    return ok


class NLLClassifier(nn.Module):
    """Log-probabilities and an NLL loss (ONNX NegativeLogLikelihoodLoss)."""

    def __init__(self, net):
        super().__init__()
        self.net = nn.Sequential(net, nn.LogSoftmax(dim=1))
        self.loss = nn.NLLLoss()

    def forward(self, x, y):
        return self.loss(self.net(x), y)


def load_trained(model, out):
    """Loads the parameters dlc wrote to OUT into the (double) model; every
    file must be one of its tensors and every parameter must have one."""
    state = {k[:-4]: torch.from_numpy(np.load(os.path.join(out, k))).double()
             for k in os.listdir(out)}
    result = model.load_state_dict(state, strict=False)
    params = dict(model.named_parameters())
    assert not result.unexpected_keys and not [k for k in result.missing_keys if k in params], \
        "dlc's files %s do not match the model's tensors" % sorted(state)


def hits(scores, labels):
    """(argmax hits, samples whose top two scores are too close for float32
    to order them the same way in any two implementations)."""
    top = torch.topk(scores, 2, dim=1).values
    close = int(((top[:, 0] - top[:, 1]) < 1e-5).sum())
    return int((scores.argmax(1) == labels).sum()), close


def accuracy_cases(dlc, work, rng):
    """The accuracy dlc train logs per epoch (the batches' scores before
    their update; on the validation data after the epoch) and dlc eval
    prints, against the same loop in torch (float64) and argmax(scores) ==
    label there."""
    n, nval, classes = 20, 9, 4
    images = rng.integers(0, 256, (n + nval, 6, 6), dtype=np.uint8)
    # Labels a linear model can learn, so that the accuracy moves.
    proj = rng.standard_normal((36, classes))
    labels = ((images.reshape(-1, 36) - 127.5) @ proj).argmax(1).astype(np.uint8)
    write_idx(os.path.join(work, "acc-x"), images[:n], True)
    write_idx(os.path.join(work, "acc-y"), labels[:n], False)
    write_idx(os.path.join(work, "acc-vx"), images[n:], False)
    write_idx(os.path.join(work, "acc-vy"), labels[n:], True)
    x = torch.from_numpy(as_float(images, (-1, 1, 6, 6))).double()
    y = torch.from_numpy(labels.astype(np.int64))
    ok = True
    for name, make in (("cnn", lambda: Classifier(nn.Sequential(
            nn.Conv2d(1, 3, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(108, classes)))),
                       ("mlp-nll", lambda: NLLClassifier(nn.Sequential(
                           nn.Flatten(), nn.Linear(36, 16), nn.ReLU(),
                           nn.Linear(16, classes))))):
        torch.manual_seed(3)
        model = make()
        path = os.path.join(work, "acc-%s.onnx" % name)
        export(model, (1, 6, 6), classes, path)
        out, log = os.path.join(work, "out-acc-" + name), os.path.join(work, "acc-%s.csv" % name)
        epochs, batch, lr = 5, 8, 0.5
        args = [dlc, "train", path, "-i", "x=" + os.path.join(work, "acc-x"),
                "-i", "y=" + os.path.join(work, "acc-y"),
                "--val", "x=" + os.path.join(work, "acc-vx"),
                "--val", "y=" + os.path.join(work, "acc-vy"),
                "--optimizer", "sgd", "--lr", str(lr), "--batch", str(batch),
                "--epochs", str(epochs), "--log", log, "-o", out,
                "--cache-dir", os.path.join(work, "cache")]
        proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            print("accuracy %s: dlc train failed:\n%s" % (name, proc.stderr))
            ok = False
            continue
        rows = [r.split(",") for r in open(log).read().splitlines()]
        header = rows[0]
        got = [(float(r[header.index("accuracy")]), float(r[header.index("val_accuracy")]))
               for r in rows[1:]]
        # torch's loop over the same batches, in order.
        model = model.double()
        model.load_state_dict({k: torch.from_numpy(v.copy()).double()
                               for k, v in initializers(path).items()}, strict=False)
        opt = torch.optim.SGD(model.parameters(), lr=lr)
        want, slack = [], []
        for _ in range(epochs):
            model.train()
            right = close = 0
            for s in range(0, n, batch):
                xs, ys = x[s:min(s + batch, n)], y[s:min(s + batch, n)]
                opt.zero_grad()
                scores = model.net(xs)
                h, c = hits(scores.detach(), ys)
                right, close = right + h, close + c
                model.loss(scores, ys).backward()
                opt.step()
            model.eval()
            with torch.no_grad():
                vh, vc = hits(model.net(x[n:]), y[n:])
            want.append((right / n, vh / nval))
            slack.append((close / n, vc / nval))
        bad = [e for e, (g, w, sl) in enumerate(zip(got, want, slack))
               if abs(g[0] - w[0]) > sl[0] + 1e-9 or abs(g[1] - w[1]) > sl[1] + 1e-9]
        moved = len(set(w[0] for w in want)) > 1 or len(set(w[1] for w in want)) > 1
        if len(got) != epochs or bad or not moved:
            print("accuracy %s: dlc logs %s, torch %s (epochs %s differ)  FAIL" %
                  (name, got, want, bad))
            ok = False
            continue
        # dlc eval on the validation files: argmax of torch's scores with
        # dlc's trained parameters.
        proc = subprocess.run([dlc, "eval", path, "--params", out,
                               "-i", "x=" + os.path.join(work, "acc-vx"),
                               "-i", "y=" + os.path.join(work, "acc-vy"),
                               "--cache-dir", os.path.join(work, "cache")],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        printed = dict(line.split() for line in proc.stdout.splitlines())
        load_trained(model, out)
        with torch.no_grad():
            vh, vc = hits(model.net(x[n:]), y[n:])
        if (proc.returncode != 0 or "accuracy" not in printed or
                abs(float(printed["accuracy"]) - vh / nval) > vc / nval + 1e-9):
            print("accuracy %s: dlc eval printed %r (%s), torch argmax %.4f  FAIL" %
                  (name, printed, proc.stderr.strip(), vh / nval))
            ok = False
            continue
        print("accuracy %s: per epoch %s, eval %s, as torch" % (name, got, printed["accuracy"]))
    return ok


class Tagger(nn.Module):
    """An LSTM over the rows of an image, a class per row: scores
    [N, classes, steps] and a cross-entropy over every step."""

    def __init__(self, classes):
        super().__init__()
        self.rnn = nn.LSTM(6, 8, batch_first=True)
        self.head = nn.Linear(8, classes)
        self.loss = nn.CrossEntropyLoss()

    def scores(self, x):
        return self.head(self.rnn(x)[0]).transpose(1, 2)

    def forward(self, x, y):
        return self.loss(self.scores(x), y)


def sequence_accuracy_case(dlc, work, rng):
    """Class scores [N, C, steps]: dlc eval's accuracy counts every step,
    as argmax over the classes in torch with dlc's trained parameters.
    The rows of IDX images are the steps; the per-step labels a .npy
    array."""
    n, nval, classes = 16, 8, 3
    images = rng.integers(0, 256, (n + nval, 6, 6), dtype=np.uint8)
    proj = rng.standard_normal((6, classes))
    labels = ((images - 127.5) @ proj).argmax(2).astype(np.int64)
    for key, sl in (("train", slice(0, n)), ("val", slice(n, n + nval))):
        write_idx(os.path.join(work, "seq-%s-x" % key), images[sl], False)
        np.save(os.path.join(work, "seq-%s-y.npy" % key), labels[sl])
    torch.manual_seed(5)
    model = Tagger(classes)
    path = os.path.join(work, "seq.onnx")
    x = torch.rand(2, 6, 6)
    model.train()
    torch.onnx.export(model, (x, torch.randint(0, classes, (2, 6))), path,
                      input_names=["x", "y"], output_names=["loss"], opset_version=14,
                      do_constant_folding=False, training=torch.onnx.TrainingMode.TRAINING,
                      dynamic_axes={"x": {0: "N"}, "y": {0: "N"}})
    out = os.path.join(work, "out-seq")
    common = ["--cache-dir", os.path.join(work, "cache")]
    proc = subprocess.run([dlc, "train", path, "-i", "x=" + os.path.join(work, "seq-train-x"),
                           "-i", "y=" + os.path.join(work, "seq-train-y.npy"), "--optimizer",
                           "adam", "--lr", "0.05", "--batch", "4", "--epochs", "3", "-o", out]
                          + common, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0 or ", accuracy " not in proc.stdout:
        print("sequence accuracy: dlc train failed:\n%s%s" % (proc.stdout, proc.stderr))
        return False
    proc = subprocess.run([dlc, "eval", path, "--params", out,
                           "-i", "x=" + os.path.join(work, "seq-val-x"),
                           "-i", "y=" + os.path.join(work, "seq-val-y.npy")] + common,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    printed = dict(line.split() for line in proc.stdout.splitlines())
    model = model.double()
    load_trained(model, out)
    vx = torch.from_numpy(as_float(images[n:], (-1, 6, 6))).double()
    with torch.no_grad():
        right, close = hits(model.scores(vx), torch.from_numpy(labels[n:]))
    want = right / labels[n:].size
    ok = (proc.returncode == 0 and "accuracy" in printed and
          abs(float(printed["accuracy"]) - want) <= close / labels[n:].size + 1e-9)
    print("sequence accuracy: dlc eval %s, torch %.4f over %d steps%s" %
          (printed.get("accuracy"), want, labels[n:].size, "" if ok else "  FAIL"))
    return ok


FASHION = "/usr/share/datasets/fashion-mnist"  # Debian's dataset-fashion-mnist


def read_idx_gz(path):
    """An IDX file of unsigned bytes, read here with gzip and NumPy."""
    data = gzip.open(path, "rb").read()
    rank = data[3]
    shape = struct.unpack(">%dI" % rank, data[4:4 + 4 * rank])
    return np.frombuffer(data[4 + 4 * rank:], np.uint8).reshape(shape)


def fashion_mnist_case(dlc, work):
    """The real Fashion-MNIST files as Debian ships them: a linear
    classifier trained by dlc for one epoch on the 60000 training images
    classifies the 10000 test images well above chance, and dlc eval's loss
    and accuracy on the test files are torch's with dlc's parameters."""
    files = {k: os.path.join(FASHION, "%s-%s-idx%d-ubyte.gz" % (k.split("-")[0], kind, dims))
             for k, kind, dims in (("train-x", "images", 3), ("train-y", "labels", 1),
                                   ("t10k-x", "images", 3), ("t10k-y", "labels", 1))}
    if not all(os.path.exists(f) for f in files.values()):
        print("Fashion-MNIST: %s missing (scripts/install-deps.sh installs "
              "dataset-fashion-mnist)  SKIP" % FASHION)
        return True
    torch.manual_seed(4)
    model = Classifier(nn.Sequential(nn.Flatten(), nn.Linear(784, 10)))
    path = os.path.join(work, "fashion.onnx")
    export(model, (1, 28, 28), 10, path)
    out = os.path.join(work, "out-fashion")
    proc = subprocess.run([dlc, "train", path, "-i", "x=" + files["train-x"],
                           "-i", "y=" + files["train-y"], "--optimizer", "sgd", "--lr", "0.1",
                           "--batch", "100", "--shuffle", "1", "-o", out,
                           "--cache-dir", os.path.join(work, "cache")],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        print("Fashion-MNIST: dlc train failed:\n%s" % proc.stderr)
        return False
    proc = subprocess.run([dlc, "eval", path, "--params", out, "-i", "x=" + files["t10k-x"],
                           "-i", "y=" + files["t10k-y"], "--batch", "500",
                           "--cache-dir", os.path.join(work, "cache")],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        print("Fashion-MNIST: dlc eval failed:\n%s" % proc.stderr)
        return False
    printed = dict(line.split() for line in proc.stdout.splitlines())
    x = torch.from_numpy(as_float(read_idx_gz(files["t10k-x"]), (-1, 1, 28, 28))).double()
    y = torch.from_numpy(read_idx_gz(files["t10k-y"]).astype(np.int64))
    model = model.double()
    load_trained(model, out)
    with torch.no_grad():
        scores = model.net(x)
        loss = float(model.loss(scores, y))
    right, close = hits(scores, y)
    accuracy = right / len(y)
    # dlc run takes the same files (all 10000 images in one batch).
    run = os.path.join(work, "run-fashion")
    proc = subprocess.run([dlc, "run", path, "--params", out, "-i", "x=" + files["t10k-x"],
                           "-i", "y=" + files["t10k-y"], "-o", run,
                           "--cache-dir", os.path.join(work, "cache")],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        print("Fashion-MNIST: dlc run failed:\n%s" % proc.stderr)
        return False
    run_loss = float(np.load(os.path.join(run, "loss.npy")))
    ok = (abs(float(printed["loss"]) - loss) <= 1e-4 * loss and
          abs(run_loss - loss) <= 1e-4 * loss and
          abs(float(printed["accuracy"]) - accuracy) <= close / len(y) + 1e-9 and
          accuracy > 0.7)
    print("Fashion-MNIST: test loss %s (dlc run %.6f, torch %.6f), accuracy %s (torch %.4f)%s"
          % (printed["loss"], run_loss, loss, printed["accuracy"], accuracy,
             "" if ok else "  FAIL"))
    return ok


def main():
    dlc, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    rng = np.random.default_rng(0)
    ok = idx_cases(dlc, work, rng)
    ok &= cifar_case(dlc, work, rng)
    ok &= accuracy_cases(dlc, work, rng)
    ok &= sequence_accuracy_case(dlc, work, rng)
    ok &= fashion_mnist_case(dlc, work)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
