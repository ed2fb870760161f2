"""The scale sweep: train ``randn × scale`` for many scales and seeds, to see where "just right" lies.

Every (scale, seed) model trains in one stacked run. ``factor="he"`` or ``"xavier"`` multiplies each
layer's draw by that rule's √(2/n_prev) or √(1/n_prev), so scale 1 is the rule itself; without a
factor the scale is the weights' standard deviation, and ``marks`` say where the course's ×10 and
×0.01 and the He and Xavier scales of this network's layers fall on that axis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from .ensemble import seed_list
from .initializers import DrawFn
from .trainer import Trainer, check_options

FACTORS: dict[str, Callable[[int, int], float]] = {
    "he": lambda n_out, n_in: np.sqrt(2.0 / n_in),
    "xavier": lambda n_out, n_in: np.sqrt(1.0 / n_in),
}


@dataclass
class ScaleSweep:
    """Final results of a sweep, as arrays of shape (len(scales), len(seeds))."""

    scales: np.ndarray
    seeds: list[int]
    factor: str | None
    layers: list[int]
    final_cost: np.ndarray
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray | None
    marks: dict[str, tuple[float, float]]  # name -> (lowest, highest) scale over the layers
    options: dict[str, Any] = field(default_factory=dict)  # the training options, to reopen one run

    def initializer(self, i: int) -> DrawFn:
        """The initializer of scale index i, e.g. to watch that run in a TrainingWidget."""
        return scaled_normal(float(self.scales[i]), self.factor)

    def best(self) -> float:
        """The scale with the lowest median final cost (NaN costs, from diverged runs, count as worst)."""
        cost = np.where(np.isfinite(self.final_cost), self.final_cost, np.inf)
        return float(self.scales[int(np.argmin(np.median(cost, axis=1)))])


def scaled_normal(scale: float, factor: str | None = None) -> DrawFn:
    """``randn × scale`` (× the rule's factor of each layer when ``factor`` is "he" or "xavier")."""
    rule = FACTORS[factor] if factor is not None else (lambda n_out, n_in: 1.0)

    def draw(shape: tuple[int, int], rng: np.random.RandomState) -> np.ndarray:
        return rng.randn(*shape) * (scale * rule(*shape))

    draw.__name__ = f"randn×{scale:.3g}" + (f"×{factor}" if factor else "")
    return draw


def scale_marks(layers: Sequence[int], factor: str | None) -> dict[str, tuple[float, float]]:
    """Where the course's scales fall on this sweep's axis, as (lowest, highest) over the layers."""
    pairs = [(layers[l], layers[l - 1]) for l in range(1, len(layers))]
    per_rule = lambda f: np.array([f(n_out, n_in) for n_out, n_in in pairs])  # noqa: E731
    unit = per_rule(FACTORS[factor]) if factor else np.ones(len(pairs))
    raw = {"×10": np.full(len(pairs), 10.0), "×0.01": np.full(len(pairs), 0.01),
           "Xavier": per_rule(FACTORS["xavier"]), "He": per_rule(FACTORS["he"])}
    return {name: (float(np.min(v / unit)), float(np.max(v / unit))) for name, v in raw.items()}


def scale_sweep(X: Any, Y: Any, scales: Any = None, seeds: Any = range(5), factor: str | None = None,
                **options: Any) -> ScaleSweep:
    """Train ``randn × scale`` (× factor) for every scale and seed; return final cost and accuracies.

    ``scales`` defaults to ``np.logspace(-3, 2, 21)``; ``options`` are train's (layers,
    learning_rate, iterations, activation, X_test, Y_test, …). All len(scales) × len(seeds) models
    train in one stacked run, so the default sweep (105 models, 15,000 iterations) takes about as
    long as 3–4 course comparisons; use fewer iterations for a quick look.
    """
    scales = np.logspace(-3, 2, 21) if scales is None else np.asarray(scales, dtype=np.float64).reshape(-1)
    if scales.size == 0 or not np.all(np.isfinite(scales)) or np.any(scales <= 0):
        raise ValueError(f"scales must be finite numbers > 0, e.g. np.logspace(-3, 2, 21); got {scales.tolist()}")
    if factor is not None and factor not in FACTORS:
        raise ValueError(f"factor must be None, 'he' or 'xavier'; got {factor!r}")
    for reserved in ("seed", "seeds", "initializers", "frame_every"):
        if reserved in options:
            raise TypeError(f"scale_sweep sets {reserved} itself; pass seeds=... to choose the seeds")
    seeds = seed_list(seeds)
    iterations = options.get("iterations", 15000)
    trainer = Trainer(X, Y, [scaled_normal(float(s), factor) for s in scales], seeds=seeds,
                      frame_every=iterations if isinstance(iterations, int) and iterations > 0 else None,
                      **check_options(dict(options)))
    trainer.run()
    rec, rows = trainer.record, np.array(trainer.plan.rows).reshape(scales.size, len(seeds))
    with np.errstate(invalid="ignore"):
        final_cost = rec.costs[rows, -1]
    return ScaleSweep(
        scales=scales,
        seeds=seeds,
        factor=factor,
        layers=list(rec.layers),
        final_cost=final_cost,
        train_accuracy=rec.train_accuracy[-1][rows],
        test_accuracy=None if rec.test_accuracy is None else rec.test_accuracy[-1][rows],
        marks=scale_marks(rec.layers, factor),
        options={k: v for k, v in options.items() if k not in ("X_test", "Y_test")},
    )
