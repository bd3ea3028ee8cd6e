//===- Curve.h - dlc train's loss and accuracy curves as SVG -----*- C++ -*-===//
//
// The training curves a person opens in a browser: the loss per epoch
// (training, and validation where there is validation data) and, for a
// classification loss, the accuracy beside it. Plain SVG 1.1 with no
// script or external reference, so that any viewer (and librsvg's
// rsvg-convert, which the tests render it with) draws it.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TOOLS_DLC_CURVE_H
#define DLC_TOOLS_DLC_CURVE_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dlc {

/// What one epoch of dlc train measured.
struct EpochRecord {
  int64_t epoch = 0;
  double loss = 0;
  std::optional<double> valLoss, accuracy, valAccuracy;
};

/// The SVG document of `epochs`' curves (`title` above them).
std::string renderCurves(const std::vector<EpochRecord> &epochs, const std::string &title);

} // namespace dlc

#endif // DLC_TOOLS_DLC_CURVE_H
