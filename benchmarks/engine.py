"""Engine speed against a plain course-style numpy loop, measured in the same run.

The reference is the course's own code shape: parameters in a dict, np.dot, one model after
another (tests/course_reference.py). The engine trains the three models fused in stacked arrays
and also records its default boundary frames and statistics. Rounds alternate reference and
engine, and each round's ratio is one pair, so load on a noisy machine hits both alike; prints
min / median / max of those ratios for the course run (target >= 4x) and for deep networks
(10 layers × 32 units and 30 × 16, 2,000 iterations, default frames; target >= 2x), then where
the course run's time goes.
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
from course_reference import course_model, plain_model  # noqa: E402

ITERATIONS = 15000
INITS = ("zeros", "random", "he")
TARGET = 4.0
DEEP = {"10 × 32": [2] + [32] * 10 + [1], "30 × 16": [2] + [16] * 30 + [1]}
DEEP_INITS = ("zeros", "xavier", "he")
DEEP_ITERATIONS = 2000
DEEP_TARGET = 2.0


def paired_ratios(reference, engine, rounds: int) -> tuple[list[float], list[float], list[float]]:
    """Reference and engine times of each round, run in turns, and the round's ratio."""
    ref, eng = [], []
    for _ in range(rounds):
        for times, fn in ((ref, reference), (eng, engine)):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
    return ref, eng, [r / e for r, e in zip(ref, eng)]


def spread(values: list[float]) -> str:
    return f"{min(values):.2f} / {float(np.median(values)):.2f} / {max(values):.2f}"


def deep(iterations: int = DEEP_ITERATIONS, rounds: int = 3) -> dict[str, float]:
    """Deep networks with default frames against the plain loop of any depth, in the same run."""
    X, Y, _, _ = load_dataset("circles")
    out = {}
    for name, layers in DEEP.items():
        initial = Trainer(X, Y, DEEP_INITS, layers=layers, iterations=1).plan.initial
        with np.errstate(all="ignore"):
            ref, eng, ratios = paired_ratios(
                lambda init=initial: [plain_model(X, Y, p, iterations) for p in init],
                lambda ls=layers: Trainer(X, Y, DEEP_INITS, layers=ls, iterations=iterations).run(),
                rounds,
            )
        out[name] = float(np.median(ratios))
        print(
            f"deep {name:8s}: plain {float(np.median(ref)):6.2f} s, engine {float(np.median(eng)):6.2f} s; speed-up "
            f"min / median / max {spread(ratios)}x (target >= {DEEP_TARGET:.0f}x)"
        )
    return out


def main(iterations: int = ITERATIONS, repeats: int = 5) -> float:
    X, Y, _, _ = load_dataset("circles")
    with np.errstate(all="ignore"):
        refs, engs, ratios = paired_ratios(
            lambda: [course_model(X, Y, k, iterations) for k in INITS],
            lambda: Trainer(X, Y, INITS, iterations=iterations).run(),
            repeats,
        )
    reference, engine, ratio = min(refs), min(engs), float(np.median(ratios))
    per = lambda t: t / iterations * 1e6  # noqa: E731
    print(f"course loop : {per(reference):8.1f} µs/iteration for {len(INITS)} models ({reference:.2f} s)")
    print(
        f"engine      : {per(engine):8.1f} µs/iteration for {len(INITS)} models ({engine:.2f} s), frames every "
        f"{Trainer(X, Y, INITS, iterations=iterations).frame_every} iterations"
    )
    print(f"speed-up    : min / median / max {spread(ratios)}x over {repeats} paired rounds (target >= {TARGET:.0f}x)")
    deep()
    profile = cProfile.Profile()
    profile.enable()
    Trainer(X, Y, INITS, iterations=iterations).run()
    profile.disable()
    print("\nwhere the engine's time goes (top 10 by own time):")
    pstats.Stats(profile, stream=sys.stdout).sort_stats("tottime").print_stats(10)
    return ratio


if __name__ == "__main__":
    main()
