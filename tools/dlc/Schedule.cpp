//===- Schedule.cpp - dlc train's learning-rate schedules -----------------===//
//
// torch.optim.lr_scheduler's schedules, transcribed from PyTorch 1.13's
// lr_scheduler.py: `step()` runs the recursive get_lr() on the current
// learning rate, `step(epoch)` the closed form (SequentialLR calls
// step(0) on the schedule that follows a milestone). The parser names the
// key and the value in every error.
//
//===----------------------------------------------------------------------===//

#include "Schedule.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

using namespace dlc;
using llvm::StringRef;

namespace {

/// torch's _LRScheduler: last_epoch, base_lr, step()/step(epoch).
struct Epochal : LRSchedule::Rule {
  double base = 0;
  int64_t last = -1;
  double step(double lr, std::optional<double>, std::optional<int64_t> epoch) override {
    if (epoch) {
      last = *epoch;
      return closed();
    }
    ++last;
    return recursive(lr);
  }
  virtual double recursive(double lr) = 0;
  virtual double closed() = 0;
};

struct StepRule : Epochal {
  int64_t size = 0;
  double gamma = 0.1;
  double recursive(double lr) override {
    return last == 0 || last % size != 0 ? lr : lr * gamma;
  }
  double closed() override {
    return base * std::pow(gamma, static_cast<double>(last / size));
  }
};

struct MultiStepRule : Epochal {
  std::map<int64_t, int> milestones; ///< a Counter, as torch's
  double gamma = 0.1;
  double recursive(double lr) override {
    auto it = milestones.find(last);
    return it == milestones.end() ? lr : lr * std::pow(gamma, it->second);
  }
  double closed() override {
    int passed = 0;
    for (auto [m, count] : milestones)
      passed += m <= last ? count : 0;
    return base * std::pow(gamma, passed);
  }
};

struct ExponentialRule : Epochal {
  double gamma = 0;
  double recursive(double lr) override { return last == 0 ? lr : lr * gamma; }
  double closed() override { return base * std::pow(gamma, static_cast<double>(last)); }
};

struct CosineRule : Epochal {
  int64_t tMax = 0;
  double etaMin = 0;
  double recursive(double lr) override {
    if (last == 0)
      return lr;
    // Python's % (never negative for a positive divisor).
    int64_t period = 2 * tMax, r = ((last - 1 - tMax) % period + period) % period;
    if (r == 0)
      return lr + (base - etaMin) * (1 - std::cos(M_PI / tMax)) / 2;
    return (1 + std::cos(M_PI * last / tMax)) / (1 + std::cos(M_PI * (last - 1) / tMax)) *
               (lr - etaMin) +
           etaMin;
  }
  double closed() override {
    return etaMin + (base - etaMin) * (1 + std::cos(M_PI * last / tMax)) / 2;
  }
};

/// CosineAnnealingWarmRestarts overrides step() itself (always closed).
struct RestartsRule : LRSchedule::Rule {
  double base = 0, etaMin = 0;
  int64_t t0 = 0, tMult = 1, tI = 0, tCur = -1, last = -1;
  double step(double, std::optional<double>, std::optional<int64_t> epoch) override {
    if (!epoch && last < 0)
      epoch = 0;
    if (!epoch) {
      ++last;
      if (++tCur >= tI) {
        tCur -= tI;
        tI *= tMult;
      }
    } else {
      // Only step(0) reaches here (SequentialLR, the constructor).
      tI = t0;
      tCur = *epoch;
      last = *epoch;
    }
    return etaMin + (base - etaMin) * (1 + std::cos(M_PI * tCur / tI)) / 2;
  }
};

struct LinearRule : Epochal {
  double start = 1.0 / 3, end = 1.0;
  int64_t total = 5;
  double recursive(double lr) override {
    if (last == 0)
      return lr * start;
    if (last > total)
      return lr;
    return lr * (1. + (end - start) / (total * start + (last - 1) * (end - start)));
  }
  double closed() override {
    return base * (start + (end - start) * std::min(total, last) / total);
  }
};

struct PlateauRule : LRSchedule::Rule {
  double factor = 0.1, threshold = 1e-4, minLr = 0, eps = 1e-8;
  int64_t patience = 10, cooldown = 0, cooldownCounter = 0, bad = 0;
  bool relative = true;
  double best = std::numeric_limits<double>::infinity();
  double step(double lr, std::optional<double> metric, std::optional<int64_t>) override {
    double current = *metric;
    if (relative ? current < best * (1. - threshold) : current < best - threshold) {
      best = current;
      bad = 0;
    } else {
      ++bad;
    }
    if (cooldownCounter > 0) {
      --cooldownCounter;
      bad = 0;
    }
    if (bad > patience) {
      double reduced = std::max(lr * factor, minLr);
      if (lr - reduced > eps)
        lr = reduced;
      cooldownCounter = cooldown;
      bad = 0;
    }
    return lr;
  }
};

/// The KEY=VALUE pairs of one schedule, split at the commas outside [].
class Keys {
public:
  static llvm::Expected<Keys> parse(StringRef kind, StringRef text) {
    Keys keys;
    keys.kind = kind.str();
    int depth = 0;
    size_t begin = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
      if (i < text.size() && text[i] == '[')
        ++depth;
      else if (i < text.size() && text[i] == ']')
        --depth;
      if (i < text.size() && (text[i] != ',' || depth > 0))
        continue;
      StringRef item = text.slice(begin, i).trim();
      begin = i + 1;
      if (item.empty() && text.trim().empty())
        continue;
      auto [key, value] = item.split('=');
      if (key.empty() || value.empty() || !item.contains('='))
        return keys.error("expects KEY=VALUE, got '" + item.str() + "'");
      if (keys.values.count(key))
        return keys.error("'" + key.str() + "' is given twice");
      keys.values[key] = value.str();
    }
    return keys;
  }

  llvm::Error error(const std::string &message) const {
    return llvm::createStringError("--lr-schedule %s: %s", kind.c_str(), message.c_str());
  }

  /// A real KEY (default: `fallback`; none: required).
  llvm::Error real(StringRef key, double &out, std::optional<double> fallback) {
    auto it = values.find(key);
    if (it == values.end()) {
      if (!fallback)
        return error("needs " + key.str() + "=...");
      out = *fallback;
      return llvm::Error::success();
    }
    std::string value = it->second;
    values.erase(it);
    if (StringRef(value).trim().getAsDouble(out) || !std::isfinite(out))
      return error(key.str() + " must be a number, got '" + value + "'");
    return llvm::Error::success();
  }

  /// An integer KEY >= `min`.
  llvm::Error integer(StringRef key, int64_t &out, std::optional<int64_t> fallback,
                      int64_t min) {
    auto it = values.find(key);
    if (it == values.end()) {
      if (!fallback)
        return error("needs " + key.str() + "=...");
      out = *fallback;
      return llvm::Error::success();
    }
    std::string value = it->second;
    values.erase(it);
    if (StringRef(value).trim().getAsInteger(10, out) || out < min)
      return error(key.str() + " must be an integer >= " + std::to_string(min) +
                   ", got '" + value + "'");
    return llvm::Error::success();
  }

  /// A raw string KEY (erased), if given.
  std::optional<std::string> take(StringRef key) {
    auto it = values.find(key);
    if (it == values.end())
      return std::nullopt;
    std::string value = it->second;
    values.erase(it);
    return value;
  }

  /// An error naming the first key nobody read, listing the known ones.
  llvm::Error rest(StringRef known) const {
    if (values.empty())
      return llvm::Error::success();
    return error("unknown key '" + values.begin()->first().str() + "' (known: " +
                 known.str() + ")");
  }

private:
  std::string kind;
  llvm::StringMap<std::string> values;
};

#define TRY(e)                                                                         \
  if (llvm::Error err = (e))                                                           \
    return err;

/// One KIND:KEYS schedule.
llvm::Expected<std::shared_ptr<LRSchedule::Rule>> parseRule(StringRef spec, double base,
                                                           bool &plateau) {
  auto [kind, text] = spec.split(':');
  kind = kind.trim();
  auto keys = Keys::parse(kind, text);
  if (!keys)
    return keys.takeError();
  plateau = false;
  if (kind == "step") {
    auto r = std::make_shared<StepRule>();
    TRY(keys->integer("size", r->size, std::nullopt, 1));
    TRY(keys->real("gamma", r->gamma, 0.1));
    TRY(keys->rest("size, gamma"));
    r->base = base;
    return r;
  }
  if (kind == "multistep") {
    auto r = std::make_shared<MultiStepRule>();
    std::optional<std::string> list = keys->take("milestones");
    if (!list)
      return keys->error("needs milestones=[A,B,...]");
    StringRef inner = StringRef(*list).trim();
    if (!inner.consume_front("[") || !inner.consume_back("]"))
      return keys->error("milestones must be a list [A,B,...], got '" + *list + "'");
    llvm::SmallVector<StringRef> items;
    inner.split(items, ',');
    for (StringRef item : items) {
      int64_t m;
      if (item.trim().getAsInteger(10, m) || m < 1)
        return keys->error("milestones must be integers >= 1, got '" + *list + "'");
      ++r->milestones[m];
    }
    TRY(keys->real("gamma", r->gamma, 0.1));
    TRY(keys->rest("milestones, gamma"));
    r->base = base;
    return r;
  }
  if (kind == "exponential") {
    auto r = std::make_shared<ExponentialRule>();
    TRY(keys->real("gamma", r->gamma, std::nullopt));
    TRY(keys->rest("gamma"));
    r->base = base;
    return r;
  }
  if (kind == "cosine") {
    auto r = std::make_shared<CosineRule>();
    TRY(keys->integer("t_max", r->tMax, std::nullopt, 1));
    TRY(keys->real("eta_min", r->etaMin, 0.0));
    TRY(keys->rest("t_max, eta_min"));
    r->base = base;
    return r;
  }
  if (kind == "cosine-restarts") {
    auto r = std::make_shared<RestartsRule>();
    TRY(keys->integer("t_0", r->t0, std::nullopt, 1));
    TRY(keys->integer("t_mult", r->tMult, 1, 1));
    TRY(keys->real("eta_min", r->etaMin, 0.0));
    TRY(keys->rest("t_0, t_mult, eta_min"));
    r->base = base;
    r->tI = r->t0;
    return r;
  }
  if (kind == "warmup") {
    auto r = std::make_shared<LinearRule>();
    TRY(keys->integer("epochs", r->total, std::nullopt, 1));
    TRY(keys->real("start", r->start, 1.0 / 3));
    TRY(keys->real("end", r->end, 1.0));
    TRY(keys->rest("epochs, start, end"));
    // torch.optim.lr_scheduler.LinearLR's checks.
    if (r->start > 1.0 || r->start <= 0)
      return keys->error("start must be in (0, 1], got " + fmt::format("{}", r->start));
    if (r->end > 1.0 || r->end < 0)
      return keys->error("end must be in [0, 1], got " + fmt::format("{}", r->end));
    r->base = base;
    return r;
  }
  if (kind == "plateau") {
    auto r = std::make_shared<PlateauRule>();
    TRY(keys->real("factor", r->factor, 0.1));
    TRY(keys->integer("patience", r->patience, 10, 0));
    TRY(keys->real("threshold", r->threshold, 1e-4));
    TRY(keys->integer("cooldown", r->cooldown, 0, 0));
    TRY(keys->real("min_lr", r->minLr, 0.0));
    TRY(keys->real("eps", r->eps, 1e-8));
    std::optional<std::string> mode = keys->take("threshold_mode");
    if (mode && *mode != "rel" && *mode != "abs")
      return keys->error("threshold_mode must be rel or abs, got '" + *mode + "'");
    r->relative = !mode || *mode == "rel";
    TRY(keys->rest("factor, patience, threshold, threshold_mode, cooldown, min_lr, eps"));
    if (!(r->factor < 1.0))
      return keys->error("factor must be < 1, got " + fmt::format("{}", r->factor));
    plateau = true;
    return r;
  }
  return llvm::createStringError(
      "--lr-schedule: unknown schedule '%s' (expected step, multistep, exponential, "
      "cosine, cosine-restarts, warmup or plateau, as KIND:KEY=VALUE,...)",
      kind.str().c_str());
}

} // namespace

llvm::Expected<LRSchedule> LRSchedule::parse(StringRef spec, double baseLr) {
  // Schedules are joined by a '+' that starts a name (not 1e+3's).
  llvm::SmallVector<StringRef> parts;
  size_t begin = 0;
  for (size_t i = 0; i < spec.size(); ++i)
    if (spec[i] == '+' && i + 1 < spec.size() && std::isalpha(spec[i + 1])) {
      parts.push_back(spec.slice(begin, i));
      begin = i + 1;
    }
  parts.push_back(spec.substr(begin));
  if (parts.size() > 2)
    return llvm::createStringError("--lr-schedule: at most two schedules, a warm-up and "
                                   "another (warmup:...+KIND:...), got %zu",
                                   parts.size());
  LRSchedule s;
  s.current = baseLr;
  bool plateau = false;
  auto first = parseRule(parts[0], baseLr, plateau);
  if (!first)
    return first.takeError();
  s.first = *first;
  s.plateau = plateau;
  if (parts.size() == 2) {
    auto *warmup = dynamic_cast<LinearRule *>(s.first.get());
    if (!warmup)
      return llvm::createStringError("--lr-schedule: only a warm-up can come before "
                                     "another schedule (warmup:...+KIND:...)");
    auto second = parseRule(parts[1], baseLr, plateau);
    if (!second)
      return second.takeError();
    if (plateau)
      return llvm::createStringError("--lr-schedule: plateau cannot follow a warm-up "
                                     "(torch's SequentialLR cannot hold it)");
    if (dynamic_cast<LinearRule *>(second->get()))
      return llvm::createStringError("--lr-schedule: a warm-up after a warm-up");
    s.second = *second;
    s.milestone = warmup->total;
  }
  // The constructor's step (ReduceLROnPlateau takes none). With two
  // schedules, SequentialLR resets the learning rate and takes only the
  // first's initial step; the second starts with step(0) at the milestone.
  if (!s.plateau)
    s.current = s.first->step(baseLr, std::nullopt, std::nullopt);
  return s;
}

void LRSchedule::step(double metric) {
  if (plateau) {
    current = first->step(current, metric, std::nullopt);
    return;
  }
  ++epoch;
  if (!second || epoch < milestone)
    current = first->step(current, std::nullopt, std::nullopt);
  else if (epoch == milestone)
    current = second->step(current, std::nullopt, 0);
  else
    current = second->step(current, std::nullopt, std::nullopt);
}
