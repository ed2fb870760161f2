"""History: everything one model's training produced, filled while it trains.

Costs at every iteration, boundary frames (the network's output on a grid, as uint8) with
train/test accuracy and per-layer statistics at each frame, and the parameters. The arrays are
allocated for the whole run; the properties show what has been recorded so far, so a live
widget can stream from a History that is still growing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network import stacked_output
from .stats import LayerStats
from .validation import as_layout, numeric_array


@dataclass(frozen=True)
class Grid:
    """Where boundary frames sample the plane: ``size`` x ``size`` points, row r at y[r], column c at x[c]."""

    x_min: float
    x_max: float
    y_min: float
    y_max: float
    size: int

    @classmethod
    def around(cls, points: np.ndarray, size: int, margin: float = 1.0) -> Grid:
        return cls(
            float(points[0].min() - margin),
            float(points[0].max() + margin),
            float(points[1].min() - margin),
            float(points[1].max() + margin),
            size,
        )

    def points(self) -> np.ndarray:
        """(2, size*size) inputs, row-major with y the slow axis."""
        xs = np.linspace(self.x_min, self.x_max, self.size)
        ys = np.linspace(self.y_min, self.y_max, self.size)
        gx, gy = np.meshgrid(xs, ys)
        return np.vstack([gx.ravel(), gy.ravel()])


class History:
    """One model's record. Use ``costs``, ``parameters``, ``predict`` and ``accuracy`` as in the course."""

    def __init__(self, name: str, index: int, run: RunRecord, seed: int | None = None):
        self.name = name
        self.index = index
        self.seed = seed  # the seed its initial parameters were drawn with
        self._run = run

    def __repr__(self) -> str:
        final = self.costs[-1] if self.costs.size else float("nan")
        diverged = "" if self.diverged_at is None else f", diverged at iteration {self.diverged_at}"
        return (
            f"History({self.name!r}, layers={self.layers}, iterations={self.costs.size}/{self.iterations}, "
            f"final cost={final:.6g}{diverged})"
        )

    layers = property(lambda self: self._run.layers)
    activation = property(lambda self: self._run.activation)
    learning_rate = property(lambda self: self._run.learning_rate)
    iterations = property(lambda self: self._run.iterations)
    grid = property(lambda self: self._run.grid)

    @property
    def costs(self) -> np.ndarray:
        """Cost before the update of each iteration done so far (the course's printed values)."""
        return self._run.costs[self.index, : self._run.done]

    @property
    def diverged_at(self) -> int | None:
        """First iteration of the streak of NaN/inf costs that stopped this model, or None."""
        return _iteration_or_none(self._run.diverged_at[self.index])

    @property
    def stopped_at(self) -> int | None:
        """Iteration from which a diverged model no longer trained (its later costs are NaN), or None."""
        return _iteration_or_none(self._run.stopped_at[self.index])

    @property
    def parameters(self) -> dict[str, np.ndarray]:
        """Current parameters (the final ones once training has finished), as copies."""
        return self._run.parameters(self.index)

    @property
    def initial_parameters(self) -> dict[str, np.ndarray]:
        return {k: v.copy() for k, v in self._run.initial[self.index].items()}

    @property
    def frame_iterations(self) -> np.ndarray:
        return self._run.frame_iterations[: self._run.frames_done]

    @property
    def frames(self) -> np.ndarray | None:
        """(F, G, G) uint8 network outputs on the grid (0..255 for 0..1), or None when X is not 2-D."""
        f = self._run.frames
        return None if f is None else f[: self._run.frames_done, self.index]

    @property
    def train_accuracy(self) -> np.ndarray:
        return self._run.train_accuracy[: self._run.frames_done, self.index]

    @property
    def test_accuracy(self) -> np.ndarray | None:
        acc = self._run.test_accuracy
        return None if acc is None else acc[: self._run.frames_done, self.index]

    @property
    def stats(self) -> LayerStats:
        return self._run.stats.for_model(self.index, self._run.frames_done)

    def predict(self, X) -> np.ndarray:
        """(1, m) array of 0/1: 1 where the output is above 0.5, as the course's predict; a regression's
        (loss="mse") outputs themselves."""
        X = np.asarray(numeric_array(X, "X"), dtype=np.float64)  # a masked array refused, its mask not dropped
        n_x = self.layers[0]
        if X.ndim != 2 or n_x not in X.shape:
            raise ValueError(f"X must be 2-D with {n_x} features, as (n_x, m) or (m, n_x); got shape {X.shape}")
        if X.shape[0] != n_x:
            X = X.T
        p = self.parameters
        L = len(self.layers) - 1
        loss = self._run.network.loss
        out = stacked_output(
            [p[f"W{l}"][None] for l in range(1, L + 1)],
            [p[f"b{l}"][None] for l in range(1, L + 1)],
            X,
            self.activation,
            loss,
        )
        return out if loss == "mse" else (out > 0.5).astype(np.int64)

    def accuracy(self, X, Y) -> float:
        """Fraction of labels predicted right, as the course's printed accuracy."""
        if self._run.network.loss == "mse":
            raise ValueError("accuracy needs class labels; this model was trained with loss='mse' (a regression)")
        X, Y = as_layout(X, Y)
        return float(np.mean(self.predict(X)[0] == Y[0]))


def _iteration_or_none(i: np.integer) -> int | None:
    return None if i < 0 else int(i)


class RunRecord:
    """The arrays shared by the K Histories of one run (K models trained together)."""

    def __init__(
        self,
        names,
        layers,
        activation,
        learning_rate,
        iterations,
        frame_iterations,
        grid,
        has_test,
        initial,
        network,
        seeds=None,
    ):
        K, F, L = len(names), len(frame_iterations), len(layers) - 1
        self.layers, self.activation = list(layers), activation
        self.learning_rate, self.iterations = learning_rate, iterations
        self.grid = grid
        self.initial = initial
        self.network = network
        # NaN until written: a run that ends early (every model diverged) leaves cells never written, and a
        # reader going past ``done``/``frames_done`` must find NaN, never leftover memory. Frames are only
        # read up to ``frames_done`` (History.frames, wire.run_delta), so they stay uninitialized.
        self.costs = np.full((K, iterations), np.nan)
        self.frame_iterations = np.asarray(frame_iterations, dtype=np.int64)
        self.frames = None if grid is None else np.empty((F, K, grid.size, grid.size), dtype=np.uint8)
        self.train_accuracy = np.full((F, K), np.nan)
        self.test_accuracy = np.full((F, K), np.nan) if has_test else None
        self.stats = LayerStats.empty(F, K, L)
        self.diverged_at = np.full(K, -1, dtype=np.int64)  # -1: not diverged (see divergence.py)
        self.stopped_at = np.full(K, -1, dtype=np.int64)
        self.done = 0
        self.frames_done = 0
        seeds = [None] * K if seeds is None else seeds
        self.histories = [History(n, k, self, s) for k, (n, s) in enumerate(zip(names, seeds))]

    def parameters(self, k: int) -> dict[str, np.ndarray]:
        return self.network.parameters(k)
