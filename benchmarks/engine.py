"""Engine speed against a plain course-style numpy loop, measured in the same run.

The reference is the course's own code shape: parameters in a dict, np.dot, one model after
another. The engine trains the three models fused in stacked arrays and also records its default
boundary frames and statistics. Prints microseconds per iteration, the ratio and where time goes.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time
from pathlib import Path

import numpy as np

from init_widget import load_dataset
from init_widget.engine import Trainer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from course_reference import course_model  # noqa: E402

ITERATIONS = 15000
INITS = ("zeros", "random", "he")
TARGET = 3.0


def best_of_interleaved(fns, repeats: int) -> list[float]:
    """Best time of each function, run in turns so load on a noisy machine hits both alike."""
    best = [float("inf")] * len(fns)
    for _ in range(repeats):
        for i, fn in enumerate(fns):
            t = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - t)
    return best


def main(iterations: int = ITERATIONS, repeats: int = 5) -> float:
    X, Y, _, _ = load_dataset("circles")
    with np.errstate(all="ignore"):
        reference, engine = best_of_interleaved(
            [lambda: [course_model(X, Y, k, iterations) for k in INITS], lambda: Trainer(X, Y, INITS, iterations=iterations).run()],
            repeats,
        )
    ratio = reference / engine
    per = lambda t: t / iterations * 1e6  # noqa: E731
    print(f"course loop : {per(reference):8.1f} µs/iteration for {len(INITS)} models ({reference:.2f} s)")
    print(f"engine      : {per(engine):8.1f} µs/iteration for {len(INITS)} models ({engine:.2f} s), frames every "
          f"{Trainer(X, Y, INITS, iterations=iterations).frame_every} iterations")
    print(f"speed-up    : {ratio:.2f}x (target >= {TARGET:.0f}x)")
    profile = cProfile.Profile()
    profile.enable()
    Trainer(X, Y, INITS, iterations=iterations).run()
    profile.disable()
    print("\nwhere the engine's time goes (top 10 by own time):")
    pstats.Stats(profile, stream=sys.stdout).sort_stats("tottime").print_stats(10)
    return ratio


if __name__ == "__main__":
    main()
