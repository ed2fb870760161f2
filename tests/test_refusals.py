"""Refuse before allocating, and name the argument (issue 14 §3): memory bombs in seeds=, scales= and
signal_propagation are refused having allocated under 5 MB (tracemalloc), every message names the argument
given and stays under 300 characters, strings and bools are never taken as numbers."""

import itertools

import numpy as np
import pytest
from refusal import assert_refused_cheaply as refused

from init_widget import load_dataset, scale_sweep, signal_propagation, train
from init_widget.engine import Trainer

X, Y, X_TEST, Y_TEST = load_dataset()
MANY_SCALES = np.logspace(-3, 2, 10**6)  # built here, outside the measured call


@pytest.mark.parametrize(
    "name, call, argument",
    [
        ("seeds=10**7", lambda: train(X, Y, "he", seeds=10**7), "seeds"),
        ("seeds=10**9", lambda: train(X, Y, "he", seeds=10**9), "seeds"),
        ("endless seeds", lambda: train(X, Y, "he", seeds=itertools.count()), "seeds"),
        ("sweep seeds", lambda: scale_sweep(X, Y, scales=[1.0], seeds=itertools.count(), iterations=5), "seeds"),
        ("10**6 scales", lambda: scale_sweep(X, Y, scales=MANY_SCALES, iterations=5), "scales"),
        ("endless scales", lambda: scale_sweep(X, Y, scales=itertools.count(1), iterations=5), "scales"),
        ("a NaN among scales", lambda: scale_sweep(X, Y, scales=np.append(MANY_SCALES[:999], np.nan)), "scales"),
        ("depth=10**5", lambda: signal_propagation(depth=10**5), "depth"),
        ("depth 5000", lambda: signal_propagation(depth=5000), "depth"),
        ("wide layers", lambda: signal_propagation(layers=[2, 20000, 20000, 1]), "layers"),
        ("huge input", lambda: signal_propagation(layers=[10**6, 1], samples=10**5), "samples"),
        ("endless layers", lambda: signal_propagation(layers=itertools.count(1)), "layers"),
        ("memory_limit=10**400", lambda: train(X, Y, "he", iterations=5, memory_limit=10**400), "memory_limit"),
    ],
)
def test_memory_bombs_are_refused_before_allocating(name, call, argument):
    refused(call, argument)


def test_seeds_over_the_cap_are_named_as_the_cause():
    """4000 seeds of the course run need ~4 GB; one seed fits: the refusal names seeds (and the initializers,
    which together with the seeds make the models)."""
    message = refused(lambda: train(X, Y, ["he", "random"], seeds=4000), "seeds (4,000)")
    assert "initializers (2)" not in message  # one initializer with 4000 seeds is still over
    many = refused(lambda: train(X, Y, ["he", "random", "small", "xavier"], memory_limit="10MB"), "initializers (4)")
    assert "seeds" not in many
    one, two = (Trainer(X, Y, "he", seeds=n, iterations=100).memory_estimate for n in (1, 2))
    both = refused(
        lambda: train(X, Y, ["he", "random"], seeds=2, iterations=100, memory_limit=(one + two) // 2), "seeds (2)"
    )
    assert "initializers (2)" in both  # neither alone is enough: only one model fits


def test_the_estimate_counts_zeros_once_over_seeds():
    """zeros is the same network for every seed and is trained once: 11 models for zeros + he over 10 seeds."""
    eleven = Trainer(X, Y, "he", seeds=11, iterations=100).memory_estimate
    assert Trainer(X, Y, "he", seeds=20, iterations=100).memory_estimate > 1.5 * eleven
    t = Trainer(X, Y, ["zeros", "he"], seeds=10, iterations=100, memory_limit=eleven)  # 20 models would be over
    assert len(t.plan.initial) == 11 and t.memory_estimate == eleven


def test_a_sweep_refusal_names_scales():
    message = refused(lambda: scale_sweep(X, Y, scales=np.logspace(-3, 2, 900), seeds=20), "scales (900)")
    assert "seeds (20)" in message


NOT_NUMBERS = [
    (lambda: scale_sweep(X, Y, scales="1", iterations=5), "scales"),
    (lambda: scale_sweep(X, Y, scales=[True, 1], iterations=5), "scales"),
    (lambda: scale_sweep(X, Y, scales=np.array([True, False]), iterations=5), "scales"),
    (lambda: scale_sweep(X, Y, scales=["1", 2.0], iterations=5), "scales"),
    (lambda: scale_sweep(X, Y, scales=[1 + 1j], iterations=5), "scales"),
    (lambda: train(X, Y, "he", layers=[2.7, 10, 1], iterations=5), "layers"),
    (lambda: train(X, Y, "he", layers=[2, True, 1], iterations=5), "layers"),
    (lambda: train(X, Y, "he", layers=[2] + [10] * 100_000 + [2], iterations=5), "layers"),  # quoted short
    (lambda: signal_propagation(layers=[2.7, 10, 1]), "layers"),
    (lambda: signal_propagation(layers=[True, 3]), "layers"),
    (lambda: signal_propagation(layers="2,3"), "layers"),
    (lambda: signal_propagation(X="abc"), "X"),
    (lambda: train(X, Y, "he", seeds=[3, -1], iterations=5), "seeds"),
    (lambda: train(X, Y, "he", seeds=[1, True], iterations=5), "seeds"),
    (lambda: train(X, Y, "he", seeds=["3"], iterations=5), "seeds"),
    (lambda: train(X, Y, "he", seeds=[2, 2], iterations=5), "seeds"),
]


def test_strings_and_bools_are_not_numbers_and_errors_name_the_argument():
    for call, argument in NOT_NUMBERS:
        refused(call, argument)


@pytest.mark.parametrize("argument", ["X", "Y"])
def test_a_masked_array_is_refused(argument):
    data = {"X": X, "Y": Y}
    data[argument] = np.ma.masked_array(data[argument], mask=np.zeros_like(data[argument], dtype=bool))
    message = refused(lambda: train(data["X"], data["Y"], "he", iterations=5), argument)
    assert "masked" in message
    refused(lambda: signal_propagation(layers=[2, 3, 1], X=np.ma.masked_array(X)), "X")
    refused(lambda: train(X, Y, "he", iterations=5).predict(np.ma.masked_array(X)), "X")


def test_numpy_integers_behave_exactly_as_python_ints():
    """A sweep records two frames (start and end); with iterations=np.int64 it used to record ~168: at a memory
    cap that fits the two-frame run only, np.int64(60) must be accepted as 60 is, with identical results."""
    need = Trainer(X, Y, [lambda s, r: r.randn(*s)] * 2, seeds=2, iterations=60, frame_every=60).memory_estimate
    sweeps = [
        scale_sweep(X, Y, scales=[0.1, 1.0], seeds=2, iterations=n, memory_limit=need + 1) for n in (60, np.int64(60))
    ]
    assert np.array_equal(sweeps[0].final_cost, sweeps[1].final_cost)
    assert np.array_equal(sweeps[0].train_accuracy, sweeps[1].train_accuracy)
    a, b = (
        train(X, Y, "he", iterations=n, frame_every=f, grid_size=g)
        for n, f, g in ((300, 7, 20), (np.int64(300), np.int32(7), np.int16(20)))
    )
    assert np.array_equal(a.frame_iterations, b.frame_iterations) and np.array_equal(a.costs, b.costs)
    assert type(Trainer(X, Y, "he", iterations=np.int64(10)).iterations) is int
