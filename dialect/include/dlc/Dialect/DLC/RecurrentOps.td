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
// C_t = f_t * C_{t-1} + i_t * g_t (no matmul inside the scan).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_RECURRENTOPS_TD
#define DLC_DIALECT_DLC_RECURRENTOPS_TD

include "dlc/Dialect/DLC/DLCBase.td"

/// A recurrent op with several optional operands (bias, states, peepholes).
class DLC_RecurrentOp<string mnemonic>
    : DLC_InferOp<mnemonic, [AttrSizedOperandSegments]>;

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

def DLC_RNNCellOp : DLC_InferOp<"rnn_cell"> {
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

def DLC_GRUCellOp : DLC_InferOp<"gru_cell"> {
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

#endif // DLC_DIALECT_DLC_RECURRENTOPS_TD
