//===- Recurrent.cpp - dlc RNN, LSTM and GRU layers and cells to linalg -===//
//
// Lowers RNN, LSTM and GRU layers and cells.
//
// A layer becomes
//   1. one contraction X[T*N, I] x W^T[I, G*H] (+ Wb) for every step at once,
//   2. an scf.for over time carrying the states (h, and c for LSTM) and Y as
//      iter_args; each step slices its [N, G*H] rows of (1), runs one
//      contraction h x R^T (+ Rb) and one elementwise linalg.generic for the
//      gates, and inserts h_t into Y with tensor.insert_slice.
// GRU without linear_before_reset needs r_t before the candidate's
// recurrence, so its step has two contractions: h x R_zr^T, then
// (r * h) x R_h^T. A cell is one step with x W^T computed in place.
//
// Contractions are `linalg.generic`s with (m, n, k) maps (lhs (m, k), rhs
// read transposed as (n, k)), which dlc-tile-and-vectorize recognizes inside
// the time loop too. Gate blocks are tensor.extract_slices of the stacked
// [N, G*H] tensors. The helpers here are shared with the backward ops'
// lowering (RecurrentGrad.cpp) through RecurrentLowering.h.
//
//===----------------------------------------------------------------------===//

#include "RecurrentLowering.h"
#include "dlc/Conversion/DLCToLinalg/DLCToLinalg.h"
#include "dlc/Dialect/DLC/RecurrentOps.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::recurrent;

//===----------------------------------------------------------------------===//
// Shared builders (RecurrentLowering.h)
//===----------------------------------------------------------------------===//

SmallVector<Value> recurrent::buildPointwise(OpBuilder &b, Location loc,
                                             RankedTensorType type, ValueRange inputs,
                                             ArrayRef<AffineMap> inputMaps,
                                             unsigned numResults, MultiBodyFn body) {
  SmallVector<Value> inits;
  SmallVector<Type> types(numResults, type);
  for (unsigned i = 0; i < numResults; ++i)
    inits.push_back(createEmpty(b, loc, type));
  SmallVector<AffineMap> maps(inputMaps);
  maps.append(numResults, b.getMultiDimIdentityMap(type.getRank()));
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, types, inputs, inits, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        SmallVector<Value> results = body(nb, nloc, args.take_front(inputs.size()));
        linalg::YieldOp::create(nb, nloc, results);
      });
  return SmallVector<Value>(generic.getResults());
}

// (Offset indexing maps such as (d0, d1 + offset) would be shorter than
// slices, but linalg infers loop ranges from them as if they started at 0.)
Value recurrent::lastDimSlice(OpBuilder &b, Location loc, Value v, int64_t offset,
                              int64_t size) {
  auto type = tensorTypeOf(v);
  if (offset == 0 && size == type.getShape().back())
    return v;
  SmallVector<OpFoldResult> offsets, sizes, strides;
  for (int64_t d = 0, e = type.getRank(); d < e; ++d) {
    bool last = d == e - 1;
    offsets.push_back(b.getIndexAttr(last ? offset : 0));
    sizes.push_back(b.getIndexAttr(last ? size : type.getDimSize(d)));
    strides.push_back(b.getIndexAttr(1));
  }
  return tensor::ExtractSliceOp::create(b, loc, v, offsets, sizes, strides);
}

AffineMap recurrent::rowBroadcastMap(MLIRContext *ctx) {
  return AffineMap::get(2, 0, {getAffineDimExpr(1, ctx)}, ctx);
}

namespace {
/// init + lhs x op(rhs) with op(rhs) = rhs^T (`transposed`) or rhs, reading
/// rhs's rows from `rowOffset` on (sliced first, so the contraction's maps
/// stay plain projections).
Value contract(OpBuilder &b, Location loc, Value lhs, Value rhs, Value init,
               bool transposed, int64_t rowOffset) {
  MLIRContext *ctx = b.getContext();
  auto rhsType = tensorTypeOf(rhs);
  // The rows of rhs taking part: N of the output (transposed) or K of lhs.
  int64_t rows = transposed ? tensorTypeOf(init).getDimSize(1)
                            : tensorTypeOf(lhs).getDimSize(1);
  if (rowOffset != 0 || rows != rhsType.getDimSize(0))
    rhs = tensor::ExtractSliceOp::create(
        b, loc, rhs, {b.getIndexAttr(rowOffset), b.getIndexAttr(0)},
        {b.getIndexAttr(rows), b.getIndexAttr(rhsType.getDimSize(1))},
        {b.getIndexAttr(1), b.getIndexAttr(1)});
  AffineExpr m = getAffineDimExpr(0, ctx), n = getAffineDimExpr(1, ctx),
             k = getAffineDimExpr(2, ctx);
  SmallVector<AffineMap> maps{AffineMap::get(3, 0, {m, k}, ctx),
                              AffineMap::get(3, 0, transposed ? ArrayRef<AffineExpr>{n, k}
                                                              : ArrayRef<AffineExpr>{k, n},
                                             ctx),
                              AffineMap::get(3, 0, {m, n}, ctx)};
  SmallVector<utils::IteratorType> iterators{utils::IteratorType::parallel,
                                             utils::IteratorType::parallel,
                                             utils::IteratorType::reduction};
  auto generic = linalg::GenericOp::create(
      b, loc, tensorTypeOf(init), ValueRange{lhs, rhs}, init, maps, iterators,
      [](OpBuilder &nb, Location nloc, ValueRange args) {
        Value prod = arith::MulFOp::create(nb, nloc, args[0], args[1]);
        linalg::YieldOp::create(nb, nloc,
                                Value(arith::AddFOp::create(nb, nloc, args[2], prod)));
      });
  return generic.getResult(0);
}
} // namespace

Value recurrent::matmulTransposed(OpBuilder &b, Location loc, Value lhs, Value rhs,
                                  Value init, int64_t rowOffset) {
  return contract(b, loc, lhs, rhs, init, /*transposed=*/true, rowOffset);
}

Value recurrent::matmul(OpBuilder &b, Location loc, Value lhs, Value rhs, Value init,
                        int64_t rowOffset) {
  return contract(b, loc, lhs, rhs, init, /*transposed=*/false, rowOffset);
}

Value recurrent::sigmoid(OpBuilder &b, Location loc, Value x) {
  Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
  Value one = createF32(b, loc, 1.0);
  return arith::DivFOp::create(b, loc, one, arith::AddFOp::create(b, loc, one, e));
}

Value recurrent::sliceStep(OpBuilder &b, Location loc, Value stack, Value t,
                           int64_t offset, int64_t size) {
  int64_t n = tensorTypeOf(stack).getDimSize(1);
  OpFoldResult one = b.getIndexAttr(1);
  return tensor::ExtractSliceOp::create(
      b, loc, RankedTensorType::get({n, size}, b.getF32Type()), stack,
      {t, b.getIndexAttr(0), b.getIndexAttr(offset)},
      {one, b.getIndexAttr(n), b.getIndexAttr(size)}, {one, one, one});
}

Value recurrent::insertStep(OpBuilder &b, Location loc, Value value, Value stack, Value t,
                            int64_t offset) {
  auto type = tensorTypeOf(value);
  OpFoldResult one = b.getIndexAttr(1);
  return tensor::InsertSliceOp::create(
      b, loc, value, stack, {t, b.getIndexAttr(0), b.getIndexAttr(offset)},
      {one, b.getIndexAttr(type.getDimSize(0)), b.getIndexAttr(type.getDimSize(1))},
      {one, one, one});
}

SmallVector<Value> recurrent::buildTimeLoop(OpBuilder &b, Location loc, int64_t steps,
                                            bool reverse, ValueRange stacks,
                                            ValueRange states, TimeStepFn step) {
  if (steps == 1) {
    // No loop: a one-trip scf.for would be folded away, leaving the state
    // copies below writing into the initial states (maybe read-only
    // arguments).
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    return step(b, loc, zero, stacks, states);
  }
  SmallVector<Value> iterArgs(stacks);
  llvm::append_range(iterArgs, states);
  Value lower = arith::ConstantIndexOp::create(b, loc, 0);
  Value upper = arith::ConstantIndexOp::create(b, loc, steps);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  size_t numStacks = stacks.size();
  auto loop = scf::ForOp::create(
      b, loc, lower, upper, one, iterArgs,
      [&](OpBuilder &lb, Location l, Value iv, ValueRange args) {
        Value t = iv;
        if (reverse)
          t = arith::SubIOp::create(lb, l, arith::ConstantIndexOp::create(lb, l, steps - 1),
                                    iv);
        SmallVector<Value> next =
            step(lb, l, t, args.take_front(numStacks), args.drop_front(numStacks));
        // One-shot bufferization requires each yielded state to be
        // equivalent to its iter_arg; writing the producing generic into
        // the iter_arg does not survive (fusion's outs cleanup swaps in a
        // tensor.empty), so the new state is copied into it explicitly.
        // Stacks are yielded as they are: tensor.insert_slice into the
        // iter_arg already is in place.
        for (size_t i = numStacks; i < next.size(); ++i)
          next[i] = bufferization::MaterializeInDestinationOp::create(lb, l, next[i], args[i])
                        .getResult();
        scf::YieldOp::create(lb, l, next);
      });
  return SmallVector<Value>(loop.getResults());
}

namespace {

enum class Kind { RNN, LSTM, GRU };

/// What a step computes: the cell kind, its attributes and the weights.
struct Cell {
  Kind kind;
  int64_t hidden;
  bool relu = false;              ///< RNN activation
  bool inputForget = false;       ///< LSTM coupled gates (i = 1 - f)
  bool linearBeforeReset = false; ///< GRU
  Value r, b, p;                  ///< R [G*H, H], optional B [2*G*H], P [3H]

  int64_t gates() const { return kind == Kind::RNN ? 1 : kind == Kind::LSTM ? 4 : 3; }
};

/// [rows, cols] holding bias[offset + j] in every row, or zeros without bias:
/// the accumulator a contraction adds its products to.
Value biasRows(OpBuilder &b, Location loc, Value bias, int64_t offset, int64_t rows,
               int64_t cols) {
  auto type = RankedTensorType::get({rows, cols}, b.getF32Type());
  if (!bias)
    return createFilled(b, loc, type, 0.0);
  return buildElementwise(b, loc, type, {lastDimSlice(b, loc, bias, offset, cols)},
                          {rowBroadcastMap(b.getContext())},
                          [](OpBuilder &, Location, ValueRange x) { return x[0]; });
}

/// One time step. `xw` is [N, G*H] = x_t W^T + Wb; returns h_t (and C_t for
/// LSTM, else a null value).
std::pair<Value, Value> buildStep(OpBuilder &b, Location loc, const Cell &cell,
                                  Value xw, Value h, Value c) {
  MLIRContext *ctx = b.getContext();
  int64_t hs = cell.hidden, g = cell.gates();
  int64_t n = tensorTypeOf(h).getDimSize(0);
  auto stateType = tensorTypeOf(h);
  AffineMap id = b.getMultiDimIdentityMap(2);
  // Gate `gate` of a stacked [N, G*H] (or [N, 2H]) tensor.
  auto blk = [&](Value v, int64_t gate) { return lastDimSlice(b, loc, v, gate * hs, hs); };
  auto add = [&](OpBuilder &nb, Location l, Value x, Value y) -> Value {
    return arith::AddFOp::create(nb, l, x, y);
  };
  auto mul = [&](OpBuilder &nb, Location l, Value x, Value y) -> Value {
    return arith::MulFOp::create(nb, l, x, y);
  };
  /// (1 - z) * a + z * b
  auto blend = [&](OpBuilder &nb, Location l, Value z, Value a, Value bv) -> Value {
    Value oneMinus = arith::SubFOp::create(nb, l, createF32(nb, l, 1.0), z);
    return add(nb, l, mul(nb, l, oneMinus, a), mul(nb, l, z, bv));
  };

  if (cell.kind == Kind::GRU && !cell.linearBeforeReset) {
    // z, r from h x R_zr^T; then the candidate from (r * h) x R_h^T.
    Value hzr = matmulTransposed(b, loc, h, cell.r,
                                 biasRows(b, loc, cell.b, 3 * hs, n, 2 * hs));
    SmallVector<Value> zr = buildPointwise(
        b, loc, stateType, {blk(xw, 0), blk(xw, 1), blk(hzr, 0), blk(hzr, 1), h},
        {id, id, id, id, id}, 2,
        [&](OpBuilder &nb, Location l, ValueRange x) -> SmallVector<Value> {
          Value z = sigmoid(nb, l, add(nb, l, x[0], x[2]));
          Value r = sigmoid(nb, l, add(nb, l, x[1], x[3]));
          return {z, mul(nb, l, r, x[4])};
        });
    Value hh = matmulTransposed(b, loc, zr[1], cell.r,
                                biasRows(b, loc, cell.b, 5 * hs, n, hs), 2 * hs);
    Value next = buildPointwise(
        b, loc, stateType, {blk(xw, 2), hh, zr[0], h}, {id, id, id, id}, 1,
        [&](OpBuilder &nb, Location l, ValueRange x) -> SmallVector<Value> {
          Value cand = math::TanhOp::create(nb, l, add(nb, l, x[0], x[1]));
          return {blend(nb, l, x[2], cand, x[3])};
        })[0];
    return {next, Value()};
  }

  // Every other step: one contraction h x R^T + Rb for all gates.
  Value hr = matmulTransposed(b, loc, h, cell.r,
                              biasRows(b, loc, cell.b, g * hs, n, g * hs));
  if (cell.kind == Kind::RNN) {
    bool relu = cell.relu;
    Value next = buildPointwise(
        b, loc, stateType, {xw, hr}, {id, id}, 1,
        [&](OpBuilder &nb, Location l, ValueRange x) -> SmallVector<Value> {
          Value s = add(nb, l, x[0], x[1]);
          if (relu)
            return {arith::MaximumFOp::create(nb, l, s, createF32(nb, l, 0.0))};
          return {math::TanhOp::create(nb, l, s)};
        })[0];
    return {next, Value()};
  }

  if (cell.kind == Kind::GRU) {
    // linear_before_reset: r multiplies the whole recurrence H R_h^T + Rb_h.
    Value next = buildPointwise(
        b, loc, stateType,
        {blk(xw, 0), blk(xw, 1), blk(xw, 2), blk(hr, 0), blk(hr, 1), blk(hr, 2), h},
        SmallVector<AffineMap>(7, id), 1,
        [&](OpBuilder &nb, Location l, ValueRange x) -> SmallVector<Value> {
          Value z = sigmoid(nb, l, add(nb, l, x[0], x[3]));
          Value r = sigmoid(nb, l, add(nb, l, x[1], x[4]));
          Value cand = math::TanhOp::create(nb, l, add(nb, l, x[2], mul(nb, l, r, x[5])));
          return {blend(nb, l, z, cand, x[6])};
        })[0];
    return {next, Value()};
  }

  // LSTM, gate blocks i, o, f, c; peepholes p_i, p_o, p_f.
  SmallVector<Value> inputs{blk(xw, 0), blk(xw, 1), blk(xw, 2), blk(xw, 3),
                            blk(hr, 0), blk(hr, 1), blk(hr, 2), blk(hr, 3), c};
  SmallVector<AffineMap> maps(9, id);
  bool peephole = static_cast<bool>(cell.p), inputForget = cell.inputForget;
  if (peephole) {
    for (int64_t k = 0; k < 3; ++k) {
      inputs.push_back(lastDimSlice(b, loc, cell.p, k * hs, hs));
      maps.push_back(rowBroadcastMap(ctx));
    }
  }
  SmallVector<Value> hc = buildPointwise(
      b, loc, stateType, inputs, maps, 2,
      [&](OpBuilder &nb, Location l, ValueRange x) -> SmallVector<Value> {
        Value cPrev = x[8];
        Value ai = add(nb, l, x[0], x[4]), ao = add(nb, l, x[1], x[5]),
              af = add(nb, l, x[2], x[6]), ac = add(nb, l, x[3], x[7]);
        if (peephole) {
          ai = add(nb, l, ai, mul(nb, l, x[9], cPrev));
          af = add(nb, l, af, mul(nb, l, x[11], cPrev));
        }
        Value f = sigmoid(nb, l, af);
        Value i = inputForget
                      ? Value(arith::SubFOp::create(nb, l, createF32(nb, l, 1.0), f))
                      : sigmoid(nb, l, ai);
        Value cand = math::TanhOp::create(nb, l, ac);
        Value cNext = add(nb, l, mul(nb, l, f, cPrev), mul(nb, l, i, cand));
        if (peephole)
          ao = add(nb, l, ao, mul(nb, l, x[10], cNext));
        Value o = sigmoid(nb, l, ao);
        return {mul(nb, l, o, math::TanhOp::create(nb, l, cNext)), cNext};
      });
  return {hc[0], hc[1]};
}

/// x W^T + Wb for `x` of shape [M, I]: [M, G*H].
Value inputProjection(OpBuilder &b, Location loc, const Cell &cell, Value x, Value w) {
  int64_t rows = tensorTypeOf(x).getDimSize(0);
  int64_t gh = cell.gates() * cell.hidden;
  return matmulTransposed(b, loc, x, w, biasRows(b, loc, cell.b, 0, rows, gh));
}

/// The whole sequence: returns {Y, Y_h, Y_c (LSTM only)}.
SmallVector<Value> buildLayer(OpBuilder &b, Location loc, const Cell &cell, Value x,
                              Value w, Value h0, Value c0) {
  auto xType = tensorTypeOf(x);
  int64_t t = xType.getDimSize(0), n = xType.getDimSize(1), in = xType.getDimSize(2);
  int64_t hs = cell.hidden, gh = cell.gates() * hs;
  Type f32 = b.getF32Type();
  auto stateType = RankedTensorType::get({n, hs}, f32);
  Value x2 = reshapeTo(b, loc, x, RankedTensorType::get({t * n, in}, f32));
  Value xw = reshapeTo(b, loc, inputProjection(b, loc, cell, x2, w),
                       RankedTensorType::get({t, n, gh}, f32));
  bool lstm = cell.kind == Kind::LSTM;
  if (!h0)
    h0 = createFilled(b, loc, stateType, 0.0);
  if (lstm && !c0)
    c0 = createFilled(b, loc, stateType, 0.0);
  auto yType = RankedTensorType::get({t, n, hs}, f32);
  SmallVector<Value> states{h0};
  if (lstm)
    states.push_back(c0);
  return buildTimeLoop(
      b, loc, t, /*reverse=*/false, {createEmpty(b, loc, yType)}, states,
      [&](OpBuilder &lb, Location l, Value step, ValueRange stacks,
          ValueRange carried) -> SmallVector<Value> {
        Value xwT = sliceStep(lb, l, xw, step, 0, gh);
        auto [h, c] = buildStep(lb, l, cell, xwT, carried[0], lstm ? carried[1] : Value());
        SmallVector<Value> next{insertStep(lb, l, h, stacks[0], step), h};
        if (lstm)
          next.push_back(c);
        return next;
      });
}

int64_t hiddenOf(Value r) { return tensorTypeOf(r).getDimSize(1); }

struct RNNToLinalg : OpConversionPattern<RNNOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(RNNOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Cell cell{Kind::RNN, hiddenOf(adaptor.getR())};
    cell.relu = op.getActivation() == "relu";
    cell.r = adaptor.getR();
    cell.b = adaptor.getB();
    SmallVector<Value> results = buildLayer(rewriter, op.getLoc(), cell, adaptor.getInput(),
                                            adaptor.getW(), adaptor.getInitialH(), Value());
    rewriter.replaceOp(op, results);
    return success();
  }
};

struct LSTMToLinalg : OpConversionPattern<LSTMOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(LSTMOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Cell cell{Kind::LSTM, hiddenOf(adaptor.getR())};
    cell.inputForget = op.getInputForget();
    cell.r = adaptor.getR();
    cell.b = adaptor.getB();
    cell.p = adaptor.getP();
    SmallVector<Value> results =
        buildLayer(rewriter, op.getLoc(), cell, adaptor.getInput(), adaptor.getW(),
                   adaptor.getInitialH(), adaptor.getInitialC());
    rewriter.replaceOp(op, results);
    return success();
  }
};

struct GRUToLinalg : OpConversionPattern<GRUOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(GRUOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Cell cell{Kind::GRU, hiddenOf(adaptor.getR())};
    cell.linearBeforeReset = op.getLinearBeforeReset();
    cell.r = adaptor.getR();
    cell.b = adaptor.getB();
    SmallVector<Value> results = buildLayer(rewriter, op.getLoc(), cell, adaptor.getInput(),
                                            adaptor.getW(), adaptor.getInitialH(), Value());
    rewriter.replaceOp(op, results);
    return success();
  }
};

struct RNNCellToLinalg : OpConversionPattern<RNNCellOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(RNNCellOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Cell cell{Kind::RNN, hiddenOf(adaptor.getR())};
    cell.relu = op.getActivation() == "relu";
    cell.r = adaptor.getR();
    cell.b = adaptor.getB();
    Location loc = op.getLoc();
    Value xw = inputProjection(rewriter, loc, cell, adaptor.getInput(), adaptor.getW());
    rewriter.replaceOp(op, buildStep(rewriter, loc, cell, xw, adaptor.getH(), Value()).first);
    return success();
  }
};

struct LSTMCellToLinalg : OpConversionPattern<LSTMCellOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(LSTMCellOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Cell cell{Kind::LSTM, hiddenOf(adaptor.getR())};
    cell.inputForget = op.getInputForget();
    cell.r = adaptor.getR();
    cell.b = adaptor.getB();
    cell.p = adaptor.getP();
    Location loc = op.getLoc();
    Value xw = inputProjection(rewriter, loc, cell, adaptor.getInput(), adaptor.getW());
    auto [h, c] = buildStep(rewriter, loc, cell, xw, adaptor.getH(), adaptor.getC());
    rewriter.replaceOp(op, ValueRange{h, c});
    return success();
  }
};

struct GRUCellToLinalg : OpConversionPattern<GRUCellOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(GRUCellOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Cell cell{Kind::GRU, hiddenOf(adaptor.getR())};
    cell.linearBeforeReset = op.getLinearBeforeReset();
    cell.r = adaptor.getR();
    cell.b = adaptor.getB();
    Location loc = op.getLoc();
    Value xw = inputProjection(rewriter, loc, cell, adaptor.getInput(), adaptor.getW());
    rewriter.replaceOp(op, buildStep(rewriter, loc, cell, xw, adaptor.getH(), Value()).first);
    return success();
  }
};

} // namespace

void mlir::dlc::populateRecurrentToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<RNNToLinalg, LSTMToLinalg, GRUToLinalg, RNNCellToLinalg, LSTMCellToLinalg,
               GRUCellToLinalg>(patterns.getContext());
  populateRecurrentGradPatterns(patterns);
}
