"""The compiled extension and the torch paths, against the numpy reference and torch itself."""

import numpy as np
import pytest

from trainkit.ops import reference, softmax_cross_entropy

pytestmark = pytest.mark.torch


def sample(torch, rows=8, cols=37, scale=10.0, dtype=None, seed=0, ignore=True):
    g = torch.Generator().manual_seed(seed)
    logits = torch.randn(rows, cols, generator=g, dtype=dtype or torch.float64) * scale
    targets = torch.randint(0, cols, (rows,), generator=g)
    if ignore:
        targets[1] = -100
    return logits, targets


def test_extension_forward_matches_reference(torch, extension):
    logits, targets = sample(torch)
    loss, lse = extension.forward(logits, targets, -100)
    ref_loss, ref_lse = reference.forward(logits.numpy(), targets.numpy())
    np.testing.assert_allclose(loss.numpy(), ref_loss, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(lse.numpy(), ref_lse, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_matches_torch_cross_entropy_with_gradients(torch, extension, reduction):
    logits, targets = sample(torch)
    ours_in = logits.clone().requires_grad_(True)
    theirs_in = logits.clone().requires_grad_(True)
    ours = softmax_cross_entropy(ours_in, targets, reduction=reduction)
    theirs = torch.nn.functional.cross_entropy(theirs_in, targets, ignore_index=-100, reduction=reduction)
    torch.testing.assert_close(ours, theirs)
    ours.sum().backward()
    theirs.sum().backward()
    torch.testing.assert_close(ours_in.grad, theirs_in.grad)


def test_gradcheck(torch, extension):
    logits, targets = sample(torch, rows=3, cols=5, scale=2.0)
    logits.requires_grad_(True)
    assert torch.autograd.gradcheck(lambda x: softmax_cross_entropy(x, targets, reduction="sum"), (logits,))


def test_float32_and_half_inputs(torch, extension):
    logits, targets = sample(torch, dtype=torch.float32, scale=50.0)
    loss = softmax_cross_entropy(logits, targets, reduction="none")
    assert loss.dtype == torch.float32
    np.testing.assert_allclose(loss.numpy(), reference.forward(logits.numpy(), targets.numpy())[0], rtol=1e-5, atol=1e-4)
    half = softmax_cross_entropy(logits.half(), targets)
    assert half.dtype == torch.float16 and torch.isfinite(half)


def test_huge_logits_stay_finite(torch, extension):
    logits = torch.tensor([[1e4, 0.0, -1e4], [0.0, 1e4, 1e4]], dtype=torch.float32, requires_grad=True)
    loss = softmax_cross_entropy(logits, torch.tensor([0, 0]), reduction="none")
    assert torch.isfinite(loss).all()
    assert loss[1].item() == pytest.approx(1e4 + np.log(2), rel=1e-6)
    loss.sum().backward()
    assert torch.isfinite(logits.grad).all()


def test_out_of_range_target_is_a_clear_error(torch):
    with pytest.raises(ValueError, match=r"targets\[0\] is 5; expected a class index in \[0, 3\)"):
        softmax_cross_entropy(torch.zeros(1, 3), torch.tensor([5]))


def test_fallback_matches_reference(torch):
    from trainkit.ops._torch_impl import per_row_loss_fallback

    logits, targets = sample(torch)
    np.testing.assert_allclose(per_row_loss_fallback(logits, targets, -100).numpy(),
                               reference.forward(logits.numpy(), targets.numpy())[0], rtol=1e-12, atol=1e-12)


def test_checkpoint_round_trip_with_tensors(torch, tmp_path):
    from trainkit.checkpoint import CheckpointManager

    m = CheckpointManager(tmp_path)
    m.save(3, {"w": torch.arange(6.0).reshape(2, 3)})
    loaded = m.load_latest()
    assert loaded.info.serializer == "torch"
    torch.testing.assert_close(loaded.state["w"], torch.arange(6.0).reshape(2, 3))


@pytest.mark.gpu
@pytest.mark.parametrize("cols", [3, 1000, 50_257])  # 50257: a GPT-2 vocabulary, many warps per row
def test_cuda_matches_cpu(torch, cuda, cols):
    logits, targets = sample(torch, rows=16, cols=cols, dtype=torch.float32, scale=20.0)
    cpu_in = logits.clone().requires_grad_(True)
    gpu_in = logits.to(cuda).requires_grad_(True)
    cpu = softmax_cross_entropy(cpu_in, targets, reduction="sum")
    gpu = softmax_cross_entropy(gpu_in, targets.to(cuda), reduction="sum")
    torch.testing.assert_close(gpu.cpu(), cpu, rtol=1e-5, atol=1e-3)
    cpu.backward()
    gpu.backward()
    torch.testing.assert_close(gpu_in.grad.cpu(), cpu_in.grad, rtol=1e-4, atol=1e-6)


@pytest.mark.gpu
def test_cuda_double_and_empty_batch(torch, cuda):
    logits, targets = sample(torch, dtype=torch.float64)
    torch.testing.assert_close(softmax_cross_entropy(logits.to(cuda), targets.to(cuda), reduction="none").cpu(),
                               softmax_cross_entropy(logits, targets, reduction="none"))
    empty = softmax_cross_entropy(torch.zeros(0, 5, device=cuda), torch.zeros(0, dtype=torch.long, device=cuda),
                                  reduction="none")
    assert empty.shape == (0,)
