"""Properties of check_initializer over generated students' functions and generated bad arguments.

No garbage (every number finite, every printed equation true, ok exactly when the function was written to do
what is asked), refusals before allocating, numpy's global random state untouched, errors naming the argument.
The oracle is this file's own formulas, not the check's table.
"""

import tracemalloc

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_check_table import assert_equations_true

from init_widget import check_initializer
from init_widget.engine.budget import memory_limit
from init_widget.engine.check import MISNAMED_RATE, check_bytes

# the rules as this test writes them: (draw, factor of n_prev and n)
RULES = {
    "he": ("normal", lambda i, o: np.sqrt(2.0 / i)),
    "xavier": ("normal", lambda i, o: np.sqrt(1.0 / i)),
    "glorot": ("normal", lambda i, o: np.sqrt(2.0 / (i + o))),
    "random": ("normal", lambda i, o: 10.0),
    "small": ("normal", lambda i, o: 0.01),
    "he_uniform": ("uniform", lambda i, o: np.sqrt(6.0 / i)),
    "lecun_uniform": ("uniform", lambda i, o: np.sqrt(3.0 / i)),
    "zeros": ("zeros", lambda i, o: 0.0),
}
NAMES = {
    "he": "He",
    "xavier": "Xavier",
    "glorot": "Glorot",
    "random": "random ×10",
    "small": "small ×0.01",
    "he_uniform": "He uniform",
    "lecun_uniform": "LeCun uniform",
    "zeros": "zeros",
}


def written(rule, multiplier, index_mistake, draw, bias):
    """The factor the student's code uses per layer, and the function itself (course style)."""
    kind, rule_factor = RULES[rule]

    def factor(n_prev, n):
        return multiplier * (rule_factor(n, n_prev) if index_mistake else rule_factor(n_prev, n))

    def initialize(layers_dims):
        g = np.random.default_rng(7)
        np.random.seed(3)
        parameters = {}
        for l in range(1, len(layers_dims)):
            n, n_prev = layers_dims[l], layers_dims[l - 1]
            a = factor(n_prev, n)
            if draw == "rand":
                W = np.random.rand(n, n_prev) * a
            elif draw == "default_rng":
                W = g.standard_normal((n, n_prev)) * a
            elif kind == "uniform":
                W = np.random.uniform(-a, a, (n, n_prev))
            else:
                W = np.random.randn(n, n_prev) * a
            parameters["W" + str(l)], parameters["b" + str(l)] = W, np.zeros((n, 1)) + bias
        return parameters

    return factor, initialize


@st.composite
def students(draw):
    rule = draw(st.sampled_from(sorted(RULES)))
    multiplier = draw(st.sampled_from([1.0, 1.0, 0.8, 1.2, 3.0, 0.1, -1.0]) | st.floats(0.01, 100))
    index_mistake = draw(st.booleans())
    how = draw(st.sampled_from(["seed's stream", "seed's stream", "rand", "default_rng"]))
    bias = draw(st.sampled_from([0.0, 0.0, 0.1]))
    layers = draw(st.lists(st.integers(1, 12), min_size=2, max_size=5))
    expect = draw(st.sampled_from([None, None, "he", "xavier", "zeros", "he_uniform"]))
    return rule, multiplier, index_mistake, how, bias, layers, expect


def _state_equal(a, b):
    return a[0] == b[0] and np.array_equal(a[1], b[1]) and a[2:] == b[2:]


def oracle_ok(rule, factor, how, bias, layers, expect):
    """Does the written function give, in every layer, the expected rule's weights (any rule's, with no
    expectation)? Computed from the factors it uses and this file's own rules."""
    if RULES[rule][0] == "zeros":  # all weights 0, however they were drawn
        return bias == 0.0 and expect in (None, "zeros")
    pairs = [(layers[l - 1], layers[l]) for l in range(1, len(layers))]
    if bias != 0.0 or how != "seed's stream" or all(i * o == 1 for i, o in pairs):
        return False  # one weight per layer fits any factor: nothing shows the seed's draws
    used = [factor(i, o) for i, o in pairs]
    return any(
        RULES[key][0] == RULES[rule][0]
        and np.allclose(used, [RULES[key][1](i, o) for i, o in pairs], rtol=1e-9, atol=0)
        for key in ([expect] if expect else RULES)
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(students(), st.integers(0, 2**32 - 1))
def test_every_verdict_is_true(student, seed):
    rule, multiplier, index_mistake, how, bias, layers, expect = student
    factor, fn = written(rule, multiplier, index_mistake, how, bias)
    np.random.seed(seed % 1000)
    before = np.random.get_state()
    r = check_initializer(fn, layers=layers, expect=expect)
    assert _state_equal(before, np.random.get_state())
    text = str(r)
    assert r.error is None and r.verdict.strip() and all(isinstance(line, str) for line in r.lines)
    assert_equations_true(r)
    assert r.factor is None or np.isfinite(r.factor)
    for c in r.layers:
        assert np.isfinite(c.std) and (c.factor is None or np.isfinite(c.factor))
        assert c.ratio is None or np.isfinite(c.ratio)
    assert r.ok is oracle_ok(rule, factor, how, bias, layers, expect), text
    if r.ok:
        assert r.exact and (expect is None or r.rule == NAMES[expect])
    if how == "default_rng" and RULES[rule][0] != "zeros":  # zeros are zeros, from any stream
        assert not r.exact and "exactly" not in r.verdict
    if how == "seed's stream" and RULES[rule][0] != "zeros" and multiplier != 0:
        # the factor per layer is exact: the one the code uses (a layer of one weight needs the others to confirm)
        for c, (i, o) in zip(r.layers, [(layers[l - 1], layers[l]) for l in range(1, len(layers))]):
            if c.factor is not None:
                assert c.factor == pytest.approx(factor(i, o), rel=1e-9)
        if any(c.size > 1 for c in r.layers):
            assert r.exact


def he_elsewhere(seed, name):
    """A correct He drawn with default_rng (as torch draws from its own generator)."""

    def initialize(layers_dims):
        g = np.random.default_rng(seed)
        parameters = {}
        for l in range(1, len(layers_dims)):
            n, n_prev = layers_dims[l], layers_dims[l - 1]
            parameters["W" + str(l)] = g.standard_normal((n, n_prev)) * np.sqrt(2 / n_prev)
            parameters["b" + str(l)] = np.zeros((n, 1))
        return parameters

    initialize.__name__ = name
    return initialize


def test_misnaming_rate_from_another_stream_is_what_the_docstring_says():
    import init_widget.engine.check as check

    def misnamed(name, layers, seeds):
        results = [check_initializer(he_elsewhere(seed, name), layers=layers) for seed in seeds]
        assert not any(r.ok or r.exact or "exactly" in r.verdict for r in results)
        return sum(r.rule != "He" for r in results)

    expected, anything = ("initialize_parameters_he", "mine")
    assert misnamed(expected, [2, 10, 5, 1], range(100)) / 100 <= MISNAMED_RATE == 0.02
    assert misnamed(anything, [2, 10, 5, 1], range(100)) <= 6
    counts = [
        misnamed(expected, [2, 10, 5, 1], range(100)),
        misnamed(expected, [2, 10, 5, 1], range(1000)),
        misnamed(anything, [2, 10, 5, 1], range(100)),
        misnamed(anything, [2, 10, 5, 1], range(1000)),
        misnamed(anything, [5, 4, 3, 1], range(100)),
    ]
    said = " ".join(check.__doc__.split())
    assert counts == [0, 2, 4, 34, 21]  # the measured figures the docstring states
    for words in (
        "at most 2% (measured 0 of 100; 2 of 1000)",
        "wrong in at most 6 of 100 (measured 4; 34 of 1000)",
        "[5, 4, 3, 1] (35 weights) the rules lie closer: 21 of 100 wrong",
    ):
        assert words in said


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(12_000, 10**6), min_size=2, max_size=3), st.integers(1, 3))
def test_refusals_allocate_nothing(big, n_in):
    called = []

    def student(layers_dims):
        called.append(1)
        return {}

    layers = [n_in, *big, 1]
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match="^layers") as e:
            check_initializer(student, layers=layers)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5e6 and not called and len(str(e.value)) < 300 and "memory" in str(e.value)


def test_the_issue_network_is_refused_and_the_estimate_bounds_the_peak():
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match="layers .* over the memory limit"):
            check_initializer(lambda layers_dims: {}, layers=[2, 12000, 12000, 1])
        assert tracemalloc.get_traced_memory()[1] < 5e6
        for layers in ([2, 300, 300, 300, 1], [1000, 1000, 1]):
            for fn in (
                written("he", 1.0, False, "seed's stream", 0.0)[1],
                written("he", 1.0, False, "rand", 0.0)[1],
                written("he", 1.0, False, "default_rng", 0.0)[1],
            ):
                tracemalloc.reset_peak()
                base = tracemalloc.get_traced_memory()[0]
                check_initializer(fn, layers=layers)
                assert tracemalloc.get_traced_memory()[1] - base <= check_bytes(layers)
    finally:
        tracemalloc.stop()
    with pytest.raises(ValueError, match="memory limit"):  # the same cap as train(), lowered
        check_initializer(written("he", 1.0, False, "seed's stream", 0.0)[1], layers=[2, 100, 1], memory_limit=10_000)


def _parses(limit):
    try:
        memory_limit(limit)
    except (TypeError, ValueError):
        return False
    return True


JUNK = st.one_of(
    st.text(max_size=5),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.integers(-(10**400), -1),
    st.integers(2**32, 10**400),
    st.lists(st.floats() | st.booleans() | st.text(max_size=2), max_size=4),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.just(range(10**9)),
    st.just([2, 10**7, 1]),
    st.just(np.array([2.0, 10.0, 1.0])),
    st.just([[2], [1]]),
)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["fn", "layers", "seed", "expect", "memory_limit"]), JUNK)
def test_errors_name_the_argument(argument, value):
    valid = {
        "fn": callable(value),
        "layers": False,
        "seed": type(value) is int and 0 <= value < 2**32,
        "expect": value is None or isinstance(value, str) and value in RULES,
        "memory_limit": value is None or _parses(value),
    }
    if valid[argument]:
        return
    kwargs = {"fn": written("he", 1.0, False, "seed's stream", 0.0)[1], "layers": [2, 10, 5, 1], argument: value}
    fn = kwargs.pop("fn")
    before = np.random.get_state()
    with pytest.raises((TypeError, ValueError)) as e:
        check_initializer(fn, **kwargs)
    assert str(e.value).startswith(argument) and len(str(e.value)) < 300, str(e.value)
    assert _state_equal(before, np.random.get_state())
