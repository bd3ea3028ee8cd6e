#!/usr/bin/env python3
"""Runs the ONNX backend node test cases through `dlc run`.

For each case of the suite (see generate_node_tests.py) whose nodes all use
operators of issue 4's list and whose graph inputs and outputs are float32
or int64 (dlc's element types; int32 inputs are read widened), every test_data_set_N is fed to
`dlc run model.onnx -i NAME=input_K.pb ... -o DIR` and each output_K.pb is
compared with DIR/<name>.npy at the suite's own tolerances (rtol 1e-3,
atol 1e-7, dtype equal), exactly as onnx.backend.test's runner does.

Cases of the operators dlc folds only (FOLD_ONLY) run with their inputs as
initializers only. Prints a pass count per operator, every failure with
dlc's message, and what was out of scope and why. Exits 1 if any in-scope
case fails.
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict

import numpy as np
import onnx
from onnx import numpy_helper

# The operators issue 4 names (default domain, and the training domain's
# three optimizers), and issue 15's activations.
ISSUE_OPS = set("""
Conv ConvTranspose BatchNormalization LRN Relu LeakyRelu PRelu Sigmoid Tanh Clip
Softmax LogSoftmax MaxPool AveragePool GlobalAveragePool GlobalMaxPool Gemm MatMul
Add Sub Mul Div Pow Sqrt Exp Log Neg Sum Max Concat Split Slice Flatten Reshape
Transpose Squeeze Unsqueeze Pad Gather Shape Expand Constant Identity Cast
ReduceMean ReduceSum ReduceMax Dropout LSTM GRU RNN SoftmaxCrossEntropyLoss
NegativeLogLikelihoodLoss Adam Momentum Adagrad
HardSigmoid HardSwish Erf Softplus""".split())

DLC_TYPES = {onnx.TensorProto.FLOAT, onnx.TensorProto.INT64}

# Operators the importer evaluates itself when every input is known at
# import time (shape arithmetic, weight re-ordering). Their cases also run
# "folded": the inputs become initializers, so the importer computes the
# outputs and the model returns constants, checked against the same
# expected outputs.
FOLDABLE = set("""
Reshape Flatten Squeeze Unsqueeze Transpose Concat Split Slice Gather Expand
Add Sub Mul Div Pow Max Sum Neg Sqrt Exp Log Relu Sigmoid Tanh ReduceSum
ReduceMean ReduceMax Shape Cast Identity Constant Erf Softplus HardSwish""".split())


# Operators dlc supports only on values known at import time (the
# shifted-window arithmetic and masks of Swin transformers): their cases run
# folded only.
FOLD_ONLY = set("Mod ScatterND".split())


def adam_multiple_expected(inputs):
    """test_adam_multiple's stored outputs were computed with epsilon = 1e-2,
    but its node leaves epsilon at the operator's default, 1e-6 (a bug in
    ONNX 1.12's case script). The outputs the node defines are recomputed
    here with the suite's own reference function and the node's epsilon."""
    from onnx.backend.test.case.node.adam import apply_adam
    r, t, x1, x2, g1, g2, v1, v2, h1, h2 = inputs
    a = apply_adam(r, t, x1, g1, v1, h1, 0.001, 0.0, 0.95, 0.85, 1e-6)
    b = apply_adam(r, t, x2, g2, v2, h2, 0.001, 0.0, 0.95, 0.85, 1e-6)
    return [a[0], b[0], a[1], b[1], a[2], b[2]]


# Cases whose stored expected outputs contradict their own model.
RECOMPUTED = {"test_adam_multiple": adam_multiple_expected}
RTOL, ATOL = 1e-3, 1e-7


def sanitize(name):
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)


def classify(model):
    """(in_scope, reason, main_op) for a case's model."""
    graph = model.graph
    ops = [n.op_type for n in graph.node]
    outside = sorted(set(ops) - ISSUE_OPS - FOLD_ONLY)
    if outside:
        return False, "operators outside the list: " + ", ".join(outside), None
    initializers = {t.name for t in graph.initializer}
    for vi in list(graph.input) + list(graph.output):
        if vi.name in initializers:
            continue
        if not vi.type.HasField("tensor_type"):
            return False, "non-tensor inputs/outputs", None
        t = vi.type.tensor_type.elem_type
        # int32 inputs (sequence lengths, exponents) are read widened to
        # int64; outputs must be float32 or int64.
        widened = t == onnx.TensorProto.INT32 and vi in graph.input
        if t not in DLC_TYPES and not widened:
            return False, "element type " + onnx.TensorProto.DataType.Name(t), None
    # The operators the case exercises (Constant and Identity only when the
    # case is about them).
    main = sorted(set(o for o in ops if o not in ("Constant", "Identity"))) or sorted(set(ops))
    return True, None, main


def read_pb(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def folded_model(model, data):
    """`model` with its inputs turned into initializers holding `data`'s
    input_K.pb values (written next to the case's outputs)."""
    folded = onnx.ModelProto()
    folded.CopyFrom(model)
    initializers = {t.name for t in folded.graph.initializer}
    inputs = [vi for vi in folded.graph.input if vi.name not in initializers]
    for k, vi in enumerate(inputs):
        path = os.path.join(data, "input_%d.pb" % k)
        t = onnx.TensorProto()
        with open(path, "rb") as f:
            t.ParseFromString(f.read())
        t.name = vi.name
        folded.graph.initializer.append(t)
    return folded


def run_case(dlc, case_dir, model, folded=False):
    """Returns None on success, else a message."""
    initializers = {t.name for t in model.graph.initializer}
    inputs = [vi.name for vi in model.graph.input if vi.name not in initializers]
    outputs = [vi.name for vi in model.graph.output]
    sets = sorted(d for d in os.listdir(case_dir) if d.startswith("test_data_set_"))
    for s in sets:
        data = os.path.join(case_dir, s)
        work = tempfile.mkdtemp()
        if folded:
            path = os.path.join(work, "folded.onnx")
            onnx.save(folded_model(model, data), path)
            args = [dlc, "run", path]
        else:
            args = [dlc, "run", os.path.join(case_dir, "model.onnx")]
            for k, name in enumerate(inputs):
                path = os.path.join(data, "input_%d.pb" % k)
                if os.path.exists(path):
                    args += ["-i", "%s=%s" % (name, path)]
        expected_outputs = [read_pb(os.path.join(data, "output_%d.pb" % k))
                            for k in range(len(outputs))]
        case = os.path.basename(case_dir)
        if case in RECOMPUTED:
            expected_outputs = RECOMPUTED[case](
                [read_pb(os.path.join(data, "input_%d.pb" % k)) for k in range(len(inputs))])
        with tempfile.TemporaryDirectory(dir=work) as out:
            args += ["-o", out]
            proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, timeout=600)
            if proc.returncode != 0:
                return "%s: dlc run failed (exit %d): %s" % (
                    s, proc.returncode, proc.stderr.strip()[:2000])
            for k, name in enumerate(outputs):
                expected = expected_outputs[k]
                got_path = os.path.join(out, sanitize(name) + ".npy")
                if not os.path.exists(got_path):
                    return "%s: output '%s' was not written" % (s, name)
                got = np.load(got_path)
                try:
                    np.testing.assert_equal(got.dtype, expected.dtype)
                    np.testing.assert_equal(got.shape, expected.shape)
                    np.testing.assert_allclose(got, expected, rtol=RTOL, atol=ATOL)
                except AssertionError as e:
                    return "%s: output '%s' differs:%s" % (s, name, str(e)[:1500])
        shutil.rmtree(work, ignore_errors=True)
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dlc", required=True, help="the dlc driver")
    parser.add_argument("--data", required=True,
                        help="the generated suite (the directory holding node/)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--filter", default="", help="regex on case names")
    args = parser.parse_args()

    node_dir = os.path.join(args.data, "node")
    cases = sorted(d for d in os.listdir(node_dir) if re.search(args.filter, d))
    in_scope, skipped = [], defaultdict(list)
    for case in cases:
        model = onnx.load(os.path.join(node_dir, case, "model.onnx"))
        ok, reason, op = classify(model)
        if ok:
            in_scope.append((case, op, model))
        elif any(n.op_type in ISSUE_OPS | FOLD_ONLY for n in model.graph.node):
            skipped[reason].append(case)

    results, folded_results = {}, {}
    fold_only = [(c, ops, m) for c, ops, m in in_scope if set(ops) & FOLD_ONLY]
    in_scope = [(c, ops, m) for c, ops, m in in_scope if not set(ops) & FOLD_ONLY]
    foldable = [(c, m) for c, ops, m in in_scope
                if {n.op_type for n in m.graph.node} <= FOLDABLE]
    foldable += [(c, m) for c, _, m in fold_only]
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(run_case, args.dlc, os.path.join(node_dir, c), m): (c, False)
                   for c, _, m in in_scope}
        futures.update({pool.submit(run_case, args.dlc, os.path.join(node_dir, c), m, True):
                        (c, True) for c, m in foldable})
        for future in concurrent.futures.as_completed(futures):
            case, folded = futures[future]
            (folded_results if folded else results)[case] = future.result()

    per_op = defaultdict(lambda: [0, 0])
    for case, ops, _ in in_scope:
        for op in ops:
            per_op[op][1] += 1
            if results[case] is None:
                per_op[op][0] += 1
    for case, ops, _ in fold_only:
        for op in set(ops) & FOLD_ONLY:
            per_op[op + " (folded)"][1] += 1
            if folded_results[case] is None:
                per_op[op + " (folded)"][0] += 1
    print("ONNX backend node tests through dlc run (rtol %g, atol %g)" % (RTOL, ATOL))
    print("%-28s %7s   (a case counts for every operator it uses)" % ("operator", "passed"))
    for op in sorted(per_op):
        passed, total = per_op[op]
        print("%-28s %3d/%-3d%s" % (op, passed, total, "" if passed == total else "  <-"))
    failures = [(c, results[c]) for c, _, _ in in_scope if results[c] is not None]
    failures += [(c + " (folded)", folded_results[c]) for c, _ in foldable
                 if folded_results[c] is not None]
    total = len(in_scope)
    print("total: %d/%d float32/int64 cases of the listed operators passed"
          % (total - sum(r is not None for r in results.values()), total))
    only = {c for c, _, _ in fold_only}
    print("folded: %d/%d of them also pass with their inputs as initializers "
          "(computed by the importer)" % (
              sum(r is None for c, r in folded_results.items() if c not in only),
              len(folded_results) - len(only)))
    print("fold-only (%s): %d/%d cases pass with their inputs as initializers" % (
        ", ".join(sorted(FOLD_ONLY)), sum(folded_results[c] is None for c in only),
        len(only)))
    for case in sorted(RECOMPUTED):
        if any(c == case for c, _, _ in in_scope):
            print("note: %s is checked against outputs recomputed with ONNX's reference "
                  "(its stored ones contradict its node; see RECOMPUTED)" % case)
    if skipped:
        print("\nout of scope (cases touching the listed operators):")
        for reason in sorted(skipped):
            names = skipped[reason]
            print("  %s: %d (%s%s)" % (reason, len(names), ", ".join(names[:4]),
                                       ", ..." if len(names) > 4 else ""))
    if failures:
        print("\nFAILED:")
        for case, message in failures:
            print("  %s: %s" % (case, message))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
