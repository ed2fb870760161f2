"""Property-based tests over scale_sweep (hypothesis), as test_engine_properties covers train().

Valid sweeps (tiny: a few dozen iterations, small data) from scales that train to scales that overflow
at once: every result is what the (scale, seed) model gives trained alone, so nothing uninitialized is
ever read (two calls agree, a diverged model's final cost is NaN), and numpy's global RNG is untouched.
Hostile arguments (one at a time) are refused with a message naming the argument, under 300 characters,
having allocated under 5 MB. Derandomized; no wall-clock deadline (the machine is shared).
"""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from refusal import assert_refused_cheaply, rng_state

from init_widget import scale_sweep, train
from init_widget.engine.network import ACTIVATIONS

SETTINGS = settings(
    max_examples=20, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
SCALES = st.lists(st.sampled_from([1e-3, 0.3, 1.0, 10.0, 1e100, 1e200, 1e300]), min_size=1, max_size=3, unique=True)


@st.composite
def data(draw):
    m = draw(st.integers(4, 30))
    rng = np.random.RandomState(draw(st.integers(0, 2**16)))
    Y = np.arange(m) % 2
    rng.shuffle(Y)
    return rng.randn(2, m), Y


@st.composite
def sweeps(draw):
    X, Y = draw(data())
    options = {
        "iterations": draw(st.integers(1, 55)),
        "activation": draw(st.sampled_from(ACTIVATIONS)),
        "learning_rate": draw(st.sampled_from([0.01, 1.0, 1e3])),
        "layers": [2, draw(st.integers(1, 5)), 1],
    }
    seeds = draw(st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=2, unique=True))
    return X, Y, draw(SCALES), seeds, draw(st.sampled_from([None, "he", "xavier"])), options


@SETTINGS
@given(case=sweeps())
def test_every_result_is_the_model_trained_alone(case):
    X, Y, scales, seeds, factor, options = case
    before = rng_state()
    first, second = (scale_sweep(X, Y, scales=scales, seeds=seeds, factor=factor, **options) for _ in range(2))
    assert rng_state() == before
    for a, b in ((first.final_cost, second.final_cost), (first.train_accuracy, second.train_accuracy)):
        assert np.array_equal(a, b, equal_nan=True)
    for i in range(len(scales)):
        for j, seed in enumerate(seeds):
            alone = train(X, Y, first.initializer(i), seed=seed, **options)
            ran_through = alone.costs.size == options["iterations"] and alone.stopped_at is None
            cost = first.final_cost[i, j]
            assert np.isnan(cost) if not ran_through else np.array_equal(cost, alone.costs[-1], equal_nan=True)
            # what the model trained alone recorded last (its final frame, or after a divergence its parameters)
            final = alone.train_accuracy[-1] if ran_through else alone.accuracy(X, Y)
            assert first.train_accuracy[i, j] == final
    try:
        best = first.best()
    except ValueError as exc:
        assert "no scale trained" in str(exc) and not np.isfinite(np.median(first.final_cost, axis=1)).any()
    else:
        assert best in first.scales and np.isfinite(np.median(first.final_cost[list(first.scales).index(best)]))


HOSTILE = {
    "scales": [
        lambda: "1",
        lambda: [True, 1.0],
        lambda: np.array([True]),
        lambda: [1.0, "2"],
        lambda: [],
        lambda: [0.1, -1.0],
        lambda: [1.0, np.nan],
        lambda: np.logspace(0, 1, 10**4),
        lambda: itertools.count(1),
        lambda: [1 + 1j],
        lambda: 0.0,
        lambda: {"a": 1},
    ],
    "seeds": [
        lambda: 0,
        lambda: -1,
        lambda: 10**7,
        lambda: 10**9,
        lambda: "3",
        lambda: [1, 1],
        lambda: [],
        lambda: itertools.count(),
        lambda: [2**32],
        lambda: True,
        lambda: 2.5,
        lambda: [None],
    ],
    "iterations": [lambda: 0, lambda: "5", lambda: 1.5, lambda: 10**30, lambda: True, lambda: None],
    "factor": [lambda: "lecun", lambda: 3, lambda: "He"],
    "memory_limit": [lambda: 10**400, lambda: "lots", lambda: -1, lambda: 1000, lambda: [1]],
    "layers": [lambda: [2, 10**7, 1], lambda: [2.5, 3, 1], lambda: [2, 3], lambda: "2,3,1"],
}


@SETTINGS
@given(
    base=data(),
    bad=st.sampled_from(sorted(HOSTILE)).flatmap(lambda n: st.tuples(st.just(n), st.sampled_from(HOSTILE[n]))),
)
def test_a_hostile_argument_is_refused_by_name_before_allocating(base, bad):
    X, Y = base
    name, make = bad
    kwargs = {"scales": [0.5], "seeds": [0], "iterations": 3, name: make()}
    assert_refused_cheaply(lambda: scale_sweep(X, Y, **kwargs), name)
