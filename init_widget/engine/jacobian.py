"""The input–output Jacobian of a deep network at initialization and its singular values (Pennington, Schoenholz
& Ganguli 2017, "Resurrecting the sigmoid in deep learning through dynamical isometry: theory and practice").

The network is x^l = f(W^l x^(l-1) + b^l) with square layers of ``width`` units, so its Jacobian is
J = ∂x^L/∂x^0 = D^L W^L ⋯ D^1 W^1 with D^l = diag(f'(h^l)). At criticality (χ = σ_w² E[f'(h)²] = 1, h at the
fixed point q* of the variance map) gradients neither explode nor vanish on average; what differs is how far
the singular values spread. With orthogonal weights and tanh at a small q* they stay near 1 as the network deepens
("dynamical isometry"); with Gaussian weights, or with relu whatever the weights, they spread.

Criticality as in the paper: q* is chosen, then σ_w² = 1/E[f'(h)²] and σ_b² = q* − σ_w² E[f(h)²] for
h ~ N(0, q*) (relu: σ_w² = 2, σ_b = 0 and linear: σ_w = 1, σ_b = 0, critical at any q*). The input is
x^0 = f(h^0) with h^0 ~ N(0, q*), so every layer's pre-activations sit at q* from the first. ``JacobianSpectra``
grows one network layer by layer, so depth d+1 extends depth d's product and a depth slider redraws from its cache.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .budget import human_bytes
from .budget import memory_limit as parse_limit
from .initializers import orthogonal
from .propagation import MAX_DEPTH, activation_and_slope, gaussian_moments
from .validation import MAX_LAYER_SIZE, choice, positive_number, seed_value, short_repr, whole_number

JACOBIAN_ACTIVATIONS = ("tanh", "relu", "linear")
WEIGHTS = ("orthogonal", "gaussian")
DEFAULT_Q_STAR = 1 / 64  # small: tanh works near its linear part, where the paper finds isometry
MAX_Q_STAR = 16.0  # beyond, tanh is saturated and σ_w² = 1/E[f'²] is in the hundreds
MAX_WORK = 1e11  # depth × width³ multiply-adds: a minute or two of one core at most (width 200: 12,500 layers)
ZERO_RTOL = 1e-10  # singular values below this fraction of the largest are zeros (relu's dead units), not spread


@dataclass(frozen=True)
class Critical:
    """The weight and bias scales that put the network at criticality for pre-activation variance ``q_star``."""

    sigma_w: float
    sigma_b: float
    q_star: float


def critical_point(activation: str, q_star: float = DEFAULT_Q_STAR) -> Critical:
    """σ_w and σ_b with χ = 1 and q* a fixed point (see the module docstring)."""
    activation = choice(activation, JACOBIAN_ACTIVATIONS, "activation")
    q_star = _q_star(q_star)
    if activation != "tanh":
        return Critical(math.sqrt(2.0) if activation == "relu" else 1.0, 0.0, q_star)
    _, square, slope2 = gaussian_moments(q_star, "tanh")
    sigma_w2 = 1.0 / slope2
    return Critical(math.sqrt(sigma_w2), math.sqrt(max(q_star - sigma_w2 * square, 0.0)), q_star)


def _q_star(q_star: Any) -> float:
    q_star = positive_number(q_star, "q_star")
    if q_star > MAX_Q_STAR:
        raise ValueError(
            f"q_star must be at most {MAX_Q_STAR:g} (the pre-activations' variance; tanh saturates "
            f"beyond); got {short_repr(q_star)}"
        )
    return q_star


class JacobianSpectra:
    """The singular values of one network's Jacobian at depths 1 … max_depth, computed on demand and cached.

    The weights are drawn layer by layer from ``RandomState(seed)``, so depth d's network is the first d layers
    of every deeper one; asking for a depth beyond the deepest product so far extends it (one matrix product
    per new layer), a shallower depth not yet cached replays the same draws."""

    def __init__(
        self,
        width: int = 200,
        activation: str = "tanh",
        initializer: str = "orthogonal",
        q_star: float = DEFAULT_Q_STAR,
        seed: int = 0,
        max_depth: int = 64,
        memory_limit: Any = None,
    ):
        self.width = whole_number(width, "width", maximum=MAX_LAYER_SIZE)
        self.max_depth = whole_number(max_depth, "depth", maximum=MAX_DEPTH)
        self.activation = choice(activation, JACOBIAN_ACTIVATIONS, "activation")
        self.initializer = choice(initializer, WEIGHTS, "initializer")
        self.seed = seed_value(seed)
        self.critical = critical_point(self.activation, q_star)
        _check_cost(self.width, self.max_depth, parse_limit(memory_limit))
        self._cache: dict[int, np.ndarray] = {}
        self._restart()

    def at(self, depth: int) -> np.ndarray:
        """The singular values at ``depth``, largest first (a read-only array: the cache's own)."""
        depth = whole_number(depth, "depth", maximum=self.max_depth)
        if depth not in self._cache:
            if depth < self._depth:
                self._restart()
            while self._depth < depth:
                self._layer()
            s = np.linalg.svd(self._J, compute_uv=False)
            s.flags.writeable = False
            self._cache[depth] = s
        return self._cache[depth]

    def cached(self) -> list[int]:
        """The depths whose spectra are ready: a slider over these only redraws."""
        return sorted(self._cache)

    def _restart(self) -> None:
        self._rng = np.random.RandomState(self.seed)
        h0 = self._rng.randn(self.width) * math.sqrt(self.critical.q_star)
        self._x = self._act(h0)[0]
        self._J = np.eye(self.width)
        self._depth = 0

    def _layer(self) -> None:
        shape, c = (self.width, self.width), self.critical
        if self.initializer == "orthogonal":
            W = orthogonal(shape, self._rng) * c.sigma_w
        else:
            W = self._rng.randn(*shape) * (c.sigma_w / math.sqrt(self.width))
        h = W @ self._x + self._rng.randn(self.width) * c.sigma_b
        self._x, slope = self._act(h)
        self._J = slope[:, None] * (W @ self._J)
        self._depth += 1

    def _act(self, h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (h, np.ones_like(h)) if self.activation == "linear" else activation_and_slope(h, self.activation)


def _check_cost(width: int, depth: int, limit: float) -> None:
    """Refuse, before anything is drawn, a network whose product and SVD need more than ``limit`` bytes (the
    product, a layer's weights, their product, QR and SVD work: 8 width² floats; the spectra: depth × width)
    or more than MAX_WORK multiply-adds (depth × width³: minutes of a kernel's time)."""
    total = (8 * width * width + depth * width + 4 * width) * 8
    if total > limit:
        raise ValueError(
            f"jacobian_spectrum would need about {human_bytes(total)} of memory, over the limit of "
            f"{human_bytes(limit)}: width {width:,} makes {width:,}² matrices. Set by: width={width:,}. "
            "Make it smaller, or raise memory_limit="
        )
    if depth * float(width) ** 3 > MAX_WORK:
        raise ValueError(
            f"jacobian_spectrum at depth={depth:,} and width={width:,} would take {depth:,} products of "
            f"{width:,}² matrices (depth × width³ = {depth * float(width) ** 3:.2g}, over {MAX_WORK:.0e}: minutes); "
            "make depth or width smaller"
        )


def spread(singular_values: Any, low: float = 10, high: float = 90) -> float:
    """The ratio of the ``high``-th to the ``low``-th percentile of the nonzero singular values (those above
    ZERO_RTOL × the largest): 1 is perfect isometry. relu switches off about half the units, so about half of
    its singular values are exactly 0 at every depth; they are left out, or its spread would be infinite."""
    s = np.asarray(singular_values, dtype=np.float64)
    if s.ndim != 1 or s.size == 0 or not np.all(np.isfinite(s)) or np.any(s < 0):
        raise ValueError(f"singular_values must be a 1-D array of finite numbers >= 0; got {short_repr(s)}")
    nonzero = s[s > ZERO_RTOL * s.max()]
    if nonzero.size == 0:
        return float("inf")
    return float(np.percentile(nonzero, high) / np.percentile(nonzero, low))


def jacobian_spectrum(
    depth: int,
    width: int = 200,
    activation: str = "tanh",
    initializer: str = "orthogonal",
    q_star: float = DEFAULT_Q_STAR,
    seed: int = 0,
    memory_limit: Any = None,
) -> np.ndarray:
    """Singular values (largest first) of the input–output Jacobian of a ``depth``-layer, ``width``-unit network
    at initialization, at criticality (module docstring). ``initializer`` is "orthogonal" or "gaussian";
    ``activation`` "tanh", "relu" or "linear". Refused before allocating over the memory cap (as train's)."""
    return JacobianSpectra(width, activation, initializer, q_star, seed, depth, memory_limit).at(depth)
