//===- Schedule.h - dlc train's learning-rate schedules ---------*- C++ -*-===//
//
// The learning-rate schedules of torch.optim.lr_scheduler (PyTorch 1.13),
// stepped once per epoch after it, as a torch user writes
// `for epoch in ...: train(...); scheduler.step()`. Each reproduces torch's
// own computation (its recursive `get_lr`, in double), not only its
// closed form, so that the learning rates agree to the last bits.
//
// The SPEC of --lr-schedule is KIND:KEY=VALUE,... with torch's argument
// names in lowercase:
//   step:size=N[,gamma=0.1]                        StepLR
//   multistep:milestones=[A,B,...][,gamma=0.1]     MultiStepLR
//   exponential:gamma=G                            ExponentialLR
//   cosine:t_max=N[,eta_min=0]                     CosineAnnealingLR
//   cosine-restarts:t_0=N[,t_mult=1][,eta_min=0]   CosineAnnealingWarmRestarts
//   warmup:epochs=N[,start=1/3][,end=1]            LinearLR
//   plateau:[factor=0.1][,patience=10][,threshold=1e-4][,threshold_mode=rel|abs]
//           [,cooldown=0][,min_lr=0][,eps=1e-8]    ReduceLROnPlateau (mode min)
// and `warmup:...+KIND:...`: the warm-up, then the other schedule from its
// epoch 0 (torch's SequentialLR with milestones=[N]).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TOOLS_DLC_SCHEDULE_H
#define DLC_TOOLS_DLC_SCHEDULE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>

namespace dlc {

/// One learning-rate schedule (or a warm-up followed by one).
class LRSchedule {
public:
  /// A schedule by the rule of the file comment.
  class Rule {
  public:
    virtual ~Rule() = default;
    /// torch's `scheduler.step()` (metric: ReduceLROnPlateau's argument);
    /// `epoch`: `scheduler.step(epoch)` (its closed form).
    virtual double step(double lr, std::optional<double> metric,
                        std::optional<int64_t> epoch) = 0;
  };

  /// Parses `spec` for an optimizer whose learning rate is `baseLr`; the
  /// schedule's constructor step is taken (lr() is the first epoch's).
  static llvm::Expected<LRSchedule> parse(llvm::StringRef spec, double baseLr);

  /// The learning rate of the coming epoch.
  double lr() const { return current; }
  /// Whether step() needs the epoch's loss (reduce-on-plateau).
  bool needsMetric() const { return plateau; }
  /// After an epoch: the schedule's step (`metric`: the validation loss if
  /// there is one, else the training loss; read by reduce-on-plateau only).
  void step(double metric);

private:
  std::shared_ptr<Rule> first, second;
  int64_t milestone = 0, epoch = 0;
  double current = 0;
  bool plateau = false;
};

} // namespace dlc

#endif // DLC_TOOLS_DLC_SCHEDULE_H
