"""check_initializer on the course's correct He and on each typical student mistake."""

import numpy as np
import pytest
import student_initializers as s

from init_widget import check_initializer


def test_correct_course_function():
    r = check_initializer(s.initialize_parameters_he)
    assert r.ok and r.matches_course_he and r.rule == "He" and r.mistakes == []
    assert [c.rule for c in r.layers] == ["He"] * 3
    np.testing.assert_allclose([c.factor for c in r.layers], [1.0, np.sqrt(0.2), np.sqrt(0.4)], rtol=1e-12)
    assert all(c.shape_ok and c.bias_zero for c in r.layers)
    assert r.verdict == "initialize_parameters_he: correct He initialization (matches the course's values for seed 3)"
    assert "layer 2: randn × 0.447 exactly; 0.447 = √(2/10), He" in str(r)


def test_correct_draw_function_and_other_layers():
    r = check_initializer(s.he_draw, layers=[5, 100, 100, 1], seed=7)
    assert r.ok and r.matches_course_he and r.rule == "He"


def test_xavier_is_named_and_compared_with_he():
    r = check_initializer(s.xavier)
    assert r.rule == "Xavier" and not r.matches_course_he and r.mistakes == []
    assert "layer 2: randn × 0.316 exactly; 0.316 = √(1/10), Xavier; He expects √(2/10) = 0.447" in r.lines


@pytest.mark.parametrize(
    "fn, rule, words",
    [
        (s.he_wrong_index, "He with layers_dims[l]", "layers_dims[l-1]"),
        (s.he_no_sqrt, "He without np.sqrt", "np.sqrt is missing"),
        (s.he_rand, "He", "np.random.rand"),
        (s.he_bias, "He", "biases are not zero"),
        (s.he_seed_in_loop, "He", "np.random.seed inside the loop"),
        (s.transposed, "He", "shapes are wrong"),
    ],
)
def test_typical_mistakes_are_recognised(fn, rule, words):
    r = check_initializer(fn)
    assert not r.ok and not r.matches_course_he
    assert r.rule == rule
    assert len(r.mistakes) == 1 and words in r.mistakes[0], r.mistakes
    assert words in r.verdict


def test_data_per_layer_for_the_mistakes():
    assert [c.distribution for c in check_initializer(s.he_rand).layers] == ["rand"] * 3
    restarted = ["randn"] + ["randn, seed restarted"] * 2
    assert [c.distribution for c in check_initializer(s.he_seed_in_loop).layers] == restarted
    assert [c.bias_zero for c in check_initializer(s.he_bias).layers] == [False] * 3
    t = check_initializer(s.transposed).layers[0]
    assert t.shape == (2, 10) and t.expected_shape == (10, 2) and not t.shape_ok


def test_no_sqrt_is_told_apart_where_the_values_coincide():
    # layer 1 has n_prev = 2, where 2/2 equals √(2/2): only the other layers decide
    r = check_initializer(s.he_no_sqrt)
    assert set(r.layers[0].matches) >= {"He", "He without np.sqrt"}
    assert r.layers[0].rule == "He without np.sqrt"


def test_a_uniform_draw_is_read_exactly():
    # Glorot's "normalized uniform" U(±√(6/(n_in+n_out))) is a rule of the table (issue 18): exact, named
    r = check_initializer(s.uniform_glorot, layers=[5, 100, 100, 1])
    assert r.exact and r.rule == "normalized uniform" and r.ok and r.mistakes == []
    np.testing.assert_allclose([c.factor for c in r.layers], np.sqrt(6 / np.array([105, 200, 101])), rtol=1e-12)
    assert all(c.distribution == "uniform" for c in r.layers)
    assert "layer 2: uniform on ±0.173 exactly; 0.173 = √(6/(100+100)), normalized uniform" in str(r)
    # half of it is no rule: exact, unnamed
    half = check_initializer(lambda shape, rng: s.uniform_glorot(shape, rng) / 2, layers=[5, 100, 100, 1])
    assert half.exact and half.rule is None and not half.ok and half.mistakes == []
    assert "layer 2: uniform on ±0.0866 exactly: no rule the check knows" in str(half)


def test_another_stream_is_judged_approximately():
    def glorot_elsewhere(shape, rng):
        return np.random.default_rng(1).standard_normal(shape) * np.sqrt(2 / sum(shape))

    r = check_initializer(glorot_elsewhere, layers=[5, 100, 100, 1])
    assert r.rule == "Glorot" and not r.exact and not r.ok and r.mistakes == []
    assert all(c.factor is None for c in r.layers)
    assert "follows Glorot approximately, from the spread of 10600 weights" in r.verdict


def test_a_broken_function_is_a_finding_not_a_crash():
    r = check_initializer(s.broken)
    assert r.error and "dict" in r.error and not r.ok
    assert r.verdict.startswith("broken: raised TypeError")


@pytest.mark.parametrize(
    "fn",
    [s.he_seed_in_loop, s.initialize_parameters_he, s.he_draw, lambda shape, rng: np.random.randn(*shape), s.broken],
)
def test_global_random_state_untouched(fn):
    np.random.seed(123)
    np.random.randn(3)  # a cached second normal is part of the state too
    before = np.random.get_state()
    check_initializer(fn)
    after = np.random.get_state()
    assert before[0] == after[0] and np.array_equal(before[1], after[1]) and before[2:] == after[2:]


def test_bad_arguments():
    with pytest.raises(TypeError, match="fn must be a function"):
        check_initializer("he")
    with pytest.raises(ValueError, match="layers"):
        check_initializer(s.he_draw, layers=[2])
    with pytest.raises(ValueError, match="seed"):
        check_initializer(s.he_draw, seed=-1)
