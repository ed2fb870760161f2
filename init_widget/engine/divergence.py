"""Divergence: a model whose cost has turned NaN for good stops; the others of its run go on.

``learning_rate=1e3`` with leaky relu is NaN from iteration 1; training it on only burns the hub's
CPU. A model is *diverged* once its cost has been non-finite for DIVERGENCE_PATIENCE iterations in a
row and is NaN (its parameters have overflowed: they never come back). An infinite cost alone is not
divergence: it is a saturated output that still learns. The course's random ×10 is inf at
iteration 0 with seed 3, and for 50 to 200 iterations with other seeds, then trains to ~83 %.

The costs are checked in blocks, vectorised, at every multiple of DIVERGENCE_PATIENCE (and at the
run's end) rather than iteration by iteration, which keeps the hot loop as it was. A diverged model
stops at the block boundary where it is found, and because the boundaries do not depend on how the
caller chunks ``Trainer.step``, a run stops at the same iteration whether it is trained in one call
or streamed from a widget.
"""

from __future__ import annotations

from typing import Any

import numpy as np

DIVERGENCE_PATIENCE = 50


class DivergenceWatch:
    """Tracks each model's streak of non-finite costs and records where it diverged and stopped.

    A streak counts once it is DIVERGENCE_PATIENCE long and its cost is NaN.

    ``diverged_at[k]`` is the first iteration of model k's non-finite streak and ``stopped_at[k]``
    the iteration from which it no longer trains; -1 while it trains on."""

    def __init__(self, diverged_at: np.ndarray, stopped_at: np.ndarray, patience: int = DIVERGENCE_PATIENCE):
        self.diverged_at, self.stopped_at = diverged_at, stopped_at
        self.patience = patience
        self.streak = np.zeros(diverged_at.shape[0], dtype=np.int64)  # non-finite costs just before ``checked``
        self.checked = 0  # costs before this iteration have been looked at

    def due(self, iteration: int, last: int) -> bool:
        """Whether the costs up to ``iteration`` are checked now (a block boundary or the last iteration)."""
        return iteration % self.patience == 0 or iteration == last

    def next_boundary(self, iteration: int) -> int:
        return (iteration // self.patience + 1) * self.patience

    @property
    def stopped(self) -> np.ndarray:
        """Indices of the models that no longer train."""
        return np.flatnonzero(self.stopped_at >= 0)

    def check(self, costs: np.ndarray, end: int) -> np.ndarray:
        """Look at ``costs[:, checked:end]``; stop the models whose streak reached the patience there.

        Returns the indices of the models stopped by this check (usually none, after one
        ``isfinite``)."""
        start, self.checked = self.checked, end
        block = costs[:, start:end]
        if not self.streak.any() and np.isfinite(block).all():
            return np.empty(0, dtype=np.int64)
        good = np.isfinite(block)
        index = np.arange(block.shape[1])
        # the last finite iteration at or before each one; before the block, as if the carried streak ended there
        last_good = np.maximum.accumulate(np.where(good, index, -1 - self.streak[:, None]), axis=1)
        run = index - last_good  # length of the non-finite streak ending at each iteration
        self.streak = run[:, -1].copy()
        reached = (run >= self.patience) & np.isnan(block)  # inf alone: saturated, still learning
        new = np.flatnonzero(reached.any(axis=1) & (self.stopped_at < 0))
        for k in new:
            j = int(np.argmax(reached[k]))
            self.diverged_at[k] = start + j - run[k, j] + 1
            self.stopped_at[k] = end
        return new


def divergence_notes(rec: Any, groups: list[dict] | None = None) -> list[str]:
    """One note per diverged model ("random ×10 diverged at iteration 1 (cost NaN); ..."), and one
    when all did. With ``groups`` (Plan.row_info(): each trained model's initializer and the seeds it
    stands for, a seeds= run) one note per initializer counting its seeds, so ten seeds never make ten lines."""
    stopped = rec.stopped_at >= 0
    notes = []
    names = [] if groups is None else [g["initializer"] for g in groups]
    for g in dict.fromkeys(names):
        mine = [k for k, n in enumerate(names) if n == g]
        rows = [k for k in mine if stopped[k]]
        if rows:
            lost, seeds = (sum(len(groups[k]["seeds"]) for k in ks) for ks in (rows, mine))
            others = "; the others went on" if not stopped.all() else ""
            notes.append(
                f"{g}: {lost} of its {seeds} seeds diverged (cost non-finite from "
                f"iteration {min(rec.diverged_at[k] for k in rows):,}) and were stopped{others}"
            )
    for k in np.flatnonzero(stopped) if groups is None else []:
        first = rec.diverged_at[k]
        kind = "NaN" if np.isnan(rec.costs[k, first]) else "inf"
        others = ", the others went on" if not stopped.all() else ""
        notes.append(
            f"{rec.histories[k].name} diverged at iteration {first:,} (cost {kind}); "
            f"it stopped at iteration {rec.stopped_at[k]:,}{others}"
        )
    if stopped.all() and rec.done < rec.iterations:
        every = "every model" if len(stopped) > 1 else "the model"
        notes.append(f"{every} diverged, so training ended at iteration {rec.done:,} of {rec.iterations:,}")
    return notes
