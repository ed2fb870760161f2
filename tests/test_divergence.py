"""A model whose cost has turned NaN for good stops by itself; the others of its run go on, untouched."""

import numpy as np
import pytest

from init_widget import load_dataset, train
from init_widget.engine import Trainer
from init_widget.engine.divergence import DivergenceWatch
from init_widget.engine.trainer import DIVERGENCE_PATIENCE

X, Y, _, _ = load_dataset()
WILD = {"learning_rate": 1e3, "activation": "leaky_relu"}  # He blows up at iteration 1, zeros does not


@pytest.fixture(scope="module")
def wild():
    trainer = Trainer(X, Y, ["zeros", "he"], iterations=400, **WILD)
    trainer.run()
    return trainer


def test_a_diverged_model_stops_and_the_others_go_on(wild):
    zeros, he = wild.histories
    assert he.diverged_at == 1 and he.stopped_at == 2 * DIVERGENCE_PATIENCE  # found at the first check after the streak
    assert not np.isfinite(he.costs[1 : he.stopped_at]).any() and np.isnan(he.costs[he.stopped_at :]).all()
    assert zeros.diverged_at is None and zeros.stopped_at is None and np.isfinite(zeros.costs).all()
    assert wild.done and wild.finished and not wild.all_diverged
    alone = train(X, Y, "zeros", iterations=400, **WILD)
    assert np.array_equal(zeros.costs, alone.costs)
    for key, value in alone.parameters.items():
        assert np.array_equal(zeros.parameters[key], value)


def test_a_stopped_model_keeps_the_parameters_it_stopped_with(wild):
    he = wild.histories[1]
    at_stop = Trainer(X, Y, ["zeros", "he"], iterations=400, **WILD)
    at_stop.step(he.stopped_at)
    for key, value in at_stop.histories[1].parameters.items():
        assert np.array_equal(he.parameters[key], value, equal_nan=True)


def test_notes_say_which_model_diverged_where(wild):
    assert wild.notes() == [
        f"he diverged at iteration 1 (cost inf); it stopped at iteration {2 * DIVERGENCE_PATIENCE}, the others went on"
    ]


def test_when_every_model_diverges_training_ends():
    trainer = Trainer(X, Y, ["he", "random"], iterations=15000, **WILD)
    trainer.run()
    assert trainer.all_diverged and trainer.finished and not trainer.done
    assert trainer.record.done == 2 * DIVERGENCE_PATIENCE < 15000
    assert trainer.step(1000) == 0 and trainer.record.done == 2 * DIVERGENCE_PATIENCE
    assert [h.diverged_at for h in trainer.histories] == [1, 0]
    assert (
        trainer.notes()[-1]
        == f"every model diverged, so training ended at iteration {2 * DIVERGENCE_PATIENCE} of 15,000"
    )


def test_where_a_run_stops_does_not_depend_on_how_it_is_stepped(wild):
    stepped = Trainer(X, Y, ["zeros", "he"], iterations=400, **WILD)
    while stepped.step(7):
        pass
    for a, b in zip(stepped.histories, wild.histories):
        assert np.array_equal(a.costs, b.costs, equal_nan=True)
        assert (a.diverged_at, a.stopped_at) == (b.diverged_at, b.stopped_at)


def test_the_course_large_random_is_not_divergence():
    """random ×10's cost is inf at iteration 0 and finite after: one bad iteration is no streak."""
    runs = train(X, Y, ["zeros", "random", "he"], iterations=300)
    assert np.isinf(runs[1].costs[0])
    assert [h.diverged_at for h in runs] == [None, None, None]


def test_a_saturated_output_that_still_learns_is_not_divergence():
    """With most seeds random ×10's cost is inf for 50 to 200 iterations (the sigmoid saturates), then
    it trains: an infinite cost alone never stops a model."""
    runs = train(X, Y, "random", seeds=range(10), iterations=1500)
    assert max(int(np.isinf(h.costs).sum()) for h in runs) >= DIVERGENCE_PATIENCE  # streaks as long as the patience
    assert [h.diverged_at for h in runs] == [None] * 10
    assert all(np.isfinite(h.costs[-1]) for h in runs)


def test_an_infinite_streak_alone_does_not_stop_a_model():
    watch = _watch(patience=3)
    costs = np.full((2, 10), np.inf)
    costs[1, 6:] = np.nan
    assert list(watch.check(costs, 10)) == [1]
    assert list(watch.diverged_at) == [-1, 0]  # the streak that ended NaN counts from its first inf


def _watch(models: int = 2, patience: int = 5) -> DivergenceWatch:
    return DivergenceWatch(np.full(models, -1), np.full(models, -1), patience)


def test_a_streak_is_counted_across_blocks():
    watch = _watch()
    costs = np.ones((2, 20))
    costs[0, 8:13] = np.nan  # 5 in a row, across the check at 10
    costs[1, 3:7] = np.inf  # 4 in a row: short of the patience
    costs[1, 8:12] = np.inf
    assert list(watch.check(costs, 10)) == []
    assert list(watch.check(costs, 20)) == [0]
    assert list(watch.diverged_at) == [8, -1] and list(watch.stopped_at) == [20, -1]


def test_a_stopped_model_is_not_stopped_again():
    watch = _watch(patience=3)
    costs = np.full((2, 10), np.nan)
    assert list(watch.check(costs, 5)) == [0, 1]
    assert list(watch.check(costs, 10)) == [] and list(watch.stopped_at) == [5, 5]
