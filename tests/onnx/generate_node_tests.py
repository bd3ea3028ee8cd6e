#!/usr/bin/env python3
"""Generates the ONNX backend node test cases into a directory.

This is `backend-test-tools generate-data -o DIR` from Debian's python3-onnx
(1.12), run in-process after restoring the NumPy aliases (np.float, np.int,
...) that NumPy 1.24 removed and that some of the suite's case scripts
still use. Nothing is downloaded: the cases are computed by ONNX's own
reference implementations. A stamp file makes a second run a no-op.
"""
import os
import sys

import numpy as np


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: generate_node_tests.py OUT_DIR", file=sys.stderr)
        return 2
    out = sys.argv[1]
    import onnx

    stamp = os.path.join(out, "generated-by-onnx-" + onnx.__version__)
    if os.path.exists(stamp):
        return 0
    for name, value in [("float", float), ("int", int), ("bool", bool),
                        ("object", object), ("complex", complex), ("str", str)]:
        try:
            getattr(np, name)
        except AttributeError:
            setattr(np, name, value)
    from onnx.backend.test.cmd_tools import main as tools_main

    sys.argv = ["backend-test-tools", "generate-data", "-o", out]
    tools_main()
    open(stamp, "w").close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
