//===- Sequence.cpp - LSTM language model, seq2seq with attention ----------===//
//
// The recurrent models. Token inputs are i64 [T, N] (sequence first, like
// PyTorch's default RNN layout); --classes is the vocabulary and
// --input-size the sequence length.
//
// lstm_lm: the word-level language model of Zaremba et al., "Recurrent
// Neural Network Regularization", 2014 (the "medium" configuration: 650
// units, 2 layers, 35 steps, dropout 0.5 on the non-recurrent connections),
// laid out as PyTorch's examples/word_language_model RNNModel: embedding
// "encoder" [V, 650], dropout "drop", a 2-layer LSTM "rnn", dropout, linear
// "decoder" over the vocabulary. Output "logits" [T, N, V]; the initial
// state is zero. Deviation: the dropout between the two LSTM layers
// (nn.LSTM's `dropout`) is left out; all dropouts are the identity at
// inference anyway.
//
// seq2seq_attention: an encoder-decoder with additive attention (Bahdanau,
// Cho & Bengio, "Neural Machine Translation by Jointly Learning to Align and
// Translate", 2014), trained with teacher forcing. Inputs "source" [S, N]
// and "target" [T, N] (the decoder's input tokens, starting with BOS),
// S = T = --input-size. The encoder embeds the source (256) and runs a GRU
// (256). The decoder starts from the encoder's final state and, at every
// step t, scores each encoder state k_s with e_s = v^T tanh(W_q h_{t-1} +
// W_k k_s), takes the softmax-weighted context c_t = sum_s a_s k_s, runs a
// GRU cell on [embed(y_t), c_t] and emits logits = W_o [h_t, c_t] + b_o.
// Output "logits" [T, N, V]. The attention weights are created once and
// shared by all steps (W_k k_s is computed once). Deviations from the
// paper: a unidirectional encoder, the decoder starts from the encoder's
// last state directly (no learned initializer), and a linear output layer
// instead of the maxout layer; sizes are smaller (256 instead of 620/1000).
//
//===----------------------------------------------------------------------===//

#include "Builders.h"

namespace dlc::zoo::detail {

void buildLstmLM(Graph &g, const ZooOptions &o) {
  const int64_t embed = 650, hidden = 650;
  int64_t steps = o.inputSize, batch = o.batch, vocab = o.classes;
  Tensor tokens = g.input("tokens", {steps, batch}, DType::I64);
  Tensor x = g.embedding(tokens, vocab, embed, "encoder");
  x = g.dropout(x, 0.5, DropoutOptions().name("drop"));
  RecurrentOutput rnn = g.lstm(x, hidden, RNNOptions().numLayers(2).name("rnn"));
  x = g.dropout(rnn.output, 0.5, DropoutOptions().name("drop_out"));
  x = g.reshape(x, {steps * batch, hidden});
  x = g.linear(x, vocab, LinearOptions().name("decoder"));
  g.output(g.reshape(x, {steps, batch, vocab}), "logits");
}

void buildSeq2SeqAttention(Graph &g, const ZooOptions &o) {
  const int64_t embed = 256, hidden = 256, units = 256;
  int64_t steps = o.inputSize, batch = o.batch, vocab = o.classes;
  Tensor source = g.input("source", {steps, batch}, DType::I64);
  Tensor target = g.input("target", {steps, batch}, DType::I64);

  // Encoder: keys/values [N, S, H] and the final state [N, H].
  Tensor keys, state;
  {
    auto s = g.scope("encoder");
    Tensor x = g.embedding(source, vocab, embed, "embedding");
    RecurrentOutput enc = g.gru(x, hidden, RNNOptions().name("rnn"));
    keys = g.transpose(enc.output, {1, 0, 2}, "keys");
    state = enc.h[0];
  }

  auto s = g.scope("decoder");
  Tensor y = g.embedding(target, vocab, embed, "embedding");
  CellWeights cell = g.cellWeights("gru", embed + hidden, hidden, RNNOptions().name("cell"));
  // Attention parameters, stored like nn.Linear weights ([out, in]).
  Tensor wq, projectedKeys, v;
  {
    auto as = g.scope("attention");
    Tensor wqT = g.parameter("query.weight", {units, hidden}, Init::Default, hidden, units);
    Tensor wkT = g.parameter("key.weight", {units, hidden}, Init::Default, hidden, units);
    Tensor vT = g.parameter("score.weight", {1, units}, Init::Default, units, 1);
    wq = g.transpose(wqT, {1, 0}, "query_t");
    v = g.transpose(vT, {1, 0}, "score_t");
    // W_k k_s for every source position, once: [N, S, U].
    projectedKeys = g.matmul(keys, g.transpose(wkT, {1, 0}, "key_t"), "keys");
  }

  std::vector<Tensor> features; // [1, N, 2H] per step
  for (int64_t t = 0; t < steps; ++t) {
    auto ts = g.scope("step" + std::to_string(t));
    // Additive attention with the previous state as the query.
    Tensor q = g.reshape(g.matmul(state, wq, "query"), {batch, 1, units});
    Tensor e = g.tanh(g.add(projectedKeys, q, "energy"));
    Tensor scores = g.reshape(g.matmul(e, v, "score"), {batch, steps});
    Tensor weights = g.reshape(g.softmax(scores, -1, "align"), {batch, 1, steps});
    Tensor context = g.reshape(g.matmul(weights, keys, "context"), {batch, hidden});
    // One GRU step on [embed(y_t), c_t].
    Tensor yt = g.reshape(g.slice(y, {t}, {t + 1}, {0}), {batch, embed});
    state = g.cell(cell, g.concat({yt, context}, 1, "cell_input"), state)[0];
    features.push_back(
        g.reshape(g.concat({state, context}, 1, "features"), {1, batch, 2 * hidden}));
  }
  Tensor f = g.reshape(g.concat(features, 0, "stack"), {steps * batch, 2 * hidden});
  Tensor logits = g.linear(f, vocab, LinearOptions().name("out"));
  g.output(g.reshape(logits, {steps, batch, vocab}), "logits");
}

} // namespace dlc::zoo::detail
