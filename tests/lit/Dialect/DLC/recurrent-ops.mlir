// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// Round trip of the recurrent ops, each optional operand present and absent,
// each attribute at a non-default value. Defaults are not printed.

// CHECK-LABEL: func.func @rnn_minimal
// CHECK: %y, %y_h = dlc.rnn %{{.*}}, %{{.*}}, %{{.*}} : (tensor<5x2x3xf32>, tensor<4x3xf32>, tensor<4x4xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>)
func.func @rnn_minimal(%x: tensor<5x2x3xf32>, %w: tensor<4x3xf32>, %r: tensor<4x4xf32>) -> tensor<5x2x4xf32> {
  %y, %yh = dlc.rnn %x, %w, %r : (tensor<5x2x3xf32>, tensor<4x3xf32>, tensor<4x4xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>)
  return %y : tensor<5x2x4xf32>
}

// CHECK-LABEL: func.func @rnn_full
// CHECK: dlc.rnn %{{.*}}, %{{.*}}, %{{.*}} bias %{{.*}} initial_h %{{.*}} {activation = "relu"}
func.func @rnn_full(%x: tensor<5x2x3xf32>, %w: tensor<4x3xf32>, %r: tensor<4x4xf32>, %b: tensor<8xf32>, %h: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %y, %yh = dlc.rnn %x, %w, %r bias %b initial_h %h {activation = "relu"} : (tensor<5x2x3xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<8xf32>, tensor<2x4xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>)
  return %yh : tensor<2x4xf32>
}

// Only the initial state, no bias: the keyword tells the operands apart.
// CHECK-LABEL: func.func @rnn_state_only
// CHECK: dlc.rnn %{{.*}}, %{{.*}}, %{{.*}} initial_h %{{.*}} :
func.func @rnn_state_only(%x: tensor<5x2x3xf32>, %w: tensor<4x3xf32>, %r: tensor<4x4xf32>, %h: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %y, %yh = dlc.rnn %x, %w, %r initial_h %h : (tensor<5x2x3xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<2x4xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>)
  return %yh : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @lstm_full
// CHECK: %y, %y_h, %y_c = dlc.lstm %{{.*}}, %{{.*}}, %{{.*}} bias %{{.*}} initial_h %{{.*}} initial_c %{{.*}} peephole %{{.*}} {input_forget = true} : (tensor<5x2x3xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<32xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<12xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>)
func.func @lstm_full(%x: tensor<5x2x3xf32>, %w: tensor<16x3xf32>, %r: tensor<16x4xf32>, %b: tensor<32xf32>, %h: tensor<2x4xf32>, %c: tensor<2x4xf32>, %p: tensor<12xf32>) -> tensor<2x4xf32> {
  %y, %yh, %yc = dlc.lstm %x, %w, %r bias %b initial_h %h initial_c %c peephole %p {input_forget = true} : (tensor<5x2x3xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<32xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<12xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>)
  return %yc : tensor<2x4xf32>
}

// A cell state without a hidden state, and peepholes without bias.
// CHECK-LABEL: func.func @lstm_partial
// CHECK: dlc.lstm %{{.*}}, %{{.*}}, %{{.*}} initial_c %{{.*}} peephole %{{.*}} :
func.func @lstm_partial(%x: tensor<5x2x3xf32>, %w: tensor<16x3xf32>, %r: tensor<16x4xf32>, %c: tensor<2x4xf32>, %p: tensor<12xf32>) -> tensor<2x4xf32> {
  %y, %yh, %yc = dlc.lstm %x, %w, %r initial_c %c peephole %p : (tensor<5x2x3xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<2x4xf32>, tensor<12xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>)
  return %yh : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @gru_full
// CHECK: dlc.gru %{{.*}}, %{{.*}}, %{{.*}} bias %{{.*}} initial_h %{{.*}} {linear_before_reset = true}
func.func @gru_full(%x: tensor<5x2x3xf32>, %w: tensor<12x3xf32>, %r: tensor<12x4xf32>, %b: tensor<24xf32>, %h: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %y, %yh = dlc.gru %x, %w, %r bias %b initial_h %h {linear_before_reset = true} : (tensor<5x2x3xf32>, tensor<12x3xf32>, tensor<12x4xf32>, tensor<24xf32>, tensor<2x4xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>)
  return %yh : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @cells
// CHECK: dlc.rnn_cell %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} bias %{{.*}} {activation = "relu"} : (tensor<2x3xf32>, tensor<2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<8xf32>) -> tensor<2x4xf32>
// CHECK: dlc.lstm_cell %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} peephole %{{.*}} {input_forget = true} : (tensor<2x3xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<12xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>)
// CHECK: dlc.gru_cell %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<2x4xf32>, tensor<12x3xf32>, tensor<12x4xf32>) -> tensor<2x4xf32>
func.func @cells(%x: tensor<2x3xf32>, %h: tensor<2x4xf32>, %c: tensor<2x4xf32>, %w1: tensor<4x3xf32>, %r1: tensor<4x4xf32>, %b1: tensor<8xf32>, %w4: tensor<16x3xf32>, %r4: tensor<16x4xf32>, %p: tensor<12xf32>, %w3: tensor<12x3xf32>, %r3: tensor<12x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) {
  %0 = dlc.rnn_cell %x, %h, %w1, %r1 bias %b1 {activation = "relu"} : (tensor<2x3xf32>, tensor<2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<8xf32>) -> tensor<2x4xf32>
  %1:2 = dlc.lstm_cell %x, %h, %c, %w4, %r4 peephole %p {input_forget = true} : (tensor<2x3xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<12xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>)
  %2 = dlc.gru_cell %x, %h, %w3, %r3 : (tensor<2x3xf32>, tensor<2x4xf32>, tensor<12x3xf32>, tensor<12x4xf32>) -> tensor<2x4xf32>
  return %0, %1#1, %2 : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}

// The backward ops (adjoint recurrences), each attribute at a non-default
// value; lstm_grad with and without peepholes.
// CHECK-LABEL: func.func @rnn_grad
// CHECK: %da, %dh0 = dlc.rnn_grad %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {activation = "relu"} : (tensor<5x2x4xf32>, tensor<4x4xf32>, tensor<5x2x4xf32>, tensor<2x4xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>)
func.func @rnn_grad(%y: tensor<5x2x4xf32>, %r: tensor<4x4xf32>, %dy: tensor<5x2x4xf32>, %dyh: tensor<2x4xf32>) -> tensor<5x2x4xf32> {
  %da, %dh0 = dlc.rnn_grad %y, %r, %dy, %dyh {activation = "relu"} : (tensor<5x2x4xf32>, tensor<4x4xf32>, tensor<5x2x4xf32>, tensor<2x4xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>)
  return %da : tensor<5x2x4xf32>
}

// CHECK-LABEL: func.func @lstm_grad
// CHECK: %da, %dh0, %dc0, %c = dlc.lstm_grad %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} peephole %{{.*}} {input_forget = true} : (tensor<5x2x16xf32>, tensor<16x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<12xf32>) -> (tensor<5x2x16xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>)
// CHECK: dlc.lstm_grad %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<5x2x16xf32>, tensor<16x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) -> (tensor<5x2x16xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>)
func.func @lstm_grad(%a: tensor<5x2x16xf32>, %r: tensor<16x4xf32>, %c0: tensor<2x4xf32>, %dy: tensor<5x2x4xf32>, %dyh: tensor<2x4xf32>, %dyc: tensor<2x4xf32>, %p: tensor<12xf32>) -> (tensor<5x2x16xf32>, tensor<5x2x16xf32>) {
  %da, %dh0, %dc0, %c = dlc.lstm_grad %a, %r, %c0, %dy, %dyh, %dyc peephole %p {input_forget = true} : (tensor<5x2x16xf32>, tensor<16x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<12xf32>) -> (tensor<5x2x16xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>)
  %da2, %dh02, %dc02, %c2 = dlc.lstm_grad %a, %r, %c0, %dy, %dyh, %dyc : (tensor<5x2x16xf32>, tensor<16x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) -> (tensor<5x2x16xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<5x2x4xf32>)
  return %da, %da2 : tensor<5x2x16xf32>, tensor<5x2x16xf32>
}

// CHECK-LABEL: func.func @gru_grad
// CHECK: %dxa, %dha, %dh0 = dlc.gru_grad %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {linear_before_reset = true} : (tensor<5x2x12xf32>, tensor<5x2x12xf32>, tensor<5x2x4xf32>, tensor<12x4xf32>, tensor<5x2x4xf32>, tensor<2x4xf32>) -> (tensor<5x2x12xf32>, tensor<5x2x12xf32>, tensor<2x4xf32>)
func.func @gru_grad(%xa: tensor<5x2x12xf32>, %ha: tensor<5x2x12xf32>, %hp: tensor<5x2x4xf32>, %r: tensor<12x4xf32>, %dy: tensor<5x2x4xf32>, %dyh: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %dxa, %dha, %dh0 = dlc.gru_grad %xa, %ha, %hp, %r, %dy, %dyh {linear_before_reset = true} : (tensor<5x2x12xf32>, tensor<5x2x12xf32>, tensor<5x2x4xf32>, tensor<12x4xf32>, tensor<5x2x4xf32>, tensor<2x4xf32>) -> (tensor<5x2x12xf32>, tensor<5x2x12xf32>, tensor<2x4xf32>)
  return %dh0 : tensor<2x4xf32>
}
