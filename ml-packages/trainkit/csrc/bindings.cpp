// PyTorch binding of the fused softmax + cross-entropy op: trainkit._C.forward / backward.
// Checks shapes and dtypes, then hands raw pointers to the CPU kernel (softmax_xent.h) or, when
// built with WITH_CUDA, to the CUDA launchers (softmax_xent_cuda.h) on the current stream.
#include <torch/extension.h>

#include <vector>

#include "softmax_xent.h"

#ifdef WITH_CUDA
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>

#include "softmax_xent_cuda.h"
#endif

namespace {

void check_inputs(const torch::Tensor& logits, const torch::Tensor& targets) {
  TORCH_CHECK(logits.dim() == 2, "logits must be 2-D [rows, classes], got ", logits.dim(), " dimensions");
  TORCH_CHECK(targets.dim() == 1, "targets must be 1-D [rows], got ", targets.dim(), " dimensions");
  TORCH_CHECK(targets.size(0) == logits.size(0), "targets has ", targets.size(0), " rows; expected ",
              logits.size(0), " (one per row of logits)");
  TORCH_CHECK(targets.scalar_type() == torch::kLong, "targets must be int64, got ", targets.scalar_type());
  TORCH_CHECK(logits.device() == targets.device(), "logits are on ", logits.device(), " but targets are on ",
              targets.device(), "; expected the same device");
  TORCH_CHECK(logits.scalar_type() == torch::kFloat || logits.scalar_type() == torch::kDouble,
              "logits must be float32 or float64, got ", logits.scalar_type(),
              " (the Python wrapper upcasts half precision)");
}

#ifdef WITH_CUDA
void check_cuda(cudaError_t err, const char* what) {
  TORCH_CHECK(err == cudaSuccess, "trainkit softmax_xent ", what, " kernel failed: ", cudaGetErrorString(err));
}
#endif

std::vector<torch::Tensor> forward_op(const torch::Tensor& logits_in, const torch::Tensor& targets_in,
                                   int64_t ignore_index) {
  check_inputs(logits_in, targets_in);
  const auto logits = logits_in.contiguous();
  const auto targets = targets_in.contiguous();
  const int64_t rows = logits.size(0);
  const int64_t cols = logits.size(1);
  auto loss = torch::empty({rows}, logits.options());
  auto lse = torch::empty({rows}, logits.options());

  if (logits.is_cuda()) {
#ifdef WITH_CUDA
    const c10::cuda::CUDAGuard guard(logits.device());
    const cudaStream_t stream = c10::cuda::getCurrentCUDAStream().stream();
    AT_DISPATCH_FLOATING_TYPES(logits.scalar_type(), "trainkit_softmax_xent_forward_cuda", [&] {
      check_cuda(trainkit::cuda::softmax_xent_forward<scalar_t>(
                     logits.data_ptr<scalar_t>(), targets.data_ptr<int64_t>(), rows, cols, ignore_index,
                     loss.data_ptr<scalar_t>(), lse.data_ptr<scalar_t>(), stream),
                 "forward");
    });
#else
    TORCH_CHECK(false, "trainkit was built without CUDA support; expected CPU tensors");
#endif
  } else {
    AT_DISPATCH_FLOATING_TYPES(logits.scalar_type(), "trainkit_softmax_xent_forward_cpu", [&] {
      const int64_t invalid = trainkit::softmax_xent_forward_cpu<scalar_t>(
          logits.data_ptr<scalar_t>(), targets.data_ptr<int64_t>(), rows, cols, ignore_index,
          loss.data_ptr<scalar_t>(), lse.data_ptr<scalar_t>());
      TORCH_CHECK(invalid == 0, invalid, " targets are outside [0, ", cols, ") and not ignore_index=", ignore_index);
    });
  }
  return {loss, lse};
}

torch::Tensor backward_op(const torch::Tensor& grad_loss_in, const torch::Tensor& logits_in,
                       const torch::Tensor& targets_in, const torch::Tensor& lse_in, int64_t ignore_index) {
  check_inputs(logits_in, targets_in);
  const auto logits = logits_in.contiguous();
  const auto targets = targets_in.contiguous();
  const auto lse = lse_in.contiguous().to(logits.scalar_type());
  const auto grad_loss = grad_loss_in.contiguous().to(logits.scalar_type());
  TORCH_CHECK(grad_loss.dim() == 1 && grad_loss.size(0) == logits.size(0), "grad_loss must have one value per row");
  const int64_t rows = logits.size(0);
  const int64_t cols = logits.size(1);
  auto grad_logits = torch::empty_like(logits);

  if (logits.is_cuda()) {
#ifdef WITH_CUDA
    const c10::cuda::CUDAGuard guard(logits.device());
    const cudaStream_t stream = c10::cuda::getCurrentCUDAStream().stream();
    AT_DISPATCH_FLOATING_TYPES(logits.scalar_type(), "trainkit_softmax_xent_backward_cuda", [&] {
      check_cuda(trainkit::cuda::softmax_xent_backward<scalar_t>(
                     logits.data_ptr<scalar_t>(), targets.data_ptr<int64_t>(), lse.data_ptr<scalar_t>(),
                     grad_loss.data_ptr<scalar_t>(), rows, cols, ignore_index, grad_logits.data_ptr<scalar_t>(),
                     stream),
                 "backward");
    });
#else
    TORCH_CHECK(false, "trainkit was built without CUDA support; expected CPU tensors");
#endif
  } else {
    AT_DISPATCH_FLOATING_TYPES(logits.scalar_type(), "trainkit_softmax_xent_backward_cpu", [&] {
      trainkit::softmax_xent_backward_cpu<scalar_t>(
          logits.data_ptr<scalar_t>(), targets.data_ptr<int64_t>(), lse.data_ptr<scalar_t>(),
          grad_loss.data_ptr<scalar_t>(), rows, cols, ignore_index, grad_logits.data_ptr<scalar_t>());
    });
  }
  return grad_logits;
}

}  // namespace

PYBIND11_MODULE(TORCH_EXTENSION_NAME, m) {
  m.doc() = "trainkit fused softmax cross-entropy (CPU kernel, and CUDA kernels when built with CUDA)";
  m.def("forward", &forward_op, "per-row loss and logsumexp", py::arg("logits"), py::arg("targets"),
        py::arg("ignore_index") = trainkit::kDefaultIgnoreIndex);
  m.def("backward", &backward_op, "gradient of the per-row loss w.r.t. logits", py::arg("grad_loss"),
        py::arg("logits"), py::arg("targets"), py::arg("lse"), py::arg("ignore_index") = trainkit::kDefaultIgnoreIndex);
#ifdef WITH_CUDA
  m.attr("with_cuda") = py::bool_(true);
#else
  m.attr("with_cuda") = py::bool_(false);
#endif
}
