//===- RecurrentGrad.cpp - dlc rnn_grad, lstm_grad, gru_grad to linalg -----===//
//
// Lowers the adjoint recurrences of the recurrent layers (the backward ops
// of RecurrentOps.td) to an scf.for running backwards over time, carrying
// dH (and dC for LSTM) and the pre-activations' adjoint stack: each step
// slices its [N, G*H] rows of the pre-activations, computes the gates'
// adjoints in one elementwise linalg.generic, writes them into the stack
// with tensor.insert_slice and carries dH_{t-1} = dA_t R, one contraction
// accumulating onto the elementwise part. GRU without linear_before_reset
// needs two: the candidate block's product gives the adjoint of r * H_{t-1}
// that the reset gate's adjoint is made of.
//
// lstm_grad first rebuilds the cell states with an elementwise scan forwards
// over time into a [T+1, N, H] stack holding C_0 first, so that the
// backward loop reads C_{t-1} and C_t at t and t + 1.
//
//===----------------------------------------------------------------------===//

#include "RecurrentLowering.h"
#include "dlc/Dialect/DLC/RecurrentOps.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::recurrent;

namespace {

/// Scalar arithmetic inside a linalg.generic body, reading like the
/// formulas of the ops' descriptions.
struct Arith {
  OpBuilder &b;
  Location loc;

  Value c(double v) { return createF32(b, loc, v); }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y, Value z) { return mul(mul(x, y), z); }
  Value oneMinus(Value x) { return sub(c(1.0), x); }
  Value sigmoid(Value x) { return recurrent::sigmoid(b, loc, x); }
  Value tanh(Value x) { return math::TanhOp::create(b, loc, x); }
  /// s (1 - s): the sigmoid's derivative from its output.
  Value dsigmoid(Value s) { return mul(s, oneMinus(s)); }
  /// 1 - t^2: tanh's derivative from its output.
  Value dtanh(Value t) { return oneMinus(mul(t, t)); }
};

/// `stack` with the gate blocks `blocks` ([N, H] each) written side by side
/// at step `t`.
Value writeBlocks(OpBuilder &b, Location loc, ArrayRef<Value> blocks, Value stack, Value t) {
  for (auto [k, block] : llvm::enumerate(blocks))
    stack = insertStep(b, loc, block, stack, t,
                       static_cast<int64_t>(k) * tensorTypeOf(block).getDimSize(1));
  return stack;
}

Value addIndex(OpBuilder &b, Location loc, Value index, int64_t k) {
  return arith::AddIOp::create(b, loc, index, arith::ConstantIndexOp::create(b, loc, k));
}

struct RNNGradToLinalg : OpConversionPattern<RNNGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(RNNGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value y = adaptor.getY(), r = adaptor.getR(), dy = adaptor.getDy();
    auto yType = tensorTypeOf(y);
    int64_t hs = yType.getDimSize(2);
    auto stateType = tensorTypeOf(adaptor.getDyH());
    bool relu = op.getActivation() == "relu";
    SmallVector<AffineMap> maps(3, rewriter.getMultiDimIdentityMap(2));
    SmallVector<Value> results = buildTimeLoop(
        rewriter, loc, yType.getDimSize(0), /*reverse=*/true,
        {createEmpty(rewriter, loc, yType)}, {adaptor.getDyH()},
        [&](OpBuilder &b, Location l, Value t, ValueRange stacks,
            ValueRange states) -> SmallVector<Value> {
          // dA_t = (dY_t + dH) f'(Y_t)
          Value da = buildPointwise(
              b, l, stateType,
              {sliceStep(b, l, y, t, 0, hs), sliceStep(b, l, dy, t, 0, hs), states[0]},
              maps, 1, [&](OpBuilder &nb, Location nl, ValueRange x) -> SmallVector<Value> {
                Arith m{nb, nl};
                Value g = m.add(x[1], x[2]);
                if (!relu)
                  return {m.mul(g, m.dtanh(x[0]))};
                Value positive =
                    arith::CmpFOp::create(nb, nl, arith::CmpFPredicate::OGT, x[0], m.c(0.0));
                return {arith::SelectOp::create(nb, nl, positive, g, m.c(0.0))};
              })[0];
          Value dh = matmul(b, l, da, r, createFilled(b, l, stateType, 0.0));
          return {insertStep(b, l, da, stacks[0], t), dh};
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// f_t and i_t of an LSTM step from the pre-activations A^i, A^f and
/// C_{t-1}; `pi` and `pf` are the peepholes (null without).
std::pair<Value, Value> forgetAndInput(Arith &m, Value ai, Value af, Value cPrev, Value pi,
                                       Value pf, bool inputForget) {
  Value f = m.sigmoid(pf ? m.add(af, m.mul(pf, cPrev)) : af);
  if (inputForget)
    return {f, m.oneMinus(f)};
  return {f, m.sigmoid(pi ? m.add(ai, m.mul(pi, cPrev)) : ai)};
}

struct LSTMGradToLinalg : OpConversionPattern<LSTMGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(LSTMGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value a = adaptor.getA(), r = adaptor.getR(), c0 = adaptor.getInitialC(),
          dy = adaptor.getDy(), p = adaptor.getP();
    auto aType = tensorTypeOf(a);
    int64_t steps = aType.getDimSize(0), n = aType.getDimSize(1);
    int64_t hs = tensorTypeOf(r).getDimSize(1);
    auto stateType = tensorTypeOf(c0);
    bool inputForget = op.getInputForget();
    AffineMap id = rewriter.getMultiDimIdentityMap(2);
    // The peepholes p_i, p_o, p_f, each read broadcast over the rows.
    SmallVector<Value> peepholes;
    if (p)
      for (int64_t k = 0; k < 3; ++k)
        peepholes.push_back(lastDimSlice(rewriter, loc, p, k * hs, hs));
    SmallVector<AffineMap> peepholeMaps(peepholes.size(), rowBroadcastMap(ctx));
    auto gate = [&](OpBuilder &b, Location l, Value t, int64_t k) {
      return sliceStep(b, l, a, t, k * hs, hs);
    };

    // The cell states, forwards: cs[0] = C_0, cs[t + 1] = C_{t+1}.
    auto csType = RankedTensorType::get({steps + 1, n, hs}, rewriter.getF32Type());
    Value cs0 = insertStep(rewriter, loc, c0, createEmpty(rewriter, loc, csType),
                           arith::ConstantIndexOp::create(rewriter, loc, 0));
    Value cs = buildTimeLoop(
        rewriter, loc, steps, /*reverse=*/false, {cs0}, {c0},
        [&](OpBuilder &b, Location l, Value t, ValueRange stacks,
            ValueRange states) -> SmallVector<Value> {
          SmallVector<Value> inputs{gate(b, l, t, 0), gate(b, l, t, 2), gate(b, l, t, 3),
                                    states[0]};
          SmallVector<AffineMap> maps(inputs.size(), id);
          if (p) {
            inputs.append({peepholes[0], peepholes[2]});
            maps.append({peepholeMaps[0], peepholeMaps[2]});
          }
          Value c = buildPointwise(
              b, l, stateType, inputs, maps, 1,
              [&](OpBuilder &nb, Location nl, ValueRange x) -> SmallVector<Value> {
                Arith m{nb, nl};
                Value cPrev = x[3];
                auto [f, i] = forgetAndInput(m, x[0], x[1], cPrev, p ? x[4] : Value(),
                                             p ? x[5] : Value(), inputForget);
                return {m.add(m.mul(f, cPrev), m.mul(i, m.tanh(x[2])))};
              })[0];
          return {insertStep(b, l, c, stacks[0], addIndex(b, l, t, 1)), c};
        })[0];

    // The adjoints, backwards.
    SmallVector<Value> back = buildTimeLoop(
        rewriter, loc, steps, /*reverse=*/true, {createEmpty(rewriter, loc, aType)},
        {adaptor.getDyH(), adaptor.getDyC()},
        [&](OpBuilder &b, Location l, Value t, ValueRange stacks,
            ValueRange states) -> SmallVector<Value> {
          SmallVector<Value> inputs{gate(b, l, t, 0),
                                    gate(b, l, t, 1),
                                    gate(b, l, t, 2),
                                    gate(b, l, t, 3),
                                    sliceStep(b, l, cs, t, 0, hs),
                                    sliceStep(b, l, cs, addIndex(b, l, t, 1), 0, hs),
                                    sliceStep(b, l, dy, t, 0, hs),
                                    states[0],
                                    states[1]};
          SmallVector<AffineMap> maps(inputs.size(), id);
          llvm::append_range(inputs, peepholes);
          llvm::append_range(maps, peepholeMaps);
          // Results: the adjoints of A^i, A^o, A^f, A^c and of C_{t-1}.
          SmallVector<Value> grads = buildPointwise(
              b, l, stateType, inputs, maps, 5,
              [&](OpBuilder &nb, Location nl, ValueRange x) -> SmallVector<Value> {
                Arith m{nb, nl};
                Value ao = x[1], cPrev = x[4], c = x[5];
                Value pi = p ? x[9] : Value(), po = p ? x[10] : Value(),
                      pf = p ? x[11] : Value();
                auto [f, i] = forgetAndInput(m, x[0], x[2], cPrev, pi, pf, inputForget);
                Value g = m.tanh(x[3]);
                Value o = m.sigmoid(po ? m.add(ao, m.mul(po, c)) : ao);
                Value tc = m.tanh(c);
                Value dh = m.add(x[6], x[7]);
                Value gradO = m.mul(dh, tc, m.dsigmoid(o));
                Value dc = m.add(x[8], m.mul(dh, o, m.dtanh(tc)));
                if (po)
                  dc = m.add(dc, m.mul(gradO, po));
                Value gradC = m.mul(dc, i, m.dtanh(g));
                Value gradI, gradF;
                if (inputForget) {
                  gradI = m.c(0.0);
                  gradF = m.mul(dc, m.sub(cPrev, g), m.dsigmoid(f));
                } else {
                  gradF = m.mul(dc, cPrev, m.dsigmoid(f));
                  gradI = m.mul(dc, g, m.dsigmoid(i));
                }
                Value dcPrev = m.mul(dc, f);
                if (pf)
                  dcPrev = m.add(dcPrev, m.mul(gradF, pf));
                if (pi && !inputForget)
                  dcPrev = m.add(dcPrev, m.mul(gradI, pi));
                return {gradI, gradO, gradF, gradC, dcPrev};
              });
          Value da = writeBlocks(b, l, ArrayRef<Value>(grads).take_front(4), stacks[0], t);
          Value dh = matmul(b, l, sliceStep(b, l, da, t, 0, 4 * hs), r,
                            createFilled(b, l, stateType, 0.0));
          return {da, dh, grads[4]};
        });

    // C_1 ... C_T.
    OpFoldResult one = rewriter.getIndexAttr(1), zero = rewriter.getIndexAttr(0);
    Value c = tensor::ExtractSliceOp::create(
        rewriter, loc, cs, {one, zero, zero},
        {rewriter.getIndexAttr(steps), rewriter.getIndexAttr(n), rewriter.getIndexAttr(hs)},
        {one, one, one});
    rewriter.replaceOp(op, ValueRange{back[0], back[1], back[2], c});
    return success();
  }
};

struct GRUGradToLinalg : OpConversionPattern<GRUGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(GRUGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value xa = adaptor.getXa(), ha = adaptor.getHa(), hPrev = adaptor.getHPrev(),
          r = adaptor.getR(), dy = adaptor.getDy();
    auto stackType = tensorTypeOf(xa);
    int64_t hs = tensorTypeOf(r).getDimSize(1);
    auto stateType = tensorTypeOf(adaptor.getDyH());
    bool lbr = op.getLinearBeforeReset();
    AffineMap id = rewriter.getMultiDimIdentityMap(2);
    // Without linear_before_reset dHA = dXA: one stack.
    SmallVector<Value> stacks{createEmpty(rewriter, loc, stackType)};
    if (lbr)
      stacks.push_back(createEmpty(rewriter, loc, stackType));
    SmallVector<Value> results = buildTimeLoop(
        rewriter, loc, stackType.getDimSize(0), /*reverse=*/true, stacks,
        {adaptor.getDyH()},
        [&](OpBuilder &b, Location l, Value t, ValueRange stacks,
            ValueRange states) -> SmallVector<Value> {
          auto block = [&](Value v, int64_t k) { return sliceStep(b, l, v, t, k * hs, hs); };
          SmallVector<Value> inputs{block(xa, 0), block(xa, 1), block(xa, 2),
                                    block(ha, 0), block(ha, 1), block(ha, 2),
                                    sliceStep(b, l, hPrev, t, 0, hs),
                                    sliceStep(b, l, dy, t, 0, hs), states[0]};
          SmallVector<AffineMap> maps(inputs.size(), id);
          // Results: a_z, a_h, dH z_t, then a_r and b_h with
          // linear_before_reset, else r_t.
          SmallVector<Value> grads = buildPointwise(
              b, l, stateType, inputs, maps, lbr ? 5 : 4,
              [&](OpBuilder &nb, Location nl, ValueRange x) -> SmallVector<Value> {
                Arith m{nb, nl};
                Value hp = x[6];
                Value z = m.sigmoid(m.add(x[0], x[3]));
                Value rg = m.sigmoid(m.add(x[1], x[4]));
                Value cand = m.tanh(m.add(x[2], lbr ? m.mul(rg, x[5]) : x[5]));
                Value dh = m.add(x[7], x[8]);
                Value gradZ = m.mul(dh, m.sub(hp, cand), m.dsigmoid(z));
                Value gradH = m.mul(dh, m.oneMinus(z), m.dtanh(cand));
                SmallVector<Value> out{gradZ, gradH, m.mul(dh, z)};
                if (lbr)
                  out.append({m.mul(gradH, x[5], m.dsigmoid(rg)), m.mul(gradH, rg)});
                else
                  out.push_back(rg);
                return out;
              });
          Value gradZ = grads[0], gradH = grads[1], carried = grads[2];
          if (lbr) {
            // dH_{t-1} = dH z + [a_z, a_r, b_h] R
            Value dxa = writeBlocks(b, l, {gradZ, grads[3], gradH}, stacks[0], t);
            Value dha = writeBlocks(b, l, {gradZ, grads[3], grads[4]}, stacks[1], t);
            Value dh = matmul(b, l, sliceStep(b, l, dha, t, 0, 3 * hs), r, carried);
            return {dxa, dha, dh};
          }
          // dRH = a_h R_h is the adjoint of r_t * H_{t-1}; then
          // dH_{t-1} = dH z + dRH r + [a_z, a_r] R_zr.
          Value drh = matmul(b, l, gradH, r, createFilled(b, l, stateType, 0.0), 2 * hs);
          SmallVector<Value> reset = buildPointwise(
              b, l, stateType, {drh, inputs[6], grads[3], carried}, {id, id, id, id}, 2,
              [&](OpBuilder &nb, Location nl, ValueRange x) -> SmallVector<Value> {
                Arith m{nb, nl};
                return {m.mul(x[0], x[1], m.dsigmoid(x[2])), m.add(x[3], m.mul(x[0], x[2]))};
              });
          Value dxa = writeBlocks(b, l, {gradZ, reset[0], gradH}, stacks[0], t);
          Value dh = matmul(b, l, sliceStep(b, l, dxa, t, 0, 2 * hs), r, reset[1]);
          return {dxa, dh};
        });
    if (lbr)
      rewriter.replaceOp(op, results);
    else
      rewriter.replaceOp(op, ValueRange{results[0], results[0], results[1]});
    return success();
  }
};

} // namespace

void mlir::dlc::recurrent::populateRecurrentGradPatterns(RewritePatternSet &patterns) {
  patterns.add<RNNGradToLinalg, LSTMGradToLinalg, GRUGradToLinalg>(patterns.getContext());
}
