"""Scale sweep speed: ``scale_sweep`` with its defaults (21 scales × 5 seeds, 15,000 iterations) on one core,
against the course comparison (zeros, random, he) measured in the same run.

Prints the sweep's seconds (target <= 10 s) and how many course comparisons it costs, as min / median / max
over rounds that alternate the two, so load on a noisy machine hits both alike.
"""

from __future__ import annotations

import time

import numpy as np

from init_widget import load_dataset, scale_sweep
from init_widget.engine import Trainer

TARGET_SECONDS = 10.0


def main(rounds: int = 2) -> float:
    X, Y, X_test, Y_test = load_dataset("circles")
    sweeps, courses = [], []
    with np.errstate(all="ignore"):
        for _ in range(rounds):
            t = time.perf_counter()
            scale_sweep(X, Y, X_test=X_test, Y_test=Y_test)
            sweeps.append(time.perf_counter() - t)
            t = time.perf_counter()
            Trainer(X, Y, ("zeros", "random", "he"), X_test=X_test, Y_test=Y_test).run()
            courses.append(time.perf_counter() - t)
    ratios = [s / c for s, c in zip(sweeps, courses)]
    print(f"scale_sweep, defaults : min / median / max {min(sweeps):.1f} / {np.median(sweeps):.1f} / {max(sweeps):.1f} s "
          f"(target <= {TARGET_SECONDS:.0f} s)")
    print(f"course comparison     : {np.median(courses):.2f} s; the sweep costs {min(ratios):.1f} / {np.median(ratios):.1f} / "
          f"{max(ratios):.1f} of them")
    return float(np.median(sweeps))


if __name__ == "__main__":
    main()
