"""What a front end may send the kernel, read defensively: malformed messages are ignored or clamped.

The kernel never trusts a message: a stale page, a hand-written ``model.send`` or a buggy host may
send strings, None, NaN, lists or 10**30 where numbers belong. ``read_message`` turns a message's
content into one of three small records, or None to ignore it; it never raises.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real
from typing import Any

COMMANDS = ("train", "pause", "resume", "stop", "reset")


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


def read_message(content: Any, iterations: int) -> Playhead | Sync | Command | None:
    """The message ``content`` of a run of ``iterations`` iterations, or None if it is malformed or unknown."""
    if not isinstance(content, dict):
        return None
    kind = content.get("type")
    if kind == "playhead":
        value = whole(content.get("iteration"))
        return None if value is None else Playhead(min(max(value, 0), iterations))
    if kind == "sync":
        return Sync(content.get("run_id"), max(whole(content.get("iterations")) or 0, 0),
                    max(whole(content.get("frames")) or 0, 0))
    if kind == "command":
        action = content.get("action")
        return Command(action) if isinstance(action, str) and action in COMMANDS else None
    return None


def whole(value: Any) -> int | None:
    """``value`` as a whole number (floats rounded down), or None if it is not a finite real number."""
    if isinstance(value, bool) or not isinstance(value, Real):
        return None
    if isinstance(value, int):
        return value
    value = float(value)
    return math.floor(value) if math.isfinite(value) else None
