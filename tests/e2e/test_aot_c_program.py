#!/usr/bin/python3
"""e2e: `dlc compile --emit=so` and `--emit=obj` produce artefacts, a C
header and the model's parameters as a .safetensors file; a plain C program
(no MLIR) links the artefact, loads the parameters with the header's loader
and runs the model; its output matches the NumPy reference.

Also: code for another CPU (--target-cpu=x86-64-v3) runs here; weights
other than the model file's, written here by hand as a
.safetensors file, load without recompiling and match the reference with
those weights; `--embed-params` gives a library that loads its own copy;
truncated, corrupt and mismatched parameter files give the loader's error
code and a message, never a crash.

usage: test_aot_c_program.py DLC EXAMPLE_DIR
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

import numpy as np

dlc, example_dir = sys.argv[1], sys.argv[2]
sys.path.insert(0, example_dir)
import cnn_model  # noqa: E402

# argv: input.bin output.bin (PARAMS.safetensors | -embedded)
C_PROGRAM = r"""
#include "cnn.h"
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  static float in[DLC_MAIN_INPUT0_NUMEL], out[DLC_MAIN_OUTPUT0_NUMEL],
      out2[DLC_MAIN_OUTPUT0_NUMEL];
  char err[512] = "";
  dlc_main_model *model = NULL;
  int rc, i;
  FILE *f;
  if (argc != 4)
    return 2;
#ifdef DLC_MAIN_PARAMS_EMBEDDED
  if (strcmp(argv[3], "-embedded") == 0)
    rc = dlc_main_load_embedded(&model, err, sizeof err);
  else
#endif
    rc = dlc_main_load(argv[3], &model, err, sizeof err);
  if (rc != DLC_LOAD_OK) {
    fprintf(stderr, "load failed (%d): %s\n", rc, err);
    return model == NULL ? 10 + rc : 9;
  }
  f = fopen(argv[1], "rb");
  if (!f || fread(in, sizeof(float), DLC_MAIN_INPUT0_NUMEL, f) != DLC_MAIN_INPUT0_NUMEL)
    return 2;
  fclose(f);
  dlc_main_run(model, in, out);
  /* The raw packed entry point on the same buffers computes the same. */
  {
    void *buffers[2 + DLC_MAIN_NUM_PARAMETERS + DLC_MAIN_NUM_PREPARED];
    int n = 0;
    buffers[n++] = in;
    for (i = 0; i < DLC_MAIN_NUM_PARAMETERS + DLC_MAIN_NUM_PREPARED; ++i)
      buffers[n++] = model->buffers[i];
    buffers[n++] = out2;
    dlc_main_packed(buffers);
  }
  for (i = 0; i < DLC_MAIN_OUTPUT0_NUMEL; ++i)
    if (out[i] != out2[i])
      return 3;
  dlc_main_free(model);
  f = fopen(argv[2], "wb");
  fwrite(out, sizeof(float), DLC_MAIN_OUTPUT0_NUMEL, f);
  fclose(f);
  return 0;
}
"""


def write_safetensors(path, tensors, dtype="F32"):
    """The format by hand: 8-byte length, JSON header, raw data."""
    header, data = {}, b""
    for name, array in tensors.items():
        raw = np.ascontiguousarray(array, "<f4" if dtype == "F32" else "<f2").tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape),
                        "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


results = []


def check(name, ok, detail=""):
    print(f"{'PASS' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}")
    results.append(ok)


with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([sys.executable, os.path.join(example_dir, "cnn_model.py"), tmp], check=True)
    x = cnn_model.example_input()
    weights = cnn_model.weights()
    ref = cnn_model.forward(x, weights)
    x.tofile(os.path.join(tmp, "input.bin"))

    def build(emit, *flags):
        """Compiles into its own directory; returns (dir, program) or None."""
        d = os.path.join(tmp, emit + "".join(flags).replace("-", "_"))
        os.makedirs(d)
        art = os.path.join(d, "cnn." + ("so" if emit == "so" else "o"))
        with open(os.path.join(d, "main.c"), "w") as fh:
            fh.write(C_PROGRAM)
        for step in (
                [dlc, "compile", os.path.join(tmp, "cnn.mlir"), "--emit=" + emit, "-o", art,
                 *flags],
                ["cc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-I", d,
                 os.path.join(d, "main.c"), art, "-L/usr/lib/llvm-22/lib",
                 "-Wl,-rpath,/usr/lib/llvm-22/lib", "-lomp", "-lm", "-Wl,-rpath," + d, "-o",
                 os.path.join(d, "main")]):
            proc = run(step)
            if proc.returncode != 0:
                check(f"build --emit={emit} {' '.join(flags)}", False,
                      f"{' '.join(step)} exited {proc.returncode}: {proc.stderr}")
                return None
        return d, os.path.join(d, "main")

    def run_model(program, params, expected, name):
        out = os.path.join(tmp, "out.bin")
        proc = run([program, os.path.join(tmp, "input.bin"), out, params])
        if proc.returncode != 0:
            check(name, False, f"exited {proc.returncode}: {proc.stderr}")
            return
        got = np.fromfile(out, dtype=np.float32).reshape(expected.shape)
        err = np.abs(got - expected).max() / np.abs(expected).max()
        check(name, err < 1e-4, f"max rel error {err:.2e}")

    builds = {}
    for emit in ("so", "obj"):
        built = builds[emit] = build(emit)
        if not built:
            continue
        d, program = built
        params = os.path.join(d, "cnn.safetensors")
        check(f"--emit={emit} writes the parameters next to the artefact",
              os.path.exists(params))
        run_model(program, params, ref, f"--emit={emit} with its parameter file")

    built = builds["so"]
    if built:
        d, program = built
        # The parameter table of the header: names and kinds from the model.
        header = open(os.path.join(d, "cnn.h")).read()
        check("the header lists every parameter",
              all(f'{{"{n}", ' in header for n in weights) and
              "/* buffer */" in header and "dlc_main_load(" in header)
        # Other weights, trained elsewhere: same library, new results.
        rng = np.random.default_rng(7)
        other = {n: (rng.standard_normal(a.shape) * 0.3).astype(np.float32)
                 for n, a in weights.items()}
        other["bn1_var"] = np.abs(other["bn1_var"]) + 0.5
        other_path = os.path.join(tmp, "other.safetensors")
        # (In another order than the model declares them.)
        write_safetensors(other_path, dict(reversed(list(other.items()))))
        run_model(program, other_path, cnn_model.forward(x, other), "other weights")

        # Bad parameter files: the loader's code (10 + code) and a message.
        good = open(os.path.join(d, "cnn.safetensors"), "rb").read()
        bad = {}
        bad["truncated"] = (good[:len(good) - 8], 2, "outside the file")
        bad["short"] = (good[:5], 2, "too short")
        bad["header"] = (struct.pack("<Q", 10**9) + good[8:], 2, "runs past the end")
        n = struct.unpack("<Q", good[:8])[0]
        bad["json"] = (good[:8] + good[8:8 + n].replace(b'"shape"', b'"shape" ', 1)
                       .replace(b"{", b"[", 1)[:n] + good[8 + n:], 2, "not a JSON object")
        missing = dict(weights)
        del missing["fc_bias"]
        reshaped = dict(weights, fc_bias=np.zeros(11, np.float32))
        extra = dict(weights, extra=np.zeros(2, np.float32))
        for name, tensors, dtype, code, message in (
                ("missing", missing, "F32", 3, "lacks parameter 'fc_bias'"),
                ("shape", reshaped, "F32", 3, "tensor 'fc_bias' has shape 11, but the parameter is 10"),
                ("extra", extra, "F32", 3, "holds tensor 'extra', which the model has no parameter"),
                ("f16", weights, "F16", 3, "is F16, but the parameter is F32")):
            path = os.path.join(tmp, name + ".safetensors")
            write_safetensors(path, tensors, dtype)
            bad[name] = (open(path, "rb").read(), code, message)
        for name, (content, code, message) in bad.items():
            path = os.path.join(tmp, "bad_" + name + ".safetensors")
            with open(path, "wb") as f:
                f.write(content)
            proc = run([program, os.path.join(tmp, "input.bin"), os.path.join(tmp, "x.bin"), path])
            check(f"bad parameter file ({name})",
                  proc.returncode == 10 + code and message in proc.stderr,
                  f"exit {proc.returncode}: {proc.stderr.strip()}")
        # Every prefix of the header and random bytes changed in it: loaded
        # or refused with a code, never a crash.
        fuzz = os.path.join(tmp, "fuzz.safetensors")
        rng = np.random.default_rng(11)
        variants = [good[:k] for k in range(0, 8 + n, 37)]
        for _ in range(150):
            mutated = bytearray(good)
            mutated[rng.integers(8, 8 + n)] = rng.integers(0, 256)
            variants.append(bytes(mutated))
        codes = set()
        for content in variants:
            with open(fuzz, "wb") as f:
                f.write(content)
            proc = run([program, os.path.join(tmp, "input.bin"), os.path.join(tmp, "x.bin"),
                        fuzz])
            codes.add(proc.returncode)
        check(f"{len(variants)} damaged parameter files", codes <= {0, 12, 13},
              f"exit codes {sorted(codes)}")
        proc = run([program, os.path.join(tmp, "input.bin"), os.path.join(tmp, "x.bin"),
                    os.path.join(tmp, "nonexistent.safetensors")])
        check("missing parameter file", proc.returncode == 11 and "cannot open" in proc.stderr,
              proc.stderr.strip())

    # Portable code (any AVX2 machine) runs here too.
    built = build("so", "--target-cpu=x86-64-v3")
    if built:
        d, program = built
        run_model(program, os.path.join(d, "cnn.safetensors"), ref, "--target-cpu=x86-64-v3")

    built = build("so", "--embed-params")
    if built:
        d, program = built
        check("--embed-params writes no parameter file",
              not os.path.exists(os.path.join(d, "cnn.safetensors")))
        run_model(program, "-embedded", ref, "--embed-params, the library's own copy")

    proc = run([dlc, "compile", os.path.join(tmp, "cnn.mlir"), "--emit=llvm", "--embed-params",
                "-o", os.path.join(tmp, "x.ll")])
    check("--embed-params with --emit=llvm is an error",
          proc.returncode == 1 and proc.stderr.startswith("dlc: error: --embed-params"),
          proc.stderr.strip())

print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
sys.exit(0 if all(results) else 1)
