#!/usr/bin/env bash
# Configures and builds dlc in ./build (Release, Ninja, shared MLIR/LLVM).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -G Ninja -S . -B build -DCMAKE_BUILD_TYPE=Release \
  -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir >/dev/null
ninja -C build "$@"
