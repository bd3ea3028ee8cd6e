//===- DataMovementOps.cpp - dlc datamovement ops: shape inference, verifiers -===//
//
// The constants and data movement: reshape, transpose, concat, split, slice,
// gather and its adjoint scatter_add, pad, expand, cast.
// Diagnostics follow OpUtils.h: lowercase, naming the operand, stating
// the expected and the actual value.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/DataMovementOps.h"
#include "OpUtils.h"

#include "llvm/ADT/APSInt.h"

#include <algorithm>
#include <limits>

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::detail;

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  types.push_back(adaptor.getValue().getType());
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }


//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  auto axis = normalizeAxis(loc, "flatten", static_cast<int64_t>(adaptor.getAxis()),
                            in.size(), /*inclusiveEnd=*/true);
  if (failed(axis))
    return failure();
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < static_cast<int64_t>(in.size()); ++i)
    (i < *axis ? outer : inner) *= in[i];
  types.push_back(f32Tensor(ctx, {outer, inner}));
  return success();
}

LogicalResult ReshapeOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  StringRef op = "reshape";
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  SmallVector<int64_t> out(adaptor.getShape());
  int64_t known = 1, inferred = -1;
  for (auto [i, d] : llvm::enumerate(out)) {
    if (d == 0) {
      if (i >= in.size())
        return fail(loc, op, "shape entry ", i, " is 0 (copy) but the input has rank ",
                    in.size());
      d = in[i];
    }
    if (d == -1) {
      if (inferred >= 0)
        return fail(loc, op, "shape may contain at most one -1");
      inferred = i;
      continue;
    }
    if (d < 0)
      return fail(loc, op, "shape entry ", i, " is ", d,
                  "; expected -1, 0 or a positive size");
    known *= d;
  }
  int64_t total = RankedTensorType::get(in, Float32Type::get(ctx)).getNumElements();
  if (inferred >= 0) {
    if (known == 0 || total % known != 0)
      return fail(loc, op, "cannot infer the -1 entry: ", total,
                  " elements are not a multiple of ", known);
    out[inferred] = total / known;
  } else if (known != total) {
    return fail(loc, op, "input has ", total, " elements (", str(in),
                ") but shape ", str(out), " has ", known);
  }
  types.push_back(f32Tensor(ctx, out));
  return success();
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *ctx,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> perm = adaptor.getPerm();
  if (perm.size() != in.size())
    return fail(loc, "transpose", "perm has ", perm.size(),
                " entries but the input has rank ", in.size());
  SmallVector<bool> seen(in.size(), false);
  SmallVector<int64_t> out;
  for (int64_t p : perm) {
    if (p < 0 || p >= static_cast<int64_t>(in.size()) || seen[p])
      return fail(loc, "transpose", "perm [",
                  llvm::make_range(perm.begin(), perm.end()),
                  "] is not a permutation of 0..", in.size() - 1);
    seen[p] = true;
    out.push_back(in[p]);
  }
  types.push_back(f32Tensor(ctx, out));
  return success();
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  StringRef op = "concat";
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return fail(loc, op, "needs at least one input");
  ArrayRef<int64_t> first = shapeOf(inputs.front());
  auto axis = normalizeAxis(loc, op, static_cast<int64_t>(adaptor.getAxis()),
                            first.size());
  if (failed(axis))
    return failure();
  SmallVector<int64_t> out(first);
  for (auto [i, v] : llvm::enumerate(inputs.drop_front())) {
    ArrayRef<int64_t> s = shapeOf(v);
    bool ok = s.size() == first.size();
    for (size_t d = 0; ok && d < s.size(); ++d)
      ok = d == static_cast<size_t>(*axis) || s[d] == first[d];
    if (!ok)
      return fail(loc, op, "input ", i + 1, " has shape ", str(s),
                  " which differs from input 0 (", str(first),
                  ") outside axis ", *axis);
    out[*axis] += s[*axis];
  }
  types.push_back(f32Tensor(ctx, out));
  return success();
}

LogicalResult SplitOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  StringRef op = "split";
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  auto axis = normalizeAxis(loc, op, static_cast<int64_t>(adaptor.getAxis()),
                            in.size());
  if (failed(axis))
    return failure();
  ArrayRef<int64_t> sizes = adaptor.getSizes();
  if (sizes.empty())
    return fail(loc, op, "sizes must have at least one entry");
  if (failed(checkPositive(loc, op, "sizes", sizes, /*allowZero=*/true)))
    return failure();
  int64_t total = 0;
  for (int64_t s : sizes)
    total += s;
  if (total != in[*axis])
    return fail(loc, op, "sizes [", llvm::make_range(sizes.begin(), sizes.end()),
                "] sum to ", total, " but axis ", *axis, " of the input (",
                str(in), ") has extent ", in[*axis]);
  for (int64_t s : sizes) {
    SmallVector<int64_t> out(in);
    out[*axis] = s;
    types.push_back(f32Tensor(ctx, out));
  }
  return success();
}

FailureOr<SmallVector<SliceAxisBounds>>
mlir::dlc::computeSliceBounds(std::optional<Location> loc, ArrayRef<int64_t> in,
                              ArrayRef<int64_t> starts, ArrayRef<int64_t> ends,
                              std::optional<ArrayRef<int64_t>> axes,
                              std::optional<ArrayRef<int64_t>> steps) {
  StringRef op = "slice";
  int64_t rank = in.size(), count = starts.size();
  if (static_cast<int64_t>(ends.size()) != count)
    return fail(loc, op, "starts has ", count, " entries but ends has ", ends.size());
  if (axes && static_cast<int64_t>(axes->size()) != count)
    return fail(loc, op, "starts has ", count, " entries but axes has ",
                axes->size());
  if (steps && static_cast<int64_t>(steps->size()) != count)
    return fail(loc, op, "starts has ", count, " entries but steps has ",
                steps->size());
  if (!axes && count > rank)
    return fail(loc, op, "starts has ", count,
                " entries but the input has rank ", rank,
                " (without axes, entry i slices axis i)");
  SmallVector<SliceAxisBounds> bounds;
  for (int64_t d : in)
    bounds.push_back({0, 1, d});
  SmallVector<bool> seen(rank, false);
  for (int64_t i = 0; i < count; ++i) {
    int64_t axis = i;
    if (axes) {
      auto normalized = normalizeAxis(loc, op, (*axes)[i], rank);
      if (failed(normalized))
        return failure();
      axis = *normalized;
    }
    if (seen[axis])
      return fail(loc, op, "axes [", llvm::make_range(axes->begin(), axes->end()),
                  "] name axis ", axis, " more than once");
    seen[axis] = true;
    int64_t step = steps ? (*steps)[i] : 1;
    if (step == 0)
      return fail(loc, op, "steps must be non-zero, got [",
                  llvm::make_range(steps->begin(), steps->end()), "]");
    // ONNX: negative indices count from the end, then clamp. Adding the
    // extent to a negative value cannot overflow.
    int64_t d = in[axis], start = starts[i], end = ends[i];
    if (start < 0)
      start += d;
    if (end < 0)
      end += d;
    // ceil(distance / |step|) written so that no step (even INT64_MIN)
    // overflows.
    int64_t size = 0;
    if (d == 0) {
      start = 0;
    } else if (step > 0) {
      start = std::clamp<int64_t>(start, 0, d);
      end = std::clamp<int64_t>(end, 0, d);
      if (end > start)
        size = 1 + (end - start - 1) / step;
    } else {
      start = std::clamp<int64_t>(start, 0, d - 1);
      end = std::clamp<int64_t>(end, -1, d - 1);
      if (end < start)
        size = 1 + (start - end - 1) /
                       (step == std::numeric_limits<int64_t>::min()
                            ? std::numeric_limits<int64_t>::max()
                            : -step);
    }
    bounds[axis] = {start, step, size};
  }
  return bounds;
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  auto bounds = computeSliceBounds(loc, shapeOf(adaptor.getInput()),
                                   adaptor.getStarts(), adaptor.getEnds(),
                                   adaptor.getAxes(), adaptor.getSteps());
  if (failed(bounds))
    return failure();
  SmallVector<int64_t> out;
  for (const SliceAxisBounds &b : *bounds)
    out.push_back(b.size);
  types.push_back(f32Tensor(ctx, out));
  return success();
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  StringRef op = "gather";
  ArrayRef<int64_t> data = shapeOf(adaptor.getData());
  ArrayRef<int64_t> indices = shapeOf(adaptor.getIndices());
  if (data.empty())
    return fail(loc, op, "data must have rank >= 1, got rank 0");
  auto axis = normalizeAxis(loc, op, static_cast<int64_t>(adaptor.getAxis()),
                            data.size());
  if (failed(axis))
    return failure();
  bool noIndices = llvm::is_contained(indices, 0);
  if (data[*axis] == 0 && !noIndices)
    return fail(loc, op, "axis ", *axis, " of data (", str(data),
                ") is empty, so no index is valid");
  SmallVector<int64_t> out(data.begin(), data.begin() + *axis);
  out.append(indices.begin(), indices.end());
  out.append(data.begin() + *axis + 1, data.end());
  types.push_back(f32Tensor(ctx, out));
  return success();
}

LogicalResult ScatterAddOp::inferReturnTypes(MLIRContext *ctx,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &types) {
  StringRef op = "scatter_add";
  ArrayRef<int64_t> updates = shapeOf(adaptor.getUpdates());
  ArrayRef<int64_t> indices = shapeOf(adaptor.getIndices());
  int64_t q = indices.size();
  // The result's rank: updates' with the q index dims replaced by one.
  int64_t rank = static_cast<int64_t>(updates.size()) - q + 1;
  if (rank < 1)
    return fail(loc, op, "updates must have rank >= ", q, " (the rank of indices), got rank ",
                updates.size(), " (", str(updates), ")");
  auto axis = normalizeAxis(loc, op, static_cast<int64_t>(adaptor.getAxis()), rank);
  if (failed(axis))
    return failure();
  if (updates.slice(*axis, q) != indices) {
    std::string dims = q == 1 ? "dim " + std::to_string(*axis)
                              : "dims " + std::to_string(*axis) + " to " +
                                    std::to_string(*axis + q - 1);
    return fail(loc, op, "updates must have the shape of indices (", str(indices), ") at ",
                dims, ", got ", str(updates));
  }
  // I64Attr's accessor is unsigned: read it back as the signed value.
  auto size = static_cast<int64_t>(adaptor.getSize());
  if (size < 0)
    return fail(loc, op, "size must be non-negative, got ", size);
  if (size == 0 && !llvm::is_contained(indices, 0))
    return fail(loc, op, "size is 0 but indices (", str(indices),
                ") are not empty, so no index is valid");
  SmallVector<int64_t> out(updates.begin(), updates.begin() + *axis);
  out.push_back(size);
  out.append(updates.begin() + *axis + q, updates.end());
  types.push_back(f32Tensor(ctx, out));
  return success();
}

LogicalResult PadOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &types) {
  StringRef op = "pad";
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> pads = adaptor.getPads();
  int64_t rank = in.size();
  if (static_cast<int64_t>(pads.size()) != 2 * rank)
    return fail(loc, op, "pads must have 2 * rank = ", 2 * rank,
                " entries (all begins, then all ends), got ", pads.size());
  StringRef mode = adaptor.getMode();
  if (mode != "constant" && mode != "reflect" && mode != "edge")
    return fail(loc, op, "mode must be \"constant\", \"reflect\" or \"edge\", got \"",
                mode, "\"");
  if (mode != "constant" && llvm::any_of(pads, [](int64_t p) { return p < 0; }))
    return fail(loc, op, "\"", mode, "\" mode needs non-negative pads, got [",
                llvm::make_range(pads.begin(), pads.end()), "]");
  SmallVector<int64_t> out;
  for (int64_t i = 0; i < rank; ++i) {
    int64_t begin = pads[i], end = pads[rank + i], d = in[i];
    if (d + std::min<int64_t>(begin, 0) + std::min<int64_t>(end, 0) < 0)
      return fail(loc, op, "negative pads ", begin, " and ", end, " on axis ", i,
                  " remove more than its extent ", d);
    if (mode == "reflect" && (begin >= d || end >= d))
      return fail(loc, op, "reflect pads ", begin, " and ", end, " on axis ", i,
                  " must be smaller than its extent ", d);
    if (mode == "edge" && d == 0 && (begin > 0 || end > 0))
      return fail(loc, op, "edge padding of the empty axis ", i,
                  " has no edge to repeat");
    out.push_back(begin + d + end);
  }
  types.push_back(f32Tensor(ctx, out));
  return success();
}

LogicalResult ChannelShuffleOp::verify() {
  StringRef op = "channel_shuffle";
  std::optional<Location> loc = getLoc();
  ArrayRef<int64_t> in = shapeOf(getInput());
  if (in.size() < 2)
    return fail(loc, op, "input must have rank >= 2 (N, C, ...), got rank ",
                in.size());
  auto groups = static_cast<int64_t>(getGroups());
  if (groups <= 0)
    return fail(loc, op, "groups must be positive, got ", groups);
  if (in[1] % groups != 0)
    return fail(loc, op, "groups (", groups, ") must divide the ", in[1],
                " channels of the input");
  return success();
}

LogicalResult ExpandOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  StringRef op = "expand";
  auto inType = cast<RankedTensorType>(adaptor.getInput().getType());
  ArrayRef<int64_t> in = inType.getShape(), shape = adaptor.getShape();
  if (failed(checkPositive(loc, op, "shape", shape, /*allowZero=*/true)))
    return failure();
  // Right-aligned: input dim d and shape entry e meet at output dim
  // d + (rank - in.size()) = e + (rank - shape.size()).
  int64_t rank = std::max(in.size(), shape.size());
  int64_t inOffset = rank - in.size(), shapeOffset = rank - shape.size();
  SmallVector<int64_t> out(rank);
  for (int64_t i = 0; i < rank; ++i) {
    int64_t a = i < inOffset ? 1 : in[i - inOffset];
    int64_t s = i < shapeOffset ? 1 : shape[i - shapeOffset];
    if (a != s && a != 1 && s != 1)
      return fail(loc, op, "dimension ", i - inOffset, " of the input (", a,
                  ") cannot be broadcast to ", s, " (shape entry ", i - shapeOffset,
                  " of [", llvm::make_range(shape.begin(), shape.end()),
                  "]); expected equal extents or one of them 1");
    out[i] = a == 1 ? s : a;
  }
  types.push_back(RankedTensorType::get(out, inType.getElementType()));
  return success();
}

LogicalResult CastOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput()), out = shapeOf(getOutput());
  if (in != out)
    return fail(getLoc(), "cast", "result shape ", str(out),
                " must equal the input shape ", str(in));
  return success();
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  auto type = cast<RankedTensorType>(getType());
  if (getInput().getType() == type)
    return getInput();
  // Constants convert by the lowering's rules (see the description).
  auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  if (!dense)
    return {};
  Type element = type.getElementType();
  if (auto floats = dyn_cast<DenseFPElementsAttr>(dense))
    return floats.mapValues(element, [](const APFloat &v) {
      APSInt result(64, /*isUnsigned=*/false);
      bool exact = false;
      if (v.convertToInteger(result, APFloat::rmTowardZero, &exact) &
          APFloat::opInvalidOp)
        return APInt::getSignedMinValue(64);
      return APInt(result);
    });
  return cast<DenseIntElementsAttr>(dense).mapValues(element, [](const APInt &v) {
    APFloat result(APFloat::IEEEsingle());
    result.convertFromAPInt(v, /*IsSigned=*/true, APFloat::rmNearestTiesToEven);
    return result.bitcastToAPInt();
  });
}

#define GET_OP_CLASSES
#include "dlc/Dialect/DLC/DataMovementOps.cpp.inc"
