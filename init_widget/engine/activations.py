"""Hidden activations out of place, f(z) -> a new array: for passes outside the stacked network's hot loop.

A data-dependent initializer (LSUV) sends its batch through the layers drawn so far; the stacked
network computes the same functions in place on its own buffers (network.py).
"""

from __future__ import annotations

import numpy as np

from .network import LEAKY_SLOPE


def activate(z: np.ndarray, activation: str) -> np.ndarray:
    """f(z) for a hidden activation name ("relu", "tanh", "sigmoid", "leaky_relu", "linear")."""
    if activation == "relu":
        return np.maximum(z, 0.0)
    if activation == "leaky_relu":
        return np.maximum(z, LEAKY_SLOPE * z)
    if activation == "tanh":
        return np.tanh(z)
    if activation == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    if activation == "linear":
        return np.array(z, copy=True)
    raise ValueError(f"activation must be one of relu, tanh, sigmoid, leaky_relu, linear; got {activation!r}")
