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
            K, n, m = a.shape
            total = a.sum(axis=(1, 2))
            squares = np.einsum("knm,knm->k", a, a)
            stats.act_mean[f, :, l] = total / (n * m)
            stats.act_std[f, :, l] = np.sqrt(np.maximum(squares / (n * m) - (total / (n * m)) ** 2, 0.0))
            stats.inactive[f, :, l] = np.count_nonzero(_inactive(a, "output" if l == last else activation), axis=(1, 2)) / (n * m)
            unit_mean = a.sum(axis=1) / n
            unit_var = np.einsum("knm,knm->km", a, a) / n - unit_mean**2
            stats.unit_spread[f, :, l] = np.sqrt(np.maximum(unit_var, 0.0)).sum(axis=1) / m
            stats.grad_norm[f, :, l] = np.sqrt(np.einsum("kij,kij->k", dW[l], dW[l]))
            stats.weight_norm[f, :, l] = np.sqrt(np.einsum("kij,kij->k", W[l], W[l]))
            stats.hist_counts[f, :, l], stats.hist_range[f, :, l] = histograms(a.reshape(K, -1))


def _inactive(a: np.ndarray, activation: str) -> np.ndarray:
    """Units doing nothing useful: dead relu (exactly 0), negative leaky relu, saturated squashers."""
    if activation == "relu":
        return a == 0
    if activation == "leaky_relu":
        return a < 0
    if activation == "tanh":
        return np.abs(a) > SATURATION
    return (a > SATURATION) | (a < 1 - SATURATION)


def histograms(values: np.ndarray, bins: int = HIST_BINS) -> tuple[np.ndarray, np.ndarray]:
    """Row-wise histograms of (K, n) values over each row's own finite [min, max], in one bincount.

    Statistics must never stop training, so any values give a histogram: non-finite ones are left
    out (a row without a finite value is empty), a flat or subnormally narrow row gets a range
    around its value, and the arithmetic works on halves so that ranges near 1e308 do not overflow.
    For ordinary ranges the bins are exactly those of (v - lo) * bins / (hi - lo)."""
    K = values.shape[0]
    finite = np.isfinite(values)
    all_finite = bool(finite.all())
    if all_finite:
        lo, hi = values.min(axis=1), values.max(axis=1)
    else:
        lo = np.where(finite, values, np.inf).min(axis=1)
        hi = np.where(finite, values, -np.inf).max(axis=1)
        empty = ~finite.any(axis=1)
        lo[empty], hi[empty] = 0.0, 1.0
    lo, hi = _widened(lo, hi, bins)
    half_lo = 0.5 * lo
    scaled = (0.5 * values - half_lo[:, None]) * (bins / (0.5 * hi - half_lo))[:, None]
    if not all_finite:
        scaled[~finite] = 0.0
    idx = scaled.astype(np.int64)
    np.clip(idx, 0, bins - 1, out=idx)
    idx += np.arange(K)[:, None] * bins
    counts = np.bincount(idx.ravel() if all_finite else idx[finite], minlength=K * bins)
    return counts.reshape(-1, bins), np.stack([lo, hi], axis=1)


def _widened(lo: np.ndarray, hi: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """Ranges whose bins / (width / 2) stays finite: flat or too narrow ones are widened around
    their value (by 0.5, or a relative 1e-6 for large values), within float64's finite range."""
    biggest = np.finfo(np.float64).max
    narrow = ~(0.5 * hi - 0.5 * lo > bins / biggest)
    if narrow.any():
        l, h = lo[narrow], hi[narrow]
        pad = np.maximum(0.5, np.abs(l) * 2.0**-20)
        lo[narrow] = l - np.minimum(pad, 0.5 * l + 0.5 * biggest)  # half the room left: never overflows
        hi[narrow] = h + np.minimum(pad, 0.5 * biggest - 0.5 * h)
    return lo, hi
