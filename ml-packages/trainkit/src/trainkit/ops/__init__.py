from .softmax_xent import extension_available, softmax_cross_entropy

__all__ = ["extension_available", "softmax_cross_entropy"]
