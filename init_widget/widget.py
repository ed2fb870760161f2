"""TrainingWidget: trains on a background thread and streams the run to the front end.

The kernel trains as fast as it can; every FLUSH_INTERVAL it sends what is new since the last
message as one binary delta (protocol.py), and the front end's store appends it. Nothing is ever
resent except on request: a new store (reload, late view) sends a "sync" message saying what it
holds and gets the rest in one blob.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any, Sequence

import anywidget
import numpy as np
import traitlets

from .engine import History, Trainer
from .engine.trainer import check_options
from .engine.initializers import InitializerSpec
from .protocol import encode
from .wire import run_delta, setup_description

STATIC = Path(__file__).parent / "static"
FLUSH_INTERVAL = 0.066  # s between deltas: ~15 messages/s, far under the server's 1000/s limit
PROGRESS_INTERVAL = 0.25  # s between progress trait updates
STEP_SECONDS = 0.01  # aim for training chunks this long, so pause/stop act within a frame
DEFAULT_DURATION = 18.0  # s a whole run takes to play back: watchable, whatever the training speed


class TrainingWidget(anywidget.AnyWidget):
    """Animated, side-by-side training of one model per initializer on the same data.

    ``TrainingWidget(X, Y, initializers=["zeros", "random", "he"], X_test=..., Y_test=...,
    learning_rate=0.01, iterations=15000, seed=3, ...)`` takes the options of ``train``, and
    ``duration`` (seconds a whole run takes to play back; training itself goes as fast as it can).
    Display it, then ``start()`` (or press Train); ``wait()`` returns the Histories.
    """

    _esm = STATIC / "widget.js"
    _css = STATIC / "widget.css"

    _setup = traitlets.Dict().tag(sync=True)
    status = traitlets.Unicode("idle").tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)
    progress = traitlets.Dict({"iteration": 0, "total": 0, "rate": 0.0}).tag(sync=True)
    playhead = traitlets.Int(0).tag(sync=True, echo_update=False)  # the front end sends it as a "playhead" message
    speed = traitlets.Float(1.0).tag(sync=True)
    duration = traitlets.Float(DEFAULT_DURATION).tag(sync=True)  # seconds a whole run takes to play
    loop = traitlets.Bool(False).tag(sync=True)
    follow_live = traitlets.Bool(False).tag(sync=True)  # off: the run plays at `duration` pace; on: jump to the newest
    show_test = traitlets.Bool(False).tag(sync=True)
    log_scale = traitlets.Bool(False).tag(sync=True)
    _archive = traitlets.Bytes(b"").tag(sync=True, echo_update=False)  # set by the front end; see session.ts

    def __init__(
        self,
        X: Any,
        Y: Any,
        initializers: Sequence[InitializerSpec] | InitializerSpec = ("zeros", "random", "he"),
        X_test: Any = None,
        Y_test: Any = None,
        duration: float = DEFAULT_DURATION,
        **train_options: Any,
    ):
        super().__init__()
        self.duration = duration
        self._lock = threading.RLock()
        self._thread: threading.Thread | None = None
        self._stop_event = threading.Event()
        self._resume_event = threading.Event()
        self._resume_event.set()
        self._paused_event = threading.Event()
        self._exception: BaseException | None = None
        self._run_id = 0
        self._configure(X, Y, initializers, X_test, Y_test, train_options)
        self.on_msg(self._on_message)

    @traitlets.validate("duration")
    def _check_duration(self, proposal: dict) -> float:
        value = proposal["value"]
        if not np.isfinite(value) or not 0.5 <= value <= 3600:
            raise ValueError(f"duration must be the seconds a run takes to play, 0.5 to 3600; got {value!r}")
        return float(value)

    # ---------------------------------------------------------------- public API
    @property
    def history(self) -> list[History]:
        """One History per initializer (filled as training goes, final after ``wait()``)."""
        return self._trainer.histories

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> "TrainingWidget":
        """Train on a background thread (resuming a paused run, continuing a stopped one); returns at once."""
        with self._lock:
            if self.running:
                self.resume()
                return self
            if self._trainer.done:
                return self
            self._stop_event.clear()
            self._resume_event.set()
            self._exception = None
            self.error = ""
            self.status = "training"
            self._thread = threading.Thread(target=self._train, name="init-widget-trainer", daemon=True)
            self._thread.start()
        return self

    def pause(self) -> None:
        """Pause training at the end of the current chunk (a few ms); returns once it has paused."""
        if self.running:
            self._paused_event.clear()
            self._resume_event.clear()
            self._paused_event.wait(timeout=5.0)

    def resume(self) -> None:
        if self.running:
            self._resume_event.set()

    def stop(self) -> None:
        """End the training thread, keeping what was recorded; ``start()`` continues, ``reset()`` starts over."""
        self._stop_event.set()
        self._resume_event.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def wait(self, timeout: float | None = None) -> list[History]:
        """Block until training ends; re-raise an error from the training thread."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                raise TimeoutError(f"training still running after {timeout} s (at iteration {self._trainer.record.done})")
        if self._exception is not None:
            raise RuntimeError(f"training failed: {self._exception}") from self._exception
        return self.history

    def reset(self) -> None:
        """Stop and start over with the same data and options (a new run for the front end)."""
        self.reconfigure()

    def reconfigure(self, X: Any = None, Y: Any = None, initializers: Any = None, X_test: Any = None,
                    Y_test: Any = None, **train_options: Any) -> None:
        """Stop, then set up a new run; unspecified arguments keep their current values."""
        new = dict(self._options)
        new.update(train_options)
        args = (
            self._X if X is None else X,
            self._Y if Y is None else Y,
            self._initializers if initializers is None else initializers,
            self._X_test if X is None and X_test is None else X_test,
            self._Y_test if X is None and Y_test is None else Y_test,
            new,
        )
        trainer = self._make_trainer(*args)  # validate before touching the running state
        self.stop()
        self._configure(*args, trainer=trainer)

    # ---------------------------------------------------------------- setup
    def _make_trainer(self, X, Y, initializers, X_test, Y_test, options) -> Trainer:
        return Trainer(X, Y, initializers, X_test=X_test, Y_test=Y_test, **check_options(options))

    def _configure(self, X, Y, initializers, X_test, Y_test, options, trainer: Trainer | None = None) -> None:
        self._trainer = trainer or self._make_trainer(X, Y, initializers, X_test, Y_test, options)
        self._X, self._Y, self._initializers = X, Y, initializers
        self._X_test, self._Y_test, self._options = X_test, Y_test, dict(options)
        self._thread = None
        self._exception = None
        self._sent_iterations = 0
        self._sent_frames = 0
        self._run_id += 1
        t = self._trainer
        with self.hold_sync():
            self._archive = b""
            self.error = ""
            self.status = "idle"
            self.playhead = 0
            self.progress = {"iteration": 0, "total": t.iterations, "rate": 0.0}
            self._setup = setup_description(t, self._run_id)

    # ---------------------------------------------------------------- training thread
    def _train(self) -> None:
        trainer = self._trainer
        chunk = 1
        started = time.perf_counter()
        last_flush = last_progress = started
        try:
            while not trainer.done and not self._stop_event.is_set():
                if not self._resume_event.is_set():
                    self._flush()
                    self._publish_progress(started)
                    self.status = "paused"
                    self._paused_event.set()
                    self._resume_event.wait()
                    if self._stop_event.is_set():
                        break
                    self.status = "training"
                t0 = time.perf_counter()
                trainer.step(chunk)
                now = time.perf_counter()
                chunk = max(1, min(chunk * 2, int(chunk * STEP_SECONDS / max(now - t0, 1e-6)) or 1))
                if now - last_flush >= FLUSH_INTERVAL:
                    self._flush()
                    last_flush = now
                if now - last_progress >= PROGRESS_INTERVAL:
                    self._publish_progress(started)
                    last_progress = now
            self._flush()
            self._publish_progress(started)
            self.status = "done" if trainer.done else "stopped"
        except Exception as exc:  # shown in the widget and re-raised by wait()
            self._exception = exc
            self.error = f"{type(exc).__name__}: {exc}"
            self.status = "error"
        finally:
            self._paused_event.set()

    def _publish_progress(self, started: float) -> None:
        done = self._trainer.record.done
        elapsed = time.perf_counter() - started
        self.progress = {"iteration": done, "total": self._trainer.iterations,
                         "rate": round(done / elapsed, 1) if elapsed > 0 else 0.0}

    def _flush(self) -> None:
        with self._lock:
            rec = self._trainer.record
            done, frames = rec.done, rec.frames_done
            if done == self._sent_iterations and frames == self._sent_frames:
                return
            self._send_range(self._sent_iterations, self._sent_frames, done, frames)
            self._sent_iterations, self._sent_frames = done, frames

    def _send_range(self, it0: int, f0: int, it1: int, f1: int) -> None:
        blob = encode(run_delta(self._trainer, self._run_id, it0, f0, it1, f1))
        self.send({"type": "delta", "run_id": self._run_id}, [blob])

    # ---------------------------------------------------------------- front-end messages
    def _on_message(self, _widget: Any, content: dict, buffers: list) -> None:
        kind = content.get("type")
        if kind == "sync":
            with self._lock:
                if content.get("run_id") != self._run_id:
                    have_it, have_f = 0, 0
                else:
                    have_it = int(np.clip(content.get("iterations", 0), 0, self._sent_iterations))
                    have_f = int(np.clip(content.get("frames", 0), 0, self._sent_frames))
                if (have_it, have_f) != (self._sent_iterations, self._sent_frames) or self._trainer.done:
                    self._send_range(have_it, have_f, self._sent_iterations, self._sent_frames)
                else:  # nothing new, but say so: a front end that hears nothing takes the kernel to be gone
                    self.send({"type": "ready", "run_id": self._run_id})
        elif kind == "playhead":
            self.set_state({"playhead": int(content.get("iteration", 0))})  # as a trait update: not sent back
        elif kind == "command":
            action = content.get("action")
            if action == "train":
                self.start()
            elif action == "pause":
                self.pause()
            elif action == "resume":
                self.resume()
            elif action == "stop":
                self.stop()
            elif action == "reset":
                self.reset()

