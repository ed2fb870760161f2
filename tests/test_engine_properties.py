"""Property-based tests over train() (hypothesis): every input trains, or is refused by name, fast.

Generated runs mix valid options (tiny: a few dozen iterations, small layers and grids, odd data
values, odd but valid initializers) with one hostile value at a time (out of range, wrong type,
NaN, ragged data, memory bombs, initializers that fail). Either the run trains, and then each
model trained beside the others equals it trained alone, or train() raises a ValueError/TypeError
whose message names the argument. Each example must finish within hypothesis's deadline (1 s),
and the module's memory stays bounded because the budget refuses the bombs before allocating.
"""

from __future__ import annotations

import functools
import gc
from datetime import timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from student_initializers import course_style as course_style_of
from student_initializers import reseeding

from init_widget import train
from init_widget.engine import Trainer
from init_widget.engine.network import ACTIVATIONS

SETTINGS = settings(
    max_examples=30,
    deadline=timedelta(seconds=1),
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
MEMORY_BOUND_MB = 150


class Scaled:
    """A callable object (not a function) drawing randn × scale."""

    def __init__(self, scale: float):
        self.scale = scale

    def __call__(self, shape, rng):
        return rng.randn(*shape) * self.scale


INITIALIZERS = st.one_of(
    st.sampled_from(["zeros", "random", "small", "he", "xavier", "glorot", "orthogonal", "lecun_uniform"]),
    st.sampled_from([0.0, 1e-300, 1e-3, 1.0, 30.0, 1e150, 1e300]).map(Scaled),
    st.sampled_from([reseeding, course_style_of(), functools.partial(Scaled(2.0).__call__)]),
)
OPTIONS = {
    "learning_rate": st.one_of(st.floats(1e-4, 10.0), st.sampled_from([1e-308, 1e3, 1e300])),
    "iterations": st.integers(1, 55),  # past DIVERGENCE_PATIENCE (50), so models can diverge
    "seed": st.integers(0, 2**32 - 1),
    "activation": st.sampled_from(ACTIVATIONS),
    "frame_every": st.one_of(st.none(), st.integers(1, 70), st.just(10**30)),
    "grid_size": st.integers(2, 20),
}
HOSTILE = {
    "learning_rate": st.sampled_from([0, -0.1, float("nan"), float("inf"), "0.1", None, True, [0.1], 10**400]),
    "iterations": st.sampled_from([0, -1, 1.5, "10", None, True, 10**9, 10**30]),
    "seed": st.sampled_from([-1, 2**32, 1.0, None, "3"]),
    "activation": st.sampled_from(["gelu", None, 3, "RELU"]),
    "frame_every": st.sampled_from([0, -5, 0.5, "1", True]),
    "grid_size": st.sampled_from([1, 0, 2.5, 5000, 10**30]),
    "layers": st.sampled_from(
        [
            [2, 0, 1],
            [2, -1, 1],
            [2, 1.5, 1],
            [9, 4, 1],
            [2, 4, 2],
            [2],
            "2,4,1",
            7,
            [2, 10**20, 1],
            [2, 100_000, 1],
            [2, True, 1],
        ]
    ),
    "initializer": st.sampled_from(
        [
            np.random.randn,
            [],
            3,
            "kaiming",
            lambda shape, rng: np.full(shape, np.nan),
            lambda shape, rng: np.ones((1, 1)),
            lambda dims: [1],
            lambda shape, rng: 1 / 0,
            functools.partial(np.full, fill_value=0.3),
            ["he", None],
        ]
    ),
    "memory_limit": st.sampled_from([0, -1, "lots", [1], float("nan"), 1000]),
    "learnig_rate": st.just(0.1),  # a misspelt option
}


@st.composite
def data(draw, features=None):
    """(X, Y) in either layout, both classes present, values from tiny to large (but trainable)."""
    n_x = draw(st.integers(1, 3)) if features is None else features
    m = draw(st.integers(4, 40))
    rng = np.random.RandomState(draw(st.integers(0, 2**16)))
    X = rng.randn(n_x, m) * draw(st.sampled_from([1e-6, 1.0, 1e3, 1e100]))
    Y = np.arange(m) % 2
    rng.shuffle(Y)
    return (X.T if draw(st.booleans()) else X), Y


@st.composite
def runs(draw):
    X, Y = draw(data())
    n_x = X.shape[0] if X.shape[1] == Y.size else X.shape[1]
    options = draw(
        st.fixed_dictionaries(
            {"iterations": OPTIONS["iterations"]}, optional={k: v for k, v in OPTIONS.items() if k != "iterations"}
        )
    )
    if draw(st.booleans()):
        options["layers"] = [n_x] + draw(st.lists(st.integers(1, 8), max_size=3)) + [1]
    inits = draw(st.lists(INITIALIZERS, min_size=1, max_size=2))
    return X, Y, inits, options


@pytest.fixture(scope="module")
def rss():
    gc.collect()
    start = int(open("/proc/self/statm").read().split()[1]) * 4096 / 1e6
    yield lambda: int(open("/proc/self/statm").read().split()[1]) * 4096 / 1e6 - start


def same(a: np.ndarray, b: np.ndarray) -> bool:
    return np.array_equal(a, b, equal_nan=True)


@SETTINGS
@given(run=runs())
def test_valid_runs_train_and_each_model_equals_it_trained_alone(rss, run):
    X, Y, inits, options = run
    state = np.random.get_state()[1].copy()
    trainer = Trainer(X, Y, inits, **options)
    together = trainer.run()
    assert same(np.random.get_state()[1], state)  # no initializer leaked a reseed of the global RNG
    assert trainer.finished and (trainer.done or trainer.all_diverged)
    event(f"{len(inits)} model(s)")  # what the examples covered: --hypothesis-show-statistics
    event("a model diverged" if any(h.diverged_at is not None for h in together) else "no divergence")
    for init, stacked in zip(inits, together):
        alone = train(X, Y, init, **options)
        n = alone.costs.size  # shorter than the stacked run's when alone it diverged and ended early
        assert same(stacked.costs[:n], alone.costs) and np.isnan(stacked.costs[n:]).all()
        assert (stacked.diverged_at, stacked.stopped_at) == (alone.diverged_at, alone.stopped_at)
        for key, value in alone.parameters.items():
            assert same(stacked.parameters[key], value), key
        if trainer.done:
            assert stacked.costs.size == trainer.iterations
        assert np.all(stacked.stats.hist_counts >= 0)
    gc.collect()
    assert rss() < MEMORY_BOUND_MB


@SETTINGS
@given(run=runs(), bad=st.sampled_from(sorted(HOSTILE)).flatmap(lambda n: st.tuples(st.just(n), HOSTILE[n])))
def test_a_hostile_option_trains_or_is_refused_by_name(rss, run, bad):
    X, Y, inits, options = run
    name, value = bad
    if name == "initializer":
        inits = value
    else:
        options = {**options, name: value}
    try:
        result = train(X, Y, inits, **options)
    except (ValueError, TypeError) as exc:
        assert name in str(exc), f"{type(exc).__name__} for {name}={value!r} does not name it: {exc}"
    else:  # a value that happens to be valid: it trained
        assert all(h.costs.size >= 1 for h in (result if isinstance(result, list) else [result]))
    gc.collect()
    assert rss() < MEMORY_BOUND_MB


BAD_DATA = {
    "X": st.sampled_from(
        [
            [[0.0, 1.0, 2.0], [1.0, 2.0]],
            "abc",
            np.zeros((2, 4, 1)),
            3.0,
            np.array([[1 + 1j] * 4] * 2),
            np.full((2, 4), np.nan),
            np.full((2, 4), 1e300),
            np.zeros((3, 5)),
            None,
            np.zeros((0, 4)),
            np.array([["a"] * 4] * 2),
        ]
    ),
    "Y": st.sampled_from(
        [
            [0, 0, 0, 0],
            [0, 1, 2, 1],
            [[0, 1], [1]],
            np.zeros((4, 4)),
            None,
            "0101",
            [0.5] * 4,
            [0, 1, 0],
            np.array([0, 1, np.nan, 1]),
        ]
    ),
}


@SETTINGS
@given(
    base=data(features=2), bad=st.sampled_from(sorted(BAD_DATA)).flatmap(lambda n: st.tuples(st.just(n), BAD_DATA[n]))
)
def test_hostile_data_is_refused_by_name(base, bad):
    X, Y = base
    name, value = bad
    X, Y = (value, np.array([0, 1, 0, 1])) if name == "X" else (X, value)
    with pytest.raises((ValueError, TypeError)) as refused:
        train(X, Y, "he", iterations=3)
    assert name in str(refused.value), f"{name}={value!r}: {refused.value}"
