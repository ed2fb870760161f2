"""The run lifecycle in a real IPython kernel (jupyter_client): Ctrl-C during wait(), close mid-run
and while paused, and many runs and widgets that leave threads and memory where they were.

Each test is a reproducer of issue 8: a second thread training the same network after Ctrl-C,
close() that kept training, and closed widgets that were never freed (~8 MB each).
"""

from __future__ import annotations

import time

import pytest
from kernel_session import KernelSession

pytestmark = pytest.mark.slow  # real kernels, runs of tens of thousands of iterations: make test only

SETUP = """
import ctypes, gc, threading, time, weakref, _thread
import numpy as np
from init_widget import TrainingWidget, load_dataset, train
X, Y, X_test, Y_test = load_dataset("circles")

def trainers():
    return sum(t.name == "init-widget-trainer" for t in threading.enumerate())

def settle_threads(seconds=2.0):
    deadline = time.monotonic() + seconds
    while trainers() and time.monotonic() < deadline:
        time.sleep(0.001)
    return trainers()

def rss_mb():
    # what the process still uses: first hand back what the allocator keeps cached from freed blocks
    # (glibc keeps up to twice the largest freed block, ~10 MB here, once, not per widget)
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    return int(next(l for l in open("/proc/self/status") if l.startswith("VmRSS")).split()[1]) / 1024
"""


@pytest.fixture(scope="module")
def kernel():
    session = KernelSession()
    try:
        session.run(SETUP)
        yield session
    finally:
        session.close()


def _interrupt_wait(kernel: KernelSession, create: str, after: float = 0.3) -> str:
    """Create ``w``, run ``w.start(); w.wait()``, interrupt the kernel once it trains; the cell's traceback."""
    comm_id = kernel.run(create + "\nprint(w.comm.comm_id)").strip()
    msg_id = kernel.execute("w.start(); w.wait()")
    kernel.wait_for_comm(lambda m: m.comm_id == comm_id and (m.custom or {}).get("type") == "delta")
    time.sleep(after)
    kernel.interrupt()
    _, error = kernel.collect(msg_id, timeout=60)
    assert error is not None and "KeyboardInterrupt" in error, "the run must still be going when interrupted"
    return error


def _values(kernel: KernelSession, code: str, timeout: float = 120) -> list[str]:
    return kernel.run(code, timeout).split()


def test_ctrl_c_pauses_and_start_finishes_the_same_run_as_train(kernel):
    error = _interrupt_wait(kernel, 'w = TrainingWidget(X, Y, initializers=["he", "random"], iterations=60_000)')
    assert "training paused at iteration" in error
    status, before, after, threads = _values(
        kernel, "n = w.history[0].costs.size; time.sleep(0.3); print(w.status, n, w.history[0].costs.size, trainers())"
    )
    assert status == "paused" and before == after and 0 < int(before) < 60_000 and threads == "1"
    status, same, threads = _values(
        kernel,
        """
w.start()  # once started a second thread on the same network (Python 3.11: is_alive() False after Ctrl-C)
runs = w.wait()
alone = train(X, Y, initializer=["he", "random"], iterations=60_000)
same = all(np.array_equal(a.costs, b.costs)
           and all(np.array_equal(a.parameters[k], b.parameters[k]) for k in b.parameters)
           for a, b in zip(runs, alone))
print(w.status, same, settle_threads())
""",
    )
    assert (status, same, threads) == ("done", "True", "0")


def test_interrupt_main_lands_at_once_and_stop_then_start_go_on(kernel):
    status, latency, threads = _values(
        kernel,
        """
w = TrainingWidget(X, Y, initializers=["he"], iterations=3_000_000)
w.start()
fired = []
timer = threading.Timer(0.3, lambda: (fired.append(time.perf_counter()), _thread.interrupt_main()))
timer.start()
try:
    w.wait()  # before: a join that _thread.interrupt_main() could not end until the run did (minutes)
except KeyboardInterrupt:
    caught = time.perf_counter()
timer.join()
print(w.status, caught - fired[0], trainers())
""",
    )
    assert status == "paused" and threads == "1"
    assert float(latency) < 1.0, f"KeyboardInterrupt came {float(latency):.3f} s after interrupt_main()"
    assert _values(kernel, "w.stop(); print(w.status, settle_threads())") == ["stopped", "0"]
    assert _values(
        kernel,
        """
n = w.history[0].costs.size; w.start(); time.sleep(0.3); m = w.history[0].costs.size
print(w.status, m > n, trainers()); w.close()""",
    ) == ["training", "True", "1"]


def test_interrupt_then_stop_or_resume(kernel):
    _interrupt_wait(kernel, 'w = TrainingWidget(X, Y, initializers=["he", "zeros"], iterations=3_000_000)')
    assert _values(kernel, "w.resume(); time.sleep(0.2); print(w.status, trainers())") == ["training", "1"]
    assert _values(
        kernel,
        "w.stop(); n = w.history[0].costs.size; time.sleep(0.2); "
        "print(w.status, n == w.history[0].costs.size, settle_threads())",
    ) == ["stopped", "True", "0"]
    assert _values(kernel, "w.reset(); print(w.status, w.history[0].costs.size); w.close()") == ["idle", "0"]


@pytest.mark.parametrize("paused", [False, True], ids=["mid-run", "paused"])
def test_close_ends_training_at_once(kernel, paused):
    status, took, threads, frozen = _values(
        kernel,
        f"""
w = TrainingWidget(X, Y, initializers=["he", "random"], iterations=3_000_000)
w.start(); time.sleep(0.4)
if {paused}: w.pause()
t0 = time.perf_counter(); w.close(); gone = settle_threads(); took = time.perf_counter() - t0
n = w.history[0].costs.size; time.sleep(0.3)
print(w.status, took, gone, n == w.history[0].costs.size)
""",
    )
    assert (status, threads, frozen) == ("closed", "0", "True")
    assert float(took) < 1.0, f"close() took {float(took):.3f} s to end the thread"  # measured ~0.01 s


def test_closed_widgets_are_freed():
    session = KernelSession()
    try:
        session.run(SETUP)
        growth, freed = _values(
            session,
            """
def cycle():
    w = TrainingWidget(X, Y, initializers=["zeros", "random", "he"], X_test=X_test, Y_test=Y_test, iterations=5000)
    w.start(); w.wait(); w.close()
    ref = weakref.ref(w); del w; gc.collect()
    return ref
cycle()  # imports, caches
start = rss_mb()
refs = [cycle() for _ in range(6)]
print(rss_mb() - start, all(r() is None for r in refs))
""",
            timeout=300,
        )
    finally:
        session.close()
    assert freed == "True", "a closed widget was not garbage collected"
    assert float(growth) < 5, f"six closed widgets left {float(growth):.1f} MB behind (each run holds ~5 MB)"


def test_many_runs_and_many_widgets_keep_threads_and_memory_flat():
    session = KernelSession()
    try:
        session.run(SETUP)
        values = _values(
            session,
            """
def make():
    return TrainingWidget(X, Y, initializers=["zeros", "random", "he"], X_test=X_test, Y_test=Y_test, iterations=5000)
w = make()
w.start(); w.wait(); w.reset(); w.start(); w.wait()  # first run and first reset: imports, caches
threads0, rss0 = threading.active_count(), rss_mb()
for _ in range(10):
    w.reset(); w.start(); w.wait()  # Reset pressed ten times: one run's memory at a time
settle_threads(); threads1, rss1 = threading.active_count(), rss_mb()
w.close(); del w; gc.collect()
rss_widgets = rss_mb()
for _ in range(10):
    v = make(); v.start(); v.wait(); v.close()
del v; gc.collect()
settle_threads(); threads2, rss2 = threading.active_count(), rss_mb()
print(threads0, threads1, threads2, rss0, rss1, rss_widgets, rss2)
""",
            timeout=300,
        )
    finally:
        session.close()
    threads0, threads1, threads2 = map(int, values[:3])
    rss0, rss1, rss_widgets, rss2 = map(float, values[3:])
    assert threads0 == threads1 == threads2
    assert rss1 < rss0 * 1.05, f"10 runs in one widget: RSS {rss0:.1f} -> {rss1:.1f} MB"
    assert rss2 < rss_widgets * 1.05, f"10 widgets created and closed: RSS {rss_widgets:.1f} -> {rss2:.1f} MB"
