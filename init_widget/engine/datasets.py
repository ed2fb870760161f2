"""Toy 2-D datasets in the course layout: X is (2, m), Y is (1, m) of 0/1.

`load_dataset("circles")` with its defaults is exactly the course's data: scikit-learn's
make_circles(n_samples=300, noise=0.05) after np.random.seed(1), and 100 test points after
np.random.seed(2). The generators are re-implemented here (same draws, same order) so the
install stays light; a test proves the identity against scikit-learn.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .validation import choice, seed_value, whole_number

Arrays = tuple[np.ndarray, np.ndarray]


def _circles(n: int, noise: float, rng: np.random.RandomState) -> Arrays:
    n_out = n // 2
    n_in = n - n_out
    t_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.vstack([np.append(np.cos(t_out), np.cos(t_in) * 0.8), np.append(np.sin(t_out), np.sin(t_in) * 0.8)]).T
    y = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
    return _shuffle_and_jitter(X, y, noise, rng)


def _moons(n: int, noise: float, rng: np.random.RandomState) -> Arrays:
    n_out = n // 2
    n_in = n - n_out
    t_out = np.linspace(0, np.pi, n_out)
    t_in = np.linspace(0, np.pi, n_in)
    X = np.vstack([np.append(np.cos(t_out), 1 - np.cos(t_in)), np.append(np.sin(t_out), 1 - np.sin(t_in) - 0.5)]).T
    y = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
    return _shuffle_and_jitter(X, y, noise, rng)


def _xor(n: int, noise: float, rng: np.random.RandomState) -> Arrays:
    X = rng.uniform(-1.0, 1.0, size=(n, 2))
    X += np.sign(X) * 0.05  # a small gap along the axes keeps the quadrants readable
    y = (X[:, 0] * X[:, 1] > 0).astype(np.intp)
    return X + rng.normal(scale=noise, size=X.shape), y


def _gaussian(n: int, noise: float, rng: np.random.RandomState) -> Arrays:
    y = np.arange(n) % 2
    centres = np.where(y[:, None] == 1, 1.0, -1.0) * np.ones(2)
    X = centres + rng.normal(scale=0.5, size=(n, 2))
    return _shuffle_and_jitter(X, y, noise, rng)


def _spiral(n: int, noise: float, rng: np.random.RandomState) -> Arrays:
    n_a = n // 2
    parts = []
    for label, count in ((0, n_a), (1, n - n_a)):
        t = np.linspace(0.0, 1.0, count, endpoint=False)
        radius = 0.1 + 0.9 * t
        angle = 1.75 * 2 * np.pi * t + label * np.pi
        parts.append((np.column_stack([radius * np.cos(angle), radius * np.sin(angle)]), np.full(count, label)))
    X = np.vstack([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts]).astype(np.intp)
    return _shuffle_and_jitter(X, y, noise, rng)


def _shuffle_and_jitter(X: np.ndarray, y: np.ndarray, noise: float, rng: np.random.RandomState) -> Arrays:
    # scikit-learn's order: shuffle (in-place permutation of an index) then add Gaussian noise
    idx = np.arange(X.shape[0])
    rng.shuffle(idx)
    X, y = X[idx], y[idx]
    if noise:
        X = X + rng.normal(scale=noise, size=X.shape)
    return X, y


_GENERATORS: dict[str, tuple[Callable[[int, float, np.random.RandomState], Arrays], float]] = {
    "circles": (_circles, 0.05),
    "moons": (_moons, 0.1),
    "xor": (_xor, 0.05),
    "gaussian": (_gaussian, 0.2),
    "spiral": (_spiral, 0.05),
}
DATASETS: tuple[str, ...] = tuple(_GENERATORS)
DEFAULT_NOISE: dict[str, float] = {name: noise for name, (_, noise) in _GENERATORS.items()}


def load_dataset(
    name: str = "circles", n_samples: int = 300, noise: float | None = None, seed: int = 1, n_test: int = 100
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return (X, Y, X_test, Y_test) with X of shape (2, n_samples) and Y of shape (1, n_samples).

    Training points come from RandomState(seed), test points from RandomState(seed + 1), so the
    defaults (seed 1) are the course's seeds 1 and 2.
    """
    choice(name, _GENERATORS, "dataset")
    generate, default_noise = _GENERATORS[name]
    n_samples = whole_number(n_samples, "n_samples", minimum=4)
    n_test = whole_number(n_test, "n_test", minimum=2)
    seed = seed_value(seed)
    if seed + 1 >= 2**32:
        raise ValueError(f"seed must be below 2**32 - 1 (the test set uses seed + 1); got {seed}")
    noise = default_noise if noise is None else noise
    if isinstance(noise, bool) or not isinstance(noise, (int, float)) or not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0; got {noise!r}")
    X, y = generate(n_samples, float(noise), np.random.RandomState(seed))
    X_test, y_test = generate(n_test, float(noise), np.random.RandomState(seed + 1))
    return X.T.copy(), y.reshape(1, -1).copy(), X_test.T.copy(), y_test.reshape(1, -1).copy()
