"""Bad input at the public API raises ValueError/TypeError saying what was wrong and what is allowed."""

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
        ({"activation": "gelu"}, ValueError, "unknown activation 'gelu'; choose one of: leaky_relu, relu, sigmoid, tanh"),
        ({"initializer": "kaiming"}, ValueError, "unknown initializer 'kaiming'; choose one of: zeros, random"),
        ({"initializer": 3}, TypeError, "initializer must be a name"),
        ({"initializer": []}, ValueError, "initializers is empty"),
        ({"seed": -1}, ValueError, "seed must be a whole number"),
        ({"frame_every": 0}, ValueError, "frame_every must be >= 1"),
        ({"X_test": X_TEST}, ValueError, "give both X_test and Y_test"),
        ({"X_test": np.zeros((3, 4)), "Y_test": np.zeros((1, 4))}, ValueError, "X_test has 3 features but X has 2"),
        ({"learnin_rate": 0.1}, TypeError, "unknown option.*learnin_rate.*options are: layers, learning_rate"),
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
