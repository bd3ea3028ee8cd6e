//===- KernelStrategy.h - tile sizes chosen from the target CPU --*- C++ -*-===//
//
// The one place where dlc decides how its kernels are shaped for a CPU: the
// register tile of the contraction microkernel, the cache blocks around it,
// and the working-set limits of convolution rewrites. The tiling passes take
// these numbers as options (so lit tests pin them); the pipeline fills them
// from the target's vector width, as IREE's KernelDispatch separates its
// decisions from its tiling passes.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TRANSFORMS_KERNELSTRATEGY_H
#define DLC_TRANSFORMS_KERNELSTRATEGY_H

#include <cstdint>

namespace mlir::dlc {

struct KernelStrategy {
  /// Widest vector register, in bits (256: AVX2, 512: AVX-512).
  int64_t vectorBits = 256;
  /// Register tile of a contraction: regM rows (broadcast operand) by regN
  /// f32 lanes (vector operand); regM * regN / lanes accumulators.
  int64_t regM = 6, regN = 16;
  /// Cache blocks: an M x N output block per parallel work item, K chunks.
  int64_t blockM = 64, blockN = 128, blockK = 256;
  /// The short loops around a register tile (a convolution's kernel taps)
  /// are unrolled while the body has at most this many outer products.
  int64_t tapUnroll = 16;
  /// Largest im2col buffer a convolution builds at once, in bytes.
  int64_t im2colBytes = 8 << 20;

  /// The strategy for a CPU whose widest f32 vector has `bits` bits.
  static KernelStrategy forVectorBits(int64_t bits);
  /// The strategy for the CPU this process runs on.
  static KernelStrategy forHost();
  /// A pass option's choice: `bits` when set, else the host's.
  static KernelStrategy forOption(int64_t bits) {
    return bits ? forVectorBits(bits) : forHost();
  }
  /// How many of `images` to take at a time so that a per-image buffer of
  /// `perImage` bytes (im2col patches) stays within im2colBytes: a divisor
  /// of `images`, so that every chunk has the same static shape.
  int64_t imagesPerChunk(int64_t images, int64_t perImage) const;
  /// f32 lanes of one vector register.
  int64_t lanes() const { return vectorBits / 32; }
};

} // namespace mlir::dlc

#endif // DLC_TRANSFORMS_KERNELSTRATEGY_H
