//===- DataFiles.h - the data files dlc train and eval read ------*- C++ -*-===//
//
// The `-i NAME=SPEC` data of dlc train, eval and --val: besides .npy arrays,
// the two byte formats image classification data sets come in.
//
//   FILE.npy              an array of any dtype dlc reads (TensorFiles.h)
//   FILE (or FILE.gz)     an MNIST-format IDX file of unsigned bytes, told by
//                         its magic number: one dimension (0x00000801) is a
//                         list of labels, more (0x00000803: N x rows x cols)
//                         are images
//   FILE:cifar-images     a CIFAR-10 binary batch (records of one label byte
//   FILE:cifar-labels     and 3072 image bytes): its images, or its labels
//
// Any of them may be gzip-compressed (told by gzip's magic, not the name).
// Images become float32 in [0, 1] (the byte / 255, as torchvision's
// ToTensor) and labels int64 class indices; fitDataToModel (TrainStep.h)
// then gives them the layout of the model's input (N x 1 x 28 x 28 or
// N x 784 for 28 x 28 images) and labels the float type where the model
// takes float targets.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TOOLS_DLC_DATAFILES_H
#define DLC_TOOLS_DLC_DATAFILES_H

#include "dlc/Target/JIT.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace dlc {

/// What the values of a data file are, which says how they may be fitted
/// to a model input.
enum class DataKind {
  /// A .npy array: used as it is.
  Array,
  /// Images scaled to [0, 1]: may take any shape of as many values per
  /// sample.
  Images,
  /// Class indices (int64): may become float32 targets.
  Labels,
};

/// The tensor one `-i` SPEC names, with samples along its first dimension.
struct DataFile {
  /// The file alone, without a `:cifar-...` suffix.
  std::string path;
  mlir::dlc::Tensor data;
  DataKind kind = DataKind::Array;
};

/// Reads the data SPEC names (see the file comment). Errors name the file
/// and say what is wrong: a bad magic number, truncated or trailing data,
/// corrupt gzip data, a CIFAR-10 label outside 0..9.
llvm::Expected<DataFile> readDataFile(llvm::StringRef spec);

} // namespace dlc

#endif // DLC_TOOLS_DLC_DATAFILES_H
