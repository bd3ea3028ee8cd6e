//===- TensorFiles.cpp - .npy files of the dlc subcommands ------------------===//
//
// See TensorFiles.h.
//
//===----------------------------------------------------------------------===//

#include "TensorFiles.h"
#include "Diagnostics.h"

#include "dlc/runtime/npy.h"

#include <algorithm>

using namespace mlir::dlc;

std::optional<Tensor> dlc::readNpyAnyType(llvm::StringRef path, std::string &error) {
  dlc_tensor raw{};
  char err[512] = "";
  std::string file = path.str();
  if (dlc_npy_read_as(file.c_str(), DLC_F32, &raw, err, sizeof(err)) == 0) {
    Tensor t{std::vector<int64_t>(raw.shape, raw.shape + raw.rank),
             std::vector<float>(raw.data, raw.data + dlc_tensor_numel(&raw))};
    dlc_tensor_free(&raw);
    return t;
  }
  dlc_tensor_free(&raw);
  std::string asFloat = err;
  raw = dlc_tensor{};
  if (dlc_npy_read_as(file.c_str(), DLC_I64, &raw, err, sizeof(err)) == 0) {
    Tensor t = Tensor::ofI64(std::vector<int64_t>(raw.shape, raw.shape + raw.rank),
                             std::vector<int64_t>(raw.data_i64,
                                                  raw.data_i64 + dlc_tensor_numel(&raw)));
    dlc_tensor_free(&raw);
    return t;
  }
  dlc_tensor_free(&raw);
  error = asFloat;
  return std::nullopt;
}

int dlc::writeNpy(llvm::StringRef dir, llvm::StringRef name, llvm::ArrayRef<int64_t> shape,
                  const float *data, const int64_t *i64) {
  std::string path = (dir + "/" + sanitizeName(name) + ".npy").str();
  dlc_tensor raw{};
  raw.rank = static_cast<int64_t>(shape.size());
  std::copy(shape.begin(), shape.end(), raw.shape);
  if (i64) {
    raw.dtype = DLC_I64;
    raw.data_i64 = const_cast<int64_t *>(i64);
  } else {
    raw.data = const_cast<float *>(data);
  }
  char err[512];
  if (dlc_npy_write(path.c_str(), &raw, err, sizeof(err)) != 0)
    return fail(err);
  return 0;
}
