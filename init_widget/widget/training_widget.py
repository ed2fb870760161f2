"""TrainingWidget: the run's traits, its public API and the front end's messages.

Training runs on a background thread owned by the run's lifecycle (lifecycle.py: one state
machine, every method defined in every state); RunStream (stream.py) trains in short chunks and
streams what is new as binary deltas. State lives in traitlets; the stream travels as custom
messages; a new store (reload, late view) sends "sync" and gets what it lacks in one blob.
"""

from __future__ import annotations

import gc
import math
import threading
import weakref
from collections.abc import Sequence
from numbers import Real
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from ..engine import History, Trainer
from ..engine.course import COURSE
from ..engine.initializers import InitializerSpec
from ..engine.trainer import check_options
from ..wire.contract import DURATION, Status, setup_description
from ..wire.messages import Action, Command, Playhead, Sync, View, read_message
from .lifecycle import Lifecycle
from .stream import RunStream, notice_text

STATIC = Path(__file__).parent.parent / "static"
DEFAULT_DURATION = DURATION["default"]  # s a whole run takes to play back: watchable, whatever the training speed
MAX_VIEWS = 256  # front-end views counted at most (a flood of made-up view ids cannot grow memory)
UNSEEN_NOTE = (
    "Paused: no view of this widget is left (its output was cleared or its cell re-run), so it stopped "
    "using the CPU; it resumes when shown again, or call resume()."
)


def _bundle(name: str) -> str:
    """A built front-end file's text. Given as text, not a Path: anywidget ties every instance to a
    class-level file watcher through a closure (anywidget#929), so no widget was ever freed. The
    trailing newline keeps anywidget from taking a one-line bundle for a file name."""
    return (STATIC / name).read_text(encoding="utf-8").rstrip("\n") + "\n"


class TrainingWidget(anywidget.AnyWidget):
    """Animated, side-by-side training of one model per initializer on the same data.

    ``TrainingWidget(X, Y, initializers=["zeros", "random", "he"], X_test=..., Y_test=...,
    learning_rate=0.01, iterations=15000, seed=3, ...)`` takes the options of ``train``, and
    ``duration`` (seconds a whole run takes to play back; training itself goes as fast as it can).
    Display it, then ``start()`` (or press Train); ``wait()`` returns the Histories.
    What each method does in each state of the run: docs/lifecycle.md.
    """

    _esm = _bundle("widget.js")
    _css = _bundle("widget.css")

    _setup = traitlets.Dict().tag(sync=True)
    status = traitlets.Unicode(Status.IDLE.value).tag(sync=True)  # a Status value
    error = traitlets.Unicode("").tag(sync=True)
    notice = traitlets.Unicode("").tag(sync=True)  # the engine's notes: divergence, thinning, merged seeds
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
        initializers: Sequence[InitializerSpec] | InitializerSpec = COURSE.initializers,
        X_test: Any = None,
        Y_test: Any = None,
        duration: float = DEFAULT_DURATION,
        **train_options: Any,
    ):
        duration = check_duration(duration)
        trainer = _make_trainer(X, Y, initializers, X_test, Y_test, train_options)  # before any comm opens
        super().__init__()
        self._own_layout = self.layout  # created with the widget: closed with it (else left in ipywidgets' registry)
        self._replacing = threading.RLock()  # one reconfigure() at a time: the stream's run id is the setup's
        self._views: set[str] = set()  # the front-end views on screen (render/cleanup messages)
        self._unseen = ""  # why the run was paused when the last view went, while it stays so
        self.duration = duration
        self._run_id = 1
        self._lifecycle = Lifecycle(RunStream(trainer, self._run_id, self), _status_publisher(self))
        self._configure(trainer, (X, Y, initializers, X_test, Y_test, dict(train_options)))
        self.on_msg(self._on_message)

    @traitlets.validate("duration")
    def _check_duration(self, proposal: dict) -> float:
        return check_duration(proposal["value"])

    @traitlets.validate("playhead")
    def _clamp_playhead(self, proposal: dict) -> int:
        """Whoever sets it (front end, Python), the playhead stays an iteration of the run."""
        total = self._setup.get("iterations", 0) if self._setup else 0
        return min(max(int(proposal["value"]), 0), total)

    @traitlets.validate("notice")
    def _keep_unseen_note(self, proposal: dict) -> str:
        """Whoever updates the notes (the stream does, 4 times a second), why the run paused stays said."""
        text = proposal["value"]
        note = getattr(self, "_unseen", "")
        return text if not note or note in text else "\n".join(filter(None, [text, note]))

    # ---------------------------------------------------------------- public API
    @property
    def history(self) -> list[History]:
        """One History per initializer (filled as training goes, final after ``wait()``)."""
        return self.trainer.histories

    @property
    def trainer(self) -> Trainer:
        """The engine's Trainer behind the current run: its record is what the stream sends and export writes."""
        return self._lifecycle.run.trainer

    @property
    def setup(self) -> dict:
        """The run as the front end is told it (models, colours, grid, options; ``wire.setup_description``)."""
        return self._setup

    @property
    def options(self) -> dict:
        """The training options of the current run (``layers``, ``learning_rate``…), as given: a copy."""
        return dict(self._options)

    @property
    def running(self) -> bool:
        """True while training or paused (the run can still go on without a reset)."""
        return self._lifecycle.state in (Status.TRAINING, Status.PAUSED)

    def start(self) -> None:
        """Train on a background thread and return at once: idle/stopped runs start or continue, a paused
        one resumes; a finished run stays as it is (``reset()`` starts over). Returns None, so that
        ``w.start()`` as a cell's last line does not display the widget a second time. RuntimeError
        after a failed run (``reset()`` starts a new one) or once closed. See docs/lifecycle.md."""
        self._lifecycle.start()
        self._seen()

    def pause(self) -> None:
        """Pause training within a chunk (a few ms); returns once the history no longer grows."""
        self._lifecycle.pause()

    def resume(self) -> None:
        """Resume a paused run (otherwise nothing to do)."""
        self._lifecycle.resume()
        self._seen()

    def stop(self) -> None:
        """End training, keeping what was recorded; ``start()`` continues, ``reset()`` starts over."""
        self._lifecycle.stop()
        self._seen()

    def wait(self, timeout: float | None = None) -> list[History]:
        """Block while training; return the Histories once the run is done, diverged, stopped or paused.

        A paused run returns the histories so far at once (``start()`` goes on). Raises TimeoutError
        only if still training after ``timeout`` seconds, and RuntimeError if training failed.
        Ctrl-C (interrupting the kernel) pauses the run and raises KeyboardInterrupt at once.
        """
        if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, Real) or not timeout >= 0):
            raise ValueError(f"timeout must be a number of seconds >= 0, or None to wait for the end; got {timeout!r}")
        self._lifecycle.wait(timeout)
        if self._lifecycle.state is Status.ERROR:
            exc = self._lifecycle.error
            raise RuntimeError(f"training failed: {exc}") from exc
        return self.history

    def reset(self) -> None:
        """Stop and start over with the same data and options (a new run for the front end)."""
        self.reconfigure()

    def reconfigure(
        self,
        X: Any = None,
        Y: Any = None,
        initializers: Any = None,
        X_test: Any = None,
        Y_test: Any = None,
        **train_options: Any,
    ) -> None:
        """Stop, then set up a new run; unspecified arguments keep their current values."""
        args = (
            self._X if X is None else X,
            self._Y if Y is None else Y,
            self._initializers if initializers is None else initializers,
            self._X_test if X is None and X_test is None else X_test,
            self._Y_test if X is None and Y_test is None else Y_test,
            {**self._options, **train_options},
        )
        trainer = _make_trainer(*args)  # validate before touching the running state
        with self._replacing:  # two threads at once: the second run's stream and setup both get its id
            self._lifecycle.replace(RunStream(trainer, self._run_id + 1, self))
            self._run_id += 1
            self._configure(trainer, args)
        # the old run's arrays (up to the memory cap) hang in a History <-> RunRecord reference cycle,
        # which Python's cycle collector may not visit for a long time: free them now, so that pressing
        # Reset ten times never holds ten runs (~40 ms, only when a run is replaced)
        gc.collect()

    def close(self) -> None:
        """End the training thread (within a chunk, also when paused) and close the widget's views.

        Also called when the widget is garbage collected (ipywidgets' ``__del__``): the thread holds
        the lifecycle and the run, never the widget, so a dropped widget can be collected."""
        lifecycle = getattr(self, "_lifecycle", None)  # None if __init__ failed before it
        if lifecycle is not None:
            lifecycle.close()
        super().close()
        layout = getattr(self, "_own_layout", None)
        if layout is not None and layout is not self.layout:  # replaced by the user: theirs, maybe shared
            layout = None
        if layout is not None:
            layout.close()

    # ---------------------------------------------------------------- setup
    def _configure(self, trainer: Trainer, arguments: tuple) -> None:
        self._X, self._Y, self._initializers, self._X_test, self._Y_test, self._options = arguments
        self._unseen = ""
        with self.hold_sync():
            self._archive = b""
            self.error = ""
            self.notice = notice_text(trainer)
            self._setup = setup_description(trainer, self._run_id)
            self.playhead = 0
            self.progress = {"iteration": 0, "total": trainer.iterations, "rate": 0.0}

    # ---------------------------------------------------------------- front-end messages
    def _on_message(self, _widget: Any, content: Any, buffers: list) -> None:
        """Act on a front end's message; malformed or unknown ones are ignored (messages.py)."""
        message = read_message(content, self.trainer.iterations)
        if isinstance(message, Sync):
            self._lifecycle.run.answer_sync(message.run_id, message.iterations, message.frames)
        elif isinstance(message, Playhead):
            self.set_state({"playhead": message.iteration})  # as a trait update: not sent back
        elif isinstance(message, Command):
            self._command(message.action)
        elif isinstance(message, View):
            self._view_changed(message)

    def _seen(self) -> None:
        """The run was started, resumed or stopped: the note on why it paused no longer holds."""
        if self._unseen:
            self._unseen = ""
            self.notice = notice_text(self.trainer)

    def _command(self, action: str) -> None:
        """A front end's button. Whatever goes wrong (a user's initializer that now fails on Reset, a hub that
        refuses a thread on Train) is shown in the widget as status error, never raised in the kernel."""
        try:
            self._act(action)
        except Exception as exc:
            self._lifecycle.fail(exc)

    def _act(self, action: str) -> None:
        if action == Action.RESET:
            self.reset()
        elif action == Action.TRAIN and self._lifecycle.state not in (Status.ERROR, Status.CLOSED):
            self.start()  # after an error the Train button does nothing: the error stays shown
        elif action in (Action.PAUSE, Action.RESUME, Action.STOP):
            getattr(self, Action(action).value)()

    def _view_changed(self, message: View) -> None:
        """Count the views on screen. When the last one goes (output cleared, cell re-run: the widget may be
        unreachable, held only by ipywidgets' registry), pause and say why; shown again, resume. A view id is
        ``page:n``: a view from another page means the pages before it are gone (reloaded: their views never
        said so when 'pagehide' came too late), so only the newest page's views count."""
        if message.shown:
            page = message.view_id.rpartition(":")[0]
            self._views = {v for v in self._views if v.rpartition(":")[0] == page}
            if len(self._views) < MAX_VIEWS:
                self._views.add(message.view_id)
            if self._unseen and self._lifecycle.state is Status.PAUSED:
                self.resume()
            return
        if message.view_id not in self._views:  # a view never announced (or junk): nothing to count
            return
        self._views.discard(message.view_id)
        if not self._views and self._lifecycle.state is Status.TRAINING:
            self._unseen = UNSEEN_NOTE
            self.pause()
            self.notice = notice_text(self.trainer)


def check_duration(value: Any) -> float:
    """``duration`` as a float of seconds within ``wire.DURATION``'s bounds, or a ValueError/TypeError saying so."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"duration must be the seconds a run takes to play back, a number; got {value!r}")
    low, high = DURATION["min"], DURATION["max"]
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"duration must be the seconds a run takes to play, {low:g} to {high:g}; got {value!r}")
    return float(value)


def _make_trainer(X, Y, initializers, X_test, Y_test, options) -> Trainer:
    return Trainer(X, Y, initializers, X_test=X_test, Y_test=Y_test, **check_options(options))


def _status_publisher(widget: TrainingWidget):
    """The lifecycle's ``on_status``: sets the widget's status (and error) traits, holding it weakly."""
    ref = weakref.ref(widget)

    def publish(status: Status, error: BaseException | None) -> None:
        w = ref()
        if w is not None:  # no hold_sync: ipywidgets' is not thread-safe, and this runs in either thread
            w.error = f"{type(error).__name__}: {error}" if status is Status.ERROR and error is not None else ""
            w.status = status.value

    return publish
