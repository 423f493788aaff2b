"""The numpy reference against straightforward formulas, and its numerical stability."""

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from trainkit.ops import reference, softmax_cross_entropy


@st.composite
def problems(draw, max_abs=30.0, ignore=True):
    rows = draw(st.integers(1, 6))
    cols = draw(st.integers(1, 12))
    logits = draw(arrays(np.float64, (rows, cols), elements=st.floats(-max_abs, max_abs)))
    choices = st.integers(0, cols - 1) | st.just(-100) if ignore else st.integers(0, cols - 1)
    targets = np.array(draw(st.lists(choices, min_size=rows, max_size=rows)), dtype=np.int64)
    return logits, targets


def naive_loss(row, target):
    """-log(softmax(row)[target]) exactly as written on paper (fine for small logits only)."""
    exps = [math.exp(v) for v in row]
    return -math.log(exps[target] / sum(exps))


@given(problems())
def test_matches_the_textbook_formula(problem):
    logits, targets = problem
    loss = softmax_cross_entropy(logits, targets, reduction="none")
    for r, t in enumerate(targets):
        expected = 0.0 if t == -100 else naive_loss(logits[r], t)
        assert loss[r] == pytest.approx(expected, rel=1e-9, abs=1e-9)


@given(problems())
def test_mean_and_sum_count_only_rows_that_are_not_ignored(problem):
    logits, targets = problem
    per_row = softmax_cross_entropy(logits, targets, reduction="none")
    kept = targets != -100
    assert softmax_cross_entropy(logits, targets, reduction="sum") == pytest.approx(per_row.sum())
    mean = softmax_cross_entropy(logits, targets)
    if kept.any():
        assert mean == pytest.approx(per_row[kept].mean())
    else:
        assert np.isnan(mean)


@given(problems(max_abs=5.0, ignore=False), st.sampled_from(["mean", "sum"]))
@settings(max_examples=40)
def test_gradient_matches_central_differences(problem, reduction):
    logits, targets = problem
    grad = reference.softmax_cross_entropy_grad(logits, targets, reduction=reduction)
    eps = 1e-6
    numeric = np.zeros_like(logits)
    for idx in np.ndindex(logits.shape):
        up, down = logits.copy(), logits.copy()
        up[idx] += eps
        down[idx] -= eps
        numeric[idx] = (softmax_cross_entropy(up, targets, reduction=reduction)
                        - softmax_cross_entropy(down, targets, reduction=reduction)) / (2 * eps)
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-7)


@given(problems())
def test_gradient_rows_sum_to_zero_and_ignored_rows_are_zero(problem):
    logits, targets = problem
    grad = reference.softmax_cross_entropy_grad(logits, targets, reduction="sum")
    np.testing.assert_allclose(grad.sum(axis=1), 0.0, atol=1e-12)
    assert not grad[targets == -100].any()


@given(problems(max_abs=50.0, ignore=False), st.sampled_from([1e3, 1e5, 1e8, -1e8]))
def test_huge_logits_neither_overflow_nor_change_the_loss_when_shifted(problem, shift):
    logits, targets = problem
    base = softmax_cross_entropy(logits, targets, reduction="none")
    shifted = softmax_cross_entropy(logits + shift, targets, reduction="none")
    assert np.isfinite(shifted).all()
    # Adding a constant to a row is a no-op for softmax; only rounding of (x + shift) may differ.
    np.testing.assert_allclose(shifted, base, atol=abs(shift) * 1e-14 * logits.shape[1] + 1e-12)


def test_extreme_logits_give_exact_answers():
    logits = np.array([[1e4, 0.0, 0.0], [1e4, 0.0, 0.0], [-1e4, 0.0, 0.0]])
    loss = softmax_cross_entropy(logits, np.array([0, 1, 0]), reduction="none")
    assert loss[0] == pytest.approx(2 * math.exp(-1e4), abs=1e-300)  # the confident, right answer: ~0
    assert loss[1] == pytest.approx(1e4)
    assert loss[2] == pytest.approx(1e4 + math.log(2))
    grad = reference.softmax_cross_entropy_grad(logits, np.array([0, 1, 0]), reduction="none")
    assert np.isfinite(grad).all()
    np.testing.assert_allclose(grad[1], [1.0, -1.0, 0.0], atol=1e-12)


def test_float32_input_keeps_its_dtype_and_precision():
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(4, 1000)).astype(np.float32) * 20
    targets = rng.integers(0, 1000, size=4)
    loss32 = softmax_cross_entropy(logits, targets, reduction="none")
    loss64 = softmax_cross_entropy(logits.astype(np.float64), targets, reduction="none")
    assert loss32.dtype == np.float32
    np.testing.assert_allclose(loss32, loss64, rtol=1e-6)


@pytest.mark.parametrize("logits, targets, message", [
    (np.zeros((2, 3)), np.array([0, 3]), "targets[1] is 3; expected a class index in [0, 3) or ignore_index=-100"),
    (np.zeros((2, 3)), np.array([-1, 0]), "targets[0] is -1; expected a class index in [0, 3) or ignore_index=-100"),
    (np.zeros(3), np.array([0]), "logits has shape (3,); expected 2-D [rows, classes]"),
    (np.zeros((2, 3)), np.array([0]), "targets has shape (1,); expected (2,), one class per row"),
    (np.zeros((1, 3)), np.array([0.5]), "targets has dtype float64; expected integers (class indices)"),
    (np.zeros((1, 3), dtype=np.int64), np.array([0]), "logits has dtype int64; expected a floating point dtype"),
])
def test_bad_inputs_are_named(logits, targets, message):
    with pytest.raises(ValueError) as info:
        softmax_cross_entropy(logits, targets)
    assert str(info.value) == message


def test_unknown_reduction_is_refused():
    with pytest.raises(ValueError, match="reduction is 'avg'; expected one of mean, sum, none"):
        softmax_cross_entropy(np.zeros((1, 2)), np.array([0]), reduction="avg")


def test_numpy_inputs_never_import_torch(tmp_path):
    # A stand-in torch that fails loudly if anything imports it, first on the path.
    (tmp_path / "torch").mkdir()
    (tmp_path / "torch" / "__init__.py").write_text("raise RuntimeError('torch was imported')\n")
    code = ("import numpy as np; from trainkit.ops import softmax_cross_entropy as f; "
            "print(f(np.zeros((1, 2)), np.array([0])))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"PYTHONPATH": ":".join([str(tmp_path), *sys.path])})
    assert result.returncode == 0, result.stderr
    assert float(result.stdout) == pytest.approx(math.log(2))
