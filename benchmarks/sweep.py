"""Scale sweep speed: ``scale_sweep`` with its defaults (21 scales × 5 seeds, 15,000 iterations), against the
course comparison (zeros, random, he) and, on two processes, against itself serially, all in the same run.

Rounds alternate course, serial sweep and 2-process sweep, so load on a noisy machine hits all alike; prints
min / median / max of the serial sweep's seconds (target <= 10 s on one core), of how many course comparisons
it costs, and of the 2-process / serial ratio per round (target <= 0.6 on 2 cores).
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


def main(rounds: int = 3) -> float:
    X, Y, X_test, Y_test = load_dataset("circles")
    sweep = lambda **kw: scale_sweep(X, Y, X_test=X_test, Y_test=Y_test, **kw)  # noqa: E731
    serial, parallel, courses = [], [], []
    with np.errstate(all="ignore"), ProcessPoolExecutor(2) as pool:
        sweep(iterations=10, executor=pool)  # start the workers before timing
        for _ in range(rounds):
            courses.append(timed(lambda: Trainer(X, Y, ("zeros", "random", "he"), X_test=X_test, Y_test=Y_test).run()))
            serial.append(timed(sweep))
            parallel.append(timed(lambda: sweep(executor=pool)))
    print(f"scale_sweep, defaults, serial : min / median / max {spread(serial, 1)} s "
          f"(target <= {TARGET_SECONDS:.0f} s)")
    print(f"  in course comparisons       : {spread([s / c for s, c in zip(serial, courses)], 1)} "
          f"(a comparison {float(np.median(courses)):.2f} s)")
    print(f"  2 processes / serial        : {spread([p / s for p, s in zip(parallel, serial)])} "
          f"(target <= {TARGET_PARALLEL})")
    return float(np.median(serial))


if __name__ == "__main__":
    main()
