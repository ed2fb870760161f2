"""Signal propagation speed: a 20-layer, 100-unit network on 1,000 samples against the 100 ms budget.

A scale slider redraws from signal_propagation's result, so one whole computation (four
initializers, forward and backward, theory) and one redraw (``rescaled``) must each fit the
budget. Also printed: the time of a bare float64 forward pass of one initializer, measured in the
same run, as the machine's reference.
"""

from __future__ import annotations

import functools
import time

import numpy as np

from init_widget import signal_propagation

BUDGET = 0.100  # s, from the issue: the view updates within 100 ms
INITS = ("he", "xavier", "small", "random")


def best(fn, repeats: int = 7) -> float:
    out = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - t)
    return out


def main() -> None:
    rng = np.random.RandomState(0)
    X, Ws = rng.randn(100, 1000), [rng.randn(100, 100) * 0.14 for _ in range(20)]

    def bare_forward():
        a = X
        for W in Ws:
            a = np.maximum(W @ a, 0)

    reference = best(bare_forward)
    print(f"bare float64 forward pass, one initializer : {reference * 1e3:7.1f} ms (machine reference)")
    for activation in ("relu", "tanh"):
        options = dict(depth=20, width=100, samples=1000, activation=activation, initializers=INITS)
        full = best(functools.partial(signal_propagation, **options))
        p = signal_propagation(**options)
        redraw = best(functools.partial(p.rescaled, 1.7))
        print(
            f"{activation:5s} 4 initializers, forward+backward+theory: {full * 1e3:7.1f} ms = {full / BUDGET:.2f} "
            f"of the 100 ms budget ({full / reference:.1f}x the bare pass)"
        )
        print(
            f"{activation:5s} slider redraw (rescaled)               : {redraw * 1e3:7.1f} ms = "
            f"{redraw / BUDGET:.2f} of the budget"
        )


if __name__ == "__main__":
    main()
