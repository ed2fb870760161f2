"""Data for bqplot lines and bars on a log y axis: zeros at the axis floor, never a NaN line end.

A zero weight norm (the zeros initializer) or gradient norm has no place on a log axis, and bqplot
puts each line's end label at its last point and draws a path from its finite points only: zeros
and NaN tails (a diverged model) made it log ``translate(x,NaN)`` and ``d="null"`` errors and drop
the line. Here zeros go to a floor one decade below the smallest positive value (the charts mark it
"0"), non-finite values stay gaps, and a row's trailing gap folds onto its last finite point.
"""

from __future__ import annotations

import numpy as np

DEFAULT_FLOOR = 1e-8  # the floor when nothing is positive


def log_floor(values: np.ndarray) -> float:
    """A power of ten one decade below the smallest positive finite value, so zeros sit visibly apart."""
    v = np.asarray(values, dtype=np.float64)
    positive = v[np.isfinite(v) & (v > 0)]
    if positive.size == 0:
        return DEFAULT_FLOOR
    return float(10.0 ** (np.floor(np.log10(positive.min())) - 1))


def has_zeros(values: np.ndarray) -> bool:
    """Whether some finite value is ≤ 0 (drawn at the floor, so the axis needs its "0" mark)."""
    v = np.asarray(values, dtype=np.float64)
    return bool(np.any(np.isfinite(v) & (v <= 0)))


def at_floor(values: np.ndarray, floor: float) -> np.ndarray:
    """Finite values ≤ floor become floor; non-finite values become NaN (a gap)."""
    v = np.asarray(values, dtype=np.float64)
    return np.where(np.isfinite(v), np.maximum(v, floor), np.nan)


def log_lines(x: np.ndarray, y: np.ndarray, floor: float) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) as (K, N) arrays for a bqplot Lines mark on a log y axis.

    ``x`` is (N,) or (K, N), ``y`` is (K, N). Zeros go to ``floor``, NaN/inf are gaps, and the
    points after a row's last finite value repeat that point (its line ends where its data ends);
    a row with no finite value is one point at (x[0], floor), which draws nothing.
    """
    y = at_floor(np.atleast_2d(y), floor)
    x = np.broadcast_to(np.asarray(x, dtype=np.float64), y.shape).copy()
    if y.shape[1] == 0:
        return x, y
    finite = np.isfinite(y)
    n = y.shape[1]
    last = np.where(finite.any(axis=1), n - 1 - np.argmax(finite[:, ::-1], axis=1), -1)
    for k, j in enumerate(last):
        if j < 0:
            x[k], y[k] = x[k, 0], floor
        elif j < n - 1:
            x[k, j + 1 :], y[k, j + 1 :] = x[k, j], y[k, j]
    return x, y


def log_ticks(values: np.ndarray) -> np.ndarray:
    """Tick values for a log axis over the positive finite values: decades, plus 2 and 5 when few decades."""
    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v) & (v > 0)]
    if v.size == 0:
        return np.array([1.0])
    lo, hi = int(np.floor(np.log10(v.min()))), int(np.ceil(np.log10(v.max())))
    decades = 10.0 ** np.arange(lo, hi + 1)
    if hi - lo > 3:
        return decades[:: max(1, (hi - lo) // 6)]
    ticks = np.sort(np.concatenate([decades, 2 * decades, 5 * decades]))
    keep = (ticks >= v.min() / 1.5) & (ticks <= v.max() * 1.5)
    return ticks[keep] if keep.sum() >= 2 else decades
