"""The memory budget's estimate against the memory a run really takes, for four sizes of run.

Each run trains in a fresh Python process: after imports, the data and one tiny warm-up run (so
BLAS's buffers and lazily imported modules are already there), the peak resident set is reset
(/proc/self/clear_refs) and the run is made; its growth is the peak minus the resident set just
before. Prints estimate, measured growth and their ratio (target: within 25 %) per run, and
fails when a run misses it. Linux only (/proc).
"""

from __future__ import annotations

import json
import subprocess
import sys

TARGET = 0.25
RUNS = {
    "course, 8 initializers": dict(
        initializers=["zeros", "random", "small", "he", "he_uniform", "xavier", "glorot", "lecun"], iterations=15000
    ),
    "one wide layer [2, 1000, 1]": dict(
        initializers=["zeros", "random", "he"], layers=[2, 1000, 1], iterations=300, frame_every=100
    ),
    "grid 600², 4000 samples, leaky": dict(
        initializers=["random", "he"], grid_size=600, iterations=1500, samples=4000, activation="leaky_relu"
    ),
    "30 × 32 deep, seeds=10 × 2": dict(
        initializers=["xavier", "he"], layers=[2] + [32] * 30 + [1], seeds=10, iterations=20, frame_every=10
    ),
}
CHILD = """
import gc, json, sys
import numpy as np
from init_widget import load_dataset
from init_widget.engine import Trainer

def status(key):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith(key + ":"))

options = json.loads(sys.argv[1])
inits = options.pop("initializers")
X, Y, X_test, Y_test = load_dataset("circles", n_samples=options.pop("samples", 300))
Trainer(X, Y, "he", iterations=60, X_test=X_test, Y_test=Y_test).run()  # warm-up: BLAS buffers, imports
gc.collect()
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # reset the peak resident set (VmHWM) to the current one
before = status("VmRSS")
trainer = Trainer(X, Y, inits, X_test=X_test, Y_test=Y_test, **options)
with np.errstate(all="ignore"):
    trainer.run()
print(json.dumps({"estimate": trainer.memory_estimate, "measured": status("VmHWM") - before}))
"""


def measure(options: dict) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, json.dumps(options)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    worst = 0.0
    print(f"{'run':32s} {'estimate':>10s} {'measured':>10s} {'ratio':>7s}")
    for name, options in RUNS.items():
        r = measure(dict(options))
        ratio = r["estimate"] / r["measured"]
        worst = max(worst, abs(ratio - 1))
        print(f"{name:32s} {r['estimate'] / 1e6:8.1f} MB {r['measured'] / 1e6:8.1f} MB {ratio:7.2f}")
    print(f"worst deviation: {worst:.0%} (target <= {TARGET:.0%})")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
