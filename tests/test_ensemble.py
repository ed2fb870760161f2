"""Seed ensembles: every initializer × every seed in one stacked run, identical models trained once."""

import numpy as np
import pytest

from init_widget import TrainingWidget, train
from init_widget.engine import Trainer
from init_widget.engine.ensemble import seed_list, spread

ITERATIONS = 1500


@pytest.fixture(scope="module")
def ensemble(circles):
    X, Y, X_test, Y_test = circles
    return train(
        X, Y, initializer=["zeros", "random", "he"], seeds=range(5), iterations=ITERATIONS, X_test=X_test, Y_test=Y_test
    )


def test_every_initializer_with_every_seed_in_order(ensemble):
    assert [(h.name, h.seed) for h in ensemble] == [(n, s) for n in ("zeros", "random", "he") for s in range(5)]
    assert all(h.costs.size == ITERATIONS for h in ensemble)


def test_seed_3_models_equal_single_runs_to_the_bit(circles, ensemble):
    X, Y, X_test, Y_test = circles
    single = train(X, Y, initializer=["zeros", "random", "he"], iterations=ITERATIONS, X_test=X_test, Y_test=Y_test)
    for alone in single:
        together = next(h for h in ensemble if h.name == alone.name and h.seed == 3)
        assert alone.seed == 3
        assert np.array_equal(together.costs, alone.costs)  # inf at random's first iteration included
        for key, value in alone.parameters.items():
            assert np.array_equal(together.parameters[key], value), key
        assert np.array_equal(together.frames, alone.frames)
        assert np.array_equal(together.test_accuracy, alone.test_accuracy)


def test_different_seeds_give_different_models(ensemble):
    he = [h for h in ensemble if h.name == "he"]
    finals = {h.costs[-1] for h in he}
    assert len(finals) == 5
    assert not np.array_equal(he[0].initial_parameters["W1"], he[1].initial_parameters["W1"])


def test_identical_models_are_trained_once_and_said_so(circles):
    X, Y, _, _ = circles
    trainer = Trainer(X, Y, ["zeros", "he"], seeds=4, iterations=10)
    assert len(trainer.plan.initial) == 1 + 4  # zeros once, he per seed
    assert [h.name for h in trainer.histories] == ["zeros · every seed"] + [f"he · seed {s}" for s in range(4)]
    assert trainer.plan.notes == [
        "zeros starts from the same parameters for every seed, so it was trained once and stands for all 4 seeds"
    ]
    assert trainer.plan.row_info() == [{"initializer": "zeros", "seeds": [0, 1, 2, 3]}] + [
        {"initializer": "he", "seeds": [s]} for s in range(4)
    ]
    trainer.run()
    zeros = [h for h in trainer.ensemble if h.name == "zeros"]
    assert [h.seed for h in zeros] == [0, 1, 2, 3]
    assert all(h.index == zeros[0].index for h in zeros)
    assert np.array_equal(zeros[3].costs, zeros[0].costs)


def test_a_single_seed_run_is_unchanged(circles):
    X, Y, _, _ = circles
    trainer = Trainer(X, Y, ["zeros", "he", "he"], iterations=5)
    assert [h.name for h in trainer.histories] == ["zeros", "he", "he (2)"]
    assert [h.seed for h in trainer.histories] == [3, 3, 3]
    assert trainer.plan.notes == []


def test_seeds_argument_forms():
    assert seed_list(3) == [0, 1, 2]
    assert seed_list(range(2, 5)) == [2, 3, 4]
    assert seed_list(np.array([7, 1])) == [7, 1]
    for bad, error in (
        (0, ValueError),
        ([], ValueError),
        ([1, 1], ValueError),
        ("3", TypeError),
        (True, TypeError),
        ([-1], ValueError),
        (2.5, TypeError),
    ):
        with pytest.raises(error, match="seed"):
            seed_list(bad)


def test_train_with_one_initializer_and_seeds_returns_a_list(circles):
    X, Y, _, _ = circles
    runs = train(X, Y, "he", seeds=[1, 2], iterations=3)
    assert [(h.name, h.seed) for h in runs] == [("he", 1), ("he", 2)]


def test_spread_statistics(ensemble):
    s = spread(ensemble)
    assert list(s) == ["zeros", "random", "he"]
    he = s["he"]
    costs = np.array([h.costs for h in ensemble if h.name == "he"])
    np.testing.assert_array_equal(he.median_cost, np.median(costs, axis=0))
    assert np.all(he.low_cost <= he.median_cost) and np.all(he.median_cost <= he.high_cost)
    np.testing.assert_array_equal(he.low_cost, np.percentile(costs, 10, axis=0))
    assert he.seeds == [0, 1, 2, 3, 4]
    assert he.train_accuracy.shape == he.test_accuracy.shape == (5,)
    np.testing.assert_array_equal(he.final_cost, costs[:, -1])
    # random ×10 starts at inf for every seed: no band there (NaN), never an inf band
    first = np.array([h.costs[0] for h in ensemble if h.name == "random"])
    assert np.all(np.isinf(first)) and np.isnan(s["random"].median_cost[0])
    assert np.all(np.isfinite(s["random"].median_cost[-100:]))
    # zeros never moves from log 2, whatever the seed
    assert np.allclose(s["zeros"].median_cost, np.log(2), atol=1e-9)
    assert np.ptp(s["zeros"].high_cost - s["zeros"].low_cost) == 0


def test_widget_accepts_seeds(circles):
    X, Y, _, _ = circles
    w = TrainingWidget(X, Y, initializers=["zeros", "he"], seeds=3, iterations=20)
    try:
        assert [m["name"] for m in w._setup["models"]] == [
            "zeros · every seed",
            "he · seed 0",
            "he · seed 1",
            "he · seed 2",
        ]
        w.start()
        histories = w.wait(60)
        assert len(histories) == 4 and all(h.costs.size == 20 for h in histories)
    finally:
        w.close()


def test_diverged_seeds_make_one_note_per_initializer(circles):
    """At learning rate 1000 with leaky relu, random ×10 turns NaN for some seeds: one line says how many
    of its seeds, not one line per seed."""
    X, Y, _, _ = circles
    t = Trainer(X, Y, ["random", "he"], seeds=6, iterations=120, learning_rate=1e3, activation="leaky_relu")
    t.run()
    assert all(h.diverged_at is not None for h in t.histories)
    for name in ("random", "he"):
        notes = [n for n in t.notes() if n.startswith(name)]
        assert len(notes) == 1 and notes[0].startswith(f"{name}: 6 of its 6 seeds diverged")
