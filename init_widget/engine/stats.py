"""Per-layer summaries of activations, gradients and weights, recorded at every boundary frame.

They answer the dashboard's "why": identical units (symmetry never broken), dead or saturated
units, and exploding or vanishing signals. Arrays are indexed (frame, model, layer).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

HIST_BINS = 24
SATURATION = 0.99  # |tanh| or sigmoid beyond this counts as saturated


@dataclass
class LayerStats:
    """Preallocated (F, K, L[, …]) arrays filled frame by frame."""

    act_mean: np.ndarray
    act_std: np.ndarray
    inactive: np.ndarray  # relu: fraction exactly 0 (dead); tanh/sigmoid: fraction saturated
    unit_spread: np.ndarray  # mean over samples of the std across a layer's units: 0 = identical units
    grad_norm: np.ndarray  # Frobenius norm of dW
    weight_norm: np.ndarray  # Frobenius norm of W
    hist_counts: np.ndarray  # (F, K, L, HIST_BINS) activation histogram
    hist_range: np.ndarray  # (F, K, L, 2) its [low, high]
    names: tuple[str, ...] = field(default=(
        "act_mean", "act_std", "inactive", "unit_spread", "grad_norm", "weight_norm"))

    @classmethod
    def empty(cls, frames: int, models: int, layers: int) -> "LayerStats":
        shape = (frames, models, layers)
        return cls(
            *(np.full(shape, np.nan) for _ in range(6)),
            hist_counts=np.zeros(shape + (HIST_BINS,), dtype=np.int32),
            hist_range=np.zeros(shape + (2,)),
        )

    def for_model(self, k: int, frames: int) -> "LayerStats":
        """One model's (F, L) view, trimmed to the frames recorded so far."""
        return LayerStats(*(getattr(self, n)[:frames, k] for n in self.names),
                          hist_counts=self.hist_counts[:frames, k], hist_range=self.hist_range[:frames, k])


def record(stats: LayerStats, f: int, activations: list[np.ndarray], dW: list[np.ndarray],
           W: list[np.ndarray], activation: str) -> None:
    """Fill frame f from the network's current (K, n_l, m) activations and (K, n_l, n_prev) arrays."""
    last = len(activations) - 1
    with np.errstate(over="ignore", invalid="ignore"):
        for l, a in enumerate(activations):
            stats.act_mean[f, :, l] = a.mean(axis=(1, 2))
            stats.act_std[f, :, l] = a.std(axis=(1, 2))
            if activation == "relu" and l < last:
                stats.inactive[f, :, l] = (a == 0).mean(axis=(1, 2))
            elif activation == "tanh" and l < last:
                stats.inactive[f, :, l] = (np.abs(a) > SATURATION).mean(axis=(1, 2))
            elif activation == "leaky_relu" and l < last:
                stats.inactive[f, :, l] = (a < 0).mean(axis=(1, 2))
            else:
                stats.inactive[f, :, l] = ((a > SATURATION) | (a < 1 - SATURATION)).mean(axis=(1, 2))
            stats.unit_spread[f, :, l] = a.std(axis=1).mean(axis=1)
            stats.grad_norm[f, :, l] = np.sqrt((dW[l] ** 2).sum(axis=(1, 2)))
            stats.weight_norm[f, :, l] = np.sqrt((W[l] ** 2).sum(axis=(1, 2)))
            for k in range(a.shape[0]):
                values = a[k].ravel()
                finite = values[np.isfinite(values)]
                lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
                if hi <= lo:
                    lo, hi = lo - 0.5, hi + 0.5
                stats.hist_counts[f, k, l] = np.histogram(finite, bins=HIST_BINS, range=(lo, hi))[0]
                stats.hist_range[f, k, l] = (lo, hi)
