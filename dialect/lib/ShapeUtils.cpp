//===- ShapeUtils.cpp - shape arithmetic ------------------------------------===//
//
// Window extents, average pooling divisors and broadcasting; see ShapeUtils.h.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DLC/ShapeUtils.h"

#include <algorithm>
#include <string>

namespace mlir::dlc {

int64_t windowOutputSize(int64_t input, int64_t kernel, int64_t stride,
                         int64_t padBegin, int64_t padEnd, int64_t dilation,
                         bool ceilMode) {
  int64_t span = dilation * (kernel - 1) + 1;
  int64_t room = input + padBegin + padEnd - span;
  if (room < 0 || stride <= 0)
    return 0;
  int64_t out = (ceilMode ? (room + stride - 1) / stride : room / stride) + 1;
  // The last window must start inside the input or the begin padding.
  if (ceilMode && (out - 1) * stride >= input + padBegin)
    --out;
  return out;
}

int64_t avgPoolDivisor(int64_t index, int64_t input, int64_t kernel, int64_t stride,
                       int64_t padBegin, int64_t padEnd, bool countIncludePad) {
  int64_t start = index * stride - padBegin;
  int64_t end = std::min(start + kernel, input + padEnd);
  if (countIncludePad)
    return end - start;
  return std::min(end, input) - std::max<int64_t>(start, 0);
}

std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  llvm::SmallVector<int64_t> out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t l = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t r = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (l != r && l != 1 && r != 1)
      return std::nullopt;
    out[i] = l == 1 ? r : l;
  }
  return out;
}

std::string shapeToString(llvm::ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      s += 'x';
    s += std::to_string(shape[i]);
  }
  return s;
}

} // namespace mlir::dlc
