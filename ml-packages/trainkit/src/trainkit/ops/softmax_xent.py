"""`softmax_cross_entropy`: one entry point, three implementations.

- torch tensor and trainkit._C built: the fused C++/CUDA kernels, wrapped in an autograd Function.
- torch tensor, no extension: pure torch (logsumexp), still differentiable.
- anything else (numpy arrays, lists): the numpy reference, no torch needed.
"""

from __future__ import annotations

import functools
import logging
import sys
from typing import Any

from . import reference
from .reference import IGNORE_INDEX, REDUCTIONS

logger = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1)
def _extension():
    try:
        import torch  # noqa: F401  (_C links against libtorch: torch must be loaded first)
    except ImportError:
        return None
    try:
        from trainkit import _C  # built by setup.py only when torch was present
    except ModuleNotFoundError:
        return None
    except ImportError as exc:
        # Built, but does not load: usually a torch version other than the one it was compiled
        # against. Falling back silently would hide that, so say it once.
        logger.warning("trainkit._C is present but does not load (%s); using the pure torch fallback", exc)
        return None
    return _C


def extension_available() -> bool:
    return _extension() is not None


def _is_torch_tensor(value: Any) -> bool:
    # Never import torch just to find out: it is optional and slow to import.
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(value, torch.Tensor)


def softmax_cross_entropy(logits, targets, *, ignore_index: int = IGNORE_INDEX, reduction: str = "mean"):
    """Cross-entropy of softmax(logits) against integer class targets, rows marked
    `ignore_index` excluded. logits [rows, classes], targets [rows]; reduction mean|sum|none."""
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction is {reduction!r}; expected one of {', '.join(REDUCTIONS)}")
    if _is_torch_tensor(logits):
        from . import _torch_impl

        return _torch_impl.softmax_cross_entropy(logits, targets, ignore_index, reduction, _extension())
    return reference.softmax_cross_entropy(logits, targets, ignore_index=ignore_index, reduction=reduction)
