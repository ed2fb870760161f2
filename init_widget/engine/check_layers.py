"""One layer of a student's initializer, read: are its values usable numbers, are they the seed's own
random numbers times one exact factor (and which numbers: randn, U(-1, 1), rand, or randn from a seed
reset inside the loop), and how spread are they. ``check`` judges the whole function from these.

The seed's draws are known, so ``W = c × draws`` is tested to rounding (relative 1e-9), not estimated:
a layer of 5 weights gives its factor exactly. A layer of one weight fits any factor (c = w / z), so
alone it is no evidence of the stream; ``layer_checks`` keeps its factor only when larger layers
confirm that the function draws from the seed's stream.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

TOL = 1e-9  # an exact factor reproduces every weight to this relative error (rounding is ~1e-16)
RANDN, UNIFORM, RAND, RESTARTED, ZEROS = "randn", "uniform", "rand", "randn, seed restarted", "zeros"


@dataclass
class LayerCheck:
    """What the check found in one layer; ``factor`` is exact (None when the weights are not the seed's draws)."""

    layer: int
    shape: tuple | None
    expected_shape: tuple[int, int]
    bias_shape: tuple | None
    bias_zero: bool
    std: float  # root mean square of the weights (NaN when they are unusable)
    factor: float | None  # W = factor × the seed's draws of ``distribution``, to rounding
    distribution: str  # one of RANDN, UNIFORM (factor = the limit), RAND, RESTARTED, ZEROS, or "unknown"
    problem: str | None = None  # why W or b cannot be used as weights (missing, NaN, complex, text, objects)
    size: int = 0  # number of weights
    sum_squares: float = float("nan")
    largest: float = float("nan")  # largest |weight|
    expected: dict[str, float] = field(default_factory=dict)  # every rule's factor for this layer, by name
    matches: list[str] = field(default_factory=list)  # every rule or mistake this layer's exact factor equals
    rule: str | None = None  # the function's rule where it holds in this layer
    ratio: float | None = None  # the layer's factor (or std) over the reference rule's

    @property
    def shape_ok(self) -> bool:
        return self.shape == self.expected_shape and self.bias_shape == (self.expected_shape[0], 1)

    @property
    def n_in(self) -> int:
        return self.expected_shape[1]

    @property
    def n_out(self) -> int:
        return self.expected_shape[0]


def read_values(value: Any, key: str) -> tuple[np.ndarray | None, str | None]:
    """The values as float64, or None and what they are instead (the same things train() refuses)."""
    if value is None:
        return None, f"{key} is missing"
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError):
        return None, f"{key} is not an array of numbers (a ragged or unconvertible {type(value).__name__})"
    kind = arr.dtype.kind
    if kind == "c":
        return None, f"{key} is complex (dtype {arr.dtype}): weights must be real numbers"
    if kind in "US":
        return None, f"{key} holds text (dtype {arr.dtype}), not numbers"
    if kind == "O":
        return None, f"{key} holds Python objects (dtype object), not numbers"
    if kind not in "biuf":
        return None, f"{key} holds {arr.dtype} values, not numbers"
    arr = arr.astype(np.float64, copy=False)
    finite = np.isfinite(arr)
    if not finite.all():
        nan = int(np.count_nonzero(np.isnan(arr)))
        inf = arr.size - int(np.count_nonzero(finite)) - nan
        what = " and ".join(t for t in (f"{nan} NaN" if nan else "", f"{inf} infinite" if inf else "") if t)
        return None, f"{key} contains {what} among its {arr.size} values"
    return arr, None


def layer_checks(params: dict, layers: list[int], seed: int) -> list[LayerCheck]:
    """Each layer read against the seed's streams, in the course's order (one draw per layer)."""
    read = list(_read_layers(params, layers, seed))
    found = [c for c, _ in read]
    multi = [c for c in found if c.size > 1 and c.distribution != ZEROS]
    kinds = {c.distribution for c in multi}
    kinds -= {RANDN} if RESTARTED in kinds else set()  # a seed reset in the loop: layer 1 is plain randn
    kind = kinds.pop() if multi and len(kinds) == 1 and all(c.factor is not None for c in multi) else None
    for c, fits in read:  # one weight fits any factor: only the larger layers' draws say which it is
        if c.size == 1 and c.distribution != ZEROS:
            k = RANDN if kind == RESTARTED and c.layer == 1 else kind
            c.factor, c.distribution = (fits[k], k) if k in fits else (None, "unknown")
    return found


def _read_layers(params: dict, layers: list[int], seed: int) -> Iterator[tuple[LayerCheck, dict[str, float]]]:
    """Per layer, the numbers each way of drawing would give: randn and uniform continue their own stream
    from layer to layer (as one np.random.seed then a draw per layer does), as many as the function drew
    (so a wrong shape is still read exactly); a restart begins anew. With the layer, every kind of draw
    it fits exactly and the factor (the first that fits, or all of them for a single weight)."""
    normal, uniform = np.random.RandomState(seed), np.random.RandomState(seed)
    for l in range(1, len(layers)):
        c, W = _read_layer(l, params, (layers[l], layers[l - 1]))
        expected = layers[l] * layers[l - 1]
        size = W.size if W is not None and 0 < W.size <= 4 * expected else expected
        z, u = normal.randn(size), uniform.random_sample(size)
        fits: dict[str, float] = {}
        if W is not None and W.size == size and not np.any(W):
            c.factor, c.distribution = 0.0, ZEROS
        elif W is not None and W.size == size:
            fits = _fits(W, z, u, seed if l > 1 else None)
            if fits:
                c.distribution, c.factor = next(iter(fits.items()))
        yield c, fits


def _fits(W: np.ndarray, z: np.ndarray, u: np.ndarray, restart_seed: int | None) -> dict[str, float]:
    """Every kind of draw W is an exact multiple of, in the order tried (the first only, for many weights);
    each kind's numbers made only when tried."""
    out: dict[str, float] = {}
    for kind in (RANDN, UNIFORM, RAND, RESTARTED):
        if kind == RESTARTED and restart_seed is None:
            break
        draws = {RANDN: z, RAND: u}.get(kind)
        if draws is None:
            draws = 2.0 * u - 1.0 if kind == UNIFORM else np.random.RandomState(restart_seed).randn(W.size)
        factor = exact_factor(W, draws)
        if factor is not None:
            out[kind] = factor
            if W.size > 1:
                break
    return out


def _read_layer(l: int, params: dict, shape: tuple[int, int]) -> tuple[LayerCheck, np.ndarray | None]:
    W, problem = read_values(params.get(f"W{l}"), f"W{l}")
    b, b_problem = read_values(params.get(f"b{l}"), f"b{l}")
    c = LayerCheck(
        l,
        None if W is None else W.shape,
        shape,
        None if b is None else b.shape,
        b is not None and b.size > 0 and not np.any(b),
        float("nan"),
        None,
        "unknown",
        problem or b_problem,
    )
    if W is not None and W.size:
        c.size, c.sum_squares = W.size, float(np.sum(W * W))
        c.largest, c.std = float(np.max(np.abs(W))), float(np.sqrt(c.sum_squares / W.size))
    return c, W


def exact_factor(W: np.ndarray, draws: np.ndarray) -> float | None:
    """c when W (flattened either way) is c × draws to rounding, else None."""
    d = draws.ravel()
    big = np.abs(d) > 1e-3
    if not np.any(big):
        return None
    for w in (W.ravel(), W.T.ravel()):
        c = float(np.median(w[big] / d[big]))
        if c != 0 and np.isfinite(c) and np.all(np.abs(w - c * d) <= TOL * abs(c) * (1.0 + np.abs(d))):
            return c
    return None
