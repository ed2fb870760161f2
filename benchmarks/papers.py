"""The classic papers' views (issue 18) against their budgets, on one core (OPENBLAS_NUM_THREADS=1).

Pennington et al.'s depth slider must redraw within 200 ms at width 200, depth 64: printed is a slider move
(the redraw plus serialising what changed, as a kernel would send it) over 20 depths, as a ratio of the budget;
also what a move would cost without the cache (one more layer and an SVD per case), and building the view (every
depth, once). Each reproduction must run within 30 s: the Jacobian view's build and Glorot's statistics and view
are printed as ratios of that. A bare 200×200 SVD, timed in the same run, is the machine's reference.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy: one core, as a hub kernel has

import time  # noqa: E402

import numpy as np  # noqa: E402

from init_widget.charts.papers import JACOBIAN_CASES, glorot_view, jacobian_view  # noqa: E402
from init_widget.engine.glorot import layer_statistics  # noqa: E402
from init_widget.engine.jacobian import JacobianSpectra  # noqa: E402

REDRAW_BUDGET = 0.200  # s, from the issue: the depth slider redraws within 200 ms at width 200, depth 64
REPRODUCTION_BUDGET = 30.0  # s, from the issue: each reproduction within 30 s on one core
WIDTH, DEPTH = 200, 64


def timed(fn) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> None:
    a = np.random.RandomState(0).randn(WIDTH, WIDTH)
    reference = min(timed(lambda: np.linalg.svd(a, compute_uv=False))[0] for _ in range(7))
    print(f"bare {WIDTH}x{WIDTH} SVD (machine reference)        : {reference * 1e3:7.1f} ms")
    build, view = timed(lambda: jacobian_view(depth=DEPTH, width=WIDTH))
    print(
        f"Jacobian view, width {WIDTH}, every depth 1-{DEPTH}: {build:7.2f} s = {build / REPRODUCTION_BUDGET:.3f} "
        f"of the 30 s budget ({build / reference:.0f}x the SVD)"
    )
    lines = view.children[3].marks[0]
    moves = []
    for depth in np.random.RandomState(1).permutation(np.arange(1, DEPTH + 1))[:20]:
        moves.append(
            timed(
                lambda d=int(depth): (setattr(view.slider, "value", d), lines.get_state(), view.children[2].get_state())
            )[0]
        )
    print(
        f"depth slider move (redraw + serialise), 20 moves: median {np.median(moves) * 1e3:6.1f} ms = "
        f"{np.median(moves) / REDRAW_BUDGET:.3f} of the 200 ms budget, worst {max(moves) / REDRAW_BUDGET:.3f}"
    )
    fresh = [JacobianSpectra(WIDTH, act, init, max_depth=DEPTH) for act, init in JACOBIAN_CASES]
    for s in fresh:
        s.at(DEPTH - 1)
    step = timed(lambda: [s.at(DEPTH) for s in fresh])[0]
    print(
        f"without the cache: one more layer + SVD, 4 cases  : {step * 1e3:6.1f} ms = {step / REDRAW_BUDGET:.3f} "
        "of the budget"
    )
    glorot = timed(lambda: glorot_view(layer_statistics()))[0]
    print(
        f"Glorot statistics + view (5 x 100 tanh, 1,000 inputs): {glorot:6.2f} s = "
        f"{glorot / REPRODUCTION_BUDGET:.4f} of the 30 s budget"
    )


if __name__ == "__main__":
    main()
