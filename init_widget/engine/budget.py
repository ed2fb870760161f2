"""Memory budget: how many bytes a run needs, and a cap that refuses a run before it allocates.

On a course hub a kernel shares a machine with hundreds of others: ``frame_every=1`` over 200,000
iterations, a 5000×5000 grid or a 100,000-unit layer would allocate until the kernel is killed.
``Trainer`` sizes the run from its options first and refuses one above the cap (DEFAULT_MEMORY_LIMIT,
or the environment variable INIT_WIDGET_MEMORY_LIMIT, or ``memory_limit=``) with a ValueError that
names the options responsible. The estimate counts what the kernel holds at its peak: costs, frames,
statistics, parameters, the training work arrays and the grid and test-set passes; the front end's
float32 copies live in the browser, not here. ``benchmarks/memory.py`` checks it against measured RSS.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from numbers import Real
from typing import Any

import numpy as np

from .divergence import DIVERGENCE_PATIENCE
from .network import chunk_points, cost_block
from .stats import HIST_BINS, layer_groups
from .validation import short_repr

DEFAULT_MEMORY_LIMIT = 1_000_000_000
ENV_VAR = "INIT_WIDGET_MEMORY_LIMIT"
F64, F32 = 8, 4
HIDDEN_ARRAYS = 3 * F64 + 1  # H (activations over pre-activations, ones rows), D, gate: float64; the gate's bool
STATS_PER_LAYER = 6 * F64 + HIST_BINS * 4 + 2 * F64  # six summaries, the int32 histogram and its range
STATS_WORK = 2 * F64 + 1  # per activation of a group of layers (stats.layer_groups) during its statistics (measured)
_UNITS = {"": 1, "k": 10**3, "m": 10**6, "g": 10**9, "t": 10**12, "ki": 2**10, "mi": 2**20, "gi": 2**30, "ti": 2**40}


@dataclass(frozen=True)
class Part:
    """One share of a run's memory, what it is made of and the options that size it."""

    name: str
    bytes: int
    detail: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class RunSize:
    """The numbers a run's memory depends on (``grid_size`` None: no boundary frames, X not 2-D)."""

    models: int
    layers: tuple[int, ...]
    samples: int
    iterations: int
    frames: int
    grid_size: int | None = None
    test_samples: int = 0
    frames_chosen: bool = False  # frame_every given by the user (else about 150 frames, whatever the length)
    activation: str = "relu"

    def parts(self) -> list[Part]:
        """The shares of the peak. Buffers made by np.zeros and never written (the relu comparisons'
        zeros) cost address space, not memory, so they are left out; so is the scratch layer of the
        grid and test passes except for leaky relu, the one activation that writes it."""
        K, F, m, layers = self.models, self.frames, self.samples, self.layers
        by_frames = ("frame_every", "iterations") if self.frames_chosen else ()
        units, widest = sum(layers[1:]), max(layers[1:])
        params = sum(n * (p + 1) for p, n in zip(layers, layers[1:]))
        out = [
            Part("costs", K * self.iterations * F64, f"{_models(K)} × {self.iterations:,} iterations", ("iterations",)),
            Part(
                "statistics",
                F * K * ((len(layers) - 1) * STATS_PER_LAYER + 2 * F64) + F * F64,
                f"{F:,} frames × {_models(K)} × {len(layers) - 1} layers",
                by_frames + ("layers",),
            ),
            # initial parameters, [W | b], gradient, update step, and the stacking copy made once
            Part("parameters", 5 * K * params * F64, f"{_models(K)} × {params:,} parameters", ("layers",)),
            Part(
                "training arrays",
                K * m * (units * HIDDEN_ARRAYS + 2 * F64)
                + self._stats_group() * STATS_WORK
                + 2 * F64 * K * m * cost_block(K, m, DIVERGENCE_PATIENCE)
                + (layers[0] + 4) * m * F64,
                f"{_models(K)} × {units:,} units × {m:,} samples",
                ("layers", "X"),
            ),
        ]
        if self.grid_size is not None:
            g2 = self.grid_size**2
            out.append(
                Part(
                    "frames",
                    F * K * g2,
                    f"{F:,} frames × {_models(K)} × {self.grid_size:,}² grid points",
                    by_frames + ("grid_size",),
                )
            )
            # the float32 pass's output and chunk buffers (not a layer's activations for every point:
            # a few MB whatever the depth); the grid's points as float64 and float32
            out.append(
                Part(
                    "boundary grid",
                    K * g2 * F32 + self._pass_chunks(g2, F32) + 3 * g2 * F64,
                    f"{_models(K)} × {self.grid_size:,}² grid points, passed in chunks of "
                    f"{chunk_points(K, widest, g2, F32):,}",
                    ("grid_size",),
                )
            )
        if self.test_samples:
            mt = self.test_samples
            out.append(
                Part(
                    "test set",
                    K * mt * F64 + self._pass_chunks(mt, F64) + (layers[0] + 2) * mt * F64,
                    f"{_models(K)} × {units:,} units × {mt:,} test samples",
                    ("layers", "X_test"),
                )
            )
        return out

    def _stats_group(self) -> int:
        """Activations (rows × K × m) of the largest group of layers summarised together (stats.layer_groups)."""
        K, m = self.models, self.samples
        rows = np.cumsum([n + 1 for n in self.layers[1:]]).tolist()
        blocks = [(r - n - 1, r - 1) for r, n in zip(rows, self.layers[1:])]
        return max((blocks[g[-1]][1] + 1 - blocks[g[0]][0]) * K * m for g in layer_groups(blocks, K, m))

    def _pass_chunks(self, points: int, itemsize: int) -> int:
        """A Pass's two chunk buffers (three for leaky relu, whose scratch is written) at their size."""
        K, widest = self.models, max(self.layers[1:])
        buffers = 3 if self.activation == "leaky_relu" else 2
        return buffers * K * widest * chunk_points(K, widest, points, itemsize) * itemsize

    @property
    def total(self) -> int:
        return sum(p.bytes for p in self.parts())


def estimate_run_bytes(
    models: int,
    layers: Sequence[int],
    samples: int,
    iterations: int,
    frames: int,
    grid_size: int | None = None,
    test_samples: int = 0,
    activation: str = "relu",
) -> int:
    """Bytes the kernel holds at the peak of a run of ``models`` networks (see RunSize)."""
    return RunSize(
        models, tuple(layers), samples, iterations, frames, grid_size, test_samples, activation=activation
    ).total


def memory_limit(value: Any = None) -> float:
    """The cap in bytes: ``value`` if given, else $INIT_WIDGET_MEMORY_LIMIT, else DEFAULT_MEMORY_LIMIT.

    Numbers are bytes; strings may carry a unit ("2GB", "512 MiB", "2e9"); ``float("inf")`` means no cap."""
    if value is None:
        env = os.environ.get(ENV_VAR, "").strip()
        return _parse_bytes(env, ENV_VAR) if env else DEFAULT_MEMORY_LIMIT
    return _parse_bytes(value, "memory_limit")


def _parse_bytes(value: Any, name: str) -> float:
    allowed = (
        f"{name} must be a number of bytes > 0 such as 2e9, or a size such as '2GB' or '512MiB' "
        f"(float('inf'): no limit); got {short_repr(value)}"
    )
    if isinstance(value, str):
        match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?|[0-9]+\.|inf)\s*([kmgt]i?)?b?\s*", value.lower())
        if not match:
            raise ValueError(allowed)
        number = float(match.group(1)) * _UNITS[match.group(2) or ""]
    elif isinstance(value, Real) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:  # an int such as 10**400: more bytes than a float holds
            raise ValueError(
                f"{name}={short_repr(value)} is too large to be a number of bytes; for no limit use float('inf')"
            ) from None
    else:
        raise TypeError(allowed)
    if math.isnan(number) or number <= 0:
        raise ValueError(allowed)
    return number


def check_memory(size: RunSize, limit: float, options: dict[str, Any], counts: dict[str, int] | None = None) -> None:
    """Raise a ValueError when ``size`` needs more than ``limit`` bytes, naming the options responsible.

    ``options`` maps option names to the values the user gave, to quote them; the blame goes to the
    options sizing the parts that make up a fifth of the total or more. ``counts`` gives the arguments
    that multiply the models (e.g. {"initializers": 3, "seeds": 10}): each is named when the run would
    fit with one of it (both, when only a single model would fit). The message stays under 300 characters."""
    parts = sorted(size.parts(), key=lambda p: p.bytes, reverse=True)
    total = sum(p.bytes for p in parts)
    if total <= limit:
        return
    big = [p for p in parts if p.bytes >= 0.2 * total]
    blamed = dict.fromkeys(o for p in big for o in p.options)
    samples = {"X": size.samples, "X_test": size.test_samples}
    named = [f"{o} ({samples[o]:,} samples)" if o in samples else f"{o}={_quoted(options.get(o))}" for o in blamed]
    counted = [f"{o} ({n:,})" for o, n in _model_counts_to_blame(size, limit, counts or {}).items()]
    head = f"this run would need about {human_bytes(total)} of memory, over the limit of {human_bytes(limit)}: "
    raise_it = f"raise memory_limit= (e.g. '{_suggested(total) / 1e9:g}GB') or the environment variable {ENV_VAR}"
    candidates = [  # the most informative that stays under 300 characters
        (big, True, named, raise_it),
        (big, False, named, raise_it),
        (big[:1], False, list(blamed), f"raise memory_limit= or the environment variable {ENV_VAR}"),
    ]
    for shares, detail, set_by, how in candidates:
        what = "; ".join(f"{p.name} {human_bytes(p.bytes)}" + (f" ({p.detail})" if detail else "") for p in shares)
        message = f"{head}{what}. Set by: {', '.join(set_by + counted)}. Change them, or {how}"
        if len(message) < 300:
            break
    raise ValueError(message)


def _model_counts_to_blame(size: RunSize, limit: float, counts: dict[str, int]) -> dict[str, int]:
    """The arguments multiplying the models whose reduction to one value would make the run fit."""
    many = {o: n for o, n in counts.items() if n > 1}
    fits = lambda models: replace(size, models=max(1, models)).total <= limit  # noqa: E731
    alone = {o: n for o, n in many.items() if fits(size.models // n)}
    return alone or (many if fits(1) else {})


def _models(k: int) -> str:
    return "1 model" if k == 1 else f"{k:,} models"


def _quoted(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else short_repr(value)


def _suggested(total: int) -> int:
    """A round limit above ``total``: two significant digits, rounded up."""
    step = 10 ** max(0, len(str(int(total))) - 2)
    return -(-int(total) // step) * step


def human_bytes(n: float) -> str:
    if math.isinf(n):
        return "no limit"
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{int(n)} bytes"
