//===- OptimTest.cpp - optimizer update kernels ---------------------------===//
//
// dlc_optim_step against the textbook form of each torch.optim update,
// written here independently, per element, in double precision: several
// steps of every optimizer and option on random parameters and gradients
// must agree to float rounding. Also: defaults, state counts, validation.
//
//===----------------------------------------------------------------------===//

#include "dlc/runtime/optim.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace {

/// One parameter's state in the reference: named moments, all double.
struct Ref {
  std::vector<double> p, buf, m, v, vmax, sq, mean, acc, sum;
};

/// The reference update of element i (torch.optim's documented algorithm).
void refStep(const dlc_optim_config &c, int64_t t, Ref &r, const std::vector<float> &grad) {
  for (size_t i = 0; i < r.p.size(); ++i) {
    double g = grad[i], &p = r.p[i];
    if (c.kind != DLC_OPTIM_ADAMW)
      g += c.weight_decay * p;
    switch (c.kind) {
    case DLC_OPTIM_SGD:
      if (c.momentum != 0) {
        r.buf[i] = t == 1 ? g : c.momentum * r.buf[i] + (1 - c.dampening) * g;
        g = c.nesterov ? g + c.momentum * r.buf[i] : r.buf[i];
      }
      p -= c.lr * g;
      break;
    case DLC_OPTIM_ADAM:
    case DLC_OPTIM_ADAMW: {
      if (c.kind == DLC_OPTIM_ADAMW)
        p *= 1 - c.lr * c.weight_decay;
      r.m[i] = c.beta1 * r.m[i] + (1 - c.beta1) * g;
      r.v[i] = c.beta2 * r.v[i] + (1 - c.beta2) * g * g;
      double v = r.v[i];
      if (c.amsgrad)
        v = r.vmax[i] = std::max(r.vmax[i], v);
      double mhat = r.m[i] / (1 - std::pow(c.beta1, t));
      double vhat = v / (1 - std::pow(c.beta2, t));
      p -= c.lr * mhat / (std::sqrt(vhat) + c.eps);
      break;
    }
    case DLC_OPTIM_RMSPROP: {
      r.sq[i] = c.alpha * r.sq[i] + (1 - c.alpha) * g * g;
      double var = r.sq[i];
      if (c.centered) {
        r.mean[i] = c.alpha * r.mean[i] + (1 - c.alpha) * g;
        var -= r.mean[i] * r.mean[i];
      }
      double step = g / (std::sqrt(var) + c.eps);
      if (c.momentum > 0)
        step = r.buf[i] = c.momentum * r.buf[i] + step;
      p -= c.lr * step;
      break;
    }
    case DLC_OPTIM_ADADELTA: {
      r.sq[i] = c.rho * r.sq[i] + (1 - c.rho) * g * g;
      double delta = std::sqrt(r.acc[i] + c.eps) / std::sqrt(r.sq[i] + c.eps) * g;
      r.acc[i] = c.rho * r.acc[i] + (1 - c.rho) * delta * delta;
      p -= c.lr * delta;
      break;
    }
    case DLC_OPTIM_ADAGRAD:
      r.sum[i] += g * g;
      p -= c.lr / (1 + (t - 1) * c.lr_decay) * g / (std::sqrt(r.sum[i]) + c.eps);
      break;
    }
  }
}

/// Runs `steps` updates of a 37-element parameter (not a multiple of any
/// vector width) through dlc_optim_step and the reference; compares the
/// parameter after each step.
void check(const dlc_optim_config &c, int steps = 5) {
  SCOPED_TRACE(dlc_optim_name(c.kind));
  ASSERT_EQ(dlc_optim_validate(&c, nullptr, 0), 0);
  const int64_t n = 37;
  std::mt19937 rng(7);
  std::normal_distribution<float> dist(0.0f, 1.0f);
  std::vector<float> p(n);
  for (float &x : p)
    x = dist(rng);
  Ref r;
  r.p.assign(p.begin(), p.end());
  for (auto *v : {&r.buf, &r.m, &r.v, &r.vmax, &r.sq, &r.mean, &r.acc})
    v->assign(n, 0.0);
  r.sum.assign(n, c.kind == DLC_OPTIM_ADAGRAD ? c.initial_accumulator_value : 0.0);
  int count = dlc_optim_state_count(&c);
  std::vector<std::vector<float>> state(count, std::vector<float>(n, -99.0f));
  std::vector<float *> statePtrs;
  for (auto &s : state)
    statePtrs.push_back(s.data());
  dlc_optim_init_state(&c, statePtrs.data(), n);
  for (int t = 1; t <= steps; ++t) {
    std::vector<float> g(n);
    for (float &x : g)
      x = dist(rng);
    dlc_optim_step(&c, t, p.data(), g.data(), statePtrs.data(), n);
    refStep(c, t, r, g);
    for (int64_t i = 0; i < n; ++i)
      ASSERT_NEAR(p[i], r.p[i], 2e-5 * (1 + std::fabs(r.p[i])))
          << "step " << t << " element " << i;
  }
}

dlc_optim_config config(dlc_optimizer kind, double lr = -1) {
  dlc_optim_config c;
  dlc_optim_defaults(kind, &c);
  if (lr >= 0)
    c.lr = lr;
  return c;
}

TEST(OptimTest, SGD) {
  dlc_optim_config c = config(DLC_OPTIM_SGD, 0.1);
  check(c);
  c.weight_decay = 0.01;
  check(c);
  c.momentum = 0.9;
  check(c);
  c.dampening = 0.3;
  check(c);
  c.dampening = 0;
  c.nesterov = 1;
  check(c);
}

TEST(OptimTest, Adam) {
  for (dlc_optimizer kind : {DLC_OPTIM_ADAM, DLC_OPTIM_ADAMW}) {
    dlc_optim_config c = config(kind, 0.01);
    check(c);
    c.weight_decay = 0.1;
    check(c);
    c.amsgrad = 1;
    c.beta1 = 0.5;
    check(c, 8);
  }
}

TEST(OptimTest, RMSprop) {
  dlc_optim_config c = config(DLC_OPTIM_RMSPROP);
  check(c);
  c.centered = 1;
  check(c);
  c.momentum = 0.8;
  c.weight_decay = 0.05;
  check(c);
  c.centered = 0;
  check(c);
}

TEST(OptimTest, AdadeltaAndAdagrad) {
  dlc_optim_config c = config(DLC_OPTIM_ADADELTA);
  check(c);
  c.weight_decay = 0.1;
  c.rho = 0.5;
  check(c);
  c = config(DLC_OPTIM_ADAGRAD, 0.1);
  check(c);
  c.lr_decay = 0.2;
  c.initial_accumulator_value = 0.5;
  c.weight_decay = 0.01;
  check(c);
}

TEST(OptimTest, TorchDefaults) {
  dlc_optim_config c = config(DLC_OPTIM_ADAM);
  EXPECT_EQ(c.lr, 1e-3);
  EXPECT_EQ(c.beta1, 0.9);
  EXPECT_EQ(c.beta2, 0.999);
  EXPECT_EQ(c.eps, 1e-8);
  EXPECT_EQ(c.weight_decay, 0);
  EXPECT_EQ(config(DLC_OPTIM_ADAMW).weight_decay, 1e-2);
  c = config(DLC_OPTIM_RMSPROP);
  EXPECT_EQ(c.lr, 1e-2);
  EXPECT_EQ(c.alpha, 0.99);
  EXPECT_EQ(c.eps, 1e-8);
  c = config(DLC_OPTIM_ADADELTA);
  EXPECT_EQ(c.lr, 1.0);
  EXPECT_EQ(c.rho, 0.9);
  EXPECT_EQ(c.eps, 1e-6);
  c = config(DLC_OPTIM_ADAGRAD);
  EXPECT_EQ(c.lr, 1e-2);
  EXPECT_EQ(c.eps, 1e-10);
}

TEST(OptimTest, StateCounts) {
  dlc_optim_config c = config(DLC_OPTIM_SGD, 0.1);
  EXPECT_EQ(dlc_optim_state_count(&c), 0);
  c.momentum = 0.5;
  EXPECT_EQ(dlc_optim_state_count(&c), 1);
  c = config(DLC_OPTIM_ADAM);
  c.amsgrad = 1;
  EXPECT_EQ(dlc_optim_state_count(&c), 3);
  c = config(DLC_OPTIM_RMSPROP);
  c.centered = 1;
  c.momentum = 0.1;
  EXPECT_EQ(dlc_optim_state_count(&c), 3);
}

TEST(OptimTest, Validation) {
  char err[256];
  dlc_optim_config c = config(DLC_OPTIM_SGD);
  c.lr = -0.5;
  ASSERT_EQ(dlc_optim_validate(&c, err, sizeof(err)), -1);
  EXPECT_STREQ(err, "invalid learning rate -0.5 (must be >= 0)");
  c = config(DLC_OPTIM_SGD, 0.1);
  c.nesterov = 1;
  ASSERT_EQ(dlc_optim_validate(&c, err, sizeof(err)), -1);
  EXPECT_NE(std::string(err).find("nesterov momentum requires"), std::string::npos);
  c = config(DLC_OPTIM_ADAM);
  c.beta2 = 1.0;
  ASSERT_EQ(dlc_optim_validate(&c, err, sizeof(err)), -1);
  EXPECT_STREQ(err, "invalid beta2 1 (must be in [0, 1))");
}

} // namespace
