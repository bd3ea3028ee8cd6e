// RUN: dlc-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of the activation-family ops added with prelu.

// prelu's slope is neither [C] nor broadcastable into the input.
func.func @prelu_slope_shape(%x: tensor<2x3x4xf32>, %s: tensor<5xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+2 {{'dlc.prelu' op slope shape 5 must be [C] with C = input dim 1 or broadcast to the input shape 2x3x4}}
  // expected-error @+1 {{'dlc.prelu' op failed to infer returned types}}
  %0 = dlc.prelu %x, %s : (tensor<2x3x4xf32>, tensor<5xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// A slope that would broadcast the input to a larger shape is rejected.
func.func @prelu_slope_grows_input(%x: tensor<3x1xf32>, %s: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error @+2 {{'dlc.prelu' op slope shape 3x4 must be [C] with C = input dim 1 or broadcast to the input shape 3x1}}
  // expected-error @+1 {{'dlc.prelu' op failed to infer returned types}}
  %0 = dlc.prelu %x, %s : (tensor<3x1xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @maxout_rank(%x: tensor<6xf32>) -> (tensor<3xf32>, tensor<3xi64>) {
  // expected-error @+2 {{'dlc.maxout' op input must have rank >= 2 ([N, C*pieces, ...]), got rank 1 (6)}}
  // expected-error @+1 {{'dlc.maxout' op failed to infer returned types}}
  %0:2 = dlc.maxout %x {pieces = 2 : i64} : (tensor<6xf32>) -> (tensor<3xf32>, tensor<3xi64>)
  return %0#0, %0#1 : tensor<3xf32>, tensor<3xi64>
}

// -----

func.func @maxout_pieces_positive(%x: tensor<2x6xf32>) -> (tensor<2x6xf32>, tensor<2x6xi64>) {
  // expected-error @+2 {{'dlc.maxout' op pieces must be positive, got 0}}
  // expected-error @+1 {{'dlc.maxout' op failed to infer returned types}}
  %0:2 = dlc.maxout %x {pieces = 0 : i64} : (tensor<2x6xf32>) -> (tensor<2x6xf32>, tensor<2x6xi64>)
  return %0#0, %0#1 : tensor<2x6xf32>, tensor<2x6xi64>
}

// -----

func.func @maxout_pieces_divide_channels(%x: tensor<2x7xf32>) -> (tensor<2x3xf32>, tensor<2x3xi64>) {
  // expected-error @+2 {{'dlc.maxout' op input dim 1 (7) must be a multiple of pieces (2)}}
  // expected-error @+1 {{'dlc.maxout' op failed to infer returned types}}
  %0:2 = dlc.maxout %x {pieces = 2 : i64} : (tensor<2x7xf32>) -> (tensor<2x3xf32>, tensor<2x3xi64>)
  return %0#0, %0#1 : tensor<2x3xf32>, tensor<2x3xi64>
}

// -----

func.func @dropout_ratio_one(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  // expected-error @+2 {{'dlc.dropout' op ratio must be in [0, 1), got 1.000000e+00}}
  // expected-error @+1 {{'dlc.dropout' op failed to infer returned types}}
  %0:2 = dlc.dropout %x {ratio = 1.0 : f32, training = true} : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  return %0#0, %0#1 : tensor<4xf32>, tensor<4xf32>
}

// -----

func.func @dropout_ratio_negative(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  // expected-error @+2 {{'dlc.dropout' op ratio must be in [0, 1), got -5.000000e-01}}
  // expected-error @+1 {{'dlc.dropout' op failed to infer returned types}}
  %0:2 = dlc.dropout %x {ratio = -0.5 : f32} : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  return %0#0, %0#1 : tensor<4xf32>, tensor<4xf32>
}

// -----

func.func @log_softmax_axis_out_of_range(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+2 {{'dlc.log_softmax' op axis 2 is out of range for rank 2 (expected -2 to 1)}}
  // expected-error @+1 {{'dlc.log_softmax' op failed to infer returned types}}
  %0 = dlc.log_softmax %x {axis = 2 : i64} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @div_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'dlc.div' op operand shapes 2x3 and 4 are not broadcast-compatible}}
  // expected-error @+1 {{'dlc.div' op failed to infer returned types}}
  %0 = dlc.div %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @pow_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<2xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'dlc.pow' op operand shapes 2x3 and 2 are not broadcast-compatible}}
  // expected-error @+1 {{'dlc.pow' op failed to infer returned types}}
  %0 = dlc.pow %a, %b : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @compare_bad_predicate(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'dlc.compare' op predicate must be one of eq, ne, lt, le, gt, ge, got 'greater'}}
  // expected-error @+1 {{'dlc.compare' op failed to infer returned types}}
  %0 = dlc.compare %a, %a {predicate = "greater"} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @select_not_broadcastable(%c: tensor<2x3xf32>, %t: tensor<3xf32>, %f: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'dlc.select' op operand shapes 2x3, 3 and 4 are not broadcast-compatible}}
  // expected-error @+1 {{'dlc.select' op failed to infer returned types}}
  %0 = dlc.select %c, %t, %f : (tensor<2x3xf32>, tensor<3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @hard_sigmoid_alpha_not_finite(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'dlc.hard_sigmoid' op alpha must be finite, got inf}}
  %0 = dlc.hard_sigmoid %x {alpha = 0x7F800000 : f32} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @hard_sigmoid_beta_not_finite(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'dlc.hard_sigmoid' op beta must be finite, got nan}}
  %0 = dlc.hard_sigmoid %x {beta = 0x7FC00000 : f32} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// An attribute of the wrong type is rejected by its ODS constraint.
func.func @hard_sigmoid_alpha_type(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'dlc.hard_sigmoid' op attribute 'alpha' failed to satisfy constraint: 32-bit float attribute}}
  %0 = dlc.hard_sigmoid %x {alpha = 1 : i64} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @gelu_bad_approximate(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'dlc.gelu' op approximate must be 'none' or 'tanh', got 'fast'}}
  %0 = dlc.gelu %x {approximate = "fast"} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @gelu_approximate_type(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'dlc.gelu' op attribute 'approximate' failed to satisfy constraint: string attribute}}
  %0 = dlc.gelu %x {approximate = 1.0 : f32} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
