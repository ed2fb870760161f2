"""The run lifecycle: one state machine, under one lock, that owns the training thread.

States (``Status``): idle → training ⇄ paused → stopped / done / diverged / error, and closed.
Every method is defined in every state (see docs/lifecycle.md); none of them ever asks
``Thread.is_alive()``: on Python 3.11 a ``join()`` interrupted by Ctrl-C leaves it False while
the thread still runs, which once let a second thread train the same network. Instead the worker
itself says, under the lock, when it has parked (paused) or left (``_worker`` back to None).

Waiting happens in short slices so that Ctrl-C lands at once, also ``_thread.interrupt_main()``,
which raises only when the main thread runs Python code again. An interrupted ``wait()`` pauses
the run (it stays consistent: resumable, stoppable) and re-raises.

What is trained is a ``Run``: ``advance()`` trains one short chunk and streams what is due,
returning the final status once nothing is left to train; ``settle()`` sends everything recorded.
The lifecycle holds no reference to the widget, so a widget dropped without ``close()`` can be
garbage collected and its finalizer closes the lifecycle, which ends the thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

from ..wire.contract import Status

SLICE = 0.02  # s: the longest a wait sleeps before Python code runs again (Ctrl-C lands within it)
CLOSE_TIMEOUT = 2.0  # s: close() waits at most this for the worker to leave (it does within a chunk)
ACTIVE = (Status.TRAINING, Status.PAUSED)
FINAL = (Status.DONE, Status.DIVERGED)


class Run(Protocol):
    iterations_done: int

    def advance(self) -> Status | None:
        """Train one short chunk and stream what is due; DONE or DIVERGED once nothing is left."""

    def settle(self) -> None:
        """Send everything recorded so far (called before the worker parks or leaves)."""


class Lifecycle:
    """The state of a widget's runs; ``on_status(status, error)`` is called, under the lock, on every change.

    ``on_status`` runs in whichever thread made the change, with the lock held, so that the
    published status follows the true order of changes; it may call this object's methods from
    that same thread, but must not wait for another thread that does.
    """

    def __init__(self, run: Run, on_status: Callable[[Status, BaseException | None], None]):
        self._cond = threading.Condition(threading.RLock())
        self._run = run
        self._on_status = on_status
        self._state = Status.IDLE
        self._worker: threading.Thread | None = None
        self._parked = False
        self.error: BaseException | None = None

    @property
    def state(self) -> Status:
        return self._state

    @property
    def run(self) -> Run:
        return self._run

    # ------------------------------------------------------------------ commands
    def start(self) -> None:
        """idle/stopped → training (a worker thread), paused → training; otherwise nothing to do."""
        with self._cond:
            if self._state is Status.CLOSED:
                raise RuntimeError("this widget is closed; create a new TrainingWidget to train again")
            if self._state is Status.ERROR:
                raise RuntimeError(f"the run failed ({_describe(self.error)}); reset() starts a new run")
            before = self._state
            if before not in (Status.IDLE, Status.STOPPED, Status.PAUSED):
                return
            self._set(Status.TRAINING)
            if self._worker is None:  # a worker still leaving after a stop simply carries on
                self._worker = threading.Thread(
                    target=self._work, args=(self._run,), name="init-widget-trainer", daemon=True
                )
                try:
                    self._worker.start()
                except BaseException:  # e.g. a hub's thread limit: nothing started, nothing changed
                    self._worker = None
                    self._set(before)
                    raise

    def resume(self) -> None:
        """paused → training; otherwise nothing to do."""
        with self._cond:
            if self._state is Status.PAUSED:
                self._set(Status.TRAINING)

    def pause(self) -> None:
        """training → paused; returns once the worker has parked (the history no longer grows)."""
        with self._cond:
            if self._state is not Status.TRAINING:
                return
            self._set(Status.PAUSED)
        self._wait_until(lambda: self._state is not Status.PAUSED or self._worker is None or self._parked)

    def stop(self) -> None:
        """training/paused → stopped; returns once the worker has left, everything recorded sent."""
        with self._cond:
            if self._state not in ACTIVE:
                return
            self._set(Status.STOPPED)
        self._wait_until(lambda: self._worker is None or self._state is Status.TRAINING)

    def replace(self, run: Run, error: BaseException | None = None) -> None:
        """Stop whatever runs and make ``run`` the current one, idle; with ``error``, in state error
        showing it (a front-end Reset that could not set up its new run: ``fail``)."""
        while True:
            self.stop()  # a worker still leaving from an interrupted stop(): wait for it too
            self._wait_until(lambda: self._worker is None or self._state in ACTIVE)
            with self._cond:
                if self._state is Status.CLOSED:
                    raise RuntimeError("this widget is closed; create a new TrainingWidget")
                if self._worker is None:  # else a start() came in between: stop again
                    self._run = run
                    self.error = error
                    self._set(Status.IDLE if error is None else Status.ERROR)
                    return

    def fail(self, error: BaseException) -> None:
        """Stop whatever runs and show ``error`` (state error; ``reset()`` tries again); closed stays closed."""
        with self._cond:
            if self._state is Status.CLOSED:
                return
        self.replace(self._run, error)

    def close(self) -> None:
        """Any state → closed: the worker leaves within a chunk (waited for up to CLOSE_TIMEOUT)."""
        with self._cond:
            if self._state is Status.CLOSED:
                return
            self._set(Status.CLOSED)
        self._wait_until(lambda: self._worker is None, timeout=CLOSE_TIMEOUT)

    def wait(self, timeout: float | None = None) -> None:
        """Block while training; return once paused, stopped, finished, failed or closed.

        TimeoutError only if still training after ``timeout`` s. Ctrl-C pauses the run and re-raises.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            while not self._wait_until(self._settled, deadline=deadline):
                if self._state is Status.TRAINING:
                    raise TimeoutError(f"still training after {timeout} s (at iteration {self._run.iterations_done:,})")
                deadline = time.monotonic() + SLICE  # pausing or stopping: a chunk at most
        except KeyboardInterrupt:
            self.pause()
            if self._state is not Status.PAUSED:
                raise
            raise KeyboardInterrupt(
                f"training paused at iteration {self._run.iterations_done:,}: "
                "start() or resume() goes on, stop() ends the run"
            ) from None

    # ------------------------------------------------------------------ internals
    def _settled(self) -> bool:
        return self._state is not Status.TRAINING and (self._worker is None or self._parked)

    def _set(self, state: Status) -> None:
        self._state = state
        self._cond.notify_all()
        self._on_status(state, self.error)

    def _wait_until(
        self, ready: Callable[[], bool], timeout: float | None = None, deadline: float | None = None
    ) -> bool:
        """Wait in short slices (so Ctrl-C lands at once) until ``ready()`` or the deadline; never for the
        worker itself (it would wait for itself). Returns ``ready()``."""
        if threading.current_thread() is self._worker:
            return ready()
        if timeout is not None:
            deadline = time.monotonic() + timeout
        with self._cond:
            while not ready():
                left = SLICE if deadline is None else min(SLICE, deadline - time.monotonic())
                if left <= 0:
                    return False
                self._cond.wait(left)
            return True

    def _work(self, run: Run) -> None:
        """The training thread: advance while training, park while paused, leave otherwise."""
        try:
            while True:
                with self._cond:
                    state = self._state
                if state is not Status.TRAINING:
                    if state is not Status.CLOSED:
                        run.settle()
                    with self._cond:
                        if self._state is Status.PAUSED:
                            self._parked = True
                            self._cond.notify_all()
                            while self._state is Status.PAUSED:
                                self._cond.wait()
                            self._parked = False
                            continue
                        if self._state is Status.TRAINING:  # started again while settling
                            continue
                        self._leave()
                        return
                final = run.advance()
                if final is not None:
                    run.settle()
                    with self._cond:
                        if self._state in ACTIVE:
                            self._set(final)
                        self._leave()
                        return
        except BaseException as exc:  # shown in the widget and re-raised by wait()
            with self._cond:
                if self._state is not Status.CLOSED:
                    self.error = exc
                    self._set(Status.ERROR)
                self._leave()

    def _leave(self) -> None:
        self._worker = None
        self._parked = False
        self._cond.notify_all()


def _describe(exc: BaseException | None) -> str:
    return "unknown error" if exc is None else f"{type(exc).__name__}: {exc}"
