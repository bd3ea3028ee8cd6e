#!/usr/bin/python3
"""e2e: `dlc compile --emit=so` and `--emit=obj` produce artefacts and a C
header that a plain C program (no MLIR) links and calls; its output matches
the NumPy reference.

usage: test_aot_c_program.py DLC EXAMPLE_DIR
"""
import os
import subprocess
import sys
import tempfile

import numpy as np

dlc, example_dir = sys.argv[1], sys.argv[2]
sys.path.insert(0, example_dir)
import cnn_model  # noqa: E402

C_PROGRAM = r"""
#include "cnn.h"
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  static float in[DLC_MAIN_INPUT0_NUMEL], out[DLC_MAIN_OUTPUT0_NUMEL];
  FILE *f = fopen(argv[1], "rb");
  if (!f || fread(in, sizeof(float), DLC_MAIN_INPUT0_NUMEL, f) != DLC_MAIN_INPUT0_NUMEL)
    return 2;
  fclose(f);
  dlc_main(in, out);
  /* The packed entry point computes the same. */
  static float out2[DLC_MAIN_OUTPUT0_NUMEL];
  void *buffers[] = {in, out2};
  dlc_main_packed(buffers);
  for (int i = 0; i < DLC_MAIN_OUTPUT0_NUMEL; ++i)
    if (out[i] != out2[i])
      return 3;
  f = fopen(argv[2], "wb");
  fwrite(out, sizeof(float), DLC_MAIN_OUTPUT0_NUMEL, f);
  fclose(f);
  return 0;
}
"""

failures = 0
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([sys.executable, os.path.join(example_dir, "cnn_model.py"), tmp], check=True)
    x = cnn_model.example_input()
    ref = cnn_model.forward(x, cnn_model.weights())
    x.tofile(os.path.join(tmp, "input.bin"))
    with open(os.path.join(tmp, "main.c"), "w") as fh:
        fh.write(C_PROGRAM)
    for emit in ("so", "obj"):
        art = os.path.join(tmp, "cnn." + ("so" if emit == "so" else "o"))
        steps = [
            [dlc, "compile", os.path.join(tmp, "cnn.mlir"), "--emit=" + emit, "-o", art],
            ["cc", "-std=c99", "-Wall", "-Werror", "-I", tmp, os.path.join(tmp, "main.c"), art,
             "-L/usr/lib/llvm-22/lib", "-Wl,-rpath,/usr/lib/llvm-22/lib", "-lomp", "-lm",
             "-Wl,-rpath," + tmp, "-o", os.path.join(tmp, "main_" + emit)],
            [os.path.join(tmp, "main_" + emit), os.path.join(tmp, "input.bin"),
             os.path.join(tmp, "out.bin")],
        ]
        ok = True
        for step in steps:
            proc = subprocess.run(step, capture_output=True, text=True)
            if proc.returncode != 0:
                print(f"FAIL {emit}: {' '.join(step)} exited {proc.returncode}: {proc.stderr}")
                ok = False
                break
        if ok:
            got = np.fromfile(os.path.join(tmp, "out.bin"), dtype=np.float32).reshape(ref.shape)
            err = np.abs(got - ref).max() / np.abs(ref).max()
            ok = err < 1e-4
            print(f"{'PASS' if ok else 'FAIL'} --emit={emit}: max rel error {err:.2e}")
        failures += not ok
    header = open(os.path.join(tmp, "cnn.h")).read()
    ok = "void dlc_main(const float *in_image, float *out_probs);" in header
    print(f"{'PASS' if ok else 'FAIL'} header declares the entry point")
    failures += not ok
print(f"{3 - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
