// Standalone harness of the CPU kernel (csrc/softmax_xent.h), for comparing against the numpy
// reference without torch. Usage: harness float|double  < input  > output
// input:  rows cols ignore_index, rows*cols logits, rows targets, rows grad_loss (whitespace separated)
// output: rows losses, rows lse, rows*cols gradients, then the count of invalid targets
#include <cstdio>
#include <cstring>
#include <iostream>
#include <vector>

#include "softmax_xent.h"

template <typename T>
int run() {
  long long rows = 0, cols = 0, ignore_index = 0;
  if (!(std::cin >> rows >> cols >> ignore_index)) return 2;
  std::vector<T> logits(rows * cols), loss(rows), lse(rows), grad_loss(rows), grad(rows * cols);
  std::vector<int64_t> targets(rows);
  for (auto& v : logits) { double d; std::cin >> d; v = static_cast<T>(d); }
  for (auto& v : targets) { long long t; std::cin >> t; v = t; }
  for (auto& v : grad_loss) { double d; std::cin >> d; v = static_cast<T>(d); }
  if (!std::cin) return 2;
  const int64_t invalid = trainkit::softmax_xent_forward_cpu<T>(logits.data(), targets.data(), rows, cols,
                                                                ignore_index, loss.data(), lse.data());
  trainkit::softmax_xent_backward_cpu<T>(logits.data(), targets.data(), lse.data(), grad_loss.data(), rows, cols,
                                         ignore_index, grad.data());
  for (auto v : loss) std::printf("%.17g\n", static_cast<double>(v));
  for (auto v : lse) std::printf("%.17g\n", static_cast<double>(v));
  for (auto v : grad) std::printf("%.17g\n", static_cast<double>(v));
  std::printf("%lld\n", static_cast<long long>(invalid));
  return 0;
}

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "float") == 0) return run<float>();
  if (argc == 2 && std::strcmp(argv[1], "double") == 0) return run<double>();
  std::fprintf(stderr, "usage: harness float|double < input\n");
  return 2;
}
