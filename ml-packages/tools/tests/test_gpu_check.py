import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import gpu_check

ML_DIR = Path(__file__).resolve().parents[2]
DEFAULTS = {"DEFAULT_TORCH_CUDA_ARCH_LIST": "7.5;8.0;8.6;8.9;9.0+PTX"}


class Smi:
    """Stands in for subprocess.run of nvidia-smi."""

    def __init__(self, stdout="", returncode=0, stderr=""):
        self.result = subprocess.CompletedProcess(gpu_check.QUERY, returncode, stdout, stderr)
        self.calls = []

    def __call__(self, args, **kwargs):
        self.calls.append(args)
        return self.result


@pytest.fixture
def nvidia_smi_on_path(tmp_path, monkeypatch):
    """An executable named nvidia-smi on PATH (its output comes from Smi)."""
    fake = tmp_path / "nvidia-smi"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))


def test_a_gpu_build_compiles_for_the_distinct_capabilities_present_and_prints_each_gpu(nvidia_smi_on_path):
    smi = Smi("8.6, NVIDIA A10G, 535.183.01\n7.5, Tesla T4, 535.183.01\n8.6, NVIDIA A10G, 535.183.01\n")
    out = io.StringIO()
    assert gpu_check.decide({"GPU_BUILD": "true", **DEFAULTS}, run=smi, out=out) == {
        "TORCH_CUDA_ARCH_LIST": "7.5;8.6", "ML_BUILD_REQUIRE_GPU": "1"}
    assert smi.calls == [gpu_check.QUERY]
    assert "GPU 1: Tesla T4, compute capability 7.5, driver 535.183.01" in out.getvalue()


def test_an_explicit_arch_list_wins_but_the_gpus_are_still_checked_and_named(nvidia_smi_on_path):
    out = io.StringIO()
    variables = gpu_check.decide({"GPU_BUILD": "true", "TORCH_CUDA_ARCH_LIST": "9.0", **DEFAULTS},
                                 run=Smi("8.6, NVIDIA A10G, 535.183.01\n"), out=out)
    assert variables["TORCH_CUDA_ARCH_LIST"] == "9.0"
    assert "TORCH_CUDA_ARCH_LIST=9.0 is set; compiling for it (the GPUs here are 8.6)" in out.getvalue()


@pytest.mark.parametrize("smi, message", [
    (Smi(""), "nvidia-smi lists no GPU"),
    (Smi("No devices were found", returncode=6), "nvidia-smi failed with exit code 6: No devices were found"),
    (Smi("[N/A], NVIDIA A10G, 535.183.01\n"), "nvidia-smi printed '[N/A], NVIDIA A10G, 535.183.01'; expected"),
])
def test_a_gpu_build_without_a_usable_gpu_fails_and_says_why(nvidia_smi_on_path, smi, message):
    with pytest.raises(gpu_check.GpuError, match="GPU_BUILD=true") as error:
        gpu_check.decide({"GPU_BUILD": "true", **DEFAULTS}, run=smi, out=io.StringIO())
    assert message in str(error.value)


def test_a_gpu_less_build_never_asks_for_a_gpu():
    smi = Smi("garbage")
    assert gpu_check.decide({"GPU_BUILD": "false", **DEFAULTS}, run=smi, out=io.StringIO()) == {
        "TORCH_CUDA_ARCH_LIST": "7.5;8.0;8.6;8.9;9.0+PTX", "ML_BUILD_REQUIRE_GPU": "0"}
    assert smi.calls == []


def test_gpu_build_must_be_true_or_false():
    with pytest.raises(gpu_check.GpuError, match="GPU_BUILD is 'yes'; expected true or false"):
        gpu_check.decide({"GPU_BUILD": "yes", **DEFAULTS})


FAKE_TORCH = "class cuda:\n    @staticmethod\n    def is_available():\n        return False\n"
FAKE_OPS = "class _Ext:\n    with_cuda = False\n\ndef _extension():\n    return _Ext()\n"
GPU_TEST = "import pytest\n\n@pytest.mark.gpu\ndef test_on_the_gpu(cuda):\n    pass\n"


@pytest.mark.parametrize("require, outcome", [("1", "1 error"), ("0", "1 skipped")])
def test_trainkit_gpu_tests_fail_instead_of_skipping_when_the_build_requires_a_gpu(tmp_path, require, outcome):
    """trainkit's GPU conftest on a host whose torch sees no CUDA device."""
    fakes = tmp_path / "fakes"
    (fakes / "trainkit/ops").mkdir(parents=True)
    (fakes / "torch.py").write_text(FAKE_TORCH)
    (fakes / "trainkit/__init__.py").write_text("")
    (fakes / "trainkit/ops/__init__.py").write_text("")
    (fakes / "trainkit/ops/softmax_xent.py").write_text(FAKE_OPS)
    tests = tmp_path / "gpu"
    tests.mkdir()
    shutil.copy(ML_DIR / "trainkit/tests/gpu/conftest.py", tests / "conftest.py")
    (tests / "test_gpu.py").write_text(GPU_TEST)
    env = {**os.environ, "PYTHONPATH": str(fakes), "ML_BUILD_REQUIRE_GPU": require}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", "-c", os.devnull,
                             "--rootdir", str(tmp_path), str(tests)], capture_output=True, text=True, env=env)
    assert outcome in result.stdout, result.stdout + result.stderr
    assert (result.returncode != 0) == (require == "1")
    if require == "1":  # a failing fixture is reported as an error: the run fails either way
        assert "ML_BUILD_REQUIRE_GPU=1 (a GPU build) but torch sees no CUDA device" in result.stdout
