"""Saxe, McClelland & Ganguli 2014, "Exact solutions to the nonlinear dynamics of learning in deep linear neural
networks": how long a deep *linear* network takes to learn, against its depth, per initialization.

The task is a random linear teacher: y = w·x with |w| = 1 and x ~ N(0, I), learnt by linear hidden layers of
the input's width and a linear output under ½ the mean squared error (train's activation="linear",
loss="mse"). At depth D every layer's gradient moves the same end-to-end map, so one step changes the
function about D times as much as a single layer's would; the learning rate is ``learning_rate / D`` so that
depths are compared at the same step size of the function. Scaled orthogonal weights (``orthogonal``: every
layer an isometry) then learn in about the same number of iterations at every depth; scaled Gaussian ones
(``xavier``: N(0, 1/n)) multiply into an ill-conditioned product and take longer the deeper they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .ensemble import seed_list
from .trainer import train
from .validation import positive_number, whole_number


@dataclass(frozen=True)
class DeepLinear:
    """The experiment: ``depths`` (weight layers) of ``width`` linear units on ``samples`` teacher examples."""

    width: int = 32
    samples: int = 200
    depths: tuple[int, ...] = (1, 2, 4, 8, 16, 32)
    learning_rate: float = 0.05  # at depth 1; depth D trains with learning_rate / D
    threshold: float = 0.05  # ½ mean square reached; the teacher's outputs have variance 1 (½: cost 0.5 at w = 0)
    iterations: int = 1000  # the cap; a run that has not reached the threshold by then counts as NaN
    initializers: tuple[str, ...] = ("orthogonal", "xavier")
    data_seed: int = 0

    def teacher(self) -> tuple[np.ndarray, np.ndarray]:
        """(X, Y): X (width, samples) standard normal, Y = w·X with a random unit vector w."""
        rng = np.random.RandomState(self.data_seed)
        X = rng.randn(self.width, self.samples)
        w = rng.randn(1, self.width)
        return X, (w / np.linalg.norm(w)) @ X

    def layers(self, depth: int) -> list[int]:
        return [self.width] * depth + [1]


@dataclass
class LearningTimes:
    """Iterations each (initializer, depth, seed) took to bring the cost below ``threshold`` (NaN: not in the cap)."""

    config: DeepLinear
    seeds: list[int]
    iterations: dict[str, np.ndarray] = field(default_factory=dict)  # name -> (depths, seeds)

    def median(self, name: str) -> np.ndarray:
        """Per depth, the median over seeds (NaN when more than half never reached the threshold)."""
        times = np.where(np.isnan(self.iterations[name]), np.inf, self.iterations[name])
        med = np.median(times, axis=1)
        return np.where(np.isinf(med), np.nan, med)

    def growth(self, name: str) -> float:
        """Median time at the deepest depth over the median at the shallowest: 1 is depth-independent."""
        med = self.median(name)
        return float(med[-1] / med[0])


def saxe_2014(**changes: Any) -> DeepLinear:
    """The configuration (any field of DeepLinear changed by keyword, checked)."""
    config = DeepLinear(**changes)
    whole_number(config.width, "width", minimum=1, maximum=1000)
    whole_number(config.samples, "samples", minimum=2, maximum=100_000)
    whole_number(config.iterations, "iterations", minimum=1, maximum=1_000_000)
    positive_number(config.learning_rate, "learning_rate")
    positive_number(config.threshold, "threshold")
    if not config.depths or any(whole_number(d, "depths", minimum=1, maximum=100) != d for d in config.depths):
        raise ValueError(f"depths must be whole numbers from 1 to 100, e.g. (1, 2, 4, 8); got {config.depths!r}")
    return config


def learning_times(config: DeepLinear | None = None, seeds: Any = range(5)) -> LearningTimes:
    """Train every initializer at every depth with every seed (one stacked run per depth); time each to threshold."""
    config = saxe_2014() if config is None else config
    seeds = seed_list(seeds)
    X, Y = config.teacher()
    out = LearningTimes(
        config, seeds, {n: np.full((len(config.depths), len(seeds)), np.nan) for n in config.initializers}
    )
    for i, depth in enumerate(config.depths):
        runs = train(
            X,
            Y,
            list(config.initializers),
            layers=config.layers(depth),
            activation="linear",
            loss="mse",
            learning_rate=config.learning_rate / depth,
            iterations=config.iterations,
            seeds=seeds,
        )
        for h in runs:
            out.iterations[h.name][i, seeds.index(h.seed)] = first_below(h.costs, config.threshold)
    return out


def first_below(costs: Sequence[float], threshold: float) -> float:
    """The first iteration whose cost is below ``threshold``, NaN if none."""
    below = np.flatnonzero(np.asarray(costs) < threshold)
    return float(below[0]) if below.size else float("nan")
