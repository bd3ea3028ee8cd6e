//===- RecurrentOps.td - dlc recurrent ops -*- tablegen -*-===//
//
// The recurrent layers: RNN, LSTM (plain, peephole, coupled), GRU; sequences and cells.
//
// Operands follow ONNX's RNN/LSTM/GRU (forward direction, layout 0) so that
// the importer maps them one to one: X is [T, N, I] (time, batch, input), W
// stacks the gates' input weights [G*H, I], R the recurrence weights
// [G*H, H], B is [2*G*H] (all of Wb, then all of Rb). The hidden size H is
// R's trailing extent. Multi-layer and bidirectional networks are stacks of
// these layers (the graph builder composes them; a reverse direction is a
// time flip around a forward layer).
//
// Backward (BPTT) note: no activations are saved beyond Y. Every step's
// previous hidden state is known from initial_h and Y, so the adjoint
// recomputes all gate pre-activations with batched matmuls ([T*N, H] x
// [H, G*H]; for GRU without linear_before_reset the reset product r * H as
// well), and LSTM's cell states with one elementwise scan
// C_t = f_t * C_{t-1} + i_t * g_t (no matmul inside the scan). The adjoint
// recurrence backwards in time is dlc.rnn_grad / lstm_grad / gru_grad: it
// yields the pre-activations' adjoints for every step, from which the
// weights' and the input's adjoints are again batched matmuls (the rules
// are in RecurrentGradients.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_RECURRENTOPS_TD
#define DLC_DIALECT_DLC_RECURRENTOPS_TD

include "dlc/Dialect/DLC/DLCBase.td"

/// A recurrent op with several optional operands (bias, states, peepholes).
class DLC_RecurrentOp<string mnemonic>
    : DLC_InferOp<mnemonic, [AttrSizedOperandSegments, DLC_Differentiable]>;

//===----------------------------------------------------------------------===//
// Sequence layers
//===----------------------------------------------------------------------===//

def DLC_RNNOp : DLC_RecurrentOp<"rnn"> {
  let summary = "Elman RNN over a sequence (ONNX RNN, forward, layout 0)";
  let description = [{
    X: [T, N, I], W: [H, I], R: [H, H], optional B: [2H] (Wb then Rb),
    optional initial_h: [N, H] (zeros when absent).

    `H_t = f(X_t W^T + H_{t-1} R^T + Wb + Rb)` with `f` = `activation`
    (`"tanh"`, the default, or `"relu"`).

    Results: Y [T, N, H] with `Y[t] = H_t` for every step, and Y_h [N, H] =
    `H_T` (`initial_h` when T = 0).

    ```mlir
    %y, %y_h = dlc.rnn %x, %w, %r bias %b initial_h %h0 {activation = "relu"}
        : (tensor<5x2x3xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<8xf32>,
           tensor<2x4xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>)
    ```
  }];
  let arguments = (ins DLC_Tensor:$input, DLC_Tensor:$w, DLC_Tensor:$r,
                       Optional<DLC_Tensor>:$b,
                       Optional<DLC_Tensor>:$initial_h,
                       DefaultValuedStrAttr<StrAttr, "tanh">:$activation);
  let results = (outs DLC_Tensor:$y, DLC_Tensor:$y_h);
  let assemblyFormat = [{
    $input `,` $w `,` $r (`bias` $b^)? (`initial_h` $initial_h^)? attr-dict
    `:` functional-type(operands, results)
  }];
}

def DLC_LSTMOp : DLC_RecurrentOp<"lstm"> {
  let summary = "LSTM over a sequence (ONNX LSTM, forward, layout 0)";
  let description = [{
    X: [T, N, I], W: [4H, I], R: [4H, H], gate rows in ONNX order i, o, f, c;
    optional B: [8H] (Wb[iofc] then Rb[iofc]); optional initial_h and
    initial_c: [N, H] (zeros when absent); optional peephole P: [3H]
    (p_i, p_o, p_f). With `b_x = Wb_x + Rb_x` and `A_x = X_t W_x^T +
    H_{t-1} R_x^T + b_x`:

    ```
    f_t = sigmoid(A_f + p_f * C_{t-1})
    i_t = sigmoid(A_i + p_i * C_{t-1})      (input_forget: i_t = 1 - f_t)
    g_t = tanh(A_c)
    C_t = f_t * C_{t-1} + i_t * g_t
    o_t = sigmoid(A_o + p_o * C_t)          (the output gate peeks at C_t)
    H_t = o_t * tanh(C_t)
    ```

    Products with P are elementwise (ONNX's diagonal peepholes). The
    peephole and coupled ("input_forget", C_t = f C_{t-1} + (1 - f) g)
    variants are the study sheet's; with `input_forget` the input gate's
    W_i, R_i, b_i and p_i are ignored. (ONNX Runtime couples the other way,
    f = 1 - i; an importer targeting its numbers negates and moves the i rows
    into the f rows.)

    Results: Y [T, N, H] (every H_t), Y_h = H_T and Y_c = C_T [N, H].

    ```mlir
    %y, %y_h, %y_c = dlc.lstm %x, %w, %r bias %b initial_h %h0 initial_c %c0
        peephole %p {input_forget = true} : (...) -> (...)
    ```
  }];
  let arguments = (ins DLC_Tensor:$input, DLC_Tensor:$w, DLC_Tensor:$r,
                       Optional<DLC_Tensor>:$b,
                       Optional<DLC_Tensor>:$initial_h,
                       Optional<DLC_Tensor>:$initial_c,
                       Optional<DLC_Tensor>:$p,
                       DefaultValuedAttr<BoolAttr, "false">:$input_forget);
  let results = (outs DLC_Tensor:$y, DLC_Tensor:$y_h, DLC_Tensor:$y_c);
  let assemblyFormat = [{
    $input `,` $w `,` $r (`bias` $b^)? (`initial_h` $initial_h^)?
    (`initial_c` $initial_c^)? (`peephole` $p^)? attr-dict
    `:` functional-type(operands, results)
  }];
}

def DLC_GRUOp : DLC_RecurrentOp<"gru"> {
  let summary = "GRU over a sequence (ONNX GRU, forward, layout 0)";
  let description = [{
    X: [T, N, I], W: [3H, I], R: [3H, H], gate rows in ONNX order z, r, h;
    optional B: [6H] (Wb[zrh] then Rb[zrh]); optional initial_h: [N, H]
    (zeros when absent).

    ```
    z_t = sigmoid(X_t W_z^T + H_{t-1} R_z^T + Wb_z + Rb_z)
    r_t = sigmoid(X_t W_r^T + H_{t-1} R_r^T + Wb_r + Rb_r)
    linear_before_reset = false (ONNX's default):
      h~_t = tanh(X_t W_h^T + (r_t * H_{t-1}) R_h^T + Rb_h + Wb_h)
    linear_before_reset = true (PyTorch's nn.GRU):
      h~_t = tanh(X_t W_h^T + r_t * (H_{t-1} R_h^T + Rb_h) + Wb_h)
    H_t = (1 - z_t) * h~_t + z_t * H_{t-1}
    ```

    `z` gates the previous state as in ONNX and PyTorch (the study sheet's
    figure writes `z` for ONNX's `1 - z`: the same model with the z rows and
    bias negated). PyTorch's weight_ih stacks r, z, n: swap the first two
    blocks when importing.

    Results: Y [T, N, H] (every H_t) and Y_h = H_T [N, H].
  }];
  let arguments = (ins DLC_Tensor:$input, DLC_Tensor:$w, DLC_Tensor:$r,
                       Optional<DLC_Tensor>:$b,
                       Optional<DLC_Tensor>:$initial_h,
                       DefaultValuedAttr<BoolAttr, "false">:$linear_before_reset);
  let results = (outs DLC_Tensor:$y, DLC_Tensor:$y_h);
  let assemblyFormat = [{
    $input `,` $w `,` $r (`bias` $b^)? (`initial_h` $initial_h^)? attr-dict
    `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Cells: one time step (seq2seq decoders, attention loops)
//===----------------------------------------------------------------------===//

def DLC_RNNCellOp : DLC_InferOp<"rnn_cell", [DLC_Differentiable]> {
  let summary = "one step of dlc.rnn";
  let description = [{
    x: [N, I], h: [N, H], W: [H, I], R: [H, H], optional B: [2H].
    `h' = f(x W^T + h R^T + Wb + Rb)`, `f` = `activation` ("tanh" or "relu").
    Result: h' [N, H].
  }];
  let arguments = (ins DLC_Tensor:$input, DLC_Tensor:$h, DLC_Tensor:$w,
                       DLC_Tensor:$r, Optional<DLC_Tensor>:$b,
                       DefaultValuedStrAttr<StrAttr, "tanh">:$activation);
  let results = (outs DLC_Tensor:$h_next);
  let assemblyFormat = [{
    $input `,` $h `,` $w `,` $r (`bias` $b^)? attr-dict
    `:` functional-type(operands, results)
  }];
}

def DLC_LSTMCellOp : DLC_RecurrentOp<"lstm_cell"> {
  let summary = "one step of dlc.lstm";
  let description = [{
    x: [N, I], h, c: [N, H], W: [4H, I], R: [4H, H] (gates i, o, f, c),
    optional B: [8H], optional peephole P: [3H] (p_i, p_o, p_f); the
    equations and `input_forget` of dlc.lstm with H_{t-1} = h, C_{t-1} = c.
    Results: h' and c' [N, H].
  }];
  let arguments = (ins DLC_Tensor:$input, DLC_Tensor:$h, DLC_Tensor:$c,
                       DLC_Tensor:$w, DLC_Tensor:$r, Optional<DLC_Tensor>:$b,
                       Optional<DLC_Tensor>:$p,
                       DefaultValuedAttr<BoolAttr, "false">:$input_forget);
  let results = (outs DLC_Tensor:$h_next, DLC_Tensor:$c_next);
  let assemblyFormat = [{
    $input `,` $h `,` $c `,` $w `,` $r (`bias` $b^)? (`peephole` $p^)? attr-dict
    `:` functional-type(operands, results)
  }];
}

def DLC_GRUCellOp : DLC_InferOp<"gru_cell", [DLC_Differentiable]> {
  let summary = "one step of dlc.gru";
  let description = [{
    x: [N, I], h: [N, H], W: [3H, I], R: [3H, H] (gates z, r, h), optional
    B: [6H]; the equations and `linear_before_reset` of dlc.gru with
    H_{t-1} = h. Result: h' [N, H].
  }];
  let arguments = (ins DLC_Tensor:$input, DLC_Tensor:$h, DLC_Tensor:$w,
                       DLC_Tensor:$r, Optional<DLC_Tensor>:$b,
                       DefaultValuedAttr<BoolAttr, "false">:$linear_before_reset);
  let results = (outs DLC_Tensor:$h_next);
  let assemblyFormat = [{
    $input `,` $h `,` $w `,` $r (`bias` $b^)? attr-dict
    `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Backward: the adjoint recurrence of the layers (BPTT)
//===----------------------------------------------------------------------===//
//
// Only the part of the backward that runs through time: given what the
// forward computes for all steps at once (Y, the gate pre-activations), each
// op walks t = T, ..., 1 carrying dH (the adjoint of H_t; dC of C_t for
// LSTM), and returns the adjoint of every step's pre-activations plus the
// initial states' adjoints. Step t's pre-activation adjoint is written dA_t
// below; a product `x R` is [N, G*H] x [G*H, H] (R not transposed).

def DLC_RNNGradOp : DLC_InferOp<"rnn_grad"> {
  let summary = "adjoint recurrence of dlc.rnn (backpropagation through time)";
  let description = [{
    Y: dlc.rnn's Y [T, N, H]; R: [H, H]; dY: the adjoint of Y [T, N, H];
    dY_h: the adjoint of Y_h [N, H]. `activation` as in dlc.rnn.

    ```
    dH = dY_h
    for t = T, ..., 1:
      dA_t = (dY_t + dH) * f'(Y_t)     f' = 1 - Y_t^2 (tanh), [Y_t > 0] (relu)
      dH   = dA_t R
    ```

    Results: dA [T, N, H], the adjoint of every step's pre-activation
    `X_t W^T + H_{t-1} R^T + Wb + Rb`, and dH_0 = dH [N, H], the adjoint of
    initial_h. Needs no pre-activation: f' is a function of Y (relu'(0) = 0).

    ```mlir
    %da, %dh0 = dlc.rnn_grad %y, %r, %dy, %dy_h {activation = "relu"}
        : (tensor<5x2x4xf32>, tensor<4x4xf32>, tensor<5x2x4xf32>, tensor<2x4xf32>)
        -> (tensor<5x2x4xf32>, tensor<2x4xf32>)
    ```
  }];
  let arguments = (ins DLC_Tensor:$y, DLC_Tensor:$r, DLC_Tensor:$dy, DLC_Tensor:$dy_h,
                       DefaultValuedStrAttr<StrAttr, "tanh">:$activation);
  let results = (outs DLC_Tensor:$da, DLC_Tensor:$dh0);
  let assemblyFormat = [{
    $y `,` $r `,` $dy `,` $dy_h attr-dict `:` functional-type(operands, results)
  }];
}

def DLC_LSTMGradOp : DLC_InferOp<"lstm_grad"> {
  let summary = "adjoint recurrence of dlc.lstm (backpropagation through time)";
  let description = [{
    A: the gate pre-activations without the peephole terms, [T, N, 4H],
    `A_t = X_t W^T + H_{t-1} R^T + Wb + Rb` (blocks i, o, f, c); R: [4H, H];
    C_0: initial_c [N, H]; dY [T, N, H], dY_h and dY_c [N, H]: the adjoints
    of Y, Y_h and Y_c; optional peephole P [3H] (p_i, p_o, p_f);
    `input_forget` as in dlc.lstm. σ is the sigmoid.

    First the cell states, forward (elementwise, as in dlc.lstm):
    ```
    for t = 1, ..., T:
      f_t = σ(A_t^f + p_f C_{t-1}),  i_t = σ(A_t^i + p_i C_{t-1})  (input_forget: 1 - f_t)
      g_t = tanh(A_t^c),  C_t = f_t C_{t-1} + i_t g_t,  o_t = σ(A_t^o + p_o C_t)
    ```
    then the adjoints, backward:
    ```
    dH = dY_h, dC = dY_c
    for t = T, ..., 1:
      dH  += dY_t
      a_o  = dH tanh(C_t) o_t (1 - o_t)
      dC  += dH o_t (1 - tanh(C_t)^2) + a_o p_o
      a_f  = dC C_{t-1} f_t (1 - f_t)
      a_c  = dC i_t (1 - g_t^2)
      a_i  = dC g_t i_t (1 - i_t)
        (input_forget: a_i = 0 and a_f -= dC g_t f_t (1 - f_t))
      dA_t = [a_i, a_o, a_f, a_c]
      dC   = dC f_t + a_i p_i + a_f p_f
      dH   = dA_t R
    ```
    Products with P are elementwise; without P its terms are 0.

    Results: dA [T, N, 4H] (the adjoint of A), dH_0 = dH and dC_0 = dC
    [N, H] (the adjoints of initial_h and initial_c), and the cell states
    C [T, N, H] (C_1 ... C_T; the peepholes' adjoints are sums of dA blocks
    times C_t or C_{t-1}).

    ```mlir
    %da, %dh0, %dc0, %c = dlc.lstm_grad %a, %r, %c0, %dy, %dy_h, %dy_c peephole %p
        {input_forget = true} : (...) -> (...)
    ```
  }];
  let arguments = (ins DLC_Tensor:$a, DLC_Tensor:$r, DLC_Tensor:$initial_c,
                       DLC_Tensor:$dy, DLC_Tensor:$dy_h, DLC_Tensor:$dy_c,
                       Optional<DLC_Tensor>:$p,
                       DefaultValuedAttr<BoolAttr, "false">:$input_forget);
  let results = (outs DLC_Tensor:$da, DLC_Tensor:$dh0, DLC_Tensor:$dc0,
                      DLC_Tensor:$c);
  let assemblyFormat = [{
    $a `,` $r `,` $initial_c `,` $dy `,` $dy_h `,` $dy_c (`peephole` $p^)? attr-dict
    `:` functional-type(operands, results)
  }];
}

def DLC_GRUGradOp : DLC_InferOp<"gru_grad"> {
  let summary = "adjoint recurrence of dlc.gru (backpropagation through time)";
  let description = [{
    The pre-activations split by where they come from, each [T, N, 3H]
    (blocks z, r, h): XA_t = `X_t W^T + Wb` and the recurrent part HA_t =
    `H_{t-1} R^T + Rb`, except HA_t^h = `(r_t H_{t-1}) R_h^T + Rb_h` without
    `linear_before_reset`. H_prev [T, N, H]: H_{t-1} for every step
    (initial_h, Y_1, ..., Y_{T-1}). R: [3H, H]; dY [T, N, H] and dY_h
    [N, H]: the adjoints of Y and Y_h. σ is the sigmoid.

    ```
    z_t = σ(XA_t^z + HA_t^z),  r_t = σ(XA_t^r + HA_t^r)
    h~_t = tanh(XA_t^h + HA_t^h)         (linear_before_reset: XA_t^h + r_t HA_t^h)
    dH = dY_h
    for t = T, ..., 1:
      dH  += dY_t
      a_z  = dH (H_{t-1} - h~_t) z_t (1 - z_t)
      a_h  = dH (1 - z_t) (1 - h~_t^2)
      linear_before_reset = false:
        b_h  = a_h
        dRH  = b_h R_h                   (the adjoint of r_t H_{t-1})
        a_r  = dRH H_{t-1} r_t (1 - r_t)
        dH   = dH z_t + dRH r_t + [a_z, a_r] R_zr
      linear_before_reset = true:
        b_h  = a_h r_t
        a_r  = a_h HA_t^h r_t (1 - r_t)
        dH   = dH z_t + [a_z, a_r, b_h] R
      dXA_t = [a_z, a_r, a_h],  dHA_t = [a_z, a_r, b_h]
    ```
    R_zr is R's rows [0, 2H), R_h its rows [2H, 3H).

    Results: dXA and dHA [T, N, 3H] (the adjoints of XA and HA) and
    dH_0 = dH [N, H] (the adjoint of initial_h).

    ```mlir
    %dxa, %dha, %dh0 = dlc.gru_grad %xa, %ha, %h_prev, %r, %dy, %dy_h
        {linear_before_reset = true} : (...) -> (...)
    ```
  }];
  let arguments = (ins DLC_Tensor:$xa, DLC_Tensor:$ha, DLC_Tensor:$h_prev,
                       DLC_Tensor:$r, DLC_Tensor:$dy, DLC_Tensor:$dy_h,
                       DefaultValuedAttr<BoolAttr, "false">:$linear_before_reset);
  let results = (outs DLC_Tensor:$dxa, DLC_Tensor:$dha, DLC_Tensor:$dh0);
  let assemblyFormat = [{
    $xa `,` $ha `,` $h_prev `,` $r `,` $dy `,` $dy_h attr-dict
    `:` functional-type(operands, results)
  }];
}

#endif // DLC_DIALECT_DLC_RECURRENTOPS_TD
