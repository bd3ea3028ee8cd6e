#!/usr/bin/env bash
# Installs everything dlc needs to build and test, from Debian 12's packages.
# Run as root (or with sudo). Safe to re-run: apt skips what is installed.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
PACKAGES=(
  cmake ninja-build g++ git
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools libomp-22-dev
  libgtest-dev libfmt-dev
  libonnx-dev libprotobuf-dev zlib1g-dev
  python3 python3-numpy python3-onnx python3-torch python3-torchvision
  graphviz librsvg2-bin
  dataset-fashion-mnist
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi
