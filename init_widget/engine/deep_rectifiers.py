"""He, Zhang, Ren & Sun 2015, "Delving Deep into Rectifiers", §2.2, Figs. 2-3, as a run anyone can repeat.

A plain deep ReLU network (no batch normalization, no skip connections, biases 0) trained by gradient
descent with one learning rate for every initializer. Xavier's √(1/n) halves the signal's variance at
every ReLU layer, so after 30 layers the output and every gradient are about 2^-15 of He's √(2/n): the
cost stays at ln 2 (the paper's "stalls"). He's keeps the variance and trains; so does LSUV (Mishkin &
Matas 2016), which rescales each layer on the data. ``he_2015(depth)`` is the configuration (one fact,
used by the notebook, the Explorer's "Papers" preset, the benchmark and the tests); ``outcomes`` sorts
each trained model into "trains", "stalls" or neither.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .datasets import load_dataset
from .history import History
from .trainer import train
from .validation import whole_number

LN2 = float(np.log(2.0))  # the cost of a balanced binary task's output that ignores its input
STALLED = 0.68  # a final cost above this has learned (almost) nothing: within 0.013 of ln 2
TRAINED = 0.35  # a final cost below this, half of ln 2, has learned the task
DEPTHS = (22, 30)  # the paper's Fig. 2 and Fig. 3


@dataclass(frozen=True)
class DeepReLU:
    """One of the paper's deep networks on our data: ``depth`` weight layers of ``width`` ReLUs (the paper's
    layer count; here a 2-D task, so the first takes 2 inputs and the last is the course's sigmoid unit)."""

    depth: int
    width: int
    learning_rate: float
    iterations: int
    n_samples: int
    dataset: str = "circles"
    initializers: tuple[str, ...] = ("he", "xavier", "lsuv")

    @property
    def layers(self) -> list[int]:
        return [2] + [self.width] * (self.depth - 1) + [1]

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        """The training set: the course's circles (seed 1), ``n_samples`` points."""
        X, Y, _, _ = load_dataset(self.dataset, n_samples=self.n_samples)
        return X, Y

    def options(self) -> dict[str, Any]:
        """train()'s (and TrainingWidget's) keyword arguments for this network."""
        return {
            "layers": self.layers,
            "learning_rate": self.learning_rate,
            "iterations": self.iterations,
            "activation": "relu",
        }


def he_2015(depth: int = 30) -> DeepReLU:
    """The configuration reproducing §2.2 at ``depth`` weight layers (22: Fig. 2, 30: Fig. 3; any 2-30 runs)."""
    depth = whole_number(depth, "depth", minimum=2, maximum=30)
    return replace(HE_2015, depth=depth)


def run(config: DeepReLU, seeds: Any = range(10), initializers: Sequence[Any] | None = None) -> list[History]:
    """Every initializer of ``config`` (or ``initializers``) with every seed, in one stacked run; no boundary
    frames but the first and last (the numbers need the costs only)."""
    X, Y = config.data()
    inits = list(config.initializers if initializers is None else initializers)
    return train(X, Y, inits, seeds=seeds, frame_every=config.iterations, grid_size=2, **config.options())


def outcome(history: History) -> str:
    """ "trains" (final cost < TRAINED), "stalls" (final cost > STALLED, or NaN) or "slow" (in between)."""
    final = float(history.costs[-1])
    if not np.isfinite(final) or final > STALLED:
        return "stalls"
    return "trains" if final < TRAINED else "slow"


def outcomes(histories: Sequence[History]) -> dict[str, dict[str, int]]:
    """Per initializer, how many seeds train, stall or are slow, e.g. {"he": {"trains": 9, "stalls": 1, "slow": 0}}."""
    out: dict[str, dict[str, int]] = {}
    for h in histories:
        counts = out.setdefault(h.name, {"trains": 0, "stalls": 0, "slow": 0})
        counts[outcome(h)] += 1
    return out


HE_2015 = DeepReLU(depth=30, width=32, learning_rate=0.03, iterations=3000, n_samples=100)
