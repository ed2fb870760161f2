"""The one table of scale rules: what initializers draw, sweeps scale by and the check names, and a new row."""

import importlib

import numpy as np
import pytest
from test_check_table import assert_equations_true

import init_widget.engine.check as check
import init_widget.engine.check_rules as check_rules
from init_widget.engine import scale_rules
from init_widget.engine.initializers import DESCRIPTIONS, INITIALIZERS
from init_widget.engine.scale_rules import SCALE_RULES
from init_widget.engine.sweeps import FACTORS


@pytest.mark.parametrize(
    "key", ["he", "xavier", "glorot", "he_uniform", "lecun_uniform", "standard_uniform", "glorot_uniform"]
)
def test_initializers_draw_with_the_tables_factor(key):
    rule = SCALE_RULES[key]
    for shape in [(10, 2), (5, 10), (1, 5), (7, 300)]:
        z = np.random.RandomState(0)
        expected = (
            z.randn(*shape) * rule.factor(shape[1], shape[0])
            if rule.draw == "normal"
            else z.uniform(-rule.factor(shape[1], shape[0]), rule.factor(shape[1], shape[0]), shape)
        )
        assert np.array_equal(INITIALIZERS[key](shape, np.random.RandomState(0)), expected)
    assert DESCRIPTIONS[key].startswith(rule.description())  # xavier and glorot add which rule they are


def test_the_formulas_say_the_factors():
    assert [SCALE_RULES[k].text(10, 5) for k in ("he", "xavier", "glorot", "he_uniform")] == [
        "√(2/10)",
        "√(1/10)",
        "√(2/(10+5))",
        "√(6/10)",
    ]
    assert SCALE_RULES["he"].factor(10, 5) == np.sqrt(2 / 10) and SCALE_RULES["glorot"].factor(10, 5) == np.sqrt(2 / 15)
    assert DESCRIPTIONS["he"] == "randn × √(2/n_prev)" and DESCRIPTIONS["he_uniform"] == "U(±√(6/n_prev))"
    assert FACTORS["he"](5, 10) == SCALE_RULES["he"].factor(10, 5)  # sweeps: f(n_out, n_in)


def test_a_new_rule_is_one_row():
    """issue 18's "standard uniform" is the row the module docstring shows: with that row alone, the check names
    it exactly and derives its mistake (layers_dims[l]) from it."""
    row = SCALE_RULES["standard_uniform"]
    said = scale_rules.__doc__
    assert '"1/√{n_in}")' in said and 'ScaleRule("standard_uniform", "standard uniform", "uniform"' in said
    assert (row.name, row.draw, row.formula, row.factor(20, 7)) == (
        "standard uniform",
        "uniform",
        "1/√{n_in}",
        20**-0.5,
    )

    def torch_linear(shape, rng):
        a = 1.0 / np.sqrt(shape[1])
        return rng.uniform(-a, a, size=shape)

    r = check.check_initializer(torch_linear, layers=[2, 20, 7, 3, 1])
    assert r.ok and r.rule == "standard uniform" and r.exact
    assert "layer 2: uniform on ±0.224 exactly; 0.224 = 1/√20, standard uniform;" in str(r)
    assert assert_equations_true(r) >= 4
    wrong = check.check_initializer(lambda shape, rng: rng.uniform(-1, 1, shape) / np.sqrt(shape[0]))
    assert wrong.rule == "standard uniform with layers_dims[l]" and not wrong.ok


def test_a_rule_missing_from_the_table_is_not_named(monkeypatch):
    """The check's knowledge is the table: without the row, the same weights follow no rule."""

    def torch_linear(shape, rng):
        a = 1.0 / np.sqrt(shape[1])
        return rng.uniform(-a, a, size=shape)

    monkeypatch.delitem(SCALE_RULES, "standard_uniform")
    try:
        importlib.reload(check_rules)  # the rules and mistakes are derived from the table when imported
        fresh = importlib.reload(check)
        assert fresh.check_initializer(torch_linear).rule is None
    finally:
        monkeypatch.undo()
        importlib.reload(check_rules)
        importlib.reload(check)
