"""scale_sweep: shapes, the course's scales marked, and the sweep's models equal the named initializers'."""

import numpy as np
import pytest

from init_widget import scale_sweep, train
from init_widget.engine.sweeps import scale_marks

ITERATIONS = 300


@pytest.fixture(scope="module")
def sweep(circles):
    X, Y, X_test, Y_test = circles
    return scale_sweep(
        X, Y, scales=[0.01, 1.0, 10.0], seeds=[2, 3], iterations=ITERATIONS, X_test=X_test, Y_test=Y_test
    )


def test_shapes(sweep):
    for a in (sweep.final_cost, sweep.train_accuracy, sweep.test_accuracy):
        assert a.shape == (3, 2)
    assert sweep.seeds == [2, 3] and sweep.layers == [2, 10, 5, 1]
    assert np.all((sweep.test_accuracy >= 0) & (sweep.test_accuracy <= 1))


def test_scale_10_seed_3_is_the_course_random_run(circles, sweep):
    X, Y, X_test, Y_test = circles
    alone = train(X, Y, "random", iterations=ITERATIONS, X_test=X_test, Y_test=Y_test)
    assert sweep.final_cost[2, 1] == alone.costs[-1]
    assert sweep.test_accuracy[2, 1] == alone.test_accuracy[-1]
    assert sweep.train_accuracy[2, 1] == alone.train_accuracy[-1]


def test_he_factor_scale_1_is_he(circles):
    X, Y, _, _ = circles
    sw = scale_sweep(X, Y, scales=[1.0], seeds=[3], factor="he", iterations=50)
    assert sw.final_cost[0, 0] == train(X, Y, "he", iterations=50).costs[-1]
    assert sw.marks["He"] == (1.0, 1.0)


def test_tiny_scales_stay_at_log2(sweep):
    np.testing.assert_allclose(sweep.final_cost[0], np.log(2), atol=1e-3)


def test_marks_for_the_course_network():
    marks = scale_marks([2, 10, 5, 1], None)
    assert marks["×10"] == (10.0, 10.0) and marks["×0.01"] == (0.01, 0.01)
    assert marks["He"] == pytest.approx((np.sqrt(2 / 10), 1.0))
    assert marks["Xavier"] == pytest.approx((np.sqrt(1 / 10), np.sqrt(1 / 2)))
    xm = scale_marks([2, 10, 5, 1], "xavier")
    assert xm["Xavier"] == (1.0, 1.0) and xm["He"] == pytest.approx((np.sqrt(2), np.sqrt(2)))


def test_initializer_reopens_a_run(circles, sweep):
    X, Y, _, _ = circles
    h = train(X, Y, sweep.initializer(0), seed=2, iterations=ITERATIONS)
    assert h.costs[-1] == sweep.final_cost[0, 0]


def test_bad_arguments(circles):
    X, Y, _, _ = circles
    with pytest.raises(ValueError, match="scales"):
        scale_sweep(X, Y, scales=[0.1, -1])
    with pytest.raises(ValueError, match="factor"):
        scale_sweep(X, Y, scales=[1], factor="lecun")
    with pytest.raises(TypeError, match="seed"):
        scale_sweep(X, Y, scales=[1], seed=3)
    with pytest.raises(TypeError, match="unknown option"):
        scale_sweep(X, Y, scales=[1], iteratons=3)
