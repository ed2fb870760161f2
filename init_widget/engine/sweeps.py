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
from .scale_rules import rule_factor
from .trainer import Trainer, check_options
from .validation import MAX_ITERATIONS, positive_numbers, short_repr, whole_number

MAX_SCALES = 1000  # a chart's worth; a longer (or endless) scales= is refused before it is copied

FACTORS: dict[str, Callable[[int, int], float]] = {key: rule_factor(key) for key in ("he", "xavier")}


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
        """The scale with the lowest median final cost over its seeds. A diverged seed (NaN cost) counts as
        worst, so a scale whose median is not finite is never best; ValueError when no scale's is."""
        cost = np.where(np.isfinite(self.final_cost), self.final_cost, np.inf)
        median = np.median(cost, axis=1)
        if not np.isfinite(median).any():
            raise ValueError("no scale trained: at every scale, most seeds diverged (final cost NaN); "
                             "try smaller scales or a lower learning_rate")
        return float(self.scales[int(np.argmin(median))])


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
    scales = np.logspace(-3, 2, 21) if scales is None else positive_numbers(scales, "scales", MAX_SCALES)
    if factor is not None and factor not in FACTORS:
        raise ValueError(f"factor must be None, 'he' or 'xavier'; got {short_repr(factor)}")
    for reserved in ("seed", "seeds", "initializers", "frame_every"):
        if reserved in options:
            raise TypeError(f"scale_sweep sets {reserved} itself; pass seeds=... to choose the seeds")
    seeds = seed_list(seeds)
    if "iterations" in options:  # np.int64(1000) must give the sweep's two frames, exactly as 1000 does
        options["iterations"] = whole_number(options["iterations"], "iterations", maximum=MAX_ITERATIONS)
    trainer = _SweepTrainer(X, Y, [scaled_normal(float(s), factor) for s in scales], seeds=seeds,
                            frame_every=options.get("iterations", 15000), **check_options(dict(options)))
    trainer.run()
    rows = np.array(trainer.plan.rows).reshape(scales.size, len(seeds))
    final_cost, train_accuracy, test_accuracy = _final_results(trainer)
    return ScaleSweep(
        scales=scales,
        seeds=seeds,
        factor=factor,
        layers=list(trainer.record.layers),
        final_cost=final_cost[rows],
        train_accuracy=train_accuracy[rows],
        test_accuracy=None if test_accuracy is None else test_accuracy[rows],
        marks=scale_marks(trainer.record.layers, factor),
        options={k: v for k, v in options.items() if k not in ("X_test", "Y_test")},
    )


class _SweepTrainer(Trainer):
    SPECS_ARGUMENT = "scales"  # a memory refusal names the argument the user gave


def _final_results(trainer: Trainer) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Per trained model: the final cost (NaN for a diverged model) and the accuracies of its final parameters.

    When every model diverged the run ended early, before its last frame: the accuracies are then those of
    the parameters each model stopped with, computed here, never read from frames that were not recorded."""
    rec = trainer.record
    final_cost = rec.costs[:, rec.iterations - 1].copy() if trainer.done else np.full(len(rec.histories), np.nan)
    final_cost[rec.stopped_at >= 0] = np.nan
    if trainer.done:
        test = None if rec.test_accuracy is None else rec.test_accuracy[-1]
        return final_cost, rec.train_accuracy[-1], test
    with np.errstate(all="ignore"):
        accuracy = lambda X, Y: np.mean((trainer.net.output(X) > 0.5) == (Y[0] == 1), axis=1)  # noqa: E731
        test = None if trainer.X_test is None else accuracy(trainer.X_test, trainer.Y_test)
        return final_cost, accuracy(trainer.X, trainer.Y), test
