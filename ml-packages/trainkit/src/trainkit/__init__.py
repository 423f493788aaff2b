"""trainkit: training helpers shared by the ML packages and the training worker.

- `trainkit.ops.softmax_cross_entropy`: fused, numerically stable softmax cross-entropy. Uses the
  compiled extension (`trainkit._C`, CPU + CUDA kernels) for torch tensors when it was built, a
  pure-torch fallback when it was not, and the numpy reference for numpy arrays.
- `trainkit.checkpoint.CheckpointManager`: atomic checkpoints with a checksum manifest,
  keep-last-N retention and resume from the newest valid one.
"""

__version__ = "0.1.0"
