"""The Graph API example (examples/graph_api/small_cnn.cpp) end to end.

Runs the example, which JIT-compiles its CNN, prints its softmax output and
saves the model; then runs the saved model with `dlc run` on the same input
and `dlc stats` on it. Checked: the probabilities form a distribution, the
saved model computes the same numbers as the in-process JIT, and the
parameter count equals the hand count of the layers the example builds:
conv1 16*3*3*3 + 16 = 448, bn1 16 + 16 = 32, conv2 32*16*3*3 + 32 = 4640,
fc 32*10 + 10 = 330; total 5450.
"""
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

example, dlc = sys.argv[1], sys.argv[2]
with tempfile.TemporaryDirectory() as tmp:
    model = os.path.join(tmp, "small_cnn.mlir")
    out = subprocess.run([example, model], check=True, capture_output=True, text=True).stdout
    assert "parameters: 5450" in out, out
    probs = np.array([float(v) for v in re.search(r"probs:(.*)", out).group(1).split()])
    assert probs.shape == (10,), probs
    assert abs(probs.sum() - 1.0) < 1e-3 and (probs > 0).all(), probs

    np.save(os.path.join(tmp, "image.npy"), np.full((1, 3, 32, 32), 0.5, np.float32))
    subprocess.run([dlc, "run", model, "-i", "image=" + os.path.join(tmp, "image.npy"),
                    "-o", tmp], check=True, capture_output=True)
    saved = np.load(os.path.join(tmp, "probs.npy")).reshape(-1)
    # The example prints 4 decimals.
    assert np.allclose(saved, probs, atol=1e-4), (saved, probs)

    stats = subprocess.run([dlc, "stats", model], check=True, capture_output=True,
                           text=True).stdout
    assert "total: params=5450 " in stats, stats
    for layer in ("conv1", "bn1", "conv2", "fc"):
        assert re.search(r"^%s\s" % layer, stats, re.M), stats
print("graph api example: ok")
