"""What a front end may send the kernel, read defensively: malformed messages are ignored or clamped.

The kernel never trusts a message: a stale page, a hand-written ``model.send`` or a buggy host may
send strings, None, NaN, lists or 10**30 where numbers belong. ``read_message`` turns a message's
content into one of four small records, or None to ignore it; it never raises.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum
from numbers import Real
from typing import Any


class Action(str, Enum):
    """What a front end's ``command`` message may ask of the run (the Train, Pause… buttons)."""

    TRAIN = "train"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    RESET = "reset"


COMMANDS = tuple(a.value for a in Action)
# Every message type in each direction with its fields (docs/protocol.md says what each means).
TO_KERNEL = {
    "playhead": ("iteration",),
    "sync": ("run_id", "iterations", "frames"),
    "command": ("action",),
    "view": ("view_id", "shown"),
}
TO_FRONT_END = {"ready": ("run_id",), "delta": ("run_id",)}


@dataclass(frozen=True)
class Playhead:
    iteration: int  # within [0, the run's iterations]


@dataclass(frozen=True)
class Sync:
    run_id: Any  # compared with the current run's id; anything else means "another run"
    iterations: int  # >= 0; the stream clamps it to what it has sent
    frames: int


@dataclass(frozen=True)
class Command:
    action: str  # one of COMMANDS


@dataclass(frozen=True)
class View:
    view_id: str  # chosen by the view, at most VIEW_ID_LENGTH characters
    shown: bool  # True: a view was rendered; False: it was removed (output cleared, cell re-run)


VIEW_ID_LENGTH = 64


def read_message(content: Any, iterations: int) -> Playhead | Sync | Command | View | None:
    """The message ``content`` of a run of ``iterations`` iterations, or None if it is malformed or unknown."""
    if not isinstance(content, dict):
        return None
    kind = content.get("type")
    if kind == "playhead":
        value = whole(content.get("iteration"))
        return None if value is None else Playhead(min(max(value, 0), iterations))
    if kind == "sync":
        return Sync(
            content.get("run_id"),
            max(whole(content.get("iterations")) or 0, 0),
            max(whole(content.get("frames")) or 0, 0),
        )
    if kind == "command":
        action = content.get("action")
        return Command(action) if isinstance(action, str) and action in COMMANDS else None
    if kind == "view":
        view_id, shown = content.get("view_id"), content.get("shown")
        ok = isinstance(view_id, str) and 0 < len(view_id) <= VIEW_ID_LENGTH and isinstance(shown, bool)
        return View(view_id, shown) if ok else None
    return None


def whole(value: Any) -> int | None:
    """``value`` as a whole number (floats rounded down), or None if it is not a finite real number."""
    if isinstance(value, bool) or not isinstance(value, Real):
        return None
    if isinstance(value, int):
        return value
    value = float(value)
    return math.floor(value) if math.isfinite(value) else None
