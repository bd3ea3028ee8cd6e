#!/usr/bin/env python3
"""Writes the ONNX models the lit tests of the importer use into OUT_DIR.

Each model is built with onnx.helper (python3-onnx) when the test runs, so
no binary is committed. Usage: make_models.py OUT_DIR
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(0)


def tensor(name, shape):
    return numpy_helper.from_array(rng.standard_normal(shape).astype(np.float32), name)


def save(name, nodes, inputs, outputs, initializers=(), opset=13, value_info=(),
         extra_opsets=()):
    graph = helper.make_graph(nodes, name, inputs, outputs, list(initializers),
                              value_info=list(value_info))
    opsets = [helper.make_opsetid("", opset)] + list(extra_opsets)
    model = helper.make_model(graph, opset_imports=opsets)
    path = os.path.join(OUT, name + ".onnx")
    onnx.save(model, path)
    return path


def vi(name, shape, dtype=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, dtype, shape)


# A small CNN: Conv -> BatchNormalization -> Relu -> GlobalAveragePool ->
# Flatten -> Gemm, with named initializers (dotted and '::' names).
cnn = save("cnn", [
    helper.make_node("Conv", ["image", "conv1.weight", "conv1.bias"], ["c"],
                     name="conv1", pads=[1, 1, 1, 1]),
    helper.make_node("BatchNormalization", ["c", "bn1.weight", "bn1.bias",
                                            "bn1.running_mean", "bn1.running_var"],
                     ["b"], name="bn1", epsilon=1e-5),
    helper.make_node("Relu", ["b"], ["r"], name="relu1"),
    helper.make_node("GlobalAveragePool", ["r"], ["p"], name="pool"),
    helper.make_node("Flatten", ["p"], ["f"], name="flatten"),
    helper.make_node("Gemm", ["f", "onnx::Gemm_7", "fc.bias"], ["logits"], name="fc",
                     transB=1),
], [vi("image", ["N", 3, 8, 8])], [vi("logits", ["N", 4])], [
    tensor("conv1.weight", (6, 3, 3, 3)), tensor("conv1.bias", (6,)),
    tensor("bn1.weight", (6,)), tensor("bn1.bias", (6,)),
    tensor("bn1.running_mean", (6,)),
    numpy_helper.from_array(rng.uniform(0.5, 2, 6).astype(np.float32), "bn1.running_var"),
    tensor("onnx::Gemm_7", (4, 6)), tensor("fc.bias", (4,)),
])
np.save(os.path.join(OUT, "image2.npy"), rng.standard_normal((2, 3, 8, 8)).astype(np.float32))
np.save(os.path.join(OUT, "image_bad_rank.npy"), rng.standard_normal((3, 8, 8)).astype(np.float32))
np.save(os.path.join(OUT, "image_bad_channels.npy"),
        rng.standard_normal((2, 4, 8, 8)).astype(np.float32))
with open(os.path.join(OUT, "image2.pb"), "wb") as f:
    f.write(numpy_helper.from_array(np.load(os.path.join(OUT, "image2.npy")), "image")
            .SerializeToString())

# The exporter's shape chain: Shape -> Gather -> Unsqueeze -> Concat -> Reshape.
save("shape_chain", [
    helper.make_node("Shape", ["x"], ["s"]),
    helper.make_node("Constant", [], ["zero"],
                     value=numpy_helper.from_array(np.array(0, np.int64))),
    helper.make_node("Gather", ["s", "zero"], ["n"], axis=0),
    helper.make_node("Unsqueeze", ["n", "axes0"], ["n1"]),
    helper.make_node("Constant", [], ["minus1"],
                     value=numpy_helper.from_array(np.array([-1], np.int64))),
    helper.make_node("Concat", ["n1", "minus1"], ["target"], axis=0),
    helper.make_node("Reshape", ["x", "target"], ["y"], name="flatten_view"),
], [vi("x", [2, 3, 4])], [vi("y", [2, 12])],
    [numpy_helper.from_array(np.array([0], np.int64), "axes0")])

# A Reshape whose shape is an int64 graph input: folded from the given file.
save("reshape_input", [helper.make_node("Reshape", ["x", "shape"], ["y"])],
     [vi("x", [2, 6]), vi("shape", [2], TensorProto.INT64)], [vi("y", None)])
np.save(os.path.join(OUT, "x26.npy"), np.arange(12, dtype=np.float32).reshape(2, 6))
np.save(os.path.join(OUT, "shape34.npy"), np.array([3, 4], np.int64))

# Several unsupported operators: all are listed in one error.
save("unsupported", [
    helper.make_node("TopK", ["x", "k"], ["v", "i"], name="topk_a"),
    helper.make_node("NonZero", ["x"], ["nz"], name="nonzero"),
    helper.make_node("TopK", ["x", "k"], ["v2", "i2"], name="topk_b"),
    helper.make_node("Relu", ["x"], ["y"], name="fine"),
], [vi("x", [4]), vi("k", [1], TensorProto.INT64)], [vi("y", [4])], opset=11)

# A node reads an initializer the file does not hold.
save("missing_initializer", [
    helper.make_node("Conv", ["x", "conv.weight"], ["y"], name="conv"),
], [vi("x", [1, 3, 8, 8])], [vi("y", [1, 2, 6, 6])])

# Shapes that contradict each other: an Add of 3 and 4 elements; weights
# for 4 input channels on a 3-channel image; an output declared with another
# shape than it computes (a warning: the computation wins, as in ONNX Runtime).
save("bad_broadcast", [helper.make_node("Add", ["a", "b"], ["y"], name="add1")],
     [vi("a", [2, 3]), vi("b", [2, 4])], [vi("y", [2, 3])])
save("bad_channels", [helper.make_node("Conv", ["x", "w"], ["y"], name="conv")],
     [vi("x", [1, 3, 8, 8])], [vi("y", None)], [tensor("w", (2, 4, 3, 3))])
save("bad_declared", [helper.make_node("Relu", ["a"], ["y"], name="relu")],
     [vi("a", [2, 3])], [vi("y", [3, 2])])

# An attribute of another type than the operator's schema declares
# (HardSigmoid's alpha is a FLOAT; an INT would read as 0).
save("bad_attr_type", [helper.make_node("HardSigmoid", ["a"], ["y"], name="hs", alpha=1)],
     [vi("a", [2, 3])], [vi("y", [2, 3])], opset=14)

# The activations of MobileNet v3 and the transformers: HardSigmoid with
# PyTorch's slope, HardSwish, Erf (GELU's export), Softplus (Mish's).
save("activations", [
    helper.make_node("HardSigmoid", ["a"], ["hs"], name="hs", alpha=1.0 / 6),
    helper.make_node("HardSwish", ["hs"], ["hw"], name="hw"),
    helper.make_node("Erf", ["hw"], ["erf"], name="erf"),
    helper.make_node("Softplus", ["erf"], ["y"], name="softplus"),
], [vi("a", [2, 3])], [vi("y", [2, 3])], opset=14)

# Opsets outside 7..20, and opset-18 operators whose definition changed
# after 17 (Relu did not, it imports).
save("opset21", [helper.make_node("Relu", ["a"], ["y"])], [vi("a", [2])],
     [vi("y", [2])], opset=21)
save("opset18_relu", [helper.make_node("Relu", ["a"], ["y"])], [vi("a", [2])],
     [vi("y", [2])], opset=18)
save("opset18_changed", [
    helper.make_node("Split", ["a"], ["b", "c"], num_outputs=2),
    helper.make_node("ReduceMean", ["b"], ["y"], keepdims=0),
    helper.make_node("ReduceMean", ["c"], ["z"], keepdims=0),
], [vi("a", [4])], [vi("y", []), vi("z", [])], opset=18)

# Gelu (opset 20) with an approximation dlc does not know.
save("gelu_fast", [helper.make_node("Gelu", ["a"], ["y"], name="gelu", approximate="fast")],
     [vi("a", [2])], [vi("y", [2])], opset=20)

# A bool output dlc cannot produce (the comparison itself folds).
save("bool_output", [helper.make_node("Shape", ["a"], ["s"]),
                     helper.make_node("Equal", ["s", "s"], ["y"])],
     [vi("a", [2])], [vi("y", [1], TensorProto.BOOL)])

# Mod and ScatterND fold only (known inputs); each error path.
def const(name, array):
    return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(array, name))


save("mod_runtime", [helper.make_node("Mod", ["a", "a"], ["y"], name="mod", fmod=1)],
     [vi("a", [2])], [vi("y", [2])])
save("mod_float_fmod0", [const("p", np.array([1.5, -2.5], np.float32)),
                         const("q", np.array([1.0, 1.0], np.float32)),
                         helper.make_node("Mod", ["p", "q"], ["m"], name="mod"),
                         helper.make_node("Add", ["a", "m"], ["y"])],
     [vi("a", [2])], [vi("y", [2])])
save("mod_zero", [const("p", np.array([3, 4], np.int64)),
                  const("q", np.array([2, 0], np.int64)),
                  helper.make_node("Mod", ["p", "q"], ["m"], name="mod"),
                  helper.make_node("Cast", ["m"], ["f"], to=TensorProto.FLOAT),
                  helper.make_node("Add", ["a", "f"], ["y"])],
     [vi("a", [2])], [vi("y", [2])])
save("scatternd_runtime", [const("i", np.array([[1]], np.int64)),
                           const("u", np.array([5.0], np.float32)),
                           helper.make_node("ScatterND", ["a", "i", "u"], ["y"], name="scatter")],
     [vi("a", [2])], [vi("y", [2])])
save("scatternd_range", [const("d", np.zeros(2, np.float32)),
                         const("i", np.array([[2]], np.int64)),
                         const("u", np.array([5.0], np.float32)),
                         helper.make_node("ScatterND", ["d", "i", "u"], ["s"], name="scatter"),
                         helper.make_node("Add", ["a", "s"], ["y"])],
     [vi("a", [2])], [vi("y", [2])])
# Both folded: y = a + (p mod q, Python's sign) + scatter of 5 and 7 into
# zeros at 1 and 3.
save("mod_scatter", [const("p", np.array([-7, 7, -7, 7], np.int64)),
                     const("q", np.array([3, 3, -3, -3], np.int64)),
                     helper.make_node("Mod", ["p", "q"], ["m"]),
                     helper.make_node("Cast", ["m"], ["f"], to=TensorProto.FLOAT),
                     const("d", np.zeros(4, np.float32)),
                     const("i", np.array([[1], [-1]], np.int64)),
                     const("u", np.array([5.0, 7.0], np.float32)),
                     helper.make_node("ScatterND", ["d", "i", "u"], ["s"]),
                     helper.make_node("Add", ["f", "s"], ["t"]),
                     helper.make_node("Add", ["a", "t"], ["y"])],
     [vi("a", [4])], [vi("y", [4])])

# A training-mode Dropout with its mask output: refused when it drops
# (ratio 0.5), the identity with an all-true mask when the ratio is 0.
for name, ratio in (("dropout_mask", 0.5), ("dropout_mask_zero", 0.0)):
    save(name, [const("r", np.array(ratio, np.float32)),
                const("t", np.array(True)),
                helper.make_node("Dropout", ["a", "r", "t"], ["y", "mask"], name="drop")],
         [vi("a", [2])], [vi("y", [2])])

# Truncated and corrupt files.
data = open(cnn, "rb").read()
open(os.path.join(OUT, "truncated.onnx"), "wb").write(data[:len(data) // 2])
open(os.path.join(OUT, "corrupt.onnx"), "wb").write(b"\xff\xfe not protobuf " * 7)
open(os.path.join(OUT, "corrupt.pb"), "wb").write(b"\x0a\xff\xff\xff\xff")
