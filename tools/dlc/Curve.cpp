//===- Curve.cpp - dlc train's loss and accuracy curves as SVG -------------===//
//
// See Curve.h. One panel per measure (loss; accuracy when there is one),
// each with its axes, five labelled ticks on y, up to ten on x (epochs), a
// polyline with dots per series (training solid blue, validation dashed
// orange) and a legend. Values that are not finite (a NaN loss) are left
// out of the line.
//
//===----------------------------------------------------------------------===//

#include "Curve.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

using ::dlc::EpochRecord;

namespace {

constexpr double kPanelWidth = 480, kPanelHeight = 320, kTop = 40;
constexpr double kLeft = 70, kRight = 20, kBottom = 50;

struct Series {
  const char *name, *colour, *dash;
  std::function<std::optional<double>(const EpochRecord &)> value;
};

/// A number as a tick label: few digits, no trailing zeros.
std::string tickLabel(double v) { return fmt::format("{:.4g}", v); }

/// One panel at horizontal offset `x0`: `title` over the series.
std::string panel(const std::vector<EpochRecord> &epochs, double x0, const std::string &title,
                  const std::vector<Series> &series, bool unitRange) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const EpochRecord &e : epochs)
    for (const Series &s : series)
      if (std::optional<double> v = s.value(e); v && std::isfinite(*v)) {
        lo = std::min(lo, *v);
        hi = std::max(hi, *v);
      }
  if (unitRange) {
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 1.0);
  }
  if (!(lo <= hi)) // nothing finite to draw
    lo = 0, hi = 1;
  if (hi - lo < 1e-12) {
    double pad = std::max(std::abs(hi) * 0.1, 1e-3);
    lo -= pad;
    hi += pad;
  }
  double first = static_cast<double>(epochs.front().epoch);
  double last = static_cast<double>(epochs.back().epoch);
  double plotW = kPanelWidth - kLeft - kRight, plotH = kPanelHeight - kTop - kBottom;
  auto px = [&](double epoch) {
    return x0 + kLeft + (last > first ? (epoch - first) / (last - first) * plotW : plotW / 2);
  };
  auto py = [&](double v) { return kTop + (hi - v) / (hi - lo) * plotH; };
  std::string svg;
  svg += fmt::format("<text x=\"{:.1f}\" y=\"24\" font-size=\"16\" text-anchor=\"middle\">{}"
                     "</text>\n",
                     x0 + kLeft + plotW / 2, title);
  // The axes, the y ticks with grid lines, the x ticks (epochs).
  svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
                     "fill=\"none\" stroke=\"#444\"/>\n",
                     x0 + kLeft, kTop, plotW, plotH);
  for (int i = 0; i <= 4; ++i) {
    double v = lo + (hi - lo) * i / 4, y = py(v);
    svg += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" "
                       "stroke=\"#ddd\"/>\n",
                       x0 + kLeft, y, x0 + kLeft + plotW, y);
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" "
                       "text-anchor=\"end\">{}</text>\n",
                       x0 + kLeft - 6, y + 4, tickLabel(v));
  }
  int64_t span = epochs.back().epoch - epochs.front().epoch;
  int64_t every = std::max<int64_t>(1, (span + 9) / 10);
  for (int64_t e = epochs.front().epoch; e <= epochs.back().epoch; e += every)
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" "
                       "text-anchor=\"middle\">{}</text>\n",
                       px(static_cast<double>(e)), kTop + plotH + 16, e);
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\" "
                     "text-anchor=\"middle\">epoch</text>\n",
                     x0 + kLeft + plotW / 2, kTop + plotH + 36);
  // The series and the legend.
  int shown = 0;
  for (const Series &s : series) {
    std::string points, dots;
    for (const EpochRecord &e : epochs) {
      std::optional<double> v = s.value(e);
      if (!v || !std::isfinite(*v))
        continue;
      double x = px(static_cast<double>(e.epoch)), y = py(*v);
      points += fmt::format("{:.1f},{:.1f} ", x, y);
      dots += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"/>\n", x, y,
                          s.colour);
    }
    if (points.empty())
      continue;
    points.pop_back();
    svg += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" "
                       "stroke-width=\"2\" stroke-dasharray=\"{}\"/>\n",
                       points, s.colour, s.dash);
    svg += dots;
    double ly = kTop + 14 + 16 * shown++;
    svg += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" "
                       "stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"{}\"/>\n",
                       x0 + kLeft + plotW - 110, ly - 4, x0 + kLeft + plotW - 90, ly - 4,
                       s.colour, s.dash);
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\">{}</text>\n",
                       x0 + kLeft + plotW - 84, ly, s.name);
  }
  return svg;
}

/// Escapes the characters XML gives a meaning to.
std::string escape(const std::string &text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    default: out += c;
    }
  }
  return out;
}

} // namespace

std::string dlc::renderCurves(const std::vector<EpochRecord> &epochs, const std::string &title) {
  bool accuracy = !epochs.empty() && epochs.front().accuracy.has_value();
  double width = kPanelWidth * (accuracy ? 2 : 1), height = kPanelHeight + 30;
  std::string svg = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{0}\" "
      "height=\"{1}\" viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\">\n"
      "<title>{2}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
      width, height, escape(title));
  if (!epochs.empty()) {
    svg += panel(epochs, 0, "loss",
                 {{"train", "#1f77b4", "none", [](const EpochRecord &e) {
                     return std::optional<double>(e.loss);
                   }},
                  {"validation", "#ff7f0e", "6 3",
                   [](const EpochRecord &e) { return e.valLoss; }}},
                 /*unitRange=*/false);
    if (accuracy)
      svg += panel(epochs, kPanelWidth, "accuracy",
                   {{"train", "#1f77b4", "none",
                     [](const EpochRecord &e) { return e.accuracy; }},
                    {"validation", "#ff7f0e", "6 3",
                     [](const EpochRecord &e) { return e.valAccuracy; }}},
                   /*unitRange=*/true);
  }
  svg += fmt::format("<text x=\"10\" y=\"{:.1f}\" font-size=\"11\" fill=\"#666\">{}</text>\n",
                     height - 8, escape(title));
  svg += "</svg>\n";
  return svg;
}
