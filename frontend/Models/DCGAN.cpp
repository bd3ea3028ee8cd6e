//===- DCGAN.cpp - DCGAN generator and discriminator -----------------------===//
//
// DCGAN (Radford, Metz & Chintala, "Unsupervised Representation Learning
// with Deep Convolutional Generative Adversarial Networks", 2015) for 64x64
// RGB images, nz = 100, ngf = ndf = 64, laid out as PyTorch's
// examples/dcgan ("main.N" module paths):
//
//   generator:     z [N, 100, 1, 1] -> ConvTranspose 4x4 (512, stride 1,
//                  pad 0) -> 4x4, then three ConvTranspose 4x4 stride 2
//                  pad 1 (256, 128, 64) -> 32x32, each followed by BN and
//                  ReLU; a last ConvTranspose to 3 channels and Tanh ->
//                  "image" [N, 3, 64, 64].
//   discriminator: "input" [N, 3, 64, 64] -> Conv 4x4 stride 2 pad 1 (64)
//                  and LeakyReLU(0.2); three more (128, 256, 512) with BN
//                  before the LeakyReLU; Conv 4x4 to 1 channel (valid) ->
//                  1x1; Sigmoid -> "probability" [N].
//
// No conv has a bias (BN follows, and the paper's first and last layers do
// without). Deviation: the paper initializes every weight from N(0, 0.02);
// the zoo uses the layers' default initializers (the graph is meant for
// compiling, and training code can reinitialize).
//
//===----------------------------------------------------------------------===//

#include "Builders.h"

namespace dlc::zoo::detail {

namespace {
const int64_t nz = 100, ngf = 64, ndf = 64, nc = 3;
} // namespace

void buildDCGANGenerator(Graph &g, const ZooOptions &o) {
  Tensor x = g.input("z", {o.batch, nz, 1, 1});
  auto s = g.scope("main");
  int64_t slot = 0;
  auto up = [&](Tensor t, int64_t out, int64_t stride, int64_t pad) {
    return g.convTranspose2d(
        t, out, 4,
        ConvTranspose2dOptions().stride(stride).padding(pad).bias(false).name(
            seq(slot++)));
  };
  x = up(x, ngf * 8, 1, 0);
  for (int64_t out : {ngf * 4, ngf * 2, ngf, int64_t(0)}) {
    x = g.batchNorm(x, BatchNormOptions().name(seq(slot++)));
    x = g.relu(x, seq(slot++));
    x = up(x, out == 0 ? nc : out, 2, 1);
  }
  g.output(g.tanh(x, seq(slot)), "image");
}

void buildDCGANDiscriminator(Graph &g, const ZooOptions &o) {
  Tensor x = g.input("input", {o.batch, nc, o.inputSize, o.inputSize});
  auto s = g.scope("main");
  int64_t slot = 0;
  auto down = [&](Tensor t, int64_t out, int64_t stride, int64_t pad) {
    return g.conv2d(t, out, 4,
                    Conv2dOptions().stride(stride).padding(pad).bias(false).name(
                        seq(slot++)));
  };
  x = g.leakyRelu(down(x, ndf, 2, 1), 0.2, seq(slot++));
  for (int64_t out : {ndf * 2, ndf * 4, ndf * 8}) {
    x = down(x, out, 2, 1);
    x = g.batchNorm(x, BatchNormOptions().name(seq(slot++)));
    x = g.leakyRelu(x, 0.2, seq(slot++));
  }
  x = g.sigmoid(down(x, 1, 1, 0), seq(slot));
  g.output(g.reshape(x, {o.batch}), "probability");
}

} // namespace dlc::zoo::detail
