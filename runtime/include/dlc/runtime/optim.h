//===- optim.h - optimizer update kernels ------------------------*- C -*-===//
//
// The parameter updates of torch.optim (PyTorch 1.13): SGD (momentum,
// dampening, Nesterov, L2 weight decay), Adam and AdamW (bias correction,
// amsgrad), RMSprop (centered, momentum), Adadelta and Adagrad (lr_decay,
// initial accumulator). One call updates one parameter in place, in one
// pass over the parameter, its gradient and its state buffers, with
// torch's formulas in torch's order of operations (hyper-parameters are
// combined in double, as Python does, then applied in float). C ABI only.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_OPTIM_H
#define DLC_RUNTIME_OPTIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum dlc_optimizer {
  DLC_OPTIM_SGD,
  DLC_OPTIM_ADAM,
  DLC_OPTIM_ADAMW,
  DLC_OPTIM_RMSPROP,
  DLC_OPTIM_ADADELTA,
  DLC_OPTIM_ADAGRAD
} dlc_optimizer;

/// An optimizer and its hyper-parameters, named as torch.optim names them.
/// Fields an optimizer does not read are ignored.
typedef struct dlc_optim_config {
  dlc_optimizer kind;
  double lr;
  double momentum;     /* sgd, rmsprop */
  double dampening;    /* sgd */
  double weight_decay; /* all (adamw: decoupled) */
  double beta1, beta2; /* adam, adamw */
  double eps;          /* adam, adamw, rmsprop, adadelta, adagrad */
  double alpha;        /* rmsprop */
  double rho;          /* adadelta */
  double lr_decay;     /* adagrad */
  double initial_accumulator_value; /* adagrad */
  int nesterov;        /* sgd */
  int amsgrad;         /* adam, adamw */
  int centered;        /* rmsprop */
} dlc_optim_config;

/// `config` with torch.optim's defaults for `kind` (SGD, which has no
/// default learning rate in torch, gets lr 0: set it).
void dlc_optim_defaults(dlc_optimizer kind, dlc_optim_config *config);

/// The optimizer's name ("sgd", "adam", "adamw", "rmsprop", "adadelta",
/// "adagrad").
const char *dlc_optim_name(dlc_optimizer kind);

/// Checks the hyper-parameters as torch.optim's constructors do (lr >= 0,
/// eps >= 0, betas in [0, 1), Nesterov needs momentum > 0 and dampening 0,
/// ...). Returns 0, or -1 with a message in `err`.
int dlc_optim_validate(const dlc_optim_config *config, char *err, size_t err_size);

/// The number of state buffers, each of the parameter's size, the
/// optimizer keeps per parameter (SGD without momentum: none).
int dlc_optim_state_count(const dlc_optim_config *config);

/// Sets the state buffers of a parameter of `n` elements to their initial
/// values (zeros; Adagrad's sum: initial_accumulator_value).
void dlc_optim_init_state(const dlc_optim_config *config, float *const *state, int64_t n);

/// One update of a parameter of `n` elements: `param` and `state` (the
/// dlc_optim_state_count buffers) in place, from `grad`. `step` counts the
/// updates so far including this one (1 for the first), as torch's
/// per-parameter `step` state does.
void dlc_optim_step(const dlc_optim_config *config, int64_t step, float *param,
                    const float *grad, float *const *state, int64_t n);

#ifdef __cplusplus
} // extern "C"
#endif

#endif // DLC_RUNTIME_OPTIM_H
