"""Seed ensemble speed: one stacked 10-seed × 3-initializer run against ten separate course runs.

The reference is what a student would do without ``seeds=``: ten runs of the course's comparison
(zeros, random, he), one per seed, each with its default frames. Both produce the same 30 models
(the seed-3 ones equal to the bit). Prints model-iterations per second and their ratio (target
>= 2x, issue 17); zeros is the same network for every seed, so the stacked run trains it once, and the
ratio per model actually trained is printed too.
"""

from __future__ import annotations

import time

import numpy as np

from init_widget import load_dataset
from init_widget.engine import Trainer

ITERATIONS = 15000
INITS = ("zeros", "random", "he")
SEEDS = range(10)
TARGET = 2.0


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main(iterations: int = ITERATIONS, repeats: int = 2) -> float:
    X, Y, X_test, Y_test = load_dataset("circles")
    opts = dict(iterations=iterations, X_test=X_test, Y_test=Y_test)
    separate = lambda: [Trainer(X, Y, INITS, seed=s, **opts).run() for s in SEEDS]  # noqa: E731
    stacked_trainer = lambda: Trainer(X, Y, INITS, seeds=SEEDS, **opts)  # noqa: E731
    best_sep = best_stack = float("inf")
    with np.errstate(all="ignore"):
        for _ in range(repeats):  # interleaved, so load on a noisy machine hits both alike
            best_sep = min(best_sep, timed(separate))
            best_stack = min(best_stack, timed(lambda: stacked_trainer().run()))
    models = len(INITS) * len(SEEDS)
    trained = len(stacked_trainer().plan.initial)
    rate = lambda t: models * iterations / t  # noqa: E731
    ratio = best_sep / best_stack
    print(f"ten separate runs : {best_sep:6.2f} s  {rate(best_sep):10,.0f} model-iterations/s ({models} models)")
    print(
        f"one stacked run   : {best_stack:6.2f} s  {rate(best_stack):10,.0f} model-iterations/s "
        f"({models} models, {trained} trained: zeros once for all seeds)"
    )
    print(f"speed-up          : {ratio:.2f}x (target >= {TARGET}x)")
    per_trained = (trained * iterations / best_stack) / rate(best_sep)
    print(f"per model trained : {per_trained:.2f}x (counting only the {trained} distinct networks)")
    return ratio


if __name__ == "__main__":
    main()
