"""The kernel's side of the wire: what the front end is told about a run.

One place for the mapping from a Trainer to what travels: the static ``_setup`` description
(models with their colours and display labels, grid, points, options), the run deltas that
``protocol.encode`` turns into bytes, and the status names. The widget (live stream) and the
export (offline page) both use it, so the two can never describe a run differently.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import numpy as np

from ..engine import Trainer
from ..engine.check import check_initializer
from .codec import Delta

PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#999999", "#F0E442")  # Okabe–Ito
# the same initializer keeps its colour from one comparison to the next
NAMED_COLORS = {
    "zeros": "#E69F00",
    "random": "#56B4E9",
    "he": "#009E73",
    "small": "#CC79A7",
    "xavier": "#D55E00",
    "lecun": "#0072B2",
    "glorot": "#999999",
    "orthogonal": "#0072B2",
    "standard_uniform": "#882255",
    "glorot_uniform": "#332288",  # Tol wine, indigo
    "lsuv": "#AA4499",
}  # Tol purple
# what a panel calls an initializer: its name with its scale, as the course says it
LABELS = {
    "zeros": "zeros",
    "random": "random ×10",
    "small": "small ×0.01",
    "he": "He √(2/n)",
    "he_uniform": "He uniform √(6/n)",
    "xavier": "Xavier √(1/n)",
    "glorot": "Glorot √(2/(n_in+n_out))",
    "lecun": "LeCun √(1/n)",
    "lecun_uniform": "LeCun uniform √(3/n)",
    "orthogonal": "orthogonal",
    "standard_uniform": "standard uniform 1/√n",
    "glorot_uniform": "normalized uniform √(6/(n_in+n_out))",
    "lsuv": "LSUV (orthogonal, variance 1 on the data)",
}


class Status(str, Enum):
    """The ``status`` trait's values; the front end reads them from js/src/contract.ts (tests/wire/test_contract.py)."""

    IDLE = "idle"
    TRAINING = "training"
    PAUSED = "paused"
    STOPPED = "stopped"
    DONE = "done"
    DIVERGED = "diverged"
    ERROR = "error"
    CLOSED = "closed"


STATUS_NAMES = tuple(s.value for s in Status)

DURATION = {"default": 18.0, "min": 0.5, "max": 3600.0}  # s a whole run takes to play back: watchable at any speed

# The TrainingWidget's synced traits and their JSON types: the widget declares them as traitlets,
# tests/wire/test_contract.py checks the two agree, and the front end's model is typed from this table.
TRAITS = {
    "_setup": "object",
    "status": "string",
    "error": "string",
    "notice": "string",
    "progress": "object",
    "playhead": "integer",
    "speed": "number",
    "duration": "number",
    "loop": "boolean",
    "follow_live": "boolean",
    "show_test": "boolean",
    "log_scale": "boolean",
    "_archive": "bytes",
}


def model_colors(names: list[str]) -> list[str]:
    """A distinct colour per model: the initializer's own where free, then the unused ones in order."""
    out: list[str | None] = []
    for name in names:
        color = NAMED_COLORS.get(name)
        out.append(color if color is not None and color not in out else None)
    spare = iter([c for c in PALETTE if c not in out] * (len(names) // len(PALETTE) + 1))
    return [c if c is not None else next(spare) for c in out]


def model_label(name: str) -> str:
    """The name a panel shows: built-ins carry their scale ("random ×10"), others their own name."""
    return LABELS.get(name, name)


def run_delta(trainer: Trainer, run_id: int, it0: int, f0: int, it1: int, f1: int) -> Delta:
    """The slice [it0, it1) of costs and [f0, f1) of frames of a run, ready to encode."""
    rec = trainer.record
    return Delta(
        run_id=run_id,
        iter_start=it0,
        costs=rec.costs[:, it0:it1],
        frame_start=f0,
        frames=None if rec.frames is None else rec.frames[f0:f1],
        train_acc=rec.train_accuracy[f0:f1],
        test_acc=None if rec.test_accuracy is None else rec.test_accuracy[f0:f1],
        done=trainer.done and it1 == trainer.iterations and f1 == len(rec.frame_iterations),
    )


def setup_description(trainer: Trainer, run_id: int) -> dict:
    """The static part of a run the front end needs: models, grid, points, options (JSON)."""
    rec = trainer.record
    grid = rec.grid
    return {
        "run_id": run_id,
        "models": _models(trainer),
        "iterations": trainer.iterations,
        "frame_iterations": rec.frame_iterations.tolist(),
        "grid": None
        if grid is None
        else {"x_min": grid.x_min, "x_max": grid.x_max, "y_min": grid.y_min, "y_max": grid.y_max, "size": grid.size},
        "points": None
        if grid is None
        else {
            "train": _points(trainer.X, trainer.Y),
            "test": None if trainer.X_test is None else _points(trainer.X_test, trainer.Y_test),
        },
        "features": int(trainer.X.shape[0]),
        "layers": rec.layers,
        "activation": rec.activation,
        "learning_rate": rec.learning_rate,
        "seed": trainer.seeds[0] if len(trainer.seeds) == 1 else None,
        "seeds": trainer.seeds if len(trainer.seeds) > 1 else None,
    }


def _verdict(fn: Any, trainer: Trainer) -> str:
    """The check's one line on a user's function; a network too large to check (the check needs more memory
    than training, which train() accepted) says so instead of refusing the run."""
    try:
        return check_initializer(fn, trainer.record.layers, seed=trainer.seeds[0]).verdict
    except ValueError as exc:
        return f"not checked: {exc}"[:300]


def _models(trainer: Trainer) -> list[dict]:
    """Per trained model: name, label, colour; with seeds= its initializer and seeds (one colour per
    initializer); for a user's own function the check's one-line verdict as its ``note``."""
    rows = trainer.plan.row_info()
    groups = list(dict.fromkeys(r["initializer"] for r in rows))
    colors = dict(zip(groups, model_colors(groups)))
    notes = {g: _verdict(spec, trainer) for g, spec in zip(groups, trainer.specs) if callable(spec)}
    several = len(trainer.seeds) > 1
    out = []
    for h, row in zip(trainer.histories, rows):
        group = row["initializer"]
        model = {
            "name": h.name,
            "label": _seeded_label(group, row["seeds"], len(trainer.seeds)),
            "color": colors[group],
        }
        if several:
            model.update(initializer=group, seeds=row["seeds"])
        if group in notes:
            model["note"] = notes[group]
        out.append(model)
    if not several:  # one model per initializer: each its own colour, as before
        for model, color in zip(out, model_colors([m["name"] for m in out])):
            model["color"] = color
    return out


def _seeded_label(initializer: str, seeds: list[int], total: int) -> str:
    """ "He √(2/n)", "He √(2/n) · seed 4", "zeros · every seed" or "… · seeds 1, 4"."""
    label = model_label(initializer)
    if total == 1:
        return label
    if len(seeds) == total:
        return f"{label} · every seed"
    return f"{label} · seed {seeds[0]}" if len(seeds) == 1 else f"{label} · seeds {', '.join(map(str, seeds))}"


def _points(X: np.ndarray, Y: np.ndarray) -> dict:
    return {"x": np.round(X[0], 5).tolist(), "y": np.round(X[1], 5).tolist(), "label": Y[0].astype(int).tolist()}
