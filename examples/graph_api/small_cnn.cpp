//===- small_cnn.cpp - build, compile and run a model with the Graph API ----===//
//
// What a user of dlc's C++ API writes: a small CNN in a few lines, JIT-
// compiled and run in process, and saved as a .mlir file that `dlc run`,
// `dlc compile` and `dlc stats` take.
//
//   build/examples/graph_api/dlc-small-cnn [model.mlir]
//
//===----------------------------------------------------------------------===//

#include "dlc/Frontend/Graph.h"

#include <cstdio>

int main(int argc, char **argv) {
  using namespace dlc;
  try {
    Graph g("main", /*seed=*/42);
    Tensor x = g.input("image", {1, 3, 32, 32});
    x = g.conv2d(x, 16, 3, Conv2dOptions().padding(1).name("conv1"));
    x = g.relu(g.batchNorm(x, BatchNormOptions().name("bn1")));
    x = g.maxPool2d(x, 2);
    x = g.conv2d(x, 32, 3, Conv2dOptions().padding(Padding::same()).name("conv2"));
    x = g.flatten(g.globalAvgPool(g.relu(x)));
    g.output(g.softmax(g.linear(x, 10, LinearOptions().name("fc"))), "probs");
    std::printf("parameters: %lld\n", static_cast<long long>(g.numParameters()));

    auto exe = g.compile();
    if (!exe) {
      std::fprintf(stderr, "compile failed: %s\n", llvm::toString(exe.takeError()).c_str());
      return 1;
    }
    mlir::dlc::Tensor image{{1, 3, 32, 32}, std::vector<float>(3 * 32 * 32, 0.5f)};
    auto outputs = (*exe)->run({image});
    if (!outputs) {
      std::fprintf(stderr, "run failed: %s\n", llvm::toString(outputs.takeError()).c_str());
      return 1;
    }
    std::printf("probs:");
    for (float p : (*outputs)[0].data)
      std::printf(" %.4f", p);
    std::printf("\n");
    if (argc > 1)
      g.save(argv[1]);
  } catch (const GraphError &e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
