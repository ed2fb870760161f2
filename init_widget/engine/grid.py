"""Grids of independent runs (a sweep's groups, a seed ensemble's chunks, the papers' grids) on any executor.

A grid is a list of tasks, each a picklable call that returns its part of the result. ``run_tasks`` runs
them one after another by default (one core per student on a hub) or on any ``concurrent.futures.Executor``
(a ``ProcessPoolExecutor``, a Dask cluster's ``client.get_executor()``), and returns the parts in task
order either way. Each task computes exactly what it computes serially, so the results are bit-identical.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from typing import Any

from .course import COURSE
from .validation import layer_sizes, short_repr, training_data

GROUP_BYTES = 1 << 20  # a group's activations, gradients and gate: about 1 MB, so they stay in a core's L2 cache


def models_per_group(X: Any, Y: Any, layers: Any = None) -> int:
    """Models per group for training data (X, Y) and ``layers`` (None: the course's), both checked here: as many as
    keep a group's (rows, K, m) training arrays within GROUP_BYTES (at least one).

    Trick "cache-sized groups": 105 stacked course models hold 13 MB of training arrays, far past L2, and each
    iteration then waits on memory; groups of ~7 cost less per model (benchmarks/sweep.py) and are the tasks an
    executor spreads over its workers."""
    X, _ = training_data(X, Y)
    sizes = layer_sizes(COURSE.layers(X.shape[0]) if layers is None else layers, X.shape[0])
    return max(1, GROUP_BYTES // (3 * 8 * X.shape[1] * sum(n + 1 for n in sizes[1:])))


def check_executor(executor: Any) -> Executor | None:
    """None (serial) or a concurrent.futures.Executor; anything else is refused by name."""
    if executor is not None and not isinstance(executor, Executor):
        raise TypeError(
            "executor must be None (run serially) or a concurrent.futures.Executor, e.g. "
            f"ProcessPoolExecutor(2) or a Dask client.get_executor(); got {short_repr(executor)}"
        )
    return executor


def run_tasks(fn: Callable[..., Any], tasks: Sequence[tuple], executor: Executor | None = None) -> list[Any]:
    """``[fn(*task) for task in tasks]``, on ``executor`` when one is given; the first error is raised as is."""
    if check_executor(executor) is None:
        return [fn(*task) for task in tasks]
    futures = [executor.submit(fn, *task) for task in tasks]
    try:
        return [f.result() for f in futures]
    finally:
        for f in futures:  # after an error, the tasks not yet started are not run
            f.cancel()
