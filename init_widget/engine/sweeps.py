"""The scale sweep: train ``randn × scale`` for many scales and seeds, to see where "just right" lies.

Every (scale, seed) model trains in one stacked run. ``factor="he"`` or ``"xavier"`` multiplies each
layer's draw by that rule's √(2/n_prev) or √(1/n_prev), so scale 1 is the rule itself; without a
factor the scale is the weights' standard deviation, and ``marks`` say where the course's ×10 and
×0.01 and the He and Xavier scales of this network's layers fall on that axis.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .course import COURSE
from .ensemble import seed_list
from .grid import check_executor, models_per_group, run_tasks
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
            raise ValueError(
                "no scale trained: at every scale, most seeds diverged (final cost NaN); "
                "try smaller scales or a lower learning_rate"
            )
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
    raw = {
        "×10": np.full(len(pairs), 10.0),
        "×0.01": np.full(len(pairs), 0.01),
        "Xavier": per_rule(FACTORS["xavier"]),
        "He": per_rule(FACTORS["he"]),
    }
    return {name: (float(np.min(v / unit)), float(np.max(v / unit))) for name, v in raw.items()}


def scale_sweep(
    X: Any,
    Y: Any,
    scales: Any = None,
    seeds: Any = range(5),
    factor: str | None = None,
    executor: Any = None,
    **options: Any,
) -> ScaleSweep:
    """Train ``randn × scale`` (× factor) for every scale and seed; return final cost and accuracies.

    ``scales`` defaults to ``np.logspace(-3, 2, 21)``; ``options`` are train's (layers,
    learning_rate, iterations, activation, X_test, Y_test, …). The models train in cache-sized groups
    (engine/grid.py), each model exactly as it would alone; ``executor`` (any concurrent.futures
    Executor: processes, a Dask cluster) trains the groups in parallel with identical results. For how
    long the default sweep takes against a course comparison, run benchmarks/sweep.py.
    """
    scales = np.logspace(-3, 2, 21) if scales is None else positive_numbers(scales, "scales", MAX_SCALES)
    if factor is not None and factor not in FACTORS:
        raise ValueError(f"factor must be None, 'he' or 'xavier'; got {short_repr(factor)}")
    for reserved in ("seed", "seeds", "initializers", "frame_every"):
        if reserved in options:
            raise TypeError(f"scale_sweep sets {reserved} itself; pass seeds=... to choose the seeds")
    seeds = seed_list(seeds)
    check_executor(executor)
    if "iterations" in options:  # np.int64(1000) must give the sweep's two frames, exactly as 1000 does
        options["iterations"] = whole_number(options["iterations"], "iterations", maximum=MAX_ITERATIONS)
    check_options(dict(options))
    step = max(1, models_per_group(X, Y, options.get("layers")) // len(seeds))  # scales per group
    tasks = [(X, Y, scales[i : i + step], seeds, factor, scales.size, options) for i in range(0, scales.size, step)]
    groups = run_tasks(_sweep_group, tasks, executor)
    every_diverged = all(g.diverged_train_accuracy is not None for g in groups)
    stack = lambda name: np.vstack([getattr(g, name) for g in groups])  # noqa: E731
    layers = groups[0].layers
    return ScaleSweep(
        scales=scales,
        seeds=seeds,
        factor=factor,
        layers=layers,
        final_cost=stack("final_cost"),
        train_accuracy=stack("diverged_train_accuracy" if every_diverged else "train_accuracy"),
        test_accuracy=None if groups[0].test_accuracy is None else stack("test_accuracy"),
        marks=scale_marks(layers, factor),
        options={k: v for k, v in options.items() if k not in ("X_test", "Y_test")},
    )


@dataclass
class _Group:
    """One group's results, (scales, seeds) arrays; ``diverged_train_accuracy`` only when all its models diverged."""

    layers: list[int]
    final_cost: np.ndarray
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray | None
    diverged_train_accuracy: np.ndarray | None


def _sweep_group(
    X: Any, Y: Any, scales: np.ndarray, seeds: list[int], factor: str | None, sweep_scales: int, options: dict[str, Any]
) -> _Group:
    """Train one group of scales × seeds (a task of the grid: picklable arguments, no closure)."""
    trainer = _SweepTrainer(
        X,
        Y,
        [scaled_normal(float(s), factor) for s in scales],
        seeds=seeds,
        frame_every=options.get("iterations", COURSE.iterations),
        sweep_scales=sweep_scales,
        **options,
    )
    trainer.run()
    rows = np.array(trainer.plan.rows).reshape(len(scales), len(seeds))
    final_cost, train_accuracy, test_accuracy, diverged = _final_results(trainer)
    group = _Group(
        list(trainer.record.layers),
        final_cost[rows],
        train_accuracy[rows],
        None if test_accuracy is None else test_accuracy[rows],
        None if diverged is None else diverged[rows],
    )
    del trainer
    gc.collect()  # a run's record and its histories refer to each other: free this group before the next allocates
    return group


class _SweepTrainer(Trainer):
    """One group of a sweep. Its memory is checked as the whole sweep's (every model at once, the bound that holds
    when an executor runs all groups together), and a refusal names the argument the user gave: scales."""

    SPECS_ARGUMENT = "scales"

    def __init__(self, *args: Any, sweep_scales: int, **options: Any):
        self.sweep_scales = sweep_scales  # before Trainer.__init__, which checks the memory
        super().__init__(*args, **options)

    def sized_as(self, models: int, specs: int) -> tuple[int, int]:
        scales = max(self.sweep_scales, specs)
        return scales * len(self.seeds), scales


def _final_results(trainer: Trainer) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Per trained model: the final cost (NaN for a diverged model), the accuracies of its final parameters, and,
    when every model of the group diverged, the train accuracies the whole sweep reports if all of it did.

    A group whose models all diverged ended early, before its last frame. Beside groups that went on, each
    model's train accuracy is what its final frame would have recorded (a forward pass of the parameters it
    stopped with); when the whole sweep diverged it is computed from those parameters on X directly, never
    read from frames that were not recorded. Test accuracies are the same computation either way."""
    rec = trainer.record
    final_cost = rec.costs[:, rec.iterations - 1].copy() if trainer.done else np.full(len(rec.histories), np.nan)
    final_cost[rec.stopped_at >= 0] = np.nan
    if trainer.done:
        test = None if rec.test_accuracy is None else rec.test_accuracy[-1]
        return final_cost, rec.train_accuracy[-1], test, None
    with np.errstate(all="ignore"):
        accuracy = lambda X, Y: np.mean((trainer.net.output(X) > 0.5) == (Y[0] == 1), axis=1)  # noqa: E731
        test = None if trainer.X_test is None else accuracy(trainer.X_test, trainer.Y_test)
        alone = accuracy(trainer.X, trainer.Y)
        for f, args in trainer.net.forward_ops():
            f(*args)
        return final_cost, trainer.train_accuracy(), test, alone
