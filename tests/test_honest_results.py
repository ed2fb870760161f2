"""Results are never garbage (issue 14 §2): every model diverging, results keyed by name, notes that count seeds,
and no public engine function touching numpy's global random state."""

import numpy as np
import pytest
from student_initializers import course_style, reseeding

from init_widget import load_dataset, scale_sweep, signal_propagation, train
from init_widget.engine import Trainer

X, Y, X_TEST, Y_TEST = load_dataset()
ITERATIONS = 60  # past the divergence check at iteration 50


def overflowing(shape, rng):
    """The same huge weights whatever the seed: the cost is NaN from the first iterations on."""
    return np.full(shape, 1e200)


def test_a_sweep_where_every_model_diverges_gives_nan_costs_and_the_final_parameters_accuracies():
    """Today's code read costs and accuracies the run never wrote (6.9e-310, -3e249, 1.5, changing between calls)."""
    sweeps = [
        scale_sweep(X, Y, scales=[1e200, 1e250], seeds=[0, 1], iterations=ITERATIONS, X_test=X_TEST, Y_test=Y_TEST)
        for _ in range(2)
    ]
    for a, b in zip(vars(sweeps[0]).values(), vars(sweeps[1]).values()):
        if isinstance(a, np.ndarray):
            assert np.array_equal(a, b, equal_nan=True)  # nothing uninitialized: two calls agree
    sweep = sweeps[0]
    assert np.isnan(sweep.final_cost).all()
    for i in range(sweep.scales.size):
        for j, seed in enumerate(sweep.seeds):
            alone = train(X, Y, sweep.initializer(i), seed=seed, iterations=ITERATIONS)
            assert alone.diverged_at is not None  # each model, trained by itself, diverges too
            assert sweep.train_accuracy[i, j] == alone.accuracy(X, Y)
            assert sweep.test_accuracy[i, j] == alone.accuracy(X_TEST, Y_TEST)
    with pytest.raises(ValueError, match="no scale trained"):
        sweep.best()
    mixed = scale_sweep(X, Y, scales=[1e200, 1.0, 1e250], seeds=[0, 1], iterations=ITERATIONS)
    assert np.isnan(mixed.final_cost[[0, 2]]).all() and np.isfinite(mixed.final_cost[1]).all()
    assert mixed.best() == 1.0


def test_train_where_every_model_diverges_records_only_what_it_ran():
    for seeds in (None, 5):
        runs = [
            Trainer(
                X,
                Y,
                [overflowing, "random"],
                seeds=seeds,
                iterations=ITERATIONS,
                learning_rate=1e3,
                activation="leaky_relu",
            )
            for _ in range(2)
        ]
        for t in runs:
            t.run()
        first, second = runs
        assert first.all_diverged and not first.done
        for a, b in zip(first.ensemble, second.ensemble):
            assert a.costs.size == first.record.done < ITERATIONS
            assert np.array_equal(a.costs, b.costs, equal_nan=True) and np.isnan(a.costs[-1])
            assert np.array_equal(a.train_accuracy, b.train_accuracy)
            assert a.train_accuracy.size == a.frame_iterations.size
            assert np.all((a.train_accuracy >= 0) & (a.train_accuracy <= 1))
        assert first.notes()[-1].startswith("every model diverged, so training ended at iteration")
    # seeds=5: overflowing is the same network for every seed, trained once: it stands for all five
    assert "overflowing: 5 of its 5 seeds diverged" in " ".join(first.notes())
    assert "random: 5 of its 5 seeds diverged" in " ".join(first.notes())


def test_the_divergence_note_counts_seeds_not_trained_models():
    t = Trainer(X, Y, [overflowing, "he"], seeds=5, iterations=ITERATIONS)
    t.run()
    assert [h.diverged_at is not None for h in t.histories] == [True] + [False] * 5
    assert any(
        n.startswith("overflowing: 5 of its 5 seeds diverged") and n.endswith("the others went on") for n in t.notes()
    ), t.notes()


def test_two_functions_with_one_name_keep_both_curves_named_as_train_names_them():
    wide, narrow = (lambda shape, rng: rng.randn(*shape) * 2.0), (lambda shape, rng: rng.randn(*shape) * 0.1)
    p = signal_propagation(layers=[2, 10, 5, 1], initializers=[wide, narrow, "he"], samples=50)
    names = [h.name for h in train(X, Y, [wide, narrow, "he"], iterations=2)]
    assert list(p.activation_std) == names == ["<lambda>", "<lambda> (2)", "he"]
    assert p.activation_std["<lambda>"][0] > 10 * p.activation_std["<lambda> (2)"][0]
    assert p.weights["<lambda> (2)"][0].std() < 0.3 < p.weights["<lambda>"][0].std()


def test_a_name_that_already_ends_in_a_number_is_not_given_twice():
    def f(shape, rng):
        return rng.randn(*shape)

    def g(shape, rng):
        return rng.randn(*shape) * 0.5

    g.__name__ = "f (2)"
    names = [h.name for h in train(X, Y, [f, g, f], iterations=2)]
    assert len(set(names)) == 3 and names[:2] == ["f", "f (2)"]
    assert list(signal_propagation(layers=[2, 4, 1], initializers=[f, g, f], samples=8).gradient_std) == names


initialize_parameters_course = course_style(seed=3)


def test_no_public_engine_function_changes_the_global_random_state():
    """A guard: the engine already restored the state before issue 14 (the leaks were in the widget and the check)."""
    np.random.seed(12345)
    np.random.randn(7)
    before = np.random.get_state()
    calls = {
        "train": lambda: train(X, Y, [reseeding, initialize_parameters_course, "he"], iterations=3),
        "train(seeds=)": lambda: train(X, Y, [reseeding, initialize_parameters_course], seeds=3, iterations=3),
        "scale_sweep": lambda: scale_sweep(X, Y, scales=[0.1, 1.0], seeds=2, iterations=3),
        "signal_propagation": lambda: signal_propagation(
            layers=[2, 10, 5, 1], initializers=[reseeding, initialize_parameters_course]
        ),
        "load_dataset": lambda: load_dataset("xor", n_samples=20, n_test=10),
    }
    for name, call in calls.items():
        call()
        after = np.random.get_state()
        assert after[0] == before[0] and np.array_equal(after[1], before[1]) and after[2:] == before[2:], name


def test_cells_a_run_never_wrote_are_nan():
    """RunRecord's arrays are allocated for the whole run; a run that ended early (every model diverged) leaves
    cells unwritten. Whoever reads past done/frames_done finds NaN, not leftover memory (np.empty before)."""
    t = Trainer(X, Y, [overflowing], iterations=400, frame_every=10, X_test=X_TEST, Y_test=Y_TEST)
    t.run()
    rec = t.record
    assert 0 < rec.done < 400 and 0 < rec.frames_done < len(rec.frame_iterations)
    assert np.isnan(rec.costs[:, rec.done :]).all()
    assert (
        np.isnan(rec.train_accuracy[rec.frames_done :]).all() and np.isnan(rec.test_accuracy[rec.frames_done :]).all()
    )
    assert not np.isnan(rec.train_accuracy[: rec.frames_done]).any()
