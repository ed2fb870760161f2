"""RunStream: one run of a Trainer, trained in short chunks and streamed to a widget.

It is the ``lifecycle.Run`` the training thread drives. Every FLUSH_INTERVAL it sends what is
new since the last message as one binary delta (protocol.py) and every PROGRESS_INTERVAL the
progress and the engine's notes (divergence, thinning); nothing is ever resent except on a
front end's request (``sync``). It holds the widget only weakly: the thread must not keep a
widget alive that the user has dropped.
"""

from __future__ import annotations

import threading
import time
import weakref
from typing import Any

from ..engine import Trainer
from ..engine.no_learning import run_note
from ..wire.codec import encode
from ..wire.contract import Status, run_delta

FLUSH_INTERVAL = 0.066  # s between deltas: ~15 messages/s, far under the server's 1000/s limit
PROGRESS_INTERVAL = 0.25  # s between progress trait updates
STEP_SECONDS = 0.01  # aim for training chunks this long, so pause/stop/close act within a frame


class RunStream:
    """Trains ``trainer`` chunk by chunk and streams it to ``widget`` (its send, progress, notice)."""

    def __init__(self, trainer: Trainer, run_id: int, widget: Any):
        self.trainer = trainer
        self.run_id = run_id
        self._widget = weakref.ref(widget)
        self._lock = threading.Lock()  # the worker's deltas and sync replies go out one at a time, in order
        self._sent_iterations = 0
        self._sent_frames = 0
        self._chunk = 1
        self._segment: tuple[float, int] | None = None  # (time, iteration) training last (re)started at
        self._rate = 0.0
        self._last_flush = self._last_progress = 0.0
        self._whole: tuple[tuple, bytes] | None = None  # the whole run as last encoded for a sync, and its extent
        self._owed: tuple[int, int] | None = None  # where an earlier, shorter encoding sent for a sync ended
        self._live = False  # training: live deltas follow (settle() clears it before its last delta)

    @property
    def iterations_done(self) -> int:
        return self.trainer.record.done

    def advance(self) -> Status | None:
        t0 = time.perf_counter()
        if self._segment is None:
            self._segment = (t0, self.trainer.record.done)
            self._last_flush = self._last_progress = t0
        self._live = True
        self.trainer.step(self._chunk)
        now = time.perf_counter()
        self._chunk = max(1, min(self._chunk * 2, int(self._chunk * STEP_SECONDS / max(now - t0, 1e-6)) or 1))
        if now - self._last_flush >= FLUSH_INTERVAL:
            self.flush()
            self._last_flush = now
        if now - self._last_progress >= PROGRESS_INTERVAL:
            self.publish_progress()
            self._last_progress = now
        if self.trainer.finished:
            return Status.DIVERGED if self.trainer.all_diverged else Status.DONE
        return None

    def settle(self) -> None:
        with self._lock:
            self._live = False  # from now on a sync is answered in full: no live delta may follow
        self.flush()
        self.publish_progress()
        self._segment = None

    def publish_progress(self) -> None:
        """Set the widget's ``progress`` (iteration, total, training rate) and ``notice`` traits."""
        widget = self._widget()
        if widget is None:
            return
        done = self.trainer.record.done
        if self._segment is not None:
            started, first = self._segment
            elapsed = time.perf_counter() - started
            if elapsed > 0 and done > first:
                self._rate = round((done - first) / elapsed, 1)
        widget.progress = {"iteration": done, "total": self.trainer.iterations, "rate": self._rate}
        widget.notice = notice_text(self.trainer)

    def flush(self) -> None:
        """Send what was recorded since the last delta (or since a shorter encoding sent for a sync), if anything."""
        with self._lock:
            rec = self.trainer.record
            done, frames = rec.done, rec.frames_done
            it0, f0 = self._owed or (self._sent_iterations, self._sent_frames)
            if (done, frames) != (it0, f0):
                self._send_range(it0, f0, done, frames)
                self._sent_iterations, self._sent_frames = done, frames
            self._owed = None

    def answer_sync(self, run_id: Any, iterations: int, frames: int) -> None:
        """A front end holds ``iterations`` costs and ``frames`` frames of run ``run_id``: send the rest.

        ``iterations`` and ``frames`` are clamped to what was sent; another run's store gets everything.
        A store that lacks nothing still gets an answer ("ready"): one that hears nothing takes the
        kernel to be gone.
        """
        with self._lock:
            have_it, have_f = (
                (0, 0)
                if run_id != self.run_id
                else (min(iterations, self._sent_iterations), min(frames, self._sent_frames))
            )
            if (have_it, have_f) == (0, 0) and (self._sent_iterations or self.trainer.done):
                self._send_whole_run()
            elif (have_it, have_f) != (self._sent_iterations, self._sent_frames) or self.trainer.done:
                self._send_range(have_it, have_f, self._sent_iterations, self._sent_frames)
            else:
                widget = self._widget()
                if widget is not None:
                    widget.send({"type": "ready", "run_id": self.run_id})

    def _send_whole_run(self) -> None:
        """The run from its start in one delta, encoded once per extent: a flood of syncs with a stale or junk
        run id (each asks for the whole run) costs a send each, not an encoding of the run each. While training,
        an encoding at least half as long as the run is still sent, and the next delta starts where it ended:
        a flood encodes the run about log2(iterations) times, however many syncs it holds."""
        extent = (self._sent_iterations, self._sent_frames, self.trainer.done)
        kept = self._whole[0] if self._whole is not None else None
        if kept != extent and not (self._live and kept is not None and 2 * kept[0] >= extent[0]):
            self._whole = None  # the previous encoding is freed before the next one is made
            self._whole = (extent, encode(run_delta(self.trainer, self.run_id, 0, 0, *extent[:2])))
            kept = extent
        if kept != extent:  # a shorter encoding: the next delta (at the latest settle()'s) starts where it ends
            owed = self._owed or kept[:2]
            self._owed = (min(owed[0], kept[0]), min(owed[1], kept[1]))
        widget = self._widget()
        if widget is not None:
            widget.send({"type": "delta", "run_id": self.run_id}, [self._whole[1]])

    def _send_range(self, it0: int, f0: int, it1: int, f1: int) -> None:
        widget = self._widget()
        if widget is not None:
            blob = encode(run_delta(self.trainer, self.run_id, it0, f0, it1, f1))
            widget.send({"type": "delta", "run_id": self.run_id}, [blob])


def notice_text(trainer: Trainer) -> str:
    """The engine's notes for the user (divergence, thinning, merged seeds; once finished, a run where no
    model learned: what probably happened, which control to change), one per line."""
    hint = run_note(trainer)
    return "\n".join(trainer.notes() + ([hint] if hint else []))
