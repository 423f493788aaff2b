"""The C++ CPU kernel (compiled standalone with g++) against the numpy reference, and the CUDA
kernels compiled with nvcc. Neither needs torch or a GPU."""

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from trainkit.ops import reference

PACKAGE = Path(__file__).resolve().parents[1]
CSRC = PACKAGE / "csrc"

pytestmark = pytest.mark.native


@pytest.fixture(scope="module")
def harness(tmp_path_factory):
    gxx = shutil.which("g++")
    if gxx is None:
        pytest.skip("g++ is not installed: cannot build the CPU kernel harness")
    exe = tmp_path_factory.mktemp("native") / "harness"
    subprocess.run([gxx, "-O2", "-std=c++17", "-Wall", "-Wextra", "-Werror", f"-I{CSRC}",
                    str(PACKAGE / "tests/native/harness.cpp"), "-o", str(exe)], check=True)
    return exe


def run_harness(exe, dtype, logits, targets, grad_loss, ignore_index=-100):
    rows, cols = logits.shape
    text = " ".join([f"{rows} {cols} {ignore_index}", *map(repr, logits.ravel().tolist()),
                     *map(str, targets.tolist()), *map(repr, grad_loss.tolist())])
    out = subprocess.run([str(exe), dtype], input=text, capture_output=True, text=True, check=True).stdout.split()
    values = np.array([float(v) for v in out[:-1]])
    return values[:rows], values[rows:2 * rows], values[2 * rows:].reshape(rows, cols), int(out[-1])


@st.composite
def problems(draw):
    rows = draw(st.integers(1, 5))
    cols = draw(st.integers(1, 40))
    scale = draw(st.sampled_from([1.0, 30.0, 1e4]))
    logits = draw(arrays(np.float64, (rows, cols), elements=st.floats(-1, 1))) * scale
    targets = np.array(draw(st.lists(st.integers(0, cols - 1) | st.just(-100), min_size=rows, max_size=rows)))
    grad_loss = np.array(draw(st.lists(st.floats(-2, 2), min_size=rows, max_size=rows)))
    return logits, targets, grad_loss


@settings(max_examples=40, deadline=None)
@given(problems())
def test_cpu_kernel_float64_matches_reference(harness, problem):
    logits, targets, grad_loss = problem
    loss, lse, grad, invalid = run_harness(harness, "double", logits, targets, grad_loss)
    ref_loss, ref_lse = reference.forward(logits, targets)
    ref_grad = reference.backward(logits, targets, ref_lse, grad_loss)
    assert invalid == 0
    np.testing.assert_allclose(loss, ref_loss, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(lse, ref_lse, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(grad, ref_grad, rtol=1e-9, atol=1e-12)


@settings(max_examples=20, deadline=None)
@given(problems())
def test_cpu_kernel_float32_matches_reference(harness, problem):
    logits, targets, grad_loss = problem
    logits = logits.astype(np.float32)
    loss, lse, grad, _ = run_harness(harness, "float", logits, targets, grad_loss.astype(np.float32))
    ref_loss, ref_lse = reference.forward(logits, targets)
    ref_grad = reference.backward(logits, targets, ref_lse, grad_loss.astype(np.float32))
    scale = max(1.0, float(np.abs(logits).max()))
    np.testing.assert_allclose(loss, ref_loss, rtol=1e-5, atol=1e-6 * scale)
    np.testing.assert_allclose(lse, ref_lse, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(grad, ref_grad, rtol=1e-4, atol=1e-5)


def test_cpu_kernel_flags_out_of_range_targets_with_nan(harness):
    logits = np.zeros((3, 4))
    loss, _, grad, invalid = run_harness(harness, "double", logits, np.array([1, 4, -3]), np.ones(3))
    assert invalid == 2
    assert loss[0] == pytest.approx(np.log(4)) and np.isnan(loss[1]) and np.isnan(loss[2])
    assert not grad[1:].any()


def test_cpu_kernel_survives_huge_logits(harness):
    logits = np.array([[1e300, 0.0, -1e300], [-1e300, -1e300, 0.0]])
    loss, lse, grad, _ = run_harness(harness, "double", logits, np.array([0, 2]), np.ones(2))
    assert loss.tolist() == [0.0, 0.0]
    assert lse.tolist() == [1e300, 0.0]
    assert np.isfinite(grad).all()


def test_cuda_kernels_compile(tmp_path):
    nvcc = shutil.which("nvcc")
    if nvcc is None:
        pytest.skip("nvcc is not installed: cannot compile the CUDA kernels")
    result = subprocess.run(
        [nvcc, "-c", "-std=c++17", "-O2", "--Werror", "all-warnings", f"-I{CSRC}",
         str(CSRC / "softmax_xent_kernels.cu"), "-o", str(tmp_path / "kernels.o")],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    symbols = subprocess.run(["nm", "-C", str(tmp_path / "kernels.o")], capture_output=True, text=True).stdout
    for launcher in ("softmax_xent_forward<float>", "softmax_xent_forward<double>",
                     "softmax_xent_backward<float>", "softmax_xent_backward<double>"):
        assert f"trainkit::cuda::{launcher}" in symbols, f"{launcher} is not instantiated in the object"
