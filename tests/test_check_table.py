"""check_initializer on a table of students' functions, on two layer lists, each with the verdict it must give.

Every expected verdict is stated here by hand from how the function is written (the rule, the mistake, the
factor over He's or the expected rule's scale), never computed by the code under test. Every equation the
check prints is evaluated from its own digits.
"""

import math
import re

import numpy as np
import pytest

from init_widget import check_initializer

LAYER_LISTS = ([2, 10, 5, 1], [2, 20, 7, 3, 1])
HE = "initialize_parameters_he"


def course(name, scale, draw="randn", bias=0.0, reseed=False, shape=None):
    """A course-style function as students write it: np.random.seed(3), one draw per layer, a dict."""

    def initialize(layers_dims):
        np.random.seed(3)
        parameters = {}
        for l in range(1, len(layers_dims)):
            if reseed:
                np.random.seed(3)
            n, n_prev = layers_dims[l], layers_dims[l - 1]
            dims = shape(n, n_prev) if shape else (n, n_prev)
            if draw == "uniform":
                a = scale(n_prev, n)
                W = np.random.uniform(-a, a, dims)
            else:
                W = getattr(np.random, draw)(*dims) * scale(n_prev, n)
            parameters["W" + str(l)] = W
            parameters["b" + str(l)] = np.zeros((n, 1)) + bias
        return parameters

    initialize.__name__ = name
    return initialize


def broken_value(name, key, make):
    """The correct He, with one entry replaced by what ``make`` makes of it."""

    def initialize(layers_dims):
        parameters = course(HE, he)(layers_dims)
        parameters[key] = make(parameters[key])
        return parameters

    initialize.__name__ = name
    return initialize


def other_stream(name, std, seed=0, uniform=False):
    """Drawn from np.random.default_rng (as torch draws from its own generator), not the seed's stream."""

    def initialize(layers_dims):
        g = np.random.default_rng(seed)
        parameters = {}
        for l in range(1, len(layers_dims)):
            n, n_prev = layers_dims[l], layers_dims[l - 1]
            a = std(n_prev, n)
            W = g.uniform(-a, a, (n, n_prev)) if uniform else g.standard_normal((n, n_prev)) * a
            parameters["W" + str(l)], parameters["b" + str(l)] = W, np.zeros((n, 1))
        return parameters

    initialize.__name__ = name
    return initialize


def he(n_prev, n):
    return np.sqrt(2.0 / n_prev)


def xavier(n_prev, n):
    return np.sqrt(1.0 / n_prev)


def glorot_draw(shape, rng):
    return rng.randn(*shape) * np.sqrt(2.0 / (shape[0] + shape[1]))


def my_he_uniform(shape, rng):
    a = np.sqrt(6.0 / shape[1])
    return rng.uniform(-a, a, size=shape)


def glorot_normalized_uniform(shape, rng):
    a = np.sqrt(6.0 / (shape[0] + shape[1]))
    return rng.uniform(-a, a, size=shape)


def global_stream(shape, rng):  # ignores the rng it is given: numpy's global stream, unseeded
    return np.random.randn(*shape) * np.sqrt(2.0 / shape[1])


def returns_list(layers_dims):
    return [1, 2]


def raises(layers_dims):
    raise RuntimeError("student's bug")


def missing_w2(layers_dims):
    parameters = course(HE, he)(layers_dims)
    del parameters["W2"]
    return parameters


def _nan(W):
    W = W.copy()
    W[0, 0] = np.nan
    return W


def _inf(W):
    W = W.copy()
    W[-1, -1] = np.inf
    return W


# (function, ok, rule, exact, factor over the reference, words the verdict must hold)
# factor: the weights' scale over the expected rule's (He's when none is expected), the same in every layer
TABLE = [
    (course(HE, he), True, "He", True, 1.0, "correct He initialization (matches the course's values for seed 3)"),
    (course("initialize_parameters_xavier", xavier), True, "Xavier", True, 1.0, "correct Xavier"),
    (course("initialize_parameters_zeros", lambda n_prev, n: 0.0), True, "zeros", True, None, "correct zeros"),
    (course("initialize_parameters_random", lambda n_prev, n: 10), True, "random ×10", True, 1.0, "correct random ×10"),
    (course("initialize_parameters_small", lambda n_prev, n: 0.01), True, "small ×0.01", True, 1.0, "correct small"),
    (glorot_draw, True, "Glorot", True, 1.0, "correct Glorot"),
    (my_he_uniform, True, "He uniform", True, 1.0, "correct He uniform"),
    (
        course("initialize_parameters_lecun_uniform", lambda n_prev, n: np.sqrt(3.0 / n_prev), draw="uniform"),
        True,
        "LeCun uniform",
        True,
        1.0,
        "correct LeCun uniform",
    ),
    # the named mistakes
    (
        course(HE, lambda n_prev, n: np.sqrt(2.0 / n)),
        False,
        "He with layers_dims[l]",
        True,
        None,
        "where He needs layers_dims[l-1]",
    ),
    (
        course("initialize_parameters_xavier", lambda n_prev, n: np.sqrt(1.0 / n)),
        False,
        "Xavier with layers_dims[l]",
        True,
        None,
        "where Xavier needs layers_dims[l-1]",
    ),
    (
        course(HE, lambda n_prev, n: 2.0 / n_prev),
        False,
        "He without np.sqrt",
        True,
        None,
        "multiplies by 2/n_prev: the np.sqrt is missing",
    ),
    (
        course("initialize_parameters_xavier", lambda n_prev, n: 1.0 / n_prev),
        False,
        "Xavier without np.sqrt",
        True,
        None,
        "multiplies by 1/n_prev: the np.sqrt is missing",
    ),
    (course(HE, lambda n_prev, n: 1.0), False, "plain randn (×1)", True, None, "plain np.random.randn"),
    (course(HE, he, draw="rand"), False, "He", True, None, "np.random.rand"),
    (course(HE, he, bias=0.1), False, "He", True, 1.0, "biases are not zero"),
    (course(HE, he, reseed=True), False, "He", True, 1.0, "np.random.seed inside the loop"),
    (course(HE, he, shape=lambda n, n_prev: (n_prev, n)), False, "He", True, 1.0, "some shapes are wrong"),
    (course(HE, xavier), False, "Xavier", True, np.sqrt(0.5), "follows Xavier exactly where He was expected"),
    # scale variants: exact factors that match no rule, never ok
    (
        course(HE, lambda n_prev, n: 0.8 * np.sqrt(2.0 / n_prev)),
        False,
        None,
        True,
        0.8,
        "your weights are 0.8 × He's scale in every layer",
    ),
    (
        course(HE, lambda n_prev, n: 1.2 * np.sqrt(2.0 / n_prev)),
        False,
        None,
        True,
        1.2,
        "your weights are 1.2 × He's scale in every layer",
    ),
    (
        course(HE, lambda n_prev, n: 0.5 * np.sqrt(2.0 / n_prev)),
        False,
        None,
        True,
        0.5,
        "your weights are 0.5 × He's scale in every layer",
    ),
    (course(HE, lambda n_prev, n: 3.0), False, None, True, None, "not He"),
    (course(HE, lambda n_prev, n: 0.1), False, None, True, None, "not He"),
    (
        course(HE, lambda n_prev, n: -np.sqrt(2.0 / n_prev)),
        False,
        None,
        True,
        -1.0,
        "your weights are -1 × He's scale in every layer",
    ),
    # Glorot & Bengio 2010's two uniform rules: "standard" U(±1/√n_prev) and "normalized" U(±√(6/(n_prev+n)))
    (glorot_normalized_uniform, True, "normalized uniform", True, 1.0, "correct normalized uniform"),
    (
        course("initialize_parameters_standard_uniform", lambda n_prev, n: 1 / np.sqrt(n_prev), draw="uniform"),
        True,
        "standard uniform",
        True,
        1.0,
        "correct standard uniform",
    ),
    (
        course("initialize_parameters_standard_uniform", lambda n_prev, n: 1 / np.sqrt(n), draw="uniform"),
        False,
        "standard uniform with layers_dims[l]",
        True,
        None,
        "where standard uniform needs layers_dims[l-1]",
    ),
    (
        course("initialize_parameters_glorot_uniform", lambda n_prev, n: 6.0 / (n_prev + n), draw="uniform"),
        False,
        "normalized uniform without np.sqrt",
        True,
        None,
        "the np.sqrt is missing",
    ),
    # other random streams: approximate, never exact, never ok
    (other_stream(HE, he), False, "He", False, None, "follows He approximately"),
    (other_stream("torch_kaiming_normal", he, seed=5), False, "He", False, None, "approximately"),
    (
        other_stream("torch_linear_default", lambda n_prev, n: 1 / np.sqrt(n_prev), uniform=True),
        False,
        "standard uniform",
        False,
        None,
        "follows standard uniform approximately",
    ),
    (
        other_stream("uniform_5_over_sqrt_n", lambda n_prev, n: 5 / np.sqrt(n_prev), uniform=True),
        False,
        None,
        False,
        None,
        "follows no rule the check knows (judged approximately",
    ),
    (global_stream, False, "He", False, None, "follows He approximately"),
    # values train() refuses
    (broken_value("nan_weights", "W2", _nan), False, None, False, None, "W2 contains 1 NaN"),
    (broken_value("inf_weights", "W1", _inf), False, None, False, None, "W1 contains 1 infinite"),
    (broken_value("complex_weights", "W2", lambda W: W + 0j), False, None, False, None, "W2 is complex"),
    (broken_value("object_weights", "W1", lambda W: W.astype(object)), False, None, False, None, "Python objects"),
    (broken_value("text_weights", "W1", lambda W: W.astype(str)), False, None, False, None, "W1 holds text"),
    (broken_value("complex_bias", "b1", lambda b: b + 0j), False, None, False, None, "b1 is complex"),
    (missing_w2, False, None, False, None, "W2 is missing"),
    (course(HE, he, shape=lambda n, n_prev: (n, n_prev + 1)), False, "He", True, 1.0, "some shapes are wrong"),
    (returns_list, False, None, False, None, "returns_list: raised TypeError: returned a list, not a dict"),
    (raises, False, None, False, None, "raises: raised RuntimeError: student's bug"),
]
IDS = [f"{i}-{row[0].__name__}" for i, row in enumerate(TABLE)]

NUMBER = r"-?\d+(?:\.\d+)?(?:e[-+]\d+)?"
RUN = re.compile(rf"(?:{NUMBER}|[√()/+× =])+")


def equations(text):
    """Every printed equation, as lists of the sides' values (each side evaluated from its digits)."""
    found = []
    for run in RUN.findall(text):
        if "=" not in run:
            continue
        sides = [_side(s) for s in run.split("=")]
        found.append((run, sides))
    return found


def _side(text):
    text = text.strip().strip("×+/ ")
    while text.count("(") > text.count(")") and text.startswith("("):
        text = text[1:].strip()
    while text.count(")") > text.count("(") and text.endswith(")"):
        text = text[:-1].strip()
    assert text, "an equation with an empty side"
    text = re.sub(rf"√({NUMBER})", r"√(\1)", text)  # √20 as well as √(2/20)
    return eval(text.replace("√", "sqrt").replace("×", "*"), {"sqrt": math.sqrt, "__builtins__": {}})


def assert_equations_true(result):
    text = str(result)
    for run, sides in equations(text):
        assert all(math.isclose(s, sides[0], rel_tol=0.02, abs_tol=1e-12) for s in sides), f"false: {run!r} in\n{text}"
    return len(equations(text))


def test_the_table_is_big_enough():
    assert len(TABLE) >= 25
    assert sum(row[1] for row in TABLE) >= 5 and sum(row[3] is False for row in TABLE) >= 10


@pytest.mark.parametrize("layers", LAYER_LISTS, ids=str)
@pytest.mark.parametrize("fn, ok, rule, exact, factor, words", TABLE, ids=IDS)
def test_verdict(fn, ok, rule, exact, factor, words, layers):
    state = np.random.get_state()
    r = check_initializer(fn, layers=layers)
    assert _same_state(state, np.random.get_state())
    assert r.ok is ok, str(r)
    assert r.rule == rule, str(r)
    assert r.exact is exact
    assert words in r.verdict, str(r)
    if r.error is None:
        assert len(r.layers) == len(layers) - 1
    if exact and factor is not None:
        assert r.factor == pytest.approx(factor, rel=1e-9)
    elif exact:
        assert r.factor is None or r.rule is not None
    if not exact:
        assert "exactly" not in r.verdict
        assert r.error or r.mistakes or "approximately" in r.verdict
    if not ok:
        assert "correct" not in r.verdict
    assert_equations_true(r)


def _same_state(a, b):
    return a[0] == b[0] and np.array_equal(a[1], b[1]) and a[2:] == b[2:]


def test_the_equation_reader_catches_false_equations():
    class Said:
        def __init__(self, text):
            self.text = text

        def __str__(self):
            return self.text

    assert assert_equations_true(Said("layer 2: randn × 0.358 exactly; 0.358 = 0.8 × √(2/10), 0.8 × He")) == 1
    for false in ("std exactly 0.8 = √(2/2)", "std exactly 0.224 = 2/10", "layer 1: 3 = 6.71 × √(2/2)"):
        with pytest.raises(AssertionError, match="false"):
            assert_equations_true(Said(false))


def test_scale_variants_say_their_factor_per_layer():
    r = check_initializer(course(HE, lambda n_prev, n: 0.8 * np.sqrt(2.0 / n_prev)))
    assert [c.ratio for c in r.layers] == pytest.approx([0.8] * 3, rel=1e-12)
    assert [c.factor for c in r.layers] == pytest.approx([0.8, 0.8 * np.sqrt(0.2), 0.8 * np.sqrt(0.4)], rel=1e-12)
    assert r.mistakes == ["your weights are 0.8 × He's scale in every layer, not He's"]
    assert "layer 2: randn × 0.358 exactly; 0.358 = 0.8 × √(2/10), 0.8 × He" in r.lines


def test_a_missing_sqrt_is_not_claimed_from_the_one_layer_where_it_coincides():
    # 0.5·√(2/n_prev) equals 2/n_prev in no layer of [2, 10, 5, 1]; ×0.1 equals 2/n_prev... nowhere either:
    # and ×1 of layer 1 (n_prev 2) equals √(2/2), 2/2 and plain randn at once
    for scale in (lambda n_prev, n: 0.5 * np.sqrt(2.0 / n_prev), lambda n_prev, n: 0.1):
        r = check_initializer(course(HE, scale))
        assert r.rule is None and not any("np.sqrt" in m for m in r.mistakes), str(r)
    r = check_initializer(course(HE, lambda n_prev, n: 2.0 / n_prev))
    assert set(r.layers[0].matches) >= {"He", "He without np.sqrt", "plain randn (×1)"}
    assert r.candidates == ["He without np.sqrt"] and r.layers[0].rule == "He without np.sqrt"


def test_layers_where_rules_coincide_in_every_layer_are_said_to_be_ambiguous():
    # on [2, 2, 1] √(2/2), 2/2 and 1 are all 1 in both layers: the weights are He's exactly, whichever was written
    for fn in (course("plain", lambda n_prev, n: 1.0), course(HE, he)):
        r = check_initializer(fn, layers=[2, 2, 1])
        assert r.ok and r.rule == "He" and set(r.candidates) == {"He", "He without np.sqrt", "plain randn (×1)"}
        assert any("cannot tell which was written" in line for line in r.lines) and not r.mistakes
    # on [4, 4, 1] √(2/4) is He's and also He's with layers_dims[l] in layer 1, but not in layer 2: no ambiguity
    r = check_initializer(course(HE, lambda n_prev, n: np.sqrt(2.0 / n)), layers=[4, 4, 2])
    assert r.rule == "He with layers_dims[l]" and r.candidates == ["He with layers_dims[l]"] and not r.ok
    # two mistakes that coincide in every layer and no rule: √(2/n) = 1/n_prev on [1, 2, 8] (1 = 1, 0.5 = 0.5)
    r = check_initializer(course("mine", lambda n_prev, n: np.sqrt(2.0 / n)), layers=[1, 2, 8])
    assert r.rule is None and set(r.candidates) == {"He with layers_dims[l]", "Xavier without np.sqrt"}
    assert "coincide" in r.verdict and not r.mistakes and not r.ok


@pytest.mark.parametrize("expect, ok", [("he", True), ("xavier", False), (None, True), ("zeros", False)])
def test_expect_decides_what_ok_means(expect, ok):
    r = check_initializer(glorot_draw if expect is None else course("mine", he), expect=expect)
    assert r.ok is ok and r.expect == expect


def test_the_name_decides_the_expectation():
    assert check_initializer(course("initialize_parameters_he_fixed", he)).expect == "he"
    assert check_initializer(course("initialize_parameters_xavier", he)).expect == "xavier"
    assert check_initializer(course("initialize_parameters_he_uniform", he)).expect == "he_uniform"
    assert check_initializer(course("init_he", he)).expect is None


def test_expect_is_validated():
    with pytest.raises(ValueError, match="expect must be None .* one of: zeros, random, small, he, xavier") as e:
        check_initializer(course(HE, he), expect="kaiming")
    assert len(str(e.value)) < 300
    with pytest.raises(ValueError, match="expect"):
        check_initializer(course(HE, he), expect=2)


def test_a_function_that_seeds_numpy_itself_is_read_with_its_own_seed():
    # the course's function calls np.random.seed(3) whatever seed the widget or the Explorer runs it with
    for seed in (0, 7):
        r = check_initializer(course(HE, he), seed=seed)
        assert r.ok and r.exact and r.drawn_with == 3 and r.seed == seed and r.matches_course_he
        assert f"these are seed 3's numbers whatever the seed asked for ({seed})" in str(r)
        assert "matches the course's He values for seed 3: yes" in r.lines
    r = check_initializer(glorot_draw, seed=7)  # f(shape, rng) draws from the seed it is given
    assert r.ok and r.drawn_with == 7 and "whatever the seed" not in str(r)


def test_the_expectation_is_said_with_where_it_came_from():
    assert "expected: He (asked by its name)" in check_initializer(course(HE, he)).lines
    assert "expected: Xavier (asked with expect)" in check_initializer(course(HE, he), expect="xavier").lines
    assert "expected: any rule the check knows, followed exactly" in check_initializer(glorot_draw).lines


@pytest.mark.parametrize("fn, ok, rule, exact, factor, words", TABLE, ids=IDS)
def test_the_check_refuses_what_train_refuses(fn, ok, rule, exact, factor, words):
    from init_widget import train

    X = np.random.RandomState(0).randn(2, 20)
    Y = (X[:1] > 0).astype(float)
    r = check_initializer(fn)
    unusable = r.error is not None or any(c.problem for c in r.layers) or any(not c.shape_ok for c in r.layers)
    try:
        train(X, Y, initializer=fn, layers=[2, 10, 5, 1], iterations=1)
        refused = False
    except (TypeError, ValueError):
        refused = True
    assert refused is unusable, str(r)
    assert not unusable or not r.ok
