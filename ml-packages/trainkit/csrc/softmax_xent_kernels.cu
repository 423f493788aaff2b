// Fused softmax + cross-entropy, CUDA kernels. Same semantics as the CPU kernel in softmax_xent.h.
//
// Forward: one block per row. Each thread folds a strided slice of the row into an online
// (max, sum) pair; pairs are merged with warp shuffles and then across warps through shared
// memory, so the row is read once and exp never sees a positive argument (no overflow).
// Backward: one thread per element, grid-stride loop.
#include "softmax_xent_cuda.h"

#include <cmath>

namespace trainkit {
namespace cuda {
namespace {

constexpr int kThreads = 256;
constexpr int kWarp = 32;

template <typename T> struct Acc { using type = T; };
template <> struct Acc<float> { using type = float; };  // on GPU float keeps full throughput

__device__ __forceinline__ float exp_of(float x) { return expf(x); }
__device__ __forceinline__ double exp_of(double x) { return exp(x); }
__device__ __forceinline__ float log_of(float x) { return logf(x); }
__device__ __forceinline__ double log_of(double x) { return log(x); }

template <typename A>
__device__ __forceinline__ A negative_infinity() { return -static_cast<A>(INFINITY); }  // numeric_limits is host-only

// Merges (m2, s2) into (m1, s1): the normaliser of the union of both slices.
template <typename A>
__device__ __forceinline__ void merge(A& m1, A& s1, A m2, A s2) {
  if (m2 == negative_infinity<A>()) return;
  if (m1 == negative_infinity<A>()) { m1 = m2; s1 = s2; return; }
  if (m2 > m1) {
    s1 = s1 * exp_of(m1 - m2) + s2;
    m1 = m2;
  } else {
    s1 = s1 + s2 * exp_of(m2 - m1);
  }
}

template <typename T>
__global__ void forward_kernel(const T* __restrict__ logits, const int64_t* __restrict__ targets, int64_t cols,
                               int64_t ignore_index, T* __restrict__ loss, T* __restrict__ lse) {
  using A = typename Acc<T>::type;
  const int64_t row = blockIdx.x;
  const T* x = logits + row * cols;

  A m = negative_infinity<A>();
  A s = A(0);
  for (int64_t c = threadIdx.x; c < cols; c += blockDim.x) {
    const A v = static_cast<A>(x[c]);
    merge<A>(m, s, v, A(1));
  }
  for (int offset = kWarp / 2; offset > 0; offset /= 2) {
    const A m2 = __shfl_down_sync(0xffffffffu, m, offset);
    const A s2 = __shfl_down_sync(0xffffffffu, s, offset);
    merge<A>(m, s, m2, s2);
  }

  __shared__ A warp_max[kThreads / kWarp];
  __shared__ A warp_sum[kThreads / kWarp];
  const int lane = threadIdx.x % kWarp;
  const int warp = threadIdx.x / kWarp;
  if (lane == 0) {
    warp_max[warp] = m;
    warp_sum[warp] = s;
  }
  __syncthreads();

  if (threadIdx.x == 0) {
    const int warps = (blockDim.x + kWarp - 1) / kWarp;
    A row_max = warp_max[0];
    A row_sum = warp_sum[0];
    for (int w = 1; w < warps; ++w) merge<A>(row_max, row_sum, warp_max[w], warp_sum[w]);
    const A row_lse = row_max + log_of(row_sum);
    lse[row] = static_cast<T>(row_lse);
    const int64_t t = targets[row];
    if (t == ignore_index) {
      loss[row] = T(0);
    } else if (t < 0 || t >= cols) {
      loss[row] = static_cast<T>(NAN);  // the host checks targets; NaN makes a slip visible
    } else {
      loss[row] = static_cast<T>(row_lse - static_cast<A>(x[t]));
    }
  }
}

template <typename T>
__global__ void backward_kernel(const T* __restrict__ logits, const int64_t* __restrict__ targets,
                                const T* __restrict__ lse, const T* __restrict__ grad_loss, int64_t rows,
                                int64_t cols, int64_t ignore_index, T* __restrict__ grad_logits) {
  using A = typename Acc<T>::type;
  const int64_t total = rows * cols;
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < total;
       i += static_cast<int64_t>(blockDim.x) * gridDim.x) {
    const int64_t row = i / cols;
    const int64_t c = i - row * cols;
    const int64_t t = targets[row];
    if (t == ignore_index || t < 0 || t >= cols) {
      grad_logits[i] = T(0);
      continue;
    }
    const A p = exp_of(static_cast<A>(logits[i]) - static_cast<A>(lse[row]));
    grad_logits[i] = static_cast<T>(static_cast<A>(grad_loss[row]) * (p - (c == t ? A(1) : A(0))));
  }
}

}  // namespace

template <typename T>
cudaError_t softmax_xent_forward(const T* logits, const int64_t* targets, int64_t rows, int64_t cols,
                                 int64_t ignore_index, T* loss, T* lse, cudaStream_t stream) {
  if (rows == 0) return cudaSuccess;
  // gridDim.x allows 2^31-1 blocks: far more rows than any batch we train with.
  forward_kernel<T><<<static_cast<unsigned int>(rows), kThreads, 0, stream>>>(logits, targets, cols, ignore_index,
                                                                                loss, lse);
  return cudaGetLastError();
}

template <typename T>
cudaError_t softmax_xent_backward(const T* logits, const int64_t* targets, const T* lse, const T* grad_loss,
                                  int64_t rows, int64_t cols, int64_t ignore_index, T* grad_logits,
                                  cudaStream_t stream) {
  const int64_t total = rows * cols;
  if (total == 0) return cudaSuccess;
  const int64_t wanted = (total + kThreads - 1) / kThreads;
  const unsigned int blocks = static_cast<unsigned int>(wanted < 65535 ? wanted : 65535);
  backward_kernel<T><<<blocks, kThreads, 0, stream>>>(logits, targets, lse, grad_loss, rows, cols, ignore_index,
                                                      grad_logits);
  return cudaGetLastError();
}

template cudaError_t softmax_xent_forward<float>(const float*, const int64_t*, int64_t, int64_t, int64_t, float*,
                                                 float*, cudaStream_t);
template cudaError_t softmax_xent_forward<double>(const double*, const int64_t*, int64_t, int64_t, int64_t, double*,
                                                  double*, cudaStream_t);
template cudaError_t softmax_xent_backward<float>(const float*, const int64_t*, const float*, const float*, int64_t,
                                                  int64_t, int64_t, float*, cudaStream_t);
template cudaError_t softmax_xent_backward<double>(const double*, const int64_t*, const double*, const double*,
                                                   int64_t, int64_t, int64_t, double*, cudaStream_t);

}  // namespace cuda
}  // namespace trainkit
