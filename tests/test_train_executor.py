"""train(..., seeds=..., executor=...) on two processes: every History equals the serial run's to the bit."""

from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest

from init_widget import load_dataset, train
from init_widget.engine.grid import models_per_group

X, Y, X_TEST, Y_TEST = load_dataset()


def overflowing(shape, rng):
    """The same huge weights whatever the seed: the cost is NaN from the first iterations on (picklable)."""
    return np.full(shape, 1e200)


def huge_for_some_seeds(shape, rng):
    """Huge weights for some seeds only (a coin per layer): those models diverge, the others train (picklable)."""
    return np.full(shape, 1e200) if rng.randint(2) else rng.randn(*shape)


def same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return np.array_equal(a, b, equal_nan=np.asarray(a).dtype.kind == "f")


def assert_same_histories(parallel, serial):
    assert [(h.name, h.seed) for h in parallel] == [(h.name, h.seed) for h in serial]
    for a, b in zip(parallel, serial):
        for name in ("costs", "frame_iterations", "frames", "train_accuracy", "test_accuracy"):
            assert same(getattr(a, name), getattr(b, name)), name
        assert (a.diverged_at, a.stopped_at) == (b.diverged_at, b.stopped_at)
        for key, value in b.parameters.items():
            assert same(a.parameters[key], value), key
        for field in ("act_mean", "act_std", "inactive", "grad_norm", "weight_norm", "hist_counts"):
            assert same(getattr(a.stats, field), getattr(b.stats, field)), field


@pytest.fixture(scope="module")
def pool():
    with ProcessPoolExecutor(2) as executor:
        yield executor


def test_the_seeds_are_split_into_several_groups():
    assert models_per_group(X, Y) // 3 < 5  # seeds=5 with three initializers makes more than one task


def test_seeds_on_two_processes_equal_the_serial_run(pool):
    opts = dict(seeds=5, iterations=400, X_test=X_TEST, Y_test=Y_TEST)
    inits = ["zeros", "random", "he"]
    assert_same_histories(train(X, Y, inits, executor=pool, **opts), train(X, Y, inits, **opts))


def test_a_single_run_on_an_executor_is_the_single_run(pool):
    a, b = (train(X, Y, "he", iterations=200, executor=e) for e in (pool, None))
    assert_same_histories([a], [b])


def test_every_model_diverging_ends_where_the_serial_run_ends(pool):
    opts = dict(seeds=6, iterations=300, learning_rate=1e3, activation="leaky_relu")
    inits = [overflowing, "random"]
    with np.errstate(all="ignore"):
        serial = train(X, Y, inits, **opts)
        parallel = train(X, Y, inits, executor=pool, **opts)
    assert all(h.stopped_at is not None for h in serial) and serial[0].costs.size < 300
    assert_same_histories(parallel, serial)


@pytest.mark.parametrize("bad", [2, "processes", object()])
def test_an_executor_that_is_not_one_is_refused_by_name(bad):
    with pytest.raises(TypeError, match="executor") as info:
        train(X, Y, "he", iterations=5, executor=bad)
    assert len(str(info.value)) < 300


def test_a_group_whose_models_all_diverge_trains_on_beside_one_that_does_not(pool):
    """The first group's seeds all diverge, the second's do not: the serial run goes on to the end, so must
    the first group (a group stopping early would have 50 costs, the serial run 300)."""
    with np.errstate(all="ignore"):
        probe = train(X, Y, huge_for_some_seeds, seeds=40, iterations=60)
    diverging = [h.seed for h in probe if h.diverged_at is not None]
    training = [h.seed for h in probe if h.diverged_at is None]
    per_group = models_per_group(X, Y)
    assert len(diverging) >= per_group and training
    opts = dict(seeds=diverging[:per_group] + training[:2], iterations=300)
    with np.errstate(all="ignore"):
        serial = train(X, Y, [huge_for_some_seeds], **opts)
        parallel = train(X, Y, [huge_for_some_seeds], executor=pool, **opts)
    assert serial[0].stopped_at is not None and serial[0].costs.size == 300
    assert_same_histories(parallel, serial)
