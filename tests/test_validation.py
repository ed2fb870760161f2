"""Bad input at the public API raises ValueError/TypeError saying what was wrong and what is allowed."""

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from init_widget import load_dataset, train

X, Y, X_TEST, Y_TEST = load_dataset()


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"learning_rate": 0}, ValueError, "learning_rate must be a finite number > 0"),
        ({"learning_rate": -0.1}, ValueError, "learning_rate must be a finite number > 0"),
        ({"learning_rate": "fast"}, TypeError, "learning_rate must be a number"),
        ({"iterations": 0}, ValueError, "iterations must be >= 1"),
        ({"iterations": 10.5}, TypeError, "iterations must be a whole number"),
        ({"layers": [3, 10, 1]}, ValueError, "first layer size must equal the number of features, 2"),
        ({"layers": [2, 10, 2]}, ValueError, "output layer must have 1 unit"),
        ({"layers": [2, 0, 1]}, ValueError, "positive whole numbers"),
        ({"layers": 5}, TypeError, "layers must be a list"),
        (
            {"activation": "gelu"},
            ValueError,
            "unknown activation 'gelu'; choose one of: leaky_relu, linear, relu, sigmoid, tanh",
        ),
        ({"initializer": "kaiming"}, ValueError, "unknown initializer 'kaiming'; choose one of: zeros, random"),
        ({"initializer": 3}, TypeError, "initializer must be a name"),
        ({"initializer": []}, ValueError, "initializers is empty"),
        ({"seed": -1}, ValueError, "seed must be a whole number"),
        ({"frame_every": 0}, ValueError, "frame_every must be >= 1"),
        ({"X_test": X_TEST}, ValueError, "give both X_test and Y_test"),
        ({"X_test": np.zeros((3, 4)), "Y_test": np.zeros((1, 4))}, ValueError, "X_test has 3 features but X has 2"),
        ({"learnin_rate": 0.1}, TypeError, "unknown option.*learnin_rate.*options are: layers, learning_rate"),
        ({"iterations": 10**30}, ValueError, "iterations must be at most 1,000,000,000"),
        ({"layers": [2, 10**20, 1]}, ValueError, "layers must hold positive whole numbers of at most 1,000,000"),
        ({"learning_rate": Fraction(10**400)}, ValueError, "learning_rate must be a finite number > 0"),
        ({"learning_rate": Fraction(-1, 10)}, ValueError, "learning_rate must be a finite number > 0"),
        ({"learning_rate": Decimal("0.1")}, TypeError, "learning_rate must be a number"),
        (
            {"initializer": np.random.randn},
            TypeError,
            r"initializer randn failed when called as f\(shape, rng\).*wrap them",
        ),
        ({"initializer": lambda shape, rng: 1 / 0}, TypeError, "initializer <lambda> failed.*ZeroDivisionError"),
        (
            {"initializer": lambda shape, rng: [[1.0, 2.0], [3.0]]},
            TypeError,
            "initializer <lambda>: W1 must be an array",
        ),
    ],
)
def test_bad_options(kwargs, error, message):
    with pytest.raises(error, match=message):
        train(X, Y, **{"iterations": 10, **kwargs})


@pytest.mark.parametrize(
    "data, error, message",
    [
        ((X, np.zeros_like(Y)), ValueError, "one class only"),
        ((X.astype(object), Y), TypeError, "real numbers"),
        ((np.where(np.arange(300) == 5, np.inf, X), Y), ValueError, "NaN or infinite"),
        ((X, Y * 2), ValueError, "labels must be 0 or 1"),
        ((X[:, :10], Y), ValueError, "there are 300 labels"),
        ((None, Y), TypeError, "X is required"),
        (([[0.0, 1.0], [2.0]], [0, 1]), ValueError, "X must be a rectangular array"),
        ((X, [[0, 1], [1]]), ValueError, "Y must be a rectangular array"),
        ((X * 1e300, Y), ValueError, "X has features as large as 1.*scale the features"),
        ((np.zeros((0, 300)), Y), ValueError, "X has no features"),
    ],
)
def test_bad_data(data, error, message):
    with pytest.raises(error, match=message):
        train(*data, iterations=10)


def test_predict_checks_its_input():
    run = train(X, Y, iterations=10)
    assert run.predict(X).shape == (1, 300) and set(np.unique(run.predict(X))) <= {0, 1}
    assert np.array_equal(run.predict(X.T), run.predict(X))
    with pytest.raises(ValueError, match="X must be 2-D with 2 features"):
        run.predict(np.zeros((3, 7)))


def test_any_real_learning_rate_is_taken_as_a_float():
    exact = train(X, Y, iterations=20, learning_rate=0.1)
    for rate in (Fraction(1, 10), np.float64(0.1), 1 / np.int64(10)):
        assert np.array_equal(train(X, Y, iterations=20, learning_rate=rate).costs, exact.costs)
    assert train(X, Y, iterations=1, learning_rate=np.float32(0.1)).learning_rate == float(np.float32(0.1))


def test_features_too_large_are_refused_in_the_test_set_too():
    with pytest.raises(ValueError, match="X_test has features as large as"):
        train(X, Y, iterations=1, X_test=X_TEST * 1e200, Y_test=Y_TEST)
    assert train(X * 1e6, Y, iterations=1).costs.shape == (1,)  # large but workable: trains
