"""signal_propagation against the theory behind He and Xavier, on deep networks at initialization."""

import numpy as np
import pytest

from init_widget import load_dataset, signal_propagation


@pytest.fixture(scope="module")
def relu():
    return signal_propagation(
        depth=20, width=100, activation="relu", initializers=["he", "xavier", "small", "random"], samples=1000
    )


def test_shapes(relu):
    assert relu.layers == [100] + [100] * 20
    for name in ("he", "xavier", "small", "random"):
        assert relu.activation_std[name].shape == relu.gradient_std[name].shape == (20,)


def test_he_keeps_relu_activations_xavier_halves_their_variance(relu):
    he, xavier = relu.activation_std["he"], relu.activation_std["xavier"]
    assert 0.5 < he[-1] / he[0] < 2
    assert xavier[-1] / xavier[0] < 0.01  # √(1/2) per layer: about 2**-9.5 over 19 layers
    per_layer = np.exp(np.mean(np.diff(np.log(xavier))))
    assert per_layer == pytest.approx(np.sqrt(0.5), rel=0.05)


def test_small_vanishes_large_explodes(relu):
    assert relu.activation_std["small"][-1] < 1e-20
    assert relu.activation_std["random"][-1] > 1e30
    assert np.all(np.isfinite(relu.activation_std["random"]))
    # backwards the same: the first layer's gradient is tiny with ×0.01, huge with ×10
    assert relu.gradient_std["small"][0] < 1e-20 and relu.gradient_std["random"][0] > 1e30


def test_measurement_agrees_with_theory(relu):
    for name in ("he", "xavier", "small", "random"):
        for measured, theory in (
            (relu.activation_std, relu.theory_activation_std),
            (relu.gradient_std, relu.theory_gradient_std),
        ):
            ratio = measured[name] / theory[name]
            assert np.all((ratio > 0.5) & (ratio < 2)), (name, ratio)


def test_tanh_with_xavier_stays_he_saturates():
    p = signal_propagation(depth=20, width=100, activation="tanh", initializers=["xavier", "small", "random"])
    x = p.activation_std["xavier"]
    assert x[-1] > 0.1 and x[-1] / x[0] > 0.1
    assert p.activation_std["small"][-1] < 1e-15
    assert np.all(p.activation_std["random"] > 0.95)  # saturated at ±1
    ratio = x / p.theory_activation_std["xavier"]
    assert np.all((ratio > 0.7) & (ratio < 1.4))


def test_gain_slider_redraws_the_same_weights(relu):
    twice = relu.rescaled(2.0)
    fresh = signal_propagation(depth=20, width=100, initializers=["he", "xavier", "small", "random"], gain=2.0)
    for name in ("he", "xavier"):
        np.testing.assert_allclose(twice.activation_std[name], fresh.activation_std[name], rtol=1e-6)
        np.testing.assert_allclose(twice.gradient_std[name], fresh.gradient_std[name], rtol=1e-6)
    assert twice.activation_std["he"][-1] > 1e5 * relu.activation_std["he"][-1]
    t = signal_propagation(depth=5, width=30, activation="tanh", initializers="xavier")
    np.testing.assert_allclose(
        t.rescaled(0.5).activation_std["xavier"],
        signal_propagation(depth=5, width=30, activation="tanh", initializers="xavier", gain=0.5).activation_std[
            "xavier"
        ],
        rtol=1e-6,
    )


def test_course_network_on_its_data():
    X, _, _, _ = load_dataset("circles")
    p = signal_propagation([2, 10, 5, 1], X=X, initializers=["zeros", "he"])
    assert p.activation_std["zeros"].tolist() == [0.0, 0.0, 0.0]
    assert np.all(p.activation_std["he"] > 0)


def test_bad_arguments():
    with pytest.raises(ValueError, match="activation"):
        signal_propagation(activation="softmax")
    with pytest.raises(ValueError, match="not both"):
        signal_propagation([2, 3], depth=4)
    with pytest.raises(ValueError, match="features"):
        signal_propagation([3, 4], X=np.ones((2, 10)))
    with pytest.raises(ValueError, match="gain"):
        signal_propagation(gain=0)
    with pytest.raises(ValueError, match="unknown initializer"):
        signal_propagation(initializers=["hee"])
