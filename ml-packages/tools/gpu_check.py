#!/usr/bin/env python3
"""Decides which GPU architectures the ML build compiles for, and whether it needs a GPU.

    gpu_check.py --env-file FILE

Reads GPU_BUILD (true/false, from ml-training:gpuBuild), DEFAULT_TORCH_CUDA_ARCH_LIST and an
optional TORCH_CUDA_ARCH_LIST override, prints what it found, and writes shell `export` lines to
FILE for the later build steps:

- GPU_BUILD=true: the build must run on a GPU. The GPUs are queried with
  `nvidia-smi --query-gpu=compute_cap,name,driver_version --format=csv,noheader`; their names and
  driver are printed, TORCH_CUDA_ARCH_LIST becomes their compute capabilities (unless overridden)
  and ML_BUILD_REQUIRE_GPU=1 makes the GPU tests fail instead of skip. No nvidia-smi, a failing
  one, or no GPU listed: exit 1, so the build fails rather than passing without its GPU tests.
- GPU_BUILD=false: a GPU-less host compiling for the default list of architectures (or the
  override); GPU tests skip.

Standard library only: it runs with the image's Python before anything is installed.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

QUERY = ["nvidia-smi", "--query-gpu=compute_cap,name,driver_version", "--format=csv,noheader"]
_CAPABILITY = re.compile(r"^\d+\.\d+$")


class GpuError(Exception):
    pass


def parse_bool(name: str, value: str) -> bool:
    if value not in ("true", "false"):
        raise GpuError(f"{name} is {value!r}; expected true or false")
    return value == "true"


def query_gpus(run=subprocess.run) -> list[tuple[str, str, str]]:
    """(compute capability, name, driver) of each GPU nvidia-smi lists."""
    if shutil.which(QUERY[0]) is None:
        raise GpuError("nvidia-smi is not on PATH: this build host has no NVIDIA driver")
    try:
        done = run(QUERY, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GpuError(f"nvidia-smi could not run: {exc}") from exc
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip() or "no output"
        raise GpuError(f"nvidia-smi failed with exit code {done.returncode}: {said}")
    gpus = []
    for line in done.stdout.splitlines():
        if not line.strip():
            continue
        fields = [f.strip() for f in line.split(",")]
        if len(fields) != 3 or not _CAPABILITY.match(fields[0]):
            raise GpuError(f"nvidia-smi printed {line!r}; expected '<compute capability>, <name>, <driver version>'")
        gpus.append((fields[0], fields[1], fields[2]))
    if not gpus:
        raise GpuError("nvidia-smi lists no GPU")
    return gpus


def arch_list(gpus: list[tuple[str, str, str]]) -> str:
    """The distinct compute capabilities present, in ascending order, as TORCH_CUDA_ARCH_LIST wants them."""
    capabilities = sorted({cap for cap, _, _ in gpus}, key=lambda c: tuple(int(p) for p in c.split(".")))
    return ";".join(capabilities)


def decide(env: dict, run=subprocess.run, out=sys.stdout) -> dict:
    """The variables the build steps export, printing what was found."""
    gpu_build = parse_bool("GPU_BUILD", env.get("GPU_BUILD", "false"))
    override = env.get("TORCH_CUDA_ARCH_LIST", "").strip()
    if not gpu_build:
        archs = override or env.get("DEFAULT_TORCH_CUDA_ARCH_LIST", "").strip()
        if not archs:
            raise GpuError("DEFAULT_TORCH_CUDA_ARCH_LIST is empty; expected the architectures of a GPU-less build")
        print(f"GPU_BUILD=false: compiling without a GPU for TORCH_CUDA_ARCH_LIST={archs}; GPU tests skip", file=out)
        return {"TORCH_CUDA_ARCH_LIST": archs, "ML_BUILD_REQUIRE_GPU": "0"}
    try:
        gpus = query_gpus(run)
    except GpuError as exc:
        raise GpuError(f"GPU_BUILD=true (ml-training:gpuBuild) but {exc}; expected a GPU build host "
                       f"(LINUX_GPU_CONTAINER). Failing rather than skipping the GPU tests.") from exc
    for index, (cap, name, driver) in enumerate(gpus):
        print(f"GPU {index}: {name}, compute capability {cap}, driver {driver}", file=out)
    present = arch_list(gpus)
    if override:
        print(f"TORCH_CUDA_ARCH_LIST={override} is set; compiling for it (the GPUs here are {present})", file=out)
    else:
        print(f"compiling for the GPUs present: TORCH_CUDA_ARCH_LIST={present}", file=out)
    return {"TORCH_CUDA_ARCH_LIST": override or present, "ML_BUILD_REQUIRE_GPU": "1"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--env-file", type=Path, required=True, help="where to write the export lines")
    args = parser.parse_args(argv)
    try:
        variables = decide(dict(os.environ))
    except GpuError as exc:
        print(f"gpu_check: {exc}", file=sys.stderr)
        return 1
    args.env_file.write_text("".join(f"export {k}={shlex.quote(v)}\n" for k, v in sorted(variables.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
