// Host-side launchers of the CUDA kernels (softmax_xent_kernels.cu). No PyTorch types: the
// extension passes raw device pointers and its current stream. Semantics as in softmax_xent.h.
#pragma once

#include <cstdint>
#include <cuda_runtime.h>

namespace trainkit {
namespace cuda {

template <typename T>
cudaError_t softmax_xent_forward(const T* logits, const int64_t* targets, int64_t rows, int64_t cols,
                                 int64_t ignore_index, T* loss, T* lse, cudaStream_t stream);

template <typename T>
cudaError_t softmax_xent_backward(const T* logits, const int64_t* targets, const T* lse, const T* grad_loss,
                                  int64_t rows, int64_t cols, int64_t ignore_index, T* grad_logits,
                                  cudaStream_t stream);

}  // namespace cuda
}  // namespace trainkit
