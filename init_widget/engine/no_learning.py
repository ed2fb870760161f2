"""When no model of a finished run learned, say what probably happened and which control to change.

A model "collapsed" if it ends with a constant output (its cost is the labels' entropy, ln 2 for
balanced classes, with chance accuracy) or a NaN cost (overflow): with every model there, the
learning rate is the likely cause, too large (learning_rate=5 on the course data kills every ReLU
in its first steps). A model is "still" if its cost ends within 3 % of its first finite one (or
stays infinite: a sigmoid saturated from start to end): with
every model there, the learning rate is too small or the run too short. Models that start
symmetric (zeros) are left out: not learning is their initializer's lesson, not the learning
rate's. Pure numpy; the notice the widget shows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .course import COURSE
from .diagnostics import STUCK, symmetric_layers

if TYPE_CHECKING:
    from .trainer import Trainer

CHANCE_MARGIN = 0.02  # accuracy up to this above the majority class's share counts as chance
CONSTANT_OUTPUT_TOL = 1e-3  # |cost - entropy of the labels| below this: the output is a constant
COURSE_LEARNING_RATE = COURSE.learning_rate


def first_finite(costs: np.ndarray) -> float:
    """The first finite cost of a model (nan if none): random ×10 starts at inf, a saturated sigmoid."""
    finite = np.flatnonzero(np.isfinite(costs))
    return float(costs[finite[0]]) if finite.size else math.nan


def no_learning_note(
    costs: np.ndarray, accuracy: Sequence[float], positive: float, learning_rate: float, symmetric: Sequence[bool]
) -> str:
    """The notice for a finished run (``costs``: K × iterations; ``accuracy``: final train accuracy per
    model; ``positive``: share of label 1), or "" when some model learned or none can be judged."""
    costs = np.asarray(costs, dtype=float)
    p = min(max(float(positive), 1e-12), 1 - 1e-12)
    chance = max(p, 1 - p)
    entropy = -(p * math.log(p) + (1 - p) * math.log(1 - p))
    judged = [k for k in range(costs.shape[0]) if not symmetric[k]]
    if not judged or costs.shape[1] == 0:
        return ""
    collapsed, still = [], []
    for k in judged:
        start, end = first_finite(costs[k]), float(costs[k, -1])
        at_chance = accuracy[k] <= chance + CHANCE_MARGIN
        collapsed.append(math.isnan(end) or (abs(end - entropy) <= CONSTANT_OUTPUT_TOL and at_chance))
        still.append(end == math.inf or (math.isfinite(start) and end >= STUCK * start))
    lr = f"{learning_rate:g}"
    if all(collapsed):
        diverged = " or diverged" if any(math.isnan(costs[k, -1]) for k in judged) else ""
        return (
            f"No model learned: each ends at chance ({chance:.0%} train accuracy, cost {entropy:.6f}: a constant "
            f"output){diverged}. The learning rate ({lr}) is probably too large: lower it "
            f"(the course uses {COURSE_LEARNING_RATE:g})."
        )
    if all(still):
        return (
            f"No model learned: every cost is still within {1 - STUCK:.0%} of where it started. The learning "
            f"rate ({lr}) is probably too small, or the run too short: raise the learning rate or the iterations."
        )
    if all(c or s for c, s in zip(collapsed, still)):
        return (
            f"No model learned: each ends at chance or where it started. Change the learning rate "
            f"(now {lr}; the course uses {COURSE_LEARNING_RATE:g})."
        )
    return ""


def run_note(trainer: Trainer) -> str:
    """The notice for a trainer's run once it has finished ("" before, and when some model learned)."""
    rec = trainer.record
    if not trainer.finished or rec.done == 0 or rec.frames_done == 0:
        return ""
    costs = np.array(rec.costs[:, : rec.done])
    costs[rec.stopped_at >= 0, -1] = math.nan  # a diverged model stopped there: its end is NaN
    symmetric = [bool(symmetric_layers(p, rec.layers)) for p in rec.initial]
    return no_learning_note(
        costs, rec.train_accuracy[rec.frames_done - 1], float(np.mean(trainer.Y)), rec.learning_rate, symmetric
    )
