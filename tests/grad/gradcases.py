"""Helpers the gradient-check case modules share: seeded data and the MLIR
text of one op applied to named constants."""
import zlib

import numpy as np


def rng_for(name):
    """A generator seeded by the case name: every case has fixed data."""
    return np.random.default_rng(zlib.crc32(name.encode()))


def uniform(name, shape, lo=-1.0, hi=1.0, away=0.0):
    """Uniform values in [lo, hi) with |x| >= `away` (off the kinks at 0)."""
    x = rng_for(name).uniform(lo, hi, shape)
    if away > 0:
        x = np.where(np.abs(x) < away, np.sign(x + 1e-12) * away + x, x)
    return x


def ty(shape, dtype="f32"):
    return "tensor<%s%s>" % ("".join("%dx" % d for d in shape), dtype)


def attrs(**kw):
    """An attribute dictionary: ints as i64, floats as f32, bools, strings,
    lists as dense i64 arrays (dense f32 arrays when they hold a float)."""
    parts = []
    for k, v in kw.items():
        if isinstance(v, bool):
            parts.append("%s = %s" % (k, "true" if v else "false"))
        elif isinstance(v, int):
            parts.append("%s = %d : i64" % (k, v))
        elif isinstance(v, float):
            parts.append("%s = %r : f32" % (k, v))
        elif isinstance(v, str):
            parts.append('%s = "%s"' % (k, v))
        elif any(isinstance(x, float) for x in v):
            parts.append("%s = array<f32: %s>" % (k, ", ".join(repr(float(x)) for x in v)))
        else:
            parts.append("%s = array<i64: %s>" % (k, ", ".join(str(int(x)) for x in v)))
    return (" {" + ", ".join(parts) + "}") if parts else ""


def same_type_op(op, operand, shape, **kw):
    """`%out = dlc.<op> %operand {attrs} : T` (the activations' format)."""
    return "%%out = dlc.%s %%%s%s : %s" % (op, operand, attrs(**kw), ty(shape))


def op(name, operands, in_types, out_types, results="%out", **kw):
    """`results = dlc.<name> operands {attrs} : (in) -> (out)`."""
    outs = out_types if len(out_types) == 1 else ["(" + ", ".join(out_types) + ")"]
    return "%s = dlc.%s %s%s : (%s) -> %s" % (
        results, name, ", ".join("%" + o for o in operands), attrs(**kw),
        ", ".join(in_types), outs[0])
