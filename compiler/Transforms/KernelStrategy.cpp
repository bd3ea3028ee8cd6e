//===- KernelStrategy.cpp - tile sizes chosen from the target CPU -----------===//
//
// See KernelStrategy.h. The numbers were measured with `dlc bench` on a
// 512^3 matmul and ResNet convolutions (bench/README.md).
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/KernelStrategy.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/TargetParser/Host.h"
#include <algorithm>

using namespace mlir::dlc;

KernelStrategy KernelStrategy::forVectorBits(int64_t bits) {
  KernelStrategy s;
  if (bits >= 512) {
    // 32 zmm registers: 8 rows x 2 vectors = 16 accumulators (two FMA pipes
    // of latency 4 need at least 8 independent chains), two vectors of the
    // B row and broadcasts from memory. A 4x16 tile (4 chains) reached 81
    // GFLOPS on a 512^3 matmul, this one 134-143 (one core, peak 238).
    s.vectorBits = 512;
    s.regM = 8;
    s.regN = 32;
  } else {
    // 16 ymm registers: the classic 6 x 16 tile, 12 accumulators.
    s.vectorBits = 256;
    s.regM = 6;
    s.regN = 16;
  }
  return s;
}

KernelStrategy KernelStrategy::forHost() {
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  auto has = [&](llvm::StringRef f) {
    auto it = features.find(f);
    return it != features.end() && it->second;
  };
  return forVectorBits(has("avx512f") ? 512 : 256);
}

int64_t KernelStrategy::imagesPerChunk(int64_t images, int64_t perImage) const {
  int64_t chunk = std::max<int64_t>(1, im2colBytes / std::max<int64_t>(perImage, 1));
  chunk = std::min(chunk, images);
  while (images % chunk != 0)
    --chunk;
  return chunk;
}
