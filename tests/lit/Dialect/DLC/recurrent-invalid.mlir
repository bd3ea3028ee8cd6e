// RUN: dlc-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of RecurrentOps.cpp. Shape inference failures are
// followed by upstream's "failed to infer returned types".

// The sequence input must be [T, N, I].
func.func @rnn_input_rank(%x: tensor<2x3xf32>, %w: tensor<4x3xf32>, %r: tensor<4x4xf32>) {
  // expected-error @+2 {{'dlc.rnn' op input must have rank 3 (time x batch x input size), got rank 2 (2x3)}}
  // expected-error @+1 {{'dlc.rnn' op failed to infer returned types}}
  %y, %yh = dlc.rnn %x, %w, %r : (tensor<2x3xf32>, tensor<4x3xf32>, tensor<4x4xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>)
  return
}

// -----

// A cell's input must be [N, I].
func.func @cell_input_rank(%x: tensor<1x2x3xf32>, %h: tensor<2x4xf32>, %w: tensor<4x3xf32>, %r: tensor<4x4xf32>) {
  // expected-error @+2 {{'dlc.rnn_cell' op input must have rank 2 (batch x input size), got rank 3 (1x2x3)}}
  // expected-error @+1 {{'dlc.rnn_cell' op failed to infer returned types}}
  %0 = dlc.rnn_cell %x, %h, %w, %r : (tensor<1x2x3xf32>, tensor<2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @r_rank(%x: tensor<5x2x3xf32>, %w: tensor<4x3xf32>, %r: tensor<16xf32>) {
  // expected-error @+2 {{'dlc.rnn' op r must have rank 2 (gates*hidden x hidden), got rank 1 (16)}}
  // expected-error @+1 {{'dlc.rnn' op failed to infer returned types}}
  %y, %yh = dlc.rnn %x, %w, %r : (tensor<5x2x3xf32>, tensor<4x3xf32>, tensor<16xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>)
  return
}

// -----

func.func @w_rank(%x: tensor<5x2x3xf32>, %w: tensor<12xf32>, %r: tensor<4x4xf32>) {
  // expected-error @+2 {{'dlc.rnn' op w must have rank 2 (gates*hidden x input size), got rank 1 (12)}}
  // expected-error @+1 {{'dlc.rnn' op failed to infer returned types}}
  %y, %yh = dlc.rnn %x, %w, %r : (tensor<5x2x3xf32>, tensor<12xf32>, tensor<4x4xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>)
  return
}

// -----

// An LSTM's R stacks four gates: [4H, H].
func.func @lstm_r_shape(%x: tensor<5x2x3xf32>, %w: tensor<16x3xf32>, %r: tensor<12x4xf32>) {
  // expected-error @+2 {{'dlc.lstm' op r must have shape 16x4 (4 gates (i, o, f, c) x hidden size 4, hidden size from r's last dim), got 12x4}}
  // expected-error @+1 {{'dlc.lstm' op failed to infer returned types}}
  %y, %yh, %yc = dlc.lstm %x, %w, %r : (tensor<5x2x3xf32>, tensor<16x3xf32>, tensor<12x4xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>)
  return
}

// -----

// W's columns must match the input size.
func.func @gru_w_shape(%x: tensor<5x2x3xf32>, %w: tensor<12x5xf32>, %r: tensor<12x4xf32>) {
  // expected-error @+2 {{'dlc.gru' op w must have shape 12x3 (3 gates (z, r, h) x hidden size 4, input size 3), got 12x5}}
  // expected-error @+1 {{'dlc.gru' op failed to infer returned types}}
  %y, %yh = dlc.gru %x, %w, %r : (tensor<5x2x3xf32>, tensor<12x5xf32>, tensor<12x4xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>)
  return
}

// -----

// B holds Wb and Rb: [2*G*H].
func.func @bias_shape(%x: tensor<5x2x3xf32>, %w: tensor<12x3xf32>, %r: tensor<12x4xf32>, %b: tensor<12xf32>) {
  // expected-error @+2 {{'dlc.gru' op b must have shape 24 (wb then rb, 3 gates (z, r, h) x hidden size 4), got 12}}
  // expected-error @+1 {{'dlc.gru' op failed to infer returned types}}
  %y, %yh = dlc.gru %x, %w, %r bias %b : (tensor<5x2x3xf32>, tensor<12x3xf32>, tensor<12x4xf32>, tensor<12xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>)
  return
}

// -----

func.func @initial_h_shape(%x: tensor<5x2x3xf32>, %w: tensor<4x3xf32>, %r: tensor<4x4xf32>, %h: tensor<3x4xf32>) {
  // expected-error @+2 {{'dlc.rnn' op initial_h must have shape 2x4 (batch x hidden size), got 3x4}}
  // expected-error @+1 {{'dlc.rnn' op failed to infer returned types}}
  %y, %yh = dlc.rnn %x, %w, %r initial_h %h : (tensor<5x2x3xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<3x4xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>)
  return
}

// -----

func.func @initial_c_shape(%x: tensor<5x2x3xf32>, %w: tensor<16x3xf32>, %r: tensor<16x4xf32>, %c: tensor<2x5xf32>) {
  // expected-error @+2 {{'dlc.lstm' op initial_c must have shape 2x4 (batch x hidden size), got 2x5}}
  // expected-error @+1 {{'dlc.lstm' op failed to infer returned types}}
  %y, %yh, %yc = dlc.lstm %x, %w, %r initial_c %c : (tensor<5x2x3xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<2x5xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>)
  return
}

// -----

// Peepholes are p_i, p_o, p_f: [3H].
func.func @peephole_shape(%x: tensor<5x2x3xf32>, %w: tensor<16x3xf32>, %r: tensor<16x4xf32>, %p: tensor<16xf32>) {
  // expected-error @+2 {{'dlc.lstm' op p must have shape 12 (peepholes p_i, p_o, p_f x hidden size 4), got 16}}
  // expected-error @+1 {{'dlc.lstm' op failed to infer returned types}}
  %y, %yh, %yc = dlc.lstm %x, %w, %r peephole %p : (tensor<5x2x3xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<16xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>)
  return
}

// -----

func.func @unknown_activation(%x: tensor<5x2x3xf32>, %w: tensor<4x3xf32>, %r: tensor<4x4xf32>) {
  // expected-error @+2 {{'dlc.rnn' op activation must be "tanh" or "relu", got "sigmoid"}}
  // expected-error @+1 {{'dlc.rnn' op failed to infer returned types}}
  %y, %yh = dlc.rnn %x, %w, %r {activation = "sigmoid"} : (tensor<5x2x3xf32>, tensor<4x3xf32>, tensor<4x4xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>)
  return
}

// -----

// A cell's state operands are checked like the initial states.
func.func @cell_state_shape(%x: tensor<2x3xf32>, %h: tensor<2x4xf32>, %c: tensor<1x4xf32>, %w: tensor<16x3xf32>, %r: tensor<16x4xf32>) {
  // expected-error @+2 {{'dlc.lstm_cell' op c must have shape 2x4 (batch x hidden size), got 1x4}}
  // expected-error @+1 {{'dlc.lstm_cell' op failed to infer returned types}}
  %0:2 = dlc.lstm_cell %x, %h, %c, %w, %r : (tensor<2x3xf32>, tensor<2x4xf32>, tensor<1x4xf32>, tensor<16x3xf32>, tensor<16x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>)
  return
}

// -----

func.func @gru_cell_h_shape(%x: tensor<2x3xf32>, %h: tensor<2x5xf32>, %w: tensor<12x3xf32>, %r: tensor<12x4xf32>) {
  // expected-error @+2 {{'dlc.gru_cell' op h must have shape 2x4 (batch x hidden size), got 2x5}}
  // expected-error @+1 {{'dlc.gru_cell' op failed to infer returned types}}
  %0 = dlc.gru_cell %x, %h, %w, %r : (tensor<2x3xf32>, tensor<2x5xf32>, tensor<12x3xf32>, tensor<12x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

// The backward ops: T and N from the first stack, H from R.
func.func @rnn_grad_y_rank(%y: tensor<2x4xf32>, %r: tensor<4x4xf32>, %dy: tensor<2x4xf32>, %dyh: tensor<2x4xf32>) {
  // expected-error @+2 {{'dlc.rnn_grad' op y must have rank 3 (time x batch x gates*hidden), got rank 2 (2x4)}}
  // expected-error @+1 {{'dlc.rnn_grad' op failed to infer returned types}}
  %da, %dh0 = dlc.rnn_grad %y, %r, %dy, %dyh : (tensor<2x4xf32>, tensor<4x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>)
  return
}

// -----

func.func @lstm_grad_r_rank(%a: tensor<5x2x16xf32>, %r: tensor<64xf32>, %c0: tensor<2x4xf32>, %dy: tensor<5x2x4xf32>, %dyh: tensor<2x4xf32>, %dyc: tensor<2x4xf32>) {
  // expected-error @+2 {{'dlc.lstm_grad' op r must have rank 2 (gates*hidden x hidden), got rank 1 (64)}}
  // expected-error @+1 {{'dlc.lstm_grad' op failed to infer returned types}}
  %da, %dh0, %dc0, %c = dlc.lstm_grad %a, %r, %c0, %dy, %dyh, %dyc : (tensor<5x2x16xf32>, tensor<64xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) -> (tensor<5x2x16xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>)
  return
}

// -----

// R's rows must stack G gates.
func.func @rnn_grad_r_shape(%y: tensor<5x2x4xf32>, %r: tensor<8x4xf32>, %dy: tensor<5x2x4xf32>, %dyh: tensor<2x4xf32>) {
  // expected-error @+2 {{'dlc.rnn_grad' op r must have shape 4x4 (1 gate (h) x hidden size 4, hidden size from r's last dim), got 8x4}}
  // expected-error @+1 {{'dlc.rnn_grad' op failed to infer returned types}}
  %da, %dh0 = dlc.rnn_grad %y, %r, %dy, %dyh : (tensor<5x2x4xf32>, tensor<8x4xf32>, tensor<5x2x4xf32>, tensor<2x4xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>)
  return
}

// -----

// The pre-activations' last dim is G*H.
func.func @lstm_grad_a_shape(%a: tensor<5x2x12xf32>, %r: tensor<16x4xf32>, %c0: tensor<2x4xf32>, %dy: tensor<5x2x4xf32>, %dyh: tensor<2x4xf32>, %dyc: tensor<2x4xf32>) {
  // expected-error @+2 {{'dlc.lstm_grad' op a must have shape 5x2x16 (time x batch x 4 gates (i, o, f, c) x hidden size 4), got 5x2x12}}
  // expected-error @+1 {{'dlc.lstm_grad' op failed to infer returned types}}
  %da, %dh0, %dc0, %c = dlc.lstm_grad %a, %r, %c0, %dy, %dyh, %dyc : (tensor<5x2x12xf32>, tensor<16x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) -> (tensor<5x2x16xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>)
  return
}

// -----

func.func @rnn_grad_dy_shape(%y: tensor<5x2x4xf32>, %r: tensor<4x4xf32>, %dy: tensor<4x2x4xf32>, %dyh: tensor<2x4xf32>) {
  // expected-error @+2 {{'dlc.rnn_grad' op dy must have shape 5x2x4 (time x batch x hidden size), got 4x2x4}}
  // expected-error @+1 {{'dlc.rnn_grad' op failed to infer returned types}}
  %da, %dh0 = dlc.rnn_grad %y, %r, %dy, %dyh : (tensor<5x2x4xf32>, tensor<4x4xf32>, tensor<4x2x4xf32>, tensor<2x4xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>)
  return
}

// -----

func.func @rnn_grad_dy_h_shape(%y: tensor<5x2x4xf32>, %r: tensor<4x4xf32>, %dy: tensor<5x2x4xf32>, %dyh: tensor<4xf32>) {
  // expected-error @+2 {{'dlc.rnn_grad' op dy_h must have shape 2x4 (batch x hidden size), got 4}}
  // expected-error @+1 {{'dlc.rnn_grad' op failed to infer returned types}}
  %da, %dh0 = dlc.rnn_grad %y, %r, %dy, %dyh : (tensor<5x2x4xf32>, tensor<4x4xf32>, tensor<5x2x4xf32>, tensor<4xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>)
  return
}

// -----

func.func @rnn_grad_activation(%y: tensor<5x2x4xf32>, %r: tensor<4x4xf32>, %dy: tensor<5x2x4xf32>, %dyh: tensor<2x4xf32>) {
  // expected-error @+2 {{'dlc.rnn_grad' op activation must be "tanh" or "relu", got "sigmoid"}}
  // expected-error @+1 {{'dlc.rnn_grad' op failed to infer returned types}}
  %da, %dh0 = dlc.rnn_grad %y, %r, %dy, %dyh {activation = "sigmoid"} : (tensor<5x2x4xf32>, tensor<4x4xf32>, tensor<5x2x4xf32>, tensor<2x4xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>)
  return
}

// -----

func.func @lstm_grad_initial_c_shape(%a: tensor<5x2x16xf32>, %r: tensor<16x4xf32>, %c0: tensor<1x4xf32>, %dy: tensor<5x2x4xf32>, %dyh: tensor<2x4xf32>, %dyc: tensor<2x4xf32>) {
  // expected-error @+2 {{'dlc.lstm_grad' op initial_c must have shape 2x4 (batch x hidden size), got 1x4}}
  // expected-error @+1 {{'dlc.lstm_grad' op failed to infer returned types}}
  %da, %dh0, %dc0, %c = dlc.lstm_grad %a, %r, %c0, %dy, %dyh, %dyc : (tensor<5x2x16xf32>, tensor<16x4xf32>, tensor<1x4xf32>, tensor<5x2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) -> (tensor<5x2x16xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>)
  return
}

// -----

func.func @lstm_grad_dy_shape(%a: tensor<5x2x16xf32>, %r: tensor<16x4xf32>, %c0: tensor<2x4xf32>, %dy: tensor<5x2x5xf32>, %dyh: tensor<2x4xf32>, %dyc: tensor<2x4xf32>) {
  // expected-error @+2 {{'dlc.lstm_grad' op dy must have shape 5x2x4 (time x batch x hidden size), got 5x2x5}}
  // expected-error @+1 {{'dlc.lstm_grad' op failed to infer returned types}}
  %da, %dh0, %dc0, %c = dlc.lstm_grad %a, %r, %c0, %dy, %dyh, %dyc : (tensor<5x2x16xf32>, tensor<16x4xf32>, tensor<2x4xf32>, tensor<5x2x5xf32>, tensor<2x4xf32>, tensor<2x4xf32>) -> (tensor<5x2x16xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>)
  return
}

// -----

func.func @lstm_grad_dy_h_shape(%a: tensor<5x2x16xf32>, %r: tensor<16x4xf32>, %c0: tensor<2x4xf32>, %dy: tensor<5x2x4xf32>, %dyh: tensor<2x5xf32>, %dyc: tensor<2x4xf32>) {
  // expected-error @+2 {{'dlc.lstm_grad' op dy_h must have shape 2x4 (batch x hidden size), got 2x5}}
  // expected-error @+1 {{'dlc.lstm_grad' op failed to infer returned types}}
  %da, %dh0, %dc0, %c = dlc.lstm_grad %a, %r, %c0, %dy, %dyh, %dyc : (tensor<5x2x16xf32>, tensor<16x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>, tensor<2x5xf32>, tensor<2x4xf32>) -> (tensor<5x2x16xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>)
  return
}

// -----

func.func @lstm_grad_dy_c_shape(%a: tensor<5x2x16xf32>, %r: tensor<16x4xf32>, %c0: tensor<2x4xf32>, %dy: tensor<5x2x4xf32>, %dyh: tensor<2x4xf32>, %dyc: tensor<3x4xf32>) {
  // expected-error @+2 {{'dlc.lstm_grad' op dy_c must have shape 2x4 (batch x hidden size), got 3x4}}
  // expected-error @+1 {{'dlc.lstm_grad' op failed to infer returned types}}
  %da, %dh0, %dc0, %c = dlc.lstm_grad %a, %r, %c0, %dy, %dyh, %dyc : (tensor<5x2x16xf32>, tensor<16x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>, tensor<2x4xf32>, tensor<3x4xf32>) -> (tensor<5x2x16xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>)
  return
}

// -----

func.func @lstm_grad_peephole_shape(%a: tensor<5x2x16xf32>, %r: tensor<16x4xf32>, %c0: tensor<2x4xf32>, %dy: tensor<5x2x4xf32>, %dyh: tensor<2x4xf32>, %dyc: tensor<2x4xf32>, %p: tensor<16xf32>) {
  // expected-error @+2 {{'dlc.lstm_grad' op p must have shape 12 (peepholes p_i, p_o, p_f x hidden size 4), got 16}}
  // expected-error @+1 {{'dlc.lstm_grad' op failed to infer returned types}}
  %da, %dh0, %dc0, %c = dlc.lstm_grad %a, %r, %c0, %dy, %dyh, %dyc peephole %p : (tensor<5x2x16xf32>, tensor<16x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<16xf32>) -> (tensor<5x2x16xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>)
  return
}

// -----

func.func @gru_grad_xa_rank(%xa: tensor<10x12xf32>, %ha: tensor<10x12xf32>, %hp: tensor<5x2x4xf32>, %r: tensor<12x4xf32>, %dy: tensor<5x2x4xf32>, %dyh: tensor<2x4xf32>) {
  // expected-error @+2 {{'dlc.gru_grad' op xa must have rank 3 (time x batch x gates*hidden), got rank 2 (10x12)}}
  // expected-error @+1 {{'dlc.gru_grad' op failed to infer returned types}}
  %dxa, %dha, %dh0 = dlc.gru_grad %xa, %ha, %hp, %r, %dy, %dyh : (tensor<10x12xf32>, tensor<10x12xf32>, tensor<5x2x4xf32>, tensor<12x4xf32>, tensor<5x2x4xf32>, tensor<2x4xf32>) -> (tensor<5x2x12xf32>, tensor<5x2x12xf32>, tensor<2x4xf32>)
  return
}

// -----

// The two parts of the pre-activations have one shape.
func.func @gru_grad_ha_shape(%xa: tensor<5x2x12xf32>, %ha: tensor<5x2x8xf32>, %hp: tensor<5x2x4xf32>, %r: tensor<12x4xf32>, %dy: tensor<5x2x4xf32>, %dyh: tensor<2x4xf32>) {
  // expected-error @+2 {{'dlc.gru_grad' op ha must have shape 5x2x12 (xa's shape), got 5x2x8}}
  // expected-error @+1 {{'dlc.gru_grad' op failed to infer returned types}}
  %dxa, %dha, %dh0 = dlc.gru_grad %xa, %ha, %hp, %r, %dy, %dyh : (tensor<5x2x12xf32>, tensor<5x2x8xf32>, tensor<5x2x4xf32>, tensor<12x4xf32>, tensor<5x2x4xf32>, tensor<2x4xf32>) -> (tensor<5x2x12xf32>, tensor<5x2x12xf32>, tensor<2x4xf32>)
  return
}

// -----

func.func @gru_grad_h_prev_shape(%xa: tensor<5x2x12xf32>, %ha: tensor<5x2x12xf32>, %hp: tensor<4x2x4xf32>, %r: tensor<12x4xf32>, %dy: tensor<5x2x4xf32>, %dyh: tensor<2x4xf32>) {
  // expected-error @+2 {{'dlc.gru_grad' op h_prev must have shape 5x2x4 (time x batch x hidden size), got 4x2x4}}
  // expected-error @+1 {{'dlc.gru_grad' op failed to infer returned types}}
  %dxa, %dha, %dh0 = dlc.gru_grad %xa, %ha, %hp, %r, %dy, %dyh : (tensor<5x2x12xf32>, tensor<5x2x12xf32>, tensor<4x2x4xf32>, tensor<12x4xf32>, tensor<5x2x4xf32>, tensor<2x4xf32>) -> (tensor<5x2x12xf32>, tensor<5x2x12xf32>, tensor<2x4xf32>)
  return
}

// -----

func.func @gru_grad_dy_shape(%xa: tensor<5x2x12xf32>, %ha: tensor<5x2x12xf32>, %hp: tensor<5x2x4xf32>, %r: tensor<12x4xf32>, %dy: tensor<5x3x4xf32>, %dyh: tensor<2x4xf32>) {
  // expected-error @+2 {{'dlc.gru_grad' op dy must have shape 5x2x4 (time x batch x hidden size), got 5x3x4}}
  // expected-error @+1 {{'dlc.gru_grad' op failed to infer returned types}}
  %dxa, %dha, %dh0 = dlc.gru_grad %xa, %ha, %hp, %r, %dy, %dyh : (tensor<5x2x12xf32>, tensor<5x2x12xf32>, tensor<5x2x4xf32>, tensor<12x4xf32>, tensor<5x3x4xf32>, tensor<2x4xf32>) -> (tensor<5x2x12xf32>, tensor<5x2x12xf32>, tensor<2x4xf32>)
  return
}

// -----

func.func @gru_grad_dy_h_shape(%xa: tensor<5x2x12xf32>, %ha: tensor<5x2x12xf32>, %hp: tensor<5x2x4xf32>, %r: tensor<12x4xf32>, %dy: tensor<5x2x4xf32>, %dyh: tensor<2x3xf32>) {
  // expected-error @+2 {{'dlc.gru_grad' op dy_h must have shape 2x4 (batch x hidden size), got 2x3}}
  // expected-error @+1 {{'dlc.gru_grad' op failed to infer returned types}}
  %dxa, %dha, %dh0 = dlc.gru_grad %xa, %ha, %hp, %r, %dy, %dyh : (tensor<5x2x12xf32>, tensor<5x2x12xf32>, tensor<5x2x4xf32>, tensor<12x4xf32>, tensor<5x2x4xf32>, tensor<2x3xf32>) -> (tensor<5x2x12xf32>, tensor<5x2x12xf32>, tensor<2x4xf32>)
  return
}
