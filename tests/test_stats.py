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
