"""Gradient checks of whole small networks: the rules composed as training
uses them. A CNN block as in ResNet-18 and small CNNs with batch norm:
conv -> batch_norm_train -> relu -> max pool -> strided conv with bias ->
ceil-mode average pooling (a window cut by the edge, padding excluded) -> global average pooling ->
fully connected, every weight trainable. The reference is the same network
in PyTorch's float64 functional kernels (batch_norm with training=True, the
running statistics discarded)."""
import numpy as np
import torch
import torch.nn.functional as F

from gradcases import op, ty, uniform
from gradcheck import Case


def t(a):
    return torch.from_numpy(np.asarray(a, np.float64))


def cnn_case():
    n, c, hw = 2, 3, 12
    params = {
        "w1": uniform("cnn_w1", (6, c, 3, 3), -0.5, 0.5),
        "g1": uniform("cnn_g1", (6,), 0.5, 1.5),
        "b1": uniform("cnn_b1", (6,), -0.1, 0.1),
        "w2": uniform("cnn_w2", (8, 6, 3, 3), -0.3, 0.3),
        "c2": uniform("cnn_c2", (8,), -0.1, 0.1),
        "fc": uniform("cnn_fc", (8, 5), -0.5, 0.5),
    }
    data = {"x": uniform("cnn_x", (n, c, hw, hw)),
            "rm": np.zeros(6), "rv": np.ones(6)}

    def ref(p, d):
        h = F.conv2d(t(d["x"]), t(p["w1"]), padding=1)
        h = F.batch_norm(h, torch.zeros(6, dtype=torch.float64),
                         torch.ones(6, dtype=torch.float64), t(p["g1"]), t(p["b1"]),
                         training=True)
        h = F.max_pool2d(F.relu(h), 3, 2, 1)
        h = F.conv2d(h, t(p["w2"]), t(p["c2"]), stride=2, padding=1)
        h = F.avg_pool2d(h, 2, 2, ceil_mode=True, count_include_pad=False)
        h = F.adaptive_avg_pool2d(h, 1).reshape(n, 8)
        return (h @ t(p["fc"])).numpy()

    stats = ty((6,))
    text = "\n".join([
        op("conv2d", ["x", "w1"], [ty((n, c, hw, hw)), ty((6, c, 3, 3))], [ty((n, 6, hw, hw))],
           results="%h1", padding=[1, 1, 1, 1]),
        op("batch_norm_train", ["h1", "g1", "b1", "rm", "rv"], [ty((n, 6, hw, hw))] + [stats] * 4,
           [ty((n, 6, hw, hw))] + [stats] * 4, results="%bn:5"),
        "%a = dlc.relu %bn#0 : " + ty((n, 6, hw, hw)),
        op("max_pool2d", ["a"], [ty((n, 6, hw, hw))], [ty((n, 6, 6, 6))],
           results="%p", kernel_shape=[3, 3], strides=[2, 2], padding=[1, 1, 1, 1]),
        op("conv2d", ["p", "w2", "c2"], [ty((n, 6, 6, 6)), ty((8, 6, 3, 3)), ty((8,))],
           [ty((n, 8, 3, 3))], results="%h2", strides=[2, 2], padding=[1, 1, 1, 1]),
        op("avg_pool2d", ["h2"], [ty((n, 8, 3, 3))], [ty((n, 8, 2, 2))], results="%q",
           kernel_shape=[2, 2], strides=[2, 2], ceil_mode=True, count_include_pad=False),
        op("global_avg_pool", ["q"], [ty((n, 8, 2, 2))], [ty((n, 8, 1, 1))], results="%gp"),
        op("reshape", ["gp"], [ty((n, 8, 1, 1))], [ty((n, 8))], results="%f", shape=[n, 8]),
        op("matmul", ["f", "fc"], [ty((n, 8)), ty((8, 5))], [ty((n, 5))]),
    ])
    return Case("network_cnn_bn_pool", params, text, ref, (n, 5), data=data)


def cases():
    return [cnn_case()]
