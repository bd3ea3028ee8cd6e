//===- DetectionOps.td - dlc detection ops -*- tablegen -*-===//
//
// The detection helpers: box decoding, non-maximum suppression.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_DETECTIONOPS_TD
#define DLC_DIALECT_DLC_DETECTIONOPS_TD

include "dlc/Dialect/DLC/DLCBase.td"

def DLC_F32Quad : ConfinedAttr<DenseF32ArrayAttr, [DenseArrayCount<4>]>;

def DLC_BoxDecodeOp : DLC_InferOp<"box_decode", [DLC_Differentiable]> {
  let summary = "decode box regression deltas against anchors (SSD, Faster R-CNN)";
  let description = [{
    `anchors` is [A, 4], either corners `(x1, y1, x2, y2)` (`anchor_format =
    "corners"`, the default, as torchvision's BoxCoder) or centre and size
    `(cx, cy, w, h)` (`anchor_format = "center"`, as SSD prior boxes are often
    stored). `deltas` is [N, A, 4] holding `(dx, dy, dw, dh)` per anchor; the
    anchors are shared by the N images. The result is [N, A, 4] corners
    `(x1, y1, x2, y2)`:

    ```
    w = x2 - x1, h = y2 - y1, cx = x1 + 0.5 w, cy = y1 + 0.5 h   (corners)
    dx' = dx * v0, dy' = dy * v1
    dw' = min(dw * v2, clip), dh' = min(dh * v3, clip)      (no min without clip)
    pcx = dx' * w + cx,  pcy = dy' * h + cy
    pw  = exp(dw') * w,  ph  = exp(dh') * h
    out = (pcx - 0.5 pw, pcy - 0.5 ph, pcx + 0.5 pw, pcy + 0.5 ph)
    ```

    `variances` (v0..v3, default 1, 1, 1, 1) multiply the deltas: SSD uses
    (0.1, 0.1, 0.2, 0.2). torchvision's BoxCoder `weights` divide instead, so
    BoxCoder(weights=(10, 10, 5, 5)) is `variances = [0.1, 0.1, 0.2, 0.2]`
    (the reciprocals). `clip`, when present, caps dw' and dh' from above
    (torchvision's bbox_xform_clip is log(1000/16) = 4.135166556742356) so
    that exp never overflows; absent, nothing is clipped. The variances must
    be positive and the clip finite.

    Gradient: w.r.t. the deltas (and the anchors) through the formula above;
    the clip passes no gradient where it is active (torch.clamp's rule).
  }];
  let arguments = (ins DLC_Tensor:$anchors, DLC_Tensor:$deltas,
                       DefaultValuedStrAttr<StrAttr, "corners">:$anchor_format,
                       DefaultValuedAttr<DLC_F32Quad, "{1.0f, 1.0f, 1.0f, 1.0f}">:$variances,
                       OptionalAttr<F32Attr>:$clip);
  let results = (outs DLC_Tensor:$boxes);
  let assemblyFormat =
      "$anchors `,` $deltas attr-dict `:` functional-type(operands, results)";
}

def DLC_NMSOp : DLC_InferOp<"nms"> {
  let summary = "greedy non-maximum suppression per image and class";
  let description = [{
    `boxes` is [N, B, 4], two opposite corners per box; like ONNX
    NonMaxSuppression either diagonal is accepted (the coordinates are sorted
    per axis first), so (x1, y1, x2, y2) and ONNX's (y1, x1, y2, x2) give the
    same result. `scores` is [N, B] (one class, as torchvision.ops.nms
    applied per image) or [N, C, B] (C classes, ONNX's layout; each class is
    suppressed on its own). The result is i64, [N, K] or [N, C, K] with
    K = `max_output`: the indices (into B) of the kept boxes in descending
    score order, equal scores in ascending index order, padded with -1 when
    fewer than K boxes survive.

    Greedy rule (torchvision.ops.nms, ONNX NonMaxSuppression): the candidates
    are the boxes with `score > score_threshold` (every box whose score is
    not NaN when `score_threshold` is absent). Repeatedly take the candidate
    with the highest score (lowest index among equal scores), output it,
    and drop it and every candidate whose IoU with it is greater than
    `iou_threshold`:

    ```
    area(a)  = (x2 - x1) * (y2 - y1)              (after sorting each axis)
    inter    = max(0, min(ax2, bx2) - max(ax1, bx1))
             * max(0, min(ay2, by2) - max(ay1, by1))
    IoU(a,b) = inter / (area(a) + area(b) - inter), or 0 when that union is 0
    ```

    so a zero-area box never suppresses nor is suppressed by another
    zero-area box (torchvision computes 0/0 = NaN there, which compares
    false; ONNX returns false). The output is the static form of ONNX's
    `selected_indices`: row (n, c) lists the box indices ONNX reports for
    batch n and class c, in the same order.

    Not differentiable (integer result); gradients flow through whatever
    gathers the kept boxes or scores.
  }];
  let arguments = (ins DLC_Tensor:$boxes, DLC_Tensor:$scores,
                       F32Attr:$iou_threshold,
                       I64Attr:$max_output,
                       OptionalAttr<F32Attr>:$score_threshold);
  let results = (outs DLC_IndexTensor:$indices);
  let assemblyFormat =
      "$boxes `,` $scores attr-dict `:` functional-type(operands, results)";
}

#endif // DLC_DIALECT_DLC_DETECTIONOPS_TD
