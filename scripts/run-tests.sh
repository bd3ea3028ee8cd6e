#!/usr/bin/env bash
# Installs, builds, and runs every test: GoogleTest suites (runtime, op
# numerics), the lit/FileCheck suite (dialect, passes, pipelines, driver
# errors) and the end-to-end tests (bundled CNN vs. a NumPy reference, the
# AOT shared library linked into a C program).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j2
