"""Gradient checks: the losses. softmax_cross_entropy and nll_loss (every
reduction, with and without class weights (then also differentiated) and
ignore_index, [N, C] and spatial [N, C, d1, d2] scores; the cross-entropy's
log_prob result reaching the loss alone and together with the loss),
mse_loss, kl_div (every reduction incl. batchmean, both log_target forms),
center_loss (features and centers), contrastive_loss (both sides of the
margin, soft labels differentiated), and the margin softmaxes L-, A- and
AM-Softmax (features and class weights, several margins, the modified
logits reaching the loss). The references are NumPy float64 forwards
written from the ODS formulas; the margin softmaxes' psi is computed from
the angle (acos), not with the Chebyshev form the compiler uses."""
import numpy as np

from gradcases import op, rng_for, ty, uniform
from gradcheck import Case

REDUCTIONS = ("mean", "sum", "none")


def reduce(loss, reduction, divisor=None):
    if reduction == "none":
        return loss
    if reduction == "sum":
        return np.sum(loss)
    return np.sum(loss) / (loss.size if divisor is None else divisor)


def log_softmax(x, axis=1):
    z = x - x.max(axis=axis, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=axis, keepdims=True))


def nll(logp, labels, weight, ignore, reduction):
    """ONNX NegativeLogLikelihoodLoss: mean divides by the summed weights."""
    valid = np.ones(labels.shape, bool) if ignore is None else labels != ignore
    safe = np.where(valid, labels, 0)
    picked = np.take_along_axis(logp, safe[:, None], axis=1)[:, 0]
    w = (weight[safe] if weight is not None else np.ones(labels.shape)) * valid
    loss = -w * picked
    return reduce(loss, reduction, np.sum(w))


def labels_for(name, shape, classes, ignore=None):
    """Labels in [0, C) with every class present; a third of them set to
    `ignore` when given (but never all)."""
    rng = rng_for(name + "labels")
    labels = rng.integers(0, classes, shape).astype(np.int64)
    flat = labels.reshape(-1)
    flat[:classes] = np.arange(classes)[:flat.size]
    rng.shuffle(flat)
    if ignore is not None:
        flat[rng.permutation(flat.size)[:max(1, flat.size // 3)]] = ignore
        flat[0] = 0 if ignore != 0 else 1
    return flat.reshape(shape)


def class_loss_cases():
    cases = []
    shapes = {"2d": (5, 4), "spatial": (2, 3, 3, 2)}
    variants = [("plain", False, None), ("weight", True, None), ("ignore", False, -100),
                ("weight_ignore_class", True, 2)]
    for kind in ("softmax_cross_entropy", "nll_loss"):
        for spatial, shape in shapes.items():
            for variant, weighted, ignore in variants:
                for reduction in REDUCTIONS:
                    name = "%s_%s_%s_%s" % (kind, spatial, variant, reduction)
                    classes = shape[1]
                    label_shape = (shape[0],) + shape[2:]
                    params = {"x": uniform(name, shape, -2, 2)}
                    operands = ["x", "labels"]
                    types = [ty(shape), ty(label_shape, "i64")]
                    if weighted:
                        params["w"] = uniform(name + "w", (classes,), 0.2, 2.0)
                        operands.append("w")
                        types.append(ty((classes,)))
                    data = {"labels": labels_for(name, label_shape, classes, ignore)}
                    out_shape = label_shape if reduction == "none" else ()
                    kw = {"reduction": reduction}
                    if ignore is not None:
                        kw["ignore_index"] = ignore
                    ce = kind == "softmax_cross_entropy"
                    outs = [ty(out_shape)] + ([ty(shape)] if ce else [])
                    text = op(kind, operands, types, outs,
                              results="%out, %lp" if ce else "%out", **kw)

                    def ref(p, d, ce=ce, ignore=ignore, reduction=reduction):
                        logp = log_softmax(p["x"]) if ce else p["x"]
                        return nll(logp, d["labels"], p.get("w"), ignore, reduction)

                    cases.append(Case(name, params, text, ref, out_shape, data=data))
    return cases


def log_prob_cases():
    """softmax_cross_entropy's log_prob reaching the loss: alone, and added
    to the loss (so both results carry adjoints)."""
    cases = []
    for reduction, spatial in [("mean", False), ("sum", True), ("none", False)]:
        shape = (2, 4, 3) if spatial else (5, 4)
        label_shape = (shape[0],) + shape[2:]
        for both in (False, True):
            name = "softmax_cross_entropy_log_prob%s_%s" % ("_and_loss" if both else "",
                                                            reduction)
            x = uniform(name, shape, -2, 2)
            w = uniform(name + "w", (4,), 0.2, 2.0)
            loss_shape = label_shape if reduction == "none" else ()
            text = op("softmax_cross_entropy", ["x", "labels", "w"],
                      [ty(shape), ty(label_shape, "i64"), ty((4,))],
                      [ty(loss_shape), ty(shape)], results="%ce, %lp",
                      reduction=reduction, ignore_index=1)
            if both:
                # The loss broadcast over the classes: [N, 1, d...] or rank 0.
                view, added = (), "ce"
                if reduction == "none":
                    view, added = (shape[0], 1) + shape[2:], "lv"
                    text += "\n" + op("reshape", ["ce"], [ty(loss_shape)], [ty(view)],
                                      results="%lv", shape=list(view))
                text += "\n" + op("add", ["lp", added], [ty(shape), ty(view)], [ty(shape)])
            else:
                text += "\n%out = dlc.reshape %lp {shape = array<i64: " + \
                        ", ".join(map(str, shape)) + ">} : (%s) -> %s" % (ty(shape), ty(shape))

            def ref(p, d, both=both, reduction=reduction, spatial=spatial):
                logp = log_softmax(p["x"])
                if not both:
                    return logp
                loss = nll(logp, d["labels"], p["w"], 1, reduction)
                return logp + (np.expand_dims(loss, 1) if reduction == "none" else loss)

            cases.append(Case(name, {"x": x, "w": w}, text, ref, shape,
                              data={"labels": labels_for(name, label_shape, 4, 1)}))
    return cases


def regression_cases():
    cases = []
    shape = (3, 4)
    for reduction in REDUCTIONS:
        name = "mse_loss_" + reduction
        out_shape = shape if reduction == "none" else ()
        cases.append(Case(
            name, {"x": uniform(name, shape), "t": uniform(name + "t", shape)},
            op("mse_loss", ["x", "t"], [ty(shape)] * 2, [ty(out_shape)], reduction=reduction),
            lambda p, d, r=reduction: reduce((p["x"] - p["t"]) ** 2, r), out_shape))
    for log_target in (False, True):
        for reduction in REDUCTIONS + ("batchmean",):
            name = "kl_div_%s%s" % (reduction, "_log_target" if log_target else "")
            out_shape = shape if reduction == "none" else ()
            x = log_softmax(uniform(name, shape, -2, 2))
            t = uniform(name + "t", shape, -3, -0.1) if log_target else \
                uniform(name + "t", shape, 0.05, 1.0)

            def ref(p, d, r=reduction, lt=log_target):
                x, t = p["x"], p["t"]
                loss = np.exp(t) * (t - x) if lt else t * np.log(t) - t * x
                return reduce(loss, r, x.shape[0] if r == "batchmean" else None)

            cases.append(Case(name, {"x": x, "t": t},
                              op("kl_div", ["x", "t"], [ty(shape)] * 2, [ty(out_shape)],
                                 reduction=reduction, log_target=log_target),
                              ref, out_shape))
    # Zero targets contribute nothing (xlogy(0, 0) = 0); the input's
    # gradient there is -t = 0. The target is data: its derivative at 0 is
    # unbounded, so finite differences cannot check it.
    t = uniform("kl_div_zero_targets", shape, 0.05, 1.0)
    t[0, 1] = t[2, 3] = t[1, 0] = 0.0
    cases.append(Case(
        "kl_div_zero_targets", {"x": log_softmax(uniform("kl_zero_x", shape, -2, 2))},
        op("kl_div", ["x", "t"], [ty(shape)] * 2, [ty(())], reduction="batchmean"),
        lambda p, d: np.sum(np.where(d["t"] > 0, d["t"] * np.log(np.where(d["t"] > 0, d["t"], 1)),
                                     0) - d["t"] * p["x"]) / 3,
        (), data={"t": t}))
    return cases


def metric_cases():
    cases = []
    n, dim, classes = 6, 3, 4
    for reduction in REDUCTIONS:
        name = "center_loss_" + reduction
        out_shape = (n,) if reduction == "none" else ()
        # Class 3 has no sample: its center's gradient is zero.
        labels = np.array([0, 2, 1, 0, 2, 2], np.int64)

        def ref(p, d, r=reduction):
            diff = p["x"] - p["c"][d["labels"]]
            return reduce(0.5 * np.sum(diff * diff, axis=1), r)

        cases.append(Case(name, {"x": uniform(name, (n, dim)), "c": uniform(name + "c", (classes, dim))},
                          op("center_loss", ["x", "labels", "c"],
                             [ty((n, dim)), ty((n,), "i64"), ty((classes, dim))], [ty(out_shape)],
                             reduction=reduction),
                          ref, out_shape, data={"labels": labels}))
    margin = 1.2
    for reduction in REDUCTIONS:
        for soft in (False, True):
            name = "contrastive_loss_%s%s" % (reduction, "_soft_label" if soft else "")
            out_shape = (n,) if reduction == "none" else ()
            x1 = uniform(name + "1", (n, dim))
            x2 = uniform(name + "2", (n, dim))
            # Pairs 0 and 3 close (d < margin), pair 5 far (d > margin: no
            # push); every distance well away from the margin's kink.
            x2[0] = x1[0] + 0.3
            x2[3] = x1[3] - 0.2
            x2[5] = x1[5] + 1.5
            dist = np.linalg.norm(x1 - x2, axis=1)
            assert np.all(np.abs(dist - margin) > 0.05), dist
            label = np.array([0, 1, 0, 0, 1, 0], np.float64)
            if soft:
                label = uniform(name + "y", (n,), 0.1, 0.9)

            def ref(p, d, r=reduction, soft=soft):
                y = p["y"] if soft else d["y"]
                dist = np.sqrt(np.sum((p["x1"] - p["x2"]) ** 2, axis=1))
                gap = np.maximum(0.0, margin - dist)
                return reduce(0.5 * (y * dist ** 2 + (1 - y) * gap ** 2), r)

            params = {"x1": x1, "x2": x2}
            data = {}
            (params if soft else data)["y"] = label
            cases.append(Case(name, params,
                              op("contrastive_loss", ["x1", "x2", "y"],
                                 [ty((n, dim))] * 2 + [ty((n,))], [ty(out_shape)],
                                 margin=margin, reduction=reduction),
                              ref, out_shape, data=data))
    return cases


def psi(c, m):
    """The paper's psi from the angle: t in [k pi/m, (k+1) pi/m]."""
    t = np.arccos(c)
    k = np.minimum(np.floor(t * m / np.pi), m - 1)
    return (-1.0) ** k * np.cos(m * t) - 2 * k


def margin_logits(kind, x, w, labels, m, s):
    nx = np.linalg.norm(x, axis=1, keepdims=True)
    nw = np.linalg.norm(w, axis=0, keepdims=True)
    dot = x @ w
    cos = dot / (np.maximum(nx, 1e-12) * np.maximum(nw, 1e-12))
    target = np.zeros(dot.shape, bool)
    target[np.arange(len(labels)), labels] = True
    if kind == "am_softmax_loss":
        return s * (cos - m * target)
    p = psi(np.clip(cos, -1, 1), m)
    if kind == "l_softmax_loss":
        return np.where(target, nw * nx * p, dot)
    return nx * np.where(target, p, cos)


def margin_data(name, kind, n, dim, classes, labels, m):
    """Features and class weights whose target cosines stay at least 0.03
    away from every cos(j pi / m), where psi changes branch, and from +-1."""
    rng = rng_for(name)
    for _ in range(1000):
        x = rng.uniform(-1, 1, (n, dim))
        w = rng.uniform(-1, 1, (dim, classes))
        # Rounded as the check rounds them, so the cosines are the checked ones.
        x, w = (np.float32(v).astype(np.float64) for v in (x, w))
        cos = (x @ w) / np.outer(np.linalg.norm(x, axis=1), np.linalg.norm(w, axis=0))
        c = cos[np.arange(n), labels]
        edges = np.cos(np.arange(0, m + 1) * np.pi / m) if kind != "am_softmax_loss" else []
        if all(np.min(np.abs(c - e)) > 0.03 for e in edges):
            return x, w
    raise AssertionError("no margin data for " + name)


def margin_cases():
    cases = []
    n, dim, classes = 6, 4, 3
    labels = np.array([0, 1, 2, 2, 0, 1], np.int64)
    table = [("l_softmax_loss", dict(margin=1)), ("l_softmax_loss", dict(margin=2)),
             ("l_softmax_loss", dict(margin=3)), ("l_softmax_loss", dict(margin=4)),
             ("a_softmax_loss", dict(margin=1)), ("a_softmax_loss", dict(margin=2)),
             ("a_softmax_loss", {}),  # margin 4
             ("am_softmax_loss", {}),  # s = 30, m = 0.35
             ("am_softmax_loss", dict(scale=4.0, margin=0.2))]
    for kind, kw in table:
        m = kw.get("margin", 0.35 if kind == "am_softmax_loss" else
                   4 if kind == "a_softmax_loss" else 2)
        s = kw.get("scale", 30.0)
        tag = "_".join("%s%s" % (k, v) for k, v in kw.items()) or "default"
        for reduction in REDUCTIONS:
            for with_logits in ((False, True) if reduction == "mean" else (False,)):
                name = "%s_%s_%s%s" % (kind, tag, reduction, "_logits" if with_logits else "")
                x, w = margin_data(name, kind, n, dim, classes, labels, m)
                loss_shape = (n,) if reduction == "none" else ()
                text = op(kind, ["x", "w", "labels"],
                          [ty((n, dim)), ty((dim, classes)), ty((n,), "i64")],
                          [ty(loss_shape), ty((n, classes))],
                          results="%out, %f" if not with_logits else "%l, %f",
                          reduction=reduction, **kw)
                if with_logits:
                    # The modified logits reach the loss too: f + loss.
                    text += "\n" + op("add", ["f", "l"], [ty((n, classes)), ty(())],
                                      [ty((n, classes))])
                out_shape = (n, classes) if with_logits else loss_shape

                def ref(p, d, kind=kind, m=m, s=s, r=reduction, with_logits=with_logits):
                    f = margin_logits(kind, p["x"], p["w"], d["labels"], m, s)
                    loss = nll(log_softmax(f), d["labels"], None, None, r)
                    return f + loss if with_logits else loss

                cases.append(Case(name, {"x": x, "w": w}, text, ref, out_shape,
                                  data={"labels": labels}))
    return cases


def cases():
    return (class_loss_cases() + log_prob_cases() + regression_cases() + metric_cases() +
            margin_cases())
