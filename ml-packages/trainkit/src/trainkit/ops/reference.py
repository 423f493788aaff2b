"""numpy reference of the fused softmax cross-entropy: the CPU fallback and the tests' oracle.

Same semantics as csrc/softmax_xent.h. Stability comes from subtracting the row max before exp,
so no exp argument is positive and nothing overflows however large the logits are.
"""

from __future__ import annotations

import numpy as np

IGNORE_INDEX = -100
REDUCTIONS = ("mean", "sum", "none")


def check_inputs(logits: np.ndarray, targets: np.ndarray, ignore_index: int) -> None:
    if logits.ndim != 2:
        raise ValueError(f"logits has shape {logits.shape}; expected 2-D [rows, classes]")
    if not np.issubdtype(logits.dtype, np.floating):
        raise ValueError(f"logits has dtype {logits.dtype}; expected a floating point dtype")
    if targets.ndim != 1 or targets.shape[0] != logits.shape[0]:
        raise ValueError(f"targets has shape {targets.shape}; expected ({logits.shape[0]},), one class per row")
    if not np.issubdtype(targets.dtype, np.integer):
        raise ValueError(f"targets has dtype {targets.dtype}; expected integers (class indices)")
    classes = logits.shape[1]
    bad = np.flatnonzero((targets != ignore_index) & ((targets < 0) | (targets >= classes)))
    if bad.size:
        row = int(bad[0])
        raise ValueError(
            f"targets[{row}] is {int(targets[row])}; expected a class index in [0, {classes}) "
            f"or ignore_index={ignore_index}"
        )


def forward(logits: np.ndarray, targets: np.ndarray, ignore_index: int = IGNORE_INDEX) -> tuple[np.ndarray, np.ndarray]:
    """Per-row loss and logsumexp (loss is 0 on ignored rows)."""
    check_inputs(logits, targets, ignore_index)
    # float32 sums lose bits over many classes; compute in float64 and return the input dtype.
    x = logits.astype(np.float64, copy=False)
    row_max = x.max(axis=1, keepdims=True) if x.shape[1] else np.full((x.shape[0], 1), -np.inf)
    with np.errstate(divide="ignore", invalid="ignore"):
        lse = (row_max + np.log(np.exp(x - row_max).sum(axis=1, keepdims=True)))[:, 0]
    keep = targets != ignore_index
    safe_targets = np.where(keep, targets, 0)
    picked = x[np.arange(x.shape[0]), safe_targets] if x.shape[1] else np.zeros(x.shape[0])
    loss = np.where(keep, lse - picked, 0.0)
    return loss.astype(logits.dtype), lse.astype(logits.dtype)


def backward(logits: np.ndarray, targets: np.ndarray, lse: np.ndarray, grad_loss: np.ndarray,
             ignore_index: int = IGNORE_INDEX) -> np.ndarray:
    """d(sum_r grad_loss[r] * loss[r]) / d logits = grad_loss[r] * (softmax - one_hot); 0 on ignored rows."""
    check_inputs(logits, targets, ignore_index)
    x = logits.astype(np.float64, copy=False)
    probs = np.exp(x - lse.astype(np.float64)[:, None])
    keep = targets != ignore_index
    rows = np.flatnonzero(keep)
    probs[rows, targets[rows]] -= 1.0
    grad = probs * (np.asarray(grad_loss, dtype=np.float64) * keep)[:, None]
    return grad.astype(logits.dtype)


def reduce(loss: np.ndarray, targets: np.ndarray, ignore_index: int, reduction: str):
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum(dtype=np.float64).astype(loss.dtype)
    if reduction == "mean":
        count = int((targets != ignore_index).sum())
        # Like torch: the mean over zero counted rows is NaN, not a silent 0.
        return (loss.sum(dtype=np.float64) / count if count else np.float64("nan")).astype(loss.dtype)
    raise ValueError(f"reduction is {reduction!r}; expected one of {', '.join(REDUCTIONS)}")


def reduction_grad(targets: np.ndarray, ignore_index: int, reduction: str, dtype) -> np.ndarray:
    """grad_loss per row for d(reduced loss)/d(per-row loss)."""
    if reduction == "mean":
        count = int((targets != ignore_index).sum())
        return np.full(targets.shape[0], 1.0 / count if count else np.nan, dtype=dtype)
    if reduction in ("sum", "none"):
        return np.ones(targets.shape[0], dtype=dtype)
    raise ValueError(f"reduction is {reduction!r}; expected one of {', '.join(REDUCTIONS)}")


def softmax_cross_entropy(logits, targets, *, ignore_index: int = IGNORE_INDEX, reduction: str = "mean"):
    logits = np.asarray(logits)
    targets = np.asarray(targets)
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction is {reduction!r}; expected one of {', '.join(REDUCTIONS)}")
    loss, _ = forward(logits, targets, ignore_index)
    return reduce(loss, targets, ignore_index, reduction)


def softmax_cross_entropy_grad(logits, targets, *, ignore_index: int = IGNORE_INDEX, reduction: str = "mean"):
    """Gradient of `softmax_cross_entropy(...)` (summed when reduction='none') w.r.t. logits."""
    logits = np.asarray(logits)
    targets = np.asarray(targets)
    _, lse = forward(logits, targets, ignore_index)
    grad_loss = reduction_grad(targets, ignore_index, reduction, logits.dtype)
    return backward(logits, targets, lse, grad_loss, ignore_index)
