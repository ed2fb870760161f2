"""A course hub's cost per student, measured on a real JupyterHub with ten students (docs/deploy.md's figures).

Prints:
  - BLAS threads: the engine's course run (3 initializers x 15000 iterations) in a fresh process with
    OPENBLAS_NUM_THREADS=1 and with OpenBLAS's default (one thread per core), wall and CPU seconds;
  - per student, after the course run through a TrainingWidget in the student's own server (reached
    through the hub's proxy): kernel RSS, kernel CPU seconds for the run, the run's wall time, bytes and
    messages that reached the browser's websocket (all, and the widget's own), the server's RSS;
  - wall time of ten students' runs released together against one student's run alone (ratio; with
    C cores the ideal is 10 / C), and the hub's and proxy's share of the CPU and memory meanwhile.
Uses the hub test's harness (tests/e2e/e2e_hub.py, hub_kernel.py) and its configuration.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "e2e"))

from e2e_hub import Hub  # noqa: E402
from hub_kernel import Classroom  # noqa: E402

USERS = [f"student{i:02d}" for i in range(10)]
MB = 1e6
BLAS_RUN = """
import resource, time
from threadpoolctl import threadpool_info
from init_widget import load_dataset
from init_widget.engine import Trainer
X, Y, X_test, Y_test = load_dataset("circles")
best = None
for _ in range(3):
    r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    Trainer(X, Y, ["zeros", "random", "he"], X_test=X_test, Y_test=Y_test, iterations=15000).run()
    wall, r1 = time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF)
    cpu = r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime
    best = min(best or (wall, cpu), (wall, cpu))
threads = max(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")
print(threads, *best)
"""


def blas(threads: int | None) -> tuple[int, float, float]:
    """(BLAS threads, wall s, CPU s) of the engine's course run, best of 3, in a fresh process."""
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    if threads is not None:
        env["OPENBLAS_NUM_THREADS"] = str(threads)
    out = subprocess.run(
        [sys.executable, "-c", BLAS_RUN], env=env, capture_output=True, text=True, check=True, cwd=REPO
    ).stdout.split()
    return int(out[0]), float(out[1]), float(out[2])


def report_blas() -> None:
    one, default = blas(1), blas(None)
    print(f"BLAS threads (engine course run, best of 3, {os.cpu_count()} cores):")
    for label, (n, wall, cpu) in (("OPENBLAS_NUM_THREADS=1", one), ("default", default)):
        print(f"  {label:24s} {n} thread(s): {wall:.3f} s wall, {cpu:.3f} s CPU")
    print(
        f"  default / one thread: {default[1] / one[1]:.2f}x wall, {default[2] / one[2]:.2f}x CPU "
        "(> 1: the extra threads cost more than they bring)"
    )


def cpu_seconds(procs) -> float:
    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except Exception:  # a process that ended contributes nothing more
            pass
    return total


def rss(procs) -> float:
    return sum(p.memory_info().rss for p in procs) / MB


def report_hub(hub: Hub, classroom: Classroom) -> None:
    fresh = {u: int(classroom.kernels[u].run("print(psutil.Process().memory_info().rss)")) / MB for u in USERS}
    alone, alone_wall = classroom.course_runs(USERS[:1])
    groups = {kind: hub.processes(kind) for kind in ("hub", "proxy", "server", "kernel")}
    before = {kind: cpu_seconds(procs) for kind, procs in groups.items()}
    together, wall = classroom.course_runs(USERS)
    used = {kind: cpu_seconds(procs) - before[kind] for kind, procs in groups.items()}
    print(
        f"\nper student, 10 at once ({USERS[0]} ran alone first; kernel RSS fresh: "
        f"{min(fresh.values()):.0f}-{max(fresh.values()):.0f} MB):"
    )
    print(
        f"  {'user':10s} {'kernel RSS':>10s} {'CPU s':>6s} {'wall s':>7s} {'ws MB':>6s} {'ws msgs':>7s} "
        f"{'widget MB':>9s} {'widget msgs':>11s}"
    )
    for u in USERS:
        r = together[u]
        print(
            f"  {u:10s} {r['rss'] / MB:8.1f} MB {r['cpu']:6.2f} {r['seconds']:7.2f} {r['ws_bytes'] / MB:6.3f} "
            f"{r['ws_messages']:7d} {r['comm_bytes'] / MB:9.3f} {r['comm_messages']:11d}"
        )
    kernel_rss = [together[u]["rss"] / MB for u in USERS]
    server_rss = [p.memory_info().rss / MB for p in groups["server"]]
    print(
        f"  kernel RSS after the run: {min(kernel_rss):.1f}-{max(kernel_rss):.1f} MB (target <= 95 MB); "
        f"single-user server RSS: {min(server_rss):.1f}-{max(server_rss):.1f} MB ({len(server_rss)} servers)"
    )
    print(
        f"  kernel CPU per run: alone {alone[USERS[0]]['cpu']:.2f} s, 10 at once "
        f"{min(r['cpu'] for r in together.values()):.2f}-{max(r['cpu'] for r in together.values()):.2f} s"
    )
    cores = os.cpu_count() or 1
    print(
        f"\nten runs at once: {wall:.2f} s wall vs one alone {alone_wall:.2f} s: {wall / alone_wall:.2f}x "
        f"(were every run CPU-bound, {len(USERS) / cores:.1f}x on {cores} cores)"
    )
    total = sum(used.values())
    print(
        f"CPU during the ten runs: {total:.1f} s; share: kernels {used['kernel'] / total:.1%}, "
        f"servers {used['server'] / total:.1%}, hub {used['hub'] / total:.1%}, proxy {used['proxy'] / total:.1%}"
    )
    print(
        f"memory: hub {rss(groups['hub']):.0f} MB, proxy {rss(groups['proxy']):.0f} MB, "
        f"10 servers {sum(server_rss):.0f} MB, 10 kernels {sum(kernel_rss):.0f} MB"
    )


def main() -> None:
    report_blas()
    # the students' servers run as docs/deploy.md sets them up: one BLAS thread per kernel
    hub = Hub(Path(tempfile.mkdtemp(prefix="iw-bench-hub")), blas_threads=1, name="bench-hub")
    classroom = None
    try:
        t = time.monotonic()
        hub.start()
        hub.add_users(USERS)
        hub.start_servers(USERS)
        print(
            f"\nhub with {len(USERS)} servers (OPENBLAS_NUM_THREADS=1) ready in {time.monotonic() - t:.1f} s "
            f"({time.strftime('%Y-%m-%d', time.gmtime())})"
        )
        classroom = Classroom(hub, USERS)
        report_hub(hub, classroom)
    finally:
        if classroom is not None:
            classroom.close()
        hub.stop()


if __name__ == "__main__":
    main()
