"""Gradient checks: rnn, lstm, gru (backpropagation through time) and their cells.

Every variant of each op (RNN tanh and relu; LSTM plain, with peepholes,
with coupled gates (input_forget), both; GRU in both linear_before_reset
modes; with and without bias and initial states) at T = 1 and T = 4 or 5,
with a loss reading each result alone (Y, Y_h, Y_c) and one reading all of
them (flattened and concatenated). Every operand is a parameter: X, W, R,
B, the initial states and P. The references are float64 NumPy loops over
time written from the ops' ODS descriptions (ONNX gate order: LSTM i, o, f,
c; GRU z, r, h; B = Wb then Rb).
"""
import numpy as np

from gradcases import attrs, ty, uniform
from gradcheck import Case

N, I, H = 2, 3, 3  # batch, input size, hidden size
GATES = {"rnn": 1, "lstm": 4, "gru": 3}


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def blk(v, k):
    """Gate block k of a stacked vector (a scalar 0 stays 0)."""
    return v[..., k * H:(k + 1) * H] if np.ndim(v) else v


def halves(p, g):
    """(Wb, Rb) of the bias, zeros without one."""
    if "b" not in p:
        return 0.0, 0.0
    return p["b"][:g * H], p["b"][g * H:]


def rnn_step(p, x, h, activation):
    wb, rb = halves(p, 1)
    a = x @ p["w"].T + h @ p["r"].T + wb + rb
    return np.tanh(a) if activation == "tanh" else np.maximum(a, 0)


def lstm_step(p, x, h, c, input_forget):
    wb, rb = halves(p, 4)
    a = x @ p["w"].T + h @ p["r"].T + wb + rb
    ai, ao, af, ac = (a[:, k * H:(k + 1) * H] for k in range(4))
    pi, po, pf = (p["p"][k * H:(k + 1) * H] for k in range(3)) if "p" in p else (0, 0, 0)
    f = sigmoid(af + pf * c)
    i = 1 - f if input_forget else sigmoid(ai + pi * c)
    c = f * c + i * np.tanh(ac)
    o = sigmoid(ao + po * c)
    return o * np.tanh(c), c


def gru_step(p, x, h, linear_before_reset):
    wb, rb = halves(p, 3)
    w, r = p["w"], p["r"]
    rows = lambda m, k: m[k * H:(k + 1) * H]
    z = sigmoid(x @ rows(w, 0).T + h @ rows(r, 0).T + blk(wb, 0) + blk(rb, 0))
    rg = sigmoid(x @ rows(w, 1).T + h @ rows(r, 1).T + blk(wb, 1) + blk(rb, 1))
    xh = x @ rows(w, 2).T + blk(wb, 2)
    if linear_before_reset:
        cand = np.tanh(xh + rg * (h @ rows(r, 2).T + blk(rb, 2)))
    else:
        cand = np.tanh(xh + (rg * h) @ rows(r, 2).T + blk(rb, 2))
    return (1 - z) * cand + z * h


def sequence_reference(kind, attr):
    """f(p) -> [Y, Y_h(, Y_c)] of a whole sequence."""
    def ref(p):
        x = p["x"]
        h = p.get("h0", np.zeros((N, H)))
        c = p.get("c0", np.zeros((N, H)))
        ys = []
        for t in range(x.shape[0]):
            if kind == "rnn":
                h = rnn_step(p, x[t], h, attr)
            elif kind == "lstm":
                h, c = lstm_step(p, x[t], h, c, attr)
            else:
                h = gru_step(p, x[t], h, attr)
            ys.append(h)
        return [np.stack(ys), h] + ([c] if kind == "lstm" else [])
    return ref


def cell_reference(kind, attr):
    """f(p) -> [h'(, c')] of one step."""
    def ref(p):
        if kind == "rnn":
            return [rnn_step(p, p["x"], p["h"], attr)]
        if kind == "lstm":
            return list(lstm_step(p, p["x"], p["h"], p["c"], attr))
        return [gru_step(p, p["x"], p["h"], attr)]
    return ref


def read_results(refs, results, shapes, which):
    """The op's results bound to names, and %out: the result `which` reads,
    or all of them flattened and concatenated ("all"). Returns (MLIR text
    after the op, results text, reference of %out, %out's shape)."""
    if which != "all":
        k = results.index(which)
        bound = ["%out" if j == k else "%" + r for j, r in enumerate(results)]
        return "", ", ".join(bound), lambda p, d: refs(p)[k], shapes[k]
    sizes = [int(np.prod(s)) for s in shapes]
    lines = []
    for r, s, size in zip(results, shapes, sizes):
        lines.append("%%flat_%s = dlc.reshape %%%s {shape = array<i64: %d>} : (%s) -> %s"
                     % (r, r, size, ty(s), ty((size,))))
    total = sum(sizes)
    lines.append("%%out = dlc.concat %s {axis = 0 : i64} : (%s) -> %s" % (
        ", ".join("%flat_" + r for r in results), ", ".join(ty((s,)) for s in sizes),
        ty((total,))))
    ref = lambda p, d: np.concatenate([v.ravel() for v in refs(p)])
    return "\n".join(lines), ", ".join("%" + r for r in results), ref, (total,)


def attr_of(kind, attr):
    if kind == "rnn":
        return {"activation": attr} if attr != "tanh" else {}
    key = "input_forget" if kind == "lstm" else "linear_before_reset"
    return {key: True} if attr else {}


def sequence_cases(kind, variant, attr, optional):
    """`optional`: the subset of "b", "h0", "c0", "p" present."""
    g = GATES[kind]
    cases = []
    for t in (1, 5 if kind == "rnn" else 4):
        base = "%s_%s_t%d" % (kind, variant, t)
        params = {"x": uniform(base + "x", (t, N, I)),
                  "w": uniform(base + "w", (g * H, I), -0.8, 0.8),
                  "r": uniform(base + "r", (g * H, H), -0.8, 0.8)}
        keywords = {"b": "bias", "h0": "initial_h", "c0": "initial_c", "p": "peephole"}
        shapes = {"b": (2 * g * H,), "h0": (N, H), "c0": (N, H), "p": (3 * H,)}
        operands = "%x, %w, %r"
        for name in ("b", "h0", "c0", "p"):
            if name in optional:
                params[name] = uniform(base + name, shapes[name])
                operands += " %s %%%s" % (keywords[name], name)
        in_types = ", ".join(ty(v.shape) for v in params.values())
        results = ["y", "y_h"] + (["y_c"] if kind == "lstm" else [])
        out_shapes = [(t, N, H), (N, H), (N, H)][:len(results)]
        refs = sequence_reference(kind, attr)
        for which in results + ["all"]:
            after, bound, ref, out_shape = read_results(refs, results, out_shapes, which)
            text = "%s = dlc.%s %s%s : (%s) -> (%s)\n%s" % (
                bound, kind, operands, attrs(**attr_of(kind, attr)), in_types,
                ", ".join(ty(s) for s in out_shapes), after)
            cases.append(Case("%s_%s" % (base, which), params, text, ref, out_shape))
    return cases


def cell_cases(kind, variant, attr, optional):
    g = GATES[kind]
    base = "%s_cell_%s" % (kind, variant)
    params = {"x": uniform(base + "x", (N, I)), "h": uniform(base + "h", (N, H))}
    if kind == "lstm":
        params["c"] = uniform(base + "c", (N, H), -2, 2)
    params["w"] = uniform(base + "w", (g * H, I), -0.8, 0.8)
    params["r"] = uniform(base + "r", (g * H, H), -0.8, 0.8)
    operands = ", ".join("%" + k for k in params)
    if "b" in optional:
        params["b"] = uniform(base + "b", (2 * g * H,))
        operands += " bias %b"
    if "p" in optional:
        params["p"] = uniform(base + "p", (3 * H,))
        operands += " peephole %p"
    in_types = ", ".join(ty(v.shape) for v in params.values())
    results = ["h_next"] + (["c_next"] if kind == "lstm" else [])
    out_shapes = [(N, H)] * len(results)
    refs = cell_reference(kind, attr)
    cases = []
    for which in results + (["all"] if kind == "lstm" else []):
        after, bound, ref, out_shape = read_results(refs, results, out_shapes, which)
        out_types = ", ".join(ty(s) for s in out_shapes)
        text = "%s = dlc.%s_cell %s%s : (%s) -> %s\n%s" % (
            bound, kind, operands, attrs(**attr_of(kind, attr)), in_types,
            out_types if len(results) == 1 else "(" + out_types + ")", after)
        cases.append(Case("%s_%s" % (base, which), params, text, ref, out_shape))
    return cases


def cases():
    out = []
    for variant, attr, optional in [
            ("tanh_plain", "tanh", ""), ("tanh_bias_state", "tanh", ["b", "h0"]),
            ("relu_plain", "relu", ""), ("relu_bias_state", "relu", ["b", "h0"])]:
        out += sequence_cases("rnn", variant, attr, optional)
    for variant, attr, optional in [
            ("plain", False, []), ("bias_states", False, ["b", "h0", "c0"]),
            ("initial_c_only", False, ["c0"]),
            ("peephole", False, ["b", "h0", "c0", "p"]), ("peephole_nobias", False, ["p"]),
            ("input_forget", True, ["b", "h0", "c0"]),
            ("peephole_input_forget", True, ["b", "h0", "c0", "p"])]:
        out += sequence_cases("lstm", variant, attr, optional)
    for variant, attr, optional in [
            ("plain", False, []), ("bias_state", False, ["b", "h0"]),
            ("lbr_plain", True, []), ("lbr_bias_state", True, ["b", "h0"])]:
        out += sequence_cases("gru", variant, attr, optional)
    for kind, variant, attr, optional in [
            ("rnn", "tanh", "tanh", []), ("rnn", "tanh_bias", "tanh", ["b"]),
            ("rnn", "relu_bias", "relu", ["b"]),
            ("lstm", "plain", False, []), ("lstm", "bias", False, ["b"]),
            ("lstm", "peephole", False, ["b", "p"]),
            ("lstm", "input_forget", True, ["b"]),
            ("lstm", "peephole_input_forget", True, ["b", "p"]),
            ("gru", "plain", False, []), ("gru", "bias", False, ["b"]),
            ("gru", "lbr_bias", True, ["b"])]:
        out += cell_cases(kind, variant, attr, optional)
    return out
