"""Trainer: K models (one per initializer) trained together by gradient descent, step by step.

``train`` runs to the end and returns Histories; the widget drives ``Trainer.step`` from a
background thread so it can pause, stop and stream between steps. A Trainer sizes its run before
allocating it (budget.py) and stops models that diverge (divergence.py); ``notes()`` says so.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import stats as layer_stats
from .budget import RunSize, check_memory, memory_limit
from .course import COURSE
from .divergence import DIVERGENCE_PATIENCE, DivergenceWatch, divergence_notes  # noqa: F401  (the patience is part of this API)
from .ensemble import plan, seed_list, unique_names
from .grid import check_executor, models_per_group, run_tasks
from .history import Grid, History, RunRecord
from .initializers import INITIALIZERS, Batch, InitializerSpec, initializer_name, resolve, zeros
from .network import ACTIVATIONS, LOSSES, StackedNetwork, cost_block
from .validation import (
    MAX_ITERATIONS,
    as_layout,
    choice,
    layer_sizes,
    positive_number,
    seed_value,
    training_data,
    whole_number,
)

DEFAULT_FRAMES = 150
DEFAULT_GRID = 100
LONG_RUN = 100_000  # from this many iterations on, notes() says how thinly frames were kept


def default_frame_every(iterations: int) -> int:
    return max(1, iterations // DEFAULT_FRAMES)


class Trainer:
    """Owns the stacked network and the run's record; ``step(n)`` advances every model n iterations."""

    SPECS_ARGUMENT = "initializers"  # what a memory refusal calls the list of initializers (a sweep: "scales")
    STOPS_WHEN_ALL_DIVERGED = True  # a group of a larger run trains on: the run's other models may not have

    def __init__(
        self,
        X: Any,
        Y: Any,
        initializers: Sequence[InitializerSpec] | InitializerSpec = COURSE.initializers,
        layers: Sequence[int] | None = None,
        learning_rate: float = COURSE.learning_rate,
        iterations: int = COURSE.iterations,
        seed: int = COURSE.seed,
        seeds: Any = None,
        activation: str = COURSE.activation,
        frame_every: int | None = None,
        grid_size: int = DEFAULT_GRID,
        X_test: Any = None,
        Y_test: Any = None,
        memory_limit: Any = None,
        loss: str = "cross_entropy",
    ):
        self.loss = choice(loss, LOSSES, "loss")
        X, Y = training_data(X, Y, self.loss)
        specs = _initializer_specs(initializers)
        layers = layer_sizes(COURSE.layers(X.shape[0]) if layers is None else layers, X.shape[0])
        self.learning_rate = positive_number(learning_rate, "learning_rate")
        self.iterations = whole_number(iterations, "iterations", maximum=MAX_ITERATIONS)
        self.seed = seed_value(seed)
        self.seeds = [self.seed] if seeds is None else seed_list(seeds)
        self.activation = choice(activation, ACTIVATIONS, "activation")
        self._frames_chosen = frame_every is not None
        self.frame_every = (
            default_frame_every(self.iterations) if frame_every is None else whole_number(frame_every, "frame_every")
        )
        grid_size = whole_number(grid_size, "grid_size", minimum=2)
        X_test, Y_test = _test_data(X_test, Y_test, X.shape[0], self.loss)
        self.X, self.Y, self.X_test, self.Y_test = X, Y, X_test, Y_test
        # before anything big is allocated (or a user's initializer runs): refuse a run the kernel cannot hold
        self._check_memory(_models_at_most(specs, self.seeds), layers, grid_size, memory_limit, len(specs))

        self.specs = specs  # as given, resolved: the setup description checks users' own functions
        self.plan = plan(
            specs, unique_names([initializer_name(s) for s in specs]), layers, self.seeds, Batch(X, self.activation)
        )
        self.memory_estimate = self._check_memory(len(self.plan.initial), layers, grid_size, memory_limit, len(specs))
        self._allocate(layers, grid_size)

    def _allocate(self, layers: list[int], grid_size: int) -> None:
        """The stacked network, its work arrays and the run's record: what the memory check has just allowed."""
        X, X_test, initial = self.X, self.X_test, self.plan.initial
        self.net = StackedNetwork.from_parameters(initial, X, self.Y, self.activation, self.loss)
        frame_its = np.append(np.arange(0, self.iterations, self.frame_every, dtype=np.int64), self.iterations)
        grid = None
        if self.has_grid:
            grid = Grid.around(X if X_test is None else np.hstack([X, X_test]), grid_size)
            self._grid_points = grid.points()
        self._ops = self.net.forward_ops() + self.net.backward_ops()
        self._outputs = np.empty((cost_block(len(initial), X.shape[1], DIVERGENCE_PATIENCE), len(initial), X.shape[1]))
        self._slots = list(self._outputs)  # one view per iteration of a cost block, made once
        self._update_ops = self.net.update_ops(self.learning_rate)
        self.record = RunRecord(
            self.plan.labels,
            layers,
            self.activation,
            self.learning_rate,
            self.iterations,
            frame_its,
            grid,
            X_test is not None,
            initial,
            self.net,
            seeds=[self.plan.seeds[self.plan.rows.index(r)] for r in range(len(initial))],
        )
        self._watch = DivergenceWatch(self.record.diverged_at, self.record.stopped_at)

    def sized_as(self, models: int, specs: int) -> tuple[int, int]:
        """The models and initializers the memory check counts: this run's own (a sweep's group counts the sweep)."""
        return models, specs

    def _check_memory(self, models: int, layers: list[int], grid_size: int, limit: Any, specs: int) -> int:
        models, specs = self.sized_as(models, specs)
        size = RunSize(
            models,
            tuple(layers),
            self.X.shape[1],
            self.iterations,
            frame_count(self.iterations, self.frame_every),
            grid_size if self.has_grid else None,
            0 if self.X_test is None else self.X_test.shape[1],
            self._frames_chosen,
            self.activation,
        )
        check_memory(
            size,
            memory_limit(limit),
            {"iterations": self.iterations, "frame_every": self.frame_every, "grid_size": grid_size, "layers": layers},
            {self.SPECS_ARGUMENT: specs, "seeds": len(self.seeds)},
        )
        return size.total

    @property
    def has_grid(self) -> bool:
        """Boundary frames are drawn for 2-D classification (a regression's output is no class boundary)."""
        return self.X.shape[0] == 2 and self.loss == "cross_entropy"

    @property
    def histories(self) -> list[History]:
        return self.record.histories

    @property
    def ensemble(self) -> list[History]:
        """One History per (initializer, seed), initializer by initializer; identical models share a record."""
        p = self.plan
        return [History(n, r, self.record, s) for n, s, r in zip(p.names, p.seeds, p.rows)]

    @property
    def done(self) -> bool:
        return self.record.frames_done == len(self.record.frame_iterations)

    @property
    def all_diverged(self) -> bool:
        """Every model diverged: nothing is left to train, and ``step`` returns 0."""
        return bool(np.all(self.record.stopped_at >= 0))

    @property
    def finished(self) -> bool:
        """Nothing more will happen: the run is done, or every model diverged."""
        return self.done or self.all_diverged

    def step(self, n: int) -> int:
        """Advance up to n iterations (recording costs and due frames); return how many were run.

        Works in blocks ending at the divergence checks' boundaries, publishing each block's costs
        as soon as they are final; stops early once every model has diverged."""
        rec, watch = self.record, self._watch
        start = rec.done
        end = min(start + n, self.iterations)
        with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
            while rec.done < end and not (self.STOPS_WHEN_ALL_DIVERGED and self.all_diverged):
                stop = min(end, watch.next_boundary(rec.done))
                self._train(rec.done, stop)
                if watch.due(stop, self.iterations) and len(watch.check(rec.costs, stop)):
                    self._update_ops = self.net.update_ops(self.learning_rate, frozen=watch.stopped)
                rec.done = stop  # only now: another thread reading History.costs sees finished costs only
            if rec.done == self.iterations and not self.done:
                for f, args in self._ops:  # the final parameters' activations and gradients, no update
                    f(*args)
                self._record_frame()
        return rec.done - start

    def _train(self, start: int, end: int) -> None:
        """Iterations [start, end): the hot loop, then the costs of the block put in final form."""
        fe, ops, update, copy = self.frame_every, self._ops, self._update_ops, np.copyto
        out, slots = self.net.output_row, self._slots
        for first in range(start, end, len(slots)):
            last = min(end, first + len(slots))
            for i in range(first, last):
                for f, args in ops:
                    f(*args)
                copy(slots[i - first], out)  # trick "batched cost": the outputs set aside, costed below
                if i % fe == 0:
                    self._record_frame()
                for f, args in update:
                    f(*args)
            self._block_costs(first, last)
        block = self.record.costs[:, start:end]
        np.multiply(block, -1.0 / self.net.m, out=block)
        stopped = self._watch.stopped
        if len(stopped):
            block[stopped] = np.nan  # a stopped model has no cost: its parameters no longer change

    def _block_costs(self, first: int, last: int) -> None:
        """Trick "batched cost": the log-likelihoods of iterations [first, last) in four calls for the
        whole block instead of four per iteration; each iteration's row is summed alone (cost_ops), so
        every cost equals the per-iteration one to the bit."""
        outputs = self._outputs[: last - first]
        ll = np.empty(outputs.shape[:2])
        for f, args in self.net.loss_ops(outputs, np.empty_like(outputs), ll):
            f(*args)
        self.record.costs[:, first:last] = ll.T

    def notes(self) -> list[str]:
        """Plain-words notes for the user: shared models, diverged models, thinned frames."""
        groups = self.plan.row_info() if len(self.seeds) > 1 else None
        return self.plan.notes + divergence_notes(self.record, groups) + self._thinning_notes()

    def _thinning_notes(self) -> list[str]:
        frames = len(self.record.frame_iterations)
        if self._frames_chosen or self.iterations < LONG_RUN:
            return []
        return [
            f"{frames:,} frames (and their layer statistics) kept of {self.iterations:,} iterations: one every "
            f"{self.frame_every:,}; every cost is kept"
        ]

    def run(self) -> list[History]:
        self.step(self.iterations)
        return self.histories

    def train_accuracy(self) -> np.ndarray:
        """(K,) accuracy on X of the last forward pass's outputs: what a frame records (NaN for a regression)."""
        if self.loss == "mse":
            return np.full(self.net.K, np.nan)
        return np.mean((self.net.A[-1][:, 0, :] > 0.5) == (self.Y[0] == 1), axis=1)

    def _record_frame(self) -> None:
        rec, net = self.record, self.net
        f = rec.frames_done
        if rec.frames is not None:
            out = net.output(self._grid_points, np.float32)
            np.multiply(out, 255, out=out)
            np.rint(out, out=out)
            np.nan_to_num(out, copy=False, nan=127.0)
            rec.frames[f] = out.reshape(rec.frames.shape[1:])
        rec.train_accuracy[f] = self.train_accuracy()
        if rec.test_accuracy is not None:
            rec.test_accuracy[f] = np.mean((net.output(self.X_test) > 0.5) == (self.Y_test[0] == 1), axis=1)
        layer_stats.record(
            rec.stats, f, net.H, net.blocks, self.activation, net.layer_norms(net.grad), net.layer_norms(net.theta)
        )
        rec.frames_done = f + 1


def frame_count(iterations: int, frame_every: int) -> int:
    """Boundary frames a run records: at 0, every frame_every iterations, and at the end."""
    return -(-iterations // frame_every) + 1


def _initializer_specs(initializers: Any) -> list[InitializerSpec]:
    single = isinstance(initializers, str) or callable(initializers) or not hasattr(initializers, "__iter__")
    specs = [initializers] if single else list(initializers)
    if not specs:
        raise ValueError("initializers is empty; give at least one, e.g. ['zeros', 'random', 'he']")
    return [resolve(s) for s in specs]


def _test_data(X_test: Any, Y_test: Any, features: int, loss: str) -> tuple[np.ndarray | None, np.ndarray | None]:
    if (X_test is None) != (Y_test is None):
        raise ValueError("give both X_test and Y_test, or neither")
    if X_test is None:
        return None, None
    if loss == "mse":
        raise ValueError(
            "X_test and Y_test measure test accuracy, which a regression (loss='mse') has not; leave them out"
        )
    X_test, Y_test = as_layout(X_test, Y_test, what="X_test")
    if X_test.shape[0] != features:
        raise ValueError(f"X_test has {X_test.shape[0]} features but X has {features}")
    return X_test, Y_test


def _models_at_most(specs: list[InitializerSpec], seeds: list[int]) -> int:
    """Models a run trains at most, known before any initializer runs: the built-in zeros is the same
    network for every seed (trained once); any other, a user's function included, counts once per seed."""
    return sum(1 if isinstance(s, str) and INITIALIZERS[s] is zeros else len(seeds) for s in specs)


def check_options(options: dict[str, Any]) -> dict[str, Any]:
    """Reject misspelt training options with the list of the ones that exist."""
    allowed = [p for p in inspect.signature(Trainer).parameters if p not in ("X", "Y", "initializers")]
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise TypeError(f"unknown option(s) {', '.join(unknown)}; the training options are: {', '.join(allowed)}")
    return options


def train(
    X: Any,
    Y: Any,
    initializer: Sequence[InitializerSpec] | InitializerSpec = "he",
    executor: Any = None,
    **options: Any,
) -> History | list[History]:
    """Train one model per initializer on (X, Y); a single name gives one History, a list gives a list.

    ``options`` are Trainer's: layers ([n_x, 10, 5, 1]), learning_rate (0.01), iterations (15000),
    seed (3), activation ("relu"; "linear" for a deep linear network), loss ("cross_entropy", the course's sigmoid
    output and log loss; "mse": a linear output and ½ the mean squared error, Y any finite targets),
    frame_every (about 150 frames), grid_size (100), X_test, Y_test;
    the defaults are the course's. A run needing more than ``memory_limit`` bytes (1 GB, or
    $INIT_WIDGET_MEMORY_LIMIT) is refused before it starts; a model whose cost turns NaN after being
    non-finite for DIVERGENCE_PATIENCE iterations stops there (``History.diverged_at``; inf alone is a saturated
    output that still learns) while the others go on.
    ``seeds=10`` (seeds 0…9) or ``seeds=[...]`` (at most 10,000) trains every initializer with every
    seed in one stacked run and returns a History per (initializer, seed), each with its ``name`` and
    ``seed``; ``ensemble.spread(histories)`` summarises them. The memory estimate counts the built-in
    zeros once (the same network for every seed) and any other initializer once per seed.
    """
    if check_executor(executor) is None:
        trainer = Trainer(X, Y, initializer, **check_options(options))
        trainer.run()
        histories = trainer.ensemble
    else:
        histories = _train_on(executor, X, Y, initializer, check_options(options))
    single = (isinstance(initializer, str) or callable(initializer)) and options.get("seeds") is None
    return histories[0] if single else histories


class _GroupTrainer(Trainer):
    STOPS_WHEN_ALL_DIVERGED = False


class FinalParameters:
    """A finished run's parameters without its work arrays: what a record sent back from a worker keeps."""

    def __init__(self, net: StackedNetwork):
        self.models = [net.parameters(k) for k in range(net.K)]

    def parameters(self, k: int) -> dict[str, np.ndarray]:
        return {name: a.copy() for name, a in self.models[k].items()}


def _train_group(X: Any, Y: Any, initializer: Any, options: dict[str, Any]) -> tuple[RunRecord, list[History]]:
    """One task of train(executor=...): every initializer with some of the seeds, trained to the end."""
    trainer = _GroupTrainer(X, Y, initializer, **options)
    trainer.run()
    trainer.record.network = FinalParameters(trainer.net)
    return trainer.record, trainer.ensemble


def _train_on(executor: Any, X: Any, Y: Any, initializer: Any, options: dict[str, Any]) -> list[History]:
    """train() with its seeds split into cache-sized groups run on ``executor``; each model is trained exactly as
    in the serial run, and the Histories come back in its order (initializer by initializer, seeds in order).

    A group whose models all diverged trains on (the serial run's other models would have); if every model of
    every group diverged, each record is cut where the serial run would have ended: at the last model's stop."""
    seeds = [options.get("seed", COURSE.seed)] if options.get("seeds") is None else seed_list(options["seeds"])
    specs = len(_initializer_specs(initializer))
    per = max(1, models_per_group(X, Y, options.get("layers")) // specs)  # seeds per group
    chunks = [seeds[i : i + per] for i in range(0, len(seeds), per)]
    tasks = [
        (X, Y, initializer, {**options, "seeds": c} if options.get("seeds") is not None else options) for c in chunks
    ]
    records, groups = zip(*run_tasks(_train_group, tasks, executor))
    if all(np.all(r.stopped_at >= 0) for r in records):
        _end_where_serial_ended(records, max(int(r.stopped_at.max()) for r in records))
    return [g[i * len(c) + j] for i in range(specs) for g, c in zip(groups, chunks) for j in range(len(c))]


def _end_where_serial_ended(records: Sequence[RunRecord], done: int) -> None:
    for r in records:
        r.done = done
        r.frames_done = len(r.frame_iterations) if done == r.iterations else int(np.sum(r.frame_iterations < done))
