"""The contract with the front end: run statuses, the setup and deltas a run is described by, the binary
codec, and the messages a front end may send. Imports only ``engine``; ``widget`` builds on it."""

from .codec import Delta, decode, encode
from .contract import DURATION, STATUS_NAMES, TRAITS, Status, model_colors, model_label, run_delta, setup_description
from .messages import COMMANDS, Action, Command, Playhead, Sync, read_message

__all__ = [
    "COMMANDS",
    "DURATION",
    "TRAITS",
    "Action",
    "STATUS_NAMES",
    "Command",
    "Delta",
    "Playhead",
    "Status",
    "Sync",
    "decode",
    "encode",
    "model_colors",
    "model_label",
    "read_message",
    "run_delta",
    "setup_description",
]
