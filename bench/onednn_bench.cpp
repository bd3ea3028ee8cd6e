//===- onednn_bench.cpp - oneDNN's primitives timed as bench/speed.py's peer -===//
//
// The oneDNN (Debian's libdnnl 2.x) side of bench/speed.py: times one
// primitive with oneDNN's preferred (blocked) layouts chosen by `any`, after
// reordering the inputs once, and prints `median_ms: X`. Threads come from
// OMP_NUM_THREADS.
//
//   onednn_bench matmul N ITERS              C[N,N] = A[N,N] B[N,N]
//   onednn_bench conv N C H ITERS            3x3, C->C, pad 1, bias, fused
//                                            ReLU post-op (inference BN is
//                                            folded into weights and bias)
//   onednn_bench lstm T N C H ITERS          vanilla LSTM forward, one layer
//
//===----------------------------------------------------------------------===//

#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

using namespace dnnl;
using tag = memory::format_tag;
using dt = memory::data_type;

namespace {

/// A plain f32 buffer of `dims` in `format`, filled with small values.
memory filled(engine &eng, const memory::dims &dims, tag format) {
  memory m({dims, dt::f32, format}, eng);
  auto *p = static_cast<float *>(m.get_data_handle());
  size_t n = m.get_desc().get_size() / sizeof(float);
  for (size_t i = 0; i < n; ++i)
    p[i] = static_cast<float>((i * 2654435761u) % 1000) / 1000.0f - 0.5f;
  return m;
}

/// `m` in the layout `want`, reordered once if it differs.
memory as(engine &eng, stream &s, memory m, const memory::desc &want) {
  if (m.get_desc() == want)
    return m;
  memory r(want, eng);
  reorder(m, r).execute(s, m, r);
  s.wait();
  return r;
}

double medianMs(stream &s, int iters, const std::function<void()> &run) {
  run();
  s.wait();
  std::vector<double> t;
  for (int i = 0; i < iters; ++i) {
    auto start = std::chrono::steady_clock::now();
    run();
    s.wait();
    t.push_back(std::chrono::duration<double, std::milli>(
                    std::chrono::steady_clock::now() - start)
                    .count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

int usage() {
  std::fprintf(stderr, "usage: onednn_bench matmul N ITERS | conv N C H ITERS | "
                       "lstm T N C H ITERS\n");
  return 2;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2)
    return usage();
  std::string what = argv[1];
  engine eng(engine::kind::cpu, 0);
  stream s(eng);
  double ms = 0;
  if (what == "matmul" && argc == 4) {
    memory::dim n = std::atol(argv[2]);
    int iters = std::atoi(argv[3]);
    memory::desc any({n, n}, dt::f32, tag::any), plain({n, n}, dt::f32, tag::ab);
    matmul::primitive_desc pd(matmul::desc(plain, any, plain), eng);
    memory a = filled(eng, {n, n}, tag::ab);
    memory b = as(eng, s, filled(eng, {n, n}, tag::ab), pd.weights_desc());
    memory c({{n, n}, dt::f32, tag::ab}, eng);
    matmul prim(pd);
    ms = medianMs(s, iters, [&] {
      prim.execute(s, {{DNNL_ARG_SRC, a}, {DNNL_ARG_WEIGHTS, b}, {DNNL_ARG_DST, c}});
    });
  } else if (what == "conv" && argc == 6) {
    memory::dim n = std::atol(argv[2]), c = std::atol(argv[3]), h = std::atol(argv[4]);
    int iters = std::atoi(argv[5]);
    memory::dims src{n, c, h, h}, wei{c, c, 3, 3}, bias{c}, dst{n, c, h, h};
    convolution_forward::desc desc(
        prop_kind::forward_inference, algorithm::convolution_direct,
        memory::desc(src, dt::f32, tag::any), memory::desc(wei, dt::f32, tag::any),
        memory::desc(bias, dt::f32, tag::x), memory::desc(dst, dt::f32, tag::any), {1, 1},
        {1, 1}, {1, 1});
    post_ops ops;
    ops.append_eltwise(1.0f, algorithm::eltwise_relu, 0.0f, 0.0f);
    primitive_attr attr;
    attr.set_post_ops(ops);
    convolution_forward::primitive_desc pd(desc, attr, eng);
    // The network's activations stay in oneDNN's layout between layers:
    // the input is given in it (reordered outside the timing).
    memory x = as(eng, s, filled(eng, src, tag::nchw), pd.src_desc());
    memory w = as(eng, s, filled(eng, wei, tag::oihw), pd.weights_desc());
    memory b = filled(eng, bias, tag::x);
    memory y(pd.dst_desc(), eng);
    convolution_forward prim(pd);
    ms = medianMs(s, iters, [&] {
      prim.execute(s, {{DNNL_ARG_SRC, x},
                       {DNNL_ARG_WEIGHTS, w},
                       {DNNL_ARG_BIAS, b},
                       {DNNL_ARG_DST, y}});
    });
  } else if (what == "lstm" && argc == 7) {
    memory::dim t = std::atol(argv[2]), n = std::atol(argv[3]), c = std::atol(argv[4]),
                hid = std::atol(argv[5]);
    int iters = std::atoi(argv[6]);
    memory::dims srcLayer{t, n, c}, iter{1, 1, n, hid}, wLayer{1, 1, c, 4, hid},
        wIter{1, 1, hid, 4, hid}, bias{1, 1, 4, hid}, dstLayer{t, n, hid};
    lstm_forward::desc desc(
        prop_kind::forward_inference, rnn_direction::unidirectional_left2right,
        memory::desc(srcLayer, dt::f32, tag::tnc), memory::desc(iter, dt::f32, tag::ldnc),
        memory::desc(iter, dt::f32, tag::ldnc), memory::desc(wLayer, dt::f32, tag::any),
        memory::desc(wIter, dt::f32, tag::any), memory::desc(bias, dt::f32, tag::ldgo),
        memory::desc(dstLayer, dt::f32, tag::tnc), memory::desc(iter, dt::f32, tag::ldnc),
        memory::desc(iter, dt::f32, tag::ldnc));
    lstm_forward::primitive_desc pd(desc, eng);
    memory x = filled(eng, srcLayer, tag::tnc);
    memory h0 = filled(eng, iter, tag::ldnc), c0 = filled(eng, iter, tag::ldnc);
    memory wl = as(eng, s, filled(eng, wLayer, tag::ldigo), pd.weights_layer_desc());
    memory wi = as(eng, s, filled(eng, wIter, tag::ldigo), pd.weights_iter_desc());
    memory b = filled(eng, bias, tag::ldgo);
    memory y(pd.dst_layer_desc(), eng), hn(pd.dst_iter_desc(), eng),
        cn(pd.dst_iter_c_desc(), eng);
    memory scratch(pd.scratchpad_desc(), eng);
    std::unordered_map<int, memory> args = {
        {DNNL_ARG_SRC_LAYER, x},       {DNNL_ARG_SRC_ITER, h0},
        {DNNL_ARG_SRC_ITER_C, c0},     {DNNL_ARG_WEIGHTS_LAYER, wl},
        {DNNL_ARG_WEIGHTS_ITER, wi},   {DNNL_ARG_BIAS, b},
        {DNNL_ARG_DST_LAYER, y},       {DNNL_ARG_DST_ITER, hn},
        {DNNL_ARG_DST_ITER_C, cn},     {DNNL_ARG_SCRATCHPAD, scratch}};
    lstm_forward prim(pd);
    ms = medianMs(s, iters, [&] { prim.execute(s, args); });
  } else {
    return usage();
  }
  std::printf("median_ms: %.4f\n", ms);
  return 0;
}
