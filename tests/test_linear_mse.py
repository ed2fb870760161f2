"""Linear hidden units and the squared loss as first-class training options (Saxe et al.'s deep linear networks):
the engine's costs against a plain numpy loop written here, and every refusal naming its argument."""

from __future__ import annotations

import numpy as np
import pytest

from init_widget import signal_propagation, train
from init_widget.engine.initializers import initial_parameters

RNG = np.random.RandomState(0)
X = RNG.randn(6, 50)
Y = RNG.randn(1, 6) @ X / np.sqrt(6)
LAYERS = [6, 5, 4, 1]


def _reference_costs(params: dict, activation, lr: float, iterations: int) -> list[float]:
    """½ mean square of a linear output, gradient descent, written out layer by layer."""
    p = {k: v.copy() for k, v in params.items()}
    L, m, costs = len(LAYERS) - 1, X.shape[1], []
    for _ in range(iterations):
        a, cache = X, []
        for l in range(1, L + 1):
            z = p[f"W{l}"] @ a + p[f"b{l}"]
            cache.append((a, z))
            a = z if l == L else activation[0](z)
        costs.append(0.5 * np.mean((a - Y) ** 2))
        dz = (a - Y) / m
        for l in range(L, 0, -1):
            a_prev, _ = cache[l - 1]
            dW, db = dz @ a_prev.T, dz.sum(axis=1, keepdims=True)
            if l > 1:
                dz = (p[f"W{l}"].T @ dz) * activation[1](cache[l - 2][1])
            p[f"W{l}"] -= lr * dW
            p[f"b{l}"] -= lr * db
    return costs


@pytest.mark.parametrize(
    ("name", "activation"),
    [("linear", (lambda z: z, lambda z: np.ones_like(z))), ("tanh", (np.tanh, lambda z: 1 - np.tanh(z) ** 2))],
)
def test_mse_costs_are_half_the_mean_square_of_gradient_descent(name, activation):
    run = train(
        X, Y, "orthogonal", layers=LAYERS, activation=name, loss="mse", learning_rate=0.05, iterations=40, seed=1
    )
    expected = _reference_costs(initial_parameters("orthogonal", LAYERS, 1), activation, 0.05, 40)
    assert np.allclose(run.costs, expected, rtol=1e-12, atol=1e-15)
    assert run.costs[-1] < 0.5 * run.costs[0]
    assert np.allclose(run.predict(X), _final_output(run.parameters, activation[0]))
    assert run.frames is None and np.all(np.isnan(run.train_accuracy))


def _final_output(p: dict, f) -> np.ndarray:
    a, L = X, len(LAYERS) - 1
    for l in range(1, L + 1):
        z = p[f"W{l}"] @ a + p[f"b{l}"]
        a = z if l == L else f(z)
    return a


def test_bad_loss_and_targets_are_refused_by_name():
    cases = [
        (dict(loss="l2"), "unknown loss 'l2'; choose one of: cross_entropy, mse"),
        (dict(), "Y: labels must be 0 or 1 .* loss='mse'"),
        (dict(loss="mse", X_test=X, Y_test=Y), "X_test and Y_test measure test accuracy"),
    ]
    for options, message in cases:
        with pytest.raises(ValueError, match=message) as err:
            train(X, Y, "he", layers=LAYERS, iterations=2, **options)
        assert len(str(err.value)) < 300
    with pytest.raises(ValueError, match="Y: regression targets .* finite"):
        train(X, np.where(Y > 0, np.inf, Y), "he", layers=LAYERS, iterations=2, loss="mse")
    run = train(X, Y, "he", layers=LAYERS, iterations=2, loss="mse")
    with pytest.raises(ValueError, match="accuracy needs class labels"):
        run.accuracy(X, (Y > 0).astype(int))


def test_linear_units_through_signal_propagation_keep_an_orthogonal_networks_signal():
    prop = signal_propagation(
        depth=30, width=50, activation="linear", initializers=["orthogonal", "xavier"], samples=400
    )
    ortho = prop.activation_std["orthogonal"]
    # an orthogonal map keeps every sample's norm exactly; the std moves only with the (tiny) mean
    assert np.allclose(ortho, ortho[0], rtol=1e-3)
    assert np.allclose(prop.theory_activation_std["orthogonal"], ortho[0], rtol=0.05)
    assert prop.activation_std["xavier"].std() > 10 * ortho.std()
