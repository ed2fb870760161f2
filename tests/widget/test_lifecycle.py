"""The run lifecycle as a state machine: every method in every state, on a scripted run.

The run here is a counter the test controls, so each state is reached exactly and at once; the
TrainingWidget's own tests (test_widget_lifecycle.py) drive the same machine with the real engine.
"""

from __future__ import annotations

import threading
import time

import pytest

from init_widget.widget.lifecycle import Lifecycle
from init_widget.wire import Status

S = Status


class CountingRun:
    """``advance()`` counts one step (a ms); finishes with ``final`` after ``steps`` steps, or raises ``fail``."""

    def __init__(self, steps: int = 10**9, final: Status = S.DONE, fail: Exception | None = None):
        self.steps, self.final, self.fail = steps, final, fail
        self.iterations_done = 0
        self.settled = 0
        self.threads: set[int] = set()
        self.overlapped = False  # two threads inside advance() at once: two workers training one run
        self._inside = 0
        self._guard = threading.Lock()

    def advance(self) -> Status | None:
        self.threads.add(threading.get_ident())
        with self._guard:
            self._inside += 1
            self.overlapped |= self._inside > 1
        try:
            if self.fail is not None:
                raise self.fail
            time.sleep(0.001)
            self.iterations_done += 1
            return self.final if self.iterations_done >= self.steps else None
        finally:
            with self._guard:
                self._inside -= 1

    def settle(self) -> None:
        self.settled = self.iterations_done


def trainer_threads() -> int:
    return sum(t.name == "init-widget-trainer" for t in threading.enumerate())


def threads_become(n: int, timeout: float = 2.0) -> bool:
    """A worker that has left may still be finishing its thread for a moment: wait for the count."""
    deadline = time.monotonic() + timeout
    while trainer_threads() != n and time.monotonic() < deadline:
        time.sleep(0.001)
    return trainer_threads() == n


def in_state(state: Status) -> tuple[Lifecycle, CountingRun, list]:
    """A lifecycle in ``state`` and the statuses it published on the way."""
    run = {
        S.DONE: CountingRun(steps=5),
        S.DIVERGED: CountingRun(steps=5, final=S.DIVERGED),
        S.ERROR: CountingRun(fail=FloatingPointError("blew up")),
    }.get(state, CountingRun())
    published: list = []
    lc = Lifecycle(run, lambda status, error: published.append(status))
    if state is S.CLOSED:
        lc.close()
    elif state is not S.IDLE:
        lc.start()
        while run.iterations_done == 0 and state in (S.PAUSED, S.STOPPED):
            time.sleep(0.001)
        if state is S.PAUSED:
            lc.pause()
        elif state is S.STOPPED:
            lc.stop()
        elif state in (S.DONE, S.DIVERGED, S.ERROR):
            lc.wait(timeout=30)
    assert lc.state is state
    return lc, run, published


def teardown_function():
    assert threads_become(0, timeout=5), "a test left a training thread behind"


ALL = list(Status)
# what each command leaves the run in, from each state (RuntimeError: refused with a message)
START = {
    S.IDLE: S.TRAINING,
    S.TRAINING: S.TRAINING,
    S.PAUSED: S.TRAINING,
    S.STOPPED: S.TRAINING,
    S.DONE: S.DONE,
    S.DIVERGED: S.DIVERGED,
    S.ERROR: RuntimeError,
    S.CLOSED: RuntimeError,
}
PAUSE = {s: (S.PAUSED if s is S.TRAINING else s) for s in ALL}
RESUME = {s: (S.TRAINING if s is S.PAUSED else s) for s in ALL}
STOP = {s: (S.STOPPED if s in (S.TRAINING, S.PAUSED) else s) for s in ALL}
REPLACE = {s: (RuntimeError if s is S.CLOSED else S.IDLE) for s in ALL}
CLOSE = {s: S.CLOSED for s in ALL}
TABLE = {"start": START, "pause": PAUSE, "resume": RESUME, "stop": STOP, "replace": REPLACE, "close": CLOSE}


@pytest.mark.parametrize("state", ALL, ids=lambda s: s.value)
@pytest.mark.parametrize("method", list(TABLE))
def test_every_command_in_every_state(method, state):
    lc, run, _ = in_state(state)
    expected = TABLE[method][state]
    call = (lambda: lc.replace(CountingRun())) if method == "replace" else getattr(lc, method)
    if expected is RuntimeError:
        with pytest.raises(RuntimeError, match="closed|failed"):
            call()
        assert lc.state is state
    else:
        call()
        assert lc.state is expected
    assert threads_become(1 if lc.state in (S.TRAINING, S.PAUSED) else 0) and not run.overlapped
    lc.close()


@pytest.mark.parametrize("state", ALL, ids=lambda s: s.value)
def test_wait_in_every_state(state):
    """wait() returns at once unless training; then it times out only while training."""
    lc, run, _ = in_state(state)
    if state is S.TRAINING:
        with pytest.raises(TimeoutError, match="still training after 0.05 s"):
            lc.wait(timeout=0.05)
    else:
        lc.wait(timeout=0)
    assert lc.state is state
    lc.close()


def test_a_paused_run_is_frozen_and_settled_and_resumes_on_the_same_thread():
    lc, run, _ = in_state(S.PAUSED)
    frozen = run.iterations_done
    assert run.settled == frozen, "everything recorded was sent before parking"
    time.sleep(0.05)
    assert run.iterations_done == frozen
    lc.resume()
    while run.iterations_done < frozen + 5:
        time.sleep(0.001)
    assert len(run.threads) == 1 and trainer_threads() == 1
    lc.close()


def test_start_after_stop_continues_and_never_runs_two_workers():
    lc, run, _ = in_state(S.STOPPED)
    stopped = run.iterations_done
    for _ in range(20):  # stop/start as fast as a student can click
        lc.start()
        lc.stop()
    assert threads_become(0)
    lc.start()
    while run.iterations_done < stopped + 5:
        time.sleep(0.001)
    assert threads_become(1) and not run.overlapped
    lc.close()


def test_the_run_ends_by_itself_with_its_final_status():
    for final in (S.DONE, S.DIVERGED):
        lc, run, published = in_state(final)
        assert run.iterations_done == 5 and run.settled == 5
        assert published == [S.TRAINING, final]


def test_an_error_is_kept_and_published():
    lc, run, published = in_state(S.ERROR)
    assert isinstance(lc.error, FloatingPointError) and published == [S.TRAINING, S.ERROR]
    lc.replace(CountingRun())
    assert lc.state is S.IDLE and lc.error is None


def test_close_ends_the_worker_before_returning_also_when_paused():
    for state in (S.TRAINING, S.PAUSED):
        lc, run, _ = in_state(state)
        lc.close()
        assert lc.state is S.CLOSED and threads_become(0, timeout=1)
        done = run.iterations_done
        time.sleep(0.02)
        assert run.iterations_done == done


def test_the_status_published_follows_the_order_of_changes():
    lc, run, published = in_state(S.IDLE)
    for _ in range(30):
        lc.start()
        lc.pause()
        lc.resume()
        lc.stop()
    lc.close()
    assert published[-1] is S.CLOSED
    assert all(a is not b for a, b in zip(published, published[1:])), "every change is published once"


def test_a_command_from_the_status_callback_does_not_deadlock():
    """Observers of ``status`` run in the worker's thread with the lock held; they may stop the run."""
    run = CountingRun(steps=3)
    lc: Lifecycle

    def on_status(status, error):
        if status is S.DONE:
            lc.stop()  # nothing to stop any more, but must return
            lc.close()

    lc = Lifecycle(run, on_status)
    lc.start()
    lc.wait(timeout=30)
    assert lc.state is S.CLOSED


def test_a_thread_that_cannot_start_changes_nothing(monkeypatch):
    """On a hub at its thread limit, start() fails cleanly: the run stays as it was, and can start later."""
    lc, run, _ = in_state(S.IDLE)

    def refuse(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    with pytest.raises(RuntimeError, match="can't start new thread"):
        lc.start()
    assert lc.state is S.IDLE
    monkeypatch.undo()
    lc.start()
    assert lc.state is S.TRAINING and threads_become(1)
    lc.close()
