"""Property-based tests over signal_propagation (hypothesis), as test_engine_properties covers train().

Valid calls (small networks, few samples, every activation, initializers from the registry, scaled draws,
student functions that reseed numpy and same-named lambdas) give one curve per initializer, named as
train() names its models, the same on a second call (nothing uninitialized), stds >= 0 or NaN, and leave
numpy's global RNG untouched. Hostile arguments (one at a time) are refused with a message naming the
argument, under 300 characters, having allocated under 5 MB. Derandomized; no wall-clock deadline.
"""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from refusal import assert_refused_cheaply, rng_state
from student_initializers import course_style, reseeding

from init_widget import signal_propagation, train
from init_widget.engine.network import ACTIVATIONS

SETTINGS = settings(
    max_examples=25, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)


initialize_parameters_course = course_style(seed=1)


def scaled(scale):
    return lambda shape, rng: rng.randn(*shape) * scale  # every one is named <lambda>


INITIALIZERS = st.one_of(
    st.sampled_from(["zeros", "random", "small", "he", "xavier", "glorot", "orthogonal"]),
    st.sampled_from([reseeding, initialize_parameters_course]),
    st.sampled_from([1e-300, 1e-3, 1.0, 30.0, 1e150]).map(scaled),
)


@SETTINGS
@given(
    layers=st.lists(st.integers(1, 12), min_size=2, max_size=6),
    activation=st.sampled_from(ACTIVATIONS),
    inits=st.lists(INITIALIZERS, min_size=1, max_size=4),
    samples=st.integers(2, 40),
    seed=st.integers(0, 2**32 - 1),
    gain=st.sampled_from([1e-3, 1.0, 7.0]),
)
def test_one_curve_per_initializer_the_same_every_call(layers, activation, inits, samples, seed, gain):
    before = rng_state()
    first, second = (
        signal_propagation(
            layers=layers, activation=activation, initializers=inits, samples=samples, seed=seed, gain=gain
        )
        for _ in range(2)
    )
    assert rng_state() == before
    named_by_train = [h.name for h in train(np.zeros((2, 4)), [0, 1, 0, 1], inits, layers=[2, 1], iterations=1)]
    assert list(first.activation_std) == named_by_train  # one curve per initializer, two <lambda>s included
    for curves in ("activation_std", "gradient_std", "theory_activation_std", "theory_gradient_std"):
        for name, values in getattr(first, curves).items():
            assert values.shape == (len(layers) - 1,)
            assert np.array_equal(values, getattr(second, curves)[name], equal_nan=True), (curves, name)
            assert np.all((values >= 0) | np.isnan(values)), (curves, name, values)


HOSTILE = {
    "layers": [
        lambda: [2.7, 3],
        lambda: [True, 3],
        lambda: "2,3",
        lambda: [2],
        lambda: itertools.count(1),
        lambda: [10**9, 1],
        lambda: [2, 10**7, 1],
        lambda: [2, 20000, 20000, 1],
        lambda: 5,
        lambda: [0, 3],
    ],
    "depth": [lambda: 0, lambda: 10**5, lambda: 2.5, lambda: "3", lambda: True, lambda: 5000],
    "width": [lambda: 0, lambda: 10**7, lambda: "3", lambda: 1.5],
    "samples": [lambda: 1, lambda: 10**12, lambda: "3", lambda: None],
    "X": [
        lambda: "abc",
        lambda: np.ma.masked_array(np.ones((3, 4))),
        lambda: np.full((3, 4), np.nan),
        lambda: np.zeros(3),
        lambda: [[1 + 1j] * 4] * 3,
        lambda: [[1, 2], [3]],
    ],
    "seed": [lambda: -1, lambda: "3", lambda: 2**32, lambda: 1.0],
    "gain": [lambda: 0, lambda: float("nan"), lambda: "1", lambda: True, lambda: 10**400],
    "activation": [lambda: "gelu", lambda: None],
    "initializer": [lambda: [], lambda: "hee", lambda: 3, lambda: ["he", None], lambda: itertools.count()],
    "memory_limit": [lambda: 10**400, lambda: "lots", lambda: -1, lambda: 1000],
}
ARGUMENT = {"initializer": "initializers"}  # messages say "initializer ..." of one element of initializers=


@SETTINGS
@given(bad=st.sampled_from(sorted(HOSTILE)).flatmap(lambda n: st.tuples(st.just(n), st.sampled_from(HOSTILE[n]))))
def test_a_hostile_argument_is_refused_by_name_before_allocating(bad):
    name, make = bad
    kwargs = {"layers": [3, 4, 1]} if name not in ("depth", "width") else {}
    kwargs[ARGUMENT.get(name, name)] = make()
    assert_refused_cheaply(lambda: signal_propagation(**kwargs), name)
