"""TrainingWidget's cost in a real kernel, against the engine alone, measured in the same run.

Prints, for the course run (3 initializers x 15000 iterations): the kernel overhead ratio of
training through the widget (thread, encoding, streaming) over the bare engine (target <= 1.15x),
the bytes sent to the front end (target <= 1 MB) and the busiest second's message count (the
server allows 1000/s; we aim for <= 30), and the kernel's resident memory: fresh, after one course
run through a TrainingWidget (target <= 95 MB), and once the Explorer's chart stack is imported.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from kernel_session import KernelSession  # noqa: E402

REPEATS = 3
CODE = """
import time
from init_widget import TrainingWidget, load_dataset
from init_widget.engine import Trainer
X, Y, X_test, Y_test = load_dataset("circles")
opts = dict(X_test=X_test, Y_test=Y_test, iterations=15000)
inits = ["zeros", "random", "he"]
engine, widget = [], []
for _ in range({repeats}):
    t = time.perf_counter(); Trainer(X, Y, inits, **opts).run(); engine.append(time.perf_counter() - t)
    w = TrainingWidget(X, Y, initializers=inits, **opts)
    t = time.perf_counter(); w.start(); w.wait(); widget.append(time.perf_counter() - t)
print(min(engine), min(widget), w.comm.comm_id)
"""

RSS_CODE = """
def rss_mb():
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS")) / 1024
fresh = rss_mb()
from init_widget import TrainingWidget, load_dataset
X, Y, X_test, Y_test = load_dataset("circles")
w = TrainingWidget(X, Y, initializers=["zeros", "random", "he"], X_test=X_test, Y_test=Y_test, iterations=15000)
w.start(); w.wait()
after_run = rss_mb()
from init_widget import Explorer
print(fresh, after_run, rss_mb())
"""


def kernel_rss() -> tuple[float, float, float]:
    """Kernel RSS in MB: fresh, after a course run with a TrainingWidget, after importing the Explorer."""
    session = KernelSession()
    try:
        fresh, after_run, with_explorer = map(float, session.run(RSS_CODE, timeout=300).split())
    finally:
        session.close()
    return fresh, after_run, with_explorer


def main() -> None:
    session = KernelSession()
    try:
        engine, widget, comm_id = session.run(CODE.format(repeats=REPEATS), timeout=600).split()
        engine, widget = float(engine), float(widget)
    finally:
        session.close()
    last_run = [m for m in session.comm_messages if m.comm_id == comm_id]
    total = sum(m.size for m in last_run)
    deltas = sum(1 for m in last_run if m.custom and m.custom.get("type") == "delta")
    times = np.array([m.time for m in last_run])
    busiest = max(int(np.searchsorted(times, t + 1.0)) - i for i, t in enumerate(times)) if len(times) else 0
    print(f"engine alone      : {engine:.3f} s for 3 x 15000 iterations")
    print(f"through the widget: {widget:.3f} s")
    print(f"kernel overhead   : {widget / engine:.3f}x (target <= 1.15x)")
    print(f"bytes to front end: {total / 1e6:.3f} MB in {len(last_run)} messages ({deltas} deltas) (target <= 1 MB)")
    print(f"busiest second    : {busiest} messages (server limit 1000/s, aim <= 30)")
    fresh, after_run, with_explorer = kernel_rss()
    print(
        f"kernel RSS        : {after_run:.0f} MB after a course run with a TrainingWidget (target <= 95 MB; "
        f"fresh kernel {fresh:.0f} MB, {after_run / fresh:.2f}x; with the Explorer's charts imported "
        f"{with_explorer:.0f} MB)"
    )


if __name__ == "__main__":
    main()
