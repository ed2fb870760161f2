"""Per-layer statistics recorded at each frame tell the stories the dashboard explains."""

import numpy as np
import pytest

from init_widget import load_dataset, train
from init_widget.engine.stats import HIST_BINS, histograms


@pytest.fixture(scope="module")
def runs():
    X, Y, _, _ = load_dataset()
    return dict(zip(["zeros", "random", "he"], train(X, Y, initializer=["zeros", "random", "he"], iterations=2000)))


def test_zeros_units_are_identical_and_gradients_vanish(runs):
    s = runs["zeros"].stats
    assert s.unit_spread.shape == (len(runs["zeros"].frame_iterations), 3)
    assert np.all(s.unit_spread[:, :2] == 0)  # every hidden unit computes the same thing, forever
    assert np.all(s.grad_norm[:, :2] == 0) and np.all(s.weight_norm[:, :2] == 0)
    assert np.all(s.inactive[:, :2] == 1)  # relu(0) = 0: all hidden units are "dead"


def test_large_random_saturates_the_output(runs):
    s = runs["random"].stats
    assert s.inactive[0, 2] > 0.5  # most outputs beyond 0.99 / below 0.01 at the start
    assert s.weight_norm[0, 0] > 5 * runs["he"].stats.weight_norm[0, 0]


def test_he_keeps_units_diverse(runs):
    s = runs["he"].stats
    assert np.all(s.unit_spread[:, :2] > 0) and np.all(np.isfinite(s.grad_norm))


def test_histograms_count_every_activation(runs):
    s = runs["he"].stats
    assert s.hist_counts.shape == (len(runs["he"].frame_iterations), 3, HIST_BINS)
    assert np.all(s.hist_counts[:, 0].sum(axis=1) == 10 * 300)
    assert np.all(s.hist_counts[:, 2].sum(axis=1) == 300)
    assert np.all(s.hist_range[..., 0] < s.hist_range[..., 1])


def test_histograms_equal_numpys_and_skip_non_finite():
    rng = np.random.default_rng(1)
    values = rng.normal(size=(3, 500))
    counts, ranges = histograms(values)
    for row, c, r in zip(values, counts, ranges):
        assert np.array_equal(c, np.histogram(row, bins=HIST_BINS, range=tuple(r))[0])
    values[1, :10] = np.inf
    values[2, :] = 4.0
    counts, ranges = histograms(values)
    assert counts[1].sum() == 490 and counts[2].sum() == 500 and ranges[2, 0] < 4.0 < ranges[2, 1]


@pytest.mark.parametrize(
    "row",
    [
        np.full(50, 1e-308),  # flat and subnormally close to 0
        np.r_[np.zeros(25), np.full(25, 5e-324)],  # a width of one subnormal
        np.linspace(1e-308, 3e-308, 50),  # a normal but tiny width: bins / width overflows
        np.r_[np.full(25, -1.7e308), np.full(25, 1.7e308)],  # hi - lo overflows
        np.full(50, np.finfo(np.float64).max),
        np.r_[np.full(49, np.nan), 1e300],
        np.full(50, -np.inf),
    ],
)
def test_histograms_of_degenerate_rows_count_every_finite_value(row):
    values = np.vstack([row, np.linspace(-1, 1, 50)])
    with np.errstate(over="raise", invalid="raise"):  # the arithmetic itself is safe (underflow is fine)
        counts, ranges = histograms(values)
    assert counts[0].sum() == np.isfinite(row).sum() and np.all(counts >= 0)
    assert np.all(np.isfinite(ranges)) and np.all(ranges[:, 0] < ranges[:, 1])
    assert np.array_equal(counts[1], np.histogram(values[1], bins=HIST_BINS, range=tuple(ranges[1]))[0])


@pytest.mark.parametrize(
    "options",
    [
        {"initializer": lambda shape, rng: rng.randn(*shape) * 1e-308},
        {"initializer": lambda shape, rng: rng.randn(*shape) * 1e154, "activation": "leaky_relu"},
        {"initializer": lambda shape, rng: rng.randn(*shape) * 1e300, "activation": "leaky_relu"},
        {"learning_rate": 1e-308, "activation": "tanh"},
    ],
)
def test_statistics_never_stop_training(options):
    X, Y, _, _ = load_dataset()
    run = train(X, Y, iterations=3, **options)
    assert run.costs.shape == (3,) and len(run.frame_iterations) == 4
    counts = run.stats.hist_counts
    assert np.all(counts >= 0) and np.all(counts.sum(axis=-1) <= np.array([10, 5, 1]) * 300)
    assert np.all(np.isfinite(run.stats.hist_range))
