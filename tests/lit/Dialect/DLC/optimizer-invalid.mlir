// RUN: dlc-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of the optimizer steps in OptimizerOps.td. A
// shape inference failure is followed by upstream's generic "failed to
// infer returned types", so those cases expect both errors.

// The learning rate is a scalar.
func.func @adagrad_r_rank(%r: tensor<1xf32>, %t: tensor<i64>, %x: tensor<4xf32>, %g: tensor<4xf32>, %h: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  // expected-error @+2 {{'dlc.adagrad' op r must have rank 0 (the learning rate), got rank 1 (1)}}
  // expected-error @+1 {{'dlc.adagrad' op failed to infer returned types}}
  %0:2 = dlc.adagrad %r, %t, %x, %g, %h : (tensor<1xf32>, tensor<i64>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  return %0#0, %0#1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// The update count is a scalar.
func.func @adam_t_rank(%r: tensor<f32>, %t: tensor<2xi64>, %x: tensor<4xf32>, %g: tensor<4xf32>, %v: tensor<4xf32>, %h: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  // expected-error @+2 {{'dlc.adam' op t must have rank 0 (the update count), got rank 1 (2)}}
  // expected-error @+1 {{'dlc.adam' op failed to infer returned types}}
  %0:3 = dlc.adam %r, %t, %x, %g, %v, %h : (tensor<f32>, tensor<2xi64>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
  return %0#0, %0#1, %0#2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// The update count is an integer.
func.func @momentum_t_type(%r: tensor<f32>, %t: tensor<f32>, %x: tensor<4xf32>, %g: tensor<4xf32>, %v: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  // expected-error @+1 {{'dlc.momentum' op operand #1 must be statically shaped tensor of 64-bit signless integer values, but got 'tensor<f32>'}}
  %0:2 = dlc.momentum %r, %t, %x, %g, %v {alpha = 0.9 : f32, beta = 1.0 : f32, mode = "standard", norm_coefficient = 0.0 : f32} : (tensor<f32>, tensor<f32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  return %0#0, %0#1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// The gradient has the parameter's shape.
func.func @adagrad_g_shape(%r: tensor<f32>, %t: tensor<i64>, %x: tensor<3x4xf32>, %g: tensor<3x5xf32>, %h: tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>) {
  // expected-error @+2 {{'dlc.adagrad' op g must have the shape of x (3x4), got 3x5}}
  // expected-error @+1 {{'dlc.adagrad' op failed to infer returned types}}
  %0:2 = dlc.adagrad %r, %t, %x, %g, %h : (tensor<f32>, tensor<i64>, tensor<3x4xf32>, tensor<3x5xf32>, tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>)
  return %0#0, %0#1 : tensor<3x4xf32>, tensor<3x4xf32>
}

// -----

// So does Adagrad's accumulated squared gradient...
func.func @adagrad_h_shape(%r: tensor<f32>, %t: tensor<i64>, %x: tensor<3x4xf32>, %g: tensor<3x4xf32>, %h: tensor<4xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>) {
  // expected-error @+2 {{'dlc.adagrad' op h must have the shape of x (3x4), got 4}}
  // expected-error @+1 {{'dlc.adagrad' op failed to infer returned types}}
  %0:2 = dlc.adagrad %r, %t, %x, %g, %h : (tensor<f32>, tensor<i64>, tensor<3x4xf32>, tensor<3x4xf32>, tensor<4xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>)
  return %0#0, %0#1 : tensor<3x4xf32>, tensor<3x4xf32>
}

// -----

// ...the momentum...
func.func @momentum_v_shape(%r: tensor<f32>, %t: tensor<i64>, %x: tensor<4xf32>, %g: tensor<4xf32>, %v: tensor<f32>) -> (tensor<4xf32>, tensor<4xf32>) {
  // expected-error @+2 {{'dlc.momentum' op v must have the shape of x (4), got scalar}}
  // expected-error @+1 {{'dlc.momentum' op failed to infer returned types}}
  %0:2 = dlc.momentum %r, %t, %x, %g, %v {alpha = 0.9 : f32, beta = 1.0 : f32, mode = "standard", norm_coefficient = 0.0 : f32} : (tensor<f32>, tensor<i64>, tensor<4xf32>, tensor<4xf32>, tensor<f32>) -> (tensor<4xf32>, tensor<4xf32>)
  return %0#0, %0#1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// ...and Adam's two moments.
func.func @adam_h_shape(%r: tensor<f32>, %t: tensor<i64>, %x: tensor<2x2xf32>, %g: tensor<2x2xf32>, %v: tensor<2x2xf32>, %h: tensor<2x1xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
  // expected-error @+2 {{'dlc.adam' op h must have the shape of x (2x2), got 2x1}}
  // expected-error @+1 {{'dlc.adam' op failed to infer returned types}}
  %0:3 = dlc.adam %r, %t, %x, %g, %v, %h : (tensor<f32>, tensor<i64>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x1xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>)
  return %0#0, %0#1, %0#2 : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

// The momentum modes are ONNX's two.
func.func @momentum_mode(%r: tensor<f32>, %t: tensor<i64>, %x: tensor<4xf32>, %g: tensor<4xf32>, %v: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  // expected-error @+2 {{'dlc.momentum' op mode must be "standard" or "nesterov", got "heavy_ball"}}
  // expected-error @+1 {{'dlc.momentum' op failed to infer returned types}}
  %0:2 = dlc.momentum %r, %t, %x, %g, %v {alpha = 0.9 : f32, beta = 1.0 : f32, mode = "heavy_ball", norm_coefficient = 0.0 : f32} : (tensor<f32>, tensor<i64>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  return %0#0, %0#1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// Momentum's attributes have no defaults (ONNX requires all four).
func.func @momentum_required(%r: tensor<f32>, %t: tensor<i64>, %x: tensor<4xf32>, %g: tensor<4xf32>, %v: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  // expected-error @+1 {{'dlc.momentum' op requires attribute 'norm_coefficient'}}
  %0:2 = dlc.momentum %r, %t, %x, %g, %v {alpha = 0.9 : f32, beta = 1.0 : f32, mode = "standard"} : (tensor<f32>, tensor<i64>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  return %0#0, %0#1 : tensor<4xf32>, tensor<4xf32>
}
