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
    names: tuple[str, ...] = field(
        default=("act_mean", "act_std", "inactive", "unit_spread", "grad_norm", "weight_norm")
    )

    @classmethod
    def empty(cls, frames: int, models: int, layers: int) -> LayerStats:
        shape = (frames, models, layers)
        return cls(
            *(np.full(shape, np.nan) for _ in range(6)),
            hist_counts=np.zeros(shape + (HIST_BINS,), dtype=np.int32),
            hist_range=np.zeros(shape + (2,)),
        )

    def for_model(self, k: int, frames: int) -> LayerStats:
        """One model's (F, L) view, trimmed to the frames recorded so far."""
        return LayerStats(
            *(getattr(self, n)[:frames, k] for n in self.names),
            hist_counts=self.hist_counts[:frames, k],
            hist_range=self.hist_range[:frames, k],
        )


STATS_GROUP_BYTES = 1 << 21  # rows of activations summarised together: their float64 temporaries stay ~2 MB


def layer_groups(blocks: list[tuple[int, int]], K: int, m: int) -> list[list[int]]:
    """Consecutive layers summarised together: as many as fit STATS_GROUP_BYTES (at least one)."""
    groups: list[list[int]] = [[]]
    for l, (_start, e) in enumerate(blocks):
        if groups[-1] and (e + 1 - blocks[groups[-1][0]][0]) * K * m * 8 > STATS_GROUP_BYTES:
            groups.append([])
        groups[-1].append(l)
    return groups


def record(
    stats: LayerStats,
    f: int,
    H: np.ndarray,
    blocks: list[tuple[int, int]],
    activation: str,
    grad_norm: np.ndarray,
    weight_norm: np.ndarray,
) -> None:
    """Fill frame f from the network's unit-major activations H (rows, K, m), layer l in rows blocks[l]
    (each hidden layer followed by a row of ones), and the (K, L) norms of dW and W.

    Trick "statistics over the stacked layout": consecutive layers are summarised together (about a
    dozen numpy calls per group of layers, a group's temporaries about 2 MB) instead of a dozen calls
    per layer, so a 30-layer network's frame costs a few passes over its activations."""
    K, m = H.shape[1], H.shape[2]
    stats.grad_norm[f], stats.weight_norm[f] = grad_norm, weight_norm
    with np.errstate(over="ignore", invalid="ignore"):
        for group in layer_groups(blocks, K, m):
            first = blocks[group[0]][0]
            local = [(s - first, e - first) for s, e in (blocks[l] for l in group)]
            rows = H[first : local[-1][1] + first]
            last = group[-1] == len(blocks) - 1
            _record_group(stats, f, slice(group[0], group[-1] + 1), rows, local, activation, last)


def _record_group(
    stats: LayerStats,
    f: int,
    layers: slice,
    H: np.ndarray,
    blocks: list[tuple[int, int]],
    activation: str,
    has_output: bool,
) -> None:
    K, m = H.shape[1], H.shape[2]
    starts = [i for s, e in blocks[:-1] for i in (s, e)] + [blocks[-1][0]]  # every other segment: a ones row
    n = np.array([e - s for s, e in blocks])
    unit_sum = np.add.reduceat(H, starts, axis=0)[::2]  # (layers, K, m): sums over each layer's units
    unit_sq = np.add.reduceat(H * H, starts, axis=0)[::2]
    count = (n * m)[:, None]
    mean = unit_sum.sum(axis=2) / count
    stats.act_mean[f, :, layers] = mean.T
    stats.act_std[f, :, layers] = np.sqrt(np.maximum(unit_sq.sum(axis=2) / count - mean**2, 0.0)).T
    unit_mean = unit_sum / n[:, None, None]
    unit_var = unit_sq / n[:, None, None] - unit_mean**2
    stats.unit_spread[f, :, layers] = (np.sqrt(np.maximum(unit_var, 0.0)).sum(axis=2) / m).T
    inactive = np.add.reduceat(np.count_nonzero(_inactive(H, activation), axis=2), starts, axis=0)[::2]
    if has_output:  # the output unit is judged as a squasher, whatever the hidden activation
        inactive[-1] = np.count_nonzero(_inactive(H[-1], "output"), axis=1)
    stats.inactive[f, :, layers] = (inactive / count).T
    if np.isfinite(H).all():
        counts, ranges = _stacked_histograms(H, blocks, starts)
    else:  # non-finite values: each layer on its own, through the careful row-wise path
        parts = [histograms(H[s:e].transpose(1, 0, 2).reshape(K, -1)) for s, e in blocks]
        counts, ranges = np.stack([c for c, _ in parts]), np.stack([r for _, r in parts])
    stats.hist_counts[f, :, layers] = counts.transpose(1, 0, 2)
    stats.hist_range[f, :, layers] = ranges.transpose(1, 0, 2)


def _stacked_histograms(
    H: np.ndarray, blocks: list[tuple[int, int]], starts: list[int], bins: int = HIST_BINS
) -> tuple[np.ndarray, np.ndarray]:
    """(layers, K, bins) counts and (layers, K, 2) ranges of finite H, the bins exactly those of ``histograms``."""
    L, K = len(blocks), H.shape[1]
    lo = np.minimum.reduceat(H.min(axis=2), starts, axis=0)[::2].ravel()
    hi = np.maximum.reduceat(H.max(axis=2), starts, axis=0)[::2].ravel()
    lo, hi = _widened(lo, hi, bins)
    row_layer = np.full(H.shape[0], L)  # a ones row counts into a spare layer, dropped below
    for l, (s, e) in enumerate(blocks):
        row_layer[s:e] = l
    half_lo = np.append(0.5 * lo, np.zeros(K)).reshape(L + 1, K)[row_layer]
    scale = np.append(bins / (0.5 * hi - 0.5 * lo), np.zeros(K)).reshape(L + 1, K)[row_layer]
    idx = ((0.5 * H - half_lo[:, :, None]) * scale[:, :, None]).astype(np.int64)
    np.clip(idx, 0, bins - 1, out=idx)
    idx += ((row_layer[:, None] * K + np.arange(K)) * bins)[:, :, None]
    counts = np.bincount(idx.ravel(), minlength=(L + 1) * K * bins).reshape(L + 1, K, bins)[:L]
    return counts, np.stack([lo, hi], axis=1).reshape(L, K, 2)


def _inactive(a: np.ndarray, activation: str) -> np.ndarray:
    """Units doing nothing useful: dead relu (exactly 0), negative leaky relu, saturated squashers; a linear
    unit never is."""
    if activation == "linear":
        return np.zeros(a.shape, dtype=bool)
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
