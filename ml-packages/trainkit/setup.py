"""Builds trainkit._C, the fused softmax cross-entropy extension, when torch is importable.

- torch importable and CUDA toolkit found (and a GPU present, or FORCE_CUDA=1 on a GPU-less build
  host): CUDAExtension with the CPU and CUDA kernels; set TORCH_CUDA_ARCH_LIST for the fleet's GPUs.
- torch importable, no CUDA: CppExtension with the CPU kernel only.
- no torch: pure Python package; trainkit falls back to the numpy reference. With
  ML_BUILD_REQUIRE_EXTENSION=1 (the CodeBuild build) this is an error instead.
Build with `pip install --no-build-isolation .` so the build sees the environment's torch.
"""

import os

from setuptools import setup


def extension_build():
    try:
        import torch
        from torch.utils.cpp_extension import CUDA_HOME, BuildExtension, CppExtension, CUDAExtension
    except ImportError:
        if os.environ.get("ML_BUILD_REQUIRE_EXTENSION") == "1":
            raise SystemExit(
                "ML_BUILD_REQUIRE_EXTENSION=1 but torch is not importable; expected torch in the build "
                "environment (install it first and build with --no-build-isolation)"
            )
        return {}

    with_cuda = CUDA_HOME is not None and (torch.cuda.is_available() or os.environ.get("FORCE_CUDA") == "1")
    if os.environ.get("ML_BUILD_REQUIRE_CUDA") == "1" and not with_cuda:
        raise SystemExit(
            f"ML_BUILD_REQUIRE_CUDA=1 but the CUDA build is off (CUDA_HOME={CUDA_HOME!r}, "
            f"FORCE_CUDA={os.environ.get('FORCE_CUDA')!r}); expected nvcc and FORCE_CUDA=1 on a GPU-less host"
        )
    cxx_flags = ["-O3", "-std=c++17"]
    if with_cuda:
        ext = CUDAExtension(
            "trainkit._C",
            sources=["csrc/bindings.cpp", "csrc/softmax_xent_kernels.cu"],
            include_dirs=[os.path.abspath("csrc")],
            define_macros=[("WITH_CUDA", None)],
            extra_compile_args={"cxx": cxx_flags, "nvcc": ["-O3", "-std=c++17"]},
        )
    else:
        ext = CppExtension(
            "trainkit._C",
            sources=["csrc/bindings.cpp"],
            include_dirs=[os.path.abspath("csrc")],
            extra_compile_args={"cxx": cxx_flags},
        )
    return {"ext_modules": [ext], "cmdclass": {"build_ext": BuildExtension}}


setup(**extension_build())
