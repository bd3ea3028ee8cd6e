//===- optim.cpp - optimizer update kernels ---------------------------------===//
//
// See optim.h. Each update is one loop over the elements that reads the
// gradient once and updates the parameter and its state in place; the
// choices (weight decay, momentum, Nesterov, amsgrad, centered) are made
// outside the loop, so each loop body is branch-free and vectorizes. The
// per-element arithmetic follows torch 1.13's _single_tensor_* functions
// step by step (their hyper-parameters are Python doubles, which torch's
// float kernels round to float before use).
//
//===----------------------------------------------------------------------===//

#include "dlc/runtime/optim.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <type_traits>

namespace {

/// The SGD update: torch.optim.SGD (momentum buffer = the first gradient
/// on the first step, then momentum * buf + (1 - dampening) * g).
template <bool Decay, bool Momentum, bool Nesterov>
void sgd(const dlc_optim_config &c, bool first, float *__restrict p,
         const float *__restrict g, float *__restrict buf, int64_t n) {
  const float wd = c.weight_decay, mom = c.momentum, keep = 1.0 - c.dampening,
              negLr = -c.lr;
  for (int64_t i = 0; i < n; ++i) {
    float d = Decay ? g[i] + wd * p[i] : g[i];
    if (Momentum) {
      float b = first ? d : buf[i] * mom + keep * d;
      buf[i] = b;
      d = Nesterov ? d + mom * b : b;
    }
    p[i] = p[i] + negLr * d;
  }
}

/// Adam and AdamW: torch.optim.Adam (L2 decay added to the gradient) and
/// AdamW (decoupled: the parameter shrinks by lr * weight_decay first).
template <bool Decoupled, bool Decay, bool AmsGrad>
void adam(const dlc_optim_config &c, int64_t step, float *__restrict p,
          const float *__restrict g, float *__restrict m, float *__restrict v,
          float *__restrict vmax, int64_t n) {
  const double correction1 = 1 - std::pow(c.beta1, static_cast<double>(step));
  const double correction2 = 1 - std::pow(c.beta2, static_cast<double>(step));
  const float beta1 = c.beta1, keep1 = 1 - c.beta1, beta2 = c.beta2,
              keep2 = 1 - c.beta2, wd = c.weight_decay, shrink = 1 - c.lr * c.weight_decay,
              negStep = -(c.lr / correction1), sqrtCorrection2 = std::sqrt(correction2),
              eps = c.eps;
  for (int64_t i = 0; i < n; ++i) {
    float x = Decoupled && Decay ? p[i] * shrink : p[i];
    float d = !Decoupled && Decay ? g[i] + wd * x : g[i];
    float mi = m[i] * beta1 + keep1 * d;
    float vi = v[i] * beta2 + keep2 * d * d;
    m[i] = mi;
    v[i] = vi;
    float second = vi;
    if (AmsGrad) {
      second = vmax[i] > vi ? vmax[i] : vi;
      vmax[i] = second;
    }
    float denom = std::sqrt(second) / sqrtCorrection2 + eps;
    p[i] = x + negStep * (mi / denom);
  }
}

/// torch.optim.RMSprop.
template <bool Decay, bool Centered, bool Momentum>
void rmsprop(const dlc_optim_config &c, float *__restrict p, const float *__restrict g,
             float *__restrict sq, float *__restrict mean, float *__restrict buf,
             int64_t n) {
  const float alpha = c.alpha, keep = 1 - c.alpha, wd = c.weight_decay, eps = c.eps,
              mom = c.momentum, negLr = -c.lr;
  for (int64_t i = 0; i < n; ++i) {
    float d = Decay ? g[i] + wd * p[i] : g[i];
    float s = sq[i] * alpha + keep * d * d;
    sq[i] = s;
    float avg;
    if (Centered) {
      float a = mean[i] * alpha + keep * d;
      mean[i] = a;
      avg = std::sqrt(s + -1.0f * a * a);
    } else {
      avg = std::sqrt(s);
    }
    avg = avg + eps;
    if (Momentum) {
      float b = buf[i] * mom + d / avg;
      buf[i] = b;
      p[i] = p[i] + negLr * b;
    } else {
      p[i] = p[i] + negLr * (d / avg);
    }
  }
}

/// torch.optim.Adadelta.
template <bool Decay>
void adadelta(const dlc_optim_config &c, float *__restrict p, const float *__restrict g,
              float *__restrict sq, float *__restrict acc, int64_t n) {
  const float rho = c.rho, keep = 1 - c.rho, wd = c.weight_decay, eps = c.eps,
              negLr = -c.lr;
  for (int64_t i = 0; i < n; ++i) {
    float d = Decay ? g[i] + wd * p[i] : g[i];
    float s = sq[i] * rho + keep * d * d;
    sq[i] = s;
    float std = std::sqrt(s + eps);
    float delta = std::sqrt(acc[i] + eps) / std * d;
    acc[i] = acc[i] * rho + keep * delta * delta;
    p[i] = p[i] + negLr * delta;
  }
}

/// torch.optim.Adagrad (dense gradients).
template <bool Decay>
void adagrad(const dlc_optim_config &c, int64_t step, float *__restrict p,
             const float *__restrict g, float *__restrict sum, int64_t n) {
  const double clr = c.lr / (1 + static_cast<double>(step - 1) * c.lr_decay);
  const float wd = c.weight_decay, eps = c.eps, negClr = -clr;
  for (int64_t i = 0; i < n; ++i) {
    float d = Decay ? g[i] + wd * p[i] : g[i];
    float s = sum[i] + 1.0f * d * d;
    sum[i] = s;
    p[i] = p[i] + negClr * (d / (std::sqrt(s) + eps));
  }
}

/// Calls `f.template operator()<B>()` with B the run-time `b` as a
/// compile-time constant.
template <typename F> void withFlag(bool b, F &&f) {
  if (b)
    f(std::true_type());
  else
    f(std::false_type());
}

int fail(char *err, size_t size, const char *message, double value) {
  if (err && size)
    std::snprintf(err, size, message, value);
  return -1;
}

} // namespace

extern "C" void dlc_optim_defaults(dlc_optimizer kind, dlc_optim_config *c) {
  std::memset(c, 0, sizeof(*c));
  c->kind = kind;
  switch (kind) {
  case DLC_OPTIM_SGD:
    break;
  case DLC_OPTIM_ADAM:
  case DLC_OPTIM_ADAMW:
    c->lr = 1e-3;
    c->beta1 = 0.9;
    c->beta2 = 0.999;
    c->eps = 1e-8;
    c->weight_decay = kind == DLC_OPTIM_ADAMW ? 1e-2 : 0;
    break;
  case DLC_OPTIM_RMSPROP:
    c->lr = 1e-2;
    c->alpha = 0.99;
    c->eps = 1e-8;
    break;
  case DLC_OPTIM_ADADELTA:
    c->lr = 1.0;
    c->rho = 0.9;
    c->eps = 1e-6;
    break;
  case DLC_OPTIM_ADAGRAD:
    c->lr = 1e-2;
    c->eps = 1e-10;
    break;
  }
}

extern "C" const char *dlc_optim_name(dlc_optimizer kind) {
  switch (kind) {
  case DLC_OPTIM_SGD:
    return "sgd";
  case DLC_OPTIM_ADAM:
    return "adam";
  case DLC_OPTIM_ADAMW:
    return "adamw";
  case DLC_OPTIM_RMSPROP:
    return "rmsprop";
  case DLC_OPTIM_ADADELTA:
    return "adadelta";
  case DLC_OPTIM_ADAGRAD:
    return "adagrad";
  }
  return "unknown";
}

extern "C" int dlc_optim_validate(const dlc_optim_config *c, char *err, size_t size) {
  // The checks of torch.optim's constructors, in their order.
  if (!(c->lr >= 0))
    return fail(err, size, "invalid learning rate %g (must be >= 0)", c->lr);
  if (!(c->weight_decay >= 0))
    return fail(err, size, "invalid weight decay %g (must be >= 0)", c->weight_decay);
  if (!(c->eps >= 0))
    return fail(err, size, "invalid eps %g (must be >= 0)", c->eps);
  switch (c->kind) {
  case DLC_OPTIM_SGD:
    if (!(c->momentum >= 0))
      return fail(err, size, "invalid momentum %g (must be >= 0)", c->momentum);
    if (c->nesterov && (c->momentum <= 0 || c->dampening != 0))
      return fail(err, size,
                  "nesterov momentum requires a momentum > 0 and zero dampening "
                  "(momentum %g)",
                  c->momentum);
    break;
  case DLC_OPTIM_ADAM:
  case DLC_OPTIM_ADAMW:
    if (!(c->beta1 >= 0 && c->beta1 < 1))
      return fail(err, size, "invalid beta1 %g (must be in [0, 1))", c->beta1);
    if (!(c->beta2 >= 0 && c->beta2 < 1))
      return fail(err, size, "invalid beta2 %g (must be in [0, 1))", c->beta2);
    break;
  case DLC_OPTIM_RMSPROP:
    if (!(c->momentum >= 0))
      return fail(err, size, "invalid momentum %g (must be >= 0)", c->momentum);
    if (!(c->alpha >= 0))
      return fail(err, size, "invalid alpha %g (must be >= 0)", c->alpha);
    break;
  case DLC_OPTIM_ADADELTA:
    if (!(c->rho >= 0 && c->rho <= 1))
      return fail(err, size, "invalid rho %g (must be in [0, 1])", c->rho);
    break;
  case DLC_OPTIM_ADAGRAD:
    if (!(c->lr_decay >= 0))
      return fail(err, size, "invalid lr decay %g (must be >= 0)", c->lr_decay);
    if (!(c->initial_accumulator_value >= 0))
      return fail(err, size, "invalid initial accumulator value %g (must be >= 0)",
                  c->initial_accumulator_value);
    break;
  }
  return 0;
}

extern "C" int dlc_optim_state_count(const dlc_optim_config *c) {
  switch (c->kind) {
  case DLC_OPTIM_SGD:
    return c->momentum != 0 ? 1 : 0;
  case DLC_OPTIM_ADAM:
  case DLC_OPTIM_ADAMW:
    return c->amsgrad ? 3 : 2;
  case DLC_OPTIM_RMSPROP:
    return 1 + (c->centered ? 1 : 0) + (c->momentum > 0 ? 1 : 0);
  case DLC_OPTIM_ADADELTA:
    return 2;
  case DLC_OPTIM_ADAGRAD:
    return 1;
  }
  return 0;
}

extern "C" void dlc_optim_init_state(const dlc_optim_config *c, float *const *state,
                                     int64_t n) {
  float initial = c->kind == DLC_OPTIM_ADAGRAD ? c->initial_accumulator_value : 0.0f;
  for (int k = 0, e = dlc_optim_state_count(c); k < e; ++k)
    for (int64_t i = 0; i < n; ++i)
      state[k][i] = initial;
}

extern "C" void dlc_optim_step(const dlc_optim_config *c, int64_t step, float *p,
                               const float *g, float *const *s, int64_t n) {
  bool decay = c->weight_decay != 0;
  switch (c->kind) {
  case DLC_OPTIM_SGD:
    withFlag(decay, [&](auto d) {
      withFlag(c->momentum != 0, [&](auto m) {
        withFlag(m && c->nesterov, [&](auto nest) {
          sgd<decltype(d)::value, decltype(m)::value, decltype(nest)::value>(*c, step == 1, p, g, m ? s[0] : nullptr, n);
        });
      });
    });
    return;
  case DLC_OPTIM_ADAM:
  case DLC_OPTIM_ADAMW:
    withFlag(c->kind == DLC_OPTIM_ADAMW, [&](auto decoupled) {
      withFlag(decay, [&](auto d) {
        withFlag(c->amsgrad, [&](auto ams) {
          adam<decltype(decoupled)::value, decltype(d)::value, decltype(ams)::value>(*c, step, p, g, s[0], s[1], ams ? s[2] : nullptr, n);
        });
      });
    });
    return;
  case DLC_OPTIM_RMSPROP:
    withFlag(decay, [&](auto d) {
      withFlag(c->centered, [&](auto centered) {
        withFlag(c->momentum > 0, [&](auto m) {
          float *mean = centered ? s[1] : nullptr;
          float *buf = m ? s[centered ? 2 : 1] : nullptr;
          rmsprop<decltype(d)::value, decltype(centered)::value, decltype(m)::value>(*c, p, g, s[0], mean, buf, n);
        });
      });
    });
    return;
  case DLC_OPTIM_ADADELTA:
    withFlag(decay, [&](auto d) { adadelta<decltype(d)::value>(*c, p, g, s[0], s[1], n); });
    return;
  case DLC_OPTIM_ADAGRAD:
    withFlag(decay, [&](auto d) { adagrad<decltype(d)::value>(*c, step, p, g, s[0], n); });
    return;
  }
}
