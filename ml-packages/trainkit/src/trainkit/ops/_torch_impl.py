"""torch side of `softmax_cross_entropy`; imported only when the caller passes a torch tensor."""

from __future__ import annotations

import torch


def _check(logits: torch.Tensor, targets: torch.Tensor, ignore_index: int) -> None:
    if logits.dim() != 2:
        raise ValueError(f"logits has shape {tuple(logits.shape)}; expected 2-D [rows, classes]")
    if targets.dim() != 1 or targets.shape[0] != logits.shape[0]:
        raise ValueError(f"targets has shape {tuple(targets.shape)}; expected ({logits.shape[0]},), one class per row")
    classes = logits.shape[1]
    bad = (targets != ignore_index) & ((targets < 0) | (targets >= classes))
    # One host sync per call: an out-of-range class must be a clear error, not a NaN loss later.
    if bool(bad.any()):
        row = int(bad.nonzero()[0, 0])
        raise ValueError(
            f"targets[{row}] is {int(targets[row])}; expected a class index in [0, {classes}) "
            f"or ignore_index={ignore_index}"
        )


class _FusedSoftmaxXent(torch.autograd.Function):
    @staticmethod
    def forward(ctx, logits, targets, ignore_index, ext):
        loss, lse = ext.forward(logits, targets, ignore_index)
        ctx.save_for_backward(logits, targets, lse)
        ctx.ignore_index = ignore_index
        ctx.ext = ext
        return loss

    @staticmethod
    def backward(ctx, grad_loss):
        logits, targets, lse = ctx.saved_tensors
        grad = ctx.ext.backward(grad_loss.contiguous(), logits, targets, lse, ctx.ignore_index)
        return grad, None, None, None


def per_row_loss_fallback(logits: torch.Tensor, targets: torch.Tensor, ignore_index: int) -> torch.Tensor:
    keep = targets != ignore_index
    safe = torch.where(keep, targets, torch.zeros_like(targets))
    picked = logits.gather(1, safe.unsqueeze(1)).squeeze(1)
    return torch.where(keep, torch.logsumexp(logits, dim=1) - picked, torch.zeros_like(picked))


def softmax_cross_entropy(logits, targets, ignore_index, reduction, ext):
    targets = torch.as_tensor(targets, device=logits.device).long()
    _check(logits, targets, ignore_index)
    work = logits
    if work.dtype in (torch.float16, torch.bfloat16):
        work = work.float()  # the kernels take float32/float64; upcasting also keeps the loss accurate
    if ext is not None and (not work.is_cuda or ext.with_cuda):
        loss = _FusedSoftmaxXent.apply(work, targets, ignore_index, ext)
    else:
        loss = per_row_loss_fallback(work, targets, ignore_index)
    if reduction == "none":
        return loss.to(logits.dtype)
    if reduction == "sum":
        return loss.sum().to(logits.dtype)
    count = (targets != ignore_index).sum()
    return (loss.sum() / count).to(logits.dtype)
