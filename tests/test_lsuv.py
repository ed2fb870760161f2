"""LSUV (Mishkin & Matas 2016) and data-dependent initializers: what they receive, what they produce, and
that "lsuv" works everywhere a built-in does (train, seeds=, the widget, the Explorer's controls,
check_initializer, signal_propagation)."""

from __future__ import annotations

import numpy as np
import pytest

from init_widget import INITIALIZERS, TrainingWidget, check_initializer, load_dataset, signal_propagation, train
from init_widget.engine.initializers import LSUV_TOL, Batch, initial_parameters, lsuv, wants_data
from init_widget.explorer.controls import check_initializers

X, Y, X_TEST, Y_TEST = load_dataset("circles")


def _pre_activation_variances(params: dict, X: np.ndarray, activation) -> list[float]:
    """Var(W_l a_{l-1}) on the batch, every layer, computed here from scratch (biases are 0)."""
    out, a = [], X
    for l in range(1, len(params) // 2 + 1):
        z = params[f"W{l}"] @ a + params[f"b{l}"]
        out.append(float(np.var(z)))
        a = activation(z)
    return out


@pytest.mark.parametrize(("activation", "f"), [("relu", lambda z: np.maximum(z, 0)), ("tanh", np.tanh)])
def test_every_layers_output_variance_on_the_batch_is_one(activation, f):
    layers = [2] + [32] * 29 + [1]  # the deep network of He et al.'s result (tests/test_papers_he.py)
    for seed in range(3):
        params = initial_parameters("lsuv", layers, seed, Batch(X, activation))
        variances = _pre_activation_variances(params, X, f)
        assert len(variances) == 30
        assert np.allclose(variances, 1.0, atol=LSUV_TOL)
        assert np.allclose(variances, 1.0, atol=1e-9)  # one rescaling on a fixed batch is exact (measured 1e-15)
    # orthonormal before the rescaling: each W is a scalar times a matrix with orthonormal rows or columns
    W = params["W5"]
    gram = W @ W.T
    assert np.allclose(gram, gram[0, 0] * np.eye(32), atol=1e-10)


def test_a_data_dependent_function_gets_its_layers_input_and_a_course_style_one_the_batch():
    seen = []

    def mine(shape, rng, X):
        seen.append(X.copy())
        return rng.randn(*shape) * 0.5

    params = initial_parameters(mine, [2, 4, 3, 1], 7, Batch(X, "relu"))
    assert [s.shape for s in seen] == [(2, 300), (4, 300), (3, 300)]
    assert np.array_equal(seen[0], X)
    assert np.allclose(seen[1], np.maximum(params["W1"] @ X, 0))
    assert np.allclose(seen[2], np.maximum(params["W2"] @ seen[1], 0))
    # the draws are the course's order: one per layer from RandomState(seed)
    rng = np.random.RandomState(7)
    assert np.array_equal(params["W1"], rng.randn(4, 2) * 0.5)

    def course(layers_dims, X=None):
        np.random.seed(3)
        scale = 1.0 if X is None else 1.0 / X.shape[1]
        params = {}
        for l in range(1, len(layers_dims)):
            params[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * scale
            params[f"b{l}"] = np.zeros((layers_dims[l], 1))
        return params

    with_data = initial_parameters(course, [2, 3, 1], 0, Batch(X, "relu"))
    without = initial_parameters(course, [2, 3, 1], 0)
    assert np.allclose(with_data["W1"] * 300, without["W1"])


def test_without_data_a_data_dependent_initializer_is_refused_by_name():
    with pytest.raises(ValueError, match="lsuv is data-dependent") as err:
        lsuv((3, 2), np.random.RandomState(0))
    assert len(str(err.value)) < 300

    def needs(shape, rng, X):
        return rng.randn(*shape)

    with pytest.raises(ValueError, match="needs is data-dependent") as err:
        initial_parameters(needs, [2, 3, 1], 0)
    assert len(str(err.value)) < 300
    assert wants_data("lsuv") and wants_data(needs)
    assert not wants_data("he") and not wants_data(INITIALIZERS["orthogonal"])


def test_lsuv_trains_with_seeds_beside_others_and_alone_to_the_bit():
    runs = train(X, Y, ["lsuv", "he"], layers=[2, 10, 5, 1], iterations=300, seeds=3)
    assert [(h.name, h.seed) for h in runs] == [("lsuv", s) for s in range(3)] + [("he", s) for s in range(3)]
    alone = train(X, Y, "lsuv", layers=[2, 10, 5, 1], iterations=300, seed=2)
    assert np.array_equal(runs[2].costs, alone.costs)
    assert not np.array_equal(runs[0].costs, runs[1].costs)  # seeds draw different orthonormal matrices
    first = train(X, Y, "lsuv", layers=[2, 10, 5, 1], iterations=1, seed=0).initial_parameters
    assert np.allclose(_pre_activation_variances(first, X, lambda z: np.maximum(z, 0)), 1.0)


def test_lsuv_in_the_widget_the_explorer_controls_check_and_propagation():
    w = TrainingWidget(
        X, Y, initializers=["he", "lsuv"], layers=[2, 10, 5, 1], iterations=50, X_test=X_TEST, Y_test=Y_TEST
    )
    try:
        labels = [m["label"] for m in w.setup["models"]]
        assert labels == ["He √(2/n)", "LSUV (orthogonal, variance 1 on the data)"]
    finally:
        w.close()
    assert check_initializers(["he", "lsuv"]) == ("he", "lsuv")
    verdict = check_initializer(INITIALIZERS["lsuv"])
    assert verdict.data_dependent and not verdict.ok and "data-dependent" in verdict.verdict
    inputs = np.random.RandomState(0).randn(64, 500)
    prop = signal_propagation(depth=20, width=64, initializers=["lsuv", "xavier"], X=inputs)
    # LSUV keeps every layer's pre-activation at variance 1, so relu's output std stays near √(1/2 - 1/(2π)) = 0.58
    assert np.all((prop.activation_std["lsuv"] > 0.45) & (prop.activation_std["lsuv"] < 0.7))
    assert prop.activation_std["xavier"][-1] < 0.01 * prop.activation_std["xavier"][0]
