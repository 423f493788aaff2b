"""The default trainer: multinomial logistic (softmax) regression by full-batch gradient descent.

Small enough to run on any instance, real enough to exercise the platform: its loss and gradient
come from trainkit's softmax cross-entropy (the numpy reference on the CPU; the fused kernels via
torch on a GPU when torch and a CUDA device are present), and its state checkpoints and resumes.

Input (all optional): steps (1..1000000, default 200), learningRate (0 < lr <= 10, default 0.5),
classes (2..1000, default 3), features (1..4096, default 8), samples (1..1000000, default 512),
seed (default 0) for the synthetic data, or dataset: a `.npz` file relative to the training data
mount with `x` (float, [samples, features]) and `y` (int classes, [samples]).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from trainkit.ops import reference

from .trainers import Diverged, InvalidInput, Trainer

_LIMITS = {"steps": (1, 1_000_000, 200), "classes": (2, 1_000, 3), "features": (1, 4_096, 8),
           "samples": (1, 1_000_000, 512)}
_KNOWN = set(_LIMITS) | {"learningRate", "seed", "dataset"}


def _whole(options: Mapping[str, Any], name: str) -> int:
    low, high, default = _LIMITS[name]
    value = options.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"input field '{name}' is {value!r}; expected a whole number from {low} to {high}")
    return value


def _dataset(data_root: Path, relative: Any) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(relative, str) or not relative.endswith(".npz") or relative.startswith("/") \
            or ".." in Path(relative).parts:
        raise InvalidInput(f"input field 'dataset' is {relative!r}; expected a .npz file path relative to the "
                           f"training data mount, without '..'")
    path = data_root / relative
    try:
        with np.load(path, allow_pickle=False) as data:
            x, y = np.asarray(data["x"], dtype=np.float64), np.asarray(data["y"])
    except (OSError, KeyError, ValueError) as exc:
        raise InvalidInput(f"input field 'dataset' is {relative!r}; expected a readable .npz with arrays x and y "
                           f"({exc})") from None
    if x.ndim != 2 or y.shape != (x.shape[0],) or not np.issubdtype(y.dtype, np.integer) or x.shape[0] == 0:
        raise InvalidInput(f"dataset {relative!r} has x {x.shape} and y {y.shape} {y.dtype}; expected x "
                           f"[samples, features] and integer y [samples]")
    return x, y.astype(np.int64)


def _torch_device():
    """A CUDA device when torch has one; None for the numpy path (also when torch is absent)."""
    try:
        import torch
    except ImportError:
        return None
    return torch.device("cuda") if torch.cuda.is_available() else None


class SoftmaxRegression(Trainer):
    def __init__(self, x: np.ndarray, y: np.ndarray, classes: int, steps: int, learning_rate: float) -> None:
        self.x, self.y, self.classes = x, y, classes
        self.total_steps = steps
        self.learning_rate = learning_rate
        self.device = _torch_device()

    @classmethod
    def from_input(cls, options: Mapping[str, Any], data_root: Path) -> "SoftmaxRegression":
        unknown = sorted(set(options) - _KNOWN)
        if unknown:
            raise InvalidInput(f"input has unknown fields {unknown}; expected only trainer and {sorted(_KNOWN)}")
        steps = _whole(options, "steps")
        lr = options.get("learningRate", 0.5)
        if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not 0 < lr <= 10:
            raise InvalidInput(f"input field 'learningRate' is {lr!r}; expected a number above 0, at most 10")
        seed = options.get("seed", 0)
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise InvalidInput(f"input field 'seed' is {seed!r}; expected a whole number >= 0")
        if "dataset" in options:
            x, y = _dataset(data_root, options["dataset"])
            classes = int(y.max()) + 1
            if classes < 2:
                raise InvalidInput(f"dataset {options['dataset']!r} has {classes} class; expected at least 2")
        else:
            classes, features, samples = _whole(options, "classes"), _whole(options, "features"), _whole(options, "samples")
            rng = np.random.default_rng(seed)
            centres = rng.normal(scale=3.0, size=(classes, features))
            y = rng.integers(classes, size=samples)
            x = centres[y] + rng.normal(size=(samples, features))
        return cls(x, y, classes, steps, float(lr))

    def initial_state(self) -> dict:
        return {"w": np.zeros((self.x.shape[1], self.classes)), "b": np.zeros(self.classes), "loss": math.nan}

    def step(self, state: dict, step: int) -> dict:
        if self.device is not None:
            loss, grad_w, grad_b = self._gradients_torch(state)
        else:
            logits = self.x @ state["w"] + state["b"]
            loss = float(reference.softmax_cross_entropy(logits, self.y))
            grad_logits = reference.softmax_cross_entropy_grad(logits, self.y)
            grad_w, grad_b = self.x.T @ grad_logits, grad_logits.sum(axis=0)
        if not math.isfinite(loss):
            raise Diverged(f"loss is {loss} at step {step}; lower learningRate (now {self.learning_rate})")
        return {"w": state["w"] - self.learning_rate * grad_w, "b": state["b"] - self.learning_rate * grad_b,
                "loss": loss}

    def _gradients_torch(self, state: dict):
        import torch

        from trainkit.ops import softmax_cross_entropy

        x = torch.as_tensor(self.x, device=self.device)
        w = torch.as_tensor(state["w"], device=self.device).requires_grad_()
        b = torch.as_tensor(state["b"], device=self.device).requires_grad_()
        loss = softmax_cross_entropy(x @ w + b, torch.as_tensor(self.y, device=self.device))
        loss.backward()
        # The state stays numpy, so a checkpoint resumes on any instance, with or without a GPU.
        return float(loss), w.grad.cpu().numpy(), b.grad.cpu().numpy()

    def result(self, state: dict) -> dict:
        predicted = np.argmax(self.x @ state["w"] + state["b"], axis=1)
        return {"trainer": "softmax-regression", "steps": self.total_steps, "loss": float(state["loss"]),
                "accuracy": float(np.mean(predicted == self.y)), "device": "cuda" if self.device else "cpu"}
