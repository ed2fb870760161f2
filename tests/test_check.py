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
    assert "layer 2: std exactly 0.447 = √(2/10): that is He's scale" in str(r)


def test_correct_draw_function_and_other_layers():
    r = check_initializer(s.he_draw, layers=[5, 100, 100, 1], seed=7)
    assert r.ok and r.matches_course_he and r.rule == "He"


def test_xavier_is_named_and_compared_with_he():
    r = check_initializer(s.xavier)
    assert r.rule == "Xavier" and not r.matches_course_he and r.mistakes == []
    assert "layer 2: std exactly 0.316 = √(1/10): that is Xavier's scale; He expects √(2/10) = 0.447" in r.lines


@pytest.mark.parametrize("fn, rule, words", [
    (s.he_wrong_index, "He with layers_dims[l]", "layers_dims[l-1]"),
    (s.he_no_sqrt, "He without np.sqrt", "np.sqrt is missing"),
    (s.he_rand, "He", "np.random.rand"),
    (s.he_bias, "He", "biases are not zero"),
    (s.he_seed_in_loop, "He", "np.random.seed inside the loop"),
    (s.transposed, "He", "shapes are wrong"),
])
def test_typical_mistakes_are_recognised(fn, rule, words):
    r = check_initializer(fn)
    assert not r.ok and not r.matches_course_he
    assert r.rule == rule
    assert len(r.mistakes) == 1 and words in r.mistakes[0], r.mistakes
    assert words in r.verdict


def test_data_per_layer_for_the_mistakes():
    assert [c.distribution for c in check_initializer(s.he_rand).layers] == ["rand (uniform on [0, 1))"] * 3
    assert [c.distribution for c in check_initializer(s.he_seed_in_loop).layers] == ["randn"] + ["randn, seed restarted"] * 2
    assert [c.bias_zero for c in check_initializer(s.he_bias).layers] == [False] * 3
    t = check_initializer(s.transposed).layers[0]
    assert t.shape == (2, 10) and t.expected_shape == (10, 2) and not t.shape_ok


def test_no_sqrt_is_told_apart_where_the_values_coincide():
    # layer 1 has n_prev = 2, where 2/2 equals √(2/2): only the other layers decide
    r = check_initializer(s.he_no_sqrt)
    assert set(r.layers[0].matches) >= {"He", "He without np.sqrt"}
    assert r.layers[0].rule == "He without np.sqrt"


def test_a_non_normal_draw_is_judged_approximately():
    r = check_initializer(s.uniform_glorot, layers=[5, 100, 100, 1])
    assert r.rule == "Glorot" and r.mistakes == []
    assert all(c.factor is None for c in r.layers)
    assert "approximately" in r.verdict


def test_a_broken_function_is_a_finding_not_a_crash():
    r = check_initializer(s.broken)
    assert r.error and "dict" in r.error and not r.ok
    assert r.verdict.startswith("broken: raised TypeError")


def test_global_random_state_untouched():
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    check_initializer(s.he_seed_in_loop)
    assert np.array_equal(np.random.get_state()[1], before)


def test_bad_arguments():
    with pytest.raises(TypeError, match="fn must be a function"):
        check_initializer("he")
    with pytest.raises(ValueError, match="layers"):
        check_initializer(s.he_draw, layers=[2])
    with pytest.raises(ValueError, match="seed"):
        check_initializer(s.he_draw, seed=-1)
