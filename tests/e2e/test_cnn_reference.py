#!/usr/bin/python3
"""e2e: `dlc run` on the bundled CNN matches the NumPy reference forward pass
(examples/cnn/cnn_model.py, float64), at several thread counts and -O levels.

usage: test_cnn_reference.py DLC EXAMPLE_DIR
"""
import os
import subprocess
import sys
import tempfile

import numpy as np

dlc, example_dir = sys.argv[1], sys.argv[2]
sys.path.insert(0, example_dir)
import cnn_model  # noqa: E402

failures = 0
with tempfile.TemporaryDirectory() as tmp:
    cnn_model_dir = tmp
    subprocess.run([sys.executable, os.path.join(example_dir, "cnn_model.py"), tmp], check=True)
    ref = cnn_model.forward(cnn_model.example_input(), cnn_model.weights())
    for flags in (["--threads", "1"], ["--threads", "2"], ["-O0"], ["-O2", "--threads", "1"]):
        out = os.path.join(tmp, "out_" + "_".join(f.strip("-") for f in flags))
        proc = subprocess.run([dlc, "run", os.path.join(tmp, "cnn.mlir"), "-i",
                               "image=" + os.path.join(tmp, "input.npy"), "-o", out] + flags,
                              capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"FAIL {flags}: exit {proc.returncode}: {proc.stderr}")
            failures += 1
            continue
        got = np.load(os.path.join(out, "probs.npy"))
        err = np.abs(got - ref).max() / np.abs(ref).max()
        ok = got.shape == ref.shape and err < 1e-4 and "time_ms:" in proc.stdout
        print(f"{'PASS' if ok else 'FAIL'} {flags}: max rel error {err:.2e}")
        failures += not ok
print(f"{4 - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
