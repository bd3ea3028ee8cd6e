"""Gradient checks: box_decode w.r.t. the deltas and the anchors, for corner
and centre anchors, default and SSD variances, with and without a clip that
is active for some of the size deltas (kept away from its kink). nms has
no gradient (its result is indices)."""
import numpy as np

from gradcases import op, ty, uniform
from gradcheck import Case


def decode(anchors, deltas, corners, v, clip):
    """The ODS formula of box_decode, in float64."""
    a = anchors[None]
    if corners:
        w, h = a[..., 2] - a[..., 0], a[..., 3] - a[..., 1]
        cx, cy = a[..., 0] + 0.5 * w, a[..., 1] + 0.5 * h
    else:
        cx, cy, w, h = a[..., 0], a[..., 1], a[..., 2], a[..., 3]
    dw, dh = deltas[..., 2] * v[2], deltas[..., 3] * v[3]
    if clip is not None:
        dw, dh = np.minimum(dw, clip), np.minimum(dh, clip)
    pcx, pcy = deltas[..., 0] * v[0] * w + cx, deltas[..., 1] * v[1] * h + cy
    pw, ph = np.exp(dw) * w, np.exp(dh) * h
    return np.stack([pcx - 0.5 * pw, pcy - 0.5 * ph, pcx + 0.5 * pw, pcy + 0.5 * ph], axis=-1)


def cases():
    out = []
    n, a = 2, 3
    table = [
        ("box_decode_corners", "corners", [1.0, 1.0, 1.0, 1.0], None),
        ("box_decode_corners_ssd_clip", "corners", [0.1, 0.1, 0.2, 0.2], 0.15),
        ("box_decode_center_clip", "center", [0.5, 0.5, 1.0, 1.0], 0.3),
        ("box_decode_center_ssd", "center", [0.1, 0.1, 0.2, 0.2], None),
    ]
    for name, fmt, v, clip in table:
        corners = fmt == "corners"
        lo = uniform(name + "lo", (a, 2), -1, 1)
        size = uniform(name + "size", (a, 2), 0.5, 2.0)
        anchors = np.concatenate([lo, lo + size] if corners else [lo, size], axis=1)
        deltas = uniform(name + "d", (n, a, 4), -1.5, 1.5)
        if clip is not None:
            # Some size deltas above the clip, none within 0.05 of it.
            scaled = deltas[..., 2:] * np.array(v[2:])
            assert np.any(scaled > clip) and np.any(scaled < clip)
            assert np.all(np.abs(scaled - clip) > 0.05), scaled
        kw = {"variances": v}
        if not corners:
            kw["anchor_format"] = fmt
        if clip is not None:
            kw["clip"] = clip
        text = op("box_decode", ["anchors", "deltas"], [ty((a, 4)), ty((n, a, 4))],
                  [ty((n, a, 4))], **kw)
        out.append(Case(name, {"anchors": anchors, "deltas": deltas}, text,
                        lambda p, d, c=corners, v=v, clip=clip:
                        decode(p["anchors"], p["deltas"], c, v, clip),
                        (n, a, 4)))
    return out
