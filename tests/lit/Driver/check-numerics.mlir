// dlc run --check-numerics: every layer's result is returned too and
// checked in program order; the first layer with NaN or Inf is named (an
// error, exit code 1), with how many and where the first is; finite
// results print the normal outputs after a one-line summary. The model:
// y = exp(log(x - 1) * 100), whose log is NaN where x < 1 and whose exp
// overflows to Inf where x - 1 > 2.4.
// RUN: rm -rf %t && mkdir -p %t
// RUN: /usr/bin/python3 -c "import numpy as np; np.save('%t/ok.npy', np.array([[2, 3, 1.5], [1.25, 2, 1.75]], np.float32)); np.save('%t/nan.npy', np.array([[2, 0.5, 1.5], [0.25, 2, 1.75]], np.float32)); np.save('%t/inf.npy', np.array([[2, 3, 1.5], [1.25, 9, 1.75]], np.float32)); x = np.ones((2, 3), np.float32); x[1, 2] = np.nan; np.save('%t/bad.npy', x)"

// RUN: dlc run %s --check-numerics -i x=%t/ok.npy -o %t/out | FileCheck %s --check-prefix=OK
// OK: check-numerics: the results of all 4 layers are finite
// OK: output 'y' 2x3: [
// RUN: ls %t/out | FileCheck %s --check-prefix=FILES
// FILES: y.npy
// FILES-NOT: check

// The log of 0.5 - 1 and 0.25 - 1: two NaN, the first at [0, 1].
// RUN: not dlc run %s --check-numerics -i x=%t/nan.npy 2>&1 | FileCheck %s --check-prefix=NAN
// NAN: dlc: error: layer 'log' (dlc.log) is the first to produce a non-finite value: 2 NaN and 0 Inf of the 6 values of its result 0 (the first at [0, 1])

// exp(log(8) * 100) overflows: the exp is the first.
// RUN: not dlc run %s --check-numerics -i x=%t/inf.npy 2>&1 | FileCheck %s --check-prefix=INF
// INF: dlc: error: layer 'exp' (dlc.exp) is the first to produce a non-finite value: 0 NaN and 1 Inf of the 6 values of its result 0 (the first at [1, 1])

// A NaN that comes in is the input's.
// RUN: not dlc run %s --check-numerics -i x=%t/bad.npy 2>&1 | FileCheck %s --check-prefix=INPUT
// INPUT: dlc: error: input 'x' holds 1 NaN and 0 Inf of its 6 values (the first at [1, 2])

// Without the flag, the run goes through.
// RUN: dlc run %s -i x=%t/nan.npy | FileCheck %s --check-prefix=PLAIN
// PLAIN: output 'y' 2x3: [
func.func @main(%x: tensor<2x3xf32> {dlc.name = "x"}) -> (tensor<2x3xf32> {dlc.name = "y"}) {
  %one = dlc.constant dense<1.0> : tensor<f32> loc("one")
  %hundred = dlc.constant dense<100.0> : tensor<f32> loc("hundred")
  %a = dlc.sub %x, %one : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32> loc("shift")
  %b = dlc.log %a : tensor<2x3xf32> loc("log")
  %c = dlc.mul %b, %hundred : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32> loc("scale")
  %y = dlc.exp %c : tensor<2x3xf32> loc("exp")
  return %y : tensor<2x3xf32>
}
