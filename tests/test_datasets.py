import numpy as np
import pytest
from sklearn import datasets as sklearn_datasets  # a hard test dependency: the independent source of the data

from init_widget import DATASETS, load_dataset
from init_widget.engine.validation import as_layout


def test_circles_is_exactly_the_course_data():
    np.random.seed(1)
    train_X, train_Y = sklearn_datasets.make_circles(n_samples=300, noise=0.05)
    np.random.seed(2)
    test_X, test_Y = sklearn_datasets.make_circles(n_samples=100, noise=0.05)
    X, Y, X_test, Y_test = load_dataset("circles")
    assert X.shape == (2, 300) and Y.shape == (1, 300) and X_test.shape == (2, 100) and Y_test.shape == (1, 100)
    assert np.array_equal(X, train_X.T) and np.array_equal(Y, train_Y.reshape(1, -1))
    assert np.array_equal(X_test, test_X.T) and np.array_equal(Y_test, test_Y.reshape(1, -1))


@pytest.mark.parametrize("name", DATASETS)
def test_every_dataset_has_both_classes_and_is_seeded(name):
    X, Y, X_test, Y_test = load_dataset(name, n_samples=200, noise=0.1, seed=7, n_test=50)
    assert X.shape == (2, 200) and Y.shape == (1, 200) and X_test.shape == (2, 50)
    assert set(np.unique(Y)) == {0, 1} and np.all(np.isfinite(X))
    again = load_dataset(name, n_samples=200, noise=0.1, seed=7, n_test=50)
    assert np.array_equal(X, again[0]) and not np.array_equal(
        X, load_dataset(name, n_samples=200, noise=0.1, seed=8)[0]
    )
    assert not np.array_equal(X[:, :50], X_test)


def test_noise_moves_points():
    clean = load_dataset("moons", noise=0.0)[0]
    noisy = load_dataset("moons", noise=0.3)[0]
    assert np.std(noisy - clean) > 0.1


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"name": "squares"}, "choose one of: circles, gaussian, moons, spiral, xor"),
        ({"n_samples": 2}, "n_samples must be >= 4"),
        ({"noise": -1.0}, "noise must be a finite number >= 0"),
        ({"seed": -3}, "seed must be a whole number"),
        ({"n_samples": 3.5}, "n_samples must be a whole number"),
    ],
)
def test_bad_arguments_say_what_is_allowed(kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        load_dataset(**kwargs)


def test_user_arrays_in_either_layout():
    X, Y, _, _ = load_dataset()
    Xa, Ya = as_layout(X, Y)
    Xb, Yb = as_layout(X.T, Y.ravel())
    Xc, Yc = as_layout(X.T.tolist(), Y.T.astype(bool))
    assert np.array_equal(Xa, Xb) and np.array_equal(Xa, Xc)
    assert np.array_equal(Ya, Yb) and np.array_equal(Ya, Yc) and Ya.shape == (1, 300)


@pytest.mark.parametrize(
    "X, Y, error, message",
    [
        (np.zeros((2, 5)), np.array([0, 1, 0, 1]), ValueError, "one axis of X must match the number of labels"),
        (np.zeros(5), np.array([0, 1, 0, 1, 0]), ValueError, "X must be 2-D"),
        (np.array([[0.0, np.nan], [1.0, 2.0]]), np.array([0, 1]), ValueError, "NaN or infinite"),
        (np.zeros((2, 3)), np.array([0, 2, 1]), ValueError, r"labels must be 0 or 1.*\[2\]"),
        (np.array([["a", "b"], ["c", "d"]]), np.array([0, 1]), TypeError, "real numbers"),
        (np.zeros((2, 3)), np.zeros((3, 3)), ValueError, "labels must be a vector"),
    ],
)
def test_bad_user_arrays(X, Y, error, message):
    with pytest.raises(error, match=message):
        as_layout(X, Y)
