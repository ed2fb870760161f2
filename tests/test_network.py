"""The stacked network's gradients against finite differences, for every activation."""

import numpy as np
import pytest

from init_widget import load_dataset, train
from init_widget.engine.network import ACTIVATIONS, StackedNetwork


def _cost(net: StackedNetwork) -> np.ndarray:
    ll = np.empty((net.K, 1))
    for f, args in net.iteration_ops(ll):
        f(*args)
    return -ll[:, 0] / net.m


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_backward_matches_finite_differences(activation):
    rng = np.random.RandomState(0)
    X = rng.randn(3, 40)
    Y = (rng.rand(1, 40) > 0.5).astype(float)
    layers = [3, 6, 4, 1]
    K = 2
    W = [rng.randn(K, layers[l], layers[l - 1]) * 0.7 for l in range(1, 4)]
    b = [rng.randn(K, layers[l], 1) * 0.1 for l in range(1, 4)]
    net = StackedNetwork(W, b, X, Y, activation)
    _cost(net)
    analytic = net.grad.copy()
    numeric = np.empty_like(analytic)
    eps = 1e-6
    for i in range(net.theta.size):
        saved = net.theta[i]
        net.theta[i] = saved + eps
        plus = _cost(net).sum()
        net.theta[i] = saved - eps
        minus = _cost(net).sum()
        net.theta[i] = saved
        numeric[i] = (plus - minus) / (2 * eps)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_every_activation_learns_moons(activation):
    X, Y, X_test, Y_test = load_dataset("moons", noise=0.1)
    run = train(
        X,
        Y,
        initializer="he" if "relu" in activation else "xavier",
        activation=activation,
        learning_rate=0.5 if activation == "sigmoid" else 0.1,
        iterations=3000,
        seed=1,
    )
    assert run.costs[-1] < 0.5 * run.costs[0]
    assert run.accuracy(X_test, Y_test) > 0.8


def test_deep_network_trains_without_crashing():
    X, Y, _, _ = load_dataset("spiral")
    run = train(X, Y, initializer=["he", "small"], layers=[2] + [8] * 10 + [1], iterations=200)
    assert all(np.all(np.isfinite(r.costs)) for r in run)
    assert len(run[0].parameters) == 22
