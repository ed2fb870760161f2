"""The classic papers reproduced by training (issue 18, results 1, 3 and 5) against the 30 s budget, on one core.

Each reproduction is timed as examples/06_classic_papers.ipynb runs it: He et al.'s Fig. 3 (30 layers, He and
Xavier × 10 seeds) and Fig. 2 (22 layers × 5 seeds), LSUV × 10 seeds on the same 30 layers, Saxe et al.'s
learning times (depths 1-32, 2 initializers × 5 seeds). Printed: CPU seconds (what one core spends, whatever
else the machine runs) and wall seconds, each as a ratio of the budget.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy: one core, as a hub kernel has

import time  # noqa: E402

from init_widget.engine.deep_linear import learning_times, saxe_2014  # noqa: E402
from init_widget.engine.deep_rectifiers import he_2015, run  # noqa: E402

BUDGET = 30.0  # s, from the issue: each reproduction within 30 s on one core
REPRODUCTIONS = {
    "He 2015 Fig. 3: 30 layers, he+xavier x 10 seeds": lambda: run(he_2015(30), range(10), ["he", "xavier"]),
    "He 2015 Fig. 2: 22 layers, he+xavier x 5 seeds": lambda: run(he_2015(22), range(5), ["he", "xavier"]),
    "LSUV 2016: 30 layers, lsuv x 10 seeds": lambda: run(he_2015(30), range(10), ["lsuv"]),
    "Saxe 2014: depths 1-32, 2 inits x 5 seeds": lambda: learning_times(saxe_2014(), range(5)),
}


def main() -> None:
    for name, reproduce in REPRODUCTIONS.items():
        wall, cpu = time.perf_counter(), time.process_time()
        reproduce()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"{name:50s}: cpu {cpu:5.1f} s = {cpu / BUDGET:.2f} of the 30 s budget (wall {wall:5.1f} s)", flush=True)


if __name__ == "__main__":
    main()
