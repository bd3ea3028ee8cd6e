#!/usr/bin/env bash
# Installs, builds, and runs the main job on the bundled example: compiles
# examples/cnn/cnn.mlir (a small CNN in the dlc dialect) for this CPU, runs
# it on examples/cnn/input.npy and prints the class probabilities and time.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh dlc
build/tools/dlc/dlc run examples/cnn/cnn.mlir -i image=examples/cnn/input.npy -o build/example-out
echo "wrote build/example-out/probs.npy"
