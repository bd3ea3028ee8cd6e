// The same model, inputs and thread count give bit-identical outputs and
// gradients, run after run (no order of a parallel reduction left to the
// scheduler), at 1 and at 2 threads. Each run compiles afresh (--no-cache).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; rng = np.random.RandomState(1); np.save('%t/x.npy', rng.randn(64, 256).astype(np.float32)); np.save('%t/image.npy', rng.randn(2, 3, 32, 32).astype(np.float32))"
// RUN: dlc zoo resnet18 --classes 10 --input-size 32 --batch 2 -o %t/r18.mlir
// RUN: for t in 1 2; do for i in 1 2 3; do dlc run %t/r18.mlir -i input=%t/image.npy --threads $t --no-cache -o %t/r18_t${t}_$i > /dev/null || exit 1; dlc grad %s -i x=%t/x.npy --threads $t --no-cache -o %t/g_t${t}_$i > /dev/null || exit 1; done; done
// RUN: for t in 1 2; do for i in 2 3; do cmp %t/r18_t${t}_1/logits.npy %t/r18_t${t}_$i/logits.npy && cmp %t/g_t${t}_1/fc.weight.npy %t/g_t${t}_$i/fc.weight.npy && cmp %t/g_t${t}_1/fc.bias.npy %t/g_t${t}_$i/fc.bias.npy || exit 1; done; done
// The gradients against the formula: d/dW sum(tanh(xW + b)^2) = x^T (2 t (1 - t^2)).
// RUN: %python -c "import numpy as np; x = np.load('%t/x.npy').astype(np.float64); t = np.tanh(x @ np.full((256, 128), 0.01) + 0.1); d = 2 * t * (1 - t * t); gw = np.load('%t/g_t2_1/fc.weight.npy'); gb = np.load('%t/g_t2_1/fc.bias.npy'); assert np.allclose(gw, x.T @ d, rtol=1e-4, atol=1e-4) and np.allclose(gb, d.sum(0), rtol=1e-4, atol=1e-4), 'gradients differ'"

func.func @main(%x: tensor<64x256xf32> {dlc.name = "x"}) -> (tensor<f32> {dlc.name = "loss"}) {
  %w = dlc.constant {dlc.param = "trainable"} dense<0.01> : tensor<256x128xf32> loc("fc.weight")
  %b = dlc.constant {dlc.param = "trainable"} dense<0.1> : tensor<128xf32> loc("fc.bias")
  %m = dlc.matmul %x, %w : (tensor<64x256xf32>, tensor<256x128xf32>) -> tensor<64x128xf32>
  %y = dlc.add %m, %b : (tensor<64x128xf32>, tensor<128xf32>) -> tensor<64x128xf32>
  %r = dlc.tanh %y : tensor<64x128xf32>
  %s = dlc.mul %r, %r : (tensor<64x128xf32>, tensor<64x128xf32>) -> tensor<64x128xf32>
  %l = dlc.reduce_sum %s {keepdims = false} : (tensor<64x128xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
