"""torch / CUDA tests. Skipped here when torch or a GPU is missing; on the CodeBuild host
ML_BUILD_REQUIRE_TORCH=1 turns a missing torch into a failure, ML_BUILD_REQUIRE_EXTENSION=1 does
the same for a missing compiled extension, and ML_BUILD_REQUIRE_GPU=1 (a GPU build,
ml-training:gpuBuild) for a missing CUDA device, so the build cannot pass by skipping."""

import os

import pytest

try:
    import torch as _torch
except ImportError:
    _torch = None


@pytest.fixture
def torch():
    if _torch is None:
        for name in ("ML_BUILD_REQUIRE_TORCH", "ML_BUILD_REQUIRE_GPU"):
            if os.environ.get(name) == "1":
                pytest.fail(f"{name}=1 but torch is not importable; expected torch on the build host")
        pytest.skip("torch is not installed")
    return _torch


@pytest.fixture
def extension(torch):
    from trainkit.ops.softmax_xent import _extension

    ext = _extension()
    if ext is None:
        if os.environ.get("ML_BUILD_REQUIRE_EXTENSION") == "1":
            pytest.fail("ML_BUILD_REQUIRE_EXTENSION=1 but trainkit._C is not importable; the build did not compile it")
        pytest.skip("trainkit._C was not built")
    return ext


@pytest.fixture
def cuda(torch, extension):
    if not torch.cuda.is_available():
        if os.environ.get("ML_BUILD_REQUIRE_GPU") == "1":
            pytest.fail("ML_BUILD_REQUIRE_GPU=1 (a GPU build) but torch sees no CUDA device; expected the GPU "
                        "that nvidia-smi listed")
        pytest.skip("no CUDA device on this host")
    if not extension.with_cuda:
        pytest.fail("a CUDA device is present but trainkit._C was built without CUDA")
    return torch.device("cuda")
