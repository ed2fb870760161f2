"""The course's printed numbers, reproduced: load_dataset("circles"), lr 0.01, 15000 iterations, seed 3."""

import math

import numpy as np
import pytest
from course_reference import course_model

from init_widget import load_dataset, train


@pytest.fixture(scope="module")
def course_runs():
    X, Y, X_test, Y_test = load_dataset("circles")
    runs = train(
        X,
        Y,
        initializer=["zeros", "random", "he"],
        learning_rate=0.01,
        iterations=15000,
        seed=3,
        X_test=X_test,
        Y_test=Y_test,
    )
    return dict(zip(["zeros", "random", "he"], runs)), (X, Y, X_test, Y_test)


def test_zeros_never_breaks_symmetry(course_runs):
    runs, (X, Y, X_test, Y_test) = course_runs
    zeros = runs["zeros"]
    assert zeros.costs.shape == (15000,)
    assert np.max(np.abs(zeros.costs - 0.6931471805599453)) < 1e-12
    assert zeros.accuracy(X, Y) == 0.5
    assert zeros.accuracy(X_test, Y_test) == 0.5


def test_he_matches_course_printout(course_runs):
    runs, (X, Y, X_test, Y_test) = course_runs
    he = runs["he"]
    for iteration, printed in ((0, 0.8830537463419761), (1000, 0.6879825919728063), (14000, 0.07357895962677366)):
        assert he.costs[iteration] == pytest.approx(printed, rel=1e-9)
    assert round(he.accuracy(X, Y), 4) == 0.9933
    assert he.accuracy(X_test, Y_test) == pytest.approx(0.96)


def test_large_random_starts_infinite_and_keeps_training(course_runs):
    runs, (X, Y, X_test, Y_test) = course_runs
    rnd = runs["random"]
    assert math.isinf(rnd.costs[0])
    assert np.all(np.isfinite(rnd.costs[1000:]))
    assert not np.any(np.isnan(rnd.costs))
    assert rnd.accuracy(X, Y) == pytest.approx(0.83)
    assert rnd.accuracy(X_test, Y_test) == pytest.approx(0.86)


def test_stacked_equals_alone(course_runs):
    runs, (X, Y, _, _) = course_runs
    for name in ("zeros", "random", "he"):
        alone = train(X, Y, initializer=name, iterations=15000, seed=3)
        together = runs[name]
        finite = np.isfinite(alone.costs)
        assert np.array_equal(finite, np.isfinite(together.costs))
        np.testing.assert_allclose(together.costs[finite], alone.costs[finite], rtol=1e-9, atol=0)
        for key, value in alone.parameters.items():
            np.testing.assert_allclose(together.parameters[key], value, rtol=1e-9, atol=1e-12)


def test_frames_follow_the_run(course_runs):
    runs, (X, Y, X_test, Y_test) = course_runs
    he = runs["he"]
    assert he.frame_iterations[0] == 0 and he.frame_iterations[-1] == 15000
    assert 140 <= len(he.frame_iterations) <= 160
    assert he.frames.shape == (len(he.frame_iterations), 100, 100) and he.frames.dtype == np.uint8
    # the last frame is the final model: its test accuracy is the course's
    assert he.test_accuracy[-1] == pytest.approx(he.accuracy(X_test, Y_test))
    # zeros predicts 0.5 everywhere (quantized 128 or 127); He has both classes on its grid
    assert set(np.unique(runs["zeros"].frames[-1])) <= {127, 128}
    assert he.frames[-1].min() < 30 and he.frames[-1].max() > 225


def test_every_cost_matches_the_course_loop(course_runs):
    """Not only the printed iterations: the whole He and zeros curves against the course's own loop."""
    runs, (X, Y, _, _) = course_runs
    for name in ("zeros", "he"):
        reference = np.array(course_model(X, Y, name, 15000))
        np.testing.assert_allclose(runs[name].costs, reference, rtol=1e-12, atol=0)
