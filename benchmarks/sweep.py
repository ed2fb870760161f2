"""Scale sweep speed: ``scale_sweep`` with its defaults (21 scales × 5 seeds, 15,000 iterations), against the
course comparison (zeros, random, he) and, on two processes, against itself serially, all in the same run.

Rounds alternate course, serial sweep and 2-process sweep, so load on a noisy machine hits all alike; prints
min / median / max of the serial sweep's seconds (target <= 10 s on one core), of how many course comparisons
it costs, and of the 2-process / serial ratio per round (target <= 0.6 on 2 cores), beside the same ratio for
a plain CPU loop: on a machine busy with others' work a second process may get no second core, and then neither
ratio is near 0.5.
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from init_widget import load_dataset, scale_sweep
from init_widget.engine import Trainer

TARGET_SECONDS = 10.0
TARGET_PARALLEL = 0.6


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def spread(values: list[float], digits: int = 2) -> str:
    return " / ".join(f"{v:.{digits}f}" for v in (min(values), float(np.median(values)), max(values)))


def busy(n: int = 20_000_000) -> int:
    """Plain CPU work with no memory traffic: the control for what a second process gets on this machine."""
    return sum(i * i for i in range(n))


def main(rounds: int = 3) -> float:
    X, Y, X_test, Y_test = load_dataset("circles")
    sweep = lambda **kw: scale_sweep(X, Y, X_test=X_test, Y_test=Y_test, **kw)  # noqa: E731
    serial, parallel, courses, control = [], [], [], []
    with np.errstate(all="ignore"), ProcessPoolExecutor(2) as pool:
        sweep(iterations=10, executor=pool)  # start the workers before timing
        for _ in range(rounds):
            courses.append(timed(lambda: Trainer(X, Y, ("zeros", "random", "he"), X_test=X_test, Y_test=Y_test).run()))
            serial.append(timed(sweep))
            parallel.append(timed(lambda: sweep(executor=pool)))
            control.append(timed(lambda: list(pool.map(busy, [20_000_000] * 2))) / timed(lambda: [busy(), busy()]))
    print(
        f"scale_sweep, defaults, serial : min / median / max {spread(serial, 1)} s (target <= {TARGET_SECONDS:.0f} s)"
    )
    print(
        f"  in course comparisons       : {spread([s / c for s, c in zip(serial, courses)], 1)} "
        f"(a comparison {float(np.median(courses)):.2f} s)"
    )
    print(
        f"  2 processes / serial        : {spread([p / s for p, s in zip(parallel, serial)])} "
        f"(target <= {TARGET_PARALLEL})"
    )
    print(f"  control: plain loop, 2 / 1  : {spread(control)} (about 0.5 when the machine gives a second core)")
    return float(np.median(serial))


if __name__ == "__main__":
    main()
