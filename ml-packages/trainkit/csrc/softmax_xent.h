// Fused softmax + cross-entropy, CPU kernel. Plain C++17, no PyTorch types, so the same code is
// used by the extension (bindings.cpp) and by the standalone test harness (tests/native).
//
// Forward, per row r of a row-major [rows, cols] matrix x with target class t:
//   lse[r]  = log(sum_c exp(x[r,c]))          computed online in one pass (running max m, sum s
//                                              rescaled whenever m grows), so it never overflows
//   loss[r] = lse[r] - x[r,t]                  0 when t == ignore_index, NaN when t is out of range
// Backward: grad[r,c] = grad_loss[r] * (exp(x[r,c] - lse[r]) - [c == t])   (0 for ignored rows)
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

namespace trainkit {

constexpr int64_t kDefaultIgnoreIndex = -100;

// float inputs accumulate in double: the sum of exps over many classes loses bits in float.
template <typename T> struct Accumulate { using type = T; };
template <> struct Accumulate<float> { using type = double; };

// Folds x into the running (max, sum) pair of the online softmax normaliser.
template <typename A>
inline void online_logsumexp_step(A x, A& running_max, A& running_sum) {
  if (x == -std::numeric_limits<A>::infinity()) return;  // contributes exp(-inf) = 0
  if (x > running_max) {
    running_sum = running_sum * std::exp(running_max - x) + A(1);
    running_max = x;
  } else {
    running_sum += std::exp(x - running_max);
  }
}

// Returns how many rows had a target outside [0, cols) that is not ignore_index (their loss is NaN).
template <typename T>
int64_t softmax_xent_forward_cpu(const T* logits, const int64_t* targets, int64_t rows, int64_t cols,
                                 int64_t ignore_index, T* loss, T* lse) {
  using A = typename Accumulate<T>::type;
  int64_t invalid_targets = 0;
  for (int64_t r = 0; r < rows; ++r) {
    const T* x = logits + r * cols;
    A running_max = -std::numeric_limits<A>::infinity();
    A running_sum = A(0);
    for (int64_t c = 0; c < cols; ++c) online_logsumexp_step<A>(static_cast<A>(x[c]), running_max, running_sum);
    const A row_lse = running_max + std::log(running_sum);
    lse[r] = static_cast<T>(row_lse);
    const int64_t t = targets[r];
    if (t == ignore_index) {
      loss[r] = T(0);
    } else if (t < 0 || t >= cols) {
      loss[r] = std::numeric_limits<T>::quiet_NaN();
      ++invalid_targets;
    } else {
      loss[r] = static_cast<T>(row_lse - static_cast<A>(x[t]));
    }
  }
  return invalid_targets;
}

template <typename T>
void softmax_xent_backward_cpu(const T* logits, const int64_t* targets, const T* lse, const T* grad_loss,
                               int64_t rows, int64_t cols, int64_t ignore_index, T* grad_logits) {
  using A = typename Accumulate<T>::type;
  for (int64_t r = 0; r < rows; ++r) {
    const T* x = logits + r * cols;
    T* g = grad_logits + r * cols;
    const int64_t t = targets[r];
    if (t == ignore_index || t < 0 || t >= cols) {
      for (int64_t c = 0; c < cols; ++c) g[c] = T(0);
      continue;
    }
    const A scale = static_cast<A>(grad_loss[r]);
    const A row_lse = static_cast<A>(lse[r]);
    for (int64_t c = 0; c < cols; ++c) {
      const A p = std::exp(static_cast<A>(x[c]) - row_lse);
      g[c] = static_cast<T>(scale * (p - (c == t ? A(1) : A(0))));
    }
  }
}

}  // namespace trainkit
