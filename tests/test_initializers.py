import numpy as np
import pytest

from init_widget import INITIALIZERS, load_dataset, register_initializer, train
from init_widget.engine.initializers import DESCRIPTIONS, initial_parameters, random_normal

LAYERS = [2, 10, 5, 1]


def course_he(layers_dims):
    """The course's own exercise solution, verbatim in spirit."""
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims) - 1
    for l in range(1, L + 1):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(
            2.0 / layers_dims[l - 1]
        )
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


def test_registry_lists_the_documented_initializers():
    for name in ("zeros", "random", "small", "he", "he_uniform", "xavier", "glorot", "lecun", "orthogonal"):
        assert name in INITIALIZERS


def test_he_follows_the_course_draw_order():
    ours = initial_parameters("he", LAYERS, seed=3)
    theirs = course_he(LAYERS)
    for key in theirs:
        assert np.array_equal(ours[key], theirs[key])


def test_random_is_randn_times_ten_and_small_times_point_01():
    rng = np.random.RandomState(3)
    first = rng.randn(10, 2)
    assert np.array_equal(initial_parameters("random", LAYERS, 3)["W1"], first * 10)
    assert np.array_equal(initial_parameters("small", LAYERS, 3)["W1"], first * 0.01)
    assert np.array_equal(initial_parameters(random_normal(5.0), LAYERS, 3)["W1"], first * 5)


@pytest.mark.parametrize(
    "name, std",
    [
        ("he", np.sqrt(2 / 400)),
        ("xavier", np.sqrt(1 / 400)),
        ("glorot", np.sqrt(2 / 800)),
        ("lecun", np.sqrt(1 / 400)),
        ("he_uniform", np.sqrt(2 / 400)),
        ("orthogonal", np.sqrt(1 / 400)),
    ],
)
def test_scales_are_right_on_a_wide_layer(name, std):
    W = initial_parameters(name, [400, 400, 1], seed=0)["W1"]
    assert np.std(W) == pytest.approx(std, rel=0.05)
    assert abs(np.mean(W)) < 0.1 * std


def test_orthogonal_is_orthogonal():
    W = initial_parameters("orthogonal", [5, 8, 1], seed=1)["W1"]
    np.testing.assert_allclose(W.T @ W, np.eye(5), atol=1e-12)


def test_biases_start_at_zero():
    params = initial_parameters("random", LAYERS, 3)
    assert all(not params[f"b{l}"].any() for l in (1, 2, 3))


def test_course_style_function_reproduces_builtin_training():
    X, Y, _, _ = load_dataset()
    mine = train(X, Y, initializer=course_he, iterations=300)
    builtin = train(X, Y, initializer="he", iterations=300)
    assert mine.name == "course_he"
    assert np.array_equal(mine.costs, builtin.costs)


def test_course_style_function_leaves_global_seed_alone():
    np.random.seed(123)
    expected = np.random.rand()
    np.random.seed(123)
    initial_parameters(course_he, LAYERS, 3)
    assert np.random.rand() == expected


def test_per_matrix_function_and_registration():
    def constant(shape, rng):
        return np.full(shape, 0.5)

    params = initial_parameters(constant, LAYERS, 0)
    assert np.all(params["W2"] == 0.5) and params["W2"].shape == (5, 10)
    register_initializer("half", constant, "every weight 0.5")
    try:
        assert "half" in INITIALIZERS
        X, Y, _, _ = load_dataset()
        assert train(X, Y, initializer="half", iterations=5).name == "half"
    finally:
        del INITIALIZERS["half"]


@pytest.mark.parametrize(
    "fn, error, message",
    [
        (lambda dims: {"W1": np.zeros((10, 2)), "b1": np.zeros((10, 1))}, ValueError, "returned no 'W2'"),
        (
            lambda dims: {**course_he(dims), "W2": np.zeros((10, 5))},
            ValueError,
            r"W2 has shape \(10, 5\), expected \(5, 10\)",
        ),
        (lambda dims: [1, 2], TypeError, "must return a dict"),
        (lambda shape, rng: np.full(shape, np.nan), ValueError, "NaN or infinite"),
    ],
)
def test_bad_user_initializers_name_the_bad_key(fn, error, message):
    with pytest.raises(error, match=message):
        initial_parameters(fn, LAYERS, 3)


def test_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError, match="unknown initializer 'kaiming'.*zeros, random, small, he"):
        initial_parameters("kaiming", LAYERS, 3)


def test_replacing_an_initializer_needs_replace_true():
    he, he_description = INITIALIZERS["he"], DESCRIPTIONS["he"]
    with pytest.raises(ValueError, match="'he' is a built-in initializer; pass replace=True"):
        register_initializer("he", lambda shape, rng: np.ones(shape))
    assert INITIALIZERS["he"] is he
    register_initializer("mine", lambda shape, rng: np.ones(shape))
    try:
        with pytest.raises(ValueError, match="'mine' is already registered; pass replace=True"):
            register_initializer("mine", lambda shape, rng: np.zeros(shape))
        register_initializer("mine", lambda shape, rng: np.full(shape, 2.0), replace=True)
        assert np.all(initial_parameters("mine", LAYERS, 0)["W1"] == 2.0)
        register_initializer("he", lambda shape, rng: np.ones(shape), replace=True)
        assert np.all(initial_parameters("he", LAYERS, 0)["W1"] == 1.0)
    finally:
        INITIALIZERS["he"], DESCRIPTIONS["he"] = he, he_description
        del INITIALIZERS["mine"], DESCRIPTIONS["mine"]


def reseeding(shape, rng):
    np.random.seed(0)  # a student's habit: it must not leak into the notebook's global RNG
    return rng.randn(*shape) + np.random.randn(*shape) * 0


@pytest.mark.parametrize("fn", [reseeding, course_he])
def test_user_initializers_leave_the_global_random_state_alone(fn):
    np.random.seed(123)
    expected = np.random.rand(3)
    np.random.seed(123)
    initial_parameters(fn, LAYERS, 3)
    assert np.array_equal(np.random.rand(3), expected)


def test_a_failing_course_style_function_is_named_and_the_state_restored():
    def broken(layers_dims):
        np.random.seed(1)
        return {"W1": undefined_name}  # noqa: F821

    np.random.seed(7)
    expected = np.random.rand()
    np.random.seed(7)
    with pytest.raises(TypeError, match=r"initializer broken failed when called as f\(layers_dims\).*NameError"):
        initial_parameters(broken, LAYERS, 3)
    assert np.random.rand() == expected
